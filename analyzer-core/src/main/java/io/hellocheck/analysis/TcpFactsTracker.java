package io.hellocheck.analysis;

import io.hellocheck.frame.PacketView;
import io.hellocheck.tcp.HalfStream;
import io.hellocheck.tcp.Side;
import io.hellocheck.tcp.TcpConnection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The TCP-level facts of one connection that its segments tell, gathered segment by segment for its record's
 * {@link TcpFacts} and evidence: the client's SYNs and the server's SYN-ACK (the round trip from the SYN it answers,
 * Karn's rule, RFC 6298 section 3), the server's first RST, where a FIN counts in sequence order (RFC 9293 section
 * 3.10.7.4), which segments of the ClientHello the server acknowledged, how far the client's acknowledgments moved
 * when none of the server's packets is captured, the longest idle time and the encapsulation. One per connection,
 * made with its {@link HandshakeAnalyzer}, whose evidence it adds to; it allocates nothing per segment. Times are
 * capture times in nanoseconds, offsets are stream offsets in bytes.
 */
final class TcpFactsTracker {
    /** SYNs listed in the evidence: the first and its retransmissions up to this many. */
    private static final int MAX_SYN_EVIDENCE = 8;
    /** Client chunks kept for the ClientHello's ACK coverage. */
    private static final int MAX_HELLO_CHUNKS = 64;

    private final HandshakeAnalyzer analyzer;
    private final TcpConnection conn;
    private int synCount;
    private long firstSynTime;
    /** Capture time of the client's latest SYN so far, and at the server's first SYN-ACK the SYN it answers. */
    private long lastSynTime;
    /** Capture time of the SYN the first SYN-ACK answers (the latest before it, RFC 6298 section 3), or 0. */
    private long answeredSynTime;
    private boolean synAckNoted;
    /** Frame and end stream offset of each client chunk up to the last ClientHello, for its ACK coverage. */
    private long[] helloChunkFrame;
    private long[] helloChunkEnd;
    private int helloChunks;
    private TcpFacts.ResetFacts serverReset;
    private boolean serverDataAfterReset;
    private long lastSegmentNanos = Long.MIN_VALUE;
    private long maxIdleNanos;
    private String encapsulation;
    /** Per side (bit 1 << Side.ordinal()): a FIN was captured before bytes it follows, and waits for them. */
    private int finPending;
    /** The client's first acknowledgment number, and how far its later ones moved past it (modulo 2^32). */
    private long clientFirstAck = -1;
    private long clientAckAdvance;

    TcpFactsTracker(HandshakeAnalyzer analyzer, TcpConnection conn) {
        this.analyzer = analyzer;
        this.conn = conn;
    }

    /**
     * One segment of the connection while its record is not written yet, at {@code frame} and capture time {@code t},
     * with its TCP {@code flags} ({@link PacketView#flags}). {@code helloAgeNanos}: the time since the last
     * ClientHello, or -1 before any (for a RST of the server's). Returns whether a FIN of {@code from} counts with this
     * segment: its own FIN, or one captured earlier that waited for the bytes it follows, now all in.
     */
    boolean segment(Side from, PacketView p, int flags, long frame, long t, long helloAgeNanos) {
        boolean syn = (flags & PacketView.SYN) != 0;
        boolean ack = (flags & PacketView.ACK) != 0;
        if (lastSegmentNanos != Long.MIN_VALUE && t - lastSegmentNanos > maxIdleNanos) {
            maxIdleNanos = t - lastSegmentNanos;
        }
        lastSegmentNanos = Math.max(lastSegmentNanos, t);
        if (from == Side.CLIENT && ack && conn.serverStream().packets() == 0) {
            clientAck(p.ack());
        }
        if (encapsulation == null && p.encapsulation() != null) {
            encapsulation = p.encapsulation();
        }
        if ((flags & PacketView.RST) != 0 && from == Side.SERVER && serverReset == null) {
            serverReset = new TcpFacts.ResetFacts(frame, t, p.ttl(), p.ipId(), helloAgeNanos);
        }
        // A FIN counts where it is in sequence order: one captured before bytes it follows (out of order)
        // counts with the segment that fills the hole.
        int sideBit = 1 << from.ordinal();
        boolean finWaits = (flags & PacketView.FIN) != 0 || (finPending & sideBit) != 0;
        boolean finInOrder = finWaits && conn.stream(from).finReached();
        finPending = finWaits && !finInOrder ? finPending | sideBit : finPending & ~sideBit;
        if (syn && from == Side.CLIENT && !ack) {
            synCount++;
            lastSynTime = t;
            if (synCount == 1) {
                firstSynTime = t;
                analyzer.add(frame, t, Texts.from(Texts.SYN, Side.CLIENT));
            } else if (synCount <= MAX_SYN_EVIDENCE) {
                analyzer.add(frame, t, "SYN retransmission from client (attempt " + synCount + ")");
            }
        } else if (syn && from == Side.SERVER && ack && !synAckNoted) {
            synAckNoted = true;
            answeredSynTime = lastSynTime;
            analyzer.addFact(new SynAck(frame, t, conn.synSeen() ? t - synTimeAnswered() : Long.MIN_VALUE, synCount));
        }
        return finInOrder;
    }

    /** Client ACK numbers while none of the server's packets is captured: how far they moved. */
    private void clientAck(long ack) {
        if (clientFirstAck < 0) {
            clientFirstAck = ack;
            return;
        }
        long advance = (ack - clientFirstAck) & 0xffff_ffffL;
        if (advance < (1L << 31) && advance > clientAckAdvance) {
            clientAckAdvance = advance;
        }
    }

    /** Server bytes arrived: after the server's RST, a fact of the record. */
    void serverData() {
        if (serverReset != null) {
            serverDataAfterReset = true;
        }
    }

    /** Whether the server reset the connection. */
    boolean serverReset() {
        return serverReset != null;
    }

    int synCount() {
        return synCount;
    }

    long firstSynTime() {
        return firstSynTime;
    }

    /**
     * Whether the client acknowledged more than a byte of the server's while none of the server's packets is in the
     * capture: the capture missed that direction.
     */
    boolean serverBytesUnseen() {
        return conn.serverStream().packets() == 0 && clientAckAdvance > 1;
    }

    /** The reason of a connection whose server bytes only the client's ACKs show ({@link #serverBytesUnseen}). */
    String unseenServerBytesReason() {
        return "No packet from the server is in the capture, but the client acknowledged " + clientAckAdvance
                + " bytes from it: the capture missed the server's direction, so it cannot tell what the server did.";
    }

    /**
     * The client's SYN that the server's first SYN-ACK answers: the latest SYN captured before it. After a lost SYN
     * the client's retransmission is what reached the server, and Karn's rule (RFC 6298 section 3) takes no round
     * trip from a segment sent more than once; without a SYN before the SYN-ACK, the client's first SYN.
     */
    long synTimeAnswered() {
        return answeredSynTime != 0 ? answeredSynTime : conn.clientStream().synTimeNanos();
    }

    /** Client bytes of {@code frame} up to the last ClientHello: the chunk's end offset, for its ACK coverage. */
    void clientChunk(long frame) {
        if (helloChunkFrame == null) {
            helloChunkFrame = new long[4];
            helloChunkEnd = new long[4];
        }
        long end = conn.clientStream().streamOffset();
        if (helloChunks > 0 && helloChunkFrame[helloChunks - 1] == frame) {
            helloChunkEnd[helloChunks - 1] = end;
            return;
        }
        if (helloChunks == MAX_HELLO_CHUNKS) {
            return;
        }
        if (helloChunks == helloChunkFrame.length) {
            helloChunkFrame = Arrays.copyOf(helloChunkFrame, helloChunks * 2);
            helloChunkEnd = Arrays.copyOf(helloChunkEnd, helloChunks * 2);
        }
        helloChunkFrame[helloChunks] = frame;
        helloChunkEnd[helloChunks] = end;
        helloChunks++;
    }

    /**
     * The record's TCP facts. {@code last}: the last ClientHello, or null; {@code lost}: the server's bytes lost on
     * the path ({@link ServerAnswerLoss}), or null.
     */
    TcpFacts facts(HelloInfo last, TcpFacts.LostServerBytes lost) {
        String acked = null;
        List<Long> ackedFrames = new ArrayList<>();
        List<Long> unackedFrames = new ArrayList<>();
        if (last != null) {
            long ackedOffset = conn.clientStream().ackedOffset();
            for (long f : last.frames()) {
                long end = -1;
                for (int i = 0; i < helloChunks; i++) {
                    if (helloChunkFrame[i] == f) {
                        end = Math.max(end, helloChunkEnd[i]);
                    }
                }
                if (end >= 0 && ackedOffset >= end) {
                    ackedFrames.add(f);
                } else {
                    unackedFrames.add(f);
                }
            }
            acked = unackedFrames.isEmpty() ? "all" : ackedFrames.isEmpty() ? "none" : "partial";
        }
        HalfStream cs = conn.clientStream();
        HalfStream ss = conn.serverStream();
        return new TcpFacts(acked, ackedFrames, unackedFrames, ss.synSeen() ? ss.synTtl() : -1,
                ss.synSeen() ? ss.synIpId() : -1, serverReset, serverDataAfterReset, cs.retransmittedBytes(),
                ss.retransmittedBytes(), cs.retransmissionMismatches() + ss.retransmissionMismatches(),
                cs.keepAlives() + ss.keepAlives(), cs.ackedButNotCaptured(), ss.ackedButNotCaptured(),
                Math.max(0, conn.lastTimeNanos() - conn.firstTimeNanos()), maxIdleNanos, encapsulation,
                cs.outOfOrderSegments() + ss.outOfOrderSegments(), cs.zeroWindowProbes() + ss.zeroWindowProbes(),
                cs.heldSegmentsDropped() + ss.heldSegmentsDropped(), lost);
    }

    /** Drops what the written record was made of ({@link HandshakeAnalyzer}'s release). */
    void release() {
        serverReset = null;
        helloChunkFrame = null;
        helloChunkEnd = null;
    }

    /**
     * The server's SYN-ACK, with the time since the client's SYN it answers ({@link Long#MIN_VALUE} when no SYN was
     * seen) and how many SYNs the client had sent by then; its evidence line is written when the record is made.
     */
    record SynAck(long frame, long timeNanos, long rttNanos, int syns) {
        Evidence evidence() {
            return new Evidence(frame, timeNanos, Texts.from(Texts.SYN_ACK, Side.SERVER) + (rttNanos == Long.MIN_VALUE ? ""
                    : " (RTT " + Texts.millis(rttNanos) + (syns > 1 ? " from SYN attempt " + syns : "") + ")"));
        }
    }
}
