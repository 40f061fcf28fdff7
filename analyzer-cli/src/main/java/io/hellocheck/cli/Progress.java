package io.hellocheck.cli;

import io.hellocheck.batch.ProgressListener;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar on standard error (me.tongfei:progressbar): MiB read of the inputs' size on disk, speed,
 * time left, files done. Shown only when standard error is a terminal.
 */
final class Progress implements ProgressListener, AutoCloseable {
    private final PrintStream err;
    private final ConsoleProgressBarConsumer consumer;
    private final AtomicInteger done = new AtomicInteger();
    private volatile ProgressBar bar;
    private volatile int files;

    Progress(PrintStream err) {
        this.err = err;
        this.consumer = new ConsoleProgressBarConsumer(err);
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
                .setConsumer(consumer)
                .clearDisplayOnFinish()
                .build();
        bar.setExtraMessage("0/" + files + " files");
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
            b.setExtraMessage(n + "/" + files + " files");
        }
    }

    /** Prints a line above the bar: the bar's line is blanked first and redrawn at its next update. */
    synchronized void printAbove(String line) {
        err.print("\r" + " ".repeat(Math.max(0, consumer.getMaxRenderedLength() - 1)) + "\r");
        err.println(line);
    }

    @Override
    public void close() {
        ProgressBar b = bar;
        if (b != null) {
            b.close();
        }
    }
}
