package io.hellocheck.report.html;

import io.hellocheck.analysis.Cause;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.HelloInfo;
import io.hellocheck.analysis.TcpFacts;
import io.hellocheck.report.html.LadderLayout.Direction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the ladder template draws for one connection record: one arrow per evidence entry, in the record's
 * order, placed by {@link LadderLayout}, each labelled with its frame number, what it is and its time from
 * the connection's first packet.
 *
 * @param height     the picture's height ({@link LadderLayout} has the other measures)
 * @param outcome    the outcome's name, the title's first words
 * @param subject    the rest of the title: the connection ("tcp.stream 0 in no-response.pcap")
 * @param client     the client's name ("client 127.0.0.1:60636")
 * @param server     the server's name
 * @param arrows     one per evidence entry
 * @param breaks     the long silences
 * @param lifelines  the pieces of each lifeline
 * @param legend     what the marks used in this ladder mean, one line each
 */
public record LadderView(int height, String outcome, String subject, String client, String server,
                         List<ArrowView> arrows, List<BreakView> breaks, List<LadderLayout.Segment> lifelines,
                         List<String> legend) {

    /** Longest arrow label, in characters; the whole text is the arrow's tooltip. */
    static final int LABEL_CHARS = 100;

    /** The name of the mark of a reset injected on the path. */
    static final String INJECTED = "injected";

    public LadderView {
        arrows = List.copyOf(arrows);
        breaks = List.copyOf(breaks);
        lifelines = List.copyOf(lifelines);
        legend = List.copyOf(legend);
    }

    /**
     * One arrow.
     *
     * @param geometry where it is
     * @param cssClass "arrow" and its kind's and marks' classes ("arrow rst injected")
     * @param frame    "frame 6"
     * @param time     "+0.573 ms" from the connection's first packet
     * @param label    what it is, at most {@link #LABEL_CHARS} characters
     * @param title    the whole text, with frame and time (the tooltip)
     * @param fromPath whether it starts on the path (an injected reset): the template marks its start
     */
    public record ArrowView(LadderLayout.Arrow geometry, String cssClass, String frame, String time, String label,
                            String title, boolean fromPath) {
    }

    /**
     * A long silence.
     *
     * @param geometry where it is
     * @param label    "3.940 s later"
     */
    public record BreakView(LadderLayout.Break geometry, String label) {
    }

    /**
     * The ladder of a record's evidence.
     *
     * @param stream the connection's name in the capture ("tcp.stream 0")
     */
    public static LadderView of(ConnectionRecord r, String stream) {
        List<Evidence> evidence = r.evidence();
        List<Direction> directions = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        boolean[] injected = new boolean[evidence.size()];
        for (int i = 0; i < evidence.size(); i++) {
            Evidence e = evidence.get(i);
            injected[i] = injectedReset(r, e);
            directions.add(injected[i] ? Direction.PATH_TO_CLIENT : EvidenceKind.direction(e.what()));
            times.add(e.timeNanos());
        }
        LadderLayout.Ladder ladder = LadderLayout.layout(directions, times);
        Set<String> marks = new LinkedHashSet<>();
        List<ArrowView> arrows = new ArrayList<>();
        for (int i = 0; i < evidence.size(); i++) {
            Evidence e = evidence.get(i);
            EvidenceKind kind = EvidenceKind.of(e.what());
            StringBuilder css = new StringBuilder("arrow ").append(kind.cssClass());
            if (directions.get(i) == Direction.NOTE) {
                css.append(" note");
                marks.add("note");
            }
            if (EvidenceKind.retransmission(e.what())) {
                css.append(" retransmission");
                marks.add("retransmission");
            }
            if (EvidenceKind.outOfOrder(e.what())) {
                css.append(" out-of-order");
                marks.add("out-of-order");
            }
            if (injected[i]) {
                css.append(' ').append(INJECTED);
                marks.add(INJECTED);
            }
            String text = e.what() + details(r, e, kind) + (injected[i] ? " (likely injected on the path)" : "");
            String frame = "frame " + e.frame();
            String time = sinceStart(e.timeNanos() - r.startTimeNanos());
            arrows.add(new ArrowView(ladder.arrows().get(i), css.toString(), frame, time, shorten(text),
                    frame + ", " + time + ": " + text, injected[i]));
        }
        List<BreakView> breaks = new ArrayList<>();
        for (LadderLayout.Break b : ladder.breaks()) {
            breaks.add(new BreakView(b, duration(b.durationNanos()) + " later"));
        }
        String file = r.capture().substring(r.capture().lastIndexOf('/') + 1);
        return new LadderView(ladder.height(), r.outcome().name(), stream + " in " + file, "client " + r.client(),
                "server " + r.server(), arrows, breaks, ladder.lifelines(), legend(marks));
    }

    /**
     * What the record adds to an entry: a ClientHello's segments (the first's or the second's) unless its text
     * counts them, whether the server's ACK covered the whole ClientHello or part of it.
     */
    private static String details(ConnectionRecord r, Evidence e, EvidenceKind kind) {
        for (HelloInfo h : new HelloInfo[] {r.clientHello(), r.retryClientHello()}) {
            if (kind == EvidenceKind.CLIENT_HELLO && h != null && h.frame() == e.frame()
                    && !e.what().contains("segment")) {
                int n = h.frames().size();
                return n == 1 ? ", 1 segment" : ", " + n + " segments";
            }
        }
        TcpFacts tcp = r.tcp();
        if (kind == EvidenceKind.ACK && tcp != null && tcp.clientHelloAcked() != null
                && e.what().contains("ClientHello")) {
            int acked = tcp.clientHelloAckedFrames().size();
            int all = acked + tcp.clientHelloUnackedFrames().size();
            return switch (tcp.clientHelloAcked()) {
                case "all" -> " (whole)";
                case "partial" -> " (partial: " + acked + " of " + all + " segments)";
                default -> "";
            };
        }
        return "";
    }

    /** Whether the entry is the server's RST that the diagnosis judges injected on the path. */
    private static boolean injectedReset(ConnectionRecord r, Evidence e) {
        if (r.tcp() == null || r.tcp().serverReset() == null || r.tcp().serverReset().frame() != e.frame()
                || EvidenceKind.of(e.what()) != EvidenceKind.RST
                || EvidenceKind.direction(e.what()) != Direction.SERVER_TO_CLIENT) {
            return false;
        }
        for (Finding f : r.diagnosis()) {
            if (f.cause() == Cause.INJECTED_RESET) {
                return true;
            }
        }
        return false;
    }

    private static List<String> legend(Set<String> marks) {
        List<String> lines = new ArrayList<>();
        for (String m : marks) {
            lines.add(switch (m) {
                case "retransmission" -> "dashed: a retransmission";
                case "out-of-order" -> "dotted: a segment out of order";
                case INJECTED -> "red, from the middle: a reset likely injected on the path (a middlebox), not sent by"
                        + " the server";
                default -> "grey, no head: a fact about the connection, not a packet";
            });
        }
        return lines;
    }

    private static String shorten(String text) {
        return text.length() <= LABEL_CHARS ? text : text.substring(0, LABEL_CHARS - 1) + "\u2026";
    }

    /** "+0.573 ms" under a second, "+3.940 s" from there. */
    static String sinceStart(long nanos) {
        return "+" + duration(nanos);
    }

    /** "0.573 ms" under a second, "3.940 s" from there. */
    static String duration(long nanos) {
        return Math.abs(nanos) < 1_000_000_000L ? String.format(Locale.ROOT, "%.3f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
