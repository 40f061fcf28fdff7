package io.hellocheck.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of a capture file, as the issue-12 sweep made them: byte flips, 32-bit and 16-bit fields
 * (record lengths, IP and TLS lengths) set to edge values, cuts, a chunk repeated, deleted or moved, and stacks
 * of these. The same seed gives the same mutant.
 */
final class Mutants {
    private static final int[] EDGES = {0, 1, 0x7fffffff, 0xffffffff, 0x80000000, 0xffff, 0x10000, 16 << 20};

    private Mutants() {
    }

    /** The kinds of mutation, for the counts. */
    static final String[] KINDS = {"flip", "field32", "field16", "cut", "repeat", "delete", "move", "stacked"};

    /** The mutant of {@code original} for {@code kind} (an index in {@link #KINDS}). */
    static byte[] mutate(byte[] original, int kind, Random rnd) {
        if (kind == KINDS.length - 1) {
            byte[] b = original;
            for (int i = 2 + rnd.nextInt(3); i > 0; i--) {
                b = mutate(b, rnd.nextInt(KINDS.length - 1), rnd);
            }
            return b;
        }
        byte[] b = original.clone();
        if (b.length < 32) {
            return b;
        }
        switch (kind) {
            case 0 -> {
                for (int i = 1 + rnd.nextInt(8); i > 0; i--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> {
                int at = rnd.nextInt(b.length - 4);
                ByteBuffer.wrap(b).order(rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                        .putInt(at, EDGES[rnd.nextInt(EDGES.length)]);
            }
            case 2 -> {
                int at = rnd.nextInt(b.length - 2);
                int v = rnd.nextBoolean() ? EDGES[rnd.nextInt(EDGES.length)] : rnd.nextInt(1 << 16);
                b[at] = (byte) (v >> 8);
                b[at + 1] = (byte) v;
            }
            case 3 -> {
                return Arrays.copyOf(b, 24 + rnd.nextInt(b.length - 24));
            }
            case 4 -> {
                int from = rnd.nextInt(b.length);
                int len = Math.min(1 + rnd.nextInt(256), b.length - from);
                return splice(b, from + len, Arrays.copyOfRange(b, from, from + len), 0);
            }
            case 5 -> {
                int from = 24 + rnd.nextInt(b.length - 24);
                int len = Math.min(1 + rnd.nextInt(256), b.length - from);
                return splice(b, from, new byte[0], len);
            }
            default -> {
                int from = 24 + rnd.nextInt(b.length - 24);
                int len = Math.min(1 + rnd.nextInt(512), b.length - from);
                byte[] chunk = Arrays.copyOfRange(b, from, from + len);
                byte[] rest = splice(b, from, new byte[0], len);
                return splice(rest, 24 + rnd.nextInt(rest.length - 23), chunk, 0);
            }
        }
        return b;
    }

    /** {@code b} with {@code remove} bytes at {@code at} replaced by {@code insert}. */
    private static byte[] splice(byte[] b, int at, byte[] insert, int remove) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }
}
