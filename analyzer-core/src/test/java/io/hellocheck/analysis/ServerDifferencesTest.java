package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.report.TextReport;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
        ServerRecord.Difference d = factor(s, "offers a cipher suite this server chose in a completed handshake");
        assertThat(d).isEqualTo(new ServerRecord.Difference("offers a cipher suite this server chose in a completed handshake",
                0, 3, 2, 0, "Handshakes fail only when the ClientHello does not offer a cipher suite this server"
                + " chose in a completed handshake (2 failed without it, 3 completed with it); the server chose"
                + " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256."));
        assertThat(d.failedWithout()).isEqualTo(s.failedWithoutCommonSuite());
        // after the ClientHello properties, before the client fingerprint of the failures: JA4.md gives
        // t (TCP), 12 (legacy_version 0x0303, no supported_versions), i (no SNI), 02 suites, 00 extensions,
        // 00 (no ALPN), the first 12 hex digits of SHA-256 of the sorted suites, 000000000000 (no extensions)
        // ALPN is left out: no handshake ended with alert 120 no_application_protocol (issue 13, point 8)
        assertThat(s.differences()).extracting(ServerRecord.Difference::factor).containsExactly("offers TLSv1.3",
                "sends SNI", "carries a post-quantum key share", "spans several TCP segments",
                "offers a cipher suite this server chose in a completed handshake",
                "client JA4 t12i020000_" + sha256Hex12("002f,009c") + "_000000000000");
    }

    private static String sha256Hex12(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
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
        assertThat(factor(s, "offers a cipher suite this server chose in a completed handshake").finding()).isEqualTo(
                "Handshakes fail only when the ClientHello does not offer a cipher suite this server chose in a completed handshake"
                + " (1 failed without it, 2 completed with it: too few to rule out chance); the server chose TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 and"
                + " 1 other suite.");
    }

    /** Failures offering a chosen suite too: counted, no finding. */
    @Test
    void failuresThatOfferAChosenSuiteAreNoFinding() throws IOException {
        byte[] ecdhe = DiagnoserTest.clientHello(new int[] {0xc02f, 0x009c}, new byte[0]);
        CaptureResult r = analyze(List.of(completes(ecdhe, 0xc02f), isReset(ecdhe),
                isReset(DiagnoserTest.clientHello(new int[] {0x002f}, new byte[0]))));
        ServerRecord s = r.servers().get(0);
        assertThat(factor(s, "offers a cipher suite this server chose in a completed handshake"))
                .isEqualTo(new ServerRecord.Difference("offers a cipher suite this server chose in a completed handshake", 1, 1, 1, 0,
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
                .doesNotContain("offers a cipher suite this server chose in a completed handshake");
        assertThat(s.failedWithoutCommonSuite()).isZero();
    }

    /**
     * A real ClientHello of {@code fingerprints/fixtures/} (its bytes from tshark) in a handshake record, and
     * the JA4 an independent source published for it ({@code ja4@source=} line).
     */
    record Fixture(byte[] record, String ja4) {
        static Fixture of(String name, String source) throws IOException {
            String path = "/io/hellocheck/tls/fingerprints/fixtures/" + name + ".txt";
            byte[] message = null;
            String ja4 = null;
            try (InputStream in = ServerDifferencesTest.class.getResourceAsStream(path)) {
                assertThat(in).as(path).isNotNull();
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.startsWith("message=")) {
                        message = HexFormat.of().parseHex(line.substring("message=".length()).strip());
                    } else if (line.startsWith("ja4@" + source + "=")) {
                        ja4 = line.substring(line.indexOf('=') + 1).strip();
                    }
                }
            }
            assertThat(message).as(path + " message").isNotNull();
            assertThat(ja4).as(path + " ja4@" + source).isNotNull();
            return new Fixture(DiagnoserTest.record(22, message), ja4);
        }
    }

    /**
     * Chrome's ClientHello of FoxIO's latest.pcapng (JA4 t13d1516h2_8daaf6152771_e5627efa2ab1, FoxIO's) is
     * reset three times; Firefox's of FoxIO's tls12.pcap (t13d1715h2_5b57614c22b0_3d5424432f57) completes
     * twice. Both offer TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f), the suite the server chooses, so only
     * the client's fingerprint tells them apart.
     */
    @Test
    void failuresFromOneJa4NeverSeenCompletingAreNamedWithTheJa4sThatCompleted() throws IOException {
        Fixture chrome = Fixture.of("foxio-latest-chrome-client-hello", "foxio-python");
        Fixture firefox = Fixture.of("foxio-tls12-firefox-client-hello", "foxio-python");
        CaptureResult r = analyze(List.of(isReset(chrome.record()), completes(firefox.record(), 0xc02f),
                isReset(chrome.record()), completes(firefox.record(), 0xc02f), isReset(chrome.record())));
        assertThat(r.connections()).extracting(ConnectionRecord::outcome).containsExactly(Outcome.SERVER_RESET,
                Outcome.COMPLETED, Outcome.SERVER_RESET, Outcome.COMPLETED, Outcome.SERVER_RESET);
        ServerRecord s = r.servers().get(0);
        List<ServerRecord.Difference> clients = s.differences().stream()
                .filter(d -> d.factor().startsWith("client JA4 ")).toList();
        assertThat(clients).containsExactly(new ServerRecord.Difference("client JA4 " + chrome.ja4(), 3, 0, 0, 2,
                "Every failed handshake (3) came from client JA4 " + chrome.ja4() + ", never seen completing; the 2"
                + " completed ones came from " + firefox.ja4() + "."));
        assertThat(factor(s, "offers a cipher suite this server chose in a completed handshake"))
                .isEqualTo(new ServerRecord.Difference("offers a cipher suite this server chose in a completed handshake", 3, 2, 0, 0,
                        null));
        // the client JA4 factors come last
        assertThat(s.differences().get(s.differences().size() - 1).factor()).isEqualTo("client JA4 " + chrome.ja4());
    }

    /**
     * Failures from four clients: at most three fingerprints are compared, those with the most failures, ties
     * in JA4 order (Arkime's tls-alpn-h2 t12d4605h2_... before nDPI's codm t13d1713h1_..., one failure each).
     * No fingerprint separates: the Firefox one both failed and completed.
     */
    @Test
    void atMostThreeFailingJa4sMostFailuresFirstTiesInJa4Order() throws IOException {
        Fixture chrome = Fixture.of("foxio-latest-chrome-client-hello", "foxio-python");
        Fixture firefox = Fixture.of("foxio-tls12-firefox-client-hello", "foxio-python");
        Fixture arkime = Fixture.of("arkime-alpn-h2-client-hello", "arkime");
        Fixture codm = Fixture.of("ndpi-codm-alpn-http11-client-hello", "ndpi");
        assertThat(arkime.ja4()).isLessThan(codm.ja4());
        CaptureResult r = analyze(List.of(isReset(codm.record()), isReset(firefox.record()),
                isReset(chrome.record()), isReset(arkime.record()), completes(firefox.record(), 0xc02f),
                isReset(chrome.record()), isReset(firefox.record()), isReset(chrome.record())));
        ServerRecord s = r.servers().get(0);
        assertThat(s.failed()).isEqualTo(7);
        assertThat(s.completed()).isEqualTo(1);
        assertThat(s.differences().stream().filter(d -> d.factor().startsWith("client JA4 ")).toList())
                .containsExactly(
                        new ServerRecord.Difference("client JA4 " + chrome.ja4(), 3, 0, 4, 1, null),
                        new ServerRecord.Difference("client JA4 " + firefox.ja4(), 2, 1, 5, 0, null),
                        new ServerRecord.Difference("client JA4 " + arkime.ja4(), 1, 0, 6, 1, null));
    }

    /** One failure, completions from two clients: the more frequent named, the other counted. */
    @Test
    void theFindingNamesTheMostFrequentCompletedJa4AndCountsTheOthers() throws IOException {
        Fixture chrome = Fixture.of("foxio-latest-chrome-client-hello", "foxio-python");
        Fixture firefox = Fixture.of("foxio-tls12-firefox-client-hello", "foxio-python");
        Fixture codm = Fixture.of("ndpi-codm-alpn-http11-client-hello", "ndpi");
        CaptureResult r = analyze(List.of(completes(codm.record(), 0xc02f), completes(firefox.record(), 0xc02f),
                isReset(chrome.record()), completes(firefox.record(), 0xc02f)));
        ServerRecord s = r.servers().get(0);
        assertThat(factor(s, "client JA4 " + chrome.ja4()).finding()).isEqualTo("The failed handshake came from"
                + " client JA4 " + chrome.ja4() + ", never seen completing; the 3 completed ones came from "
                + firefox.ja4() + " (2) and 1 other JA4 fingerprint.");
    }

    /** Without a failed handshake there is no fingerprint to compare. */
    @Test
    void noFailureNoClientFactor() throws IOException {
        Fixture firefox = Fixture.of("foxio-tls12-firefox-client-hello", "foxio-python");
        CaptureResult r = analyze(List.of(completes(firefox.record(), 0xc02f)));
        assertThat(r.servers().get(0).differences()).extracting(ServerRecord.Difference::factor)
                .noneMatch(f -> f.startsWith("client JA4"));
    }

    /**
     * The text report lists, per server, the findings that separate failures from completions and the
     * retries: here a reset after a ClientHello offering only TLS_RSA_WITH_AES_128_GCM_SHA256, then 10 s later
     * (by construction) the same client completing with TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.
     */
    @Test
    void theTextReportShowsWhatDiffersFromTheHandshakesThatWorked() throws IOException {
        CaptureResult r = analyze(List.of(
                isReset(DiagnoserTest.clientHello(new int[] {0x009c}, new byte[0])),
                completes(DiagnoserTest.clientHello(new int[] {0xc02f, 0x009c}, new byte[0]), 0xc02f)));
        String text = TextReport.render(r, false);
        // JA4 per JA4.md: t (TCP), 12, i (no SNI), suite count, 00 extensions, no ALPN, SHA-256 of the sorted suites;
        // the completed ClientHello is 2 bytes longer: one more 2-byte cipher suite (RFC 8446 4.1.2)
        assertThat(text).contains("""

                What differs from the handshakes that worked
                  10.0.0.2:443 (1 failed, 1 completed)
                    - Handshakes fail only when the ClientHello does not offer a cipher suite this server chose in a
                      completed handshake (1 failed without it, 1 completed with it: too few to rule out chance);
                      the server chose TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.
                    - The failed handshake came from client JA4 t12i010000_%s_000000000000, never seen
                      completing; the completed one came from t12i020000_%s_000000000000 (too few to rule
                      out chance).
                    - tcp.stream 0 (SERVER_RESET) failed; another client (JA4 t12i020000_%s_000000000000)
                      from the same address completed in tcp.stream 1 10.0 s later: cipher suites changed (1 -> 2
                      offered); ClientHello 45 bytes in 1 segment -> 47 bytes in 1 segment
                """.formatted(sha256Hex12("009c"), sha256Hex12("009c,c02f"), sha256Hex12("009c,c02f")));
    }
}
