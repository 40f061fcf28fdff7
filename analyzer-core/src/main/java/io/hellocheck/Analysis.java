package io.hellocheck;

import io.hellocheck.capture.Cancellation;
import io.hellocheck.result.BatchSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An analysis running on its own thread ({@link HelloCheck#start}): wait for its end with {@link #await()},
 * stop it with {@link #cancel()}. Thread-safe.
 *
 * <p>A cancel stops the reading loops within 4,096 frames of each capture being read (and between archive
 * entries); the listener is called no more once {@link #await()} has thrown {@link CancellationException}.
 * A cancel does not interrupt the analysis's thread, so that an output stream the listener writes to (a file
 * channel closes when its writing thread is interrupted) stays open.
 */
public final class Analysis {
    private final Cancellation cancellation;
    private final FutureTask<BatchSummary> task;
    private final Thread thread;

    Analysis(Cancellation cancellation, FutureTask<BatchSummary> task) {
        this.cancellation = cancellation;
        this.task = task;
        this.thread = new Thread(task, "hellocheck-analysis");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks the analysis to stop; does nothing once it has ended. Idempotent. */
    public void cancel() {
        if (!task.isDone()) {
            cancellation.cancel();
        }
    }

    /**
     * {@return whether the analysis was stopped by {@link #cancel()}}: false while it runs unless a cancel was
     * asked, and false when it ended with its result although a cancel came too late to stop it
     */
    public boolean isCancelled() {
        if (!cancellation.isCancelled()) {
            return false;
        }
        if (!task.isDone()) {
            return true;
        }
        try {
            task.get();
            return false;
        } catch (ExecutionException e) {
            return e.getCause() instanceof CancellationException;
        } catch (InterruptedException | CancellationException e) {
            return true;
        }
    }

    /** {@return whether the analysis has ended}: finished, failed or cancelled */
    public boolean isDone() {
        return task.isDone();
    }

    /**
     * Waits for the end of the analysis.
     *
     * @return the totals, as the listener's {@link AnalysisListener#finished} had them
     * @throws CancellationException when it was cancelled
     * @throws IOException           when a folder could not be listed
     * @throws InterruptedException  when the waiting thread is interrupted (the analysis goes on)
     */
    public BatchSummary await() throws IOException, InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /**
     * Waits at most {@code timeout} for the end of the analysis.
     *
     * @param timeout how long to wait (a longer one than {@code Long.MAX_VALUE} nanoseconds waits that long)
     * @return the totals
     * @throws TimeoutException      when it has not ended in time (it goes on)
     * @throws CancellationException when it was cancelled
     * @throws IOException           when a folder could not be listed
     * @throws InterruptedException  when the waiting thread is interrupted (the analysis goes on)
     */
    public BatchSummary await(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        try {
            return task.get(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private static IOException unwrap(ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof IOException io) {
            return io;
        }
        if (c instanceof RuntimeException r) {
            throw r;
        }
        if (c instanceof Error err) {
            throw err;
        }
        throw new UncheckedIOException(new IOException(c));
    }
}
