package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture damaged after its start (server-reset.pcap, 847 bytes, with a pcap record header appended whose
 * captured length is 0x7fffffff) reaches the listener as {@link BatchListener#captureFailed}: its records,
 * then its servers and summary up to the damage with the error; a listener that does not implement it gets
 * {@link BatchListener#error} as before.
 */
class DamagedCaptureBatchTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();

    static byte[] damaged() throws IOException {
        byte[] b = Files.readAllBytes(BatchAnalyzerTest.samples().resolve("server-reset.pcap"));
        byte[] out = Arrays.copyOf(b, b.length + 16);
        ByteBuffer.wrap(out, b.length, 16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0).putInt(0).putInt(0x7fffffff).putInt(0x7fffffff);
        return out;
    }

    static final class Seen implements BatchListener {
        final List<String> events = new ArrayList<>();
        CaptureResult partial;
        InputError error;

        @Override
        public void captureStarted(String capture) {
            events.add("start");
        }

        @Override
        public void connection(ConnectionRecord record) {
            events.add("connection " + record.outcome());
        }

        @Override
        public void captureFinished(CaptureResult result) {
            events.add("finished");
        }

        @Override
        public void captureFailed(CaptureResult partial, InputError error) {
            events.add("failed");
            this.partial = partial;
            this.error = error;
        }

        @Override
        public void error(InputError error) {
            events.add("error");
        }
    }

    @Test
    void theListenerGetsTheServersAndSummaryReadBeforeTheDamageWithTheError(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("d.pcap"), damaged());
        Seen seen = new Seen();
        BatchSummary batch = BatchAnalyzer.builder(ANALYZER).build().run(List.of(f.toString()), null, seen);

        assertThat(seen.events).containsExactly("start", "connection SERVER_RESET", "failed");
        assertThat(seen.error.kind()).isEqualTo(InputError.Kind.CORRUPT);
        assertThat(seen.error.byteOffset()).isEqualTo(847);
        assertThat(seen.error.capture()).isEqualTo(f.toString());
        // the records came through connection(), as for a capture read to its end
        assertThat(seen.partial.connections()).isEmpty();
        assertThat(seen.partial.servers()).singleElement().satisfies(s -> {
            assertThat(s.server().toString()).isEqualTo("127.0.0.1:443");
            assertThat(s.connections()).isEqualTo(1);
            assertThat(s.completed()).isZero();
            assertThat(s.failed()).isEqualTo(1);
            assertThat(s.outcomes()).isEqualTo(Map.of(Outcome.SERVER_RESET, 1));
        });
        // the same counts as the undamaged server-reset.pcap
        var s = seen.partial.summary();
        assertThat(s.capture()).isEqualTo(f.toString());
        assertThat(s.format()).isEqualTo("pcap");
        assertThat(s.frames()).isEqualTo(6);
        assertThat(s.bytes()).isEqualTo(727);
        assertThat(s.tcpConnections()).isEqualTo(1);
        assertThat(s.connectionRecords()).isEqualTo(1);
        assertThat(s.failedHandshakes()).isEqualTo(1);
        assertThat(s.outcomes()).isEqualTo(Map.of(Outcome.SERVER_RESET, 1));
        assertThat(s.truncatedAtOffset()).isEqualTo(-1);
        assertThat(seen.partial.warnings()).isEmpty();

        assertThat(batch.captures()).isZero();
        assertThat(batch.errors()).isEqualTo(1);
        assertThat(batch.capturesWithErrors()).isEqualTo(1);
        assertThat(batch.frames()).isEqualTo(6);
        assertThat(batch.tcpConnections()).isEqualTo(1);
    }

    @Test
    void aGzippedDamagedCaptureHasItsCodecInTheFormat(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(damaged());
        }
        Path f = Files.write(dir.resolve("d.pcap.gz"), gz.toByteArray());
        Seen seen = new Seen();
        BatchAnalyzer.builder(ANALYZER).build().run(List.of(f.toString()), null, seen);
        assertThat(seen.events).containsExactly("start", "connection SERVER_RESET", "failed");
        assertThat(seen.partial.summary().format()).isEqualTo("pcap+gzip");
        assertThat(seen.partial.summary().frames()).isEqualTo(6);
        assertThat(seen.partial.servers()).hasSize(1);
        assertThat(seen.error.byteOffset()).isEqualTo(847);
        assertThat(seen.error.message()).endsWith(" of the decompressed gzip content");
    }

    /**
     * The gzip trailer's CRC-32 (RFC 1952 section 2.3.1) of server-reset.pcap altered: the whole capture is
     * decompressed, then the stream fails; the capture keeps its records, servers and summary (the counts of
     * server-reset.pcap), with an archive_corrupt error.
     */
    @Test
    void aCompressedStreamFailingAfterItsCaptureKeepsTheServersAndSummary(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(Files.readAllBytes(BatchAnalyzerTest.samples().resolve("server-reset.pcap")));
        }
        byte[] bad = gz.toByteArray();
        bad[bad.length - 8] ^= (byte) 0xff;
        Path f = Files.write(dir.resolve("crc.pcap.gz"), bad);
        Seen seen = new Seen();
        BatchSummary batch = BatchAnalyzer.builder(ANALYZER).build().run(List.of(f.toString()), null, seen);
        assertThat(seen.events).containsExactly("start", "connection SERVER_RESET", "failed");
        assertThat(seen.error.kind()).isEqualTo(InputError.Kind.ARCHIVE_CORRUPT);
        assertThat(seen.error.message()).startsWith("corrupt gzip data: ").doesNotContain("data: corrupt gzip data")
                .endsWith(" at byte offset 847 of the decompressed gzip content");
        // the whole of server-reset.pcap (847 bytes) was decompressed before the trailer's check failed
        assertThat(seen.error.byteOffset()).isEqualTo(847);
        assertThat(seen.partial.summary().format()).isEqualTo("pcap+gzip");
        assertThat(seen.partial.summary().frames()).isEqualTo(6);
        assertThat(seen.partial.summary().tcpConnections()).isEqualTo(1);
        assertThat(seen.partial.servers()).hasSize(1);
        assertThat(batch.frames()).isEqualTo(6);
        assertThat(batch.tcpConnections()).isEqualTo(1);
        assertThat(batch.connectionRecords()).isEqualTo(1);
    }

    @Test
    void aListenerWithoutCaptureFailedGetsTheErrorAsBefore(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("d.pcap"), damaged());
        List<String> events = new ArrayList<>();
        BatchAnalyzer.builder(ANALYZER).build().run(List.of(f.toString()), null, new BatchListener() {
            @Override
            public void connection(ConnectionRecord record) {
                events.add("connection");
            }

            @Override
            public void error(InputError error) {
                events.add("error " + error.kind() + " " + error.byteOffset());
            }
        });
        assertThat(events).containsExactly("connection", "error CORRUPT 847");
    }
}
