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
    /** How the evidence line at the cut record's frame starts. */
    static final String EVIDENCE = "the server's flight stops in the middle of a record";
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

    /** The end of the reason of a client's close on a cut flight ({@link #atClose}) at {@code frame}. */
    static String reason(long frame, long waitedNanos) {
        return " The server's flight stops in the middle of a record (frame " + frame + "): the client waited "
                + Texts.seconds(waitedNanos) + " for the rest and closed.";
    }

    /** The diagnosis of a handshake that ended on a cut server flight ({@link #atClose}), or null. */
    static Finding finding(ConnectionRecord r) {
        List<Evidence> cuts = Diagnoser.lastEvidence(r, EVIDENCE);
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
}
