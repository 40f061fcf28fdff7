package io.hellocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process and keeps what it printed. */
final class Runs {
    static final ObjectMapper JSON = new ObjectMapper();

    private Runs() {
    }

    /** Exit code, standard output, standard error. */
    record Run(int code, String out, String err) {
        /** The JSON Lines records of standard output. */
        List<JsonNode> records() {
            List<JsonNode> r = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        r.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException("not JSON: " + line, e);
                    }
                }
            }
            return r;
        }

        List<JsonNode> ofType(String type) {
            return records().stream().filter(n -> n.get("type").asText().equals(type)).toList();
        }

        /** The last record, the batch summary. */
        JsonNode batchSummary() {
            List<JsonNode> r = records();
            JsonNode last = r.get(r.size() - 1);
            if (!last.path("scope").asText().equals("batch")) {
                throw new AssertionError("the last record is not the batch summary: " + last);
            }
            return last;
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run run(String... args) {
        return run(new ByteArrayInputStream(new byte[0]), false, args);
    }

    static Run run(InputStream stdin, boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), stdin, terminal, false).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
