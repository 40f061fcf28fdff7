package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ServerRecord;
import io.hellocheck.report.RecordTrees;
import io.hellocheck.report.TextReport;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The retries and differences the scenario lab's captures show, against what scenarios/EXPECTED.tsv's notes say
 * the clients did (the same program with a client certificate added, a PROXY header added, another program
 * from the same address, a server limited to TLS 1.2 ...).
 */
class ScenarioLabRetriesTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();
    private static final String UNCHANGED = "the ClientHello did not change; what changed is outside it (a client"
            + " certificate, the trust store, the client's timeout, a PROXY header)";

    private static String note(String file, int stream) throws IOException {
        return ScenarioLabTest.table().stream().filter(r -> r.file().equals(file) && !r.udp() && r.stream() == stream)
                .findFirst().orElseThrow().note();
    }

    private static CaptureResult analyze(String file) throws IOException {
        return ANALYZER.analyze(ScenarioLabTest.lab().resolve(file));
    }

    private static ServerRecord.Retry retry(CaptureResult r, int failed) {
        return r.servers().stream().flatMap(s -> s.retries().stream()).filter(t -> t.failedStream() == failed)
                .findFirst().orElseThrow();
    }

    @Test
    void addingAClientCertificateIsNotCalledTransient() throws IOException {
        for (String file : List.of("mtls13-openssl.pcap", "mtls13-gnutls.pcap")) {
            assertThat(note(file, 2)).contains("without a client certificate");
            assertThat(note(file, 3)).contains("with a client certificate");
            ServerRecord.Retry t = retry(analyze(file), 2);
            assertThat(t.completedStream()).isEqualTo(3);
            assertThat(t.otherClientJa4()).as(file).isNull();
            assertThat(t.differences()).as(file).containsExactly(UNCHANGED);
        }
    }

    @Test
    void aClientThatGaveUpWasNotTransient() throws IOException {
        assertThat(note("client-gave-up-slow-server.pcap", 0)).startsWith("curl --max-time 1.5");
        assertThat(note("client-gave-up-slow-server.pcap", 2)).startsWith("curl waiting up to 6 s");
        ServerRecord.Retry t = retry(analyze("client-gave-up-slow-server.pcap"), 0);
        assertThat(t.completedStream()).isEqualTo(2);
        assertThat(t.differences()).containsExactly(UNCHANGED);
    }

    @Test
    void anAddedProxyHeaderIsADifference() throws IOException {
        assertThat(note("nginx-proxy-protocol.pcap", 1)).contains("without the PROXY header");
        assertThat(note("nginx-proxy-protocol.pcap", 2)).contains("--haproxy-protocol");
        ServerRecord.Retry t = retry(analyze("nginx-proxy-protocol.pcap"), 1);
        assertThat(t.differences()).containsExactly("PROXY v1 added before the ClientHello");
    }

    @Test
    void anAddedGroupAndASmallerHelloAreDifferences() throws IOException {
        assertThat(note("no-shared-group.pcap", 1)).contains("-groups x25519:secp384r1");
        assertThat(retry(analyze("no-shared-group.pcap"), 0).differences())
                .contains("supported groups: secp384r1 added");
        // "a 1.3 KB ClientHello" then "s_client default (small ClientHello)"; tshark's tls.handshake.length
        // is 1285 and 309, plus the 4-byte handshake header
        assertThat(note("large-client-hello-dropped.pcap", 0)).contains("a 1.3 KB ClientHello");
        assertThat(retry(analyze("large-client-hello-dropped.pcap"), 0).differences())
                .contains("ClientHello 1289 bytes in 1 segment -> 313 bytes in 1 segment");
    }

    @Test
    void addedVersionsComeBeforeTheSuites() throws IOException {
        // openssl s_client -tls1_3, then curl default (TLS 1.2 and 1.3): another program, TLS 1.2 added
        assertThat(note("nginx-tls12-only.pcap", 1)).startsWith("openssl s_client -tls1_3");
        assertThat(note("nginx-tls12-only.pcap", 2)).startsWith("curl default (TLS 1.2 and 1.3)");
        CaptureResult r = analyze("nginx-tls12-only.pcap");
        ServerRecord.Retry t = retry(r, 1);
        assertThat(t.otherClientJa4()).startsWith("t13d");
        assertThat(RecordTrees.server("lab", r.servers().get(0)).get("retries").get(0).get("other_client_ja4")
                .asText()).isEqualTo(t.otherClientJa4());
        assertThat(t.differences().get(0)).startsWith("offered versions: TLSv1.2");
    }

    @Test
    void anotherClientAfterACertificateFailureIsNotARetry() throws IOException {
        assertThat(note("client-rejects-unknown-ca-tls13.pcap", 1)).startsWith("openssl s_client");
        assertThat(note("client-rejects-unknown-ca-tls13.pcap", 3)).startsWith("curl trusting the lab CA");
        CaptureResult r = analyze("client-rejects-unknown-ca-tls13.pcap");
        ServerRecord.Retry t = retry(r, 1);
        assertThat(t.completedStream()).isEqualTo(3);
        assertThat(t.otherClientJa4()).isNotNull();
        assertThat(t.differences()).isEmpty();
        assertThat(TextReport.render(r, false).replaceAll("\\s+", " ")).contains("tcp.stream 1"
                + " (FAILED_AFTER_SERVER_HELLO) failed; another client (JA4 " + t.otherClientJa4() + ") from the same"
                + " address completed in tcp.stream 3 ").doesNotContain("was retried by tcp.stream 3");
    }

    @Test
    void offeringTls13IsNoFactorForAServerThatNeverChoseIt() throws IOException {
        for (String file : List.of("nginx-no-shared-cipher.pcap", "gnutls-no-shared-cipher.pcap",
                "schannel-no-shared-cipher.pcap")) {
            // EXPECTED.tsv's tshark column: every ServerHello of the capture is version 0x0303
            assertThat(Files.readAllLines(ScenarioLabTest.lab().resolve("EXPECTED.tsv")).stream()
                    .filter(l -> l.startsWith(file + "\t")).map(l -> l.split("\t")[6]))
                    .anyMatch(t -> t.contains("ServerHello frame")).noneMatch(t -> t.contains("0x0304"));
            assertThat(analyze(file).servers().get(0).differences()).as(file)
                    .noneMatch(d -> d.factor().equals("offers TLSv1.3"));
        }
        // nginx ssl_protocols TLSv1.3 rejected the clients without TLS 1.3: there the factor stays
        assertThat(note("nginx-tls13-only.pcap", 0)).contains("ssl_protocols TLSv1.3");
        assertThat(analyze("nginx-tls13-only.pcap").servers().get(0).differences())
                .anyMatch(d -> d.factor().equals("offers TLSv1.3") && d.finding() != null);
    }
}
