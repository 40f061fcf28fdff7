package io.hellocheck.tcp;

/**
 * Limits of the TCP layer. All times are capture times in nanoseconds.
 *
 * @param maxConnections          live connections kept; beyond it the least recently active is evicted
 * @param maxBufferedBytesPerSide out-of-order bytes held per direction above a hole; beyond, the hole
 *                                becomes a gap
 * @param idleTimeoutNanos        an open connection with no segment for this long leaves the table
 * @param closedTimeoutNanos      a closed connection (RST, or FIN both ways) leaves the table after this
 * @param maxBufferedBytesTotal   heap held for out-of-order bytes over all connections (the bytes plus a fixed
 *                                overhead per held segment); beyond, a segment that would be held makes its
 *                                hole a gap at once
 */
public record TcpOptions(int maxConnections, int maxBufferedBytesPerSide, long idleTimeoutNanos,
                         long closedTimeoutNanos, long maxBufferedBytesTotal) {

    /** Heap a live connection is budgeted in {@link #forHeap}: the tracker's and the analysis's objects. */
    public static final long HEAP_BYTES_PER_CONNECTION = 8192;

    /**
     * The limits for this JVM's maximum heap ({@link #forHeap}): 250,000 connections from 2 GiB of heap up,
     * fewer below (32,768 with {@code -Xmx256m}); 256 KiB per direction; 5 minutes idle, 60 s after a close.
     */
    public static TcpOptions defaults() {
        return forHeap(Runtime.getRuntime().maxMemory());
    }

    /**
     * The limits for a heap of {@code maxHeapBytes}: one live connection per {@link #HEAP_BYTES_PER_CONNECTION}
     * bytes of heap, between 10,000 and 250,000; held out-of-order data up to an eighth of the heap, between
     * 4 MiB and 64 MiB; 256 KiB per direction; 5 minutes idle, 60 s after a close.
     */
    public static TcpOptions forHeap(long maxHeapBytes) {
        long connections = Math.max(10_000, Math.min(250_000, maxHeapBytes / HEAP_BYTES_PER_CONNECTION));
        long held = Math.max(4L << 20, Math.min(64L << 20, maxHeapBytes / 8));
        return new TcpOptions((int) connections, 256 * 1024, 300_000_000_000L, 60_000_000_000L, held);
    }

    /** Limits with held out-of-order data over all connections capped at 64 MiB. */
    public TcpOptions(int maxConnections, int maxBufferedBytesPerSide, long idleTimeoutNanos,
                      long closedTimeoutNanos) {
        this(maxConnections, maxBufferedBytesPerSide, idleTimeoutNanos, closedTimeoutNanos, 64L << 20);
    }

    public TcpOptions {
        if (maxConnections < 1 || maxBufferedBytesPerSide < 0 || idleTimeoutNanos <= 0 || closedTimeoutNanos <= 0
                || maxBufferedBytesTotal < 0) {
            throw new IllegalArgumentException("TCP limits must be positive");
        }
    }
}
