package io.hellocheck.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.frame.PacketView;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpTrackerTest {
    private static final long CLIENT = 0x0000_ffff_0a00_0001L;
    private static final long SERVER = 0x0000_ffff_0a00_0002L;

    /** Records what the tracker delivers. */
    private static class Recorder implements StreamListener {
        final ByteArrayOutputStream client = new ByteArrayOutputStream();
        final ByteArrayOutputStream server = new ByteArrayOutputStream();
        final List<Long> clientFrames = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        int stream;

        @Override
        public void onData(TcpConnection c, Side from, byte[] buf, int off, int len, long frame, long timeNanos) {
            (from == Side.CLIENT ? client : server).write(buf, off, len);
            if (from == Side.CLIENT) {
                clientFrames.add(frame);
            }
        }

        @Override
        public void onGap(TcpConnection c, Side from, long bytes, long frame, long timeNanos) {
            events.add("gap " + from + " " + bytes);
        }

        @Override
        public void onSegment(TcpConnection c, Side from, PacketView segment) {
            stream = c.streamIndex();
        }

        @Override
        public void onTimer(TcpConnection c, long nowNanos) {
        }

        @Override
        public void onEnd(TcpConnection c, EndReason reason, long nowNanos) {
            events.add("end " + c.streamIndex() + " " + reason);
        }
    }

    private final List<Recorder> recorders = new ArrayList<>();
    private final TcpTracker tracker = new TcpTracker(TcpOptions.defaults(), c -> {
        Recorder r = new Recorder();
        recorders.add(r);
        return r;
    });
    private long frame;

    private void seg(boolean fromClient, long seq, long ack, int flags, String payload) {
        seg(fromClient, 50000, seq, ack, flags, payload);
    }

    private void seg(boolean fromClient, int clientPort, long seq, long ack, int flags, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.US_ASCII);
        frame++;
        PacketView p = new PacketView();
        if (fromClient) {
            p.set(frame, frame * 1_000_000L, false, 0, CLIENT, 0, SERVER, clientPort, 443, 64, 1, seq, ack, flags,
                    1000, data, 0, data.length, 0);
        } else {
            p.set(frame, frame * 1_000_000L, false, 0, SERVER, 0, CLIENT, 443, clientPort, 64, 1, seq, ack, flags,
                    1000, data, 0, data.length, 0);
        }
        tracker.onSegment(p);
    }

    private static final int SYN = PacketView.SYN;
    private static final int ACK = PacketView.ACK;
    private static final int PSH_ACK = PacketView.PSH | PacketView.ACK;

    @Test
    void deliversInOrderBytesOnceAndSkipsRetransmissions() {
        seg(true, 1000, 0, SYN, "");
        seg(false, 5000, 1001, SYN | ACK, "");
        seg(true, 1001, 5001, ACK, "");
        seg(true, 1001, 5001, PSH_ACK, "hello ");
        seg(true, 1001, 5001, PSH_ACK, "hello ");
        seg(true, 1004, 5001, PSH_ACK, "lo world");
        seg(false, 5001, 1015, PSH_ACK, "answer");
        tracker.finish();
        Recorder r = recorders.get(0);
        assertThat(r.client.toString(StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(r.server.toString(StandardCharsets.US_ASCII)).isEqualTo("answer");
        assertThat(r.clientFrames).containsExactly(4L, 6L);
        assertThat(r.events).containsExactly("end 0 CAPTURE_END");
    }

    @Test
    void bytesTheListenerSkipsAreNeitherDeliveredNorCompared() {
        int[] skipLeft = {8};
        TcpConnection[] ended = new TcpConnection[1];
        TcpTracker skipping = new TcpTracker(TcpOptions.defaults(), c -> {
            Recorder r = new Recorder() {
                @Override
                public int skip(TcpConnection conn, Side from, int len) {
                    int n = from == Side.CLIENT ? Math.min(len, skipLeft[0]) : 0;
                    skipLeft[0] -= n;
                    return n;
                }

                @Override
                public void onEnd(TcpConnection conn, EndReason reason, long nowNanos) {
                    ended[0] = conn;
                }
            };
            recorders.add(r);
            return r;
        });
        long[] frames = {0};
        java.util.function.BiConsumer<Long, String> client = (seq, payload) -> {
            byte[] data = payload.getBytes(StandardCharsets.US_ASCII);
            PacketView p = new PacketView();
            frames[0]++;
            p.set(frames[0], frames[0] * 1_000_000L, false, 0, CLIENT, 0, SERVER, 50000, 443, 64, 1, seq, 5001,
                    seq == 1000 ? SYN : PSH_ACK, 1000, data, 0, data.length, 0);
            skipping.onSegment(p);
        };
        client.accept(1000L, "");
        client.accept(1001L, "skipme");
        client.accept(1007L, "--tail");
        client.accept(1001L, "SKIPME");  // another copy of skipped bytes: counted, not compared
        client.accept(1009L, "tAIL");    // another copy of delivered bytes: compared
        skipping.finish();
        Recorder r = recorders.get(0);
        assertThat(r.client.toString(StandardCharsets.US_ASCII)).isEqualTo("tail");
        assertThat(r.clientFrames).containsExactly(3L);
        TcpConnection c = ended[0];
        assertThat(c.clientStream().retransmittedBytes()).isEqualTo(10);
        assertThat(c.clientStream().retransmissionMismatches()).isEqualTo(1);
    }

    @Test
    void holdsOutOfOrderSegmentsUntilTheHoleFills() {
        seg(true, 1000, 0, SYN, "");
        seg(false, 5000, 1001, SYN | ACK, "");
        seg(true, 1006, 5001, PSH_ACK, "world");
        seg(true, 1001, 5001, PSH_ACK, "hello");
        tracker.finish();
        Recorder r = recorders.get(0);
        assertThat(r.client.toString(StandardCharsets.US_ASCII)).isEqualTo("helloworld");
        assertThat(r.clientFrames).containsExactly(4L, 3L);
    }

    @Test
    void sequenceNumbersWrapAt2To32() {
        seg(true, 0xffff_fffcL, 0, SYN, "");
        seg(false, 5000, 0xffff_fffdL, SYN | ACK, "");
        seg(true, 0xffff_fffdL, 5001, PSH_ACK, "abcdef");
        seg(true, 0x0000_0003L, 5001, PSH_ACK, "ghi");
        tracker.finish();
        assertThat(recorders.get(0).client.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdefghi");
    }

    @Test
    void anAcknowledgedHoleBecomesAGap() {
        seg(true, 1000, 0, SYN, "");
        seg(false, 5000, 1001, SYN | ACK, "");
        seg(true, 1001, 5001, PSH_ACK, "abc");
        seg(true, 1010, 5001, PSH_ACK, "xyz");
        seg(false, 5001, 1013, ACK, "");
        tracker.finish();
        Recorder r = recorders.get(0);
        assertThat(r.client.toString(StandardCharsets.US_ASCII)).isEqualTo("abcxyz");
        assertThat(r.events).containsExactly("gap CLIENT 6", "end 0 CAPTURE_END");
    }

    @Test
    void aNewSynWithAnotherIsnOnTheSamePortsStartsANewStream() {
        seg(true, 1000, 0, SYN, "");
        seg(false, 5000, 1001, SYN | ACK | 0, "");
        seg(true, 1001, 5001, PacketView.RST | ACK, "");
        seg(true, 1000, 0, SYN, "");
        seg(true, 900_000, 0, SYN, "");
        seg(true, 50001, 1, 0, SYN, "");
        tracker.finish();
        assertThat(recorders).hasSize(3);
        assertThat(recorders.get(0).events).containsExactly("end 0 REUSED");
        assertThat(recorders.get(1).stream).isEqualTo(1);
        assertThat(recorders.get(2).stream).isEqualTo(2);
        assertThat(tracker.connectionsSeen()).isEqualTo(3);
    }

    /** Each case checked with tshark 4.0: the SYN is a new tcp.stream unless its seq is the direction's base. */
    @Test
    void aSynAfterAMidStreamStartIsANewStreamUnlessItsSeqIsWiresharksBase() {
        seg(true, 100, 900, PSH_ACK, "hello");          // the client's base: 99
        seg(false, 900, 105, ACK, "");
        seg(true, 5000, 0, SYN, "");                    // another seq: stream 1, though nothing was closed
        seg(true, 5000, 0, SYN, "");                    // its retransmission: the same
        seg(false, 50001, 3000, 71_000, ACK, "");       // stream 2, the client's base: 70,999 (from the ACK)
        seg(true, 50001, 70_999, 0, SYN, "");           // that very seq: still stream 2
        seg(true, 50001, 80_000, 0, SYN, "");           // another: stream 3
        tracker.finish();
        assertThat(recorders).extracting(r -> r.stream).containsExactly(0, 1, 2, 3);
        assertThat(recorders.get(0).events).containsExactly("end 0 REUSED");
        assertThat(recorders.get(2).events).containsExactly("end 2 REUSED");
    }

    /** Checked with tshark 4.0: Wireshark never times a conversation out. */
    @Test
    void aConnectionBackFromIdleKeepsItsStreamIndex() {
        seg(true, 1000, 0, SYN, "");
        seg(false, 5000, 1001, SYN | ACK, "");
        seg(true, 1001, 5001, PSH_ACK, "x");
        frame = 400_000;                               // frame numbers are the clock here: 400 s later
        seg(true, 50001, 1, 0, SYN, "");               // stream 1; the first connection is idle too long
        frame = 705_000;
        seg(true, 1002, 5001, PSH_ACK, "y");           // the first connection again: still stream 0
        seg(true, 50002, 1, 0, SYN, "");               // stream 2
        seg(true, 7000, 0, SYN, "");                   // a new SYN on the first ports: stream 3
        tracker.finish();
        assertThat(recorders).extracting(r -> r.stream).containsExactly(0, 1, 0, 2, 3);
        assertThat(recorders.get(0).events).containsExactly("end 0 IDLE");
        assertThat(recorders.get(2).events).containsExactly("end 0 REUSED");
        assertThat(tracker.connectionsSeen()).isEqualTo(4);
    }

    @Test
    void aRepeatedSynAckWithAnotherIsnReplacesTheServersIsn() {
        seg(true, 1000, 0, SYN, "");
        seg(false, 5000, 1001, SYN | ACK, "");
        seg(false, 5000, 1001, SYN | ACK, "");
        seg(false, 700_000, 1001, SYN | ACK, "");
        seg(false, 90_000, 1001, SYN | ACK, "");
        seg(true, 1001, 90_001, PSH_ACK, "hello");
        seg(false, 90_001, 1006, PSH_ACK, "answer");
        tracker.finish();
        assertThat(recorders).hasSize(1);
        assertThat(recorders.get(0).server.toString(StandardCharsets.US_ASCII)).isEqualTo("answer");
        assertThat(recorders.get(0).events).containsExactly("end 0 CAPTURE_END");
    }

    @Test
    void withoutSynTheWellKnownPortIsTheServer() {
        seg(false, 5000, 1001, PSH_ACK, "from server");
        List<TcpConnection> seen = new ArrayList<>();
        TcpTracker t = new TcpTracker(TcpOptions.defaults(), c -> {
            seen.add(c);
            return new Recorder();
        });
        PacketView p = new PacketView();
        byte[] d = "x".getBytes(StandardCharsets.US_ASCII);
        p.set(1, 1, false, 0, SERVER, 0, CLIENT, 443, 50000, 64, 1, 7, 9, PSH_ACK, 100, d, 0, 1, 0);
        t.onSegment(p);
        assertThat(seen.get(0).server().port()).isEqualTo(443);
        assertThat(seen.get(0).isPartial()).isTrue();
    }

    @Test
    void evictsTheLeastRecentlyActiveAtTheCap() {
        List<String> ends = new ArrayList<>();
        TcpTracker t = new TcpTracker(new TcpOptions(2, 1024, 300_000_000_000L, 60_000_000_000L), c -> new Recorder() {
            @Override
            public void onEnd(TcpConnection conn, EndReason reason, long nowNanos) {
                ends.add(conn.client().port() + " " + reason);
            }
        });
        for (int port = 1; port <= 3; port++) {
            PacketView p = new PacketView();
            p.set(port, port, false, 0, CLIENT, 0, SERVER, 40000 + port, 443, 64, 1, 1, 0, SYN, 100,
                    new byte[0], 0, 0, 0);
            t.onSegment(p);
        }
        assertThat(ends).containsExactly("40001 EVICTED");
        assertThat(t.evictions()).isEqualTo(1);
    }

    @Test
    void evictsADecidedConnectionBeforeOneStillDeciding() {
        List<String> ends = new ArrayList<>();
        TcpTracker t = new TcpTracker(new TcpOptions(2, 1024, 300_000_000_000L, 60_000_000_000L), c -> new Recorder() {
            @Override
            public void onSegment(TcpConnection conn, Side from, PacketView p) {
                if (conn.client().port() == 40002) {
                    conn.stopDelivery();        // the listener has decided this one
                }
            }

            @Override
            public void onEnd(TcpConnection conn, EndReason reason, long nowNanos) {
                ends.add(conn.client().port() + " " + reason);
            }
        });
        for (int port = 1; port <= 4; port++) {
            PacketView p = new PacketView();
            p.set(port, port, false, 0, CLIENT, 0, SERVER, 40000 + port, 443, 64, 1, 1, 0, SYN, 100,
                    new byte[0], 0, 0, 0);
            t.onSegment(p);
        }
        // 40002 was decided, so it goes first although 40001 was active longer ago; then 40001, the least recently
        // active of those still deciding.
        assertThat(ends).containsExactly("40002 EVICTED", "40001 EVICTED");
        assertThat(t.evictions()).isEqualTo(2);
    }

    @Test
    void evictsAtTheLeasesLimitAndTheLeaseGivesItsRoomBackWhenClosed() {
        MemoryBudget budget = new MemoryBudget(4L << 20);        // 2 MiB per analysis
        int fit = (int) ((2L << 20) / MemoryBudget.BYTES_PER_CONNECTION);
        List<String> ends = new ArrayList<>();
        try (MemoryBudget.Lease lease = budget.lease()) {
            TcpTracker t = new TcpTracker(new TcpOptions(100_000, 1024, 300_000_000_000L, 60_000_000_000L),
                    c -> new Recorder() {
                        @Override
                        public void onEnd(TcpConnection conn, EndReason reason, long nowNanos) {
                            ends.add(conn.client().port() + " " + reason);
                        }
                    }, lease);
            for (int port = 1; port <= fit + 1; port++) {
                PacketView p = new PacketView();
                p.set(port, port, false, 0, CLIENT, 0, SERVER, 10000 + port, 443, 64, 1, 1, 0, SYN, 100,
                        new byte[0], 0, 0, 0);
                t.onSegment(p);
            }
            assertThat(ends).containsExactly("10001 EVICTED");
            assertThat(t.liveConnections()).isEqualTo(fit);
            assertThat(lease.heldBytes()).isEqualTo(2L << 20);
            t.finish();
            assertThat(t.accountedBytes()).isZero();
        }
        assertThat(budget.grantedBytes()).isZero();
    }
}
