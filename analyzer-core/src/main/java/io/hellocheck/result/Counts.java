package io.hellocheck.result;

/** Counted nouns for the summaries' {@code toString}: "1 capture", "2 captures". */
final class Counts {
    private Counts() {
    }

    /** {@code n} and the noun, with an "s" unless {@code n} is 1. */
    static String of(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }
}
