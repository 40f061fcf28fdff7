package io.hellocheck.render;

import io.hellocheck.AnalysisListener;
import io.hellocheck.engine.ApiAccess;
import io.hellocheck.report.Renderer;
import io.hellocheck.result.AnalysisResult;
import io.hellocheck.result.BatchSummary;
import io.hellocheck.result.CaptureResult;
import io.hellocheck.result.CaptureWarning;
import io.hellocheck.result.ConnectionRecord;
import io.hellocheck.result.InputError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Writes results in one {@link ReportFormat}, as they come: a listener to pass to
 * {@link io.hellocheck.HelloCheck#analyze(List, AnalysisListener)} or {@link io.hellocheck.HelloCheck#start},
 * or a writer of a collected {@link AnalysisResult} ({@link #write(AnalysisResult)}). The output is UTF-8 and
 * flushed by {@link #finished(BatchSummary)}, which writes the totals; the stream is not closed. Not
 * thread-safe: one writer per output.
 *
 * <p>A write that fails throws {@link UncheckedIOException}, which ends an analysis.
 */
public final class ReportWriter implements AnalysisListener {
    private final Renderer renderer;
    private final PrintStream print;
    private final ApiAccess.Results results = ApiAccess.results();

    private ReportWriter(Renderer renderer, PrintStream print) {
        this.renderer = renderer;
        this.print = print;
    }

    /**
     * {@return a writer of every record}
     *
     * @param format the format
     * @param out    where to write (not closed)
     */
    public static ReportWriter of(ReportFormat format, OutputStream out) {
        return of(format, out, false);
    }

    /**
     * {@return a writer}
     *
     * @param format       the format
     * @param out          where to write (not closed)
     * @param onlyFailures whether to leave out the connection records of handshakes that did not fail (the
     *                     command line's {@code --only-failures})
     */
    public static ReportWriter of(ReportFormat format, OutputStream out, boolean onlyFailures) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(out, "out");
        String name = switch (format) {
            case JSON -> "json";
            case JSON_LINES -> "jsonl";
            case CSV -> "csv";
            case TEXT -> "text";
            case HTML -> "html";
        };
        PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
        return new ReportWriter(Renderer.of(name, print, onlyFailures, null, "hellocheck " + Renderer.VERSION), print);
    }

    /**
     * Writes a whole result: the records this writer writes when it listens to the analysis that made it, but
     * the {@code error} records of inputs that yielded no capture come after the captures rather than in input
     * order, and archive warnings are not kept in a result.
     *
     * @param result what an analysis collected
     * @throws UncheckedIOException when writing fails
     */
    public void write(AnalysisResult result) {
        started(result.inputs());
        for (CaptureResult c : result.captures()) {
            captureStarted(c.capture());
            for (ConnectionRecord r : c.connections()) {
                connection(r);
            }
            captureFinished(c);
        }
        for (InputError e : result.errors()) {
            error(e);
        }
        finished(result.summary());
    }

    /** Starts the JSON document; other formats write nothing yet. */
    @Override
    public void started(List<String> inputs) {
        renderer.inputs(inputs, 0);
        checkWritten();
    }

    /** Writes nothing yet. */
    @Override
    public void captureStarted(String capture) {
        renderer.captureStarted(capture);
    }

    /** Writes the record (held until its capture ends for text). */
    @Override
    public void connection(ConnectionRecord record) {
        renderer.connection(results.internal(record));
        checkWritten();
    }

    /** Writes the capture's server records, warnings and summary, and its error when it was damaged. */
    @Override
    public void captureFinished(CaptureResult result) {
        io.hellocheck.engine.CaptureResult r = results.internal(result);
        io.hellocheck.engine.CaptureResult withoutRecords = r.connections().isEmpty() ? r
                : new io.hellocheck.engine.CaptureResult(List.of(), r.servers(), r.summary(), r.warnings());
        if (result.error().isPresent()) {
            renderer.captureFailed(withoutRecords, results.internal(result.error().get()));
        } else {
            renderer.captureFinished(withoutRecords);
        }
        checkWritten();
    }

    /** Writes an {@code error} record. */
    @Override
    public void error(InputError error) {
        renderer.error(results.internal(error));
        checkWritten();
    }

    /** Writes a {@code warning} record. */
    @Override
    public void warning(String input, CaptureWarning warning) {
        renderer.warning(input, results.internal(warning));
        checkWritten();
    }

    /** Writes the totals and flushes. */
    @Override
    public void finished(BatchSummary summary) {
        try {
            renderer.finish(results.internal(summary));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkWritten();
    }

    /**
     * The renderers write through a {@link PrintStream}, which keeps an {@link IOException} of the stream
     * under it to itself: asked after every call, so that a failed write ends the analysis.
     */
    private void checkWritten() {
        if (print.checkError()) {
            throw new UncheckedIOException(new IOException("writing the report failed (the output stream threw)"));
        }
    }
}
