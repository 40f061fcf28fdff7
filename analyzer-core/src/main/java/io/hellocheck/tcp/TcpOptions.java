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

    /** 250,000 connections, 256 KiB per direction, 64 MiB over all, 5 minutes idle, 60 s after a close. */
    public static TcpOptions defaults() {
        return new TcpOptions(250_000, 256 * 1024, 300_000_000_000L, 60_000_000_000L, 64L << 20);
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
