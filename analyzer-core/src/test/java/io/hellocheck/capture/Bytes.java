package io.hellocheck.capture;

import java.io.ByteArrayOutputStream;

/**
 * Hand-written byte layouts for reader tests, independent of the test capture writer: each call appends a
 * field in the chosen byte order.
 */
final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean bigEndian;

    static Bytes le() {
        return new Bytes();
    }

    static Bytes be() {
        Bytes b = new Bytes();
        b.bigEndian = true;
        return b;
    }

    Bytes order(boolean be) {
        this.bigEndian = be;
        return this;
    }

    Bytes u8(int v) {
        out.write(v);
        return this;
    }

    Bytes u16(int v) {
        if (bigEndian) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
        return this;
    }

    Bytes u32(long v) {
        int x = (int) v;
        if (bigEndian) {
            out.write(x >>> 24);
            out.write(x >>> 16);
            out.write(x >>> 8);
            out.write(x);
        } else {
            out.write(x);
            out.write(x >>> 8);
            out.write(x >>> 16);
            out.write(x >>> 24);
        }
        return this;
    }

    Bytes u64(long v) {
        return bigEndian ? u32(v >>> 32).u32(v) : u32(v).u32(v >>> 32);
    }

    Bytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    Bytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
