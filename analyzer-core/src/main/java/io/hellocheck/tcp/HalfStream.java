package io.hellocheck.tcp;

import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of a connection: sequence tracking and reassembly into an ordered byte stream.
 *
 * <p>Sequence numbers are turned into 64-bit offsets from the first byte of the stream (relative
 * sequence numbers, as Wireshark shows them), so a stream that wraps at 2^32 stays ordered.
 * Out-of-order bytes are copied and held above the hole, up to a cap; retransmitted bytes are
 * delivered once (the first copy wins).
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
    long outOfOrderSegments;
    /** Highest stream offset acknowledged by the peer, or -1. */
    long ackedOffset = -1;
    long firstFrame;
    long firstTimeNanos;
    int firstTtl = -1;
    int synTtl = -1;
    int synIpId = -1;
    long synTimeNanos;
    long keepAlives;
    long retransmissionMismatches;
    long firstMismatchFrame;
    long heldSegmentsDropped;
    private TreeMap<Long, Chunk> pending;
    private int pendingBytes;
    /** The last delivered segments (start offset, length, CRC-32), to compare retransmissions with. */
    private long[] recentStart;
    private int[] recentLength;
    private int[] recentCrc;
    private int recentNext;
    private static final int RECENT = 8;

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
     * Holds out-of-order bytes at {@code offset}. A second copy at the same offset keeps the first copy's bytes;
     * where they differ, the disagreement is counted.
     */
    void hold(long offset, byte[] buf, int off, int len, long frame, long timeNanos) {
        if (pending == null) {
            pending = new TreeMap<>();
        }
        Chunk existing = pending.get(offset);
        if (existing != null) {
            int n = Math.min(len, existing.bytes.length);
            if (!java.util.Arrays.equals(existing.bytes, 0, n, buf, off, off + n)) {
                mismatch(frame);
            }
            if (existing.bytes.length >= len) {
                return;
            }
            pendingBytes -= existing.bytes.length;
            byte[] merged = new byte[len];
            System.arraycopy(buf, off, merged, 0, len);
            System.arraycopy(existing.bytes, 0, merged, 0, existing.bytes.length);
            pending.put(offset, new Chunk(merged, existing.frame, existing.timeNanos));
            pendingBytes += len;
            return;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        pending.put(offset, new Chunk(copy, frame, timeNanos));
        pendingBytes += len;
        outOfOrderSegments++;
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
        recentStart = null;
        recentLength = null;
        recentCrc = null;
    }

    /** Remembers a delivered segment so that a later retransmission of exactly it can be compared. */
    void remember(long start, int length, int crc) {
        if (recentStart == null) {
            recentStart = new long[RECENT];
            recentLength = new int[RECENT];
            recentCrc = new int[RECENT];
        }
        recentStart[recentNext] = start;
        recentLength[recentNext] = length;
        recentCrc[recentNext] = crc;
        recentNext = (recentNext + 1) % RECENT;
    }

    /** Whether a remembered segment has exactly this range. */
    boolean remembers(long start, int length) {
        return recentIndex(start, length) >= 0;
    }

    /** Compares a retransmission's CRC-32 with the remembered segment of the same range. */
    void compareRetransmission(long start, int length, int crc, long frame) {
        int i = recentIndex(start, length);
        if (i >= 0 && recentCrc[i] != crc) {
            mismatch(frame);
        }
    }

    private int recentIndex(long start, int length) {
        if (recentStart == null) {
            return -1;
        }
        for (int i = 0; i < RECENT; i++) {
            if (recentStart[i] == start && recentLength[i] == length && length > 0) {
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
    /** Keep-alive segments (one byte or none, just below the next expected byte): not data. */
    public long keepAlives() { return keepAlives; }
    /**
     * Retransmissions or overlapping copies that carried other bytes than the first copy (the first copy wins);
     * compared where a retransmission repeats a remembered segment exactly, or overlaps held bytes.
     */
    public long retransmissionMismatches() { return retransmissionMismatches; }
    /** Frame of the first such disagreeing copy, or 0. */
    public long firstMismatchFrame() { return firstMismatchFrame; }
    /** Out-of-order segments given up as a gap because the hold caps were reached. */
    public long heldSegmentsDropped() { return heldSegmentsDropped; }
    /**
     * Bytes the peer acknowledged beyond what the capture holds of this direction: sent on the wire but not
     * captured (a capture artefact, not a fault of either side).
     */
    public long ackedButNotCaptured() {
        return ackedOffset > next ? ackedOffset - next : 0;
    }
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
