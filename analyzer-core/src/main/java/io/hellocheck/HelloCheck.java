package io.hellocheck;

import io.hellocheck.analysis.AnalysisOptions;
import io.hellocheck.batch.ArchiveLimits;
import io.hellocheck.batch.BatchAnalyzer;
import io.hellocheck.capture.Cancellation;
import io.hellocheck.engine.ApiAccess;
import io.hellocheck.result.AnalysisResult;
import io.hellocheck.result.BatchSummary;
import io.hellocheck.tls.decrypt.KeyLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.FutureTask;

/**
 * The hellocheck analyzer: reads packet captures and decides, for every TLS ClientHello, whether a ServerHello
 * came back and if not what the server (or the network) did instead.
 *
 * <pre>{@code
 * HelloCheck analyzer = HelloCheck.builder().build();
 * CaptureResult result = analyzer.analyze(Path.of("trace.pcapng")).capture();
 * for (ConnectionRecord c : result.connections()) {
 *     System.out.println(c.wiresharkFilter() + " " + c.outcome() + ": " + c.outcomeReason());
 * }
 * }</pre>
 *
 * <p>Every entry point reads what the command line reads: pcap and pcapng captures, plain or compressed (gzip,
 * xz, zstd, bzip2), zip and tar archives of them (tar plain or compressed), and folders (walked recursively);
 * each capture gives one {@link io.hellocheck.result.CaptureResult}. An input that is not a readable capture is
 * an {@link io.hellocheck.result.InputError} of the result, never an exception; a capture damaged after its
 * start keeps what was decided before the damage. Nothing is printed.
 *
 * <p>Instances are immutable and thread-safe; each call has its own state. An analysis stops early when its
 * thread is interrupted (the synchronous calls then throw {@link CancellationException} with the interrupt
 * status kept) or when the {@link Analysis} handle of {@link #start} is cancelled.
 */
public final class HelloCheck {
    private final io.hellocheck.engine.HelloCheck engine;
    private final int threads;
    private final boolean merge;
    private final ArchiveLimits limits;

    private HelloCheck(Builder b, io.hellocheck.engine.HelloCheck engine) {
        this.engine = engine;
        this.threads = b.threads;
        this.merge = b.merge;
        this.limits = b.limits;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    private BatchAnalyzer batch(Cancellation cancellation) {
        return BatchAnalyzer.builder(engine).threads(threads).merge(merge).archiveLimits(limits)
                .cancellation(cancellation).build();
    }

    private static List<String> names(List<Path> inputs) {
        List<String> names = new ArrayList<>(inputs.size());
        for (Path p : inputs) {
            names.add(p.toString());
        }
        return names;
    }

    /**
     * Analyzes captures, folders and archives, and collects every record.
     *
     * @param inputs capture files, archives, folders
     * @return one result per capture, the inputs that were not readable captures, the totals
     * @throws IOException           when a folder cannot be listed
     * @throws CancellationException when the calling thread is interrupted (its interrupt status is kept)
     */
    public AnalysisResult analyze(Path... inputs) throws IOException {
        Listeners.Collector collector = new Listeners.Collector();
        io.hellocheck.batch.BatchSummary summary = run(List.of(inputs), collector);
        return collector.result(summary);
    }

    /**
     * Analyzes one input read from a stream, as {@link #analyze(Path...)} reads a file: a capture, compressed or
     * not, or an archive streamed entry after entry (never extracted); collects every record.
     *
     * @param in   the input's bytes, read to their end (or to the first unreadable byte); not closed
     * @param name the input's name, written into each record as {@code capture}
     * @return one result per capture, the errors, the totals
     * @throws CancellationException when the calling thread is interrupted (its interrupt status is kept)
     */
    public AnalysisResult analyze(InputStream in, String name) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(name, "name");
        Listeners.Collector collector = new Listeners.Collector();
        collector.started(List.of(name));
        io.hellocheck.batch.BatchSummary summary = batch(Cancellation.NONE)
                .runStream(in, name, true, new Listeners(collector));
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("analysis interrupted");
        }
        return collector.result(summary);
    }

    /**
     * Analyzes captures, folders and archives on this thread, handing everything to {@code listener} as it is
     * found (see {@link AnalysisListener} for the order); nothing is collected, so memory does not grow with
     * the input.
     *
     * @param inputs   capture files, archives, folders
     * @param listener receives the results, on this thread
     * @return the totals
     * @throws IOException           when a folder cannot be listed
     * @throws CancellationException when the calling thread is interrupted (its interrupt status is kept)
     */
    public BatchSummary analyze(List<Path> inputs, AnalysisListener listener) throws IOException {
        return ApiAccess.results().summary(run(inputs, listener));
    }

    private io.hellocheck.batch.BatchSummary run(List<Path> inputs, AnalysisListener listener) throws IOException {
        return run(inputs, listener, Cancellation.NONE);
    }

    private io.hellocheck.batch.BatchSummary run(List<Path> inputs, AnalysisListener listener,
                                                 Cancellation cancellation) throws IOException {
        Objects.requireNonNull(listener, "listener");
        try {
            io.hellocheck.batch.BatchSummary summary = batch(cancellation)
                    .run(names(inputs), null, new Listeners(listener));
            listener.finished(ApiAccess.results().summary(summary));
            return summary;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException c = new CancellationException("analysis interrupted");
            c.initCause(e);
            throw c;
        }
    }

    /**
     * Starts analyzing captures, folders and archives on a new thread, handing everything to {@code listener}
     * on that thread as {@link #analyze(List, AnalysisListener)} does.
     *
     * @param inputs   capture files, archives, folders
     * @param listener receives the results, on the analysis's thread
     * @return the handle to wait for the end or cancel
     */
    public Analysis start(List<Path> inputs, AnalysisListener listener) {
        List<Path> copy = List.copyOf(inputs);
        Objects.requireNonNull(listener, "listener");
        Cancellation cancellation = new Cancellation();
        FutureTask<BatchSummary> task = new FutureTask<>(
                () -> ApiAccess.results().summary(run(copy, listener, cancellation)));
        Analysis analysis = new Analysis(cancellation, task);
        analysis.start();
        return analysis;
    }

    /** Options of an analyzer; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean merge;
        private ArchiveLimits limits = ArchiveLimits.defaults();
        private Duration noAnswerTimeout = Duration.ofNanos(AnalysisOptions.defaults().noAnswerTimeoutNanos());
        private Duration closeWait = Duration.ofNanos(AnalysisOptions.defaults().closeWaitNanos());
        private final Set<Integer> tlsPorts = new HashSet<>();
        private String filter;
        private KeyLog keyLog = KeyLog.empty();

        private Builder() {
        }

        /**
         * Captures analyzed at once, each on its own thread (default: the available processors).
         *
         * @param threads at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code threads} is less than 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Whether the capture files among the inputs are one capture in time order (tcpdump {@code -C} or
         * {@code -G} rotations, captures of several interfaces): frames merged by timestamp as {@code mergecap}
         * does and numbered over the group, whose records are named {@code a.pcap + b.pcap}. Default false.
         *
         * @param merge true to merge
         * @return this builder
         */
        public Builder merge(boolean merge) {
            this.merge = merge;
            return this;
        }

        /**
         * How long after a ClientHello the server may stay silent before the outcome is {@code NO_RESPONSE}
         * (capture time; default 3 s, CONTRACT.md).
         *
         * @param timeout zero to 36,500 days
         * @return this builder
         * @throws IllegalArgumentException when {@code timeout} is negative or longer
         */
        public Builder noAnswerTimeout(Duration timeout) {
            this.noAnswerTimeout = notNegative(timeout, "noAnswerTimeout");
            return this;
        }

        /**
         * How long (capture time) a failure's record waits for the connection's close, so that its
         * {@code closed_by} can be told (default 2 s).
         *
         * @param wait zero to 36,500 days
         * @return this builder
         * @throws IllegalArgumentException when {@code wait} is negative or longer
         */
        public Builder closeWait(Duration wait) {
            this.closeWait = notNegative(wait, "closeWait");
            return this;
        }

        /** Capture times are nanoseconds since 1970 in a long: a wait added to one must stay in range. */
        private static final Duration LONGEST_WAIT = Duration.ofDays(36_500);

        private static Duration notNegative(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.compareTo(LONGEST_WAIT) > 0) {
                throw new IllegalArgumentException(what + " must be from zero to 36,500 days: " + d);
            }
            return d;
        }

        /**
         * Ports that count as TLS ports for failed connection attempts, beyond the well-known ones (443, 8443,
         * 993, ...) and those that carry TLS elsewhere in the capture.
         *
         * @param ports ports from 1 to 65535
         * @return this builder
         * @throws IllegalArgumentException when a port is out of range
         */
        public Builder tlsPorts(int... ports) {
            for (int p : ports) {
                if (p < 1 || p > 65535) {
                    throw new IllegalArgumentException("not a port: " + p);
                }
                tlsPorts.add(p);
            }
            return this;
        }

        /**
         * Bound on the decompressed size of one capture read from a compressed file or an archive entry; a larger
         * one is an {@code ARCHIVE_LIMIT} error (a decompression bomb, or a capture to extract first).
         *
         * @param bytes at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code bytes} is less than 1
         */
        public Builder maxEntrySize(long bytes) {
            this.limits = limits.withMaxEntryBytes(positive(bytes, "maxEntrySize"));
            return this;
        }

        /**
         * Bound on the decompressed bytes read from one archive, all entries together.
         *
         * @param bytes at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code bytes} is less than 1
         */
        public Builder maxArchiveSize(long bytes) {
            this.limits = limits.withMaxArchiveBytes(positive(bytes, "maxArchiveSize"));
            return this;
        }

        private static long positive(long bytes, String what) {
            if (bytes < 1) {
                throw new IllegalArgumentException(what + " must be at least 1 byte, not " + bytes);
            }
            return bytes;
        }

        /**
         * Analyzes only the frames matching a BPF expression (libpcap syntax, as tcpdump takes it); frame numbers
         * stay those of the whole file. Needs libpcap and pcap4j at run time.
         *
         * @param bpfExpression the filter, or null for none (the default)
         * @return this builder
         */
        public Builder filter(String bpfExpression) {
            this.filter = bpfExpression;
            return this;
        }

        /**
         * TLS session secrets to decrypt handshakes with, read from an NSS key log file ({@code SSLKEYLOGFILE});
         * the Decryption Secrets Blocks of pcapng captures are always used. Secrets never appear in any result.
         *
         * @param nssKeyLog the key log file
         * @return this builder
         * @throws IOException when the file cannot be read
         */
        public Builder keyLog(Path nssKeyLog) throws IOException {
            this.keyLog = KeyLog.parse(Files.readAllBytes(nssKeyLog));
            return this;
        }

        /**
         * Makes the analyzer; a filter is compiled here once, so a bad expression is reported before any capture
         * is read.
         *
         * @return the analyzer
         * @throws IllegalArgumentException with libpcap's message when the filter does not compile
         * @throws IllegalStateException    when a filter is set and libpcap or pcap4j cannot be loaded
         */
        public HelloCheck build() {
            AnalysisOptions options = new AnalysisOptions(noAnswerTimeout.toNanos(), closeWait.toNanos(), tlsPorts);
            io.hellocheck.engine.HelloCheck engine = io.hellocheck.engine.HelloCheck.builder()
                    .analysisOptions(options).filter(filter).keyLog(keyLog).build();
            return new HelloCheck(this, engine);
        }
    }
}
