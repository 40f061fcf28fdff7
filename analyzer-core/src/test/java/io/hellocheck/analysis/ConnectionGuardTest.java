package io.hellocheck.analysis;

import static io.hellocheck.analysis.HostileInputTest.capture;
import static io.hellocheck.analysis.HostileInputTest.completedTls12;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.frame.DecodeStatus;
import io.hellocheck.frame.FrameDecoder;
import io.hellocheck.frame.PacketView;
import io.hellocheck.tcp.Side;
import io.hellocheck.tcp.StreamListener;
import io.hellocheck.tcp.TcpConnection;
import io.hellocheck.tcp.TcpOptions;
import io.hellocheck.tcp.TcpTracker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bug while analyzing one connection (planted: the analyzer of the connection on client port 50000 throws
 * at the server's first data) stays with that connection: it is INCONCLUSIVE with the frame and the
 * exception in its evidence, the capture gets a warning, and the next connection is analyzed as usual.
 */
class ConnectionGuardTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;

    /** Passes events to the analyzer, but throws at the server's first data. */
    private record Planted(HandshakeAnalyzer analyzer) implements StreamListener {
        @Override
        public void onData(TcpConnection c, Side from, byte[] buf, int off, int len, long frame, long timeNanos) {
            if (from == Side.SERVER) {
                throw new IllegalStateException("planted");
            }
            analyzer.onData(c, from, buf, off, len, frame, timeNanos);
        }

        @Override
        public void onGap(TcpConnection c, Side from, long bytes, long frame, long timeNanos) {
            analyzer.onGap(c, from, bytes, frame, timeNanos);
        }

        @Override
        public void onSegment(TcpConnection c, Side from, PacketView segment) {
            analyzer.onSegment(c, from, segment);
        }

        @Override
        public void onTimer(TcpConnection c, long nowNanos) {
            analyzer.onTimer(c, nowNanos);
        }

        @Override
        public void onEnd(TcpConnection c, EndReason reason, long nowNanos) {
            analyzer.onEnd(c, reason, nowNanos);
        }
    }

    @Test
    void aBugOnOneConnectionMakesItInconclusiveWithAWarningAndTheCaptureGoesOn() throws IOException {
        byte[] pcap = capture(List.of(completedTls12(50000, T0), completedTls12(50001, T0 + 20 * MS)));
        List<ConnectionRecord> records = new ArrayList<>();
        HandshakeAnalysis analysis = new HandshakeAnalysis(AnalysisOptions.defaults(), "test", records::add);
        TcpTracker tracker = new TcpTracker(TcpOptions.defaults(), c -> {
            HandshakeAnalyzer a = new HandshakeAnalyzer(analysis, c);
            return c.client().port() == 50000 ? new ConnectionGuard(analysis, a, new Planted(a))
                    : new ConnectionGuard(analysis, a);
        });
        FrameDecoder decoder = new FrameDecoder();
        PacketView packet = new PacketView();
        Frame frame = new Frame();
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(pcap))) {
            while (reader.next(frame)) {
                if (decoder.decode(frame, packet) == DecodeStatus.TCP) {
                    tracker.onSegment(packet);
                }
            }
        }
        tracker.finish();
        analysis.finish();

        assertThat(records).extracting(r -> r.client().port()).containsExactly(50000, 50001);
        ConnectionRecord bad = records.get(0);
        assertThat(bad.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        // frames: SYN 1, SYN-ACK 2, ACK 3, ClientHello 4, ServerHello 5
        assertThat(bad.evidence()).anyMatch(e -> e.frame() == 5 && e.what().equals(
                "internal error while analyzing this connection at frame 5: java.lang.IllegalStateException: planted"));
        assertThat(bad.clientHello().hello().serverName()).isEqualTo("www.example.com");
        assertThat(records.get(1).outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(analysis.warnings()).singleElement().satisfies(w -> assertThat(w.message())
                .startsWith("internal error while analyzing tcp.stream eq 0 (10.0.0.1:50000 to 10.0.0.2:443) at frame 5"));
        assertThat(analysis.outcomeCounts()).containsEntry(Outcome.INCONCLUSIVE, 1).containsEntry(Outcome.COMPLETED, 1);
    }
}
