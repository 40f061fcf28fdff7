package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated input for the decoders: for any bytes, the only exception allowed out is
 * {@link TlsDecodeException}, and decoding stays fast. Seeded, so a failure is reproducible; the
 * message names the seed, case and input.
 */
class HelloFuzzTest {

    private static final long SEED = 0x5eed_2026_0829L;
    private static final List<byte[]> SEEDS = new ArrayList<>();

    @BeforeAll
    static void loadSeeds() throws IOException, URISyntaxException {
        for (String r : new String[] {"section3-client-hello", "section3-server-hello", "section5-client-hello-1",
                "section5-hello-retry-request", "section5-client-hello-2", "section5-server-hello"}) {
            SEEDS.add(TestBytes.hexResource("rfc8448/" + r + ".hex"));
        }
        Path dir = Paths.get(HelloFuzzTest.class.getResource("tshark").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                SEEDS.add(HexFormat.of().parseHex(TsharkFixtureTest.read(f).get("message")));
            }
        }
    }

    /** Decodes {@code msg} as ClientHello, ServerHello and Alert; any exception but TlsDecodeException fails. */
    private static int decodeAll(byte[] msg, String what) {
        int ok = 0;
        int off = Math.min(4, msg.length);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                switch (attempt) {
                    case 0 -> ClientHello.parse(msg, off, msg.length - off).toString();
                    case 1 -> ServerHello.parse(msg, off, msg.length - off).toString();
                    default -> Alert.parse(msg, 0, msg.length).toString();
                }
                ok++;
            } catch (TlsDecodeException expected) {
                assertThat(expected.offset()).isBetween(0, msg.length);
            } catch (Throwable t) {
                fail(what + " threw " + t + " for " + HexFormat.of().formatHex(msg), t);
            }
        }
        return ok;
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void randomBytes() {
        Random rnd = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[rnd.nextInt(300)];
            rnd.nextBytes(b);
            decodeAll(b, "seed " + SEED + " random case " + i);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void mutatedRealHellos() {
        Random rnd = new Random(SEED + 1);
        int decoded = 0;
        int cases = 0;
        for (int round = 0; round < 1500; round++) {
            for (int s = 0; s < SEEDS.size(); s++) {
                byte[] m = mutate(SEEDS.get(s), rnd);
                decoded += decodeAll(m, "seed " + (SEED + 1) + " round " + round + " message " + s);
                cases++;
            }
        }
        assertThat(cases).isGreaterThan(30_000);
        // sanity: mutations leave many messages decodable, so the extension code is reached too
        assertThat(decoded).isGreaterThan(cases / 10);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void everyTruncationOfEveryRealHello() {
        for (byte[] full : SEEDS) {
            for (int n = 0; n <= full.length; n++) {
                byte[] cut = Arrays.copyOf(full, n);
                decodeAll(cut, "truncation to " + n);
            }
        }
    }

    /** Flips bits, overwrites bytes (0x00, 0xff, random), inflates length fields, cuts, inserts, deletes. */
    private static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int p = rnd.nextInt(b.length);
            switch (rnd.nextInt(7)) {
                case 0 -> b[p] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[p] = 0;
                case 2 -> b[p] = (byte) 0xff;
                case 3 -> b[p] = (byte) rnd.nextInt(256);
                case 4 -> {     // a plausible-looking length: small or just over what is left
                    int v = rnd.nextBoolean() ? rnd.nextInt(8) : b.length - p + rnd.nextInt(3) - 1;
                    b[p] = (byte) (v >> 8);
                    if (p + 1 < b.length) {
                        b[p + 1] = (byte) v;
                    }
                }
                case 5 -> b = Arrays.copyOf(b, p);
                default -> {    // insert or delete a run
                    int n = 1 + rnd.nextInt(4);
                    byte[] c = new byte[rnd.nextBoolean() ? b.length + n : Math.max(0, b.length - n)];
                    if (c.length > b.length) {
                        System.arraycopy(b, 0, c, 0, p);
                        System.arraycopy(b, p, c, p + n, b.length - p);
                    } else {
                        System.arraycopy(b, 0, c, 0, Math.min(p, c.length));
                        if (p + n < b.length) {
                            System.arraycopy(b, p + n, c, p, b.length - p - n);
                        }
                    }
                    b = c;
                }
            }
        }
        return b;
    }
}
