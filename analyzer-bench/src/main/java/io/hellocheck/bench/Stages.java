package io.hellocheck.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.frame.DecodeStatus;
import io.hellocheck.frame.FrameDecoder;
import io.hellocheck.frame.PacketView;
import io.hellocheck.report.JsonRecords;
import io.hellocheck.tcp.Side;
import io.hellocheck.tcp.StreamListener;
import io.hellocheck.tcp.TcpConnection;
import io.hellocheck.tcp.TcpOptions;
import io.hellocheck.tcp.TcpTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time of a run goes: the pipeline cut after each stage, on one capture file, in one JVM.
 *
 * <pre>
 * java -Xmx192m -XX:+UseSerialGC -cp analyzer-bench/target/benchmarks.jar io.hellocheck.bench.Stages FILE [ROUNDS [STAGE,...]]
 * </pre>
 *
 * Stages: {@code read} (reader only), {@code decode} (+ frame decoder), {@code tcp} (+ TCP tracker with a
 * listener that ignores everything, so every byte is delivered), {@code analyze} ({@link HelloCheck}, records
 * to a counting sink) and {@code analyze+json} (each record also rendered as the CLI's JSON line by
 * {@link JsonRecords#writeConnection} into one generator over a null stream). Rounds run the stages in
 * turn; the median of the rounds is printed per stage: wall time, CPU time and bytes allocated by the
 * thread, and per frame.
 * The first round warms the JIT and is not counted.
 */
public final class Stages {
    private Stages() {
    }

    interface Stage {
        long run(Path file) throws IOException;
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Map<String, Stage> stages = new LinkedHashMap<>();
        stages.put("read", Stages::read);
        stages.put("decode", Stages::decode);
        stages.put("tcp", Stages::tcp);
        stages.put("analyze", f -> analyze(f, false));
        stages.put("analyze+json", f -> analyze(f, true));
        if (args.length > 2) {
            stages.keySet().retainAll(List.of(args[2].split(",")));
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        long frames = count(file);
        for (int r = 0; r <= rounds; r++) {
            for (Map.Entry<String, Stage> e : stages.entrySet()) {
                long alloc0 = mx.getCurrentThreadAllocatedBytes();
                long cpu0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                long check = e.getValue().run(file);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                double alloc = mx.getCurrentThreadAllocatedBytes() - alloc0;
                if (r > 0) {
                    results.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {wall, cpu, alloc});
                }
                System.err.printf(Locale.ROOT, "round %d %-13s %7.3f s wall %7.3f s cpu %,14.0f B (%d)%n",
                        r, e.getKey(), wall, cpu, alloc, check);
            }
        }
        System.out.printf(Locale.ROOT, "%s: %,d frames, %,d bytes; median of %d rounds%n", file, frames,
                Files.size(file), rounds);
        System.out.printf(Locale.ROOT, "%-13s %9s %9s %10s %14s %9s%n", "stage", "wall s", "cpu s", "cpu ns/fr",
                "alloc B", "B/frame");
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            double wall = median(e.getValue(), 0);
            double cpu = median(e.getValue(), 1);
            double alloc = median(e.getValue(), 2);
            System.out.printf(Locale.ROOT, "%-13s %9.3f %9.3f %10.1f %,14.0f %9.1f%n", e.getKey(), wall, cpu,
                    cpu * 1e9 / frames, alloc, alloc / frames);
        }
    }

    private static double median(List<double[]> xs, int i) {
        double[] v = xs.stream().mapToDouble(x -> x[i]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static long count(Path file) throws IOException {
        try (CaptureReader r = CaptureReader.open(file)) {
            Frame f = new Frame();
            long n = 0;
            while (r.next(f)) {
                n++;
            }
            return n;
        }
    }

    private static long read(Path file) throws IOException {
        long sum = 0;
        try (CaptureReader r = CaptureReader.open(file)) {
            Frame f = new Frame();
            while (r.next(f)) {
                sum += f.capturedLength();
            }
        }
        return sum;
    }

    private static long decode(Path file) throws IOException {
        long tcp = 0;
        try (CaptureReader r = CaptureReader.open(file)) {
            Frame f = new Frame();
            FrameDecoder d = new FrameDecoder();
            PacketView v = new PacketView();
            while (r.next(f)) {
                if (d.decode(f, v) == DecodeStatus.TCP) {
                    tcp++;
                }
            }
        }
        return tcp;
    }

    private static long tcp(Path file) throws IOException {
        long[] delivered = {0};
        StreamListener ignore = new StreamListener() {
            @Override
            public void onData(TcpConnection c, Side from, byte[] buf, int off, int len, long frame, long t) {
                delivered[0] += len;
            }

            @Override
            public void onGap(TcpConnection c, Side from, long bytes, long frame, long t) {
            }

            @Override
            public void onSegment(TcpConnection c, Side from, PacketView segment) {
            }

            @Override
            public void onTimer(TcpConnection c, long nowNanos) {
            }

            @Override
            public void onEnd(TcpConnection c, EndReason reason, long nowNanos) {
            }
        };
        TcpTracker tracker = new TcpTracker(TcpOptions.defaults(), c -> ignore);
        try (CaptureReader r = CaptureReader.open(file)) {
            Frame f = new Frame();
            FrameDecoder d = new FrameDecoder();
            PacketView v = new PacketView();
            while (r.next(f)) {
                if (d.decode(f, v) == DecodeStatus.TCP) {
                    tracker.onSegment(v);
                }
            }
        }
        tracker.finish();
        return delivered[0];
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static long analyze(Path file, boolean json) throws IOException {
        long[] n = {0};
        // as the CLI's JSON Lines: one UTF-8 generator, records written straight into it
        JsonGenerator gen = MAPPER.getFactory().createGenerator(OutputStream.nullOutputStream(), JsonEncoding.UTF8);
        gen.setRootValueSeparator(null);
        try (InputStream in = Files.newInputStream(file)) {
            HelloCheck.builder().build().analyze(in, file.toString(), r -> {
                n[0]++;
                if (json) {
                    try {
                        JsonRecords.writeConnection(gen, r);
                        gen.writeRaw('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        }
        gen.close();
        return n[0];
    }
}
