package io.hellocheck.batch;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.capture.Cancellation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/** What a task hands to the consuming thread, through its own bounded queue. */
final class Events {
    private Events() {
    }

    record Started(String name) {
    }

    /**
     * A record, with what was computed for it on the worker thread. {@code record} is null when the listener
     * does not need it beside its prepared bytes ({@link BatchListener#recordNeededWhenPrepared()}).
     */
    record Connection(ConnectionRecord record, Prepared prepared) {
    }

    /**
     * What the batch computes per record off the listener's thread: the summary's tally and the listener's
     * {@link BatchListener#prepare} result, or {@link #LATER}.
     */
    record Prepared(SummaryBuilder.Tally tally, Object value) {
        /** A {@code value} still to be made by the listener's {@code prepare}, on the listener's thread. */
        static final Object LATER = new Object();
    }

    /** The next {@code count} events of the queue are in its spill file, in order. */
    record Spilled(int count) {
    }

    record Finished(CaptureResult result) {
    }

    /**
     * An input that is not a readable capture; {@code partial} is what was analyzed of a capture damaged after
     * its start (its servers, summary and warnings up to the damage; its records came through already), or null.
     */
    record Failed(InputError error, CaptureResult partial) {
        Failed(InputError error) {
            this(error, null);
        }
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
     * One task's queue, bounded by the memory its events hold rather than by their number: when what the
     * consumer has not taken yet weighs more than the budget, a record rendered to bytes whose object the
     * listener does not need goes to the task's {@link SpillFile} (a run of them is announced in the queue by
     * one {@link Spilled}); any other record makes the producer wait (the other events, a few per task, are
     * always accepted). So a task far ahead of the one being
     * written neither fills the heap nor waits for it (a bound of a few hundred records, then of a share of
     * the heap, made the workers of a batch wait for each other on captures of more than about 100 MB). A
     * record is always accepted into an empty queue. One producer thread and one consumer thread.
     */
    static class Sink {
        /** What a record weighs when its prepared form is unknown: a record with its ClientHello and evidence. */
        static final long RECORD_BYTES = 8 << 10;
        private static final long OTHER_BYTES = 1 << 10;

        /**
         * Queued bytes above which spillable records go to the spill file: small, as records waiting in the
         * heap are copied by every young collection until they are promoted, and stop both workers meanwhile.
         */
        static final long SPILL_BYTES = 1 << 20;

        /** Records queued before a waiting consumer is woken. */
        private static final int WAKE_BATCH = 64;
        /** How long queued records may wait for a consumer that was not woken (the output's latency). */
        private static final long CONSUMER_POLL_MILLIS = 5;

        private final ArrayDeque<Object> queue = new ArrayDeque<>();
        private final long budget;
        private long bytes;
        private boolean consumerWaiting;
        private boolean producerWaiting;
        private final Function<ConnectionRecord, Connection> toEvent;
        /** Created by the producer at its first spilled record; read by the consumer after a {@link Spilled}. */
        private SpillFile spill;
        /** No spill file can be written (it could not be created, or a write failed): records wait. */
        private boolean spillFailed;
        /** The task is over or abandoned: nothing more is accepted (nor written to a spill file). */
        private boolean closed;
        /** Producer: records spilled and not yet announced. */
        private int run;
        /** Consumer: records still to read from the spill file. */
        private int spillLeft;
        private SpillFile reading;

        /**
         * @param budget  bytes the queued events may hold before the producer spills or waits
         * @param toEvent what to compute for each record on the producing thread, or null: nothing
         */
        Sink(long budget, Function<ConnectionRecord, Connection> toEvent) {
            this.budget = budget;
            this.toEvent = toEvent;
        }

        /**
         * About the heap an event holds: a record prepared as bytes twice their length (the record and them),
         * the bytes alone once the record is dropped.
         */
        static long weight(Object event) {
            if (event instanceof Connection c) {
                Object v = c.prepared() == null ? null : c.prepared().value();
                if (v instanceof byte[] b) {
                    return c.record() == null ? b.length + 256L : 2L * b.length + 512;
                }
                return RECORD_BYTES;
            }
            return OTHER_BYTES;
        }

        private static boolean spillable(Object event) {
            return event instanceof Connection c && c.record() == null && c.prepared() != null
                    && c.prepared().value() instanceof byte[];
        }

        void put(Object event) {
            long w = weight(event);
            synchronized (this) {
                if (closed) {
                    // the consumer gave up on this task (and deleted its spill file)
                    throw new Cancelled();
                }
                if (run > 0) {
                    // the run goes on while the consumer is elsewhere; it ends (and is announced) at anything
                    // else, or as soon as the consumer waits for this task
                    if (!consumerWaiting && spillable(event) && spill(event)) {
                        return;
                    }
                    endRun();
                }
                if (!queue.isEmpty() && bytes + w > SPILL_BYTES && spillable(event) && spill(event)) {
                    return;
                }
                try {
                    // only records wait: the other events are few per task and small
                    while (event instanceof Connection && !queue.isEmpty() && bytes + w > budget) {
                        producerWaiting = true;
                        wait();
                        if (closed) {
                            throw new Cancelled();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Cancelled();
                } finally {
                    producerWaiting = false;
                }
                add(event, w);
            }
        }

        private void add(Object event, long w) {
            queue.add(event);
            bytes += w;
            // A waiting consumer is woken for a batch of records, or at once for anything else (a capture
            // starts or ends); otherwise it looks again within CONSUMER_POLL_MILLIS. Waking it for every
            // record cost two thread switches per record, a sixth of a core beside a worker.
            if (consumerWaiting && (queue.size() >= WAKE_BATCH || !(event instanceof Connection))) {
                notifyAll();
            }
        }

        /**
         * Appends a spillable event to the spill file; false when there is no usable spill file (then wait).
         *
         * @throws UncheckedIOException when the file fails during a run: the run's records are lost
         * @throws Cancelled            when the producing thread is interrupted (a spilling task never waits,
         *                              where a waiting one would see the interruption)
         */
        private boolean spill(Object event) {
            if (spillFailed) {
                return false;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new Cancelled();
            }
            Prepared p = ((Connection) event).prepared();
            try {
                if (spill == null) {
                    spill = newSpillFile();
                }
                spill.write(p.tally(), (byte[]) p.value());
            } catch (IOException e) {
                spillFailed = true;
                if (run > 0) {
                    throw runLost(e);
                }
                // what this record left in the file is never read: earlier runs were flushed whole
                return false;
            }
            run++;
            return true;
        }

        /** A new spill file (tests: one that fails). */
        SpillFile newSpillFile() throws IOException {
            return SpillFile.create();
        }

        /**
         * The file failed with records of the open run in it, not all of them written: they are dropped, the
         * file is given up (later records wait in the queue) and the failure goes to the task, which reports
         * it as its capture's error and goes on (the next event is accepted).
         */
        private UncheckedIOException runLost(IOException e) {
            int lost = run;
            run = 0;
            spillFailed = true;
            return new UncheckedIOException("cannot write the batch's spill file (" + lost
                    + " records lost): " + e.getMessage(), e);
        }

        private void endRun() {
            try {
                spill.flush();
            } catch (IOException e) {
                throw runLost(e);
            }
            Spilled marker = new Spilled(run);
            run = 0;
            add(marker, weight(marker));
        }

        /** The next event, waiting for it, as {@link #takeUnless(Cancellation)} with {@link Cancellation#NONE}. */
        Object take() throws InterruptedException {
            return takeUnless(Cancellation.NONE);
        }

        /**
         * The next event, waiting for it; while waiting, looks at {@code cancellation} every
         * {@value #CONSUMER_POLL_MILLIS} ms (a cancelled task puts nothing more).
         *
         * @throws UncheckedIOException  when spilled records cannot be read back
         * @throws CancellationException when {@code cancellation} is cancelled while waiting
         * @throws InterruptedException  when this thread is interrupted while waiting
         */
        Object takeUnless(Cancellation cancellation) throws InterruptedException {
            if (spillLeft > 0) {
                return readSpilled();
            }
            Object event;
            synchronized (this) {
                try {
                    while (queue.isEmpty()) {
                        if (run > 0 && !spillFailed && endRunForConsumer()) {
                            // the producer is busy (analyzing, not putting): the records it spilled are
                            // handed over now rather than at its next event
                            break;
                        }
                        if (cancellation.isCancelled()) {
                            throw new CancellationException("batch cancelled");
                        }
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
                if (event instanceof Spilled s) {
                    spillLeft = s.count();
                    reading = spill;
                }
            }
            return event instanceof Spilled ? readSpilled() : event;
        }

        /**
         * Ends the open run for the waiting consumer (writes happen under this monitor only); false when the
         * file cannot be flushed: the producer meets the failure at its next record or event.
         */
        private boolean endRunForConsumer() {
            try {
                spill.flush();
            } catch (IOException e) {
                return false;
            }
            Spilled marker = new Spilled(run);
            run = 0;
            add(marker, weight(marker));
            return true;
        }

        private Connection readSpilled() {
            spillLeft--;
            try {
                return reading.read();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read back the batch's spill file", e);
            }
        }

        /** Bytes written to the spill file so far (0 without one). */
        synchronized long spilledBytes() {
            return spill == null ? 0 : spill.written();
        }

        /**
         * Deletes the spill file, if any; the task is over or abandoned: a producer waiting for room, and every
         * later {@link #put}, get {@link Cancelled}.
         */
        synchronized void close() {
            closed = true;
            if (spill != null) {
                spill.close();
            }
            notifyAll();
        }

        void started(String name) {
            put(new Started(name));
        }

        void connection(ConnectionRecord r) {
            put(toEvent == null ? new Connection(r, null) : toEvent.apply(r));
        }

        void finished(CaptureResult r) {
            put(new Finished(r));
        }

        void error(InputError e) {
            put(new Failed(e));
        }

        /** A capture damaged after its start, with what was analyzed before the damage. */
        void error(InputError e, CaptureResult partial) {
            put(new Failed(e, partial));
        }

        void warning(String input, CaptureWarning w) {
            put(new Warned(input, w));
        }

        void skipped(String name) {
            put(new Skipped(name));
        }
    }
}
