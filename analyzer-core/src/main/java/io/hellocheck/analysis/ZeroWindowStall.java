package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;

/**
 * A ClientHello the client could not finish sending because the server's receive window fell to zero (Wireshark's
 * "TCP ZeroWindow", tcp.analysis.zero_window) and stayed there: the server's TCP stack took the first bytes, and its
 * application did not read them (hung, overloaded, or stuck before its TLS layer). The client's window probes go
 * unanswered but for more zero windows. Outcome {@code NO_RESPONSE}: the server's side sent nothing but ACKs.
 */
final class ZeroWindowStall {
    /** How the outcome reason starts; {@link #finding} keys on it. */
    static final String REASON = "The server's receive window fell to zero inside the ClientHello";
    /** How the evidence line of the first zero window starts. */
    static final String EVIDENCE = "TCP ZeroWindow from server inside the ClientHello";

    private long frame;
    private long timeNanos;

    /**
     * A server segment while the ClientHello is still being sent: remembers the first of a run of zero windows.
     *
     * @param stall  the watch so far, or null
     * @param window the segment's window field (unscaled)
     * @return the watch, or null while the server's window never was zero (or opened again)
     */
    static ZeroWindowStall serverWindow(ZeroWindowStall stall, int window, long frame, long timeNanos) {
        if (window != 0) {
            return null;
        }
        if (stall != null) {
            return stall;
        }
        ZeroWindowStall s = new ZeroWindowStall();
        s.frame = frame;
        s.timeNanos = timeNanos;
        return s;
    }

    long frame() {
        return frame;
    }

    long timeNanos() {
        return timeNanos;
    }

    /** The evidence line at the first zero window, after {@code sent} bytes of the client's stream. */
    Evidence evidence(long sent) {
        return new Evidence(frame, timeNanos, EVIDENCE + ", after the first " + sent + " bytes of the client's "
                + "stream: the server's application does not read them");
    }

    /**
     * The outcome reason.
     *
     * @param sent       bytes of the client's stream the server acknowledged
     * @param untilNanos capture time the stall was judged at (the capture's end, or the client's reset)
     */
    String reason(long sent, long untilNanos) {
        return REASON + " (frame " + frame + ") and stayed there for " + Texts.seconds(untilNanos - timeNanos)
                + ": the server acknowledged the first " + sent + " bytes of the client's stream and read none of "
                + "them, so the client could not send the rest of its ClientHello, and the server sent nothing but "
                + "ACKs.";
    }

    /** The diagnosis of a NO_RESPONSE decided by a zero window inside the ClientHello, or null for another one. */
    static Finding finding(ConnectionRecord r) {
        if (!r.outcomeReason().startsWith(REASON)) {
            return null;
        }
        return new Finding(Cause.SERVER_ZERO_WINDOW, Confidence.HIGH,
                "The server's TCP stack accepted the connection and the first bytes of the ClientHello, then "
                        + "advertised a zero receive window and kept it: its application is not reading (hung, "
                        + "overloaded, stuck before its TLS layer, or a proxy whose backend does not drain it).",
                Diagnoser.firstEvidence(r, EVIDENCE),
                "Look at the server process on " + r.server() + ": is it alive and accepting (ss -tnp: a full "
                        + "Recv-Q on its sockets, the accept queue), its threads and load, and a proxy's backend; a "
                        + "smaller ClientHello (fewer key shares, no post-quantum share) may fit in what the window "
                        + "still takes, but the server will not answer it either while it does not read.");
    }
}
