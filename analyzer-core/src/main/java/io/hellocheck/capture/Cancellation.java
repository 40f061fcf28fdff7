package io.hellocheck.capture;

import java.util.concurrent.CancellationException;

/**
 * A request to stop an analysis early, shared by the caller who cancels and the reading loops that check it.
 *
 * <p>The reading loops call {@link #check()} every {@link #CHECK_INTERVAL_FRAMES} frames (and between archive
 * entries); it throws once {@link #cancel()} was called or the checking thread was interrupted. Thread-safe; one
 * instance per analysis run. Internal: the library's public handle wraps it.
 */
public final class Cancellation {
    /** How many frames a reading loop may read between two checks. */
    public static final int CHECK_INTERVAL_FRAMES = 4096;

    /** A cancellation that is never requested, for callers that need none (the thread's interruption still counts). */
    public static final Cancellation NONE = new Cancellation();

    private volatile boolean cancelled;

    /** Requests the stop; idempotent. Calling it on {@link #NONE} is an error. */
    public void cancel() {
        if (this == NONE) {
            throw new IllegalStateException("Cancellation.NONE cannot be cancelled");
        }
        cancelled = true;
    }

    /** True once {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Throws when the analysis must stop.
     *
     * @throws CancellationException after {@link #cancel()}, or when the current thread is interrupted (its
     *                               interrupt status is kept, as {@link Thread#isInterrupted()} does not clear it)
     */
    public void check() {
        if (cancelled) {
            throw new CancellationException("analysis cancelled");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("analysis interrupted");
        }
    }
}
