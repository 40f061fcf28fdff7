package io.hellocheck.quic;

import io.hellocheck.frame.PacketView;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.ServerHello;
import io.hellocheck.tls.TlsDecodeException;
import io.hellocheck.tls.decrypt.KeyLog;
import io.hellocheck.tls.decrypt.QuicPacketKeys;
import io.hellocheck.udp.UdpConversation;
import io.hellocheck.udp.UdpConversation.Mark;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the packets of one QUIC connection (one UDP conversation) show about its handshake, read without
 * keys beyond the Initial ones: the client's Initial packets decrypted with the keys derived from their
 * Destination Connection ID (RFC 9001 section 5.2), coalesced packets split (RFC 9000 section 12.2), the
 * CRYPTO frames of each side reassembled into the ClientHello and ServerHello, Retry and Version
 * Negotiation packets (RFC 9000 sections 17.2.1 and 17.2.5), CONNECTION_CLOSE frames in Initial packets (and in
 * Handshake packets, when a TLS key log holds the session's handshake secrets: RFC 9001 section 5.1), and when each
 * side first sent Handshake (type 2) and 1-RTT (short header) packets.
 *
 * <p>The client is the sender of the first datagram, which must start with a long-header packet. Once the
 * server's 1-RTT packet after the client's Handshake flight is seen, a datagram only counts. Memory is
 * bounded: each CRYPTO stream keeps at most {@link CryptoReassembler#MAX_BYTES} bytes, lists at most
 * {@value #MAX_LIST} entries. Not thread-safe.
 */
public final class QuicFlow {
    static final int MAX_LIST = 16;

    /**
     * A ClientHello carried in CRYPTO frames.
     *
     * @param message    the reassembled handshake message and the frames that carried it
     * @param hello      the decoded message, or null
     * @param error      why it did not decode, or null
     * @param parameters its QUIC transport parameters
     * @param version    the QUIC version of the Initial packets that carried it
     * @param dcid       the Destination Connection ID its Initial keys were derived from, hex
     */
    public record Hello(CryptoReassembler.Message message, ClientHello hello, String error,
                        List<TransportParameters.Parameter> parameters, int version, String dcid) {
    }

    /** A Version Negotiation packet: where, and the versions the server lists. */
    public record VersionNegotiation(Mark at, List<Integer> versions) {
    }

    private final UdpConversation conversation;
    private final Supplier<KeyLog> keyLog;

    private InitialOpener clientOpener;
    private InitialOpener serverOpener;
    private InitialOpener clientHandshakeOpener;
    private InitialOpener serverHandshakeOpener;
    private CryptoReassembler clientCrypto = new CryptoReassembler();
    private CryptoReassembler serverCrypto = new CryptoReassembler();
    private final List<Hello> clientHellos = new ArrayList<>();
    private CryptoReassembler.Message serverHelloMessage;
    private ServerHello serverHello;
    private String serverHelloError;
    private CryptoReassembler.Message helloRetryMessage;
    private ServerHello helloRetryRequest;
    private Mark retry;
    private VersionNegotiation versionNegotiation;
    private final List<ConnectionClose> closes = new ArrayList<>();
    private Mark serverFirstAfterHello;
    private Mark serverHandshake;
    private Mark clientHandshake;
    private Mark serverOneRttAfterClientHandshake;
    private Mark clientOneRtt;
    private int clientHandshakeLargest;
    private long lastClientFrame;
    private long lastClientNanos;
    private Mark lastServer;
    private long clientDatagramsAfterHandshake;
    private long undecryptedInitials;
    private int currentVersion;
    private String currentDcid;

    /**
     * Starts the flow with its first datagram, whose source is taken as the client.
     *
     * @param udpStream Wireshark's {@code udp.stream} of the conversation
     */
    public QuicFlow(int udpStream, PacketView first) {
        this(udpStream, first, KeyLog::empty);
    }

    /**
     * Starts the flow with its first datagram, whose source is taken as the client; its Handshake packets are
     * decrypted when {@code keyLog} (asked once the ServerHello is read) holds the session's handshake secrets.
     *
     * @param udpStream Wireshark's {@code udp.stream} of the conversation
     */
    public QuicFlow(int udpStream, PacketView first, Supplier<KeyLog> keyLog) {
        this.keyLog = keyLog;
        this.conversation = new UdpConversation(udpStream, first);
        this.lastClientFrame = first.frameNumber();
        this.lastClientNanos = first.timestampNanos();
    }

    /**
     * Whether {@code p}'s payload starts with what a client's first QUIC packet looks like: a long header
     * (RFC 9000 section 17.2) of a version whose Initial packets can be read.
     */
    public static boolean looksLikeClientInitial(PacketView p) {
        byte[] d = p.data();
        int o = p.payloadOffset();
        if (p.payloadLength() < 7 || (d[o] & 0xc0) != 0xc0) {
            return false;
        }
        int version = readInt(d, o + 1);
        return QuicVersions.isKnown(version)
                && QuicVersions.packetType(version, (d[o] >>> 4) & 3) == QuicVersions.INITIAL;
    }

    /** Reads one datagram of the conversation. */
    public void onDatagram(PacketView p) {
        boolean fromClient = conversation.count(p);
        if (fromClient) {
            lastClientFrame = p.frameNumber();
            lastClientNanos = p.timestampNanos();
        }
        if (serverOneRttAfterClientHandshake != null) {
            return; // the handshake's story is told: the rest costs a count
        }
        Mark at = new Mark(p.frameNumber(), p.timestampNanos());
        if (!fromClient) {
            lastServer = at;
        } else if (clientHandshake != null) {
            clientDatagramsAfterHandshake++;
        }
        if (!fromClient && serverFirstAfterHello == null && !clientHellos.isEmpty()) {
            serverFirstAfterHello = at;
        }
        byte[] d = p.data();
        int pos = p.payloadOffset();
        int end = pos + p.payloadLength();
        while (pos < end) {
            int first = d[pos] & 0xff;
            if ((first & 0x80) == 0) {
                if ((first & 0x40) != 0) {
                    oneRtt(fromClient, at);
                }
                return;
            }
            int next = longHeaderPacket(d, pos, end, fromClient, at);
            if (next <= pos) {
                return;
            }
            pos = next;
        }
    }

    /** Reads the long-header packet at {@code pos}; returns where the next coalesced packet starts, or -1. */
    private int longHeaderPacket(byte[] d, int pos, int end, boolean fromClient, Mark at) {
        if (end - pos < 7) {
            return -1;
        }
        int version = readInt(d, pos + 1);
        int q = pos + 5;
        int dcidLength = d[q] & 0xff;
        if (dcidLength > 20 || end - q - 1 < dcidLength + 1) {
            return -1;
        }
        byte[] dcid = Arrays.copyOfRange(d, q + 1, q + 1 + dcidLength);
        q += 1 + dcidLength;
        int scidLength = d[q] & 0xff;
        if (scidLength > 20 || end - q - 1 < scidLength) {
            return -1;
        }
        q += 1 + scidLength;
        if (version == 0) {
            if (!fromClient && versionNegotiation == null) {
                List<Integer> versions = new ArrayList<>();
                for (int v = q; v + 4 <= end && versions.size() < MAX_LIST; v += 4) {
                    versions.add(readInt(d, v));
                }
                versionNegotiation = new VersionNegotiation(at, List.copyOf(versions));
            }
            return -1;
        }
        int type = QuicVersions.packetType(version, (d[pos] >>> 4) & 3);
        if (type == QuicVersions.RETRY) {
            if (!fromClient && retry == null) {
                retry = at;
            }
            return -1;
        }
        if (type == QuicVersions.INITIAL) {
            long tokenLength = Varint.read(d, q, end);
            if (tokenLength < 0) {
                return -1;
            }
            q += Varint.length(d[q]);
            if (tokenLength > end - q) {
                return -1;
            }
            q += (int) tokenLength;
        }
        long length = Varint.read(d, q, end);
        if (length < 0) {
            return -1;
        }
        q += Varint.length(d[q]);
        if (length > end - q) {
            return -1; // cut by the snaplen, or not QUIC
        }
        int packetEnd = q + (int) length;
        if (type == QuicVersions.INITIAL) {
            initial(d, pos, q, packetEnd, version, dcid, fromClient, at);
        } else if (type == QuicVersions.HANDSHAKE) {
            handshake(fromClient, at, packetEnd - pos);
            InitialOpener o = fromClient ? clientHandshakeOpener : serverHandshakeOpener;
            InitialOpener.Opened opened = o == null ? null : o.open(d, pos, q, packetEnd);
            if (opened != null) {
                frames(opened.payload(), fromClient, at, false);
            }
        }
        return packetEnd;
    }

    private void initial(byte[] d, int pos, int pnOffset, int packetEnd, int version, byte[] dcid,
                         boolean fromClient, Mark at) {
        InitialOpener.Opened opened;
        if (fromClient) {
            opened = clientOpener == null ? null : clientOpener.open(d, pos, pnOffset, packetEnd);
            if (opened == null) {
                // the first Initial, or one after a Retry or Version Negotiation: keys from this DCID
                InitialKeys keys = InitialKeys.derive(version, dcid, true);
                InitialOpener o = keys == null ? null : new InitialOpener(keys);
                opened = o == null ? null : o.open(d, pos, pnOffset, packetEnd);
                if (opened != null) {
                    boolean restart = clientOpener != null;
                    clientOpener = o;
                    serverOpener = new InitialOpener(InitialKeys.derive(version, dcid, false));
                    if (restart) {
                        clientCrypto = new CryptoReassembler();
                        serverCrypto = new CryptoReassembler();
                    }
                    currentVersion = version;
                    currentDcid = HexFormat.of().formatHex(dcid);
                }
            }
        } else {
            opened = serverOpener == null ? null : serverOpener.open(d, pos, pnOffset, packetEnd);
        }
        if (opened == null) {
            undecryptedInitials++;
            return;
        }
        frames(opened.payload(), fromClient, at, true);
    }

    /**
     * The frames of a decrypted Initial or Handshake packet: an Initial's CRYPTO frames and either's CONNECTION_CLOSE
     * are kept, the rest skipped.
     */
    private void frames(byte[] f, boolean fromClient, Mark at, boolean initial) {
        int p = 0;
        int end = f.length;
        while (p < end) {
            int type = f[p] & 0xff;
            if (type == 0x00 || type == 0x01) { // PADDING, PING
                p++;
                continue;
            }
            if (type == 0x02 || type == 0x03) { // ACK
                p++;
                long[] v = new long[1];
                p = skipVarint(f, skipVarint(f, p, end, null), end, null); // largest acknowledged, delay
                p = skipVarint(f, p, end, v);
                long ranges = v[0];
                p = skipVarint(f, p, end, null); // first range
                for (long i = 0; i < ranges && p > 0; i++) {
                    p = skipVarint(f, skipVarint(f, p, end, null), end, null);
                }
                if (type == 0x03) {
                    for (int i = 0; i < 3; i++) {
                        p = skipVarint(f, p, end, null);
                    }
                }
                if (p < 0) {
                    return;
                }
                continue;
            }
            if (type == 0x06) { // CRYPTO
                long offset = Varint.read(f, p + 1, end);
                if (offset < 0) {
                    return;
                }
                p += 1 + Varint.length(f[p + 1]);
                long len = Varint.read(f, p, end);
                if (len < 0) {
                    return;
                }
                p += Varint.length(f[p]);
                if (len > end - p) {
                    return;
                }
                if (initial) {
                    crypto(fromClient, offset, f, p, (int) len, at);
                }
                p += (int) len;
                continue;
            }
            if (type == 0x1c || type == 0x1d) {
                connectionClose(f, p, end, type == 0x1d, fromClient, at, !initial);
            }
            return; // CONNECTION_CLOSE ends what we read; any other frame is not allowed in an Initial or Handshake
        }
    }

    /** Skips a varint at {@code p}, storing its value in {@code out[0]} when given; -1 when it does not fit. */
    private static int skipVarint(byte[] f, int p, int end, long[] out) {
        if (p < 0) {
            return -1;
        }
        long v = Varint.read(f, p, end);
        if (v < 0) {
            return -1;
        }
        if (out != null) {
            out[0] = v;
        }
        return p + Varint.length(f[p]);
    }

    private void connectionClose(byte[] f, int p, int end, boolean application, boolean fromClient, Mark at,
                                 boolean decrypted) {
        long[] v = new long[1];
        int q = skipVarint(f, p + 1, end, v);
        long error = v[0];
        long frameType = -1;
        if (!application) {
            q = skipVarint(f, q, end, v);
            frameType = v[0];
        }
        q = skipVarint(f, q, end, v);
        if (q < 0 || closes.size() >= MAX_LIST) {
            return;
        }
        int reasonLength = (int) Math.min(Math.min(v[0], end - q), 256);
        String reason = new String(f, q, reasonLength, StandardCharsets.UTF_8);
        closes.add(new ConnectionClose(fromClient, at.frame(), at.timeNanos(), application, error, frameType, reason,
                decrypted));
    }

    private void crypto(boolean fromClient, long offset, byte[] f, int p, int len, Mark at) {
        CryptoReassembler r = fromClient ? clientCrypto : serverCrypto;
        r.add(offset, f, p, len, at.frame(), at.timeNanos());
        for (CryptoReassembler.Message m = r.next(); m != null; m = r.next()) {
            if (fromClient && m.type() == 1 && clientHellos.size() < MAX_LIST) {
                clientHello(m);
            } else if (!fromClient && m.type() == 2 && serverHello == null && serverHelloError == null) {
                serverHello(m);
            }
        }
    }

    private void clientHello(CryptoReassembler.Message m) {
        ClientHello hello = null;
        String error = null;
        try {
            hello = ClientHello.parse(m.bytes(), 4, m.bodyLength());
        } catch (TlsDecodeException e) {
            error = e.getMessage();
        }
        clientHellos.add(new Hello(m, hello, error, TransportParameters.fromClientHello(m.bytes()), currentVersion,
                currentDcid));
        serverFirstAfterHello = null;
    }

    private void serverHello(CryptoReassembler.Message m) {
        try {
            ServerHello h = ServerHello.parse(m.bytes(), 4, m.bodyLength());
            if (ServerHello.isHelloRetryRequestRandom(h.random())) {
                helloRetryMessage = m;
                helloRetryRequest = h;
                return;
            }
            serverHello = h;
            handshakeKeys(h);
        } catch (TlsDecodeException e) {
            serverHelloError = e.getMessage();
        }
        serverHelloMessage = m;
    }

    /** The openers of both sides' Handshake packets, when the key log has the session's handshake secrets. */
    private void handshakeKeys(ServerHello h) {
        ClientHello hello = clientHellos.isEmpty() ? null : clientHellos.get(clientHellos.size() - 1).hello();
        KeyLog log = hello == null ? null : keyLog.get();
        if (log == null || log.isEmpty()) {
            return;
        }
        String prefix = QuicVersions.labelPrefix(currentVersion);
        QuicPacketKeys c = QuicPacketKeys.handshake(log, hello.random(), h.cipherSuite(), prefix, true);
        QuicPacketKeys s = QuicPacketKeys.handshake(log, hello.random(), h.cipherSuite(), prefix, false);
        clientHandshakeOpener = c == null ? null : new InitialOpener(new InitialKeys(null, c.key(), c.iv(), c.hp()));
        serverHandshakeOpener = s == null ? null : new InitialOpener(new InitialKeys(null, s.key(), s.iv(), s.hp()));
    }

    private void handshake(boolean fromClient, Mark at, int bytes) {
        if (!fromClient && serverHandshake == null) {
            serverHandshake = at;
        } else if (fromClient && serverHandshake != null) {
            if (clientHandshake == null) {
                clientHandshake = at;
            }
            clientHandshakeLargest = Math.max(clientHandshakeLargest, bytes);
        }
    }

    private void oneRtt(boolean fromClient, Mark at) {
        if (fromClient && clientOneRtt == null) {
            clientOneRtt = at;
        }
        if (!fromClient && clientHandshake != null && serverOneRttAfterClientHandshake == null
                && at.frame() > clientHandshake.frame()) {
            serverOneRttAfterClientHandshake = at;
        }
    }

    private static int readInt(byte[] d, int p) {
        return ((d[p] & 0xff) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
    }

    /** The UDP conversation: its stream, client and server, datagrams, ICMP port unreachable. */
    public UdpConversation conversation() { return conversation; }
    /** The ClientHellos, in order: the first, then one after a Retry, HelloRetryRequest or Version Negotiation. */
    public List<Hello> clientHellos() { return List.copyOf(clientHellos); }
    /** The ServerHello message (not a HelloRetryRequest) and the frames that carried it, or null. */
    public CryptoReassembler.Message serverHelloMessage() { return serverHelloMessage; }
    /** The decoded ServerHello, or null (none, or it did not decode: {@link #serverHelloError()}). */
    public ServerHello serverHello() { return serverHello; }
    /** Why the ServerHello did not decode, or null. */
    public String serverHelloError() { return serverHelloError; }
    /** The HelloRetryRequest message, or null. */
    public CryptoReassembler.Message helloRetryMessage() { return helloRetryMessage; }
    /** The decoded HelloRetryRequest, or null. */
    public ServerHello helloRetryRequest() { return helloRetryRequest; }
    /** The server's first Retry packet, or null. */
    public Mark retry() { return retry; }
    /** The server's first Version Negotiation packet, or null. */
    public VersionNegotiation versionNegotiation() { return versionNegotiation; }
    /** CONNECTION_CLOSE frames read in Initial packets and decrypted Handshake packets, in order. */
    public List<ConnectionClose> closes() { return List.copyOf(closes); }
    /** The server's first datagram after the last ClientHello began, or null. */
    public Mark serverFirstAfterHello() { return serverFirstAfterHello; }
    /** The server's first Handshake packet, or null. */
    public Mark serverHandshake() { return serverHandshake; }
    /** The client's first Handshake packet after the server's, or null. */
    public Mark clientHandshake() { return clientHandshake; }
    /** The server's first 1-RTT packet after the client's Handshake flight began, or null. */
    public Mark serverOneRttAfterClientHandshake() { return serverOneRttAfterClientHandshake; }
    /** The client's first 1-RTT (short header) packet, or null. */
    public Mark clientOneRtt() { return clientOneRtt; }
    /**
     * The largest Handshake packet (header, payload and tag, in bytes) the client sent after the server's first one,
     * before the server's first 1-RTT packet after the client's Handshake flight; 0 without one.
     */
    public int clientHandshakeLargest() { return clientHandshakeLargest; }
    /** The client's last datagram. */
    public Mark lastClient() { return new Mark(lastClientFrame, lastClientNanos); }

    /** The server's last datagram before its first 1-RTT packet after the client's Handshake flight, or null. */
    public Mark lastServer() { return lastServer; }

    /**
     * Datagrams the client sent after its first Handshake packet and before the server's first 1-RTT packet
     * after it: retransmissions of its flight (RFC 9002 section 6.2) and 1-RTT data.
     */
    public long clientDatagramsAfterHandshake() { return clientDatagramsAfterHandshake; }
    /** Initial packets that did not decrypt with the connection's Initial keys. */
    public long undecryptedInitials() { return undecryptedInitials; }
}
