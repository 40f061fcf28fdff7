package io.hellocheck.tcp;

import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a capture of many TLS handshakes in flight at once, for the memory test of the TCP tracker
 * ({@code InFlightHandshakesTest}) and for measuring bytes per in-flight handshake: each connection is a SYN, a
 * SYN-ACK, the client's ACK and a browser-sized ClientHello ({@link #browserClientHello}, 1,759 bytes as a
 * record) in two segments of 1,460 and 299 bytes, which the server acknowledges, and nothing after (no answer,
 * no close). Every connection has its own client address and port; 10 microseconds between frames, so the
 * whole capture lasts less than the idle timeout.
 *
 * <pre>
 * java -cp analyzer-core/target/test-classes:analyzer-core/target/classes io.hellocheck.tcp.InFlightCapture OUT.pcap [CONNECTIONS]
 * </pre>
 */
public final class InFlightCapture {

    /** Payload bytes of the ClientHello's first segment (the MSS of an Ethernet path). */
    static final int FIRST_SEGMENT = 1460;

    private InFlightCapture() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long frames = write(out, n);
        System.out.println(out + ": " + n + " handshakes in flight, " + frames + " frames");
    }

    /** Writes the capture; returns the number of frames. */
    static long write(Path out, int connections) {
        byte[] hello = browserClientHello("in-flight.example");
        byte[] first = Arrays.copyOf(hello, FIRST_SEGMENT);
        byte[] second = Arrays.copyOfRange(hello, FIRST_SEGMENT, hello.length);
        long t = 1_750_000_000_000_000_000L;
        long step = 10_000L;
        try (CaptureWriter w = CaptureWriter.to(out).format(CaptureWriter.Format.PCAP_NANO).build()) {
            for (int i = 0; i < connections; i++) {
                String client = "10." + (64 + (i >>> 16 & 0x3f)) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff);
                int port = 1024 + (i * 7919 & 0x7fff);
                TcpFlow f = w.tcp(client, port, "192.0.2.1", 443).clientIsn(i * 2_654_435_761L)
                        .serverIsn(i * 40_503L + 12_345);
                f.syn(t).synAck(t += step).ack(t += step).clientData(t += step, first)
                        .clientData(t += step, second).serverAck(t += step);
                t += step;
            }
            return w.frameCount();
        }
    }

    /**
     * A ClientHello record shaped like a current browser's (Chrome 131): GREASE values, 15 cipher suites, an
     * X25519MLKEM768 key share (1,216 bytes, draft-kwiatkowski-tls-ecdhe-mlkem) and an x25519 one, ALPN, the
     * usual extensions and a GREASE ECH extension; 1,759 bytes with a 17-byte server name.
     */
    static byte[] browserClientHello(String serverName) {
        byte[] name = serverName.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] sni = cat(u16(name.length + 3), new byte[] {0}, u16(name.length), name);
        byte[] keyShare = cat(u16(2 + 2 + 1 + 4 + 1216 + 4 + 32),
                Packets.hex("2a2a0001" + "00"), Packets.hex("11ec04c0"), pattern(1216, 3),
                Packets.hex("001d0020"), pattern(32, 5));
        byte[] extensions = cat(
                extension(0x0a0a, new byte[0]),
                extension(0, sni),
                extension(23, new byte[0]),
                extension(0xff01, new byte[] {0}),
                extension(10, Packets.hex("000a" + "2a2a11ec001d00170018")),
                extension(11, Packets.hex("0100")),
                extension(35, new byte[0]),
                extension(16, Packets.hex("000c02683208687474702f312e31")),
                extension(5, Packets.hex("0100000000")),
                extension(13, Packets.hex("0010040308040401050308050501080606 01".replace(" ", ""))),
                extension(18, new byte[0]),
                extension(51, keyShare),
                extension(45, Packets.hex("0101")),
                extension(43, Packets.hex("06" + "3a3a" + "0304" + "0303")),
                extension(27, Packets.hex("020002")),
                extension(17513, Packets.hex("0003026832")),
                extension(0xfe0d, cat(Packets.hex("0000010001" + "cc" + "0020"), pattern(32, 7), u16(176),
                        pattern(176, 11))),
                extension(0x1a1a, new byte[] {0}));
        byte[] suites = Packets.hex("4a4a130113021303c02bc02fc02cc030cca9cca8c013c014009c009d002f0035");
        byte[] body = cat(Packets.hex("0303"), pattern(32, 13), new byte[] {32}, pattern(32, 17),
                u16(suites.length), suites, Packets.hex("0100"), u16(extensions.length), extensions);
        byte[] hs = cat(new byte[] {1, 0, (byte) (body.length >> 8), (byte) body.length}, body);
        return cat(new byte[] {22, 3, 1}, u16(hs.length), hs);
    }

    private static byte[] extension(int type, byte[] data) {
        return cat(u16(type), u16(data.length), data);
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * seed + 0x21);
        }
        return b;
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
