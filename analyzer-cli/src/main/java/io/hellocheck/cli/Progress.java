package io.hellocheck.cli;

import io.hellocheck.batch.ProgressListener;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar on standard error (me.tongfei:progressbar): MiB read of the inputs' size on disk, speed,
 * time left, files done. Shown only when standard error is a terminal. Error lines, and the report when
 * standard output is the same terminal, first erase the bar's line; the bar is drawn again at its next
 * update, so the two never mix on one line.
 */
final class Progress implements ProgressListener, AutoCloseable {
    private final Object lock = new Object();
    private final PrintStream err;
    private final Line line;
    private final AtomicInteger done = new AtomicInteger();
    private volatile ProgressBar bar;
    private volatile int files;

    Progress(PrintStream err) {
        this.err = err;
        this.line = new Line();
    }

    /** The bar's line on standard error: drawn and erased under the shared lock. */
    private final class Line implements ProgressBarConsumer {
        private final int width = Math.max(20, new ConsoleProgressBarConsumer(err).getMaxRenderedLength() - 1);
        private int drawn;

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public void accept(String rendered) {
            synchronized (lock) {
                String s = rendered.length() > width ? rendered.substring(0, width) : rendered;
                err.print("\r" + s + " ".repeat(Math.max(0, drawn - s.length())));
                err.flush();
                drawn = s.length();
            }
        }

        void erase() {
            synchronized (lock) {
                if (drawn > 0) {
                    err.print("\r" + " ".repeat(drawn) + "\r");
                    err.flush();
                    drawn = 0;
                }
            }
        }

        @Override
        public void clear() {
            erase();
        }

        @Override
        public void close() {
            erase();
        }
    }

    @Override
    public void started(int files, long totalBytes) {
        this.files = files;
        bar = new ProgressBarBuilder()
                .setTaskName("hellocheck")
                .setInitialMax(totalBytes)
                .setUnit(" MiB", 1 << 20)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .setConsumer(line)
                .clearDisplayOnFinish()
                .build();
        bar.setExtraMessage(" 0/" + files + " files");
    }

    @Override
    public void bytesRead(long bytes) {
        ProgressBar b = bar;
        if (b != null) {
            b.stepBy(bytes);
        }
    }

    @Override
    public void fileDone(String name, boolean failed) {
        int n = done.incrementAndGet();
        ProgressBar b = bar;
        if (b != null) {
            b.setExtraMessage(" " + n + "/" + files + " files");
        }
    }

    /** Prints a line above the bar. */
    void printAbove(String text) {
        synchronized (lock) {
            line.erase();
            err.println(text);
            err.flush();
        }
    }

    /** Standard output, for when it is the bar's terminal: every write first erases the bar. */
    OutputStream sharing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                synchronized (lock) {
                    line.erase();
                    out.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                synchronized (lock) {
                    line.erase();
                    out.write(b, off, len);
                }
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    @Override
    public void close() {
        ProgressBar b = bar;
        if (b != null) {
            b.close();
            bar = null;
        }
        line.erase();
    }
}
