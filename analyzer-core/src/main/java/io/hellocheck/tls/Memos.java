package io.hellocheck.tls;

import java.util.Map;

/**
 * The bound of the memo maps that keep what was computed from a capture's few distinct inputs (fingerprints,
 * client keys, timestamps' text, decoded certificate chains): a map that reaches its bound is emptied before the
 * next entry, so that memory stays bounded whatever the input, and a memo only costs a recomputation.
 */
public final class Memos {
    /** Entries a memo map keeps by default; one more empties it first. */
    public static final int MAX_ENTRIES = 1024;

    private Memos() {
    }

    /** Puts an entry into a memo, emptied first when it holds {@link #MAX_ENTRIES}. */
    public static <K, V> void keep(Map<K, V> memo, K key, V value) {
        keep(memo, key, value, MAX_ENTRIES);
    }

    /** Puts an entry into a memo, emptied first when it holds {@code maxEntries}. */
    public static <K, V> void keep(Map<K, V> memo, K key, V value, int maxEntries) {
        if (memo.size() >= maxEntries) {
            memo.clear();
        }
        memo.put(key, value);
    }
}
