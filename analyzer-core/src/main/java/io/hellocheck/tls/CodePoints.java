package io.hellocheck.tls;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Boxed 8- and 16-bit code points (cipher suites, groups, extension types, lengths), shared: a ClientHello's
 * lists hold some 50 of them, most above the 127 that {@link Integer#valueOf} caches, and a capture can have
 * 100,000 ClientHellos waiting for their answer at once. A box is made the first time its value is met (a
 * capture meets a few hundred values): filling all 65,536 at start-up took 14 ms, and the 1.3 MiB they hold
 * was copied at every young collection until it was promoted.
 */
final class CodePoints {

    private static final Integer[] BOXED = new Integer[65536];

    /**
     * The shared box of {@code v}, from 0 to 65535. Two threads may each make one for the same value, harmlessly:
     * boxes are immutable, equal, and never compared by identity.
     */
    private static Integer box(int v) {
        Integer b = BOXED[v];
        if (b == null) {
            b = v;
            BOXED[v] = b;
        }
        return b;
    }

    private CodePoints() {
    }

    /**
     * An unmodifiable copy of {@code values} whose elements from 0 to 65535 are the shared boxes: of 3 elements or
     * more, all code points, held as a {@code char[]} ({@link Compact}: 16 bytes plus 2 per element, where
     * {@link List#of} takes 40 plus 4); else a {@link List#of}.
     */
    static List<Integer> copyOf(List<Integer> values) {
        if (values instanceof Compact) {
            return values;
        }
        int n = values.size();
        if (n >= 3) {
            char[] compact = new char[n];
            int i = 0;
            for (; i < n; i++) {
                Integer v = values.get(i);
                if (v == null || v < 0 || v >= BOXED.length) {
                    break;
                }
                compact[i] = (char) v.intValue();
            }
            if (i == n) {
                return new Compact(compact);
            }
        }
        Integer[] out = new Integer[n];
        for (int i = 0; i < n; i++) {
            Integer v = values.get(i);
            out[i] = v != null && v >= 0 && v < BOXED.length ? box(v) : v;
        }
        return List.of(out);
    }

    /**
     * The list of {@code values} (16-bit code points as read from the wire; the array is kept, not copied): as
     * {@link #copyOf} would make it, without a box per element.
     */
    static List<Integer> of(char[] values) {
        if (values.length >= 3) {
            return new Compact(values);
        }
        Integer[] out = new Integer[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = box(values[i]);
        }
        return List.of(out);
    }

    /** An unmodifiable list of code points held as 16-bit values, handed out as the shared boxes. */
    private static final class Compact extends AbstractList<Integer> implements RandomAccess {
        private final char[] values;

        Compact(char[] values) {
            this.values = values;
        }

        @Override
        public Integer get(int index) {
            return box(values[index]);
        }

        @Override
        public int size() {
            return values.length;
        }

        /**
         * {@link List#hashCode()}'s value, without an iterator or a box: an {@code Integer}'s hash is its value, so
         * the list's hash is {@link Arrays#hashCode(char[])} of the code points. Lists of code points are map keys
         * (the memos of JA4 and of the profile comparisons, one lookup per connection).
         */
        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        /** {@link List#indexOf}, a scan of the code points without an iterator or a box. */
        @Override
        public int indexOf(Object o) {
            if (o instanceof Integer v && v >= 0 && v <= Character.MAX_VALUE) {
                for (int i = 0; i < values.length; i++) {
                    if (values[i] == v) {
                        return i;
                    }
                }
            }
            return -1;
        }

        @Override
        public boolean contains(Object o) {
            return indexOf(o) >= 0;
        }

        /** {@link List#equals}: between two of these, a comparison of the code points. */
        @Override
        public boolean equals(Object o) {
            if (o instanceof Compact c) {
                return Arrays.equals(values, c.values);
            }
            return super.equals(o);
        }
    }
}
