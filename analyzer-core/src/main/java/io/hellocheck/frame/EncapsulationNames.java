package io.hellocheck.frame;

/**
 * The text of an encapsulation chain, from its code (one byte per layer, outermost in the highest byte used),
 * cached so that a chain's string is made once and decoding a frame allocates nothing.
 */
final class EncapsulationNames {

    private static final int SLOTS = 128;
    private static final int MAX_CACHED = 96;

    private final String[] names;
    private final long[] keys = new long[SLOTS];
    private final String[] values = new String[SLOTS];
    private int cached;

    /** @param names the name of each layer code (index 0 unused) */
    EncapsulationNames(String[] names) {
        this.names = names;
    }

    /** The chain's name, its layers' names joined with "/", or null for no layer. */
    String name(long chain, int layers) {
        if (layers == 0) {
            return null;
        }
        if (layers == 1) {
            return names[(int) chain];
        }
        long h = chain * 0x9E3779B97F4A7C15L;
        int i = (int) (h >>> 57) & (SLOTS - 1);
        while (true) {
            if (keys[i] == chain && values[i] != null) {
                return values[i];
            }
            if (values[i] == null) {
                break;
            }
            i = (i + 1) & (SLOTS - 1);
        }
        String s = build(chain, layers);
        if (cached < MAX_CACHED) {
            keys[i] = chain;
            values[i] = s;
            cached++;
        }
        return s;
    }

    private String build(long chain, int layers) {
        StringBuilder sb = new StringBuilder();
        for (int k = layers - 1; k >= 0; k--) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(names[(int) (chain >>> (8 * k)) & 0xFF]);
        }
        return sb.toString();
    }
}
