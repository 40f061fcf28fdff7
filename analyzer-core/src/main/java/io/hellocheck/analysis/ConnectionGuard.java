package io.hellocheck.analysis;

import io.hellocheck.frame.PacketView;
import io.hellocheck.tcp.Side;
import io.hellocheck.tcp.StreamListener;
import io.hellocheck.tcp.TcpConnection;

/**
 * Passes one connection's events to its {@link HandshakeAnalyzer} and keeps a bug while analyzing it (a
 * runtime exception out of any event) with that connection: the connection gets an {@code INCONCLUSIVE}
 * record whose evidence names the frame and the exception (unless its record was written already), the
 * capture gets a warning, the connection's later events are dropped, and the rest of the capture goes on.
 * A failure of the record sink (an output that cannot be written, a cancelled batch) is not the
 * connection's: it goes on up unchanged.
 */
final class ConnectionGuard implements StreamListener {
    private final HandshakeAnalysis capture;
    private final HandshakeAnalyzer analyzer;
    private final StreamListener events;
    private boolean failed;

    ConnectionGuard(HandshakeAnalysis capture, HandshakeAnalyzer analyzer) {
        this(capture, analyzer, analyzer);
    }

    /**
     * @param events where the events go: the analyzer itself (a test may put a listener in between that
     *               fails on purpose)
     */
    ConnectionGuard(HandshakeAnalysis capture, HandshakeAnalyzer analyzer, StreamListener events) {
        this.capture = capture;
        this.analyzer = analyzer;
        this.events = events;
    }

    @Override
    public void onData(TcpConnection c, Side from, byte[] buf, int off, int len, long frame, long timeNanos) {
        if (failed) {
            return;
        }
        long settled = capture.recordsSettled();
        try {
            events.onData(c, from, buf, off, len, frame, timeNanos);
        } catch (HandshakeAnalysis.SinkFailure e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            failed(c, e, frame, timeNanos, settled);
        }
    }

    /** A failed connection's bytes are all taken unread: its events are dropped anyway. */
    @Override
    public int skip(TcpConnection c, Side from, int len) {
        if (failed) {
            return len;
        }
        long settled = capture.recordsSettled();
        try {
            return events.skip(c, from, len);
        } catch (HandshakeAnalysis.SinkFailure e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            failed(c, e, c.lastFrame(), c.lastTimeNanos(), settled);
            return len;
        }
    }

    @Override
    public void onGap(TcpConnection c, Side from, long bytes, long frame, long timeNanos) {
        if (failed) {
            return;
        }
        long settled = capture.recordsSettled();
        try {
            events.onGap(c, from, bytes, frame, timeNanos);
        } catch (HandshakeAnalysis.SinkFailure e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            failed(c, e, frame, timeNanos, settled);
        }
    }

    @Override
    public void onSegment(TcpConnection c, Side from, PacketView segment) {
        if (failed) {
            return;
        }
        long settled = capture.recordsSettled();
        try {
            events.onSegment(c, from, segment);
        } catch (HandshakeAnalysis.SinkFailure e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            failed(c, e, segment.frameNumber(), segment.timestampNanos(), settled);
        }
    }

    @Override
    public void onTimer(TcpConnection c, long nowNanos) {
        if (failed) {
            return;
        }
        long settled = capture.recordsSettled();
        try {
            events.onTimer(c, nowNanos);
        } catch (HandshakeAnalysis.SinkFailure e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            failed(c, e, -1, nowNanos, settled);
        }
    }

    @Override
    public void onEnd(TcpConnection c, EndReason reason, long nowNanos) {
        if (failed) {
            return;
        }
        long settled = capture.recordsSettled();
        try {
            events.onEnd(c, reason, nowNanos);
        } catch (HandshakeAnalysis.SinkFailure e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            failed(c, e, -1, nowNanos, settled);
        }
    }

    /**
     * @param frame    the frame being analyzed (from 1), or -1 for a timer or the end of the connection
     * @param settled  {@link HandshakeAnalysis#recordsSettled()} before the event: when it moved, the event
     *                 settled this connection's record before failing
     */
    private void failed(TcpConnection c, RuntimeException e, long frame, long timeNanos, long settled) {
        failed = true;
        c.stopDelivery();
        capture.connectionFailed(analyzer, e, frame, timeNanos, capture.recordsSettled() != settled);
    }
}
