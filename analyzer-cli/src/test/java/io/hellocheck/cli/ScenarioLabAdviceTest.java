package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Finding;
import io.hellocheck.tls.AlertMeaning;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The advice of the diagnosis on the scenario lab's failed connections fits what really happened there: the
 * scenario's note in scenarios/EXPECTED.tsv (how the client was run, what it printed) and tshark's column
 * (which alert went on the wire). Each test checks the row's note or tshark column first, so that a changed
 * lab fails here instead of testing something else.
 */
@Tag("scenarios")
class ScenarioLabAdviceTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();
    private static final Map<String, CaptureResult> RESULTS = new HashMap<>();

    /** One row of EXPECTED.tsv: its acceptable causes, tshark column and note. */
    record Row(List<String> causes, String tshark, String note) {
    }

    private static Row row(String file, int stream) throws IOException {
        return row(file, Integer.toString(stream));
    }

    /** The row of {@code stream}: a tcp.stream's number, or "udp:N". */
    private static Row row(String file, String stream) throws IOException {
        for (String line : Files.readAllLines(ScenarioLabTest.lab().resolve("EXPECTED.tsv"))) {
            String[] f = line.split("\t", -1);
            if (f[0].equals(file) && f[1].equals(stream)) {
                return new Row(List.of(f[5].split(",")), f[6], f[7]);
            }
        }
        throw new AssertionError("no row for " + file + " stream " + stream);
    }

    private static synchronized CaptureResult result(String file) {
        return RESULTS.computeIfAbsent(file, f -> {
            try {
                return ANALYZER.analyze(ScenarioLabTest.lab().resolve(f));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static ConnectionRecord connection(String file, int stream) {
        return result(file).connections().stream().filter(c -> c.udp() == null && c.tcpStream() == stream)
                .findFirst().orElseThrow();
    }

    private static ConnectionRecord udpFlow(String file, int udpStream) {
        return result(file).connections().stream().filter(c -> c.udp() != null && c.udp().udpStream() == udpStream)
                .findFirst().orElseThrow();
    }

    private static Finding first(ConnectionRecord c) {
        assertThat(c.diagnosis()).as(c.outcomeReason()).isNotEmpty();
        return c.diagnosis().get(0);
    }

    /** A: the client sent an empty Certificate (no client certificate): that is the cause, with high confidence. */
    @ParameterizedTest(name = "{0} stream {1}")
    @CsvSource({"mtls13-openssl.pcap, 1", "mtls13-openssl.pcap, 2", "mtls13-gnutls.pcap, 1", "mtls13-gnutls.pcap, 2"})
    void emptyClientCertificateIsAHighConfidenceMissingCertificate(String file, int stream) throws IOException {
        assertThat(row(file, stream).note()).contains("without a client certificate");
        Finding f = first(connection(file, stream));
        assertThat(f.cause().id()).isEqualTo("client_certificate_required");
        assertThat(f.confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(f.nextStep()).startsWith("Configure the client with a certificate the server trusts");
        assertThat(f.evidence()).extracting(Evidence::what).anyMatch(w -> w.contains("empty Certificate"));
    }

    /** B: unrecognized_name to a ClientHello without SNI: the server requires a name, none was sent. */
    @ParameterizedTest(name = "{0} stream {1}")
    @CsvSource({"nginx-sni-only.pcap, 0, no SNI", "nginx-sni-only.pcap, 1, -noservername",
            "haproxy-strict-sni.pcap, 0, no SNI"})
    void unrecognizedNameWithoutSniIsSniRequired(String file, int stream, String noteSays) throws IOException {
        assertThat(row(file, stream).note()).contains(noteSays).contains("unrecognized name");
        ConnectionRecord c = connection(file, stream);
        Finding f = first(c);
        assertThat(f.cause().id()).isEqualTo("sni_required");
        assertThat(f.confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(f.nextStep()).contains("host name").contains("default certificate");
        assertThat(c.diagnosis()).extracting(Finding::explanation).noneMatch(e -> e.contains("requested name"));
    }

    /** C: the split hello carries an ffdhe8192 key share, no post-quantum group: the advice names what it sent. */
    @ParameterizedTest(name = "stream {0}")
    @CsvSource({"0", "2"})
    void splitHelloAdviceNamesTheKeyShareItSent(int stream) throws IOException {
        assertThat(row("split-client-hello-reset.pcap", stream).note()).contains("ffdhe8192");
        Finding f = connection("split-client-hello-reset.pcap", stream).diagnosis().stream()
                .filter(x -> x.cause().id().equals("large_or_split_client_hello")).findFirst().orElseThrow();
        assertThat(f.nextStep()).contains("smaller key share").contains("ffdhe8192")
                .doesNotContain("post-quantum").doesNotContain("MLKEM");
    }

    /** D: a 512-byte hello in one segment dropped by a name filter: no MTU advice, an acceptable first cause. */
    @Test
    void smallDroppedHelloGetsNoMtuAdvice() throws IOException {
        Row row = row("sni-drop.pcap", 0);
        assertThat(row.note()).contains("silently drops ClientHellos naming blocked.lab.test");
        ConnectionRecord c = connection("sni-drop.pcap", 0);
        assertThat(c.clientHello().frames()).hasSize(1);
        assertThat(first(c).cause().id()).isIn(row.causes());
        assertThat(c.diagnosis()).extracting(Finding::nextStep).noneMatch(s -> s.contains("MTU"))
                .noneMatch(s -> s.contains("smaller ClientHello"));
        assertThat(first(c).nextStep()).contains("blocked.lab.test");
    }

    /**
     * E: RFC 8446 section 5.2: an alert in a TLS 1.3 record is its 2 bytes, the inner content type (1 byte) and
     * a 16-byte AEAD tag (8 with AES-CCM_8): 19 bytes, 11 with CCM_8.
     */
    @Test
    void encryptedAlertMeaningGivesTheRecordSize() throws IOException {
        assertThat(AlertMeaning.encrypted(true)).contains("19 bytes").contains("11 with CCM_8")
                .contains("16-byte AEAD tag");
        assertThat(connection("mtls13-openssl.pcap", 1).evidence()).extracting(Evidence::what)
                .anyMatch(w -> w.contains("alert (19 bytes)"));
    }

    /** F: alert 45 certificate_expired points at dates and clocks; 48 unknown_ca at issuer, chain, interception. */
    @ParameterizedTest(name = "{0} stream {1}")
    @CsvSource({"client-rejects-expired-tls13.pcap, 0, certificate_expired, clock",
            "client-rejects-unknown-ca-tls13.pcap, 0, unknown_ca, intermediate",
            "client-rejects-unknown-ca-tls13.pcap, 1, unknown_ca, intercepts TLS"})
    void certificateAlertsGetTheirOwnAdvice(String file, int stream, String alert, String advice) throws IOException {
        assertThat(row(file, stream).tshark()).contains("client fatal alert " + alert);
        ConnectionRecord c = connection(file, stream);
        assertThat(c.diagnosis()).filteredOn(f -> f.cause().id().equals("client_rejected_server_certificate"))
                .extracting(Finding::nextStep).anyMatch(s -> s.contains(advice));
    }

    /** G: a TLS 1.3-only client to a TLS 1.2 server: "offers only TLSv1.3", and a common version either way. */
    @ParameterizedTest(name = "{0} stream {1}")
    @CsvSource({"nginx-tls12-only.pcap, 0, curl --tlsv1.3", "nginx-tls12-only.pcap, 1, -tls1_3",
            "schannel-tls13-only-client.pcap, 0, TLS 1.3 only", "schannel-tls13-only-client.pcap, 2, TLS 1.3 only"})
    void tls13OnlyClientGetsAdviceBothWays(String file, int stream, String noteSays) throws IOException {
        assertThat(row(file, stream).note()).contains(noteSays);
        Finding f = first(connection(file, stream));
        assertThat(f.cause().id()).isEqualTo("version_mismatch");
        assertThat(f.explanation()).contains("offers only TLSv1.3").doesNotContain("belong to other versions");
        assertThat(f.nextStep()).startsWith("Enable TLSv1.3 on the server, or allow TLSv1.2 on the client");
    }

    /** I: alert 120 to clients offering only http/1.1 (RFC 7301 section 3.2): the finding names their offer. */
    @ParameterizedTest(name = "stream {0}")
    @CsvSource({"0, --alpn=http/1.1", "1, --http1.1", "3, -alpn http/1.1"})
    void noApplicationProtocolIsAnAlpnMismatchNamingTheOffer(int stream, String noteSays) throws IOException {
        Row row = row("alpn-mismatch.pcap", stream);
        assertThat(row.note()).contains(noteSays).containsIgnoringCase("application protocol");
        assertThat(row.tshark()).contains("server alert no_application_protocol (level 2)");
        ConnectionRecord c = connection("alpn-mismatch.pcap", stream);
        assertThat(c.clientHello().hello().alpn()).containsExactly("http/1.1");
        Finding f = first(c);
        assertThat(f.cause().id()).isEqualTo("alpn_mismatch");
        assertThat(f.confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(f.explanation()).contains("(http/1.1)").contains("RFC 7301 section 3.2");
    }

    /**
     * J: gnutls-serv --udp (AES-256-GCM only) answered with a HelloVerifyRequest, then dropped a hello offering only
     * ECDHE-RSA-AES128-GCM-SHA256 without an alert; its completed flow chose the suite this hello lacks.
     */
    @Test
    void aDtlsServerSilentAfterItsCookieRoundIsNotABlockedPath() throws IOException {
        Row row = row("dtls-server-silent.pcap", "udp:1");
        assertThat(row.note()).contains("offering only ECDHE-RSA-AES128-GCM-SHA256").contains("HelloVerifyRequest");
        assertThat(row.tshark()).startsWith("HelloVerifyRequest frame 16;").contains("no datagram from the server");
        ConnectionRecord c = udpFlow("dtls-server-silent.pcap", 1);
        Finding f = first(c);
        assertThat(f.cause().id()).isEqualTo("no_shared_cipher_suite");
        assertThat(f.explanation()).contains("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertThat(c.diagnosis()).extracting(x -> x.cause().id()).contains("server_silent_after_ack")
                .doesNotContain("udp_blocked");
    }

    /** H: TLS 1.2 without a client certificate: the CertificateRequest explains the alert, nothing else is blamed. */
    @Test
    void missingClientCertificateIsTheOnlyServerSideCause() throws IOException {
        assertThat(row("mtls12-openssl.pcap", 0).note()).contains("without a client certificate");
        ConnectionRecord c = connection("mtls12-openssl.pcap", 0);
        assertThat(first(c).cause().id()).isEqualTo("client_certificate_required");
        assertThat(c.diagnosis()).extracting(f -> f.cause().id()).doesNotContain("server_rejected_client_hello");
    }
}
