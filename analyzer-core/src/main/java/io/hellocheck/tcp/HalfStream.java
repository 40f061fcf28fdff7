package io.hellocheck.tcp;

import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of a connection: sequence tracking and reassembly into an ordered byte stream.
 *
 * <p>Sequence numbers are turned into 64-bit offsets from the first byte of the stream (relative
 * sequence numbers, as Wireshark shows them), so a stream that wraps at 2^32 stays ordered.
 * Out-of-order bytes are copied and held above the hole, up to a cap; retransmitted bytes are
 * delivered once: the first copy of every byte wins, held or delivered, and a later copy that carries
 * other bytes is counted ({@link #retransmissionMismatches()}).
 */
public final class HalfStream {
    private static final long MASK32 = 0xffff_ffffL;

    Side sender;
    boolean synSeen;
    long isn = -1;
    /**
     * Wireshark's base sequence number of this direction (raw, 32 bits), or -1 before any is known: the SYN's,
     * else the first segment's minus one, else the peer's first acknowledgment number minus one. A SYN with
     * another sequence number starts a new conversation (port reuse), as in Wireshark.
     */
    long wsBase = -1;
    boolean baseSet;
    /** Raw sequence number of stream offset 0. */
    long base;
    /** Stream offset of the next byte expected in order. */
    long next;
    boolean finSeen;
    long finFrame;
    /** Stream offset of the first FIN (the offset after its last byte), or -1 when unknown. */
    long finOffset = -1;
    boolean rstSeen;
    long rstFrame;
    long packets;
    long payloadBytes;
    long retransmittedBytes;
    long missedBytes;
    int outOfOrderSegments;
    /** Highest stream offset acknowledged by the peer, or -1. */
    long ackedOffset = -1;
    long firstFrame;
    long firstTimeNanos;
    int synTtl = -1;
    int synIpId = -1;
    long synTimeNanos;
    int keepAlives;
    int zeroWindowProbes;
    int retransmissionMismatches;
    long firstMismatchFrame;
    int heldSegmentsDropped;
    /** The window field of this side's latest segment (unscaled), or -1 before any. */
    int window = -1;
    private TreeMap<Long, Chunk> pending;
    private int pendingBytes;
    /**
     * The last delivered segments, to compare retransmissions with: per entry its start offset, then its length
     * (high 32 bits) and CRC-32 (low 32 bits).
     */
    private long[] recent;
    private int recentNext;
    private static final int RECENT = 8;
    /** Rough heap cost of one held chunk besides its bytes (tree entry, key, chunk, array header). */
    static final int CHUNK_OVERHEAD_BYTES = 96;

    /** Held out-of-order bytes with the frame and capture time that carried them. */
    record Chunk(byte[] bytes, long frame, long timeNanos) {
    }

    HalfStream(Side sender) {
        this.sender = sender;
    }

    /** Stream offset of a raw 32-bit sequence number, nearest to the current position. */
    long offsetOf(long seq) {
        int d = (int) ((seq - ((base + next) & MASK32)) & MASK32);
        return next + d;
    }

    void setBase(long seq) {
        base = seq & MASK32;
        baseSet = true;
        next = 0;
    }

    int pendingBytes() {
        return pendingBytes;
    }

    int pendingSegments() {
        return pending == null ? 0 : pending.size();
    }

    boolean hasPending() {
        return pending != null && !pending.isEmpty();
    }

    long firstPendingOffset() {
        return pending.firstKey();
    }

    /**
     * What holding {@code [offset, offset + len)} would cost: the bytes no held chunk covers yet (low 32 bits)
     * and the number of chunks they make (high 32 bits).
     */
    long holdCost(long offset, int len) {
        long end = offset + len;
        long pos = offset;
        long bytes = 0;
        long pieces = 0;
        Map.Entry<Long, Chunk> e = firstOverlap(offset);
        while (pos < end) {
            if (e == null || e.getKey() >= end) {
                bytes += end - pos;
                pieces++;
                break;
            }
            long cs = e.getKey();
            if (cs > pos) {
                bytes += cs - pos;
                pieces++;
            }
            pos = Math.max(pos, cs + e.getValue().bytes.length);
            e = pending.higherEntry(cs);
        }
        return pieces << 32 | bytes;
    }

    /**
     * Holds the bytes of {@code [offset, offset + len)} that no held chunk covers yet: the first copy wins.
     * Bytes already held are counted as retransmitted, and when they differ from the held ones the
     * disagreement is counted once for this segment.
     *
     * @param outOfOrder whether this is a segment above a hole (counted in {@link #outOfOrderSegments()}),
     *                   rather than the tail of an in-order segment that overlaps held bytes
     * @return the bytes newly held
     */
    int hold(long offset, byte[] buf, int off, int len, long frame, long timeNanos, boolean outOfOrder) {
        if (pending == null) {
            pending = new TreeMap<>();
        }
        long end = offset + len;
        long pos = offset;
        int added = 0;
        boolean differs = false;
        Map.Entry<Long, Chunk> e = firstOverlap(offset);
        while (pos < end) {
            if (e == null || e.getKey() >= end) {
                added += put(pos, buf, off + (int) (pos - offset), (int) (end - pos), frame, timeNanos);
                break;
            }
            long cs = e.getKey();
            byte[] held = e.getValue().bytes;
            if (cs > pos) {
                added += put(pos, buf, off + (int) (pos - offset), (int) (cs - pos), frame, timeNanos);
                pos = cs;
            }
            long oe = Math.min(cs + held.length, end);
            if (oe > pos) {
                int n = (int) (oe - pos);
                int from = off + (int) (pos - offset);
                int heldFrom = (int) (pos - cs);
                if (!differs && !java.util.Arrays.equals(held, heldFrom, heldFrom + n, buf, from, from + n)) {
                    differs = true;
                }
                retransmittedBytes += n;
                pos = oe;
            }
            e = pending.higherEntry(cs);
        }
        if (differs) {
            mismatch(frame);
        }
        if (outOfOrder && added > 0) {
            outOfOrderSegments++;
        }
        return added;
    }

    /** The held chunk that starts at or before {@code offset} and reaches past it, else the first after it. */
    private Map.Entry<Long, Chunk> firstOverlap(long offset) {
        if (pending == null) {
            return null;
        }
        Map.Entry<Long, Chunk> e = pending.floorEntry(offset);
        if (e == null || e.getKey() + e.getValue().bytes.length <= offset) {
            e = pending.higherEntry(offset);
        }
        return e;
    }

    private int put(long offset, byte[] buf, int off, int len, long frame, long timeNanos) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        pending.put(offset, new Chunk(copy, frame, timeNanos));
        pendingBytes += len;
        return len;
    }

    /** Removes and returns the first held chunk with its offset, or null. */
    Map.Entry<Long, Chunk> pollPending() {
        if (pending == null || pending.isEmpty()) {
            return null;
        }
        Map.Entry<Long, Chunk> e = pending.pollFirstEntry();
        pendingBytes -= e.getValue().bytes.length;
        return e;
    }

    void dropPending() {
        pending = null;
        pendingBytes = 0;
        recent = null;
    }

    /** Heap held for out-of-order bytes, roughly: the bytes plus {@link #CHUNK_OVERHEAD_BYTES} per chunk. */
    long heldMemory() {
        return pendingBytes + (long) pendingSegments() * CHUNK_OVERHEAD_BYTES;
    }

    /** Remembers a delivered segment so that a later retransmission of exactly it can be compared. */
    void remember(long start, int length, int crc) {
        if (recent == null) {
            recent = new long[2 * RECENT];
        }
        recent[2 * recentNext] = start;
        recent[2 * recentNext + 1] = (long) length << 32 | (crc & 0xffff_ffffL);
        recentNext = (recentNext + 1) % RECENT;
    }

    /** Whether a remembered segment has exactly this range. */
    boolean remembers(long start, int length) {
        return recentIndex(start, length) >= 0;
    }

    /** Compares a retransmission's CRC-32 with the remembered segment of the same range. */
    void compareRetransmission(long start, int length, int crc, long frame) {
        int i = recentIndex(start, length);
        if (i >= 0 && (int) recent[2 * i + 1] != crc) {
            mismatch(frame);
        }
    }

    private int recentIndex(long start, int length) {
        if (recent == null || length <= 0) {
            return -1;
        }
        for (int i = 0; i < RECENT; i++) {
            if (recent[2 * i] == start && (int) (recent[2 * i + 1] >>> 32) == length) {
                return i;
            }
        }
        return -1;
    }

    private void mismatch(long frame) {
        if (retransmissionMismatches++ == 0) {
            firstMismatchFrame = frame;
        }
    }

    /** The side that sends this direction's bytes. */
    public Side sender() { return sender; }
    /** Whether a SYN from this side was seen. */
    public boolean synSeen() { return synSeen; }
    /** Whether a FIN from this side was seen. */
    public boolean finSeen() { return finSeen; }
    /** Frame of this side's first FIN, or 0. */
    public long finFrame() { return finFrame; }
    /**
     * Stream offset of this side's FIN (the bytes before it), or -1 when none was seen; the FIN itself takes the one
     * sequence number after them (RFC 9293 section 3.4).
     */
    public long finOffset() { return finSeen ? finOffset : -1; }
    /**
     * Whether this side's FIN was seen and every byte before it in sequence order was delivered (or given up
     * as missing): a FIN captured before the bytes it follows is not reached until they come.
     */
    public boolean finReached() { return finSeen && next >= finOffset; }
    /** Whether a RST from this side was seen. */
    public boolean rstSeen() { return rstSeen; }
    /** Frame of this side's first RST, or 0. */
    public long rstFrame() { return rstFrame; }
    /** Segments sent by this side. */
    public long packets() { return packets; }
    /** Payload bytes carried by this side's segments, retransmissions included. */
    public long payloadBytes() { return payloadBytes; }
    /** Payload bytes that repeated bytes already seen (retransmissions). */
    public long retransmittedBytes() { return retransmittedBytes; }
    /** Bytes of this side's stream that the capture missed (gaps), as Zeek's missed_bytes. */
    public long missedBytes() { return missedBytes; }
    /** Stream offset of the next in-order byte: the count of bytes delivered or skipped so far. */
    public long streamOffset() { return next; }
    /**
     * Keep-alive segments, as Wireshark defines them: no data or one byte, starting one byte below the next
     * expected byte, without SYN, FIN or RST. Not data: the byte, if any, is not delivered.
     */
    public long keepAlives() { return keepAlives; }
    /**
     * Zero-window probes, as Wireshark defines them: one byte, the next expected one, sent while the peer's
     * latest window was 0. The byte is delivered (it is the stream's next byte); the copy sent again when the
     * window opens counts as retransmitted.
     */
    public long zeroWindowProbes() { return zeroWindowProbes; }
    /** Segments that arrived above a hole and were held until it filled or became a gap. */
    public long outOfOrderSegments() { return outOfOrderSegments; }
    /**
     * Retransmissions or overlapping copies that carried other bytes than the first copy (the first copy wins);
     * compared where a retransmission repeats one of the last 8 delivered segments exactly, or overlaps bytes
     * still held. A copy that partly overlaps bytes already delivered is counted as retransmitted, not
     * compared (delivered bytes are not kept).
     */
    public long retransmissionMismatches() { return retransmissionMismatches; }
    /** Frame of the first such disagreeing copy, or 0. */
    public long firstMismatchFrame() { return firstMismatchFrame; }
    /**
     * Times a segment above a hole could not be held because a cap was reached (per direction: bytes or
     * segments; or the tracker's total): the hole became a gap at once.
     */
    public long heldSegmentsDropped() { return heldSegmentsDropped; }
    /**
     * Bytes the peer acknowledged beyond what the capture holds of this direction: sent on the wire but not
     * captured (a capture artefact, not a fault of either side).
     */
    public long ackedButNotCaptured() {
        return ackedOffset > next ? ackedOffset - next : 0;
    }
    /**
     * The stream offset of a raw 32-bit sequence number of this side (of a payload byte; a SYN's own number is one
     * before offset 0), nearest to the next expected byte (below it for an old one, a retransmitted segment's start),
     * or -1 while this side's first sequence number is unknown.
     */
    public long offsetOfSeq(long seq) { return baseSet ? offsetOf(seq & MASK32) : -1; }
    /** Bytes of this side held above a hole right now (out of order, waiting for the hole to fill or become a gap). */
    public long heldBytes() { return pendingBytes; }
    /** Frame of the first held chunk (the lowest in sequence order), or 0 when none is held. */
    /** Stream offset of the first byte held above a hole, or -1 when none is held. */
    public long firstHeldOffset() { return hasPending() ? pending.firstKey() : -1; }

    public long firstHeldFrame() { return hasPending() ? pending.firstEntry().getValue().frame() : 0; }
    /** Capture time of the first held chunk (the lowest in sequence order), ns since the epoch, or 0 when none. */
    public long firstHeldTimeNanos() { return hasPending() ? pending.firstEntry().getValue().timeNanos() : 0; }
    /** Highest stream offset of this side that the peer acknowledged, or -1 when none. */
    public long ackedOffset() { return ackedOffset; }
    /** Number of the first frame this side sent, or 0. */
    public long firstFrame() { return firstFrame; }
    /** Capture time of this side's first SYN or SYN-ACK, ns since the epoch, or 0. */
    public long synTimeNanos() { return synTimeNanos; }
    /** TTL (or hop limit) of this side's SYN or SYN-ACK, or -1. */
    public int synTtl() { return synTtl; }
    /** IPv4 identification of this side's SYN or SYN-ACK, or -1. */
    public int synIpId() { return synIpId; }
}
