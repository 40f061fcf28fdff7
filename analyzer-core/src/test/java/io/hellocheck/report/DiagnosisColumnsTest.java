package io.hellocheck.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.batch.BatchAnalyzer;
import io.hellocheck.batch.BatchListener;
import io.hellocheck.batch.BatchSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The outputs keep the why (issue 13, point 10): the CSV has the first cause, its confidence, JA3 and JA4;
 * the batch summary's servers have {@code top_diagnoses} beside {@code top_causes}.
 */
class DiagnosisColumnsTest {
    private static Path sample(String name) {
        String root = System.getProperty("hellocheck.root");
        Path r = root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
        return r.resolve("sample-captures").resolve(name);
    }

    @Test
    void csvHasCauseConfidenceJa3AndJa4() throws IOException {
        // client-alert-48-unknown-ca-tls12.pcap: the client sends unknown_ca (48) after a one-certificate chain
        ConnectionRecord r = HelloCheck.builder().build().analyze(sample("client-alert-48-unknown-ca-tls12.pcap"))
                .connections().get(0);
        List<String> names = CsvRecords.COLUMNS.stream().map(c -> c[0]).toList();
        List<String> row = CsvRecords.row(r);
        assertThat(names).contains("diagnosis_cause", "diagnosis_confidence", "client_hello_ja3", "client_hello_ja4");
        assertThat(row.get(names.indexOf("diagnosis_cause"))).isEqualTo("client_rejected_server_certificate");
        assertThat(row.get(names.indexOf("diagnosis_confidence"))).isEqualTo("high");
        // tshark 4.0.17's tls.handshake.ja3 for this sample (JsonRecordsFingerprintTest)
        assertThat(row.get(names.indexOf("client_hello_ja3"))).isEqualTo("871a754af286dfb70c1b53c6887c62e0");
        // JA4's first part from the ClientHello as tshark shows it: TLS 1.2, SNI, 28 suites, 7 extensions, no ALPN
        assertThat(row.get(names.indexOf("client_hello_ja4"))).matches("t12d280700_[0-9a-f]{12}_[0-9a-f]{12}");
    }

    @Test
    void batchSummaryServersHaveTopDiagnoses() throws Exception {
        BatchSummary s = BatchAnalyzer.builder(HelloCheck.builder().build()).threads(1).build()
                .run(List.of(sample("client-alert-48-unknown-ca-tls12.pcap").toString()), null, new BatchListener() {
                });
        JsonNode servers = RecordTrees.batchSummary(s).get("servers");
        assertThat(servers).hasSize(1);
        assertThat(servers.get(0).get("top_causes").toString())
                .isEqualTo("[{\"cause\":\"FAILED_AFTER_SERVER_HELLO unknown_ca (48) from client\",\"count\":1}]");
        assertThat(servers.get(0).get("top_diagnoses").toString())
                .isEqualTo("[{\"cause\":\"client_rejected_server_certificate\",\"count\":1}]");
    }
}
