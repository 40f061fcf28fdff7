package io.hellocheck.batch;

import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.capture.Cancellation;
import io.hellocheck.tls.ClientHello;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Analyzes many inputs in parallel: capture files, folders (walked recursively), archives (zip, tar,
 * tar.gz/tgz, and gzip, xz, zstd or bzip2 compressed captures and tars) and standard input.
 *
 * <pre>{@code
 * BatchAnalyzer batch = BatchAnalyzer.builder(HelloCheck.builder().build()).threads(4).build();
 * BatchSummary summary = batch.run(List.of("captures/"), null, new BatchListener() {
 *     public void connection(ConnectionRecord r) { ... }
 *     public void error(InputError e) { ... }
 * });
 * }</pre>
 *
 * <p>Each file, and each entry of a zip file, is one task on a pool of {@code threads}. Whatever the number
 * of threads, the {@link BatchListener} is called on the thread that called {@code run}, in input order:
 * a capture's records are handed over as soon as that capture is the next in order, while later tasks hold
 * theirs in a bounded share of the heap (a quarter of the maximum heap over the tasks under way), then, for
 * records the listener rendered to bytes and does not need as objects
 * ({@link BatchListener#recordNeededWhenPrepared()}), in a temporary file deleted when their turn is over;
 * other records make a task that far ahead wait. At most twice as many tasks as threads are under way.
 *
 * <p>Archives are streamed entry by entry and never extracted; entry names are only displayed. An input
 * that cannot be read (missing, not a capture, corrupt, a decompression bomb) becomes one
 * {@link InputError} and the others go on. Instances are immutable and thread-safe; nothing is printed.
 *
 * <p>A run stops early when its {@link Builder#cancellation(Cancellation) cancellation} is cancelled or the
 * calling thread is interrupted: the listener is called no more, every task stops within
 * {@link Cancellation#CHECK_INTERVAL_FRAMES} frames (or an archive entry, or 1 MiB read), the worker threads
 * have ended and the spill files are deleted when {@code run} throws.
 */
public final class BatchAnalyzer {
    /**
     * Heap the records waiting their turn may hold, all tasks together: a quarter of the maximum heap, at most 48 MiB
     * (the cap applies with the launcher's options), shared equally by the tasks under way, at least 1 MiB each. The
     * cap: a larger heap is for handshakes in flight, and records held for a slow reader of the output only raise the
     * RSS (with the launcher's -Xmx896m, a 3.6 GB capture piped into md5sum: 144-150 MiB without it, 119-126 MiB with
     * it, as with the former -Xmx192m).
     */
    static long defaultBufferBytes() {
        return Math.min(Runtime.getRuntime().maxMemory() / 4, 48L << 20);
    }

    private static final long MIN_TASK_BYTES = 1 << 20;

    private final HelloCheck analyzer;
    private final int threads;
    private final ArchiveLimits limits;
    private final ClientKey clientKey;
    private final long bufferBytes;
    private final boolean merge;
    private final Cancellation cancellation;

    private BatchAnalyzer(Builder b) {
        this.analyzer = b.analyzer;
        this.threads = b.threads;
        this.limits = b.limits;
        this.clientKey = b.clientKey;
        this.bufferBytes = b.bufferBytes;
        this.merge = b.merge;
        this.cancellation = b.cancellation;
    }

    /** A builder around a configured single-capture analyzer. */
    public static Builder builder(HelloCheck analyzer) {
        return new Builder(analyzer);
    }

    /** Like {@link #run(List, InputStream, BatchListener, ProgressListener)} with no progress listener. */
    public BatchSummary run(List<String> inputs, InputStream stdin, BatchListener listener)
            throws IOException, InterruptedException {
        return run(inputs, stdin, listener, new ProgressListener() { });
    }

    /**
     * Analyzes the inputs.
     *
     * @param inputs   paths of files and folders, {@code -} for {@code stdin}
     * @param stdin    what {@code -} reads (not closed), or null
     * @param listener receives the results, on this thread, in input order
     * @param progress receives progress, from the worker threads
     * @return the summary over every input
     * @throws IOException          when a folder cannot be listed
     * @throws InterruptedException when this thread is interrupted (its interrupt status is cleared); the
     *                              workers are stopped
     * @throws CancellationException when the {@linkplain Builder#cancellation(Cancellation) cancellation} is
     *                               cancelled; the workers are stopped
     * @throws java.io.UncheckedIOException when records kept in a spill file cannot be read back
     */
    public BatchSummary run(List<String> inputs, InputStream stdin, BatchListener listener, ProgressListener progress)
            throws IOException, InterruptedException {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(progress, "progress");
        checkRun(cancellation);
        Expander.Expansion ex = Expander.expand(inputs, limits, cancellation);
        SummaryBuilder summary = new SummaryBuilder(clientKey);
        listener.inputs(ex.inputs(), ex.totalBytes());
        for (String s : ex.skipped()) {
            summary.skipped();
            listener.skipped(s);
        }
        List<Unit> units = merge ? merged(ex.units()) : ex.units();
        progress.started(units.size(), ex.stdin() ? -1 : ex.totalBytes());
        ExecutorService pool = Executors.newFixedThreadPool(threads, new Workers());
        Events.Sink[] sinks = new Events.Sink[units.size()];
        // Per-record work off this thread: the summary's tally always by the worker that analyzed the record;
        // the listener's prepare too when several captures run on several workers, so that it spreads over the
        // threads, while with one capture or one worker this thread does it, in parallel with the analysis.
        boolean dropRecord = !listener.recordNeededWhenPrepared();
        Function<ConnectionRecord, Events.Connection> toEvent = units.size() > 1 && threads > 1 ? r -> {
            Object value = prepare(listener, r);
            return new Events.Connection(dropRecord && value instanceof byte[] ? null : r,
                    new Events.Prepared(tally(r), value));
        } : r -> new Events.Connection(r, new Events.Prepared(tally(r), Events.Prepared.LATER));
        try {
            int window = Math.max(2, 2 * threads);
            long taskBytes = Math.max(MIN_TASK_BYTES, bufferBytes / window);
            int submitted = 0;
            while (submitted < units.size() && submitted < window) {
                submit(pool, units, sinks, submitted++, stdin, progress, toEvent, taskBytes);
            }
            for (int i = 0; i < units.size(); i++) {
                Events.Sink sink = sinks[i];
                for (Object e = sink.takeUnless(cancellation); e != Events.END; e = sink.takeUnless(cancellation)) {
                    checkRun(cancellation);
                    dispatch(e, summary, listener);
                }
                sink.close();
                sinks[i] = null;
                if (submitted < units.size()) {
                    submit(pool, units, sinks, submitted++, stdin, progress, toEvent, taskBytes);
                }
            }
        } finally {
            // the tasks still under way are abandoned: their queues take nothing more (their spill files are
            // deleted), their threads are interrupted and waited for
            for (Events.Sink sink : sinks) {
                if (sink != null) {
                    sink.close();
                }
            }
            stop(pool);
            ex.zips().forEach(Unit.ZipHolder::close);
        }
        return summary.build();
    }

    /**
     * Stops the run when it must: after {@link Cancellation#cancel()}, or an interrupt of this thread.
     *
     * @throws CancellationException after {@link Cancellation#cancel()}
     * @throws InterruptedException  when this thread is interrupted (the status is cleared, as a wait clears it)
     */
    static void checkRun(Cancellation cancellation) throws InterruptedException {
        if (cancellation.isCancelled()) {
            throw new CancellationException("batch cancelled");
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("batch interrupted");
        }
    }

    /**
     * Interrupts the workers and waits until they have ended (they check the interrupt every
     * {@link Cancellation#CHECK_INTERVAL_FRAMES} frames), at most 10 s; an interrupt of this thread meanwhile
     * does not cut the wait short, and is kept.
     */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean interrupted = false;
        while (true) {
            try {
                pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The capture files among {@code units} as one {@link Unit.MergedUnit}, where the first of them was; the
     * other units (standard input, zip entries, errors) stay as they are.
     */
    private static List<Unit> merged(List<Unit> units) {
        List<Unit.FileUnit> files = new ArrayList<>();
        for (Unit u : units) {
            if (u instanceof Unit.FileUnit f) {
                files.add(f);
            }
        }
        if (files.size() < 2) {
            return units;
        }
        List<Unit> out = new ArrayList<>();
        for (Unit u : units) {
            if (u == files.get(0)) {
                out.add(new Unit.MergedUnit(files));
            } else if (!(u instanceof Unit.FileUnit)) {
                out.add(u);
            }
        }
        return out;
    }

    /**
     * Analyzes one input read from a stream, on the calling thread, as one task of {@link #run} reads a file: a
     * capture, a compressed capture, or an archive streamed entry after entry (never extracted, never held
     * whole in memory), with the same decompression limits. For engines that hand over one stream per file
     * (Apache Spark's {@code binaryFiles}). The listener is called on this thread, in order; its
     * {@link BatchListener#inputs} is not called. Nothing is printed, nothing is thrown for bad input: it
     * becomes an {@link InputError} (an analysis bug too, of kind {@code INTERNAL}). The
     * {@linkplain Builder#cancellation(Cancellation) cancellation}, and an interrupt of this thread, stop it as
     * they stop {@link #run}: the listener is called no more.
     *
     * @param in       the input's bytes, read to their end (or to the first unreadable byte); not closed
     * @param name     the input's name, written into each record as {@code capture} (a path or a URI)
     * @param explicit named by the user rather than found in a folder: never skipped, so a file that is no
     *                 capture is an error, not a skipped file
     * @param listener receives the results
     * @return the summary of this one input
     * @throws CancellationException when the cancellation is cancelled or this thread interrupted (its
     *                               interrupt status is kept)
     */
    public BatchSummary runStream(InputStream in, String name, boolean explicit, BatchListener listener) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(listener, "listener");
        SummaryBuilder summary = new SummaryBuilder(clientKey);
        Events.Sink direct = new DirectSink(summary, listener);
        try {
            new ContentReader(analyzer, limits, direct, cancellation).read(in, name, ContentReader.Ctx.top(explicit));
        } catch (CancellationException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            direct.error(InputError.of(name, InputError.Kind.INTERNAL, "out of memory; give Java more heap", -1));
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            direct.error(InputError.of(name, InputError.Kind.INTERNAL, "internal error: " + e, -1));
        }
        return summary.build();
    }

    /**
     * Hands each event to the listener at once, on the producing thread (no queue); none once the run is
     * cancelled (a read failing because of the interrupt is no error of the input).
     */
    private final class DirectSink extends Events.Sink {
        private final SummaryBuilder summary;
        private final BatchListener listener;

        DirectSink(SummaryBuilder summary, BatchListener listener) {
            super(0, null);
            this.summary = summary;
            this.listener = listener;
        }

        @Override
        void connection(ConnectionRecord r) {
            put(new Events.Connection(r, new Events.Prepared(tally(r), Events.Prepared.LATER)));
        }

        @Override
        void put(Object event) {
            cancellation.check();
            dispatch(event, summary, listener);
        }
    }

    private SummaryBuilder.Tally tally(ConnectionRecord r) {
        ClientHello hello = r.clientHello() == null ? null : r.clientHello().hello();
        return SummaryBuilder.Tally.of(r, hello == null ? null : clientKey.key(hello, r.transport()));
    }

    private void submit(ExecutorService pool, List<Unit> units, Events.Sink[] sinks, int i, InputStream stdin,
                        ProgressListener progress, Function<ConnectionRecord, Events.Connection> toEvent,
                        long taskBytes) {
        Events.Sink sink = new Events.Sink(taskBytes, toEvent);
        sinks[i] = sink;
        Unit unit = units.get(i);
        pool.execute(() -> runUnit(unit, sink, stdin, progress));
    }

    private void runUnit(Unit unit, Events.Sink sink, InputStream stdin, ProgressListener progress) {
        boolean failed = false;
        try {
            CountingSink counting = new CountingSink(sink);
            unit.run(new ContentReader(analyzer, limits, counting, cancellation), counting, progress, stdin);
            failed = counting.errors > 0;
        } catch (Events.Cancelled | CancellationException e) {
            // the run is abandoned: the consumer takes nothing more from this task
            return;
        } catch (OutOfMemoryError e) {
            failed = true;
            sink.error(InputError.of(unit.name, InputError.Kind.INTERNAL, "out of memory; give Java more heap "
                    + "(HELLOCHECK_JAVA_OPTS=-Xmx...) or use fewer --threads", -1));
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            failed = true;
            sink.error(InputError.of(unit.name, InputError.Kind.INTERNAL, "internal error: " + e, -1));
        }
        try {
            progress.fileDone(unit.name, failed);
        } catch (RuntimeException e) {
            // a failing progress display must not lose results
        }
        try {
            sink.put(Events.END);
        } catch (Events.Cancelled e) {
            // the consumer is gone
        }
    }

    /** Counts the errors of a task, for the progress listener. */
    private static final class CountingSink extends Events.Sink {
        private final Events.Sink target;
        int errors;

        CountingSink(Events.Sink target) {
            super(0, null);
            this.target = target;
        }

        @Override
        void connection(ConnectionRecord r) {
            target.connection(r);
        }

        @Override
        void put(Object event) {
            if (event instanceof Events.Failed) {
                errors++;
            }
            target.put(event);
        }
    }

    private void dispatch(Object e, SummaryBuilder summary, BatchListener listener) {
        if (e instanceof Events.Connection c) {
            Events.Prepared p = c.prepared();
            Object value = p.value() == Events.Prepared.LATER ? prepare(listener, c.record()) : p.value();
            summary.connection(p.tally());
            if (value instanceof RecordFailed f) {
                recordFailed(f.error(), summary, listener);
                return;
            }
            try {
                listener.connection(c.record(), value);
            } catch (UncheckedIOException | Events.Cancelled x) {
                throw x; // the output failed: the run ends
            } catch (RuntimeException x) {
                recordFailed(recordError(c.record(), x), summary, listener);
            }
        } else if (e instanceof Events.Started s) {
            listener.captureStarted(s.name());
        } else if (e instanceof Events.Finished f) {
            summary.finished(f.result());
            listener.captureFinished(f.result());
        } else if (e instanceof Events.Failed f) {
            summary.error(f.error(), f.partial() == null ? null : f.partial().summary());
            if (f.partial() == null) {
                listener.error(f.error());
            } else {
                listener.captureFailed(f.partial(), f.error());
            }
        } else if (e instanceof Events.Warned w) {
            summary.warning();
            listener.warning(w.input(), w.warning());
        } else if (e instanceof Events.Skipped s) {
            summary.skipped();
            listener.skipped(s.name());
        }
    }

    /**
     * What {@link BatchListener#prepare} threw for a record, in place of its prepared form: in the record's turn
     * it becomes an error of its capture; nothing of the record is written, and nothing else changes.
     */
    private record RecordFailed(InputError error) {
    }

    private static Object prepare(BatchListener listener, ConnectionRecord r) {
        try {
            return listener.prepare(r);
        } catch (Events.Cancelled e) {
            throw e;
        } catch (RuntimeException e) {
            return new RecordFailed(recordError(r, e));
        }
    }

    /**
     * The error of a record the listener failed to prepare or write: names the connection by its
     * {@code wireshark_filter} and the frame of its ClientHello (else of its first fact).
     */
    static InputError recordError(ConnectionRecord r, RuntimeException e) {
        long frame = r.clientHello() != null ? r.clientHello().frame()
                : r.evidence().isEmpty() ? -1 : r.evidence().get(0).frame();
        return InputError.of(r.capture(), InputError.Kind.INTERNAL, "internal error while writing the connection "
                + "record of " + r.wiresharkFilter() + (frame > 0 ? " (frame " + frame + ")" : "") + ": " + e
                + "; the capture's other records are complete", -1);
    }

    private static void recordFailed(InputError error, SummaryBuilder summary, BatchListener listener) {
        summary.error(error);
        listener.error(error);
    }

    /** Daemon worker threads named hellocheck-worker-N. */
    private static final class Workers implements ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "hellocheck-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /** Options of a batch. */
    public static final class Builder {
        private final HelloCheck analyzer;
        private int threads = Runtime.getRuntime().availableProcessors();
        private ArchiveLimits limits = ArchiveLimits.defaults();
        private ClientKey clientKey = ClientKey.ja4();
        private long bufferBytes = defaultBufferBytes();
        private boolean merge;
        private Cancellation cancellation = Cancellation.NONE;

        private Builder(HelloCheck analyzer) {
            this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        }

        /** Files analyzed at once (default: the available processors). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        /** Decompression bounds (default {@link ArchiveLimits#defaults()}). */
        public Builder archiveLimits(ArchiveLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** How the summary groups clients (default {@link ClientKey#ja4()}). */
        public Builder clientKey(ClientKey key) {
            this.clientKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Whether the capture files among the inputs are one capture in time order (tcpdump {@code -C} or
         * {@code -G} rotations, several interfaces): analyzed as one, frames merged by timestamp and numbered
         * over the whole group ({@link HelloCheck#analyzeMerged}); default false, each file alone.
         */
        public Builder merge(boolean merge) {
            this.merge = merge;
            return this;
        }

        /**
         * What stops the runs of this batch early (default {@link Cancellation#NONE}: only an interrupt of the
         * calling thread does): once cancelled, a run under way throws {@link CancellationException} within
         * {@link Cancellation#CHECK_INTERVAL_FRAMES} frames of each task, and so does every later run at once;
         * one cancellation, and so one batch, per run that may be cancelled.
         */
        public Builder cancellation(Cancellation cancellation) {
            this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
            return this;
        }

        /** Heap for records waiting their turn, all tasks together (tests: a small bound). */
        Builder bufferBytes(long bytes) {
            this.bufferBytes = bytes;
            return this;
        }

        public BatchAnalyzer build() {
            return new BatchAnalyzer(this);
        }
    }
}
