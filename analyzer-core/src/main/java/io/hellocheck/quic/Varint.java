package io.hellocheck.quic;

/**
 * QUIC variable-length integers (RFC 9000 section 16): the two high bits of the first byte give the length,
 * 1, 2, 4 or 8 bytes. Reads from a byte array with a position kept by the caller.
 */
final class Varint {
    private Varint() {
    }

    /** Length in bytes of the varint starting with byte {@code first}. */
    static int length(int first) {
        return 1 << ((first & 0xff) >>> 6);
    }

    /** The varint at {@code d[p]}, or -1 when it runs past {@code end}. */
    static long read(byte[] d, int p, int end) {
        if (p >= end) {
            return -1;
        }
        int n = length(d[p]);
        if (end - p < n) {
            return -1;
        }
        long v = d[p] & 0x3f;
        for (int i = 1; i < n; i++) {
            v = (v << 8) | (d[p + i] & 0xff);
        }
        return v;
    }
}
