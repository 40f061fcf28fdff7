package io.hellocheck.engine;

import io.hellocheck.analysis.AnalysisOptions;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.HandshakeAnalysis;
import io.hellocheck.capture.BpfFilter;
import io.hellocheck.capture.Cancellation;
import io.hellocheck.capture.CaptureFormatException;
import io.hellocheck.capture.CaptureReadException;
import io.hellocheck.capture.CaptureReader;
import io.hellocheck.tls.decrypt.KeyLog;
import io.hellocheck.capture.FrameSource;
import io.hellocheck.capture.MergedFrames;
import io.hellocheck.frame.DecodeStatus;
import io.hellocheck.profile.ServerProfile;
import io.hellocheck.tcp.MemoryBudget;
import io.hellocheck.tcp.TcpOptions;
import io.hellocheck.tcp.TcpTracker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The hellocheck analyzer: reads a pcap or pcapng capture (gzipped or not), rebuilds each TCP connection,
 * decodes its TLS handshake and decides, for every ClientHello, whether a ServerHello came back and if
 * not what the server did instead.
 *
 * <pre>{@code
 * HelloCheck analyzer = HelloCheck.builder().build();
 * CaptureResult result = analyzer.analyze(Path.of("trace.pcapng"));
 * for (ConnectionRecord c : result.connections()) {
 *     System.out.println(c.tcpStream() + " " + c.outcome() + ": " + c.outcomeReason());
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe: each call analyzes one capture with its own state. Nothing
 * is printed; problems reading the input are thrown as {@link IOException}
 * ({@link io.hellocheck.capture.CaptureFormatException} with the byte offset when the input is not a
 * capture). A capture cut short is not an error: the result holds a warning with the byte offset. A capture
 * damaged after its start keeps what was decided before the damage: see {@link CaptureFormatException#partialResult()}.
 * A bug while analyzing one connection does not escape either: that connection's record is {@code INCONCLUSIVE}
 * with the frame and the exception in its evidence, the result holds a warning naming both, and the rest of the
 * capture is analyzed.
 *
 * <p>An analysis stops early when the calling thread is interrupted, or when the {@link Cancellation} given to
 * {@link #analyze(InputStream, String, Consumer, Cancellation)} is cancelled: checked before the first frame, then
 * every {@link Cancellation#CHECK_INTERVAL_FRAMES} frames, and once more before the connections still open are
 * decided; the call then throws {@link CancellationException} and returns no result (the records handed to the
 * sink before the stop are all there is of it).
 */
public final class HelloCheck {
    private final TcpOptions tcpOptions;
    private final MemoryBudget memoryBudget;
    private final AnalysisOptions analysisOptions;
    private final String filter;
    private final ServerProfile serverProfile;
    private final KeyLog keyLog;

    private HelloCheck(Builder b) {
        this.keyLog = b.keyLog;
        this.memoryBudget = b.memoryBudget;
        this.tcpOptions = b.tcpOptions != null ? b.tcpOptions : TcpOptions.forBudget(b.memoryBudget);
        this.analysisOptions = b.analysisOptions;
        this.filter = b.filter;
        this.serverProfile = b.serverProfile;
    }

    /**
     * A builder with the JVM's memory budget ({@link MemoryBudget#jvmDefault()}), the TCP limits it gives
     * ({@link TcpOptions#forBudget}) and {@link AnalysisOptions#defaults()}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Analyzes a capture file and collects every record.
     *
     * @throws io.hellocheck.capture.CaptureFormatException when the file is not a pcap or pcapng capture
     * @throws IOException when the file cannot be read
     */
    public CaptureResult analyze(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return analyze(in, file.toString());
        }
    }

    /**
     * Analyzes a capture from a stream (read to its end, then closed) and collects every record.
     *
     * @param name the capture's name, written into each record
     * @throws io.hellocheck.capture.CaptureFormatException when the input is not a pcap or pcapng capture, or is
     *         damaged after its start; then {@link CaptureFormatException#partialResult()} holds everything decided
     *         before the damage (records included), as if the capture had ended there
     * @throws IOException when reading fails
     */
    public CaptureResult analyze(InputStream in, String name) throws IOException {
        List<ConnectionRecord> records = new ArrayList<>();
        CaptureResult r;
        try {
            r = analyze(in, name, records::add);
        } catch (CaptureFormatException e) {
            CaptureResult partial = e.partialResult();
            if (partial == null) {
                throw e;
            }
            throw e.withPartialResult(new CaptureResult(records, partial.servers(), partial.summary(),
                    partial.warnings()));
        } catch (CaptureReadException e) {
            CaptureResult partial = e.partialResult();
            throw new CaptureReadException(e.getCause(), new CaptureResult(records, partial.servers(),
                    partial.summary(), partial.warnings()));
        }
        return new CaptureResult(records, r.servers(), r.summary(), r.warnings());
    }

    /**
     * Analyzes a capture from a stream (read to its end, then closed), handing each connection record to {@code sink} as soon as its outcome
     * is decided, so memory does not grow with the capture: a failed record, and those decided after it, wait
     * until the capture ends (at most 1,000), so that its diagnosis reads every handshake with its server. The returned result holds no connections, only the
     * server records, the summary and the warnings.
     *
     * <p>When a record after the start is unreadable, the analysis ends as at the end of a capture that stopped
     * just before it: every connection is decided as far as the data allows and its record handed to
     * {@code sink}; then the {@link CaptureFormatException} is thrown, its
     * {@link CaptureFormatException#partialResult()} holding the servers, summary and warnings of what was read.
     * When reading the stream itself fails, the records decided so far are handed over too, then a
     * {@link CaptureReadException} is thrown whose cause is the failure, with the same partial result.
     *
     * @throws io.hellocheck.capture.CaptureFormatException when the input is not a pcap or pcapng capture, or is
     *         damaged after its start (with the partial result)
     * @throws io.hellocheck.capture.CaptureReadException when reading fails after the capture started (its
     *                     cause is the failure), with what was analyzed before
     * @throws IOException when reading fails
     * @throws AnalysisBugException for a bug of hellocheck while decoding a frame or tracking its TCP segment,
     *                     with the frame and its byte offset (a bug while analyzing one connection is not thrown:
     *                     see the class description); what {@code sink} throws comes out unchanged
     * @throws CancellationException when this thread is interrupted (checked every
     *                     {@link Cancellation#CHECK_INTERVAL_FRAMES} frames)
     */
    public CaptureResult analyze(InputStream in, String name, Consumer<ConnectionRecord> sink) throws IOException {
        return analyze(in, name, sink, Cancellation.NONE);
    }

    /**
     * Like {@link #analyze(InputStream, String, Consumer)}, stopped by {@code cancellation} (or an interrupt of
     * this thread) within {@link Cancellation#CHECK_INTERVAL_FRAMES} frames, or at the next record decided: no
     * record reaches {@code sink} after the stop, the stream is closed, the records still waiting (failed ones
     * and those after them) are dropped, and no result is returned.
     *
     * @throws CancellationException when {@code cancellation} was cancelled or this thread interrupted before
     *                               the analysis ended (the interrupt status is kept)
     */
    public CaptureResult analyze(InputStream in, String name, Consumer<ConnectionRecord> sink,
                                 Cancellation cancellation) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(cancellation, "cancellation");
        FrameSource source;
        try {
            cancellation.check();
            source = CaptureReader.open(in);
        } catch (IOException e) {
            throw cancelledOr(e, cancellation);
        } catch (CancellationException e) {
            closeQuietly(in, e);
            throw e;
        }
        return guarded(source, name, sink, cancellation);
    }

    /**
     * Analyzes several captures as one, in time order ({@code --merge}): the files of a tcpdump {@code -C} or
     * {@code -G} rotation, or captures of several interfaces. Frames are merged by timestamp as
     * {@code mergecap} does ({@link MergedFrames}) and numbered from 1 over the merged sequence; a connection
     * that continues in the next file is one connection, and every failure is diagnosed with every handshake of
     * the group. Records and errors as {@link #analyze(InputStream, String, Consumer)}; the streams are closed.
     *
     * @param inputs the captures, each a pcap or pcapng stream (gzipped or not)
     * @param name   the group's name, written into each record
     * @throws io.hellocheck.capture.CaptureFormatException when an input is not a capture, or is damaged (with
     *         the partial result of everything merged before the damage)
     * @throws IOException when reading fails
     */
    public CaptureResult analyzeMerged(List<InputStream> inputs, String name, Consumer<ConnectionRecord> sink)
            throws IOException {
        return analyzeMerged(inputs, name, sink, Cancellation.NONE);
    }

    /**
     * Like {@link #analyzeMerged(List, String, Consumer)}, stopped by {@code cancellation} as
     * {@link #analyze(InputStream, String, Consumer, Cancellation)} is.
     *
     * @throws CancellationException when {@code cancellation} was cancelled or this thread interrupted before
     *                               the analysis ended
     */
    public CaptureResult analyzeMerged(List<InputStream> inputs, String name, Consumer<ConnectionRecord> sink,
                                       Cancellation cancellation) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(cancellation, "cancellation");
        FrameSource source;
        try {
            cancellation.check();
            source = MergedFrames.open(inputs);
        } catch (IOException e) {
            throw cancelledOr(e, cancellation);
        } catch (CancellationException e) {
            for (InputStream in : inputs) {
                closeQuietly(in, e);
            }
            throw e;
        }
        return guarded(source, name, sink, cancellation);
    }

    private static void closeQuietly(InputStream in, CancellationException stop) {
        try {
            in.close();
        } catch (IOException e) {
            stop.addSuppressed(e);
        }
    }

    /**
     * {@code e}, or a {@link CancellationException} (with {@code e} suppressed) when the analysis was cancelled:
     * an interrupt closes a file channel under the reader ({@link java.nio.channels.ClosedByInterruptException}),
     * which is the stop, not a read error.
     */
    private static IOException cancelledOr(IOException e, Cancellation cancellation) {
        try {
            cancellation.check();
        } catch (CancellationException c) {
            c.addSuppressed(e);
            throw c;
        }
        return e;
    }

    /** Like {@link #analyzeMerged(List, String, Consumer)}, collecting every record; named after the files joined with " + ". */
    public CaptureResult analyzeMerged(List<Path> files) throws IOException {
        List<InputStream> inputs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (Path f : files) {
                inputs.add(Files.newInputStream(f));
                names.add(f.toString());
            }
        } catch (IOException e) {
            for (InputStream in : inputs) {
                in.close();
            }
            throw e;
        }
        List<ConnectionRecord> records = new ArrayList<>();
        CaptureResult r = analyzeMerged(inputs, String.join(" + ", names), records::add);
        return new CaptureResult(records, r.servers(), r.summary(), r.warnings());
    }

    /**
     * Analyzes {@code source}; what {@code sink} throws comes out unchanged, never taken for an analysis bug. No
     * record reaches {@code sink} once the analysis is cancelled: the record that would have stops it at once.
     */
    private CaptureResult guarded(FrameSource source, String name, Consumer<ConnectionRecord> sink,
                                  Cancellation cancellation) throws IOException {
        try {
            return analyzeFrames(source, name, cancellation, r -> {
                try {
                    cancellation.check();
                    sink.accept(r);
                } catch (RuntimeException e) {
                    throw new SinkFailed(e);
                }
            });
        } catch (SinkFailed e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /** What the caller's sink threw: handed on unchanged, never taken for a bug of the analysis. */
    static final class SinkFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailed(RuntimeException cause) {
            super(cause);
        }
    }

    private CaptureResult analyzeFrames(FrameSource source, String name, Cancellation cancellation,
                                        Consumer<ConnectionRecord> sink) throws IOException {
        HandshakeAnalysis analysis = new HandshakeAnalysis(analysisOptions, name, sink, serverProfile);
        analysis.setFiltered(filter != null);
        analysis.addKeyLog(keyLog);
        MemoryBudget.Lease lease = memoryBudget.lease();
        try {
            return analyze(source, name, analysis, lease, cancellation);
        } finally {
            lease.close();
        }
    }

    private CaptureResult analyze(FrameSource source, String name, HandshakeAnalysis analysis,
                                  MemoryBudget.Lease lease, Cancellation cancellation) throws IOException {
        TcpTracker tracker = new TcpTracker(tcpOptions, analysis, lease);
        List<CaptureWarning> warnings = new ArrayList<>();
        try (FrameSource reader = source;
             BpfFilter bpf = filter == null ? null : BpfFilter.compile(filter)) {
            reader.onTlsKeyLog(text -> analysis.addKeyLog(KeyLog.parse(text)));
            FrameDispatch d = new FrameDispatch(reader, tracker, analysis, bpf);
            CaptureFormatException damage = null;
            IOException failure = null;
            // frames left before the next look at the cancellation: one decrement per frame, one volatile read
            // per CHECK_INTERVAL_FRAMES
            int untilCheck = Cancellation.CHECK_INTERVAL_FRAMES;
            while (true) {
                if (--untilCheck == 0) {
                    untilCheck = Cancellation.CHECK_INTERVAL_FRAMES;
                    cancellation.check();
                }
                try {
                    if (!reader.next(d.frame)) {
                        break;
                    }
                } catch (CaptureFormatException e) {
                    // Damaged from here on: end the analysis as if the capture ended just before the damage, so
                    // that the connections read so far are decided (and their records handed over) as at the end
                    // of a capture; then the error, with what was read before it.
                    damage = e;
                    break;
                } catch (IOException e) {
                    // the stream itself failed (corrupt archive data, a decompression limit): as for a damaged
                    // capture, what was read so far is decided and handed over before the error
                    failure = e;
                    break;
                }
                d.onFrame();
            }
            // a cancelled analysis is no capture cut short: nothing more is decided, and a read failure caused by
            // the interrupt (the file channel it closed) is the stop, not an error
            cancellation.check();
            if (damage != null || failure != null) {
                analysis.setDamaged();
            }
            tracker.finish();
            d.udp.finish();
            analysis.finish();
            String keyLogWarning = analysis.keyLogWarning();
            if (keyLogWarning != null) {
                warnings.add(new CaptureWarning(keyLogWarning, -1));
            }
            if (analysis.snaplenCutConnections() > 0) {
                warnings.add(new CaptureWarning("the snaplen cut TLS handshake bytes in " + analysis.snaplenCutConnections()
                        + " connection(s): what was cut cannot be read (a ServerHello is decoded as far as it goes); "
                        + "capture with a full snaplen (tcpdump -s 0, or -s 65535)", -1));
            }
            if (tracker.evictions() > 0) {
                warnings.add(new CaptureWarning(tracker.evictions() + " TCP connections were evicted before their "
                        + "outcome was known (their records are INCONCLUSIVE and say so): more than "
                        + tcpOptions.maxConnections() + " connections were open at once, or their state filled this "
                        + "analysis's share of the memory budget (" + (memoryBudget.perAnalysisBytes() >> 20)
                        + " MiB); give the JVM more heap (HELLOCHECK_JAVA_OPTS=\"-Xmx2g -XX:+UseSerialGC\" for the "
                        + "launcher) or cut the capture in time (editcap -i)", -1));
            }
            warnings.addAll(analysis.warnings());
            long cut = reader.truncatedAtOffset();
            if (cut >= 0) {
                warnings.add(new CaptureWarning("capture cut short: the record at byte offset " + cut
                        + " is incomplete; everything before it was analyzed", cut));
            }
            String sides = analysis.sidesWarning();
            if (sides != null) {
                warnings.add(new CaptureWarning(sides, -1));
            }
            Map<String, Long> frameKinds = new LinkedHashMap<>();
            for (DecodeStatus s : DecodeStatus.values()) {
                if (d.kinds[s.ordinal()] > 0) {
                    frameKinds.put(s.name(), d.kinds[s.ordinal()]);
                }
            }
            var outcomes = analysis.outcomeCounts();
            int records = outcomes.values().stream().mapToInt(Integer::intValue).sum();
            int failed = analysis.failedRecords();
            Map<String, Long> encapsulations = new TreeMap<>();
            d.encapsulationCounts.forEach((k, v) -> encapsulations.put(k, v[0]));
            CaptureSummary summary = new CaptureSummary(name, reader.format(), d.frames, d.bytes, d.first, d.last,
                    tracker.connectionsSeen(), records, new EnumMap<>(outcomes), failed, frameKinds,
                    d.unsupportedLinks, d.filtered, tracker.evictions(), cut,
                    reader.timestampDigits(), d.unsupportedEncapsulations, encapsulations,
                    d.decoder.fragmentCounters());
            CaptureResult result = new CaptureResult(List.of(), analysis.servers(), summary, warnings);
            if (damage != null) {
                throw damage.withPartialResult(result);
            }
            if (failure != null) {
                throw new CaptureReadException(failure, result);
            }
            return result;
        }
    }

    /** Options of an analyzer. */
    public static final class Builder {
        private TcpOptions tcpOptions;
        private MemoryBudget memoryBudget = MemoryBudget.jvmDefault();
        private AnalysisOptions analysisOptions = AnalysisOptions.defaults();
        private String filter;
        private ServerProfile serverProfile;
        private KeyLog keyLog = KeyLog.empty();

        private Builder() {
        }

        /**
         * TLS session secrets (an NSS key log, {@link KeyLog#parse}) to decrypt handshakes with, in addition to the
         * Decryption Secrets Blocks of pcapng captures, which are always used. Secrets never appear in any result.
         */
        public Builder keyLog(KeyLog log) {
            this.keyLog = Objects.requireNonNull(log);
            return this;
        }

        /**
         * The heap this analyzer's analyses share with the others that use the same budget (default:
         * {@link MemoryBudget#jvmDefault()}, one per JVM): an analysis that needs more than the budget has left waits
         * for room; without {@link #tcpOptions}, its TCP limits are those the budget gives
         * ({@link TcpOptions#forBudget}).
         */
        public Builder memoryBudget(MemoryBudget budget) {
            this.memoryBudget = Objects.requireNonNull(budget);
            return this;
        }

        /** Limits of the TCP layer (connection cap, buffers, timeouts); default: {@link TcpOptions#forBudget}. */
        public Builder tcpOptions(TcpOptions options) {
            this.tcpOptions = Objects.requireNonNull(options);
            return this;
        }

        /** Timeouts of the outcome rules and extra TLS ports. */
        public Builder analysisOptions(AnalysisOptions options) {
            this.analysisOptions = Objects.requireNonNull(options);
            return this;
        }

        /**
         * Only frames matching this BPF expression (libpcap syntax, compiled with pcap4j for each link type
         * met) are analyzed; frame numbers stay those of the whole file. Needs libpcap at run time.
         */
        public Builder filter(String bpfExpression) {
            this.filter = bpfExpression;
            return this;
        }

        /**
         * What the servers are configured to accept (read with {@link io.hellocheck.profile.ServerProfiles}); each
         * connection record's {@code cipherOverlap().userProfile()} compares its ClientHello with it, before the
         * built-in profiles. Null (the default): none.
         */
        public Builder serverProfile(ServerProfile profile) {
            this.serverProfile = profile;
            return this;
        }

        /**
         * Makes the analyzer. A {@link #filter(String) filter} is compiled here once, so a bad expression is
         * reported before any capture is read.
         *
         * @throws IllegalArgumentException with libpcap's message when the filter does not compile
         * @throws IllegalStateException    when a filter is set and libpcap cannot be loaded
         */
        public HelloCheck build() {
            if (filter != null) {
                BpfFilter.compile(filter).close();
            }
            return new HelloCheck(this);
        }
    }
}
