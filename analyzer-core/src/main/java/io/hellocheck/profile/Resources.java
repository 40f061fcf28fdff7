package io.hellocheck.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the generated TSV resources of this package; a broken resource is a packaging bug. */
final class Resources {

    static final String DIR = "/io/hellocheck/profile/";

    private Resources() {
    }

    /** The tab-separated fields of each non-comment, non-empty line, each with at least {@code minFields}. */
    static List<String[]> rows(String resource, int minFields) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = Resources.class.getResourceAsStream(DIR + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DIR + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < minFields) {
                    throw new IllegalStateException(resource + ": short line: " + line);
                }
                out.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + DIR + resource, e);
        }
        return out;
    }

    static int code(String resource, String text) {
        if (!text.startsWith("0x")) {
            throw new IllegalStateException(resource + ": bad code " + text);
        }
        return Integer.parseInt(text.substring(2), 16);
    }
}
