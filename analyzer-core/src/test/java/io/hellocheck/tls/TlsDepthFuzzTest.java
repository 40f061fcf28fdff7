package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated input for the decoders added for TLS depth (SSLv2, Certificate, ServerKeyExchange,
 * CertificateRequest, NewSessionTicket, PreambleDetector, the decoder's SSLv2 records): the only exception
 * allowed out of a decoder is {@link TlsDecodeException}; the preamble detector and the stream decoder throw
 * nothing. Seeded, so a failure is reproducible.
 */
class TlsDepthFuzzTest {
    private static final long SEED = 0x5eed_2026_1129L;
    private static final int[] SUITES = {0xc02f, 0x009e, 0xc037, 0xc018, 0x008c, 0x0003, 0xc01d, 0x1301, 0x0a0a};

    private static void decoders(byte[] b, String what) {
        int len = b.length;
        Runnable[] cases = {
            () -> call(() -> SslV2.clientHello(b, 0, len)),
            () -> call(() -> SslV2.serverHello(b, 0, len)),
            () -> call(() -> SslV2.clientMasterKeyCipher(b, 0, len)),
            () -> call(() -> SslV2.errorCode(b, 0, len)),
            () -> call(() -> Certificates.parse(b, 0, len, false)),
            () -> call(() -> Certificates.parse(b, 0, len, true)),
            () -> call(() -> Certificates.parsePrefix(b, 0, len, false)),
            () -> call(() -> CertificateRequest.parse(b, 0, len, 0x0303)),
            () -> call(() -> CertificateRequest.parse(b, 0, len, 0x0301)),
            () -> call(() -> NewSessionTicket.parse(b, 0, len)),
        };
        for (int i = 0; i < cases.length; i++) {
            try {
                cases[i].run();
            } catch (Throwable t) {
                fail(what + " case " + i + " threw " + t + " for " + HexFormat.of().formatHex(b), t);
            }
        }
        for (int suite : SUITES) {
            try {
                call(() -> ServerKeyExchange.parse(b, 0, len, suite, 0x0303));
            } catch (Throwable t) {
                fail(what + " ServerKeyExchange " + suite + " threw " + t + " for " + HexFormat.of().formatHex(b), t);
            }
        }
        CertificateInfo.parse(b, 0, len);
    }

    interface Call {
        Object run() throws TlsDecodeException;
    }

    private static void call(Call c) {
        try {
            c.run();
        } catch (TlsDecodeException expected) {
            // the one allowed failure
        }
    }

    private static void stream(byte[] b, Random r) {
        TlsStreamDecoder d = new TlsStreamDecoder(new TlsListener() {
            @Override
            public void onHandshake(int type, byte[] body, int length, FrameSpan frames) {
            }

            @Override
            public void onChangeCipherSpec(long frame, long timeNanos) {
            }

            @Override
            public void onAlert(int level, int description, long frame, long timeNanos) {
            }

            @Override
            public void onEncryptedRecord(int contentType, int length, long frame, long timeNanos) {
            }

            @Override
            public void onNotTls(byte[] firstBytes, long frame, long timeNanos) {
            }

            @Override
            public void onProtocolError(String what, long frame, long timeNanos) {
            }
        });
        PreambleDetector p = new PreambleDetector();
        int off = 0;
        long frame = 1;
        while (off < b.length) {
            int n = 1 + r.nextInt(Math.max(1, b.length - off));
            n = Math.min(n, b.length - off);
            d.feed(b, off, n, frame, frame);
            if (r.nextBoolean()) {
                p.server(b, off, n);
            } else {
                int at = p.client(b, off, n, frame, frame);
                if (at == PreambleDetector.HELD) {
                    p.replayHello((x, o, l, f, t) -> { });
                }
                if (at >= 0 && (at < off || at > off + n)) {
                    fail("PreambleDetector returned " + at + " outside [" + off + ", " + (off + n) + "] for "
                            + HexFormat.of().formatHex(b));
                }
            }
            off += n;
            frame++;
        }
        p.result();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void randomAndMutatedInput() {
        Random r = new Random(SEED);
        byte[][] seeds = {
            SslV2Test.record2(SslV2Test.pureClientHello()), SslV2Test.pureClientHello(),
            SslV2Test.compatibleClientHello(),
            TestBytes.w().u24(6).u24(3).raw(new byte[] {0x30, 0x01, 0x00}).bytes(),
            TestBytes.w().u8(3).u16(23).u8(4).raw(new byte[4]).u16(0x0401).u16(2).u16(0).bytes(),
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n".getBytes(),
            HexFormat.of().parseHex("0d0a0d0a000d0a515549540a2111000c0102030405060708000100021603010005"),
            "CONNECT a:443 HTTP/1.1\r\n\r\nHTTP/1.1 407 x\r\n\r\n".getBytes(),
            HexFormat.of().parseHex("0000000804d2162f53160301"),
            HexFormat.of().parseHex("301d02010177188016312e332e362e312e342e312e313436362e32303033371603"),
        };
        for (int i = 0; i < 20_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[r.nextInt(80)];
                r.nextBytes(b);
            } else {
                byte[] s = seeds[r.nextInt(seeds.length)];
                b = Arrays.copyOf(s, Math.max(0, s.length + r.nextInt(9) - 4));
                for (int k = 0; k < 1 + r.nextInt(4) && b.length > 0; k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            decoders(b, "seed " + SEED + " case " + i);
            stream(b, r);
        }
    }
}
