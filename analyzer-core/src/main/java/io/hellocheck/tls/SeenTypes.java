package io.hellocheck.tls;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The extension types met so far in one hello, to find duplicates: a small array scanned linearly (a hello
 * has a few dozen extensions at most in practice), turning into a hash set past {@value #LINEAR_MAX} types so
 * that a hostile message with thousands of extensions stays linear. Cheaper than a {@link HashSet} from the
 * start, which the decoders used to allocate (map, table and one node per extension) for every hello.
 */
final class SeenTypes {
    private static final int LINEAR_MAX = 64;
    private int[] types = new int[16];
    private int count;
    private Set<Integer> many;

    /** Adds {@code type}; false when it was already there. */
    boolean add(int type) {
        if (many != null) {
            return many.add(type);
        }
        for (int i = 0; i < count; i++) {
            if (types[i] == type) {
                return false;
            }
        }
        if (count == LINEAR_MAX) {
            many = new HashSet<>();
            for (int i = 0; i < count; i++) {
                many.add(types[i]);
            }
            types = null;
            return many.add(type);
        }
        if (count == types.length) {
            types = Arrays.copyOf(types, count * 2);
        }
        types[count++] = type;
        return true;
    }

    boolean contains(int type) {
        if (many != null) {
            return many.contains(type);
        }
        for (int i = 0; i < count; i++) {
            if (types[i] == type) {
                return true;
            }
        }
        return false;
    }
}
