package io.hellocheck.batch;

import io.hellocheck.capture.Cancellation;
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

    /**
     * Checks a {@link Cancellation} every {@link #CHECK_BYTES} bytes read or skipped through it, so that reading
     * what no frame loop sees (an archive skipping an entry, a decompressor at work, a capture's header) stops
     * too.
     */
    static final class Cancellable extends FilterInputStream {
        /** Bytes between two checks. */
        static final int CHECK_BYTES = 1 << 20;
        private final Cancellation cancellation;
        private long untilCheck = CHECK_BYTES;

        Cancellable(InputStream in, Cancellation cancellation) {
            super(in);
            this.cancellation = cancellation;
        }

        private void count(long n) {
            untilCheck -= n;
            if (untilCheck <= 0) {
                untilCheck = CHECK_BYTES;
                cancellation.check();
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            if (s > 0) {
                count(s);
            }
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
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

        /** Bytes delivered so far. */
        long delivered() {
            return count;
        }

        String why() {
            return why;
        }

        /**
         * 0 once cut, and never an exception: {@code BufferedInputStream.read} asks for it after a read, and a
         * decompressor that remembers its truncation (xz) throws it from {@code available()}, which would lose
         * the bytes of that read.
         */
        @Override
        public int available() {
            if (cutAt >= 0) {
                return 0;
            }
            try {
                return in.available();
            } catch (IOException e) {
                return 0;
            }
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
                int n = in.read(b, off, len);
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

    /**
     * Over a decompressor that fills the caller's buffer in a loop and, when its input ends in the middle,
     * throws away what that call had produced (xz, bzip2): never asks it for more than it can produce without
     * reading further input, so that an exception loses nothing. It reads up to {@code available()} bytes at
     * once (xz: the rest of the current LZMA2 chunk, whose compressed data is already in memory), else one
     * byte at a time (bzip2, which decodes byte by byte anyway; xz at a chunk boundary). An exception after
     * some bytes were delivered in a call is thrown by the next call, after those bytes.
     */
    static final class Salvaging extends FilterInputStream {
        private IOException pending;
        private boolean eof;

        Salvaging(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pending != null) {
                IOException e = pending;
                pending = null;
                throw e;
            }
            if (len == 0) {
                return 0;
            }
            if (eof) {
                return -1;
            }
            int n = 0;
            try {
                while (n < len) {
                    int available = in.available();
                    if (available > 0) {
                        int r = in.read(b, off + n, Math.min(len - n, available));
                        if (r < 0) {
                            eof = true;
                            break;
                        }
                        n += r;
                    } else {
                        int c = in.read();
                        if (c < 0) {
                            eof = true;
                            break;
                        }
                        b[off + n++] = (byte) c;
                    }
                }
            } catch (IOException e) {
                if (n == 0) {
                    throw e;
                }
                pending = e;
            }
            return n == 0 ? -1 : n;
        }

        /** Never throws the decompressor's stored exception: that is for the next read, after the bytes before it. */
        @Override
        public int available() {
            if (pending != null || eof) {
                return 0;
            }
            try {
                return in.available();
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[(int) Math.min(n, 8192)];
            long skipped = 0;
            while (skipped < n) {
                int r = read(scratch, 0, (int) Math.min(n - skipped, scratch.length));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
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
