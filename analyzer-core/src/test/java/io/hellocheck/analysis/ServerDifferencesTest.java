package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.CaptureResult;
import io.hellocheck.HelloCheck;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server record's comparison of failing and working ClientHellos, on captures whose handshakes are known
 * by construction: each connection either completes (ServerHello choosing a given suite, then
 * ChangeCipherSpec both ways) or is reset by the server right after the ClientHello.
 */
class ServerDifferencesTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    /** What happens on one connection after its handshake, {@code t} being the time of its SYN. */
    interface Story {
        void play(TcpFlow f, long t);
    }

    /** Writes the connections in order, 10 ms apart, each from its own client port. */
    static CaptureResult analyze(List<Story> connections) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            for (int i = 0; i < connections.size(); i++) {
                long t = T0 + i * 10 * MS;
                TcpFlow f = w.tcp("10.0.0.1", 50000 + i, "10.0.0.2", 443).syn(t).synAck(t + MS).ack(t + 2 * MS);
                connections.get(i).play(f, t);
            }
        }
        return HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
    }

    /** The client sends {@code hello} (a record), the server chooses {@code suite}, ChangeCipherSpec both ways. */
    static Story completes(byte[] hello, int suite) {
        return (f, t) -> f.clientData(t + 3 * MS, hello).serverData(t + 4 * MS, DiagnoserTest.serverHello(suite))
                .clientData(t + 5 * MS, DiagnoserTest.CCS).serverData(t + 6 * MS, DiagnoserTest.CCS);
    }

    /** The client sends {@code hello} (a record), the server acknowledges it and resets the connection. */
    static Story isReset(byte[] hello) {
        return (f, t) -> f.clientData(t + 3 * MS, hello).serverAck(t + 4 * MS).serverRst(t + 5 * MS);
    }

    @Test
    void failedWithoutCommonSuiteCountsEachFailedHandshakeNotEachDistinctOffer() throws IOException {
        // two identical ClientHellos offering only TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c), while the
        // server chose TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f) for another client
        byte[] rsaOnly = DiagnoserTest.clientHello(new int[] {0x009c}, new byte[0]);
        CaptureResult r = analyze(List.of(
                completes(DiagnoserTest.clientHello(new int[] {0xc02f}, new byte[0]), 0xc02f),
                isReset(rsaOnly),
                isReset(rsaOnly)));
        assertThat(r.connections()).extracting(ConnectionRecord::outcome)
                .containsExactly(Outcome.COMPLETED, Outcome.SERVER_RESET, Outcome.SERVER_RESET);
        ServerRecord s = r.servers().get(0);
        assertThat(s.acceptedCipherSuites()).containsExactly(0xc02f);
        assertThat(s.failedWithoutCommonSuite()).isEqualTo(2);
    }
}
