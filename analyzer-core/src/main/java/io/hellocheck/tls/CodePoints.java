package io.hellocheck.tls;

import java.util.List;

/**
 * Boxed 8- and 16-bit code points (cipher suites, groups, extension types, lengths), shared: a ClientHello's
 * lists hold some 50 of them, most above the 127 that {@link Integer#valueOf} caches, and a capture can have
 * 100,000 ClientHellos waiting for their answer at once. The table (65,536 entries, about 1.3 MiB) is filled
 * once and never changes.
 */
final class CodePoints {

    private static final Integer[] BOXED = new Integer[65536];

    static {
        for (int i = 0; i < BOXED.length; i++) {
            BOXED[i] = i;
        }
    }

    private CodePoints() {
    }

    /** An unmodifiable copy of {@code values} whose elements from 0 to 65535 are the shared boxes. */
    static List<Integer> copyOf(List<Integer> values) {
        Integer[] out = new Integer[values.size()];
        for (int i = 0; i < out.length; i++) {
            Integer v = values.get(i);
            out[i] = v != null && v >= 0 && v < BOXED.length ? BOXED[v] : v;
        }
        return List.of(out);
    }
}
