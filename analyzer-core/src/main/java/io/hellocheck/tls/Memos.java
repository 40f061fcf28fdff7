package io.hellocheck.tls;

import java.util.Map;

/** The bound of the fingerprint memos ({@link Ja3.Memo}, {@link Ja4.Memo}). */
final class Memos {
    /** Entries a memo map keeps; one more empties it first. */
    static final int MAX_ENTRIES = 1024;

    private Memos() {
    }

    /** Puts an entry into a memo, emptied first when it holds {@link #MAX_ENTRIES}. */
    static <K, V> void keep(Map<K, V> memo, K key, V value) {
        if (memo.size() >= MAX_ENTRIES) {
            memo.clear();
        }
        memo.put(key, value);
    }
}
