package io.hellocheck.report.html;

import io.hellocheck.analysis.CipherOverlap;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.TcpFacts;
import io.hellocheck.profile.ProfileMatch;
import io.hellocheck.report.TextReport;
import io.hellocheck.report.Times;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the page shows of one connection record: its outcome (the name as the record gives it), endpoints,
 * reason, ranked causes with next steps, cipher-suite overlap, Wireshark display filter, and either its ladder
 * (a failed handshake) or its evidence as a list.
 *
 * @param outcome    the outcome's name ("SERVER_RESET")
 * @param failed     whether it counts as a failed handshake
 * @param stream     "tcp.stream 3", "QUIC udp.stream 2" (or "filtered stream 3", "QUIC filtered stream 2" when a
 *                   BPF filter renumbered the connections): {@link TextReport#stream}
 * @param client     the client's address and port
 * @param server     the server's address and port
 * @param startTime  ISO-8601 UTC time of its first frame
 * @param reason     the outcome's sentence
 * @param serverName the SNI, or null
 * @param ladder     the ladder diagram of a failed handshake, else null
 * @param evidence   the evidence entries of a handshake that did not fail (a failed one has them in its ladder)
 * @param causes     the diagnosis, most likely first
 * @param overlap    the cipher-suite overlap, one line per source
 * @param tcp        what TCP shows beyond the evidence: the server's ACK of part of the ClientHello,
 *                   retransmissions, segments out of order, one line each
 * @param filter     the Wireshark display filter selecting the connection
 * @param causeIds   the diagnosis' cause ids, space-separated (what the page's filter matches)
 */
public record RecordView(String outcome, boolean failed, String stream, String client, String server,
                         String startTime, String reason, String serverName, LadderView ladder,
                         List<EvidenceRow> evidence, List<CauseView> causes, List<String> overlap,
                         List<String> tcp, String filter,
                         String causeIds) {

    public RecordView {
        evidence = List.copyOf(evidence);
        causes = List.copyOf(causes);
        overlap = List.copyOf(overlap);
        tcp = List.copyOf(tcp);
    }

    /**
     * One evidence entry as a row.
     *
     * @param frame frame number (from 1)
     * @param time  "+0.573 ms" from the connection's first packet
     * @param what  the fact
     */
    public record EvidenceRow(long frame, String time, String what) {
    }

    /**
     * One ranked cause.
     *
     * @param cause       its id ("no_shared_cipher_suite")
     * @param confidence  "high", "medium" or "low"
     * @param explanation one sentence
     * @param nextStep    what to check or try next
     */
    public record CauseView(String cause, String confidence, String explanation, String nextStep) {
    }

    /** The view of a record; {@code failed} decides between a ladder and an evidence list. */
    public static RecordView of(ConnectionRecord r, boolean failed) {
        List<EvidenceRow> rows = new ArrayList<>();
        if (!failed) {
            for (Evidence e : r.evidence()) {
                String time = LadderView.sinceStart(e.timeNanos() - r.startTimeNanos());
                rows.add(new EvidenceRow(e.frame(), time, e.what()));
            }
        }
        List<CauseView> causes = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Finding f : r.diagnosis()) {
            causes.add(new CauseView(f.cause().id(), f.confidence().label(), f.explanation(), f.nextStep()));
            ids.add(f.cause().id());
        }
        String sni = r.clientHello() != null && r.clientHello().hello() != null
                ? r.clientHello().hello().serverName() : null;
        String stream = TextReport.stream(r);
        return new RecordView(r.outcome().name(), failed, stream, r.client().toString(), r.server().toString(),
                Times.iso(r.startTimeNanos(), r.timeDigits()), r.outcomeReason(), sni,
                failed ? LadderView.of(r, stream) : null, rows, causes, overlap(r.cipherOverlap()), tcp(r.tcp()),
                r.wiresharkFilter(), String.join(" ", ids));
    }

    /** The TCP facts worth a line: ClientHello ACKed in part or not at all, retransmissions, reordering. */
    static List<String> tcp(TcpFacts t) {
        List<String> lines = new ArrayList<>();
        if (t == null) {
            return lines;
        }
        if ("partial".equals(t.clientHelloAcked())) {
            lines.add("the server ACKed only part of the ClientHello: frames " + frames(t.clientHelloAckedFrames())
                    + " ACKed, " + frames(t.clientHelloUnackedFrames()) + " not");
        } else if ("none".equals(t.clientHelloAcked())) {
            lines.add("the server never ACKed the ClientHello (frames " + frames(t.clientHelloUnackedFrames()) + ")");
        }
        if (t.clientRetransmittedBytes() + t.serverRetransmittedBytes() > 0) {
            lines.add("retransmitted: " + t.clientRetransmittedBytes() + " bytes from the client, "
                    + t.serverRetransmittedBytes() + " from the server");
        }
        if (t.outOfOrderSegments() > 0) {
            lines.add(t.outOfOrderSegments() + " segment" + (t.outOfOrderSegments() == 1 ? "" : "s")
                    + " out of order");
        }
        TcpFacts.LostServerBytes lost = t.serverBytesLost();
        if (lost != null) {
            lines.add("the first " + lost.bytes() + " bytes of the server's answer never reached the client (frames "
                    + frames(List.of(Math.min(lost.frameAfter(), lost.clientAckFrame()),
                            Math.max(lost.frameAfter(), lost.clientAckFrame()))) + ")");
        }
        return lines;
    }

    private static String frames(List<Long> frames) {
        List<String> numbers = new ArrayList<>();
        frames.forEach(f -> numbers.add(String.valueOf(f)));
        return numbers.isEmpty() ? "none" : String.join(", ", numbers);
    }

    /** The overlap's sources, as the text report words them; empty without a ClientHello. */
    static List<String> overlap(CipherOverlap o) {
        List<String> lines = new ArrayList<>();
        if (o == null) {
            return lines;
        }
        if (o.completedHandshakes() > 0) {
            lines.add("offered suites this server chose in " + o.completedHandshakes() + " completed handshake"
                    + (o.completedHandshakes() == 1 ? "" : "s") + ": " + suites(o.offeredAndAccepted()));
        } else {
            lines.add("no completed handshake with this server in the capture to compare with");
        }
        if (o.userProfile() != null) {
            lines.add("offered suites in the server profile " + o.userProfile().profile().source().reference() + ": "
                    + suites(o.userProfile().commonSuites()));
        }
        if (o.likelyChoice() >= 0) {
            lines.add("the server would most likely choose " + TlsNames.cipherSuite(o.likelyChoice()));
        }
        if (!o.builtinProfiles().isEmpty()) {
            List<String> counts = new ArrayList<>();
            for (ProfileMatch m : o.builtinProfiles()) {
                counts.add(m.profile().id() + " " + m.usableSuites().size());
            }
            lines.add("offered suites usable with built-in server profiles: " + String.join(", ", counts));
        }
        if (!o.offeredInsecure().isEmpty()) {
            lines.add("insecure suites offered: " + suites(o.offeredInsecure()));
        }
        if (!o.offeredWeak().isEmpty()) {
            lines.add("weak suites offered: " + suites(o.offeredWeak()));
        }
        return lines;
    }

    private static String suites(List<Integer> codes) {
        if (codes.isEmpty()) {
            return "none";
        }
        List<String> names = new ArrayList<>();
        codes.forEach(c -> names.add(TlsNames.cipherSuite(c)));
        return String.join(", ", names);
    }
}
