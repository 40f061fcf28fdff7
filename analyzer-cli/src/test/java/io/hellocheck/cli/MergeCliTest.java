package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --merge}: the capture files given are one capture (issue 13, point 3). */
class MergeCliTest {
    @Test
    void mergedFilesAreOneCaptureNamedAfterThem() {
        String a = Paths.samples().resolve("tls12-ok.pcap").toString();
        String b = Paths.samples().resolve("server-alert-40-tls12.pcap").toString();
        Runs.Run merged = Runs.run("analyze", "--merge", "--format", "jsonl", a, b);
        Runs.Run apart = Runs.run("analyze", "--format", "jsonl", a, b);
        assertThat(merged.code()).isEqualTo(1);
        List<JsonNode> summaries = merged.ofType("summary");
        // one capture summary for the group, then the batch summary
        assertThat(summaries).extracting(s -> s.get("scope").asText()).containsExactly("capture", "batch");
        assertThat(summaries.get(0).get("capture").asText()).isEqualTo(a + " + " + b);
        // as many records and frames as the two files apart
        assertThat(merged.ofType("connection")).hasSameSizeAs(apart.ofType("connection"));
        long frames = apart.ofType("summary").stream().filter(s -> s.get("scope").asText().equals("capture"))
                .mapToLong(s -> s.get("frames").asLong()).sum();
        assertThat(summaries.get(0).get("frames").asLong()).isEqualTo(frames);
    }
}
