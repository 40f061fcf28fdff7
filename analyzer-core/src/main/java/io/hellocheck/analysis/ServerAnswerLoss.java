package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tcp.HalfStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells a server answer lost on the path before the capture point from bytes the capture missed, for a handshake
 * waiting for the server's answer: bytes of the server's stream arrived above a hole, the client acknowledged only up
 * to the hole after they came (a duplicate ACK), and the hole became a gap without the client ever acknowledging it.
 * The client never got those bytes, so neither did the capture on its side: a path-MTU black hole (full-size segments
 * dropped, their ICMP "fragmentation needed" too) or a middlebox that drops large segments. A hole the client
 * acknowledged is the capture's, not the path's ({@code acked_not_captured_bytes}).
 */
final class ServerAnswerLoss {
    /** How the evidence line of the first server bytes above the hole starts. */
    static final String BYTES_AFTER_HOLE = "server bytes arrived after a hole";
    /** How the evidence line of the client's ACK at the hole starts. */
    static final String ACK_AT_HOLE = "the client's ACK stops at the hole (a duplicate ACK)";
    private long ackFrame;
    private long ackNanos;
    private long heldFrame;
    private long heldNanos;
    private TcpFacts.LostServerBytes lost;

    /**
     * A client segment with an ACK while server bytes are held above a hole: the first one whose acknowledgment stops
     * at the hole is noted.
     *
     * @param server the server's half of the connection
     */
    void clientAck(HalfStream server, long frame, long timeNanos) {
        if (ackFrame == 0 && server.heldBytes() > 0 && server.ackedOffset() <= server.streamOffset()) {
            ackFrame = frame;
            ackNanos = timeNanos;
            heldFrame = server.firstHeldFrame();
            heldNanos = server.firstHeldTimeNanos();
        }
    }

    /**
     * A hole of {@code bytes} in the server's stream became a gap (the stream offset already past it).
     *
     * @return whether it is the path's loss: a duplicate ACK at the hole was seen and the client never acknowledged
     *         any of its bytes
     */
    boolean gap(HalfStream server, long bytes) {
        if (lost == null && ackFrame != 0 && server.ackedOffset() <= server.streamOffset() - bytes) {
            lost = new TcpFacts.LostServerBytes(bytes, heldFrame, ackFrame);
            return true;
        }
        return false;
    }

    /** The loss, or null while none is known. */
    TcpFacts.LostServerBytes lost() {
        return lost;
    }

    long heldNanos() {
        return heldNanos;
    }

    long ackNanos() {
        return ackNanos;
    }

    /**
     * The diagnosis of a NO_RESPONSE whose server answer was lost on the path ({@link TcpFacts#serverBytesLost()}),
     * or null when it was not.
     */
    static Finding finding(ConnectionRecord r) {
        TcpFacts.LostServerBytes lost = r.tcp() == null ? null : r.tcp().serverBytesLost();
        if (lost == null) {
            return null;
        }
        List<Evidence> evidence = new ArrayList<>(Diagnoser.firstEvidence(r, BYTES_AFTER_HOLE));
        evidence.addAll(Diagnoser.firstEvidence(r, ACK_AT_HOLE));
        return new Finding(Cause.SERVER_FLIGHT_LOST, Confidence.HIGH,
                "The server answered, but the first " + lost.bytes() + " bytes of its answer (the start of its "
                        + "ServerHello flight) never reached the client: later bytes of it arrived (frame "
                        + lost.frameAfter() + ") and the client acknowledged only up to the hole (frame "
                        + lost.clientAckFrame() + "), which was never filled. Full-size segments from the server are "
                        + "lost on the way while small packets pass: a path-MTU black hole (a tunnel or VPN with a "
                        + "smaller MTU whose ICMP \"fragmentation needed\" messages are dropped) or a middlebox that "
                        + "drops large segments.",
                evidence,
                "Test the path MTU toward the client (tracepath, or ping -M do -s 1472 from the server's side), clamp "
                        + "the TCP MSS on the tunnel or VPN (iptables -j TCPMSS --clamp-mss-to-pmtu, a router's "
                        + "ip tcp adjust-mss), and let ICMP type 3 code 4 (ICMPv6 packet too big) back to the server; a "
                        + "client with a smaller MSS or MTU getting through confirms it.");
    }
}
