package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.frame.PacketView;
import io.hellocheck.tcp.Side;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A client that closed while waiting for the server's answer, after the server had acknowledged the ClientHello and
 * sent nothing else, and then sent its FIN again (TCP retransmissions) without any segment of the server coming back.
 * A TCP acknowledges a FIN whatever its application does (RFC 9293 section 3.10.7.4, "send an acknowledgment for the
 * FIN"): a TLS server that merely stays silent still has its TCP answer it (the lab's tarpit). So the server's packets
 * stopped reaching the client: lost on the path (its full-size ServerHello flight first, as in a path-MTU black hole,
 * and its ACKs with it), or never sent by a server, or a box terminating TCP in front of it, that stopped altogether. A
 * capture on the client's side cannot tell these apart; the diagnosis names both.
 */
final class UnackedClientFin {
    /** How the evidence line at the client's last copy of its FIN starts. */
    static final String EVIDENCE = "FIN from client sent again";

    private final long finFrame;
    private final long finNanos;
    /** The FIN's sequence number (the segment's, plus its payload), as captured (modulo 2^32). */
    private final long finSeq;
    private int resends;
    private long lastFrame;
    private long lastNanos;
    private boolean answered;

    /** The watch of the client's FIN in {@code p}, the first one. */
    UnackedClientFin(PacketView p) {
        finFrame = p.frameNumber();
        finNanos = p.timestampNanos();
        finSeq = p.seq() + p.payloadLength();
    }

    /** A later segment of the connection: a copy of the client's FIN, or any segment of the server. */
    void segment(Side from, PacketView p) {
        if (from == Side.SERVER) {
            answered = true;
        } else if ((p.flags() & PacketView.FIN) != 0 && p.frameNumber() != finFrame
                && p.seq() + p.payloadLength() == finSeq) {
            resends++;
            lastFrame = p.frameNumber();
            lastNanos = p.timestampNanos();
        }
    }

    /** Whether the client sent its FIN again and no segment of the server came after the first. */
    boolean unanswered() {
        return resends > 0 && !answered;
    }

    /** The evidence line at the client's last copy of its FIN. */
    Evidence evidence() {
        return new Evidence(lastFrame, lastNanos, EVIDENCE + " (" + (resends + 1) + " copies in all, this one "
                + Texts.seconds(lastNanos - finNanos) + " after the first, frame " + finFrame + "): the server never "
                + "acknowledged it");
    }

    /**
     * The two readings of a NO_RESPONSE whose client's FIN was never acknowledged ({@link #EVIDENCE}), the path first:
     * empty for another one.
     */
    static List<Finding> findings(ConnectionRecord r) {
        List<Evidence> resent = Diagnoser.lastEvidence(r, EVIDENCE);
        if (resent.isEmpty()) {
            return List.of();
        }
        List<Evidence> ev = new ArrayList<>(Diagnoser.lastEvidence(r, "server ACKed the ClientHello"));
        ev.addAll(Diagnoser.firstEvidence(r, Texts.from(Texts.FIN, Side.CLIENT)));
        ev.addAll(resent);
        ev.sort(Comparator.comparingLong(Evidence::frame));
        String facts = "After acknowledging the ClientHello the server sent nothing that reached the client, not even "
                + "the acknowledgment its TCP owes the client's FIN, which the client sent again (its last copy in frame "
                + resent.get(0).frame() + "): a TCP acknowledges a FIN whatever "
                + "its application does (RFC 9293 section 3.10.7.4), so this is more than a TLS layer that stays "
                + "silent. The capture cannot show whether the server's packets were lost on the way or never sent.";
        return List.of(
                new Finding(Cause.SERVER_FLIGHT_LOST, Confidence.MEDIUM, facts + " Lost on the path toward the "
                        + "client: its full-size ServerHello flight first (a path-MTU black hole: a tunnel or VPN with a "
                        + "smaller MTU whose ICMP \"fragmentation needed\" is dropped), and its later packets with it "
                        + "(a firewall or NAT that dropped the connection's state, a route that changed).", ev,
                        "Capture on the server's side at the same time: if the server sent its ServerHello flight and "
                                + "its ACK of the FIN, the path drops them (test the path MTU toward the client with "
                                + "tracepath, or ping -M do -s 1472 from the server; clamp the TCP MSS on the tunnel; "
                                + "let ICMP type 3 code 4 back to the server); if the FIN never arrived there, the path "
                                + "drops the client's packets too."),
                new Finding(Cause.SERVER_SILENT_AFTER_ACK, Confidence.MEDIUM, "Or the server, or the load balancer "
                        + "or proxy that terminates TCP in front of it, stopped altogether right after acknowledging "
                        + "the ClientHello (a crash, a hang of the host or of its network), not only its TLS layer: "
                        + "its TCP no longer acknowledged the client's FIN.", ev,
                        "Check the server, or the box in front of it, at this time: was it up and reachable (its "
                                + "monitoring, kernel log, a restart), and did other clients' connections to it get "
                                + "answers then?"));
    }
}
