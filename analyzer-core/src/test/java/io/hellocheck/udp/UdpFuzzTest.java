package io.hellocheck.udp;

import io.hellocheck.dtls.DtlsFlow;
import io.hellocheck.frame.PacketView;
import io.hellocheck.quic.QuicFlow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random datagrams for the QUIC and DTLS flows, from both sides: whatever the bytes, reading them
 * throws nothing. Seeds are fixed; a failure names the seed and case.
 */
class UdpFuzzTest {
    private static final long CLIENT = 0x0000_ffff_0a00_0001L;
    private static final long SERVER = 0x0000_ffff_0a00_0002L;

    private static byte[] hex(String resource) {
        try (InputStream in = io.hellocheck.quic.QuicFlow.class.getResourceAsStream(resource)) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("\\s", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PacketView view(byte[] b, boolean fromClient, long frame) {
        return new PacketView().set(frame, frame * 1000, false, 0, fromClient ? CLIENT : SERVER, 0,
                fromClient ? SERVER : CLIENT, fromClient ? 50000 : 443, fromClient ? 443 : 50000, 64, 1, 0, 0, 0, 0,
                b, 0, b.length, 0);
    }

    @Test
    void mutatedQuicInitialsThrowNothing() {
        byte[] client = hex("rfc9001-a2-client-initial.hex");
        byte[] server = hex("rfc9001-a3-server-initial.hex");
        Random rnd = new Random(17);
        for (int i = 0; i < 3000; i++) {
            byte[] c = mutate(client, rnd);
            byte[] s = mutate(server, rnd);
            try {
                QuicFlow f = new QuicFlow(0, view(client, true, 1));
                f.onDatagram(view(client, true, 1));
                f.onDatagram(view(c, true, 2));
                f.onDatagram(view(s, false, 3));
                f.onDatagram(view(server, false, 4));
                f.clientHellos();
            } catch (RuntimeException e) {
                throw new AssertionError("seed 17 case " + i + ": " + e, e);
            }
        }
    }

    @Test
    void randomDatagramsThrowNothing() {
        Random rnd = new Random(9147);
        byte[] start = HexFormat.of().parseHex("16fefd0000000000000000002e010000220000000000002200");
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            if (b.length > 0) {
                b[0] = (byte) (rnd.nextBoolean() ? 0xc0 | rnd.nextInt(64) : 20 + rnd.nextInt(7));
            }
            byte[] dtls = mutate(start, rnd);
            try {
                QuicFlow q = new QuicFlow(0, view(b, true, 1));
                q.onDatagram(view(b, true, 1));
                q.onDatagram(view(b, false, 2));
                DtlsFlow d = new DtlsFlow(0, view(start, true, 1));
                d.onDatagram(view(start, true, 1));
                d.onDatagram(view(dtls, true, 2));
                d.onDatagram(view(b, false, 3));
                d.onDatagram(view(dtls, false, 4));
                QuicFlow.looksLikeClientInitial(view(b, true, 5));
                DtlsFlow.looksLikeClientHello(view(dtls, true, 6));
            } catch (RuntimeException e) {
                throw new AssertionError("seed 9147 case " + i + ": " + e, e);
            }
        }
    }

    private static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        int n = 1 + rnd.nextInt(8);
        for (int k = 0; k < n; k++) {
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        if (rnd.nextInt(4) == 0) {
            return java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
        }
        return b;
    }
}
