package io.hellocheck.tcp;

import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.TcpFlow;
import java.nio.file.Path;

/**
 * Writes an adversarial capture of many half-open TCP connections to one TLS server, for
 * {@code bench/half-open.sh}: each connection is a SYN, a SYN-ACK, the client's ACK and the first
 * segment of a ClientHello whose second segment never comes, and nothing else (no close, no answer).
 * Every connection is on its own client address and port; 10 microseconds between frames, so the whole
 * capture lasts well under the idle timeout and the live-connection cap is what bounds the tracker.
 *
 * <pre>
 * java -cp analyzer-core/target/test-classes io.hellocheck.tcp.HalfOpenCapture OUT.pcap [CONNECTIONS] [MODE]
 * </pre>
 *
 * MODE: {@code partial-hello} (the default, as above), {@code syn} (SYN and SYN-ACK only), {@code hello}
 * (SYN, SYN-ACK, ACK and a whole ClientHello that is never answered).
 */
public final class HalfOpenCapture {

    private HalfOpenCapture() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        String mode = args.length > 2 ? args[2] : "partial-hello";
        long frames = write(out, n, mode);
        System.out.println(out + ": " + n + " half-open connections (" + mode + "), " + frames + " frames");
    }

    /** Writes the capture; returns the number of frames. */
    static long write(Path out, int connections, String mode) {
        byte[] hello = TcpFixtures.clientHelloRecord("half-open.example");
        byte[] firstPart = java.util.Arrays.copyOf(hello, 100);
        long t = 1_750_000_000_000_000_000L;
        long step = 10_000L;
        try (CaptureWriter w = CaptureWriter.to(out).format(CaptureWriter.Format.PCAP_NANO).build()) {
            for (int i = 0; i < connections; i++) {
                String client = "10." + (64 + (i >>> 16 & 0x3f)) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff);
                int port = 1024 + (i * 7919 & 0x7fff);
                TcpFlow f = w.tcp(client, port, "192.0.2.1", 443).clientIsn(i * 2_654_435_761L)
                        .serverIsn(i * 40_503L + 12_345);
                f.syn(t).synAck(t += step);
                switch (mode) {
                    case "syn" -> { }
                    case "hello" -> f.ack(t += step).clientData(t += step, hello);
                    case "partial-hello" -> f.ack(t += step).clientData(t += step, firstPart);
                    default -> throw new IllegalArgumentException("mode: partial-hello, syn or hello");
                }
                t += step;
            }
            return w.frameCount();
        }
    }
}
