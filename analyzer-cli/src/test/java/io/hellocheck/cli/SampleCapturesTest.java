package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.tls.TlsNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every connection of sample-captures/EXPECTED.tsv gets the outcome, alert and frames that the generator's
 * scenario set up and tshark confirmed (sample-captures/gen/verify.py).
 */
class SampleCapturesTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();
    private static final Map<String, CaptureResult> RESULTS = new HashMap<>();

    record Row(String file, int stream, String client, String server, String outcome, String alert,
               String clientHelloFrame, String serverHelloFrame, String note) {
        @Override
        public String toString() {
            return file + " stream " + stream + " " + outcome;
        }
    }

    static Stream<Arguments> rows() throws IOException {
        List<String> lines = Files.readAllLines(Paths.samples().resolve("EXPECTED.tsv"));
        assertThat(lines).hasSizeGreaterThan(15);
        return lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split("\t", -1))
                .map(f -> Arguments.of(new Row(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], f[5], f[6], f[7], f[8])));
    }

    private static synchronized CaptureResult analyze(String file) throws IOException {
        CaptureResult r = RESULTS.get(file);
        if (r == null) {
            r = ANALYZER.analyze(Paths.samples().resolve(file));
            RESULTS.put(file, r);
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void connectionHasTheExpectedOutcome(Row row) throws IOException {
        CaptureResult result = analyze(row.file());
        Optional<ConnectionRecord> found = result.connections().stream()
                .filter(c -> c.tcpStream() == row.stream()).findFirst();
        assertThat(found).as("record for tcp.stream %d in %s", row.stream(), row.file()).isPresent();
        ConnectionRecord c = found.get();
        assertThat(c.client().toString()).isEqualTo(row.client());
        assertThat(c.server().toString()).isEqualTo(row.server());
        assertThat(c.outcome().name()).as(c.outcomeReason()).isEqualTo(row.outcome());
        if (row.alert().equals("-")) {
            assertThat(c.alert()).isNull();
        } else {
            assertThat(c.alert()).isNotNull();
            assertThat(TlsNames.alert(c.alert().description())).isEqualTo(row.alert());
        }
        if (row.clientHelloFrame().equals("-")) {
            assertThat(c.clientHello()).isNull();
        } else {
            assertThat(c.clientHello().frame()).isEqualTo(Long.parseLong(row.clientHelloFrame()));
        }
        if (row.serverHelloFrame().equals("-")) {
            assertThat(c.serverHello()).isNull();
        } else {
            assertThat(c.serverHello().frame()).isEqualTo(Long.parseLong(row.serverHelloFrame()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyRecordOfASampleIsListedInTheSidecar(String file) throws IOException {
        List<String> lines = Files.readAllLines(Paths.samples().resolve("EXPECTED.tsv"));
        long expected = lines.stream().skip(1).filter(l -> l.startsWith(file + "\t")).count();
        assertThat(analyze(file).connections()).hasSize((int) expected);
    }

    static Stream<String> files() throws IOException {
        try (Stream<Path> s = Files.list(Paths.samples())) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".pcap.gz"))
                    .sorted().toList().stream();
        }
    }

    /**
     * The top-ranked cause of each failed sample, known from how the scenario was set up (sample-captures/README.md):
     * the server's and client's configurations, not hellocheck's output.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "client-alert-48-unknown-ca-tls12.pcap, client_rejected_server_certificate",
        "no-response.pcap, server_silent_after_ack",
        "non-tls-http-response.pcap, non_tls_service",
        "server-alert-40-tls12.pcap, no_shared_cipher_suite",
        "server-alert-40-tls13.pcap, no_shared_cipher_suite",
        "server-alert-40-tls13-ipv6.pcap, no_shared_cipher_suite",
        "server-alert-70-protocol-version.pcap, version_mismatch",
        "server-closed.pcap, server_rejected_client_hello",
        "server-reset.pcap, server_rejected_client_hello",
        "tcp-no-answer-443.pcap, host_not_answering",
        "tcp-refused-8443.pcap, port_not_listening"})
    void theTopCauseOfEachFailedSampleIsTheOneItsScenarioBuilt(String file, String cause) throws IOException {
        List<ConnectionRecord> records = analyze(file).connections();
        assertThat(records).hasSize(1);
        ConnectionRecord c = records.get(0);
        assertThat(c.diagnosis()).as(c.outcomeReason()).isNotEmpty();
        assertThat(c.diagnosis().get(0).cause().id()).isEqualTo(cause);
        assertThat(c.diagnosis().get(0).nextStep()).isNotBlank();
    }
}
