package io.hellocheck.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.frame.PacketView;
import io.hellocheck.testing.CaptureWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input: SYN floods, a million tiny out-of-order segments, sequence jumps of 2^31, RST storms, storms of
 * overlapping copies that disagree, many connections holding out-of-order data at once. Memory stays bounded
 * (the table and the held bytes never pass their caps, checked after every segment), no exception escapes, the
 * anomalies are counted, and each case takes seconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpAdversarialTest {
    private static final long SERVER = 0x0000_ffff_c000_0201L;   // 192.0.2.1
    private static final long CLIENT = 0x0000_ffff_0a00_0001L;   // 10.0.0.1
    private static final int SYN = PacketView.SYN;
    private static final int ACK = PacketView.ACK;
    private static final int RST = PacketView.RST;
    private static final int PSH_ACK = PacketView.PSH | PacketView.ACK;
    private static final long T0 = 1_750_000_000_000_000_000L;
    private static final byte[] NONE = new byte[0];

    /** Feeds segments to a tracker and checks its bounds after each one. */
    private static final class Feeder {
        final TcpOptions options;
        final TcpTracker tracker;
        final List<Sink> sinks = new ArrayList<>();
        final PacketView p = new PacketView();
        long frame;
        int maxLive;
        long maxPendingBytes;
        int maxPendingSegments;

        Feeder(TcpOptions options) {
            this.options = options;
            this.tracker = new TcpTracker(options, c -> {
                Sink s = new Sink();
                if (sinks.size() < 16) {
                    sinks.add(s);
                }
                return s;
            });
        }

        void seg(long src, int srcPort, long dst, int dstPort, long seq, long ack, int flags, int window,
                 byte[] data, int off, int len) {
            frame++;
            p.set(frame, T0 + frame * 1000L, false, 0, src, 0, dst, srcPort, dstPort, 64, 1, seq & 0xffff_ffffL,
                    ack & 0xffff_ffffL, flags, window, data, off, len, 0);
            tracker.onSegment(p);
            maxLive = Math.max(maxLive, tracker.liveConnections());
            assertThat(tracker.liveConnections()).isLessThanOrEqualTo(options.maxConnections());
            assertThat(tracker.heldMemoryBytes()).isBetween(0L, options.maxBufferedBytesTotal());
        }

        /** A client segment of connection {@code port} (10.0.0.1:port to 192.0.2.1:443). */
        void client(int port, long seq, long ack, int flags, byte[] data, int off, int len) {
            seg(CLIENT, port, SERVER, 443, seq, ack, flags, 65535, data, off, len);
        }

        void server(int port, long seq, long ack, int flags, byte[] data) {
            seg(SERVER, 443, CLIENT, port, seq, ack, flags, 65535, data, 0, data.length);
        }

        /** Checks one half stream against the per-direction caps. */
        void bounded(HalfStream h) {
            maxPendingBytes = Math.max(maxPendingBytes, h.pendingBytes());
            maxPendingSegments = Math.max(maxPendingSegments, h.pendingSegments());
            assertThat(h.pendingBytes()).isLessThanOrEqualTo(options.maxBufferedBytesPerSide());
            assertThat(h.pendingSegments()).isLessThanOrEqualTo(TcpTracker.MAX_HELD_SEGMENTS);
        }
    }

    /** Counts what a connection delivers. */
    private static final class Sink implements StreamListener {
        TcpConnection c;
        final long[] delivered = new long[2];
        final long[] gaps = new long[2];
        final Map<EndReason, Integer> ends = new EnumMap<>(EndReason.class);
        final ByteArrayOutputStream clientBytes = new ByteArrayOutputStream();
        Feeder checker;

        @Override
        public void onData(TcpConnection conn, Side from, byte[] buf, int off, int len, long frame, long t) {
            c = conn;
            delivered[from.ordinal()] += len;
            if (from == Side.CLIENT && clientBytes.size() < 1 << 20) {
                clientBytes.write(buf, off, len);
            }
        }

        @Override
        public void onGap(TcpConnection conn, Side from, long bytes, long frame, long t) {
            assertThat(bytes).isPositive();
            gaps[from.ordinal()] += bytes;
        }

        @Override
        public void onSegment(TcpConnection conn, Side from, PacketView segment) {
            c = conn;
            if (checker != null) {
                checker.bounded(conn.clientStream());
                checker.bounded(conn.serverStream());
            }
        }

        @Override
        public void onTimer(TcpConnection conn, long nowNanos) {
        }

        @Override
        public void onEnd(TcpConnection conn, EndReason reason, long nowNanos) {
            c = conn;
            ends.merge(reason, 1, Integer::sum);
        }
    }

    /** One connection with a handshake done; returns its sink, which checks the caps after each segment. */
    private static Sink handshake(Feeder f, int port, long clientIsn, long serverIsn) {
        f.client(port, clientIsn, 0, SYN, NONE, 0, 0);
        Sink s = f.sinks.get(f.sinks.size() - 1);
        s.checker = f;
        f.server(port, serverIsn, clientIsn + 1, SYN | ACK, NONE);
        f.client(port, clientIsn + 1, serverIsn + 1, ACK, NONE, 0, 0);
        return s;
    }

    private static TcpOptions caps(int connections) {
        return new TcpOptions(connections, 256 * 1024, 300_000_000_000L, 60_000_000_000L, 64L << 20);
    }

    // ------------------------------------------------------------------ SYN flood

    @Test
    void aSynFloodStaysWithinTheConnectionCap() {
        Feeder f = new Feeder(caps(50_000));
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            long src = 0x0000_ffff_0a00_0000L + (i >>> 14);
            f.seg(src, 1024 + (i & 0x3fff), SERVER, 443, i * 2_654_435_761L, 0, SYN, 64240, NONE, 0, 0);
        }
        assertThat(f.maxLive).isEqualTo(50_000);
        assertThat(f.tracker.connectionsSeen()).isEqualTo(n);
        assertThat(f.tracker.evictions()).isEqualTo(n - 50_000);
        f.tracker.finish();
        assertThat(f.tracker.liveConnections()).isZero();
        assertThat(f.sinks.get(0).ends).containsEntry(StreamListener.EndReason.EVICTED, 1);
    }

    /** The whole analyzer: one record per SYN to port 443, evictions counted in the summary. */
    @Test
    void aSynFloodThroughTheAnalyzerGivesOneRecordPerAttempt() throws IOException {
        int n = 300_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 80);
        try (CaptureWriter w = CaptureWriter.to(out).format(CaptureWriter.Format.PCAP_NANO).build()) {
            for (int i = 0; i < n; i++) {
                String client = "10." + (64 + (i >>> 16)) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff);
                w.tcp(client, 1024 + (i * 7919 & 0x7fff), "192.0.2.1", 443).clientIsn(i * 2_654_435_761L)
                        .syn(T0 + i * 50_000L);
            }
        }
        AtomicInteger records = new AtomicInteger();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        CaptureResult r = HelloCheck.builder().tcpOptions(caps(100_000)).build()
                .analyze(new ByteArrayInputStream(out.toByteArray()), "syn-flood", rec -> {
                    records.incrementAndGet();
                    outcomes.merge(rec.outcome(), 1, Integer::sum);
                });
        assertThat(r.summary().tcpConnections()).isEqualTo(n);
        assertThat(r.summary().evictedConnections()).isEqualTo(n - 100_000);
        assertThat(records.get()).isEqualTo(n);
        // 50 us apart: 15 s of SYNs. An evicted attempt is judged when it leaves, 5 s after its SYN: no answer.
        // The last 100,000 are judged when the capture ends: unanswered when their SYN is 3 s old or more
        // (40,000 of them), too soon to say for the last 60,000.
        assertThat(outcomes).containsOnly(Map.entry(Outcome.TCP_NO_ANSWER, 240_000),
                Map.entry(Outcome.INCONCLUSIVE, 60_000));
    }

    // ------------------------------------------------------------------ a million tiny out-of-order segments

    @Test
    void aMillionOneByteSegmentsInDescendingOrder() {
        Feeder f = new Feeder(caps(10));
        Sink s = handshake(f, 40000, 1000, 5000);
        byte[] b = {'x'};
        int n = 1_000_000;
        for (int i = n; i >= 1; i--) {                  // byte 0 never comes
            f.client(40000, 1001 + i, 5001, PSH_ACK, b, 0, 1);
        }
        HalfStream h = s.c.clientStream();
        // 1,024 held, then the cap: the hole below them is a gap, they are delivered, the rest are old bytes.
        assertThat(f.maxPendingSegments).isEqualTo(TcpTracker.MAX_HELD_SEGMENTS);
        assertThat(h.heldSegmentsDropped()).isEqualTo(1);
        assertThat(h.missedBytes()).isEqualTo(n + 1 - TcpTracker.MAX_HELD_SEGMENTS);
        assertThat(s.delivered[0]).isEqualTo(TcpTracker.MAX_HELD_SEGMENTS);
        assertThat(h.retransmittedBytes()).isEqualTo(n - TcpTracker.MAX_HELD_SEGMENTS);
        assertThat(h.outOfOrderSegments()).isEqualTo(TcpTracker.MAX_HELD_SEGMENTS);
        assertThat(f.tracker.heldMemoryBytes()).isZero();
    }

    @Test
    void aMillionOneByteSegmentsEachAboveAOneByteHole() {
        Feeder f = new Feeder(caps(10));
        Sink s = handshake(f, 40000, 1000, 5000);
        byte[] b = {'y'};
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            f.client(40000, 1001 + 1 + 2L * i, 5001, PSH_ACK, b, 0, 1);   // offsets 1, 3, 5, ...
        }
        f.tracker.finish();
        HalfStream h = s.c.clientStream();
        assertThat(f.maxPendingSegments).isEqualTo(TcpTracker.MAX_HELD_SEGMENTS);
        assertThat(s.delivered[0]).isEqualTo(n);
        assertThat(h.missedBytes()).isEqualTo(n);
        assertThat(s.gaps[0]).isEqualTo(n);
        assertThat(h.streamOffset()).isEqualTo(2L * n);
        // Each time 1,024 are held the next one cannot be: the holes below them become gaps.
        assertThat(h.heldSegmentsDropped()).isEqualTo((n - 1 - TcpTracker.MAX_HELD_SEGMENTS)
                / (TcpTracker.MAX_HELD_SEGMENTS + 1) + 1);
        assertThat(f.tracker.heldMemoryBytes()).isZero();
    }

    @Test
    void aMillionShuffledTinySegmentsAreReassembledWithinTheCaps() {
        Feeder f = new Feeder(caps(10));
        Sink s = handshake(f, 40000, 1000, 5000);
        int n = 1_000_000;
        byte[] stream = new byte[n];
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            stream[i] = (byte) ('a' + i % 26);
        }
        // Segments of 1 byte, shuffled within windows of 512: each window is held and delivered in one piece.
        int[] order = new int[512];
        for (int w = 0; w < n; w += order.length) {
            for (int i = 0; i < order.length; i++) {
                order[i] = w + i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int x = order[i];
                order[i] = order[j];
                order[j] = x;
            }
            for (int off : order) {
                if (off < n) {
                    f.client(40000, 1001 + off, 5001, PSH_ACK, stream, off, 1);
                }
            }
        }
        HalfStream h = s.c.clientStream();
        assertThat(s.clientBytes.toByteArray()).isEqualTo(stream);
        assertThat(s.delivered[0]).isEqualTo(n);
        assertThat(h.missedBytes() + h.heldSegmentsDropped() + h.retransmissionMismatches()).isZero();
        assertThat(h.outOfOrderSegments()).isPositive();
        assertThat(f.maxPendingSegments).isLessThan(512);
    }

    // ------------------------------------------------------------------ sequence jumps

    @Test
    void aSequenceJumpOf2To31IsNotData() {
        Feeder f = new Feeder(caps(10));
        Sink s = handshake(f, 40000, 1000, 5000);
        byte[] hello = "hello ".getBytes();
        byte[] bogus = new byte[1000];
        f.client(40000, 1001, 5001, PSH_ACK, hello, 0, hello.length);
        long next = 1001 + hello.length;
        // Exactly 2^31 away: as far behind as ahead; taken as old bytes (a retransmission), not delivered.
        f.client(40000, next + (1L << 31), 5001, PSH_ACK, bogus, 0, bogus.length);
        // 2^31 - 1000 ahead: held above a hole of about 2 GiB, within the caps.
        f.client(40000, next + (1L << 31) - 1000, 5001, PSH_ACK, bogus, 0, bogus.length);
        // An acknowledgment 2^31 ahead of what the client sent: ignored (more than 2^30 past the stream).
        f.server(40000, 5001, next + (1L << 31), ACK, NONE);
        // The stream goes on in order.
        byte[] world = "world".getBytes();
        f.client(40000, next, 5001, PSH_ACK, world, 0, world.length);
        HalfStream h = s.c.clientStream();
        assertThat(s.clientBytes.toString()).isEqualTo("hello world");
        assertThat(h.retransmittedBytes()).isEqualTo(bogus.length);
        assertThat(h.missedBytes()).isZero();
        assertThat(h.pendingBytes()).isEqualTo(bogus.length);
        assertThat(h.ackedOffset()).isLessThan(1L << 30);
        f.tracker.finish();
        // At the end the hole below the held bytes is given up: a gap of 2^31 - 1000 - 5 bytes, then the bytes.
        assertThat(h.missedBytes()).isEqualTo((1L << 31) - 1000 - world.length);
        assertThat(s.delivered[0]).isEqualTo(hello.length + world.length + bogus.length);
        assertThat(f.tracker.heldMemoryBytes()).isZero();
    }

    @Test
    void randomSequenceNumbersInOneConnectionStayBounded() {
        Feeder f = new Feeder(caps(10));
        Sink s = handshake(f, 40000, 1000, 5000);
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] junk = new byte[1460];
        rnd.nextBytes(junk);
        for (int i = 0; i < 200_000; i++) {
            f.client(40000, rnd.nextLong(1L << 32), rnd.nextLong(1L << 32), PSH_ACK, junk, 0, 1 + rnd.nextInt(1460));
        }
        HalfStream h = s.c.clientStream();
        assertThat(f.maxPendingBytes).isLessThanOrEqualTo(256 * 1024);
        assertThat(h.heldSegmentsDropped()).isPositive();
        assertThat(h.missedBytes()).isPositive();
        assertThat(s.delivered[0] + s.gaps[0]).isEqualTo(h.streamOffset());
    }

    // ------------------------------------------------------------------ RST storms

    @Test
    void rstStormsOpenNothingBeyondTheCapAndCloseOnlyTheirConnection() {
        Feeder f = new Feeder(caps(10_000));
        Sink s = handshake(f, 40000, 1000, 5000);
        byte[] hello = "hello".getBytes();
        f.client(40000, 1001, 5001, PSH_ACK, hello, 0, hello.length);
        // 200,000 RSTs for connections never seen, from 200,000 address and port pairs.
        for (int i = 0; i < 200_000; i++) {
            f.seg(0x0000_ffff_0b00_0000L + (i >>> 10), 2000 + (i & 0x3ff), SERVER, 443, i, i, RST | ACK, 0, NONE,
                    0, 0);
        }
        assertThat(f.maxLive).isEqualTo(10_000);
        assertThat(f.tracker.evictions()).isEqualTo(200_001 - 10_000);
        assertThat(s.ends).containsEntry(StreamListener.EndReason.EVICTED, 1);
        // 100,000 RSTs with random sequence numbers inside one connection: one closes it, none is data.
        Feeder g = new Feeder(caps(10));
        Sink t = handshake(g, 40001, 1000, 5000);
        g.client(40001, 1001, 5001, PSH_ACK, hello, 0, hello.length);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            g.server(40001, rnd.nextLong(1L << 32), rnd.nextLong(1L << 32), RST, "junk".getBytes());
        }
        assertThat(t.c.isClosed()).isTrue();
        assertThat(t.delivered).containsExactly(hello.length, 0);
        assertThat(t.c.serverStream().rstFrame()).isEqualTo(5);
        assertThat(g.tracker.liveConnections()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ overlapping copies

    @Test
    void overlappingCopiesThatDisagreeAreCountedAndTheFirstCopyWins() {
        Feeder f = new Feeder(caps(10));
        Sink s = handshake(f, 40000, 1000, 5000);
        int n = 100_000;
        byte[] truth = new byte[n];
        byte[] other = new byte[n];
        SplittableRandom rnd = new SplittableRandom(11);
        rnd.nextBytes(truth);
        for (int i = 0; i < n; i++) {
            other[i] = (byte) ~truth[i];
        }
        // 50,000 overlapping segments above a hole at byte 0, each first sent with the true bytes, many sent again
        // over other segments' ranges with other bytes.
        for (int i = 0; i < 50_000; i++) {
            int off = 1 + rnd.nextInt(n - 1500);
            int len = 1 + rnd.nextInt(1400);
            boolean lie = rnd.nextInt(3) == 0;
            f.client(40000, 1001 + off, 5001, PSH_ACK, lie ? other : truth, off, len);
        }
        HalfStream h = s.c.clientStream();
        assertThat(h.retransmissionMismatches()).isPositive();
        assertThat(f.maxPendingBytes).isLessThanOrEqualTo(256 * 1024);
        assertThat(f.maxPendingSegments).isLessThanOrEqualTo(TcpTracker.MAX_HELD_SEGMENTS);
        f.tracker.finish();
        assertThat(s.delivered[0] + s.gaps[0]).isEqualTo(h.streamOffset());
        assertThat(f.tracker.heldMemoryBytes()).isZero();
    }

    @Test
    void anInOrderSegmentOverlappingHeldBytesYieldsToThem() {
        Feeder f = new Feeder(caps(10));
        Sink s = handshake(f, 40000, 1000, 5000);
        byte[] held = "HELD".getBytes();
        byte[] late = "abcdEFGHijkl".getBytes();
        f.client(40000, 1001 + 4, 5001, PSH_ACK, held, 0, held.length);    // [4,8) first
        f.client(40000, 1001, 5001, PSH_ACK, late, 0, late.length);        // [0,12): its [4,8) disagrees
        HalfStream h = s.c.clientStream();
        assertThat(s.clientBytes.toString()).isEqualTo("abcdHELDijkl");
        assertThat(h.retransmissionMismatches()).isEqualTo(1);
        assertThat(h.retransmittedBytes()).isEqualTo(4);
        assertThat(h.streamOffset()).isEqualTo(12);
    }

    // ------------------------------------------------------------------ many connections holding data

    @Test
    void heldBytesOverAllConnectionsStayUnderTheTotalCap() {
        TcpOptions o = new TcpOptions(10_000, 256 * 1024, 300_000_000_000L, 60_000_000_000L, 16L << 20);
        Feeder f = new Feeder(o);
        byte[] chunk = new byte[60_000];
        int conns = 2_000;                              // 2,000 x 4 x 60 KB = 480 MB offered, 16 MiB held at most
        for (int port = 10_000; port < 10_000 + conns; port++) {
            f.client(port, 1000, 0, SYN, NONE, 0, 0);
            f.server(port, 5000, 1001, SYN | ACK, NONE);
            for (int k = 1; k <= 4; k++) {
                f.client(port, 1001 + k * 60_000L, 5001, PSH_ACK, chunk, 0, chunk.length);
            }
        }
        assertThat(f.tracker.heldMemoryPeakBytes()).isLessThanOrEqualTo(16L << 20).isGreaterThan(15L << 20);
        assertThat(f.maxLive).isEqualTo(conns);
        f.tracker.finish();
        assertThat(f.tracker.heldMemoryBytes()).isZero();
    }
}
