package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compressed capture cut short: every byte the decompressor can produce before the cut is analyzed, the cut
 * is a warning at that byte count, and the records are those of the plain capture cut at the same byte count.
 * The number of recoverable bytes comes from an independent decompression of the cut file: the JDK's
 * GZIPInputStream for gzip, commons-compress's decompressor read one byte at a time for xz, bzip2 and zstd.
 */
class TruncatedCompressionTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();

    interface Codec {
        OutputStream compress(OutputStream out) throws IOException;

        InputStream decompress(InputStream in) throws IOException;
    }

    private static final Codec GZIP = new Codec() {
        public OutputStream compress(OutputStream out) throws IOException {
            return new GZIPOutputStream(out);
        }

        public InputStream decompress(InputStream in) throws IOException {
            return new GZIPInputStream(in);
        }
    };
    private static final Codec XZ = new Codec() {
        public OutputStream compress(OutputStream out) throws IOException {
            return new XZCompressorOutputStream(out);
        }

        public InputStream decompress(InputStream in) throws IOException {
            return new XZCompressorInputStream(in);
        }
    };
    private static final Codec BZIP2 = new Codec() {
        public OutputStream compress(OutputStream out) throws IOException {
            return new BZip2CompressorOutputStream(out, 1); // 100 kB blocks
        }

        public InputStream decompress(InputStream in) throws IOException {
            return new BZip2CompressorInputStream(in);
        }
    };
    private static final Codec ZSTD = new Codec() {
        public OutputStream compress(OutputStream out) throws IOException {
            return new ZstdCompressorOutputStream(out);
        }

        public InputStream decompress(InputStream in) throws IOException {
            return new ZstdCompressorInputStream(in);
        }
    };

    static byte[] compress(Codec codec, byte[] data) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = codec.compress(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** What the reference decompressor yields from {@code cut}, read one byte at a time until it gives up. */
    static int recoverable(Codec codec, byte[] cut) {
        int n = 0;
        try (InputStream in = codec.decompress(new ByteArrayInputStream(cut))) {
            while (in.read() >= 0) {
                n++;
            }
        } catch (IOException e) {
            // the cut
        }
        return n;
    }

    /** What one input gave: connection records (without the capture's name), warnings, errors. */
    static final class Seen implements BatchListener {
        final List<String> records = new ArrayList<>();
        final List<CaptureWarning> warnings = new ArrayList<>();
        final List<InputError> errors = new ArrayList<>();
        final List<CaptureResult> results = new ArrayList<>();

        @Override
        public void connection(ConnectionRecord r) {
            records.add(r.toString().replace(r.capture(), "<capture>"));
        }

        @Override
        public void captureFinished(CaptureResult r) {
            results.add(r);
            warnings.addAll(r.warnings());
        }

        @Override
        public void warning(String input, CaptureWarning w) {
            warnings.add(w);
        }

        @Override
        public void error(InputError e) {
            errors.add(e);
        }
    }

    static Seen analyze(Path file) throws Exception {
        Seen seen = new Seen();
        BatchAnalyzer.builder(ANALYZER).threads(1).build().run(List.of(file.toString()), null, seen);
        return seen;
    }

    /** A capture big enough for several xz chunks and bzip2 blocks, many records: a TCP_REFUSED each. */
    static byte[] capture(Path dir, int connections) throws Exception {
        return Files.readAllBytes(BatchAnalyzerTest.refused(dir.resolve("plain.pcap"), connections));
    }

    private static void check(Path dir, Codec codec, String suffix, byte[] plain, double... fractions)
            throws Exception {
        byte[] compressed = compress(codec, plain);
        int checked = 0;
        for (double f : fractions) {
            int cutAt = (int) (compressed.length * f);
            byte[] cut = Arrays.copyOf(compressed, cutAt);
            int expected = recoverable(codec, cut);
            assertThat(expected).as("%s cut at %d: the reference recovers part of the data", suffix, cutAt)
                    .isLessThan(plain.length);
            if (expected < 24) {
                continue; // not even the pcap file header: an error for the plain capture too
            }
            Path file = Files.write(dir.resolve("cut-" + cutAt + ".pcap." + suffix), cut);
            Path same = Files.write(dir.resolve("same-" + cutAt + ".pcap"), Arrays.copyOf(plain, expected));
            Seen got = analyze(file);
            Seen want = analyze(same);
            assertThat(got.errors).as("%s cut at %d", suffix, cutAt).isEmpty();
            assertThat(got.warnings).as("%s cut at %d", suffix, cutAt)
                    .anySatisfy(w -> {
                        assertThat(w.message()).contains("stream is cut short after " + expected + " bytes");
                        assertThat(w.byteOffset()).isEqualTo(expected);
                    });
            assertThat(got.records).as("%s cut at %d", suffix, cutAt).isEqualTo(want.records);
            assertThat(got.results.get(0).summary().frames()).isEqualTo(want.results.get(0).summary().frames());
            assertThat(got.results.get(0).summary().truncatedAtOffset())
                    .isEqualTo(want.results.get(0).summary().truncatedAtOffset());
            checked++;
        }
        assertThat(checked).as("cuts checked for %s", suffix).isGreaterThanOrEqualTo(fractions.length - 1);
    }

    @Test
    void aGzipCaptureCutShortKeepsEveryByteBeforeTheCut(@TempDir Path dir) throws Exception {
        byte[] plain = capture(dir, 3000);
        check(dir, GZIP, "gz", plain, 0.1, 0.33, 0.5, 0.77, 0.999);
        // The user's case: a small capture, cut inside the first 64 KiB of decompressed data.
        byte[] small = Files.readAllBytes(BatchAnalyzerTest.samples().resolve("server-reset.pcap"));
        check(dir, GZIP, "gz", small, 0.7, 0.9);
    }

    @Test
    void anXzCaptureCutShortKeepsEveryWholeChunkBeforeTheCut(@TempDir Path dir) throws Exception {
        byte[] plain = capture(dir, 60_000); // about 7 MB: LZMA2 chunks of 2 MiB
        check(dir, XZ, "xz", plain, 0.4, 0.7, 0.95);
    }

    /** Cut inside its first chunk, an xz capture yields nothing: an error saying the stream is cut short. */
    @Test
    void anXzCaptureCutInsideItsFirstChunkIsACorruptArchiveThatSaysSo(@TempDir Path dir) throws Exception {
        byte[] compressed = compress(XZ, Files.readAllBytes(BatchAnalyzerTest.samples().resolve("server-reset.pcap")));
        byte[] cut = Arrays.copyOf(compressed, compressed.length / 2);
        assertThat(recoverable(XZ, cut)).isZero();
        Seen got = analyze(Files.write(dir.resolve("cut.pcap.xz"), cut));
        assertThat(got.errors).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(InputError.Kind.ARCHIVE_CORRUPT);
            assertThat(e.message()).isEqualTo("the xz stream is cut short before any capture data could be decoded");
        });
    }

    /** Cut inside its first block, a bzip2 capture yields nothing: an error saying the stream is cut short. */
    @Test
    void aBzip2CaptureCutInsideItsFirstBlockSaysItIsCutShort(@TempDir Path dir) throws Exception {
        byte[] compressed = compress(BZIP2, Files.readAllBytes(BatchAnalyzerTest.samples().resolve("server-reset.pcap")));
        byte[] cut = Arrays.copyOf(compressed, compressed.length / 2);
        assertThat(recoverable(BZIP2, cut)).isZero();
        Seen got = analyze(Files.write(dir.resolve("cut.pcap.bz2"), cut));
        assertThat(got.errors).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(InputError.Kind.ARCHIVE_CORRUPT);
            assertThat(e.message()).isEqualTo("the bzip2 stream is cut short before any capture data could be decoded");
        });
    }

    @Test
    void aBzip2CaptureCutShortKeepsEveryByteBeforeTheCut(@TempDir Path dir) throws Exception {
        byte[] plain = capture(dir, 3000);
        check(dir, BZIP2, "bz2", plain, 0.3, 0.6, 0.9);
    }

    @Test
    void aZstdCaptureCutShortKeepsEveryByteBeforeTheCut(@TempDir Path dir) throws Exception {
        byte[] plain = capture(dir, 8000);
        check(dir, ZSTD, "zst", plain, 0.3, 0.6, 0.9);
    }

    @Test
    void aTarGzCutShortKeepsEveryByteOfTheEntryItEndsIn(@TempDir Path dir) throws Exception {
        List<byte[]> entries = new ArrayList<>();
        for (String name : List.of("tls13-ok.pcap", "server-reset.pcap", "tls13-resumption.pcap", "tls12-ok.pcap")) {
            entries.add(Files.readAllBytes(BatchAnalyzerTest.samples().resolve(name)));
        }
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        long[] dataOffsets = new long[entries.size()];
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
            long offset = 0;
            for (int i = 0; i < entries.size(); i++) {
                TarArchiveEntry e = new TarArchiveEntry("e" + i + ".pcap");
                e.setSize(entries.get(i).length);
                tar.putArchiveEntry(e);
                tar.write(entries.get(i));
                tar.closeArchiveEntry();
                dataOffsets[i] = offset + 512;
                offset += 512 + (entries.get(i).length + 511) / 512 * 512;
            }
        }
        byte[] compressed = compress(GZIP, tarBytes.toByteArray());
        int checked = 0;
        for (double f : new double[] {0.2, 0.45, 0.6, 0.8}) {
            int cutAt = (int) (compressed.length * f);
            byte[] cut = Arrays.copyOf(compressed, cutAt);
            int expected = recoverable(GZIP, cut);
            int entry = -1;
            for (int i = 0; i < entries.size(); i++) {
                if (expected >= dataOffsets[i] && expected < dataOffsets[i] + entries.get(i).length) {
                    entry = i;
                }
            }
            if (entry < 0 || expected - dataOffsets[entry] < 24) {
                continue; // the cut falls in a header or padding
            }
            long inEntry = expected - dataOffsets[entry];
            Seen got = analyze(Files.write(dir.resolve("cut-" + cutAt + ".tar.gz"), cut));
            Seen want = analyze(Files.write(dir.resolve("same-" + cutAt + ".pcap"),
                    Arrays.copyOf(entries.get(entry), (int) inEntry)));
            assertThat(got.errors).as("cut at %d", cutAt).isEmpty();
            assertThat(got.warnings).as("cut at %d", cutAt).anySatisfy(w ->
                    assertThat(w.message()).contains("the archive ends inside this entry after " + inEntry + " bytes"));
            assertThat(got.results).hasSize(entry + 1);
            CaptureResult last = got.results.get(entry);
            assertThat(last.summary().frames()).isEqualTo(want.results.get(0).summary().frames());
            assertThat(last.summary().truncatedAtOffset()).isEqualTo(want.results.get(0).summary().truncatedAtOffset());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }
}
