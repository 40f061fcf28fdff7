package io.hellocheck.profile;

import io.hellocheck.tls.TsvResource;
import java.util.List;

/** Reads the generated TSV resources of this package; a broken resource is a packaging bug. */
final class Resources {

    static final String DIR = "/io/hellocheck/profile/";

    private Resources() {
    }

    /** The tab-separated fields of each non-comment, non-empty line, each with at least {@code minFields}. */
    static List<String[]> rows(String resource, int minFields) {
        return TsvResource.rows(DIR + resource, minFields);
    }

    static int code(String resource, String text) {
        if (!text.startsWith("0x")) {
            throw new IllegalStateException(resource + ": bad code " + text);
        }
        return Integer.parseInt(text.substring(2), 16);
    }
}
