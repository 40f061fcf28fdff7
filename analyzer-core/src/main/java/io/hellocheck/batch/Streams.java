package io.hellocheck.batch;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/** The stream wrappers of the batch: counting, bounding, truncation tolerance, close shielding. */
final class Streams {
    private Streams() {
    }

    /** Counts the bytes read through it; optionally reports them in steps of 1 MiB (and the rest at close). */
    static final class Counting extends FilterInputStream {
        private static final long STEP = 1 << 20;
        private long count;
        private long unreported;
        private final LongConsumer report;

        Counting(InputStream in, LongConsumer report) {
            super(in);
            this.report = report;
        }

        long count() {
            return count;
        }

        private void add(long n) {
            count += n;
            if (report != null) {
                unreported += n;
                if (unreported >= STEP) {
                    report.accept(unreported);
                    unreported = 0;
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            if (s > 0) {
                add(s);
            }
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() throws IOException {
            if (report != null && unreported > 0) {
                report.accept(unreported);
                unreported = 0;
            }
            super.close();
        }
    }

    /** Decompressed bytes shared by every stream of one archive, bounded by {@link ArchiveLimits#maxArchiveBytes()}. */
    static final class ArchiveBudget {
        private final AtomicLong used = new AtomicLong();
        private final long max;

        ArchiveBudget(long max) {
            this.max = max;
        }

        void take(long n) throws LimitExceededException {
            if (used.addAndGet(n) > max) {
                throw new LimitExceededException("the archive expands to more than " + size(max)
                        + " (the limit per archive)");
            }
        }
    }

    /**
     * Bounds the bytes read from a decompressing stream: at most {@code maxBytes} (what the bound is named in
     * the message), also taken from an archive budget, and at most {@code maxRatio} times the compressed
     * bytes consumed so far once {@link ArchiveLimits#RATIO_CHECK_AFTER_BYTES} were produced.
     */
    static final class Limited extends FilterInputStream {
        private long count;
        private long maxBytes;
        private String what;
        private ArchiveBudget budget;
        private final LongSupplier compressed;
        private final int maxRatio;

        Limited(InputStream in, long maxBytes, String what, ArchiveBudget budget, LongSupplier compressed,
                int maxRatio) {
            super(in);
            this.maxBytes = maxBytes;
            this.what = what;
            this.budget = budget;
            this.compressed = compressed;
            this.maxRatio = maxRatio;
        }

        /** Changes the bound once the content is known (a compressed stream turned out to be an archive). */
        void rebound(long newMax, String newWhat, ArchiveBudget newBudget) throws LimitExceededException {
            this.maxBytes = newMax;
            this.what = newWhat;
            if (newBudget != null && budget == null) {
                newBudget.take(count);
                this.budget = newBudget;
            }
            check(0);
        }

        private void check(long n) throws LimitExceededException {
            count += n;
            if (count > maxBytes) {
                throw new LimitExceededException("expands to more than " + size(maxBytes) + " (the limit " + what + ")");
            }
            if (budget != null && n > 0) {
                budget.take(n);
            }
            if (compressed != null && count > ArchiveLimits.RATIO_CHECK_AFTER_BYTES) {
                long c = Math.max(1, compressed.getAsLong());
                if (count / c > maxRatio) {
                    throw new LimitExceededException("expands more than " + maxRatio + " times ("
                            + size(c) + " to over " + size(count) + "), as decompression bombs do");
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                check(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                check(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            if (s > 0) {
                check(s);
            }
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /**
     * Turns the end of a stream cut short (a truncated gzip, xz, zstd, bzip2 or tar stream) into a plain end
     * of stream, remembering where it happened, so that what came before is still analyzed. Other errors
     * pass through.
     */
    static final class TruncationGuard extends FilterInputStream {
        private static final int CHUNK = 4096;
        private long count;
        private long cutAt = -1;
        private String why;
        private final String label;

        /** @param label what a cut means here, for the warning ("the gzip stream is cut short") */
        TruncationGuard(InputStream in, String label) {
            super(in);
            this.label = label;
        }

        String label() {
            return label;
        }

        /** Bytes delivered before the cut, or -1 when the stream was not cut short. */
        long cutAt() {
            return cutAt;
        }

        String why() {
            return why;
        }

        private IOException handle(IOException e) throws IOException {
            if (e instanceof LimitExceededException || !isTruncation(e)) {
                throw e;
            }
            cutAt = count;
            why = e.getMessage();
            return null;
        }

        @Override
        public int read() throws IOException {
            if (cutAt >= 0) {
                return -1;
            }
            try {
                int b = in.read();
                if (b >= 0) {
                    count++;
                }
                return b;
            } catch (IOException e) {
                handle(e);
                return -1;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (cutAt >= 0) {
                return -1;
            }
            try {
                // Small reads: a decompressor that meets the end of its input throws, dropping what it had
                // produced in that same call; asking for little at a time keeps that loss small.
                int n = in.read(b, off, Math.min(len, CHUNK));
                if (n > 0) {
                    count += n;
                }
                return n;
            } catch (IOException e) {
                handle(e);
                return -1;
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** Whether an exception means "the compressed or archived data ends too early". */
    static boolean isTruncation(IOException e) {
        if (e instanceof EOFException) {
            return true;
        }
        String m = e.getMessage();
        if (m == null) {
            return false;
        }
        m = m.toLowerCase(Locale.ROOT);
        return m.contains("truncated") || m.contains("unexpected end") || m.contains("premature end");
    }

    /** Passes reads through, ignores close: for entries of an archive stream, which the archive owns. */
    static final class CloseShield extends FilterInputStream {
        CloseShield(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() {
            // the archive stream stays open for its next entry
        }
    }

    /** "4 GiB", "512 MiB", "12 KiB", "100 bytes". */
    static String size(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        double v = bytes;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%d %s", (long) v, units[u]);
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
