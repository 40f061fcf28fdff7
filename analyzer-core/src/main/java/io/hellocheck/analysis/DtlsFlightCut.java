package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.dtls.DtlsFlow;
import io.hellocheck.udp.UdpConversation.Mark;
import java.util.ArrayList;
import java.util.List;

/**
 * A DTLS handshake whose server fell silent after a ServerHello while the client kept sending its flight again:
 * a DTLS client that lacks the server's next flight resends its own when its timer expires, doubling the wait
 * each time (RFC 6347 section 4.2.4; RFC 9147 section 5.8), so the capture is whole and the datagrams were lost
 * on the way. No packet ends such a handshake, so the outcome stays {@code INCONCLUSIVE} (CONTRACT.md: a
 * ServerHello, then nothing decides), as for QUIC (docs/quic-dtls.md, "the client kept sending"), but the reason and the
 * diagnosis say what the capture shows instead of "the capture ends".
 */
final class DtlsFlightCut {
    /** How the reason of such a handshake begins. */
    static final String SILENT_SERVER = "The server sent nothing for ";

    private DtlsFlightCut() {
    }

    /**
     * The reason, or null when the server's last datagram came less than {@code timeoutNanos} before the capture's
     * end, or the client did not resend after it.
     *
     * @param flight the server's clear-text flight after its ServerHello, or null
     */
    static String reason(DtlsFlow f, ServerFlight flight, long captureEndNanos, long timeoutNanos) {
        Mark server = f.lastServer();
        if (server == null || f.clientResendsAfterServer() == 0 || captureEndNanos - server.timeNanos() < timeoutNanos) {
            return null;
        }
        String lost = incomplete(flight)
                ? "its flight has no ServerHelloDone, so the client never got all of it: the server's later "
                        + "datagrams were lost on the way to the client (a path that drops large datagrams or IP "
                        + "fragments, or a lossy link)"
                : "the client's flight or the server's answers were lost on the way";
        return SILENT_SERVER + Texts.seconds(captureEndNanos - server.timeNanos()) + " after its last datagram (frame "
                + server.frame() + ") until the capture ended, while the client sent "
                + Texts.count(f.clientResendsAfterServer(), "handshake fragment") + " again (the last in frame "
                + f.lastClientResend().frame() + ", RFC 6347 section 4.2.4): " + lost + "; no alert tells how the "
                + "handshake ended.";
    }

    /**
     * The finding of a record whose reason {@link #reason} gave, or null: {@code server_flight_lost} when the
     * server's flight stopped short of its ServerHelloDone, else {@code udp_blocked} (low), as for QUIC.
     */
    static Finding finding(ConnectionRecord r) {
        if (!"dtls".equals(r.transport()) || r.outcome() != Outcome.INCONCLUSIVE
                || !r.outcomeReason().startsWith(SILENT_SERVER)) {
            return null;
        }
        List<Evidence> ev = new ArrayList<>(Diagnoser.lastEvidence(r, "ClientHello"));
        if (r.serverHello() != null) {
            ev.addAll(Diagnoser.evidenceAt(r, r.serverHello().frame(), "ServerHello"));
        }
        if (incomplete(r.serverFlight())) {
            return new Finding(Cause.SERVER_FLIGHT_LOST, Confidence.MEDIUM, r.outcomeReason(), ev,
                    "Look for what drops the server's larger datagrams on the way to the client (its Certificate "
                            + "makes them the largest of the handshake): a path MTU below the server's DTLS MTU whose "
                            + "IP fragments are dropped (lower the server's DTLS MTU, e.g. `openssl s_server -mtu "
                            + "1200`), a firewall or NAT dropping UDP fragments; capture on the server's side to see "
                            + "what it sent.");
        }
        return new Finding(Cause.UDP_BLOCKED, Confidence.LOW, r.outcomeReason(), ev,
                "Look for what drops UDP between client and server once the handshake has begun (a firewall's or "
                        + "NAT's short UDP state timeout, large datagrams or IP fragments dropped on the path), and "
                        + "capture on the server's side to see whether the client's datagrams arrive.");
    }

    /** A DTLS 1.0 or 1.2 server flight seen without its ServerHelloDone (RFC 6347 section 4.2.4, flight 4). */
    private static boolean incomplete(ServerFlight flight) {
        return flight != null && !flight.encryptedHandshake() && !flight.helloDone() && flight.resumption() == null;
    }
}
