package io.hellocheck.frame;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Bounded reassembly of IPv4 and IPv6 fragments, owned by one {@link FrameDecoder}.
 *
 * <p>Datagrams in progress are keyed by (source, destination, protocol, identification) for IPv4 (RFC 791)
 * and (source, destination, identification) for IPv6 (RFC 8200). Each keeps the bytes received so far, the
 * ranges that hold captured bytes and the ranges known to exist on the wire (a fragment cut by the snaplen
 * covers its whole length on the wire but holds only its captured bytes). A datagram is complete when its
 * last fragment (MF clear) has been seen and the wire ranges cover it from 0; what was not captured is
 * then reported as missing from the first byte that is absent.
 *
 * <p>Overlaps: the first copy of a byte wins; a fragment whose overlapping bytes differ from the bytes
 * already held, or that disagrees about where the datagram ends, counts as an overlap anomaly.
 *
 * <p>Limits, so that memory stays bounded whatever the input: at most {@code maxDatagrams} datagrams in
 * progress and {@code maxBytes} bytes held by them (the oldest is dropped and counted as evicted when
 * either is reached); a datagram not completed {@code timeoutNanos} of capture time after its first fragment
 * is dropped (timed out); a datagram longer than an IP length field can say (65,535 bytes with its header),
 * or split into more than {@link #MAX_PIECES} disjoint pieces, is dropped as invalid.
 */
final class IpReassembler {

    static final int DEFAULT_MAX_DATAGRAMS = 4096;
    static final long DEFAULT_MAX_BYTES = 8L << 20;
    static final long DEFAULT_TIMEOUT_NANOS = 30_000_000_000L;
    /** Disjoint pieces one datagram may be held in before it is dropped. */
    static final int MAX_PIECES = 256;
    /** Bytes kept free before the payload in each buffer, for the IP header written on completion. */
    static final int HEADROOM = 40;
    /** Bookkeeping bytes counted per datagram on top of its arrays. */
    private static final int ENTRY_OVERHEAD = 160;

    private final int maxDatagrams;
    private final long maxBytes;
    private final long timeoutNanos;
    private final LinkedHashMap<Key, Entry> table = new LinkedHashMap<>();
    private final Key probe = new Key();
    private long bytesInUse;

    long fragments;
    long reassembled;
    long overlaps;
    long timedOut;
    long evicted;
    long invalid;

    IpReassembler(int maxDatagrams, long maxBytes, long timeoutNanos) {
        if (maxDatagrams < 1 || maxBytes < 1 || timeoutNanos < 0) {
            throw new IllegalArgumentException("reassembly limits must be positive");
        }
        this.maxDatagrams = maxDatagrams;
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
    }

    /** Datagrams in progress. */
    int inProgress() {
        return table.size();
    }

    /** Bytes held by the datagrams in progress (buffers, range lists and bookkeeping). */
    long bytesInUse() {
        return bytesInUse;
    }

    /** The key of a datagram: IPv4 sets {@code protocol}, IPv6 leaves it -1. */
    static final class Key {
        boolean v6;
        long srcHi;
        long srcLo;
        long dstHi;
        long dstLo;
        int protocol;
        long id;
        int hash;

        Key set(boolean v6, long srcHi, long srcLo, long dstHi, long dstLo, int protocol, long id) {
            this.v6 = v6;
            this.srcHi = srcHi;
            this.srcLo = srcLo;
            this.dstHi = dstHi;
            this.dstLo = dstLo;
            this.protocol = protocol;
            this.id = id;
            long h = srcHi * 31 + srcLo;
            h = h * 31 + dstHi;
            h = h * 31 + dstLo;
            h = h * 31 + protocol;
            h = h * 31 + id;
            h = h * 31 + (v6 ? 1 : 0);
            h *= 0x9E3779B97F4A7C15L;
            this.hash = (int) (h ^ (h >>> 32));
            return this;
        }

        Key copy() {
            Key k = new Key();
            k.v6 = v6;
            k.srcHi = srcHi;
            k.srcLo = srcLo;
            k.dstHi = dstHi;
            k.dstLo = dstLo;
            k.protocol = protocol;
            k.id = id;
            k.hash = hash;
            return k;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return v6 == k.v6 && srcHi == k.srcHi && srcLo == k.srcLo && dstHi == k.dstHi && dstLo == k.dstLo
                    && protocol == k.protocol && id == k.id;
        }
    }

    /** Sorted, disjoint, merged [start, end) ranges. */
    static final class Ranges {
        int[] a = new int[8];
        int n;

        /** Adds [s, e), merging with overlapping or adjacent ranges. */
        void add(int s, int e) {
            if (s >= e) {
                return;
            }
            int i = 0;
            while (i < n && a[2 * i + 1] < s) {
                i++;
            }
            int j = i;
            int ns = s;
            int ne = e;
            while (j < n && a[2 * j] <= e) {
                ns = Math.min(ns, a[2 * j]);
                ne = Math.max(ne, a[2 * j + 1]);
                j++;
            }
            int removed = j - i;
            if (removed == 0) {
                if (2 * (n + 1) > a.length) {
                    a = java.util.Arrays.copyOf(a, a.length * 2);
                }
                System.arraycopy(a, 2 * i, a, 2 * i + 2, 2 * (n - i));
                n++;
            } else if (removed > 1) {
                System.arraycopy(a, 2 * j, a, 2 * i + 2, 2 * (n - j));
                n -= removed - 1;
            }
            a[2 * i] = ns;
            a[2 * i + 1] = ne;
        }

        /** End of the range starting at 0, or 0 when there is none. */
        int prefix() {
            return n > 0 && a[0] == 0 ? a[1] : 0;
        }
    }

    /** One datagram in progress. */
    static final class Entry {
        final Key key;
        final long firstSeenNanos;
        /** Payload byte i is at {@code buf[HEADROOM + i]}. */
        byte[] buf;
        final Ranges data = new Ranges();
        final Ranges wire = new Ranges();
        /** Payload length once the last fragment has been seen, else -1. */
        int total = -1;
        /** IPv6: the next header of the fragmentable part (from the first fragment's fragment header). */
        int nextHeader = -1;
        long cost;

        Entry(Key key, long firstSeenNanos) {
            this.key = key;
            this.firstSeenNanos = firstSeenNanos;
        }

        long computeCost() {
            return ENTRY_OVERHEAD + (buf == null ? 0 : buf.length) + 4L * (data.a.length + wire.a.length);
        }

        /** Captured payload bytes from offset 0 without a hole (at most {@link #total}). */
        int capturedPrefix() {
            return Math.min(data.prefix(), total);
        }
    }

    /** Sets the key of the next {@link #add} call for an IPv4 fragment. */
    void keyIpv4(long srcLo, long dstLo, int protocol, int id) {
        probe.set(false, 0, srcLo, 0, dstLo, protocol, id);
    }

    /** Sets the key of the next {@link #add} call for an IPv6 fragment. */
    void keyIpv6(long srcHi, long srcLo, long dstHi, long dstLo, long id) {
        probe.set(true, srcHi, srcLo, dstHi, dstLo, -1, id);
    }

    /**
     * Adds one fragment under the key set just before.
     *
     * @param offset     where its payload goes in the datagram, in bytes
     * @param more       the MF flag
     * @param captured   payload bytes the capture holds, from {@code b[off]}
     * @param wireLength payload bytes the fragment had on the wire ({@code >= captured})
     * @param maxPayload longest payload the datagram may have
     * @param nextHeader IPv6: the fragment header's next header; IPv4: ignored
     * @return the completed datagram, removed from the table (its buffer is the caller's now), or null
     */
    Entry add(long now, int offset, boolean more, byte[] b, int off, int captured, int wireLength,
              int maxPayload, int nextHeader) {
        fragments++;
        expire(now);
        Entry e = table.get(probe);
        if (e != null && now - e.firstSeenNanos > timeoutNanos) {
            remove(e);
            timedOut++;
            e = null;
        }
        int fragEnd = offset + wireLength;
        if (fragEnd > maxPayload || (fragEnd == offset && more)) {
            if (e != null) {
                remove(e);
            }
            invalid++;
            return null;
        }
        if (e == null) {
            while (table.size() >= maxDatagrams) {
                evictOldest(null);
            }
            e = new Entry(probe.copy(), now);
            e.cost = e.computeCost();
            bytesInUse += e.cost;
            table.put(e.key, e);
        }
        boolean anomaly = false;
        if (!more) {
            if (e.total >= 0 && e.total != fragEnd) {
                anomaly = true;      // two last fragments that disagree: the first one stands
            } else if (e.wire.n > 0 && e.wire.a[2 * e.wire.n - 1] > fragEnd) {
                anomaly = true;      // bytes were seen past this end: keep them out
                e.total = fragEnd;
            } else {
                e.total = fragEnd;
            }
        } else if (e.total >= 0 && fragEnd > e.total) {
            anomaly = true;          // a middle fragment past the known end
        }
        if (offset == 0 && e.nextHeader < 0) {
            e.nextHeader = nextHeader;
        }
        if (captured > 0) {
            int need = HEADROOM + offset + captured;
            if (e.buf == null || e.buf.length < need) {
                int cap = e.buf == null ? Math.max(need, HEADROOM + 256) : Math.max(need, e.buf.length * 2);
                cap = Math.min(cap, HEADROOM + maxPayload);
                e.buf = e.buf == null ? new byte[cap] : java.util.Arrays.copyOf(e.buf, cap);
            }
            // The first copy of a byte wins: compare where held ranges overlap, copy into the holes.
            int s = offset;
            int t = offset + captured;
            int cursor = s;
            Ranges r = e.data;
            for (int i = 0; i < r.n; i++) {
                int rs = r.a[2 * i];
                int re = r.a[2 * i + 1];
                if (re <= s) {
                    continue;
                }
                if (rs >= t) {
                    break;
                }
                if (cursor < rs) {
                    System.arraycopy(b, off + (cursor - offset), e.buf, HEADROOM + cursor, rs - cursor);
                }
                int os = Math.max(rs, s);
                int oe = Math.min(re, t);
                if (!anomaly && !java.util.Arrays.equals(b, off + (os - offset), off + (oe - offset),
                        e.buf, HEADROOM + os, HEADROOM + oe)) {
                    anomaly = true;
                }
                cursor = Math.max(cursor, re);
            }
            if (cursor < t) {
                System.arraycopy(b, off + (cursor - offset), e.buf, HEADROOM + cursor, t - cursor);
            }
            r.add(s, t);
        }
        e.wire.add(offset, fragEnd);
        if (anomaly) {
            overlaps++;
        }
        long cost = e.computeCost();
        bytesInUse += cost - e.cost;
        e.cost = cost;
        if (e.data.n > MAX_PIECES || e.wire.n > MAX_PIECES) {
            remove(e);
            invalid++;
            return null;
        }
        while (bytesInUse > maxBytes && table.size() > 1) {
            evictOldest(e);
        }
        if (bytesInUse > maxBytes) {
            remove(e);
            evicted++;
            return null;
        }
        if (e.total >= 0 && e.wire.n > 0 && e.wire.a[0] == 0 && e.wire.a[1] >= e.total) {
            remove(e);
            reassembled++;
            if (e.buf == null) {
                e.buf = new byte[HEADROOM];
            }
            return e;
        }
        return null;
    }

    /** Drops datagrams whose first fragment is more than the timeout older than {@code now}. */
    private void expire(long now) {
        Iterator<Entry> it = table.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (now - e.firstSeenNanos <= timeoutNanos) {
                break;   // insertion order is first-seen order (capture time, unless it jumps back)
            }
            it.remove();
            bytesInUse -= e.cost;
            timedOut++;
        }
    }

    private void evictOldest(Entry keep) {
        Iterator<Entry> it = table.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e == keep) {
                continue;
            }
            it.remove();
            bytesInUse -= e.cost;
            evicted++;
            return;
        }
    }

    private void remove(Entry e) {
        table.remove(e.key);
        bytesInUse -= e.cost;
    }
}
