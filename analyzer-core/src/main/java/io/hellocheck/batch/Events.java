package io.hellocheck.batch;

import io.hellocheck.CaptureResult;
import io.hellocheck.CaptureWarning;
import io.hellocheck.analysis.ConnectionRecord;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/** What a task hands to the consuming thread, through its own bounded queue. */
final class Events {
    private Events() {
    }

    record Started(String name) {
    }

    /** A record, with what was computed for it on the worker thread, or {@code prepared} null. */
    record Connection(ConnectionRecord record, Prepared prepared) {
    }

    /**
     * What the batch computes per record off the listener's thread: the summary's client key (null without a
     * ClientHello) and the listener's {@link BatchListener#prepare} result.
     */
    record Prepared(String clientKey, Object value) {
    }

    record Finished(CaptureResult result) {
    }

    record Failed(InputError error) {
    }

    record Warned(String input, CaptureWarning warning) {
    }

    record Skipped(String name) {
    }

    /** The task's last event. */
    static final Object END = new Object();

    /** The run was abandoned (the consumer failed or was interrupted): the task stops. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }

    /**
     * One task's queue. The producer blocks when it holds {@code capacity} events that the consumer has not
     * taken yet: a task far ahead of the one being written waits instead of filling the heap.
     */
    static class Sink {
        final BlockingQueue<Object> queue;
        private final Function<ConnectionRecord, Prepared> preparer;

        /** @param preparer what to compute for each record on the producing thread, or null: nothing */
        Sink(int capacity, Function<ConnectionRecord, Prepared> preparer) {
            this.queue = new LinkedBlockingQueue<>(capacity);
            this.preparer = preparer;
        }

        void put(Object event) {
            try {
                queue.put(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Cancelled();
            }
        }

        void started(String name) {
            put(new Started(name));
        }

        void connection(ConnectionRecord r) {
            put(new Connection(r, preparer == null ? null : preparer.apply(r)));
        }

        void finished(CaptureResult r) {
            put(new Finished(r));
        }

        void error(InputError e) {
            put(new Failed(e));
        }

        void warning(String input, CaptureWarning w) {
            put(new Warned(input, w));
        }

        void skipped(String name) {
            put(new Skipped(name));
        }
    }
}
