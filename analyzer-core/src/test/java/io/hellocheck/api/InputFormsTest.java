package io.hellocheck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hellocheck.HelloCheck;
import io.hellocheck.engine.ApiAccess;
import io.hellocheck.report.JsonRecords;
import io.hellocheck.result.AnalysisResult;
import io.hellocheck.result.CaptureResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HelloCheck#analyze(Path...)} reads every form the command line reads: the same sample capture as xz,
 * zstd, bzip2, in a zip and in a tar.gz gives the same connection records as the plain file (all but their
 * {@code capture} name), as a stream too.
 */
class InputFormsTest {
    private static final Path SAMPLE = ApiBaselineTest.root().resolve("sample-captures/server-alert-40-tls13.pcap");

    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    static Path compressed(Path dir, String suffix, Compressor c) throws IOException {
        Path out = dir.resolve("sample.pcap" + suffix);
        try (OutputStream o = c.wrap(Files.newOutputStream(out))) {
            Files.copy(SAMPLE, o);
        }
        return out;
    }

    static Path zip(Path dir) throws IOException {
        Path out = dir.resolve("sample.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(Files.newOutputStream(out))) {
            z.putArchiveEntry(new ZipArchiveEntry("inner/sample.pcap"));
            Files.copy(SAMPLE, z);
            z.closeArchiveEntry();
        }
        return out;
    }

    static Path tarGz(Path dir) throws IOException {
        Path out = dir.resolve("sample.tar.gz");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(Files.newOutputStream(out)))) {
            TarArchiveEntry e = new TarArchiveEntry("inner/sample.pcap");
            e.setSize(Files.size(SAMPLE));
            t.putArchiveEntry(e);
            Files.copy(SAMPLE, t);
            t.closeArchiveEntry();
        }
        return out;
    }

    /** The capture's connection records as JSON, without their {@code capture} name. */
    static List<ObjectNode> records(CaptureResult c) {
        return c.connections().stream().map(r -> {
            ObjectNode o = JsonRecords.connection(ApiAccess.results().internal(r));
            o.remove("capture");
            return o;
        }).toList();
    }

    @Test
    void everyFormGivesTheRecordsOfThePlainFile(@TempDir Path dir) throws Exception {
        HelloCheck analyzer = HelloCheck.builder().threads(2).build();
        AnalysisResult plain = analyzer.analyze(SAMPLE);
        List<ObjectNode> expected = records(plain.capture());
        // tshark -r server-alert-40-tls13.pcap -Y tls.handshake.type==1: one ClientHello
        assertThat(expected).hasSize(1);
        assertThat(expected.get(0).get("outcome").asText()).isEqualTo("SERVER_ALERT");

        List<Path> forms = List.of(
                compressed(dir, ".xz", XZCompressorOutputStream::new),
                compressed(dir, ".zst", ZstdCompressorOutputStream::new),
                compressed(dir, ".bz2", BZip2CompressorOutputStream::new),
                zip(dir), tarGz(dir));
        AnalysisResult all = analyzer.analyze(forms.toArray(Path[]::new));
        assertThat(all.errors()).isEmpty();
        assertThat(all.captures()).hasSize(forms.size());
        for (CaptureResult c : all.captures()) {
            assertThat(records(c)).as(c.capture()).isEqualTo(expected);
        }
        assertThat(all.captures().get(0).summary().format()).isEqualTo("pcap+xz");
        assertThat(all.captures().get(3).capture()).endsWith("sample.zip!/inner/sample.pcap");

        try (InputStream in = Files.newInputStream(forms.get(1))) {
            assertThat(records(analyzer.analyze(in, "stdin").capture())).isEqualTo(expected);
        }
    }
}
