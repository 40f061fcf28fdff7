package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tcp.HalfStream;
import java.util.List;

/**
 * A handshake after its ServerHello whose flights stopped being acknowledged while both sides, or one, kept sending
 * them again until the capture ended: TCP acknowledges every segment that arrives (RFC 9293 section 3.10.7.4), so an
 * unacknowledged flight sent again for seconds was lost on the path, not cut by the capture. Two readings, by which
 * side's acknowledgment stopped:
 * <ul>
 * <li>the server never acknowledged the client's bytes after its ClientHello (its ACK stays at the hello's end) while
 * the client resent them: when the server too sent its flight again with that ACK, the server is waiting for the
 * client, whose packets do not reach it (a firewall or IPS that drops a flow after its first data packet); when
 * nothing more came from the server, its answers may as well be what was lost;</li>
 * <li>the client sent nothing at all after its ClientHello, not even an ACK of the server's flight, while the server
 * resent it (a capture on the server's side): the server's flight or the client's answers were lost on the way, or
 * the client went away.</li>
 * </ul>
 * CONTRACT.md keeps such a handshake {@link Outcome#INCONCLUSIVE} (no alert, RST or FIN came); the reason says what the
 * capture shows and the diagnosis names the path. Times are capture times in nanoseconds, offsets stream offsets.
 */
final class FlightNeverAcked {
    /** How the reason of a client flight the server never acknowledged starts. */
    static final String CLIENT_FLIGHT = "The server never acknowledged the client's flight after its ClientHello";
    /** How the reason of a client silent after its ClientHello, the server resending its flight, starts. */
    static final String CLIENT_SILENT = "The client sent nothing after its ClientHello, not even an ACK of the "
            + "server's flight";
    /** What ends the reason when the server resent its flight with its ACK at the hello's end. */
    private static final String SERVER_WAITING = "the client's packets after the ClientHello did not reach the server";

    private FlightNeverAcked() {
    }

    /**
     * The reason of a handshake after its ServerHello that the capture's end leaves undecided, when its flights were
     * not acknowledged as above for at least {@code minWaitNanos}; else null.
     *
     * @param helloEnd          the client's stream offset at the end of its last ClientHello
     * @param clientFlightFrame the client's first segment with bytes after the ServerHello, or 0
     * @param clientFlightNanos its capture time
     * @param serverHelloNanos  the capture time of the ServerHello
     * @param endNanos          the end of the connection's capture
     */
    static String reason(HalfStream client, HalfStream server, long helloEnd, long clientFlightFrame,
                         long clientFlightNanos, long serverHelloNanos, long endNanos, long minWaitNanos) {
        long serverResent = server.retransmittedBytes();
        if (clientFlightFrame != 0 && client.streamOffset() > helloEnd && client.ackedOffset() <= helloEnd
                && client.retransmittedBytes() > 0 && endNanos - clientFlightNanos >= minWaitNanos) {
            return CLIENT_FLIGHT + " (frame " + clientFlightFrame + ", " + (client.streamOffset() - helloEnd)
                    + " bytes) in the " + Texts.seconds(endNanos - clientFlightNanos) + " until the capture ended, "
                    + "while the client sent it again (" + client.retransmittedBytes() + " bytes resent)"
                    + (serverResent > 0 ? " and the server sent its own flight again (" + serverResent + " bytes "
                    + "resent) with its ACK still at the ClientHello's end: " + SERVER_WAITING + "."
                    : ", and nothing more came from the server: the client's flight was lost on the way to the server, "
                    + "or the server's answers on the way back.");
        }
        if (clientFlightFrame == 0 && client.streamOffset() == helloEnd && server.ackedOffset() <= 0
                && server.streamOffset() > 0 && serverResent > 0 && !client.finSeen() && !client.rstSeen()
                && endNanos - serverHelloNanos >= minWaitNanos) {
            return CLIENT_SILENT + ", in the " + Texts.seconds(endNanos - serverHelloNanos) + " from the ServerHello "
                    + "until the capture ended, while the server sent its flight again (" + serverResent + " bytes "
                    + "resent): the server's flight did not reach the client or the client's packets did not reach "
                    + "the server (lost on the path), or the client went away.";
        }
        return null;
    }

    /** The diagnosis of a handshake left undecided with such a reason ({@link #reason}); false for any other. */
    static boolean diagnose(ConnectionRecord r, List<Finding> out) {
        String reason = r.outcomeReason();
        boolean clientFlight = reason.startsWith(CLIENT_FLIGHT);
        if (!clientFlight && !reason.startsWith(CLIENT_SILENT)) {
            return false;
        }
        boolean serverWaiting = clientFlight && reason.contains(SERVER_WAITING);
        List<Evidence> evidence = Diagnoser.lastEvidence(r, "ServerHello");
        out.add(new Finding(Cause.CLIENT_FLIGHT_LOST, serverWaiting ? Confidence.HIGH : Confidence.MEDIUM,
                reason + (serverWaiting ? " A firewall, IPS or load balancer on the path that drops the flow after "
                        + "its first data packets, an asymmetric route, or a lossy link." : ""),
                evidence,
                "Capture on the server's side (or on the path) at the same time: find where the client's packets "
                        + "after its ClientHello stop (firewall or IPS logs for this flow, an asymmetric route); the "
                        + "capture itself is whole."));
        if (!serverWaiting) {
            out.add(new Finding(Cause.SERVER_FLIGHT_LOST, Confidence.MEDIUM, "The same silence fits the server's "
                    + "packets lost on the way to the client: the capture cannot tell which direction was cut.",
                    evidence, "Capture on the other side at the same time to see which direction's packets stop."));
        }
        return true;
    }
}
