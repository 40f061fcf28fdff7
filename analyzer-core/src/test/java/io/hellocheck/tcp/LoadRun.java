package io.hellocheck.tcp;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.AnalysisOptions;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.HandshakeAnalysis;
import io.hellocheck.batch.BatchAnalyzer;
import io.hellocheck.batch.BatchListener;
import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.frame.DecodeStatus;
import io.hellocheck.frame.FrameDecoder;
import io.hellocheck.frame.PacketView;
import io.hellocheck.report.JsonRecords;
import io.hellocheck.report.RecordTrees;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link InFlightHandshakesTest} runs in a JVM of its own, started with the launcher's options.
 *
 * <pre>
 * LoadRun limits              prints the connection cap of the JVM's default limits
 * LoadRun in-flight FILE      the capture through the reader, the decoder, the tracker and the analysis, with the
 *                             JVM's default limits and memory budget; before the capture's end (connections still in
 *                             flight) the heap used after a full collection; prints "live=N evictions=E
 *                             heap_per_connection=B records=R"
 * LoadRun batch THREADS FILE...   the batch analyzer with THREADS threads; prints every record, server record,
 *                             warning and capture summary as JSON lines, in input order
 * </pre>
 */
public final class LoadRun {

    private LoadRun() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "limits" -> System.out.println(TcpOptions.defaults().maxConnections());
            case "in-flight" -> inFlight(Path.of(args[1]));
            case "batch" -> batch(Integer.parseInt(args[1]), Arrays.asList(args).subList(2, args.length));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void inFlight(Path file) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        int[] records = {0};
        HandshakeAnalysis analysis = new HandshakeAnalysis(AnalysisOptions.defaults(), file.toString(),
                r -> records[0]++, null);
        try (MemoryBudget.Lease lease = MemoryBudget.jvmDefault().lease()) {
            TcpTracker tracker = new TcpTracker(TcpOptions.defaults(), analysis, lease);
            FrameDecoder decoder = new FrameDecoder();
            PacketView v = new PacketView();
            Frame f = new Frame();
            try (CaptureReader reader = CaptureReader.open(file)) {
                while (reader.next(f)) {
                    if (decoder.decode(f, v) == DecodeStatus.TCP) {
                        tracker.onSegment(v);
                    }
                }
            }
            System.gc();
            long after = memory.getHeapMemoryUsage().getUsed();
            int live = tracker.liveConnections();
            long evictions = tracker.evictions();
            tracker.finish();
            analysis.finish();
            System.out.println("live=" + live + " evictions=" + evictions + " heap_per_connection="
                    + (after - before) / Math.max(1, live) + " records=" + records[0]
                    + " max_connections=" + TcpOptions.defaults().maxConnections());
        }
    }

    private static void batch(int threads, List<String> files) throws Exception {
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        BatchAnalyzer batch = BatchAnalyzer.builder(HelloCheck.builder().build()).threads(threads).build();
        batch.run(files, null, new BatchListener() {
            @Override
            public void connection(ConnectionRecord record) {
                out.println(JsonRecords.connection(record));
            }

            @Override
            public void captureFinished(CaptureResult result) {
                result.servers().forEach(s -> out.println(RecordTrees.server(result.summary().capture(), s)));
                for (CaptureWarning w : result.warnings()) {
                    out.println(RecordTrees.warning(result.summary().capture(), w));
                }
                out.println(RecordTrees.summary(result.summary()));
            }
        });
        out.flush();
    }
}
