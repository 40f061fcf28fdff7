package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target (Jazzer, see "Fuzzing" in README.md): the client preamble detector (PROXY, HTTP CONNECT,
 * STARTTLS, SOCKS ...) and the server banner classifier, over a dialogue. Input: chunks of a 1-byte header (bit
 * 7: the server's, low 7 bits: length) and the bytes. Nothing is thrown; the detector answers {@code MORE},
 * {@code NOT_TLS} or an index inside the chunk it was given, and its result holds no more client bytes than
 * it was fed.
 */
class PreambleFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void dialogue(byte[] data) {
        PreambleDetector d = new PreambleDetector();
        long clientBytes = 0;
        long frame = 1;
        int at = 0;
        while (at < data.length) {
            boolean server = (data[at] & 0x80) != 0;
            int n = Math.min(data[at] & 0x7f, data.length - at - 1);
            at++;
            if (server) {
                d.server(data, at, n);
                ServerBanners.protocol(data, at, n);
            } else {
                clientBytes += n;
                int r = d.client(data, at, n, frame++, 0L);
                assertThat(r == PreambleDetector.MORE || r == PreambleDetector.NOT_TLS || r == PreambleDetector.HELD
                        || (r >= at && r <= at + n))
                        .as("answer %d for a chunk at %d of %d bytes", r, at, n).isTrue();
                if (r != PreambleDetector.MORE) {
                    Preamble p = d.result();
                    if (p != null) {
                        assertThat((long) p.clientBytes()).isLessThanOrEqualTo(clientBytes);
                    }
                    return;
                }
            }
            at += n;
        }
    }
}
