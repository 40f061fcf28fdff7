package io.hellocheck.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
        List<String[]> out = new ArrayList<>();
        try (InputStream in = TsvResource.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < minFields) {
                    throw new IllegalStateException(path + ": short line: " + line);
                }
                out.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
        return out;
    }
}
