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
    private TreeMap<Long, byte[]> pending;
    private TreeMap<Long, long[]> pendingMeta;
    private int pendingBytes;

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

    boolean hasPending() {
        return pending != null && !pending.isEmpty();
    }

    long firstPendingOffset() {
        return pending.firstKey();
    }

    void hold(long offset, byte[] buf, int off, int len, long frame, long timeNanos) {
        if (pending == null) {
            pending = new TreeMap<>();
            pendingMeta = new TreeMap<>();
        }
        byte[] existing = pending.get(offset);
        if (existing != null && existing.length >= len) {
            return;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        if (existing != null) {
            pendingBytes -= existing.length;
        }
        pending.put(offset, copy);
        pendingMeta.put(offset, new long[] {frame, timeNanos});
        pendingBytes += len;
        outOfOrderSegments++;
    }

    /** Removes and returns the first held chunk, or null; {@code meta} receives frame and time. */
    Map.Entry<Long, byte[]> pollPending(long[] meta) {
        if (pending == null || pending.isEmpty()) {
            return null;
        }
        Map.Entry<Long, byte[]> e = pending.pollFirstEntry();
        long[] m = pendingMeta.remove(e.getKey());
        meta[0] = m[0];
        meta[1] = m[1];
        pendingBytes -= e.getValue().length;
        return e;
    }

    void dropPending() {
        pending = null;
        pendingMeta = null;
        pendingBytes = 0;
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
