package io.hellocheck.batch;

import io.hellocheck.CaptureResult;
import io.hellocheck.CaptureWarning;
import io.hellocheck.analysis.ConnectionRecord;
import java.util.ArrayDeque;
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
        /** A {@code value} still to be made by the listener's {@code prepare}, on the listener's thread. */
        static final Object LATER = new Object();
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
     * One task's queue, bounded by the memory its events hold rather than by their number: the producer
     * blocks when what the consumer has not taken yet weighs more than the budget, so a task far ahead of
     * the one being written waits instead of filling the heap, yet a task with room can finish its capture
     * while the consumer is still busy with an earlier one (a bound of a few hundred records made the
     * workers of a batch wait for each other). An event is always accepted into an empty queue.
     */
    static class Sink {
        /** What a record weighs when its prepared form is unknown: a record with its ClientHello and evidence. */
        static final long RECORD_BYTES = 8 << 10;
        private static final long OTHER_BYTES = 1 << 10;

        /** Records queued before a waiting consumer is woken. */
        private static final int WAKE_BATCH = 64;
        /** How long queued records may wait for a consumer that was not woken (the output's latency). */
        private static final long CONSUMER_POLL_MILLIS = 5;

        private final ArrayDeque<Object> queue = new ArrayDeque<>();
        private final long budget;
        private long bytes;
        private boolean consumerWaiting;
        private boolean producerWaiting;
        private final Function<ConnectionRecord, Prepared> preparer;

        /**
         * @param budget   bytes the queued events may hold before the producer waits
         * @param preparer what to compute for each record on the producing thread, or null: nothing
         */
        Sink(long budget, Function<ConnectionRecord, Prepared> preparer) {
            this.budget = budget;
            this.preparer = preparer;
        }

        /** About the heap an event holds: a record prepared as bytes twice their length (the record and them). */
        static long weight(Object event) {
            if (event instanceof Connection c) {
                Object v = c.prepared() == null ? null : c.prepared().value();
                return v instanceof byte[] b ? 2L * b.length + 512 : RECORD_BYTES;
            }
            return OTHER_BYTES;
        }

        void put(Object event) {
            long w = weight(event);
            synchronized (this) {
                try {
                    while (!queue.isEmpty() && bytes + w > budget) {
                        producerWaiting = true;
                        wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Cancelled();
                } finally {
                    producerWaiting = false;
                }
                queue.add(event);
                bytes += w;
                // A waiting consumer is woken for a batch of records, or at once for anything else (a capture
                // starts or ends); otherwise it looks again within CONSUMER_POLL_MILLIS. Waking it for every
                // record cost two thread switches per record, a sixth of a core beside a worker.
                if (consumerWaiting && (queue.size() >= WAKE_BATCH || !(event instanceof Connection))) {
                    notifyAll();
                }
            }
        }

        /** The next event, waiting for it. */
        Object take() throws InterruptedException {
            Object event;
            synchronized (this) {
                try {
                    while (queue.isEmpty()) {
                        consumerWaiting = true;
                        wait(CONSUMER_POLL_MILLIS);
                    }
                } finally {
                    consumerWaiting = false;
                }
                event = queue.poll();
                bytes -= weight(event);
                if (producerWaiting) {
                    notifyAll();
                }
            }
            return event;
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
