package io.hellocheck.tcp;

/**
 * Limits of the TCP layer. All times are capture times in nanoseconds.
 *
 * @param maxConnections          live connections kept; beyond it one is evicted: the least recently active of
 *                                those already decided (no longer delivering bytes), else the least recently active
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

    /**
     * The limits of an analysis under the JVM's default memory budget ({@link MemoryBudget#jvmDefault()}, see
     * {@link #forBudget}): with the launcher's options ({@code -Xmx896m -Xmn64m}, a maximum heap of 880 MiB as the
     * JVM reports it, a survivor space apart), 107,520 connections and 41.25 MiB of held out-of-order data; 250,000
     * connections from about 2 GiB of heap up. The same for every analysis of the JVM, whatever runs beside it.
     */
    public static TcpOptions defaults() {
        return forBudget(MemoryBudget.jvmDefault());
    }

    /** The limits of an analysis holding a share of {@code budget}: {@link #forAnalysisBytes} of its per-analysis bytes. */
    public static TcpOptions forBudget(MemoryBudget budget) {
        return forAnalysisBytes(budget.perAnalysisBytes());
    }

    /**
     * The limits under the default budget of a JVM whose maximum heap is {@code maxHeapBytes}: an analysis may hold
     * 3/8 of it (half of a budget of 3/4), see {@link #forAnalysisBytes}.
     */
    public static TcpOptions forHeap(long maxHeapBytes) {
        return forAnalysisBytes(maxHeapBytes / 4 * 3 / 2);
    }

    /**
     * The limits of an analysis that may hold {@code bytes} bytes of heap: held out-of-order data up to an eighth
     * of it (between 1 MiB and 64 MiB, at most a quarter), the rest as live connections at
     * {@link MemoryBudget#BYTES_PER_CONNECTION} each (at least 1, at most 250,000); 256 KiB per direction;
     * 5 minutes idle, 60 s after a close.
     */
    public static TcpOptions forAnalysisBytes(long bytes) {
        long held = Math.min(bytes / 4, Math.max(1L << 20, Math.min(64L << 20, bytes / 8)));
        long connections = Math.max(1, Math.min(250_000, (bytes - held) / MemoryBudget.BYTES_PER_CONNECTION));
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
