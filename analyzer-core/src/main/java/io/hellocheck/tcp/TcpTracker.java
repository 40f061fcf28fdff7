package io.hellocheck.tcp;

import io.hellocheck.frame.PacketView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.zip.CRC32;

/**
 * Tracks TCP connections and turns their segments into ordered byte streams and events.
 *
 * <p>Connections are numbered as Wireshark numbers {@code tcp.stream}: from 0, in order of their first
 * frame, and a SYN (without ACK) whose sequence number differs from Wireshark's base sequence number of
 * that direction starts a new connection on the same address and port pair (port reuse), closed or not.
 * That base is the direction's first SYN, else its first segment's sequence number minus one, else the
 * other side's first acknowledgment number minus one. A SYN-ACK repeated with another sequence number
 * before the server sent data stays in the connection and replaces the server's ISN.
 *
 * <p>Memory is bounded: at most {@link TcpOptions#maxConnections()} live connections (beyond, one is evicted:
 * the least recently active of the connections already decided, whose listener stopped delivery, else the least
 * recently active of all), at most {@link TcpOptions#maxBufferedBytesPerSide()} out-of-order bytes and
 * {@value #MAX_HELD_SEGMENTS} held segments per direction, at most {@link TcpOptions#maxBufferedBytesTotal()}
 * of heap held for out-of-order bytes over all connections (beyond any of these, the hole becomes a gap at
 * once), and idle or closed connections leave after their timeouts. Of the last 65,536 connections that
 * left idle or evicted, the tracker keeps the index and base sequence numbers: a later segment that is not a
 * new SYN continues the same {@code tcp.stream}, as in Wireshark, which never times a conversation out. With a
 * {@link MemoryBudget.Lease}, the tracker holds {@link MemoryBudget#BYTES_PER_CONNECTION} per live connection
 * plus the held out-of-order bytes in it, evicts rather than hold more than {@link MemoryBudget#perAnalysisBytes()},
 * and waits when the budget has no room for more (other analyses give room back as they go).
 * Finding a segment's connection allocates nothing. TCP headers quoted in ICMP errors are numbered too
 * ({@link #onQuotedSegment}). Not thread-safe: one tracker per capture.
 */
public final class TcpTracker {

    /** Makes the listener of each new connection. */
    @FunctionalInterface
    public interface ListenerFactory {
        StreamListener newConnection(TcpConnection connection);
    }

    private final TcpOptions options;
    private final ListenerFactory factory;
    private final FlowKey probe = new FlowKey();
    private final HashMap<FlowKey, TcpConnection> table = new HashMap<>(1024);
    /** Live connections still delivering bytes, least recently active first. */
    private final Lru deciding = new Lru();
    /** Live connections whose listener stopped delivery (decided), least recently active first. */
    private final Lru decided = new Lru();
    private final MemoryBudget.Lease lease;
    /** Most this tracker holds of its lease's budget; beyond, it evicts. */
    private final long leaseLimit;
    /** Bytes the lease holds now. */
    private long leased;
    /** Connections that left the table idle or evicted, newest last, at most {@link #MAX_ENDED}. */
    private final LinkedHashMap<FlowKey, Ended> ended = new LinkedHashMap<>(1024) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FlowKey, Ended> eldest) {
            return size() > MAX_ENDED;
        }
    };
    private static final int MAX_ENDED = 65_536;
    private static final long EXPIRY_CHECK_INTERVAL_NANOS = 1_000_000_000L;
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>((x, y) -> Long.compare(x.atNanos, y.atNanos));
    private long nextExpiryCheckNanos = Long.MIN_VALUE;
    private final CRC32 crc32 = new CRC32();
    /** Out-of-order segments held per direction at most; beyond, the hole becomes a gap. */
    static final int MAX_HELD_SEGMENTS = 1024;
    private int nextStreamIndex;
    /** Indexes {@link #takeTunnelIndex} took. */
    private int tunnelIndexes;
    private long nowNanos = Long.MIN_VALUE;
    private long evictions;
    /** Heap held for out-of-order bytes over all connections, as {@link HalfStream#heldMemory()} counts it. */
    private long heldMemory;
    private long heldMemoryPeak;

    /** A tracker with no memory budget: only the limits of {@code options} bound it. */
    public TcpTracker(TcpOptions options, ListenerFactory factory) {
        this(options, factory, null);
    }

    /**
     * A tracker holding its connections' memory in {@code lease} (null: none), which the caller closes when the
     * capture ends.
     */
    public TcpTracker(TcpOptions options, ListenerFactory factory, MemoryBudget.Lease lease) {
        this.options = options;
        this.factory = factory;
        this.lease = lease;
        this.leaseLimit = lease == null ? Long.MAX_VALUE : lease.budget().perAnalysisBytes();
    }

    /** Number of TCP connections seen so far. */
    public int connectionsSeen() {
        return nextStreamIndex - tunnelIndexes;
    }

    /**
     * Takes the next {@code tcp.stream} index without a connection, as Wireshark 4.0's SOCKS dissector does when
     * it sets up the conversation of a granted tunnel: the later connections' indexes stay tshark's.
     */
    void takeTunnelIndex() {
        nextStreamIndex++;
        tunnelIndexes++;
    }

    /** Connections evicted at the live-connection cap or the lease's limit. */
    public long evictions() {
        return evictions;
    }

    /** Connections in the table now (at most {@link TcpOptions#maxConnections()}). */
    public int liveConnections() {
        return table.size();
    }

    /**
     * Heap held now for out-of-order bytes over all connections: the bytes plus a fixed overhead per held
     * chunk (at most {@link TcpOptions#maxBufferedBytesTotal()}).
     */
    public long heldMemoryBytes() {
        return heldMemory;
    }

    /** The highest {@link #heldMemoryBytes()} so far. */
    public long heldMemoryPeakBytes() {
        return heldMemoryPeak;
    }

    /** Out-of-order bytes of a connection that stopped delivery were dropped; it is decided. */
    void released(TcpConnection c, long memory) {
        heldMemory -= memory;
        if (c.listener != null && c.lru == deciding) {
            deciding.remove(c);
            decided.addLast(c);
        }
        trim();
    }

    /** Bytes this tracker accounts for in its lease: its live connections and held out-of-order bytes. */
    public long accountedBytes() {
        return (long) table.size() * MemoryBudget.BYTES_PER_CONNECTION + heldMemory;
    }

    /** Makes the lease cover what is accounted, waiting for room in the budget when needed. */
    private void reserve() {
        if (lease != null && accountedBytes() > leased) {
            leased = lease.ensure(Math.min(leaseLimit, accountedBytes()));
        }
    }

    /** Gives room back to the budget when much less is accounted than leased. */
    private void trim() {
        if (lease != null && accountedBytes() + 2 * MemoryBudget.CHUNK_BYTES < leased) {
            leased = lease.trim(accountedBytes());
        }
    }

    /** Capture time of the latest segment, ns since the epoch. */
    public long nowNanos() {
        return nowNanos;
    }

    /** Handles one TCP segment. */
    public void onSegment(PacketView p) {
        long t = p.timestampNanos();
        if (t > nowNanos) {
            nowNanos = t;
        }
        boolean srcIsA = probe.load(p);
        TcpConnection c = table.get(probe);
        int flags = p.flags();
        boolean pureSyn = (flags & (PacketView.SYN | PacketView.ACK)) == PacketView.SYN;
        if (c != null && pureSyn) {
            HalfStream h = (srcIsA == c.aIsClient) ? c.client : c.server;
            if (h.wsBase >= 0 && h.wsBase != p.seq()) {
                remove(c);
                end(c, StreamListener.EndReason.REUSED);
                c = null;
            }
        }
        if (c == null) {
            Ended e = ended.remove(probe);
            long base = e == null ? -1 : (srcIsA == e.aIsClient ? e.clientBase : e.serverBase);
            if (e != null && e.quotedOnly) {
                c = open(p, srcIsA, e.streamIndex);
            } else if (e != null && !(pureSyn && base >= 0 && base != p.seq())) {
                c = reopen(p, e);
            } else {
                c = open(p, srcIsA, nextStreamIndex++);
            }
        }
        Side from = (srcIsA == c.aIsClient) ? Side.CLIENT : Side.SERVER;
        c.lru.moveToEnd(c);
        c.lastTimeNanos = t;
        c.lastFrame = p.frameNumber();
        segment(c, from, p);
        expire();
    }

    /**
     * Numbers a TCP header quoted in an ICMP or ICMPv6 error ({@link io.hellocheck.frame.DecodeStatus#ICMP_QUOTED_TCP})
     * as Wireshark 4.0 does, leaving every connection's state as it was: the frame is in the {@code tcp.stream} of
     * its four-tuple's connection (live or ended); a flow not seen yet gets the next index, which its later
     * segments continue (a quote sets no base sequence number, so their SYN does not start another stream); and a
     * quoted SYN without ACK whose sequence number differs from the base of its direction ends the connection
     * (port reuse) and opens a new index, as a segment would. Checked against tshark 4.0.17 on captures written by
     * the test writer ({@code TcpFixtures} "icmp-quoted").
     *
     * @return the frame's {@code tcp.stream}
     */
    public int onQuotedSegment(PacketView p) {
        boolean srcIsA = probe.load(p);
        boolean pureSyn = (p.flags() & (PacketView.SYN | PacketView.ACK)) == PacketView.SYN;
        TcpConnection c = table.get(probe);
        if (c != null) {
            HalfStream h = (srcIsA == c.aIsClient) ? c.client : c.server;
            if (!(pureSyn && h.wsBase >= 0 && h.wsBase != p.seq())) {
                return c.streamIndex;
            }
            remove(c);
            end(c, StreamListener.EndReason.REUSED);
        } else {
            Ended e = ended.get(probe);
            if (e != null) {
                long base = srcIsA == e.aIsClient ? e.clientBase : e.serverBase;
                if (!(pureSyn && base >= 0 && base != p.seq())) {
                    return e.streamIndex;
                }
            }
        }
        int index = nextStreamIndex++;
        ended.put(probe.copy(), new Ended(index, true, -1, -1, true));
        return index;
    }

    private TcpConnection open(PacketView p, boolean srcIsA, int streamIndex) {
        int flags = p.flags();
        boolean syn = (flags & PacketView.SYN) != 0;
        boolean ack = (flags & PacketView.ACK) != 0;
        boolean srcIsClient;
        if (syn) {
            srcIsClient = !ack;
        } else {
            srcIsClient = guessSourceIsClient(p.srcPort(), p.dstPort());
        }
        boolean aIsClient = srcIsA == srcIsClient;
        TcpConnection c = new TcpConnection(probe.copy(), streamIndex, aIsClient, !syn || ack,
                p.frameNumber(), p.timestampNanos(), p.isIpv6());
        return add(c);
    }

    /**
     * A segment of a connection that left the table (idle or evicted) and is not a new SYN: Wireshark keeps
     * it in the same {@code tcp.stream}, so it continues with the old index, as a partial connection.
     */
    private TcpConnection reopen(PacketView p, Ended e) {
        TcpConnection c = new TcpConnection(probe.copy(), e.streamIndex, e.aIsClient, true, p.frameNumber(),
                p.timestampNanos(), p.isIpv6());
        c.client.wsBase = e.clientBase;
        c.server.wsBase = e.serverBase;
        return add(c);
    }

    private TcpConnection add(TcpConnection c) {
        while (!table.isEmpty() && (table.size() >= options.maxConnections()
                || accountedBytes() + MemoryBudget.BYTES_PER_CONNECTION > leaseLimit)) {
            TcpConnection victim = decided.head != null ? decided.head : deciding.head;
            remove(victim);
            evictions++;
            end(victim, StreamListener.EndReason.EVICTED);
        }
        table.put(c.key, c);
        deciding.addLast(c);
        c.tracker = this;
        reserve();
        c.listener = factory.newConnection(c);
        return c;
    }

    /** Takes {@code c} out of the table and its list. */
    private void remove(TcpConnection c) {
        table.remove(c.key);
        c.lru.remove(c);
    }

    /** Without a SYN: the side on a well-known port (below 1024), or else the lower port, is the server. */
    private static boolean guessSourceIsClient(int srcPort, int dstPort) {
        boolean srcLow = srcPort < 1024;
        boolean dstLow = dstPort < 1024;
        if (srcLow != dstLow) {
            return dstLow;
        }
        return srcPort >= dstPort;
    }

    private void segment(TcpConnection c, Side from, PacketView p) {
        HalfStream h = c.stream(from);
        HalfStream peer = c.stream(from.other());
        int flags = p.flags();
        h.packets++;
        if (h.firstFrame == 0) {
            h.firstFrame = p.frameNumber();
            h.firstTimeNanos = p.timestampNanos();
        }
        long seq = p.seq();
        if (h.wsBase < 0) {
            h.wsBase = (flags & PacketView.SYN) != 0 ? seq : (seq - 1) & 0xffff_ffffL;
        }
        if ((flags & PacketView.ACK) != 0 && peer.wsBase < 0) {
            peer.wsBase = (p.ack() - 1) & 0xffff_ffffL;
        }
        if ((flags & PacketView.SYN) != 0) {
            if (!h.synSeen) {
                h.synSeen = true;
                h.isn = seq;
                h.synTtl = p.ttl();
                h.synIpId = p.ipId();
                h.synTimeNanos = p.timestampNanos();
                if (!h.baseSet || h.next == 0) {
                    h.setBase(seq + 1);
                }
            } else if (h.isn != seq && h.payloadBytes == 0 && !h.hasPending()) {
                // Another SYN-ACK with another ISN before any data: as in Wireshark, the latest one counts.
                h.isn = seq;
                h.wsBase = seq;
                h.setBase(seq + 1);
                h.ackedOffset = -1;
            }
            seq = (seq + 1) & 0xffff_ffffL;
        }
        int len = p.payloadLength();
        if (len > 0 || p.payloadMissingBytes() > 0) {
            if (!h.baseSet) {
                h.setBase(seq);
            }
            h.payloadBytes += len;
            if ((flags & PacketView.RST) == 0) {
                data(c, h, peer, seq, p.data(), p.payloadOffset(), len, p.payloadMissingBytes(), p);
            }
        } else if ((flags & (PacketView.SYN | PacketView.FIN | PacketView.RST)) == 0 && h.baseSet
                && h.offsetOf(seq) == h.next - 1) {
            h.keepAlives++;
        }
        if ((flags & PacketView.ACK) != 0 && peer.baseSet) {
            long acked = peer.offsetOf(p.ack());
            if (peer.finSeen && acked > peer.next) {
                acked = Math.max(peer.next, acked - 1);
            }
            if (acked > peer.ackedOffset && acked - peer.next < (1L << 30)) {
                peer.ackedOffset = acked;
                if (c.delivering && peer.hasPending() && acked > peer.next) {
                    fillGaps(c, peer, p.frameNumber(), p.timestampNanos(), acked);
                }
            }
        }
        if ((flags & PacketView.FIN) != 0 && !h.finSeen) {
            h.finSeen = true;
            h.finFrame = p.frameNumber();
            h.finOffset = h.baseSet ? h.offsetOf(seq) + len + p.payloadMissingBytes() : -1;
        }
        if ((flags & PacketView.RST) != 0 && !h.rstSeen) {
            h.rstSeen = true;
            h.rstFrame = p.frameNumber();
        }
        if (!c.closed && (h.rstSeen || (h.finSeen && peer.finSeen))) {
            c.closed = true;
        }
        h.window = p.window();
        c.listener.onSegment(c, from, p);
    }

    private void data(TcpConnection c, HalfStream h, HalfStream peer, long seq, byte[] buf, int off, int len,
                      int missing, PacketView p) {
        long start = h.offsetOf(seq);
        long end = start + len;
        long frame = p.frameNumber();
        long t = p.timestampNanos();
        if (end <= h.next) {
            if (len <= 1 && end == h.next && start == h.next - 1 && (p.flags() & PacketView.FIN) == 0) {
                h.keepAlives++;
            } else {
                h.retransmittedBytes += len;
                if (c.delivering && h.remembers(start, len)) {
                    h.compareRetransmission(start, len, crc(buf, off, len), frame);
                }
            }
            return;
        }
        if (start < h.next) {
            int skip = (int) (h.next - start);
            h.retransmittedBytes += skip;
            off += skip;
            len -= skip;
            start = h.next;
        }
        if (len == 1 && missing == 0 && start == h.next && peer.window == 0 && !h.hasPending()) {
            h.zeroWindowProbes++;
        }
        if (!c.delivering) {
            h.next = end + missing;
            return;
        }
        if (start > h.next) {
            // Held above the hole; bytes of it cut by the snaplen, if any, are part of the hole after it.
            long cost = h.holdCost(start, len);
            int bytes = (int) cost;
            int pieces = (int) (cost >>> 32);
            long memory = bytes + (long) pieces * HalfStream.CHUNK_OVERHEAD_BYTES;
            if (h.pendingBytes() + bytes <= options.maxBufferedBytesPerSide()
                    && h.pendingSegments() + pieces <= MAX_HELD_SEGMENTS
                    && heldMemory + memory <= options.maxBufferedBytesTotal()
                    && accountedBytes() + memory <= leaseLimit) {
                hold(h, start, buf, off, len, frame, t, true);
                return;
            }
            h.heldSegmentsDropped++;
            flush(c, h);
            if (!c.delivering) {
                h.next = Math.max(h.next, end + missing);
                return;
            }
            if (start > h.next) {
                gap(c, h, start - h.next, frame, t);
            } else if (start < h.next) {
                int skip = (int) Math.min(len, h.next - start);
                h.retransmittedBytes += skip;
                off += skip;
                len -= skip;
                start = h.next;
            }
        }
        if (len > 0 && c.delivering) {
            if (h.hasPending() && h.firstPendingOffset() < end) {
                // The segment reaches bytes already held: those copies came first and win.
                int direct = (int) (h.firstPendingOffset() - start);
                if (direct > 0) {
                    h.next = start + direct;
                    c.listener.onData(c, h.sender, buf, off, direct, frame, t);
                }
                if (c.delivering) {
                    hold(h, start + direct, buf, off + direct, len - direct, frame, t, false);
                }
            } else {
                h.next = end;
                int skipped = c.listener.skip(c, h.sender, len);
                if (skipped < len) {
                    h.remember(start + skipped, len - skipped, crc(buf, off + skipped, len - skipped));
                    c.listener.onData(c, h.sender, buf, off + skipped, len - skipped, frame, t);
                }
            }
        }
        drain(c, h);
        // Bytes cut by the snaplen are a gap, except where held copies of them were captured.
        long target = end + missing;
        while (c.delivering && h.next < target) {
            long stop = h.hasPending() ? Math.min(target, h.firstPendingOffset()) : target;
            if (stop > h.next) {
                gap(c, h, stop - h.next, frame, t);
            }
            drain(c, h);
        }
        if (h.next < target) {
            h.next = target;
        }
    }

    /** Holds bytes above a hole (or overlapping held ones), keeping the tracker's total up to date. */
    private void hold(HalfStream h, long start, byte[] buf, int off, int len, long frame, long t, boolean outOfOrder) {
        long before = h.heldMemory();
        h.hold(start, buf, off, len, frame, t, outOfOrder);
        heldMemory += h.heldMemory() - before;
        heldMemoryPeak = Math.max(heldMemoryPeak, heldMemory);
        reserve();
    }

    private int crc(byte[] buf, int off, int len) {
        crc32.reset();
        crc32.update(buf, off, len);
        return (int) crc32.getValue();
    }

    private void gap(TcpConnection c, HalfStream h, long bytes, long frame, long t) {
        h.missedBytes += bytes;
        h.next += bytes;
        if (c.delivering) {
            c.listener.onGap(c, h.sender, bytes, frame, t);
        }
    }

    /** Delivers held chunks that are now contiguous. */
    private void drain(TcpConnection c, HalfStream h) {
        while (c.delivering && h.hasPending() && h.firstPendingOffset() <= h.next) {
            Map.Entry<Long, HalfStream.Chunk> e = h.pollPending();
            long start = e.getKey();
            HalfStream.Chunk chunk = e.getValue();
            byte[] b = chunk.bytes();
            heldMemory -= b.length + HalfStream.CHUNK_OVERHEAD_BYTES;
            long end = start + b.length;
            if (end <= h.next) {
                h.retransmittedBytes += b.length;
                continue;
            }
            int skip = (int) (h.next - start);
            h.retransmittedBytes += skip;
            h.next = end;
            c.listener.onData(c, h.sender, b, skip, b.length - skip, chunk.frame(), chunk.timeNanos());
        }
    }

    /** The peer acknowledged bytes above a hole: the hole was sent but not captured. */
    private void fillGaps(TcpConnection c, HalfStream h, long frame, long t, long acked) {
        while (c.delivering && h.hasPending() && h.next < acked) {
            long first = h.firstPendingOffset();
            if (first > h.next) {
                gap(c, h, first - h.next, frame, t);
            }
            drain(c, h);
        }
    }

    private void expire() {
        long now = nowNanos;
        runTimers(now);
        if (now < nextExpiryCheckNanos) {
            return;
        }
        nextExpiryCheckNanos = now + EXPIRY_CHECK_INTERVAL_NANOS;
        expire(decided, now);
        expire(deciding, now);
        trim();
    }

    /** Ends the connections of {@code list} idle past their timeout, from the least recently active on. */
    private void expire(Lru list, long now) {
        while (list.head != null) {
            TcpConnection c = list.head;
            long timeout = c.closed ? options.closedTimeoutNanos() : options.idleTimeoutNanos();
            if (now - c.lastTimeNanos <= timeout) {
                break;
            }
            remove(c);
            end(c, StreamListener.EndReason.IDLE);
        }
    }

    private void runTimers(long now) {
        while (!timers.isEmpty() && timers.peek().atNanos <= now) {
            Timer timer = timers.poll();
            TcpConnection c = timer.connection;
            if (c != null && c.listener != null) {
                timer.connection = null;
                c.timer = null;
                c.listener.onTimer(c, now);
            }
        }
    }

    /** Registers {@code c}'s deadline; called by the analysis through {@link TcpConnection#wakeAt}. */
    void schedule(TcpConnection c, long atNanos) {
        if (c.listener == null) {
            return;                     // ended (or asked from its own onEnd): no timer will ever fire for it
        }
        if (c.timer != null) {
            c.timer.connection = null;
        }
        Timer timer = new Timer(atNanos, c);
        c.timer = timer;
        timers.add(timer);
    }

    /**
     * A deadline in the queue. Only a connection's latest deadline points to it; a replaced deadline, or one of a
     * connection that ended, points to nothing, so the queue never keeps an ended connection alive.
     */
    static final class Timer {
        final long atNanos;
        TcpConnection connection;

        Timer(long atNanos, TcpConnection connection) {
            this.atNanos = atNanos;
            this.connection = connection;
        }
    }

    /**
     * What is kept of a connection that left the table, to number its later segments as Wireshark does; or, when
     * {@code quotedOnly}, the index of a flow seen only quoted in ICMP errors so far.
     */
    private record Ended(int streamIndex, boolean aIsClient, long clientBase, long serverBase, boolean quotedOnly) {
    }

    private void end(TcpConnection c, StreamListener.EndReason reason) {
        if (reason == StreamListener.EndReason.IDLE || reason == StreamListener.EndReason.EVICTED) {
            ended.put(c.key, new Ended(c.streamIndex, c.aIsClient, c.client.wsBase, c.server.wsBase, false));
        }
        if (c.delivering) {
            flush(c, c.client);
            flush(c, c.server);
        }
        StreamListener l = c.listener;
        c.listener = null;
        if (c.timer != null) {
            c.timer.connection = null;
            c.timer = null;
        }
        l.onEnd(c, reason, nowNanos);
    }

    private void flush(TcpConnection c, HalfStream h) {
        while (c.delivering && h.hasPending()) {
            long first = h.firstPendingOffset();
            if (first > h.next) {
                gap(c, h, first - h.next, c.lastFrame, c.lastTimeNanos);
            }
            drain(c, h);
        }
    }

    /** The capture ended: every connection still in the table ends, in {@code tcp.stream} order. */
    public void finish() {
        List<TcpConnection> rest = new ArrayList<>(table.values());
        rest.sort((x, y) -> Integer.compare(x.streamIndex, y.streamIndex));
        for (TcpConnection c : rest) {
            remove(c);
            end(c, StreamListener.EndReason.CAPTURE_END);
        }
        trim();
    }

    /** A list of live connections, least recently active first, linked through the connections themselves. */
    static final class Lru {
        TcpConnection head;
        TcpConnection tail;

        void addLast(TcpConnection c) {
            c.lru = this;
            c.older = tail;
            c.newer = null;
            if (tail == null) {
                head = c;
            } else {
                tail.newer = c;
            }
            tail = c;
        }

        void remove(TcpConnection c) {
            if (c.older == null) {
                head = c.newer;
            } else {
                c.older.newer = c.newer;
            }
            if (c.newer == null) {
                tail = c.older;
            } else {
                c.newer.older = c.older;
            }
            c.older = null;
            c.newer = null;
            c.lru = null;
        }

        void moveToEnd(TcpConnection c) {
            if (tail != c) {
                remove(c);
                addLast(c);
            }
        }
    }
}
