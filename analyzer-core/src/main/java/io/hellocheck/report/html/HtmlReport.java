package io.hellocheck.report.html;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateException;
import gg.jte.output.WriterOutput;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureSummary;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.batch.InputError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The HTML report (CONTRACT.md, "Other formats"): one self-contained page, nothing fetched, with the batch
 * summary at the top, then per capture its failed handshakes first (open, each with its ladder diagram) and
 * the others folded. Every connection record is one element with {@code data-outcome}; a few lines of inline
 * JavaScript filter them by outcome, server and cause, and the page reads the same without it.
 *
 * <p>Filled as a {@link io.hellocheck.batch.BatchListener} hands results over (records already redacted when
 * they should be), then written once with the batch summary. It keeps a small view of each record shown, not
 * the record, and shows at most {@link #MAX_FAILED} failed handshakes and {@link #MAX_OTHERS} others: a page
 * with more is no longer read, and memory stays bounded; the page says how many it left out. Not thread-safe.
 * The templates ({@code analyzer-core/src/main/jte}) are compiled to Java at build time (jte).
 */
public final class HtmlReport {
    /** Failed handshakes shown, over the whole page. */
    public static final int MAX_FAILED = 1_000;
    /** Other connection records shown, over the whole page. */
    public static final int MAX_OTHERS = 1_000;

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            "io.hellocheck.report.html.templates");

    private final String tool;
    private final List<CaptureView> captures = new ArrayList<>();
    private final TreeSet<String> outcomes = new TreeSet<>();
    private final TreeSet<String> servers = new TreeSet<>();
    private final TreeSet<String> causes = new TreeSet<>();
    private int failedShown;
    private int othersShown;
    private String current;
    private List<RecordView> failed = new ArrayList<>();
    private List<RecordView> others = new ArrayList<>();
    private long leftOut;

    /** @param tool the tool's name and version, written in the page's header */
    public HtmlReport(String tool) {
        this.tool = tool;
    }

    /**
     * One capture, as the page shows it.
     *
     * @param id       its element's id ("capture-1"), for the links at the top of the page
     * @param name     the capture's name as given
     * @param facts    "pcap, 12 frames, 1 TCP connection, 1 connection record", or null when not known
     * @param outcomes "SERVER_RESET 1", or null
     * @param failedHandshakes its failed handshakes, shown or not (0 when not known)
     * @param notes    warnings and the error, one line each
     * @param failed   its failed handshakes shown, in record order
     * @param others   its other records shown
     * @param leftOut  its records not shown (beyond the page's bounds)
     */
    public record CaptureView(String id, String name, String facts, String outcomes, long failedHandshakes,
                              List<String> notes, List<RecordView> failed, List<RecordView> others, long leftOut) {
        public CaptureView {
            notes = List.copyOf(notes);
            failed = List.copyOf(failed);
            others = List.copyOf(others);
        }
    }

    /**
     * The whole page.
     *
     * @param tool     the tool's name and version
     * @param summary  the top of the page
     * @param captures the captures, in input order
     * @param outcomes the outcomes present, for the filter
     * @param servers  the servers present
     * @param causes   the causes present
     */
    public record Page(String tool, SummaryView summary, List<CaptureView> captures,
                       List<String> outcomes, List<String> servers, List<String> causes) {
        public Page {
            captures = List.copyOf(captures);
            outcomes = List.copyOf(outcomes);
            servers = List.copyOf(servers);
            causes = List.copyOf(causes);
        }
    }

    /** A capture begins; its records follow. */
    public void captureStarted(String capture) {
        current = capture;
    }

    /**
     * A connection record of the current capture; a failed handshake ({@link ConnectionRecord#failed()}) gets a
     * ladder.
     */
    public void connection(ConnectionRecord record) {
        boolean failed = record.failed();
        if (failed ? failedShown >= MAX_FAILED : othersShown >= MAX_OTHERS) {
            leftOut++;
            return;
        }
        RecordView v = RecordView.of(record, failed);
        if (failed) {
            failedShown++;
            this.failed.add(v);
        } else {
            othersShown++;
            others.add(v);
        }
        outcomes.add(v.outcome());
        servers.add(v.server());
        if (!v.causeIds().isEmpty()) {
            causes.addAll(List.of(v.causeIds().split(" ")));
        }
    }

    /** The current capture was read to its end, or up to its damage ({@code error} then says what). */
    public void captureEnded(CaptureResult result, InputError error) {
        CaptureSummary s = result.summary();
        List<String> notes = new ArrayList<>();
        result.warnings().forEach(w -> notes.add("warning: " + w.message()));
        if (error != null) {
            notes.add("error: " + error.message() + "; " + error.hint());
        }
        String facts = s.format() + ", " + count(s.frames(), "frame", "frames") + ", "
                + count(s.tcpConnections(), "TCP connection", "TCP connections") + ", "
                + count(s.connectionRecords(), "connection record", "connection records");
        end(s.capture(), facts, outcomes(s.outcomes()), s.failedHandshakes(), notes);
    }

    /** An input that is not a readable capture, or one that failed after some of its records. */
    public void error(InputError error) {
        List<String> notes = List.of("error: " + error.message() + "; " + error.hint());
        if (error.capture().equals(current)) {
            end(current, null, null, failed.size(), notes);
        } else {
            captures.add(new CaptureView(nextId(), error.capture(), null, null, 0, notes, List.of(), List.of(), 0));
        }
    }

    /** A warning about an archive as a whole. */
    public void warning(String input, CaptureWarning warning) {
        captures.add(new CaptureView(nextId(), input, null, null, 0, List.of("warning: " + warning.message()),
                List.of(), List.of(), 0));
    }

    private void end(String name, String facts, String outcomeCounts, long failedHandshakes, List<String> notes) {
        captures.add(new CaptureView(nextId(), name, facts, outcomeCounts, failedHandshakes, notes, failed, others,
                leftOut));
        current = null;
        failed = new ArrayList<>();
        others = new ArrayList<>();
        leftOut = 0;
    }

    private String nextId() {
        return "capture-" + (captures.size() + 1);
    }

    /**
     * Writes the page.
     *
     * @throws UncheckedIOException when writing fails
     */
    public void write(BatchSummary summary, Writer out) {
        Page page = new Page(tool, SummaryView.of(summary), captures, List.copyOf(outcomes),
                List.copyOf(servers), List.copyOf(causes));
        try {
            ENGINE.render("page.jte", page, new WriterOutput(out));
            out.flush();
        } catch (TemplateException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String outcomes(Map<Outcome, Integer> m) {
        List<String> parts = new ArrayList<>();
        m.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(e.getKey().name() + " " + e.getValue()));
        return parts.isEmpty() ? "no TLS handshake found" : String.join(", ", parts);
    }

    private static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d", n) + ' ' + (n == 1 ? one : many);
    }
}
