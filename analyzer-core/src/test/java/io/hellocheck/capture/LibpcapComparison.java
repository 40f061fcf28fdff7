package io.hellocheck.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * Differential check of {@link CaptureReader} against libpcap (through pcap4j): every frame's timestamp in
 * nanoseconds, original length, captured bytes and link type must be equal.
 */
final class LibpcapComparison {

    /** The outcome for one file: compared (with a frame count) or skipped (with the reason). */
    record Outcome(Path file, boolean compared, long frames, String note) {
        @Override
        public String toString() {
            return (compared ? "compared " + frames + " frames" : "skipped: " + note) + "  " + file
                    + (compared && note != null ? " (" + note + ")" : "");
        }
    }

    private LibpcapComparison() {
    }

    /** Capture files under {@code dir} (recursively): .pcap, .pcapng, .cap, .ntar, optionally gzipped. */
    static List<Path> capturesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
                            .matches(".*\\.(pcap|pcapng|cap|ntar)(\\.gz)?"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compares our reader with libpcap on {@code file} ({@code .gz} files are decompressed into
     * {@code tmpDir} for libpcap; our reader reads the gzip stream itself).
     *
     * @throws AssertionError on the first difference
     */
    static Outcome compare(Path file, Path tmpDir) throws IOException {
        Path forLibpcap = file;
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            forLibpcap = Files.createTempFile(tmpDir, "decompressed", ".cap");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                Files.copy(in, forLibpcap, StandardCopyOption.REPLACE_EXISTING);
            } catch (EOFException e) {
                // a cut gzip file: libpcap gets what could be decompressed
            }
        }

        // libpcap reads pcapng only when all interfaces of the file share one link type and snaplen.
        String mixed = mixedInterfaces(file);
        if (mixed != null) {
            return new Outcome(file, false, 0, mixed);
        }

        PcapHandle h;
        try {
            h = Pcaps.openOffline(forLibpcap.toString(), TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            return new Outcome(file, false, 0, "libpcap cannot open it: " + e.getMessage());
        }
        long n = 0;
        String note = null;
        try (CaptureReader r = CaptureReader.open(file)) {
            Frame f = new Frame();
            int libpcapDlt = h.getDlt().value();
            while (true) {
                byte[] theirs;
                String libpcapError = null;
                try {
                    theirs = h.getNextRawPacketEx();
                } catch (EOFException e) {
                    theirs = null;
                } catch (PcapNativeException e) {
                    theirs = null;
                    libpcapError = e.getMessage();
                } catch (TimeoutException | NotOpenException e) {
                    throw new AssertionError(e);
                }
                boolean ours = r.next(f);
                if (theirs == null) {
                    if (libpcapError != null) {
                        // libpcap stops with an error on a cut last record; we must report the cut there
                        if (!ours && r.truncatedAtOffset() >= 0) {
                            note = "cut at byte " + r.truncatedAtOffset() + "; libpcap: " + libpcapError;
                            break;
                        }
                        throw new AssertionError(file + ": libpcap failed after frame " + n + " ("
                                + libpcapError + ") but our reader " + (ours ? "read frame " + f.number()
                                : "ended with truncatedAtOffset " + r.truncatedAtOffset()));
                    }
                    if (ours) {
                        throw new AssertionError(file + ": libpcap ended after " + n + " frames, we read more");
                    }
                    if (r.truncatedAtOffset() >= 0) {
                        note = "cut at byte " + r.truncatedAtOffset() + " (libpcap saw a clean end)";
                    }
                    break;
                }
                if (!ours) {
                    throw new AssertionError(file + ": our reader ended after " + n + " frames (truncated at "
                            + r.truncatedAtOffset() + "), libpcap has more");
                }
                n++;
                String where = file + " frame " + n;
                Timestamp ts = h.getTimestamp();
                long theirNanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                if (f.number() != n) {
                    throw new AssertionError(where + ": our frame number " + f.number());
                }
                if (f.timestampNanos() != theirNanos) {
                    throw new AssertionError(where + ": timestamp ours " + f.timestampNanos() + " libpcap "
                            + theirNanos);
                }
                int theirOrig = Math.max(h.getOriginalLength(), theirs.length);
                if (f.originalLength() != theirOrig) {
                    throw new AssertionError(where + ": original length ours " + f.originalLength() + " libpcap "
                            + theirOrig);
                }
                byte[] mine = Arrays.copyOfRange(f.data(), f.offset(), f.offset() + f.capturedLength());
                if (!Arrays.equals(mine, theirs)) {
                    throw new AssertionError(where + ": captured bytes differ (ours " + mine.length
                            + " bytes, libpcap " + theirs.length + ")");
                }
                if (LinkTypes.toDlt(f.linkType()) != libpcapDlt) {
                    throw new AssertionError(where + ": link type ours " + f.linkType() + " (DLT "
                            + LinkTypes.toDlt(f.linkType()) + ") libpcap DLT " + libpcapDlt);
                }
            }
        } finally {
            h.close();
        }
        return new Outcome(file, true, n, note);
    }

    /**
     * A reason to skip when the file's pcapng interfaces differ in link type or snaplen (libpcap refuses
     * those), else null.
     */
    private static String mixedInterfaces(Path file) throws IOException {
        Set<Integer> linkTypes = new HashSet<>();
        Set<Integer> snaplens = new HashSet<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            if (!r.format().startsWith("pcapng")) {
                return null;
            }
            Frame f = new Frame();
            while (r.next(f)) {
                linkTypes.add(f.linkType());
                snaplens.add(f.snaplen());
            }
        } catch (CaptureFormatException e) {
            return null; // let the comparison report it
        }
        if (linkTypes.size() > 1) {
            return "pcapng with interfaces of different link types " + linkTypes
                    + ", which libpcap cannot read";
        }
        if (snaplens.size() > 1) {
            return "pcapng with interfaces of different snaplens " + snaplens + ", which libpcap cannot read";
        }
        return null;
    }

    /** Runs {@link #compare} over every file, collecting outcomes; differences fail at once. */
    static List<Outcome> compareAll(List<Path> files, Path tmpDir) throws IOException {
        List<Outcome> out = new ArrayList<>();
        for (Path p : files) {
            out.add(compare(p, tmpDir));
        }
        return out;
    }
}
