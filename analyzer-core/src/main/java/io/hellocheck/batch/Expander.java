package io.hellocheck.batch;

import io.hellocheck.capture.Cancellation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Turns the inputs as given into the tasks of a batch, in a fixed order: arguments in order, folders walked
 * recursively in path order, zip files split into one task per entry (central directory order). Files in
 * folders are kept when their first bytes say capture, archive or compressed capture, or their name says
 * capture or archive; the others are skipped and counted.
 */
final class Expander {
    /** The tasks, the input names for reports, and what was skipped. */
    record Expansion(List<Unit> units, List<String> inputs, long totalBytes, boolean stdin, List<String> skipped,
                     List<Unit.ZipHolder> zips) {
    }

    private final ArchiveLimits limits;
    private final List<Unit> units = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<Unit.ZipHolder> zips = new ArrayList<>();
    private long totalBytes;
    private boolean stdin;

    private Expander(ArchiveLimits limits) {
        this.limits = limits;
    }

    /**
     * The tasks of {@code args}; stopped between two files by {@code cancellation} or an interrupt.
     *
     * @throws IOException           when a folder cannot be listed
     * @throws InterruptedException  when this thread is interrupted
     * @throws java.util.concurrent.CancellationException when {@code cancellation} is cancelled
     */
    static Expansion expand(List<String> args, ArchiveLimits limits, Cancellation cancellation)
            throws IOException, InterruptedException {
        Expander e = new Expander(limits);
        for (String a : args) {
            e.arg(a, cancellation);
        }
        return new Expansion(List.copyOf(e.units), List.copyOf(e.inputs), e.totalBytes, e.stdin,
                List.copyOf(e.skipped), List.copyOf(e.zips));
    }

    private void arg(String a, Cancellation cancellation) throws IOException, InterruptedException {
        BatchAnalyzer.checkRun(cancellation);
        if (a.equals("-")) {
            if (!stdin) {
                stdin = true;
                inputs.add("-");
                units.add(new Unit.StdinUnit());
            }
            return;
        }
        Path p = Path.of(a);
        if (Files.isDirectory(p)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(p)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                BatchAnalyzer.checkRun(cancellation);
                file(f, f.toString(), false);
            }
        } else if (Files.exists(p)) {
            file(p, a, true);
        } else {
            inputs.add(a);
            units.add(new Unit.ErrorUnit(InputError.of(a, InputError.Kind.MISSING, "no such file or folder", -1)));
        }
    }

    private void file(Path f, String name, boolean explicit) {
        if (Magic.isEtl(name)) {
            inputs.add(name);
            units.add(new Unit.ErrorUnit(InputError.of(name, InputError.Kind.ETL_TRACE,
                    "a Windows ETW trace (.etl) is not a pcap or pcapng capture", -1)));
            return;
        }
        long size = size(f);
        Magic.Kind kind = sniff(f);
        if (kind == Magic.Kind.ZIP && zip(f, name, size)) {
            return;
        }
        boolean keep = explicit || Magic.looksLikeCaptureOrArchive(name) || kind == null
                || kind == Magic.Kind.CAPTURE || kind == Magic.Kind.TAR || kind == Magic.Kind.ZIP;
        if (!keep && kind.isCompressor()) {
            Magic.Kind inner = sniffCompressed(f, kind);
            keep = inner == null || inner == Magic.Kind.CAPTURE || inner.isArchive();
        }
        if (!keep) {
            skipped.add(name);
            return;
        }
        inputs.add(name);
        totalBytes += size;
        units.add(new Unit.FileUnit(f, name, size, explicit));
    }

    /** One task per entry; false when the file cannot be opened as a zip (it is then streamed instead). */
    private boolean zip(Path f, String name, long size) {
        List<ZipArchiveEntry> entries = new ArrayList<>();
        try (ZipFile z = ZipFile.builder().setPath(f).get()) {
            for (ZipArchiveEntry e : Collections.list(z.getEntries())) {
                if (!e.isDirectory() && !e.isUnixSymlink()) {
                    entries.add(e);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        inputs.add(name);
        totalBytes += size;
        String overlap = overlap(entries);
        if (overlap != null) {
            units.add(new Unit.ErrorUnit(InputError.of(name, InputError.Kind.ARCHIVE_LIMIT, overlap
                    + ", as zip bombs do to expand the same bytes many times; no entry was read", -1)));
            return true;
        }
        InputError tooMany = null;
        if (entries.size() > limits.maxEntries()) {
            entries = entries.subList(0, limits.maxEntries());
            tooMany = tooManyEntries(name, limits);
        }
        if (!entries.isEmpty()) {
            Unit.ZipHolder holder = new Unit.ZipHolder(f, limits.maxArchiveBytes(), entries.size());
            zips.add(holder);
            for (ZipArchiveEntry e : entries) {
                units.add(new Unit.ZipEntryUnit(holder, e, name + "!/" + Names.safe(e.getName()), limits));
            }
        }
        if (tooMany != null) {
            units.add(new Unit.ErrorUnit(tooMany));
        }
        return true;
    }

    /** The {@code archive_limit} error of an archive with more entries than {@link ArchiveLimits#maxEntries()}. */
    static InputError tooManyEntries(String name, ArchiveLimits limits) {
        return InputError.of(name, InputError.Kind.ARCHIVE_LIMIT, "the archive has more than " + limits.maxEntries()
                + " entries (the limit per archive); the first " + limits.maxEntries() + " were read", -1);
    }

    /**
     * Which entries share bytes of the zip file (from a local header to the end of the compressed data: the
     * central directory can list one deflated stream many times), or null when none do.
     */
    private static String overlap(List<ZipArchiveEntry> entries) {
        List<ZipArchiveEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(java.util.Comparator.comparingLong(ZipArchiveEntry::getLocalHeaderOffset));
        for (int i = 1; i < byOffset.size(); i++) {
            ZipArchiveEntry a = byOffset.get(i - 1);
            ZipArchiveEntry b = byOffset.get(i);
            long aEnd = Math.max(a.getDataOffset(), a.getLocalHeaderOffset()) + Math.max(0, a.getCompressedSize());
            if (b.getLocalHeaderOffset() < aEnd) {
                return "the entries " + Names.safe(a.getName()) + " and " + Names.safe(b.getName())
                        + " overlap in the zip file (at byte offset " + b.getLocalHeaderOffset() + ")";
            }
        }
        return null;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The kind of the file's first bytes, or null when it cannot be read (its task will say why). */
    private static Magic.Kind sniff(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] head = in.readNBytes(Magic.HEAD);
            return Magic.of(head, head.length);
        } catch (IOException e) {
            return null;
        }
    }

    /** The kind of a compressed file's first decompressed bytes, or null when they cannot be read. */
    private static Magic.Kind sniffCompressed(Path f, Magic.Kind codec) {
        try (InputStream in = Magic.decompress(codec, new BufferedInputStream(Files.newInputStream(f)))) {
            byte[] head = in.readNBytes(Magic.HEAD);
            return Magic.of(head, head.length);
        } catch (IOException | LinkageError | RuntimeException e) {
            return null;
        }
    }
}
