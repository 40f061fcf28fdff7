package io.hellocheck.report;

import com.github.freva.asciitable.AsciiTable;
import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.HorizontalAlign;
import com.github.freva.asciitable.OverflowBehaviour;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureSummary;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.analysis.AlertInfo;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.ServerFlight;
import io.hellocheck.tls.CertificateInfo;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.HelloInfo;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.analysis.ServerRecord;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.batch.InputError;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The human-readable report of one capture, at most 100 columns wide: counts by outcome, one block per
 * failed handshake with its evidence and offered cipher suites, then a table of the other handshakes
 * (rendered with freva's ascii-table).
 */
public final class TextReport {
    /** Width the report fits in, in characters. */
    public static final int WIDTH = 100;

    /** Joins words {@link #wrapLine} keeps on one line; written out as a plain space. */
    private static final char NBSP = '\u00a0';

    static {
        // ascii-table names no module and is read from the class path (module-info.java): on the module path, this
        // module reads the class path's unnamed module from here, so that a modular application's text report
        // needs no --add-reads (a no-op on the class path, where this module is itself unnamed)
        Module self = TextReport.class.getModule();
        ClassLoader loader = TextReport.class.getClassLoader();
        if (self.isNamed() && loader != null) {
            self.addReads(loader.getUnnamedModule());
        }
    }

    private TextReport() {
    }

    /**
     * Renders one capture.
     *
     * @param onlyFailures whether to leave out the table of handshakes that did not fail
     */
    public static String render(CaptureResult result, boolean onlyFailures) {
        StringBuilder out = new StringBuilder();
        body(out, result, onlyFailures, "Handshakes", "Other handshakes");
        return out.toString();
    }

    /**
     * The header lines, the failed handshakes, what differs, then the table of the other handshakes titled
     * {@code allTitle} (when none failed) or {@code otherTitle}.
     */
    private static void body(StringBuilder out, CaptureResult result, boolean onlyFailures, String allTitle,
                             String otherTitle) {
        CaptureSummary s = result.summary();
        out.append("== ").append(s.capture()).append('\n');
        out.append("   ").append(s.format()).append(", ").append(count(s.frames(), "frame", "frames")).append(", ")
                .append(count(s.tcpConnections(), "TCP connection", "TCP connections")).append(", ")
                .append(count(s.connectionRecords(), "connection record", "connection records")).append('\n');
        wrap(out, "   ", "outcomes: " + outcomes(s.outcomes()));
        if (s.filteredOut() > 0) {
            out.append("   ").append(s.filteredOut() == s.frames() ? "every frame" : count(s.filteredOut(), "frame",
                    "frames")).append(" left out by --filter\n");
        }
        long quic = s.frameKinds().getOrDefault("UDP_QUIC", 0L);
        long dtls = s.frameKinds().getOrDefault("UDP_DTLS", 0L);
        if (quic + dtls > 0) {
            out.append(String.format(Locale.ROOT, "   UDP: %,d QUIC (UDP 443) and %,d DTLS frames%n", quic, dtls));
        }
        if (!s.unsupportedLinkTypes().isEmpty()) {
            out.append("   frames of link types not decoded: ").append(s.unsupportedLinkTypes()).append('\n');
        }
        for (CaptureWarning w : result.warnings()) {
            wrap(out, "   ", "warning: " + w.message());
        }
        List<ConnectionRecord> rest = new ArrayList<>();
        List<ConnectionRecord> undecided = new ArrayList<>();
        for (ConnectionRecord c : result.connections()) {
            if (c.failed()) {
                out.append('\n');
                failure(out, c);
            } else if (c.outcome() == Outcome.INCONCLUSIVE) {
                undecided.add(c);
            } else {
                rest.add(c);
            }
        }
        undecided(out, undecided);
        differences(out, result.servers());
        if (!onlyFailures && !rest.isEmpty()) {
            // "other" only when failed handshakes were listed above
            out.append('\n').append(rest.size() < result.connections().size() ? otherTitle : allTitle).append('\n');
            appendTable(out, table(rest));
        }
        completedWithFindings(out, rest);
    }

    /**
     * The completed handshakes that carry a finding (a certificate the client most likely refused after the
     * handshake), also under {@code --only-failures}: they are no failed handshake (CONTRACT.md), but the
     * application behind them most likely failed.
     */
    private static void completedWithFindings(StringBuilder out, List<ConnectionRecord> rest) {
        boolean title = false;
        for (ConnectionRecord c : rest) {
            if (c.outcome() != Outcome.COMPLETED || c.diagnosis().isEmpty()) {
                continue;
            }
            if (!title) {
                out.append("\nCompleted handshakes with a finding\n");
                title = true;
            }
            out.append("  ").append(c.udp() == null ? "tcp.stream " + c.tcpStream() : "udp.stream "
                    + c.udp().udpStream()).append(' ').append(c.client()).append(" -> ").append(c.server()).append('\n');
            for (Finding f : c.diagnosis()) {
                wrapLine(out, "    [" + f.confidence().label() + "] " + f.cause().id() + ": " + f.explanation(),
                        "      ");
                wrapLine(out, "      next: " + f.nextStep(), "            ");
            }
        }
    }

    /**
     * Per server with failed handshakes: the ClientHello properties that separate its failures from its
     * completed handshakes ({@link ServerRecord.Difference#finding()}) and the retries that then completed.
     */
    private static void differences(StringBuilder out, List<ServerRecord> servers) {
        boolean title = false;
        for (ServerRecord s : servers) {
            List<String> lines = new ArrayList<>();
            for (ServerRecord.Difference d : s.differences()) {
                if (d.finding() != null) {
                    lines.add(d.finding());
                }
            }
            for (ServerRecord.Retry r : s.retries()) {
                String changes = r.differences().isEmpty() ? "" : ": " + String.join("; ", r.differences());
                lines.add(r.otherClientJa4() == null
                        ? "tcp.stream " + r.failedStream() + " (" + r.failedOutcome() + ") was retried by tcp.stream "
                        + r.completedStream() + " " + after(r.afterNanos()) + " later, which completed" + changes
                        : "tcp.stream " + r.failedStream() + " (" + r.failedOutcome() + ") failed; another client (JA4 "
                        + r.otherClientJa4() + ") from the same address completed in tcp.stream " + r.completedStream()
                        + " " + after(r.afterNanos()) + " later" + changes);
            }
            if (lines.isEmpty()) {
                continue;
            }
            if (!title) {
                out.append("\nWhat differs from the handshakes that worked\n");
                title = true;
            }
            out.append("  ").append(s.server()).append(" (").append(s.failed()).append(" failed, ")
                    .append(s.completed()).append(" completed)\n");
            for (String line : lines) {
                wrapLine(out, "    - " + line, "      ");
            }
        }
    }

    /**
     * "certificate  frame 12  CN=www.example.com, issued by CN=R3,O=Let's Encrypt,C=US (2 sent), expired": the
     * server's leaf certificate as sent in clear, with its issuer.
     */
    private static void certificate(StringBuilder out, ConnectionRecord c) {
        ServerFlight f = c.serverFlight();
        if (f == null || f.certificates().isEmpty()) {
            return;
        }
        CertificateInfo leaf = f.certificates().get(0);
        if (leaf.parseError() != null) {
            wrap(out, "  ", "certificate  frame " + f.certificateFrame() + "  unreadable (" + leaf.parseError() + ")");
            return;
        }
        long at = f.certificateTimeNanos();
        wrap(out, "  ", "certificate  frame " + f.certificateFrame() + "  " + leaf.subject() + ", issued by "
                + leaf.issuer() + " (" + f.certificateCount() + " sent)"
                + (leaf.selfSigned() ? ", self-signed" : "") + (leaf.expiredAt(at) ? ", expired"
                : leaf.notYetValidAt(at) ? ", not yet valid" : ""));
    }

    /**
     * The connections the capture cannot decide, each with its reason: shown also with --only-failures, since
     * an undecided connection may hide a failure (one-sided capture, snaplen, capture ended too soon).
     */
    private static void undecided(StringBuilder out, List<ConnectionRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        out.append("\nUndecided (INCONCLUSIVE): the capture cannot tell what the server did\n");
        for (ConnectionRecord c : records) {
            wrapLine(out, "  " + stream(c) + "  " + c.client() + " -> " + c.server() + ": " + c.outcomeReason(),
                    "      ");
        }
    }

    /**
     * A record's stream as Wireshark names it: {@code tcp.stream N}, or {@code QUIC udp.stream N} /
     * {@code DTLS udp.stream N}; with a BPF filter, whose index counts only the kept connections (not Wireshark's),
     * {@code filtered stream N}, {@code QUIC filtered stream N} or {@code DTLS filtered stream N} (TCP and UDP are
     * numbered apart).
     */
    public static String stream(ConnectionRecord c) {
        boolean filtered = !c.wiresharkFilter().startsWith(c.udp() == null ? "tcp.stream" : "udp.stream");
        String transport = c.udp() == null ? "" : c.transport().toUpperCase(Locale.ROOT) + " ";
        return transport + (filtered ? "filtered stream " : c.udp() == null ? "tcp.stream " : "udp.stream ")
                + (c.udp() == null ? c.tcpStream() : c.udp().udpStream());
    }

    private static void closed(StringBuilder out, ConnectionRecord c) {
        out.append("  closed       frame ").append(c.closedBy().frame()).append("  ")
                .append(c.closedBy().how()).append(" from ").append(c.closedBy().side().label()).append('\n');
    }

    /** "850 ms", "12.3 s". */
    private static String after(long nanos) {
        return nanos < 1_000_000_000L ? String.format(Locale.ROOT, "%d ms", nanos / 1_000_000)
                : String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /**
     * A capture damaged after its start, analyzed as if it ended just before the damage: as {@link #render}
     * (the header lines, with the frames and connections read before the damage, the failed handshakes, what
     * differs, the table of the other handshakes "before the error"), then the error with its hint.
     *
     * @param partial      what was analyzed before the damage, with the capture's connection records
     * @param onlyFailures whether to leave out the table of handshakes that did not fail
     */
    public static String renderPartial(CaptureResult partial, InputError error, boolean onlyFailures) {
        StringBuilder out = new StringBuilder();
        body(out, partial, onlyFailures, "Handshakes before the error", "Other handshakes before the error");
        out.append('\n');
        wrap(out, "   ", "error: " + error.message() + "; " + error.hint());
        return out.toString();
    }

    /**
     * A capture that failed after some of its records were decided, when its summary is not known (an internal
     * error): its name, the error, the failed handshakes found before it, then, as in {@link #render}, the table
     * of the other handshakes. {@link #renderPartial(CaptureResult, InputError, boolean)} also has the header
     * lines.
     *
     * @param onlyFailures whether to leave out the table of handshakes that did not fail
     */
    public static String renderPartial(String capture, List<ConnectionRecord> records, InputError error,
                                       boolean onlyFailures) {
        StringBuilder out = new StringBuilder();
        out.append("== ").append(capture).append('\n');
        wrap(out, "   ", "error: " + error.message() + "; " + error.hint());
        List<ConnectionRecord> rest = new ArrayList<>();
        for (ConnectionRecord c : records) {
            if (c.failed()) {
                out.append('\n');
                failure(out, c);
            } else {
                rest.add(c);
            }
        }
        if (!onlyFailures && !rest.isEmpty()) {
            out.append('\n').append(rest.size() < records.size() ? "Other handshakes before the error\n"
                    : "Handshakes before the error\n");
            appendTable(out, table(rest));
        }
        return out.toString();
    }

    /**
     * "2 with errors"; with captures damaged after their start, whose frames, connections and records before
     * the damage are in the totals: "1 capture with errors (counted up to the error), 2 other inputs with
     * errors".
     */
    private static String errors(BatchSummary s) {
        int damaged = s.capturesWithErrors();
        if (damaged == 0) {
            return String.format(Locale.ROOT, "%,d", s.errors()) + " with errors";
        }
        int others = s.errors() - damaged;
        return count(damaged, "capture", "captures") + " with errors (counted up to the error)"
                + (others == 0 ? "" : ", " + count(others, "other input", "other inputs") + " with errors");
    }

    /** Rows of the per-server and per-client tables shown; the JSON summary has them all. */
    public static final int SUMMARY_ROWS = 20;

    /**
     * The summary over a whole batch: totals and outcomes, the servers and the client configurations with
     * the most failures, and the files with errors.
     */
    public static String batchSummary(BatchSummary s) {
        StringBuilder out = new StringBuilder();
        out.append("== Summary\n");
        wrap(out, "   ", count(s.captures(), "capture", "captures") + " analyzed, " + errors(s)
                + (s.skippedFiles() == 0 ? "" : ", " + count(s.skippedFiles(), "file", "files")
                + (s.skippedFiles() == 1 ? " skipped as not a capture" : " skipped as not captures")));
        wrap(out, "   ", count(s.frames(), "frame", "frames") + ", "
                + count(s.tcpConnections(), "TCP connection", "TCP connections") + ", "
                + count(s.connectionRecords(), "connection record", "connection records") + ", "
                + count(s.failedHandshakes(), "failed handshake", "failed handshakes")
                + (s.completedWithFindings() == 0 ? "" : ", " + count(s.completedWithFindings(),
                        "completed handshake with a finding", "completed handshakes with a finding")));
        wrap(out, "   ", "outcomes: " + outcomes(s.outcomes()));
        if (!s.servers().isEmpty()) {
            out.append("\nServers, most failures first\n");
            List<BatchSummary.ServerTotals> rows = s.servers().subList(0, Math.min(SUMMARY_ROWS, s.servers().size()));
            Function<BatchSummary.ServerTotals, String> server = r -> r.server().toString();
            Function<BatchSummary.ServerTotals, String> records = r -> String.valueOf(r.connections());
            Function<BatchSummary.ServerTotals, String> completed = r -> String.valueOf(r.completed());
            Function<BatchSummary.ServerTotals, String> failed = r -> String.valueOf(r.failed());
            int causesWidth = lastColumnWidth(widest(rows, "server", server, 24), widest(rows, "records", records, 12),
                    widest(rows, "completed", completed, 12), widest(rows, "failed", failed, 12));
            appendTable(out, AsciiTable.getTable(AsciiTable.BASIC_ASCII_NO_DATA_SEPARATORS_NO_OUTSIDE_BORDER, rows, List.of(
                    new Column().header("server").maxWidth(24, OverflowBehaviour.NEWLINE)
                            .dataAlign(HorizontalAlign.LEFT).with(server),
                    new Column().header("records").dataAlign(HorizontalAlign.RIGHT).with(records),
                    new Column().header("completed").dataAlign(HorizontalAlign.RIGHT).with(completed),
                    new Column().header("failed").dataAlign(HorizontalAlign.RIGHT).with(failed),
                    new Column().header("top causes of failure").maxWidth(causesWidth, OverflowBehaviour.NEWLINE)
                            .dataAlign(HorizontalAlign.LEFT).with(r -> causes(r.topCauses(), r.failed())))));
            int more = s.servers().size() - rows.size() + s.serversNotListed();
            if (more > 0) {
                out.append("   ... and ").append(count(more, "more server", "more servers"))
                        .append("; --format json lists them\n");
            }
        }
        if (!s.clients().isEmpty()) {
            out.append("\nClients by ").append(switch (s.clientKeyKind()) {
                case "ja4" -> "JA4 fingerprint";
                case "suites_versions" -> "offered cipher suites and versions";
                default -> s.clientKeyKind() + " key";
            }).append(", most failures first\n");
            List<BatchSummary.ClientTotals> rows = s.clients().subList(0, Math.min(SUMMARY_ROWS, s.clients().size()));
            // "failed" as "2 of 5" (failed of all records) leaves the causes room for a whole outcome name
            Function<BatchSummary.ClientTotals, String> key = BatchSummary.ClientTotals::key;
            Function<BatchSummary.ClientTotals, String> offers = TextReport::offers;
            Function<BatchSummary.ClientTotals, String> failed = r -> r.failed() + " of " + r.connections();
            int causesWidth = lastColumnWidth(widest(rows, "client key", key, 40), widest(rows, "offers", offers, 24),
                    widest(rows, "failed", failed, 16));
            appendTable(out, AsciiTable.getTable(AsciiTable.BASIC_ASCII_NO_DATA_SEPARATORS_NO_OUTSIDE_BORDER, rows, List.of(
                    new Column().header("client key").maxWidth(40, OverflowBehaviour.NEWLINE)
                            .dataAlign(HorizontalAlign.LEFT).with(key),
                    new Column().header("offers").maxWidth(24, OverflowBehaviour.NEWLINE)
                            .dataAlign(HorizontalAlign.LEFT).with(offers),
                    new Column().header("failed").dataAlign(HorizontalAlign.RIGHT).with(failed),
                    new Column().header("top causes of failure").maxWidth(causesWidth, OverflowBehaviour.NEWLINE)
                            .dataAlign(HorizontalAlign.LEFT).with(r -> causes(r.topCauses(), r.failed())))));
            int more = s.clients().size() - rows.size() + s.clientsNotListed();
            if (more > 0) {
                out.append("   ... and ").append(count(more, "more client key", "more client keys"))
                        .append("; --format json lists them\n");
            }
        }
        if (!s.errorList().isEmpty()) {
            out.append("\nFiles with errors\n");
            for (InputError e : s.errorList()) {
                wrap(out, "  ", e.capture() + ": " + e.message()
                        + (e.byteOffset() < 0 || e.message().contains("offset") ? ""
                        : " (byte offset " + e.byteOffset() + ")"));
            }
            if (s.errorsNotListed() > 0) {
                out.append("  ... and ").append(s.errorsNotListed()).append(" more\n");
            }
        }
        return out.toString();
    }

    /** One cause a line, with its count ("SERVER_ALERT handshake_failure (40) from server: 3"); none: empty. */
    private static String causes(List<BatchSummary.Cause> causes, long failed) {
        List<String> lines = new ArrayList<>();
        for (BatchSummary.Cause c : causes) {
            // "from server: 3" is not parted when the cell wraps
            lines.add(c.cause().replace(" from ", " from" + NBSP) + ":" + NBSP + c.count());
        }
        long other = BatchSummary.Cause.notListed(failed, causes);
        if (other > 0) {
            lines.add("other:" + NBSP + other);
        }
        // the table keeps line breaks given in a cell, and wraps each line at spaces
        return String.join(System.lineSeparator(), lines);
    }

    /** "TLSv1.0-1.3, 31 suites", "TLSv1.2, 1 suite". */
    private static String offers(BatchSummary.ClientTotals c) {
        long suites = c.cipherSuites().stream().filter(x -> !TlsNames.isGrease(x)).count();
        return versionRange(c.versions()) + ", " + count(suites, "suite", "suites");
    }

    /**
     * The versions offered, a run of consecutive versions as its ends ("TLSv1.0-1.3", "SSLv3-TLSv1.2"), else
     * each from the highest down ("TLSv1.3 TLSv1.1").
     */
    public static String versionRange(List<Integer> versions) {
        List<Integer> v = versions.stream().filter(x -> !TlsNames.isGrease(x)).distinct().sorted().toList();
        if (v.isEmpty()) {
            return "no version";
        }
        int low = v.get(0);
        int high = v.get(v.size() - 1);
        boolean run = v.size() > 1 && high - low == v.size() - 1 && low >= 0x0300 && high <= 0x0304;
        if (run) {
            String lowName = TlsNames.version(low);
            String highName = TlsNames.version(high);
            return lowName + "-" + (lowName.startsWith("TLSv") ? highName.substring("TLSv".length()) : highName);
        }
        List<String> names = new ArrayList<>();
        for (int i = v.size() - 1; i >= 0; i--) {
            names.add(TlsNames.version(v.get(i)));
        }
        return String.join(" ", names);
    }

    /**
     * Width of a column's text: its widest cell or header, at most what a column of {@code maxWidth} (ascii-table's
     * width, the padding included) holds.
     */
    private static <T> int widest(List<T> rows, String header, Function<T, String> cell, int maxWidth) {
        int width = header.length();
        for (T row : rows) {
            for (String line : cell.apply(row).split("\\R")) {
                width = Math.max(width, line.length());
            }
        }
        return Math.min(width, maxWidth - 2);
    }

    /**
     * The maximum width (ascii-table's, the padding included) of a table's last column so that its lines fit in
     * {@link #WIDTH}, given the text widths of the other columns: each is padded by a space on either side and
     * followed by a '|'.
     */
    private static int lastColumnWidth(int... otherWidths) {
        int used = 0;
        for (int w : otherWidths) {
            used += w + 3;
        }
        return Math.max(20, WIDTH - used);
    }

    /** A table's lines, without trailing blanks, the words a {@link #NBSP} held together parted by a space. */
    private static void appendTable(StringBuilder out, String table) {
        table.lines().forEach(l -> out.append(l.replace(NBSP, ' ').stripTrailing()).append('\n'));
    }

    private static String outcomes(Map<Outcome, ? extends Number> m) {
        if (m.isEmpty()) {
            return "no TLS handshake found";
        }
        StringBuilder sb = new StringBuilder();
        for (Outcome o : Outcome.values()) {
            Number n = m.get(o);
            if (n != null && n.longValue() > 0) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(o.name()).append(NBSP).append(n);
            }
        }
        return sb.toString();
    }

    private static void failure(StringBuilder out, ConnectionRecord c) {
        int d = c.timeDigits();
        out.append("FAILED ").append(c.outcome().name()).append("  ").append(stream(c)).append("  ")
                .append(c.client()).append(" -> ").append(c.server()).append('\n');
        wrap(out, "  ", c.outcomeReason());
        if (c.preamble() != null) {
            wrap(out, "  ", "before TLS: " + c.preamble().protocol()
                    + (c.preamble().clientCommand() == null ? "" : ", client: " + c.preamble().clientCommand())
                    + (c.preamble().serverReply() == null ? "" : ", server: " + c.preamble().serverReply()));
        }
        HelloInfo h = c.clientHello();
        if (h != null) {
            out.append("  ClientHello  frame ").append(h.frame());
            if (h.frames().size() > 1) {
                out.append(" (").append(h.frames().size()).append(" segments)");
            }
            out.append("  ").append(Times.iso(h.timeNanos(), d));
            ClientHello ch = h.hello();
            if (ch != null) {
                out.append("  SNI ").append(ch.serverName() == null ? "(none)" : ch.serverName());
            }
            out.append('\n');
            if (ch != null) {
                out.append("  versions offered: ").append(versions(ch)).append('\n');
                List<String> suites = new ArrayList<>();
                for (int cs : ch.cipherSuites()) {
                    if (!TlsNames.isGrease(cs)) {
                        suites.add(TlsNames.cipherSuite(cs));
                    }
                }
                wrap(out, "  ", "cipher suites offered (" + suites.size() + "): " + String.join(", ", suites));
            }
        }
        // the alert and the close in frame order: a client's alert after the server's FIN is its reaction
        boolean closedFirst = c.closedBy() != null && c.alert() != null && c.closedBy().frame() < c.alert().frame();
        if (closedFirst) {
            closed(out, c);
        }
        if (c.alert() != null) {
            AlertInfo a = c.alert();
            out.append("  alert        frame ").append(a.frame()).append("  from ").append(a.from().label())
                    .append(": ").append(a.likely() ? "likely encrypted alert" : a.encrypted() ? "encrypted"
                            : (a.level() == 2 ? "fatal " : "warning ") + TlsNames.alert(a.description())
                            + " (" + a.description() + ")").append('\n');
            if (a.meaning() != null) {
                wrapLine(out, "               " + a.meaning(), "               ");
            }
        }
        if (!closedFirst && c.closedBy() != null) {
            closed(out, c);
        }
        if (c.serverReactionNanos() != null) {
            out.append(String.format(Locale.ROOT, "  server reacted %.3f ms after the last ClientHello byte%n",
                    c.serverReactionNanos() / 1e6));
        }
        certificate(out, c);
        if (c.cipherOverlap() != null && c.cipherOverlap().completedHandshakes() > 0) {
            List<String> common = new ArrayList<>();
            c.cipherOverlap().offeredAndAccepted().forEach(x -> common.add(TlsNames.cipherSuite(x)));
            wrap(out, "  ", "offered suites this server chose in "
                    + count(c.cipherOverlap().completedHandshakes(), "completed handshake", "completed handshakes")
                    + ": " + (common.isEmpty() ? "none" : String.join(", ", common)));
        }
        if (c.cipherOverlap() != null && c.cipherOverlap().userProfile() != null) {
            var p = c.cipherOverlap().userProfile();
            List<String> listed = new ArrayList<>();
            p.commonSuites().forEach(x -> listed.add(TlsNames.cipherSuite(x)));
            wrap(out, "  ", "offered suites in the server profile " + p.profile().source().reference() + ": "
                    + (listed.isEmpty() ? "none" : String.join(", ", listed)));
        }
        // the built-in profiles tell something only when the server refused the ClientHello itself
        boolean refusedHello = c.outcome() == Outcome.SERVER_ALERT || c.outcome() == Outcome.SERVER_RESET
                || c.outcome() == Outcome.SERVER_CLOSED;
        if (refusedHello && c.cipherOverlap() != null && !c.cipherOverlap().builtinProfiles().isEmpty()) {
            List<String> counts = new ArrayList<>();
            for (var m : c.cipherOverlap().builtinProfiles()) {
                counts.add(m.profile().id() + NBSP + m.usableSuites().size());
            }
            if (!counts.isEmpty()) {
                wrap(out, "  ", "offered suites usable with built-in server profiles: " + String.join(", ", counts));
            }
        }
        if (!c.diagnosis().isEmpty()) {
            out.append("  likely causes:\n");
            int i = 1;
            for (Finding f : c.diagnosis()) {
                wrapLine(out, "    " + i++ + ". [" + f.confidence().label() + "] " + f.cause().id() + ": "
                        + f.explanation(), "       ");
                wrapLine(out, "       next: " + f.nextStep(), "             ");
            }
        }
        out.append("  evidence:\n");
        for (Evidence e : c.evidence()) {
            String line = String.format(Locale.ROOT, "    frame %-6d %+10.6f s  %s", e.frame(),
                    (e.timeNanos() - c.startTimeNanos()) / 1e9, e.what());
            wrapLine(out, line, " ".repeat(31));
        }
        out.append("  Wireshark filter: ").append(c.wiresharkFilter()).append('\n');
    }

    private static String versions(ClientHello ch) {
        List<String> v = new ArrayList<>();
        for (int x : ch.supportedVersions()) {
            if (!TlsNames.isGrease(x)) {
                v.add(TlsNames.version(x));
            }
        }
        if (v.isEmpty()) {
            return "up to " + TlsNames.version(ch.legacyVersion()) + " (legacy_version, no supported_versions)";
        }
        return String.join(", ", v);
    }

    /** stream, server, outcome, version, cipher suite: the client is most often the capturing host itself. */
    private static String table(List<ConnectionRecord> rows) {
        Function<ConnectionRecord, String> stream = r -> r.udp() == null ? String.valueOf(r.tcpStream())
                : "udp:" + r.udp().udpStream();
        Function<ConnectionRecord, String> server = r -> r.server().toString();
        Function<ConnectionRecord, String> outcome = r -> r.outcome().name();
        // no ServerHello: nothing was negotiated
        Function<ConnectionRecord, String> version = r -> r.serverHello() == null ? "(none)"
                : TlsNames.version(r.serverHello().hello().negotiatedVersion());
        int suiteWidth = lastColumnWidth(widest(rows, "stream", stream, 12), widest(rows, "server", server, 24),
                widest(rows, "outcome", outcome, 30), widest(rows, "version", version, 12));
        return AsciiTable.getTable(AsciiTable.BASIC_ASCII_NO_DATA_SEPARATORS_NO_OUTSIDE_BORDER, rows, List.of(
                new Column().header("stream").dataAlign(HorizontalAlign.RIGHT).with(stream),
                new Column().header("server").maxWidth(24, OverflowBehaviour.NEWLINE)
                        .dataAlign(HorizontalAlign.LEFT).with(server),
                new Column().header("outcome").dataAlign(HorizontalAlign.LEFT).with(outcome),
                new Column().header("version").dataAlign(HorizontalAlign.LEFT).with(version),
                new Column().header("cipher suite").maxWidth(suiteWidth, OverflowBehaviour.NEWLINE)
                        .dataAlign(HorizontalAlign.LEFT).with(r -> r.serverHello() == null ? "(none)"
                                : TlsNames.cipherSuite(r.serverHello().hello().cipherSuite()))));
    }

    /** "1 frame", "2 frames", "1,234 frames". */
    static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d", n) + ' ' + (n == 1 ? one : many);
    }

    private static void wrap(StringBuilder out, String indent, String text) {
        wrapLine(out, indent + text, indent + "  ");
    }

    /**
     * Breaks {@code line} at spaces so that no output line exceeds {@link #WIDTH}; a {@link #NBSP} holds two
     * words together (a name and its count) and is written as a space.
     */
    private static void wrapLine(StringBuilder out, String line, String continuation) {
        String rest = line;
        boolean first = true;
        while (true) {
            String prefix = first ? "" : continuation;
            int room = WIDTH - prefix.length();
            if (rest.length() <= room) {
                out.append(prefix).append(rest.replace(NBSP, ' ')).append('\n');
                return;
            }
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= prefix.length()) {
                cut = room;
            }
            out.append(prefix).append(rest.substring(0, cut).replace(NBSP, ' ')).append('\n');
            rest = rest.substring(cut).stripLeading();
            first = false;
        }
    }
}
