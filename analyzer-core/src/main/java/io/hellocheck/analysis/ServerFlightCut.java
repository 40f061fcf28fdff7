package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tcp.HalfStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The server's flight after its ServerHello stops in the middle of a record, and the client, having acknowledged every
 * byte of the server's that the capture holds, waited a second or more and closed: the rest of the record never came.
 * A TLS record is read whole before any of it is used (RFC 8446 section 5.2, RFC 5246 section 6.2), so the client
 * could not go on; it waited for the rest and its own timeout ended the handshake. Not a rejection: a client that
 * rejects the server's flight does so at once, with an alert (RFC 8446 section 6.2). The rest was lost between the
 * server and the client (a middlebox dropping the server's later segments, a path-MTU black hole), or the server
 * stopped sending in the middle of a record. Times are capture times in nanoseconds, lengths in bytes without the
 * record's header.
 */
final class ServerFlightCut {
    /** How the evidence line of server bytes held above a hole the client never acknowledged starts. */
    static final String HOLE = "the server's bytes come after a hole";
    /** How the evidence line at the cut record's frame starts. */
    static final String EVIDENCE = "the server's flight stops in the middle of a record";
    /** How the evidence line of a server flight the client never acknowledged, the server resending it, starts. */
    static final String UNACKED = "the client acknowledged none of the server's bytes";
    /** The least wait of the client after the server's last bytes that counts as waiting for the rest: 1 s. */
    static final long MIN_WAIT_NANOS = 1_000_000_000L;

    private static final int RECORD_HEADER_BYTES = 5;

    private ServerFlightCut() {
    }

    /**
     * The evidence line of a cut server record at the client's close, or null when the flight is not cut that way.
     *
     * @param server          the server's half of the connection
     * @param missing         bytes of the server's record being read that never arrived ({@code recordBytesMissing})
     * @param recordLength    that record's length
     * @param recordFrame     the frame of that record's header
     * @param recordNanos     that frame's capture time
     * @param lastDataNanos   the capture time of the server's last segment with payload
     * @param closeNanos      the capture time of the client's close
     */
    static Evidence atClose(HalfStream server, int missing, int recordLength, long recordFrame, long recordNanos,
                            long lastDataNanos, long closeNanos) {
        long waited = closeNanos - lastDataNanos;
        if (missing <= 0 || server.heldBytes() > 0 || server.ackedOffset() < server.streamOffset()
                || waited < MIN_WAIT_NANOS) {
            return null;
        }
        int whole = recordLength + RECORD_HEADER_BYTES;
        return new Evidence(recordFrame, recordNanos, EVIDENCE + ": " + (whole - missing) + " of this record's "
                + whole + " bytes (its header included) are in the capture and the rest never came; the client "
                + "acknowledged every byte of the server's it got and waited " + Texts.seconds(waited) + " for the rest before it closed");
    }

    /**
     * The evidence line of server bytes held above a hole that the client never acknowledged, at the client's close a
     * second or more after they came, or null: the server sent more than reached the client (the client's ACK stays
     * at the hole's start, Wireshark's "previous segment not captured" then a duplicate ACK with a SACK block).
     */
    static Evidence holeAtClose(HalfStream server, long closeNanos) {
        long held = server.firstHeldOffset();
        long waited = closeNanos - server.firstHeldTimeNanos();
        if (held < 0 || server.ackedOffset() > server.streamOffset() || waited < MIN_WAIT_NANOS) {
            return null;
        }
        return new Evidence(server.firstHeldFrame(), server.firstHeldTimeNanos(), HOLE + " of " + (held
                - server.streamOffset()) + " bytes that the client never acknowledged; the client waited "
                + Texts.seconds(waited) + " and closed");
    }

    /**
     * The evidence line at the client's close when the client acknowledged none of the server's bytes a second or more
     * after the ServerHello while the server sent them again, or null: the server's flight never reached the client
     * (a capture on the server's side or on the path; breaker4's srvside_drop.pcap: the client's FIN carries Ack=1,
     * the server's flight resent five times, curl "(28) Connection timed out").
     */
    static Evidence unackedAtClose(HalfStream server, long serverHelloNanos, long closeFrame, long closeNanos) {
        long waited = closeNanos - serverHelloNanos;
        if (server.ackedOffset() > 0 || server.streamOffset() <= 0 || server.retransmittedBytes() <= 0
                || waited < MIN_WAIT_NANOS) {
            return null;
        }
        return new Evidence(closeFrame, closeNanos, UNACKED + " (" + server.streamOffset() + " bytes from the "
                + "ServerHello on) while the server sent them again (" + server.retransmittedBytes() + " bytes resent); "
                + "the client waited " + Texts.seconds(waited) + " after the ServerHello and closed");
    }

    /** The end of the reason of a client's close on a cut flight ({@link #atClose}) at {@code frame}. */
    static String reason(long frame, long waitedNanos) {
        return " The server's flight stops in the middle of a record (frame " + frame + "): the client waited "
                + Texts.seconds(waitedNanos) + " for the rest and closed.";
    }

    /** The diagnosis of a handshake that ended on a cut server flight ({@link #atClose}), or null. */
    static Finding finding(ConnectionRecord r) {
        List<Evidence> cuts = Diagnoser.lastEvidence(r, EVIDENCE);
        List<Evidence> holes = Diagnoser.lastEvidence(r, HOLE);
        List<Evidence> unacked = Diagnoser.lastEvidence(r, UNACKED);
        if (cuts.isEmpty() && holes.isEmpty() && !unacked.isEmpty() && r.closedBy() != null) {
            return unackedFinding(r, unacked.get(0));
        }
        if (cuts.isEmpty() && !holes.isEmpty() && r.closedBy() != null) {
            return holeFinding(r, holes.get(0));
        }
        if (cuts.isEmpty() || r.closedBy() == null) {
            return null;
        }
        Evidence cut = cuts.get(0);
        List<Evidence> evidence = new ArrayList<>(Diagnoser.evidenceAt(r, r.serverHello() == null ? 0
                : r.serverHello().frame(), "ServerHello"));
        evidence.add(cut);
        evidence.addAll(Diagnoser.closeEvidence(r));
        evidence.sort(Comparator.comparingLong(Evidence::frame));
        String detail = cut.what().substring(EVIDENCE.length() + 2);
        return new Finding(Cause.SERVER_FLIGHT_LOST, Confidence.HIGH,
                "The server's flight stops in the middle of a record (frame " + cut.frame() + "): " + detail
                        + ". A TLS record is used only once whole, so the client could not go on, and its timeout "
                        + "ended the handshake: the end of the server's flight was lost on the way to the client (a "
                        + "middlebox or firewall dropping the server's later segments, a path-MTU black hole), or the "
                        + "server stopped sending. Not a rejection: a client rejects the server's flight at once, "
                        + "with an alert.",
                evidence,
                "Capture on the server's side as well: if the rest of the record leaves the server, look for what drops "
                        + "it on the path (firewall or IPS rules, a tunnel's MTU: tracepath, MSS clamping); if it does "
                        + "not, look at the server (its TLS stack or backend stalled while writing its flight).");
    }

    private static Finding holeFinding(ConnectionRecord r, Evidence hole) {
        List<Evidence> evidence = new ArrayList<>(List.of(hole));
        evidence.addAll(Diagnoser.closeEvidence(r));
        evidence.sort(Comparator.comparingLong(Evidence::frame));
        return new Finding(Cause.SERVER_FLIGHT_LOST, Confidence.HIGH,
                "The server answered, but part of what it sent never reached the client: its bytes in frame "
                        + hole.frame() + " come after a hole" + hole.what().substring(HOLE.length())
                        + ". Lost on the way to the "
                        + "client (a middlebox or firewall dropping the server's larger segments, a path-MTU black "
                        + "hole); the client's wait was a timeout, not a rejection of the server.",
                evidence,
                "Look for what drops the server's segments toward the client (firewall or IPS rules, a tunnel's MTU: "
                        + "tracepath, MSS clamping); a capture on the server's side shows what it sent.");
    }

    private static Finding unackedFinding(ConnectionRecord r, Evidence unacked) {
        List<Evidence> evidence = new ArrayList<>(Diagnoser.evidenceAt(r, r.serverHello() == null ? 0
                : r.serverHello().frame(), "ServerHello"));
        evidence.add(unacked);
        evidence.sort(Comparator.comparingLong(Evidence::frame));
        return new Finding(Cause.SERVER_FLIGHT_LOST, Confidence.HIGH,
                "The server's flight never reached the client: " + unacked.what() + " (frame " + unacked.frame()
                        + "). TCP acknowledges every segment that arrives, so none of the server's answer (its "
                        + "ServerHello, certificate and the rest) got to the client, which timed out waiting for it; "
                        + "not a rejection by the client, which never saw what it would reject.",
                evidence,
                "Look at the path from the server to the client: firewalls and IPS dropping the server's segments "
                        + "(by size, certificate or server name) while small packets pass, a tunnel or link whose MTU "
                        + "the server's full-size segments exceed (tracepath, MSS clamping); not at the client's trust "
                        + "store or certificate checks.");
    }
}
