package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive bounds against hostile zips: a central directory listing one deflated stream many times (the
 * overlapping-entries bomb of D. Fifield, "A better zip bomb", WOOT 2019) is refused before any entry is
 * read; more entries than the limit is one {@code archive_limit} error, in a zip file and in a streamed zip.
 */
class ArchiveBoundsTest {

    static byte[] zip(List<String> names, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (String n : names) {
                ZipArchiveEntry e = new ZipArchiveEntry(n);
                e.setMethod(ZipArchiveEntry.DEFLATED);
                zip.putArchiveEntry(e);
                zip.write(content);
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /**
     * A zip of one entry named {@code a0.pcap} whose central directory lists that entry {@code copies} times, as
     * a0.pcap, a1.pcap, ...: every listed entry points at the same local header and deflated data (APPNOTE.TXT
     * 4.3.12 and 4.3.16 for the records changed).
     */
    static byte[] overlapping(byte[] content, int copies) throws IOException {
        byte[] one = zip(List.of("a0.pcap"), content);
        ByteBuffer b = ByteBuffer.wrap(one).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = one.length - 22;
        assertThat(b.getInt(eocd)).isEqualTo(0x06054b50);
        int cdSize = b.getInt(eocd + 12);
        int cdOffset = b.getInt(eocd + 16);
        byte[] record = Arrays.copyOfRange(one, cdOffset, cdOffset + cdSize);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(one, 0, cdOffset);
        for (int i = 0; i < copies; i++) {
            byte[] r = record.clone();
            r[46 + 1] = (byte) ('0' + i); // the digit of the file name, which starts at offset 46
            out.write(r);
        }
        byte[] end = Arrays.copyOfRange(one, eocd, one.length);
        ByteBuffer e = ByteBuffer.wrap(end).order(ByteOrder.LITTLE_ENDIAN);
        e.putShort(8, (short) copies).putShort(10, (short) copies).putInt(12, copies * cdSize);
        out.write(end);
        return out.toByteArray();
    }

    static byte[] capture(Path dir) throws IOException {
        return Files.readAllBytes(RecordFailureIsolationTest.resetAndRefused(dir.resolve("c.pcap")));
    }

    private record Seen(List<String> events, BatchSummary summary) {
    }

    private static Seen run(ArchiveLimits limits, List<String> inputs, byte[] stdin) throws Exception {
        List<String> events = new ArrayList<>();
        BatchSummary s = BatchAnalyzer.builder(HelloCheck.builder().build()).threads(2).archiveLimits(limits).build()
                .run(inputs, stdin == null ? null : new ByteArrayInputStream(stdin), new BatchListener() {
                    @Override
                    public void captureFinished(CaptureResult r) {
                        events.add("finish " + r.summary().capture());
                    }

                    @Override
                    public void warning(String input, io.hellocheck.engine.CaptureWarning w) {
                        events.add("warning " + input + ": " + w.message());
                    }

                    @Override
                    public void error(InputError e) {
                        events.add("error " + e.kind() + " " + e.capture() + ": " + e.message());
                    }
                });
        return new Seen(events, s);
    }

    @Test
    void aCentralDirectoryListingOneStreamManyTimesIsRefusedBeforeAnyEntryIsRead(@TempDir Path dir)
            throws Exception {
        Path bomb = dir.resolve("bomb.zip");
        Files.write(bomb, overlapping(capture(dir), 8));
        Seen s = run(ArchiveLimits.defaults(), List.of(bomb.toString()), null);
        assertThat(s.events()).singleElement().asString().startsWith("error ARCHIVE_LIMIT " + bomb
                + ": the entries a0.pcap and a1.pcap overlap in the zip file (at byte offset 0)");
        assertThat(s.summary().captures()).isZero();
        assertThat(s.summary().errors()).isEqualTo(1);
    }

    @Test
    void moreEntriesThanTheLimitIsAnArchiveLimitErrorInAZipFileAndInAStreamedZip(@TempDir Path dir)
            throws Exception {
        byte[] zip = zip(List.of("1.pcap", "2.pcap", "3.pcap", "4.pcap", "5.pcap"), capture(dir));
        Path file = dir.resolve("five.zip");
        Files.write(file, zip);
        ArchiveLimits three = new ArchiveLimits(4L << 30, 32L << 30, 1000, 3);
        String limit = "the archive has more than 3 entries (the limit per archive); the first 3 were read";
        Seen fromFile = run(three, List.of(file.toString()), null);
        assertThat(fromFile.events()).containsExactly("finish " + file + "!/1.pcap", "finish " + file + "!/2.pcap",
                "finish " + file + "!/3.pcap", "error ARCHIVE_LIMIT " + file + ": " + limit);
        assertThat(fromFile.summary().errors()).isEqualTo(1);
        Seen streamed = run(three, List.of("-"), zip);
        assertThat(streamed.events()).containsExactly("finish -!/1.pcap", "finish -!/2.pcap", "finish -!/3.pcap",
                "error ARCHIVE_LIMIT -: " + limit);
        assertThat(streamed.summary().errors()).isEqualTo(1);
    }

    /** A libpcap file header (Ethernet) followed by {@code zeros} zero bytes: empty records, very compressible. */
    static byte[] zeroPcap(int zeros) {
        ByteBuffer b = ByteBuffer.allocate(24 + zeros).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        return b.array();
    }

    @Test
    void aStreamedZipEntryWhoseHeaderDeclaresNoSizeStillHasItsRatioChecked() throws Exception {
        // written to a stream, a zip entry's local header says 0 bytes and a data descriptor after the data gives
        // the sizes (APPNOTE.TXT 4.3.9): the ratio must count the compressed bytes read, not the declared 0
        byte[] zip = zip(List.of("zeros.pcap"), zeroPcap(72 << 20));
        assertThat(zip.length).isLessThan(1 << 20);
        ArchiveLimits ratio100 = new ArchiveLimits(4L << 30, 32L << 30, 100, 100_000);
        Seen s = run(ratio100, List.of("-"), zip);
        assertThat(s.events()).anySatisfy(e -> assertThat(e).startsWith("error ARCHIVE_LIMIT -!/zeros.pcap: expands "
                + "more than 100 times"));
    }
}
