package io.hellocheck.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the generated tab-separated resources (registries, server profiles): lines starting with {@code #}
 * and empty lines are skipped. A missing or broken resource is a packaging bug, thrown as an unchecked
 * exception.
 */
public final class TsvResource {
    private TsvResource() {
    }

    /**
     * The fields of each data line of the class-path resource {@code path}.
     *
     * @param path      absolute resource path, e.g. {@code /io/hellocheck/tls/alerts.tsv}
     * @param minFields fields every line must have
     * @throws IllegalStateException when the resource is missing or a line is short
     * @throws UncheckedIOException  when reading fails
     */
    public static List<String[]> rows(String path, int minFields) {
        String text;
        try (InputStream in = TsvResource.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
        // lines cut with String.indexOf, not BufferedReader.readLine: its per-character loop, run over every
        // resource at start-up, was compiled on stack by C2 in a JVM with default options (hundreds of ms of a
        // compiler thread on 2 vCPUs)
        List<String[]> out = new ArrayList<>();
        for (int start = 0; start < text.length(); ) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            start = end + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < minFields) {
                throw new IllegalStateException(path + ": short line: " + line);
            }
            out.add(f);
        }
        return out;
    }
}
