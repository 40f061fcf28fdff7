package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.HelloCheck;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch summary counts completed handshakes that carry a finding apart from failures: in the lab capture
 * {@code node-tls12-cert-rejected.pcap} Node.js completed three TLS 1.2 handshakes and refused each certificate after
 * them (it printed DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID), which CONTRACT.md
 * keeps COMPLETED, not failed.
 */
class CompletedWithFindingsTest {
    @Test
    void threeCompletedWithAFindingNoFailure(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("node-tls12-cert-rejected.pcap");
        try (InputStream in = CompletedWithFindingsTest.class.getResourceAsStream(
                "/io/hellocheck/analysis/lab/node-tls12-cert-rejected.pcap")) {
            Files.copy(in, capture);
        }
        BatchSummary s = BatchAnalyzer.builder(HelloCheck.builder().build()).threads(1).build()
                .run(List.of(capture.toString()), null, new BatchAnalyzerTest.Log());
        assertThat(s.failedHandshakes()).isZero();
        assertThat(s.hasFailures()).isFalse();
        assertThat(s.completedWithFindings()).isEqualTo(3);
    }
}
