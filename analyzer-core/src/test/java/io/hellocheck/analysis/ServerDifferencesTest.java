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

    /**
     * Writes the connections 10 s apart, each from its own client port: more than the 2 s a failure's record
     * waits for the close, so that the records are decided in the order written.
     */
    static CaptureResult analyze(List<Story> connections) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            for (int i = 0; i < connections.size(); i++) {
                long t = T0 + i * 10_000 * MS;
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

    private static ServerRecord.Difference factor(ServerRecord s, String name) {
        return s.differences().stream().filter(d -> d.factor().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError(name + " not among " + s.differences()));
    }

    /**
     * The server chose TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f, RFC 5289) for the clients offering it,
     * and reset every connection whose ClientHello offered only TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c) and
     * TLS_RSA_WITH_AES_128_CBC_SHA (0x002f). The first failure comes before any completed handshake: the
     * comparison is with the suites chosen anywhere in the capture.
     */
    @Test
    void failuresOfferingNoSuiteTheServerChoseAreNamedWithTheSuiteItChose() throws IOException {
        byte[] ecdhe = DiagnoserTest.clientHello(new int[] {0xc02f, 0x009c}, new byte[0]);
        byte[] rsaOnly = DiagnoserTest.clientHello(new int[] {0x009c, 0x002f}, new byte[0]);
        CaptureResult r = analyze(List.of(isReset(rsaOnly), completes(ecdhe, 0xc02f), completes(ecdhe, 0xc02f),
                isReset(rsaOnly), completes(ecdhe, 0xc02f)));
        assertThat(r.connections()).extracting(ConnectionRecord::outcome).containsExactly(Outcome.SERVER_RESET,
                Outcome.COMPLETED, Outcome.COMPLETED, Outcome.SERVER_RESET, Outcome.COMPLETED);
        ServerRecord s = r.servers().get(0);
        ServerRecord.Difference d = factor(s, "offers a cipher suite this server chose before");
        assertThat(d).isEqualTo(new ServerRecord.Difference("offers a cipher suite this server chose before",
                0, 3, 2, 0, "Handshakes fail only when the ClientHello does not offer a cipher suite this server"
                + " chose before (2 failed, 3 completed with it); the server chose"
                + " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 in completed handshakes."));
        assertThat(d.failedWithout()).isEqualTo(s.failedWithoutCommonSuite());
        // it comes after the ClientHello properties, whose findings read as before
        assertThat(s.differences()).extracting(ServerRecord.Difference::factor).containsExactly("offers TLSv1.3",
                "sends SNI", "carries a post-quantum key share", "spans several TCP segments", "offers ALPN",
                "offers a cipher suite this server chose before");
    }

    /** Two chosen suites: the first chosen is named, the other counted. */
    @Test
    void theFindingNamesTheFirstSuiteChosenAndCountsTheOthers() throws IOException {
        CaptureResult r = analyze(List.of(
                completes(DiagnoserTest.clientHello(new int[] {0xc02f}, new byte[0]), 0xc02f),
                completes(DiagnoserTest.clientHello(new int[] {0xc030}, new byte[0]), 0xc030),
                isReset(DiagnoserTest.clientHello(new int[] {0x009c}, new byte[0]))));
        ServerRecord s = r.servers().get(0);
        assertThat(s.acceptedCipherSuites()).containsExactly(0xc02f, 0xc030);
        assertThat(factor(s, "offers a cipher suite this server chose before").finding()).isEqualTo(
                "Handshakes fail only when the ClientHello does not offer a cipher suite this server chose before"
                + " (1 failed, 2 completed with it); the server chose TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 and"
                + " 1 other suite in completed handshakes.");
    }

    /** Failures offering a chosen suite too: counted, no finding. */
    @Test
    void failuresThatOfferAChosenSuiteAreNoFinding() throws IOException {
        byte[] ecdhe = DiagnoserTest.clientHello(new int[] {0xc02f, 0x009c}, new byte[0]);
        CaptureResult r = analyze(List.of(completes(ecdhe, 0xc02f), isReset(ecdhe),
                isReset(DiagnoserTest.clientHello(new int[] {0x002f}, new byte[0]))));
        ServerRecord s = r.servers().get(0);
        assertThat(factor(s, "offers a cipher suite this server chose before"))
                .isEqualTo(new ServerRecord.Difference("offers a cipher suite this server chose before", 1, 1, 1, 0,
                        null));
        assertThat(s.failedWithoutCommonSuite()).isEqualTo(1);
    }

    /** A server that completed no handshake chose nothing to compare with: no such factor. */
    @Test
    void withoutACompletedHandshakeThereIsNoSuiteFactor() throws IOException {
        CaptureResult r = analyze(List.of(isReset(DiagnoserTest.clientHello(new int[] {0x009c}, new byte[0]))));
        ServerRecord s = r.servers().get(0);
        assertThat(s.completed()).isZero();
        assertThat(s.differences()).extracting(ServerRecord.Difference::factor)
                .doesNotContain("offers a cipher suite this server chose before");
        assertThat(s.failedWithoutCommonSuite()).isZero();
    }
}
