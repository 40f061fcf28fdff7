package io.hellocheck.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.ServerRecord;
import io.hellocheck.batch.BatchListener;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.batch.InputError;
import io.hellocheck.report.html.HtmlReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what the batch hands over in one of the output formats, as it comes (in input order). Records
 * pass through the {@link Redactor} when {@code --redact} is given. Writing errors surface as
 * {@link UncheckedIOException}.
 */
public abstract class Renderer implements BatchListener {
    /** hellocheck's version, named with the tool in the JSON document and the HTML page. */
    public static final String VERSION = "0.1.0";

    protected final PrintStream out;
    protected final boolean onlyFailures;
    private final Redactor redactor;

    Renderer(PrintStream out, boolean onlyFailures, Redactor redactor) {
        this.out = out;
        this.onlyFailures = onlyFailures;
        this.redactor = redactor;
    }

    /** The renderer of a {@code --format} value. */
    public static Renderer of(String format, PrintStream out, boolean onlyFailures, Redactor redactor, String tool) {
        switch (format) {
            case "json": return new Json(out, onlyFailures, redactor, tool);
            case "jsonl": return new Jsonl(out, onlyFailures, redactor);
            case "csv": return new Csv(out, onlyFailures, redactor);
            case "html": return new Html(out, onlyFailures, redactor, tool);
            default: return new Text(out, onlyFailures, redactor);
        }
    }

    /** Writes the batch summary and flushes. */
    public abstract void finish(BatchSummary summary) throws IOException;

    protected ConnectionRecord redact(ConnectionRecord r) {
        return redactor == null ? r : redactor.redact(r);
    }

    protected ServerRecord redact(ServerRecord r) {
        return redactor == null ? r : redactor.redact(r);
    }

    protected CaptureResult redact(CaptureResult r) {
        return redactor == null ? r : redactor.redact(r);
    }

    protected BatchSummary redact(BatchSummary s) {
        return redactor == null ? s : redactor.redact(s);
    }

    protected boolean redacting() {
        return redactor != null;
    }

    protected boolean shown(ConnectionRecord r) {
        return !onlyFailures || r.failed();
    }

    /** A report per capture (at most 100 columns), then the summary. Holds the current capture's records. */
    static final class Text extends Renderer {
        private String current;
        private final List<ConnectionRecord> records = new ArrayList<>();

        Text(PrintStream out, boolean onlyFailures, Redactor redactor) {
            super(out, onlyFailures, redactor);
        }

        @Override
        public void captureStarted(String capture) {
            current = capture;
            records.clear();
        }

        @Override
        public void connection(ConnectionRecord record) {
            records.add(record);
        }

        @Override
        public void captureFinished(CaptureResult result) {
            CaptureResult whole = new CaptureResult(records, result.servers(), result.summary(), result.warnings());
            out.println(TextReport.render(redact(whole), onlyFailures));
            records.clear();
            current = null;
        }

        /** A capture damaged after its start: its report up to the damage, then the error. */
        @Override
        public void captureFailed(CaptureResult partial, InputError error) {
            CaptureResult whole = new CaptureResult(records, partial.servers(), partial.summary(), partial.warnings());
            out.println(TextReport.renderPartial(redact(whole), error, onlyFailures));
            records.clear();
            current = null;
        }

        @Override
        public void error(InputError error) {
            if (error.capture().equals(current) && !records.isEmpty()) {
                List<ConnectionRecord> redacted = records.stream().map(this::redact).toList();
                out.println(TextReport.renderPartial(current, redacted, error, onlyFailures));
            }
            records.clear();
            current = null;
        }

        @Override
        public void warning(String input, CaptureWarning warning) {
            out.println("== " + input + "\n   warning: " + warning.message() + "\n");
        }

        @Override
        public void finish(BatchSummary summary) {
            out.print(TextReport.batchSummary(redact(summary)));
            out.flush();
        }
    }

    /**
     * JSON Lines: CONTRACT.md's records, one per line, then the batch summary. A connection record is rendered
     * by a UTF-8 generator into a per-thread buffer (no String per record, no re-encoding) and written only
     * whole, so a record that fails to render leaves no byte behind; the few other records are written by one
     * generator straight into the output, each line handed over as it ends, so a terminal still sees records as
     * they are decided.
     */
    public static class Jsonl extends Renderer {
        private static final String EOL = System.lineSeparator();
        /** Generators come from a plain factory; the few trees are written by {@link Trees}, without a mapper. */
        private static final JsonFactory FACTORY = new JsonFactory();
        private JsonGenerator lineGen;

        public Jsonl(PrintStream out, boolean onlyFailures, Redactor redactor) {
            super(out, onlyFailures, redactor);
        }

        /** The generator records are written with. */
        JsonGenerator generator() throws IOException {
            if (lineGen == null) {
                lineGen = FACTORY.createGenerator((OutputStream) out, JsonEncoding.UTF8)
                        .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
                        .configure(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM, false);
                lineGen.setRootValueSeparator(null);
            }
            return lineGen;
        }

        /** A record was written: ends its line and hands it to the PrintStream (buffered unless a terminal). */
        void endRecord(JsonGenerator g) throws IOException {
            g.writeRaw(EOL);
            g.flush();
        }

        @Override
        public void captureStarted(String capture) {
            writer = Thread.currentThread();
        }

        void write(ObjectNode node) {
            try {
                JsonGenerator g = generator();
                Trees.write(g, node);
                endRecord(g);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void connection(ConnectionRecord record) {
            if (shown(record)) {
                // rendered whole first: a record that fails to render leaves nothing in the output
                render(redact(record)).writeTo(out);
            }
        }

        /**
         * A record's line, rendered into this thread's buffer (no tree per handshake). When rendering fails, the
         * thread's buffer and generator, which may be inside the record's object, are dropped, so that the next
         * record starts from a fresh one; the failure is an {@link IllegalStateException} (a bug, not the output).
         */
        private static byte[] line(ConnectionRecord record) {
            return render(record).take();
        }

        /** {@link #line}, left in this thread's buffer (its {@link LineBuffer#writeTo} or {@link LineBuffer#take}). */
        private static LineBuffer render(ConnectionRecord record) {
            LineBuffer b = LINES.get();
            try {
                JsonRecords.writeConnection(b.gen, record);
                b.gen.writeRaw(EOL);
                b.gen.flush();
                return b;
            } catch (IOException | RuntimeException e) {
                LINES.remove();
                throw new IllegalStateException("cannot render the record: " + e, e);
            }
        }

        /**
         * The record's line, rendered on the thread that analyzed it (see {@link BatchListener#prepare}); not
         * when redacting (pseudonyms are numbered in output order); no bytes for a record left out. On the
         * thread that writes the output (a single capture: {@link BatchListener#prepare} is called there just
         * before {@link #connection(ConnectionRecord, Object)}), the line stays in that thread's buffer
         * ({@link #IN_BUFFER}) and is copied from there into the output: no array per record.
         */
        @Override
        public Object prepare(ConnectionRecord record) {
            if (redacting()) {
                return null;
            }
            if (!shown(record)) {
                return NOTHING;
            }
            if (Thread.currentThread() == writer) {
                render(record);
                return IN_BUFFER;
            }
            return line(record);
        }

        /** Once rendered, a record is written by its bytes alone: the batch may keep them in a spill file. */
        @Override
        public boolean recordNeededWhenPrepared() {
            return false;
        }

        @Override
        public void connection(ConnectionRecord record, Object prepared) {
            if (prepared instanceof byte[] line) {
                out.write(line, 0, line.length);
            } else if (prepared == IN_BUFFER) {
                LINES.get().writeTo(out);
            } else {
                connection(record);
            }
        }

        /** The prepared form of a record left out. */
        private static final byte[] NOTHING = new byte[0];
        /** The prepared form of a record whose line is in the writing thread's buffer. */
        private static final Object IN_BUFFER = new Object();
        /** The thread that writes the output (where {@link #captureStarted} is called); null before. */
        private volatile Thread writer;

        /** A generator into a reusable buffer, one per worker thread. */
        private static final ThreadLocal<LineBuffer> LINES = ThreadLocal.withInitial(LineBuffer::new);

        private static final class LineBuffer {
            final Bytes bytes = new Bytes();
            final JsonGenerator gen;

            LineBuffer() {
                try {
                    gen = FACTORY.createGenerator(bytes, JsonEncoding.UTF8);
                    gen.setRootValueSeparator(null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            byte[] take() {
                byte[] line = bytes.toByteArray();
                bytes.reset();
                return line;
            }

            /** Writes the line into {@code out} and empties the buffer. */
            void writeTo(PrintStream out) {
                try {
                    out.write(bytes.array(), 0, bytes.size());
                } finally {
                    bytes.reset();
                }
            }
        }

        /** A byte array stream that lends its array (no copy to write it out). */
        private static final class Bytes extends ByteArrayOutputStream {
            Bytes() {
                super(16 << 10);
            }

            byte[] array() {
                return buf;
            }
        }

        @Override
        public void captureFinished(CaptureResult result) {
            captureEnd(result, -1);
        }

        /** A capture's server records, warnings and summary ({@code damagedAt}: the damage's offset, or -1). */
        private void captureEnd(CaptureResult result, long damagedAt) {
            String name = result.summary().capture();
            for (ServerRecord s : result.servers()) {
                write(RecordTrees.server(name, redact(s)));
            }
            for (CaptureWarning w : result.warnings()) {
                write(RecordTrees.warning(name, w));
            }
            write(RecordTrees.summary(result.summary(), damagedAt));
        }

        /**
         * A capture damaged after its start: as a capture read to its end (servers, warnings, summary, with the
         * counts before the damage and its {@code damaged_at_offset}), then the error record.
         */
        @Override
        public void captureFailed(CaptureResult partial, InputError error) {
            captureEnd(partial, error.byteOffset());
            error(error);
        }

        @Override
        public void error(InputError error) {
            write(RecordTrees.error(error));
        }

        @Override
        public void warning(String input, CaptureWarning warning) {
            write(RecordTrees.warning(input, warning));
        }

        @Override
        public void finish(BatchSummary summary) {
            write(RecordTrees.batchSummary(redact(summary)));
            out.flush();
        }
    }

    /**
     * One JSON document, streamed: {@code {schema_version, tool, inputs, records: [...], summary}}, the
     * records as in JSON Lines and the batch summary last.
     */
    static final class Json extends Renderer {
        private final ObjectMapper mapper = new ObjectMapper();
        private final String tool;
        private JsonGenerator gen;
        private final Jsonl lines;

        Json(PrintStream out, boolean onlyFailures, Redactor redactor, String tool) {
            super(out, onlyFailures, redactor);
            this.tool = tool;
            // Reuses the JSON Lines logic: records are built the same way, then written into the array.
            this.lines = new Jsonl(out, onlyFailures, redactor) {
                @Override
                JsonGenerator generator() {
                    return Json.this.gen;
                }

                @Override
                void endRecord(JsonGenerator g) {
                    // elements of the records array: the pretty printer places them
                }
            };
        }

        @Override
        public void inputs(List<String> inputs, long totalBytes) {
            try {
                gen = mapper.getFactory().createGenerator((OutputStream) out, JsonEncoding.UTF8)
                        .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
                        .useDefaultPrettyPrinter();
                gen.writeStartObject();
                gen.writeNumberField("schema_version", JsonRecords.SCHEMA_VERSION);
                gen.writeStringField("tool", tool);
                gen.writeArrayFieldStart("inputs");
                for (String i : inputs) {
                    gen.writeString(i);
                }
                gen.writeEndArray();
                gen.writeArrayFieldStart("records");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The record is rendered whole (into a token buffer) before any of it goes into the document. */
        @Override
        public void connection(ConnectionRecord record) {
            if (!shown(record)) {
                return;
            }
            try (TokenBuffer tokens = new TokenBuffer(mapper, false)) {
                try {
                    JsonRecords.writeConnection(tokens, redact(record));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException("cannot render the record: " + e, e);
                }
                tokens.serialize(gen);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void captureFinished(CaptureResult result) {
            lines.captureFinished(result);
        }

        @Override
        public void captureFailed(CaptureResult partial, InputError error) {
            lines.captureFailed(partial, error);
        }

        @Override
        public void error(InputError error) {
            lines.error(error);
        }

        @Override
        public void warning(String input, CaptureWarning warning) {
            lines.warning(input, warning);
        }

        @Override
        public void finish(BatchSummary summary) throws IOException {
            gen.writeEndArray();
            gen.writeFieldName("summary");
            mapper.writeTree(gen, RecordTrees.batchSummary(redact(summary)));
            gen.writeEndObject();
            gen.close();
            out.println();
            out.flush();
        }
    }

    /** CSV: one row per connection record, the columns of {@link CsvRecords}. */
    static final class Csv extends Renderer {
        private final Writer writer;
        private final SequenceWriter rows;

        Csv(PrintStream out, boolean onlyFailures, Redactor redactor) {
            super(out, onlyFailures, redactor);
            this.writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try {
                this.rows = CsvRecords.writer(writer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void connection(ConnectionRecord record) {
            if (shown(record)) {
                try {
                    rows.write(CsvRecords.row(redact(record)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void finish(BatchSummary summary) throws IOException {
            rows.flush();
            writer.flush();
            out.flush();
        }
    }

    /**
     * One self-contained HTML page ({@link HtmlReport}): written at the end, as its top is the batch summary; it
     * keeps a bounded view of the records meanwhile.
     */
    static final class Html extends Renderer {
        private final HtmlReport page;

        Html(PrintStream out, boolean onlyFailures, Redactor redactor, String tool) {
            super(out, onlyFailures, redactor);
            this.page = new HtmlReport(tool);
        }

        @Override
        public void captureStarted(String capture) {
            page.captureStarted(capture);
        }

        @Override
        public void connection(ConnectionRecord record) {
            if (shown(record)) {
                page.connection(redact(record));
            }
        }

        @Override
        public void captureFinished(CaptureResult result) {
            page.captureEnded(redact(result), null);
        }

        @Override
        public void captureFailed(CaptureResult partial, InputError error) {
            page.captureEnded(redact(partial), error);
        }

        @Override
        public void error(InputError error) {
            page.error(error);
        }

        @Override
        public void warning(String input, CaptureWarning warning) {
            page.warning(input, warning);
        }

        @Override
        public void finish(BatchSummary summary) {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            page.write(redact(summary), writer);
            out.flush();
        }
    }
}
