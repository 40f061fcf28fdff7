package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tcp.HalfStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells a server answer lost on the path before the capture point from bytes the capture missed, for a handshake
 * waiting for the server's answer. The client never acknowledged any byte of a hole at the start of the server's
 * answer, and either bytes above the hole arrived and the client then acknowledged only up to it (a duplicate ACK:
 * Wireshark's "previous segment not captured", then "dup ACK", usually with a SACK block for them), or a later
 * segment of the server without payload (its ACK of the client's FIN) carries a sequence number past the hole. The
 * client never got those bytes, so neither did a capture on its side: a path-MTU black hole (full-size segments
 * dropped, and their ICMP "fragmentation needed" too) or a middlebox that drops large segments; or, for a hole smaller
 * than any full-size segment ({@link #MIN_FULL_SEGMENT}), a firewall or IPS dropping the server's data. A hole the client
 * acknowledged is the capture's, not the path's ({@code acked_not_captured_bytes}).
 */
final class ServerAnswerLoss {
    /** How the evidence line at {@link TcpFacts.LostServerBytes#frameAfter()} starts. */
    static final String HOLE = "the server's answer has a hole of";
    /** How the evidence line at {@link TcpFacts.LostServerBytes#clientAckFrame()} starts. */
    static final String CLIENT_ACK = "the client's ACK stops at the start of the server's answer";
    /**
     * The smallest full-size segment any path takes whole: IPv6's minimum link MTU of 1,280 bytes (RFC 8200 section 5)
     * less a 40-byte IPv6 and a 20-byte TCP header. A lost hole below it holds no segment too large for the path.
     */
    static final long MIN_FULL_SEGMENT = 1_220;

    private long ackFrame;
    private long ackNanos;
    private long afterFrame;
    private long afterNanos;
    private boolean bytesArrived;
    /** Stream offset of the hole's first byte in the server's stream. */
    private long holeStart;
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
            afterFrame = server.firstHeldFrame();
            afterNanos = server.firstHeldTimeNanos();
        }
    }

    /**
     * A hole of {@code bytes} in the server's stream became a gap (the stream offset already past it).
     *
     * @return whether it is the path's loss: a duplicate ACK at the hole was seen and the client never acknowledged
     *         any of its bytes
     */
    boolean gap(HalfStream server, long bytes) {
        if ((lost == null || !bytesArrived) && ackFrame != 0 && server.ackedOffset() <= server.streamOffset() - bytes) {
            lost = new TcpFacts.LostServerBytes(bytes, afterFrame, ackFrame);
            bytesArrived = true;
            holeStart = server.streamOffset() - bytes;
            return true;
        }
        return false;
    }

    /**
     * A server segment without payload (not a RST) and the client's latest ACK before it: whether its sequence number
     * is past bytes of the server that the client never acknowledged, while none above them arrived, is noted as a
     * loss, which counts only while the hole stays unfilled ({@link #lost}): bytes captured out of order may fill it.
     *
     * @param seqOffset      the segment's sequence number as a stream offset of the server's side
     * @param clientAckFrame the client's latest segment with an ACK, or 0
     */
    void sequencePast(HalfStream server, long seqOffset, long frame, long timeNanos, long clientAckFrame,
                      long clientAckNanos) {
        // past a FIN, the sequence number counts the FIN's own (RFC 9293 section 3.4), which carries no byte
        long fin = server.finOffset();
        long past = (fin >= 0 && seqOffset > fin ? fin : seqOffset) - server.streamOffset();
        if (lost != null || clientAckFrame == 0 || past <= 0 || past >= 1L << 30 || server.heldBytes() > 0
                || server.ackedOffset() > server.streamOffset()) {
            return;
        }
        lost = new TcpFacts.LostServerBytes(past, frame, clientAckFrame);
        holeStart = server.streamOffset();
        afterNanos = timeNanos;
        ackNanos = clientAckNanos;
    }

    /**
     * The loss, or null while none is known, once the client acknowledged bytes of the hole after all (they reached it:
     * the capture missed them), or once bytes filled a hole that only a sequence number showed.
     */
    TcpFacts.LostServerBytes lost(HalfStream server) {
        return lost != null && server.ackedOffset() <= holeStart && (bytesArrived || server.streamOffset() <= holeStart)
                ? lost : null;
    }

    /** The two evidence lines of the loss, once known: at {@code frameAfter}, then at {@code clientAckFrame}. */
    Evidence[] evidence() {
        long n = lost.bytes();
        return new Evidence[] {
            new Evidence(lost.frameAfter(), afterNanos, HOLE + " " + n + " bytes before " + (bytesArrived
                    ? "these bytes, which the client got" : "this segment's sequence number: the server had sent "
                    + n + " bytes the client never got")),
            new Evidence(lost.clientAckFrame(), ackNanos, CLIENT_ACK + (bytesArrived
                    ? " (a duplicate ACK): its first " + n + " bytes after the ClientHello never reached the client"
                    : ": none of its bytes had reached the client"))};
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
        List<Evidence> evidence = new ArrayList<>(Diagnoser.evidenceAt(r, lost.frameAfter(), HOLE));
        evidence.addAll(Diagnoser.evidenceAt(r, lost.clientAckFrame(), CLIENT_ACK));
        evidence.sort(java.util.Comparator.comparingLong(Evidence::frame));
        String lostWhat = "The server answered, but the first " + lost.bytes() + " bytes of its answer (the start of its "
                + "ServerHello flight) never reached the client: the server's segment in frame " + lost.frameAfter()
                + " comes after them in sequence, the client's ACK in frame " + lost.clientAckFrame()
                + " acknowledged none of them, and nothing filled the hole.";
        if (lost.bytes() < MIN_FULL_SEGMENT) {
            return new Finding(Cause.SERVER_FLIGHT_LOST, Confidence.HIGH, lostWhat + " At " + lost.bytes()
                    + " bytes, the lost data fits in one packet smaller than the 1,280 bytes every path must carry "
                    + "(RFC 8200 section 5), so it is no full-size segment lost to a path-MTU black hole: something on "
                    + "the path drops the server's data while its ACKs pass, as a firewall or IPS blocking the answer "
                    + "does (by the certificate, the server name or the server's address).",
                    evidence, "Look at the firewalls and IPS between the server and the client for drops of this "
                            + "connection's packets from the server (their logs and rules for TLS, certificates, server "
                            + "names or this address); a capture on the server's side shows the answer leaving it, and "
                            + "a client on another path getting through places the block on this one.");
        }
        return new Finding(Cause.SERVER_FLIGHT_LOST, Confidence.HIGH, lostWhat + " The "
                        + "server's full-size segments are lost on the way while small packets pass: a path-MTU black "
                        + "hole (a tunnel or VPN with a smaller MTU whose ICMP \"fragmentation needed\" messages are "
                        + "dropped) or a middlebox that drops large segments.",
                evidence,
                "Test the path MTU toward the client (tracepath, or ping -M do -s 1472 from the server's side), clamp "
                        + "the TCP MSS on the tunnel or VPN (iptables -j TCPMSS --clamp-mss-to-pmtu, a router's "
                        + "ip tcp adjust-mss), and let ICMP type 3 code 4 (ICMPv6 packet too big) back to the server; a "
                        + "client with a smaller MSS or MTU getting through confirms it.");
    }
}
