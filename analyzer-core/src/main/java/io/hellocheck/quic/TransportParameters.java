package io.hellocheck.quic;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The QUIC transport parameters a ClientHello carries (RFC 9000 section 18; extension 57, or 0xffa5 in the
 * drafts), decoded from the raw handshake message.
 */
public final class TransportParameters {
    static final int EXT_QUIC_TRANSPORT_PARAMETERS = 0x39;
    static final int EXT_QUIC_TRANSPORT_PARAMETERS_DRAFT = 0xffa5;

    /**
     * One parameter.
     *
     * @param id    the parameter's code point
     * @param name  its IANA name ({@code initial_max_data}), {@code GREASE(0x...)} for a reserved one, else the hex
     * @param value an integer parameter's value as a decimal string, a connection ID or other bytes as hex,
     *              {@code ""} for an empty one (disable_active_migration)
     */
    public record Parameter(int id, String name, String value) {
    }

    private TransportParameters() {
    }

    /**
     * The parameters of the ClientHello (or EncryptedExtensions) message {@code msg}, header included; an empty
     * list when it carries none or does not decode. Never throws for any content.
     */
    public static List<Parameter> fromClientHello(byte[] msg) {
        try {
            int p = 4 + 2 + 32;
            p += 1 + (msg[p] & 0xff);                      // legacy_session_id
            p += 2 + u16(msg, p);                          // cipher_suites
            p += 1 + (msg[p] & 0xff);                      // legacy_compression_methods
            int extEnd = Math.min(msg.length, p + 2 + u16(msg, p));
            p += 2;
            while (p + 4 <= extEnd) {
                int type = u16(msg, p);
                int len = u16(msg, p + 2);
                p += 4;
                if (p + len > extEnd) {
                    break;
                }
                if (type == EXT_QUIC_TRANSPORT_PARAMETERS || type == EXT_QUIC_TRANSPORT_PARAMETERS_DRAFT) {
                    return decode(msg, p, p + len);
                }
                p += len;
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return List.of(); // a malformed ClientHello: the tls decoder reports why
        }
        return List.of();
    }

    /** The parameters in {@code d[p .. end)}; stops at the first that does not fit. */
    static List<Parameter> decode(byte[] d, int p, int end) {
        List<Parameter> out = new ArrayList<>();
        while (p < end && out.size() < 64) {
            long id = Varint.read(d, p, end);
            if (id < 0) {
                break;
            }
            p += Varint.length(d[p]);
            long len = Varint.read(d, p, end);
            if (len < 0) {
                break;
            }
            p += Varint.length(d[p]);
            if (len > end - p) {
                break;
            }
            out.add(parameter(id, d, p, (int) len));
            p += (int) len;
        }
        return List.copyOf(out);
    }

    private static Parameter parameter(long id, byte[] d, int p, int len) {
        String name = name(id);
        boolean integer = id == 0x01 || (id >= 0x03 && id <= 0x0b) || id == 0x0e || id == 0x20;
        String value;
        if (integer && len > 0 && Varint.length(d[p]) == len) {
            value = Long.toString(Varint.read(d, p, p + len));
        } else {
            value = HexFormat.of().formatHex(d, p, p + len);
        }
        return new Parameter((int) id, name, value);
    }

    /** The IANA name of a transport parameter. */
    static String name(long id) {
        switch ((int) Math.min(id, Integer.MAX_VALUE)) {
            case 0x00: return "original_destination_connection_id";
            case 0x01: return "max_idle_timeout";
            case 0x02: return "stateless_reset_token";
            case 0x03: return "max_udp_payload_size";
            case 0x04: return "initial_max_data";
            case 0x05: return "initial_max_stream_data_bidi_local";
            case 0x06: return "initial_max_stream_data_bidi_remote";
            case 0x07: return "initial_max_stream_data_uni";
            case 0x08: return "initial_max_streams_bidi";
            case 0x09: return "initial_max_streams_uni";
            case 0x0a: return "ack_delay_exponent";
            case 0x0b: return "max_ack_delay";
            case 0x0c: return "disable_active_migration";
            case 0x0d: return "preferred_address";
            case 0x0e: return "active_connection_id_limit";
            case 0x0f: return "initial_source_connection_id";
            case 0x10: return "retry_source_connection_id";
            case 0x11: return "version_information";
            case 0x20: return "max_datagram_frame_size";
            case 0x2ab2: return "grease_quic_bit";
            default:
                if (id >= 27 && (id - 27) % 31 == 0) {
                    return String.format("GREASE(0x%x)", id);
                }
                return String.format("0x%x", id);
        }
    }

    private static int u16(byte[] d, int p) {
        return ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
    }
}
