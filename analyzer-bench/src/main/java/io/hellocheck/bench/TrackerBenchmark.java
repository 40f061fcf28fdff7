package io.hellocheck.bench;

import io.hellocheck.analysis.AnalysisOptions;
import io.hellocheck.analysis.HandshakeAnalysis;
import io.hellocheck.frame.PacketView;
import io.hellocheck.tcp.TcpOptions;
import io.hellocheck.tcp.TcpTracker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The TCP layer with the real analysis behind it ({@link HandshakeAnalysis}, records to a counting sink).
 *
 * <ul>
 *   <li>{@link #decidedSegment}: segments of a connection whose outcome is decided (a completed TLS 1.3
 *       handshake, sample-captures/tls13-ok.pcap up to its decision), a 1,448-byte server data segment
 *       and the client's ACK alternately, with advancing sequence numbers and time: the bulk of a capture.
 *       Per segment; allocation must be 0.</li>
 *   <li>{@link #connection}: the whole of tls13-ok.pcap (25 segments: handshake, data, close) as a new
 *       connection per operation (client port changed, time moved 5 ms on): the cost of one connection,
 *       decision and record included.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
public class TrackerBenchmark {
    private static final String CAPTURE = "sample-captures/tls13-ok.pcap";
    private static final int SERVER_PORT = 4433;

    /** A tracker holding one decided connection, fed its later segments. */
    @State(Scope.Thread)
    public static class Decided {
        final PacketView view = new PacketView();
        final byte[] data = new byte[1448];
        TcpTracker tracker;
        long records;
        Captures.Segment server;
        Captures.Segment client;
        long serverSeq;
        long clientSeq;
        long frame;
        long time;

        @Setup
        public void setup() {
            List<Captures.Segment> segments = Captures.segments(CAPTURE);
            tracker = new TcpTracker(TcpOptions.defaults(),
                    new HandshakeAnalysis(AnalysisOptions.defaults(), "bench", r -> records++));
            int i = 0;
            while (records == 0) {
                Captures.Segment s = segments.get(i++);
                tracker.onSegment(s.load(view, SERVER_PORT, s.srcPort == SERVER_PORT ? s.dstPort : s.srcPort, 0, 0));
                if (s.srcPort == SERVER_PORT) {
                    server = s;
                    serverSeq = (s.seq + s.payload.length) & 0xffff_ffffL;
                } else {
                    client = s;
                    clientSeq = (s.seq + s.payload.length) & 0xffff_ffffL;
                }
                frame = s.frame;
                time = s.time;
            }
            if (i >= 20) {
                throw new IllegalStateException("the handshake was decided only at segment " + i);
            }
            new java.util.Random(1).nextBytes(data);
        }
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public long decidedSegment(Decided s) {
        Captures.Segment srv = s.server;
        Captures.Segment cli = s.client;
        PacketView v = s.view;
        s.time += 10_000;
        v.set(++s.frame, s.time, srv.ipv6, srv.srcHi, srv.srcLo, srv.dstHi, srv.dstLo, srv.srcPort, srv.dstPort,
                srv.ttl, srv.ipId, s.serverSeq, s.clientSeq, PacketView.ACK | PacketView.PSH, srv.window, s.data, 0,
                s.data.length, 0);
        s.tracker.onSegment(v);
        s.serverSeq = (s.serverSeq + s.data.length) & 0xffff_ffffL;
        s.time += 10_000;
        v.set(++s.frame, s.time, cli.ipv6, cli.srcHi, cli.srcLo, cli.dstHi, cli.dstLo, cli.srcPort, cli.dstPort,
                cli.ttl, cli.ipId, s.clientSeq, s.serverSeq, PacketView.ACK, cli.window, s.data, 0, 0, 0);
        s.tracker.onSegment(v);
        return s.records;
    }

    /** A tracker fed whole connections. */
    @State(Scope.Thread)
    public static class Connections {
        final PacketView view = new PacketView();
        List<Captures.Segment> segments;
        TcpTracker tracker;
        long records;
        long n;

        @Setup
        public void setup() {
            segments = Captures.segments(CAPTURE);
            tracker = new TcpTracker(TcpOptions.defaults(),
                    new HandshakeAnalysis(AnalysisOptions.defaults(), "bench", r -> records++));
        }
    }

    @Benchmark
    public long connection(Connections s) {
        long k = s.n++;
        // Ports 1024..60999 in turn; a port comes back after 60,000 connections = 300 s of capture time,
        // long after the closed connection left the table (60 s).
        int port = 1024 + (int) (k % 60_000);
        long frameShift = k * 100;
        long timeShift = k * 5_000_000L;
        for (Captures.Segment seg : s.segments) {
            s.tracker.onSegment(seg.load(s.view, SERVER_PORT, port, frameShift, timeShift));
        }
        return s.records;
    }
}
