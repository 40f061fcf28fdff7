package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.HelloCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchAnalyzer#runStream}: one input from a stream, on the calling thread. Expected outcomes are those
 * of sample-captures/EXPECTED.tsv (how each scenario was made).
 */
class RunStreamTest {
    private static final BatchAnalyzer BATCH = BatchAnalyzer.builder(HelloCheck.builder().build()).build();

    private static byte[] tar(String... files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String f : files) {
                byte[] content = f.endsWith(".pcap") ? Files.readAllBytes(BatchAnalyzerTest.samples().resolve(f))
                        : "not a capture".getBytes(StandardCharsets.US_ASCII);
                TarArchiveEntry e = new TarArchiveEntry(f);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void streamsTheEntriesOfAnArchiveOnTheCallingThread() throws IOException {
        BatchAnalyzerTest.Log log = new BatchAnalyzerTest.Log();
        Thread caller = Thread.currentThread();
        boolean[] elsewhere = new boolean[1];
        BatchSummary s;
        try (InputStream in = new ByteArrayInputStream(tar("server-reset.pcap", "notes.txt", "tls13-resumption.pcap"))) {
            s = BATCH.runStream(in, "captures.tar", false, new BatchListener() {
                @Override
                public void connection(io.hellocheck.analysis.ConnectionRecord r) {
                    elsewhere[0] |= Thread.currentThread() != caller;
                    log.connection(r);
                }
            });
        }
        assertThat(elsewhere[0]).isFalse();
        assertThat(log.lines).hasSize(3);
        assertThat(log.lines.get(0)).startsWith("connection captures.tar").endsWith("server-reset.pcap 0 SERVER_RESET");
        assertThat(log.lines.get(1)).endsWith("tls13-resumption.pcap 0 COMPLETED");
        assertThat(log.lines.get(2)).endsWith("tls13-resumption.pcap 1 COMPLETED");
        assertThat(s.captures()).isEqualTo(2);
        assertThat(s.skippedFiles()).isEqualTo(1);
        assertThat(s.connectionRecords()).isEqualTo(3);
        assertThat(s.failedHandshakes()).isEqualTo(1);
        assertThat(s.errors()).isZero();
    }

    @Test
    void anExplicitInputThatIsNoCaptureIsAnError() {
        InputStream in = new ByteArrayInputStream("not a capture at all".getBytes(StandardCharsets.US_ASCII));
        BatchSummary s = BATCH.runStream(in, "notes.pcap", true, new BatchListener() { });
        assertThat(s.errors()).isEqualTo(1);
        assertThat(s.errorList().get(0).kind()).isEqualTo(InputError.Kind.NOT_A_CAPTURE);
        assertThat(s.captures()).isZero();
    }
}
