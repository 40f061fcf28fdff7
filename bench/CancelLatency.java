import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.batch.BatchAnalyzer;
import io.hellocheck.batch.BatchListener;
import io.hellocheck.batch.ProgressListener;
import io.hellocheck.capture.Cancellation;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cancel latency: milliseconds from {@code Cancellation.cancel()} (or {@code Thread.interrupt()}) to the return
 * of the run method, and bytes read after it, on a big capture; the median of RUNS.
 *
 * <pre>
 * java -Xmx192m -XX:+UseSerialGC -cp analyzer-cli/target/hellocheck.jar:bench/target/cancel CancelLatency FILE [RUNS]
 * </pre>
 *
 * <p>One capture: {@code HelloCheck.analyze(InputStream, String, Consumer, Cancellation)} on its own thread, over
 * {@code Files.newInputStream(FILE)} (a file channel: the interrupt closes it under the reader); the stop comes
 * once 20% to 70% of the file was read (a different point each run). Batch: {@code BatchAnalyzer} with 2
 * threads over FILE twice, stopped once 30% of the bytes were read. The first, whole analysis warms the JIT and
 * gives the mean record size for the bound of bytes read after the stop: 4,096 frames and the reader's 1 MiB.
 */
public final class CancelLatency {
    private CancelLatency() {
    }

    /** Counts the bytes read; opens the latch once {@code mark} bytes were read. */
    private static final class Counting extends FilterInputStream {
        private final AtomicLong read;
        private final long mark;
        private final CountDownLatch atMark;

        Counting(InputStream in, AtomicLong read, long mark, CountDownLatch atMark) {
            super(in);
            this.read = read;
            this.mark = mark;
            this.atMark = atMark;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0 && read.addAndGet(n) >= mark) {
                atMark.countDown();
            }
            return n;
        }
    }

    /** Milliseconds from the stop to the return, and bytes read after the stop. */
    private record Stop(double millis, long bytesAfter) {
    }

    private static Stop single(HelloCheck analyzer, Path file, long mark, boolean interrupt) throws Exception {
        Cancellation cancellation = new Cancellation();
        AtomicLong read = new AtomicLong();
        CountDownLatch atMark = new CountDownLatch(1);
        long[] returned = {-1};
        Throwable[] other = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                analyzer.analyze(new Counting(Files.newInputStream(file), read, mark, atMark), file.toString(),
                        r -> { }, cancellation);
            } catch (CancellationException e) {
                returned[0] = System.nanoTime();
            } catch (IOException | RuntimeException e) {
                other[0] = e;
            } finally {
                atMark.countDown();
            }
        }, "analysis");
        t.start();
        atMark.await();
        long readAtStop = read.get();
        long t0 = System.nanoTime();
        if (interrupt) {
            t.interrupt();
        } else {
            cancellation.cancel();
        }
        t.join();
        if (returned[0] < 0) {
            throw new IllegalStateException("the analysis was not cancelled", other[0]);
        }
        return new Stop((returned[0] - t0) / 1e6, read.get() - readAtStop);
    }

    private static Stop batch(HelloCheck analyzer, Path file, long mark) throws Exception {
        Cancellation cancellation = new Cancellation();
        BatchAnalyzer batch = BatchAnalyzer.builder(analyzer).threads(2).cancellation(cancellation).build();
        AtomicLong read = new AtomicLong();
        // the time of the cancel and the bytes read then, set once by the worker that passed the mark
        long[] stop = {-1, 0};
        ProgressListener progress = new ProgressListener() {
            @Override
            public void bytesRead(long bytes) {
                long now = read.addAndGet(bytes);
                if (now >= mark) {
                    synchronized (stop) {
                        if (stop[0] < 0) {
                            stop[0] = System.nanoTime();
                            stop[1] = now;
                            cancellation.cancel();
                        }
                    }
                }
            }
        };
        try {
            batch.run(List.of(file.toString(), file.toString()), null, new BatchListener() { }, progress);
            throw new IllegalStateException("the batch was not cancelled");
        } catch (CancellationException e) {
            long returned = System.nanoTime();
            synchronized (stop) {
                return new Stop((returned - stop[0]) / 1e6, read.get() - stop[1]);
            }
        }
    }

    private static String summary(List<Stop> stops) {
        List<Double> ms = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        for (Stop s : stops) {
            ms.add(s.millis());
            after.add(s.bytesAfter());
        }
        Collections.sort(ms);
        Collections.sort(after);
        return String.format(Locale.ROOT, "%7.1f ms median (%.1f-%.1f); read after the stop: median %,d bytes, max %,d",
                ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1), after.get(after.size() / 2),
                after.get(after.size() - 1));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CancelLatency FILE [RUNS]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        long size = Files.size(file);
        HelloCheck analyzer = HelloCheck.builder().build();
        long w0 = System.nanoTime();
        CaptureResult whole = analyzer.analyze(file);
        double wholeSeconds = (System.nanoTime() - w0) / 1e9;
        long frames = whole.summary().frames();
        long meanRecord = frames == 0 ? 0 : size / frames;
        System.out.printf(Locale.ROOT, "capture %s: %,d bytes, %,d frames (%,d bytes a record on average); "
                + "whole analysis %.2f s%n", file, size, frames, meanRecord, wholeSeconds);
        System.out.printf(Locale.ROOT, "bound of bytes read after the stop, one capture: 4,096 frames + 1 MiB = "
                + "about %,d bytes%n", 4096 * meanRecord + (1 << 20));
        List<Stop> cancels = new ArrayList<>();
        List<Stop> interrupts = new ArrayList<>();
        List<Stop> batches = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long mark = size * (2 + r % 6) / 10;
            cancels.add(single(analyzer, file, mark, false));
            interrupts.add(single(analyzer, file, mark, true));
            batches.add(batch(analyzer, file, 2 * size * 3 / 10));
            System.out.printf(Locale.ROOT, "  run %d: cancel %.1f ms (%,d bytes after), interrupt %.1f ms (%,d bytes "
                    + "after), batch cancel %.1f ms%n", r + 1, cancels.get(r).millis(), cancels.get(r).bytesAfter(),
                    interrupts.get(r).millis(), interrupts.get(r).bytesAfter(), batches.get(r).millis());
        }
        System.out.println("cancel latency, from the stop to the run method's return, " + runs + " runs:");
        System.out.println("  one capture, cancel():            " + summary(cancels));
        System.out.println("  one capture, Thread.interrupt():  " + summary(interrupts));
        System.out.println("  batch, 2 threads, 2 tasks, cancel(): " + summary(batches)
                + " (bytes as the progress listener counts them, in steps of 1 MiB per task)");
    }
}
