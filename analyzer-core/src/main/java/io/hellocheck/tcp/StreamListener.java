package io.hellocheck.tcp;

import io.hellocheck.frame.PacketView;

/**
 * Receives one connection's events from the {@link TcpTracker}, in capture order.
 *
 * <p>For each segment, its in-order payload bytes come first through {@link #onData} (possibly
 * followed by earlier-held out-of-order bytes that the segment made contiguous), then the segment
 * itself through {@link #onSegment} for its flags, ACK and timing. Buffers passed to {@link #onData}
 * are only valid during the call.
 */
public interface StreamListener {

    /**
     * Contiguous stream bytes from {@code from}, in sequence order, each byte delivered once.
     *
     * @param frame     number of the frame that carried these bytes (from 1)
     * @param timeNanos capture time of that frame, nanoseconds since the epoch
     */
    void onData(TcpConnection c, Side from, byte[] buf, int off, int len, long frame, long timeNanos);

    /**
     * How many of the next {@code len} in-order bytes from {@code from} the listener takes without reading them
     * (the body of a record it does not decode), asked before {@link #onData} for the bytes of a segment that
     * continue the stream: the tracker neither hands those bytes over nor keeps a checksum of them (so a
     * retransmission of them is counted, never compared), and {@link #onData} gets the rest, if any. Only
     * bytes that come straight in order are offered; those delivered after a hole or from held segments are not.
     *
     * @return from 0 (every byte delivered, the default) to {@code len}
     */
    default int skip(TcpConnection c, Side from, int len) {
        return 0;
    }

    /**
     * Bytes of {@code from}'s stream that the capture does not hold (a hole that was acknowledged,
     * or given up on): the next {@link #onData} continues {@code bytes} further on.
     */
    void onGap(TcpConnection c, Side from, long bytes, long frame, long timeNanos);

    /** Every segment of the connection, after its payload was handled. */
    void onSegment(TcpConnection c, Side from, PacketView segment);

    /** The deadline set with {@link TcpConnection#wakeAt(long)} passed (capture time {@code nowNanos}). */
    void onTimer(TcpConnection c, long nowNanos);

    /**
     * The connection leaves the tracker: idle too long, evicted at the connection cap, replaced by a
     * new connection on the same ports, or the capture ended. No further events follow.
     *
     * @param nowNanos capture time of the last frame read so far
     */
    void onEnd(TcpConnection c, EndReason reason, long nowNanos);

    /** Why a connection left the tracker. */
    enum EndReason {
        /** The capture ended. */
        CAPTURE_END,
        /** No segment for longer than the idle timeout. */
        IDLE,
        /** The live-connection cap was reached and this was the least recently active. */
        EVICTED,
        /** A new SYN reused the address and port pair. */
        REUSED
    }
}
