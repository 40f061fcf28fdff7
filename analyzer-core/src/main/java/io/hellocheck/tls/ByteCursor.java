package io.hellocheck.tls;

import java.util.Arrays;
import java.util.Objects;

/**
 * A read cursor over a window of a byte array, for decoding TLS structures (RFC 8446 section 3),
 * in the style of Go's {@code golang.org/x/crypto/cryptobyte}.
 *
 * <p>Reads advance the cursor. Reading a length-prefixed vector ({@link #vector8()},
 * {@link #vector16()}, {@link #vector24()}) returns a new cursor limited to that vector and moves this
 * one past it, so a field can never read past its parent. Any read past the limit throws
 * {@link TlsDecodeException}, the only exception these methods throw; its offset, like
 * {@link #offset()}, counts from the start of the outermost cursor (the message start), so errors
 * point into the message whatever the nesting.
 *
 * <p>The array is not copied: the cursor is a view, valid as long as the array is not changed.
 * Not thread-safe; a cursor is meant to be used by one decoder call.
 */
public final class ByteCursor {
    private final byte[] buf;
    private final int base;   // array index of offset 0 (the outermost cursor's start)
    private final int limit;  // array index one past the last readable byte
    private int pos;          // array index of the next byte

    /**
     * A cursor over {@code buf[off, off + len)}; offsets are reported relative to {@code off}.
     *
     * @throws IndexOutOfBoundsException when the window is not inside the array (a programming error)
     */
    /**
     * A cursor over {@code buf[off, off + len)} for a decoder's entry point, which may be handed any window.
     *
     * @throws NullPointerException when {@code buf} is null
     * @throws TlsDecodeException   when the window is outside the array (at offset 0)
     */
    public static ByteCursor window(byte[] buf, int off, int len) throws TlsDecodeException {
        Objects.requireNonNull(buf, "buf");
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new TlsDecodeException("window [" + off + ", +" + len + ") is outside the " + buf.length
                    + "-byte buffer", 0);
        }
        return new ByteCursor(buf, off, len);
    }

    public ByteCursor(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        this.buf = buf;
        this.base = off;
        this.pos = off;
        this.limit = off + len;
    }

    private ByteCursor(byte[] buf, int base, int pos, int limit) {
        this.buf = buf;
        this.base = base;
        this.pos = pos;
        this.limit = limit;
    }

    /** Bytes left to read. */
    public int remaining() {
        return limit - pos;
    }

    /** Whether no bytes are left. */
    public boolean isEmpty() {
        return pos >= limit;
    }

    /** Offset of the next byte, relative to the start of the outermost cursor. */
    public int offset() {
        return pos - base;
    }

    /** Reads one unsigned byte. */
    public int u8() throws TlsDecodeException {
        need(1);
        return buf[pos++] & 0xff;
    }

    /** Reads a big-endian unsigned 16-bit integer. */
    public int u16() throws TlsDecodeException {
        need(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    /** Reads a big-endian unsigned 24-bit integer. */
    public int u24() throws TlsDecodeException {
        need(3);
        int v = ((buf[pos] & 0xff) << 16) | ((buf[pos + 1] & 0xff) << 8) | (buf[pos + 2] & 0xff);
        pos += 3;
        return v;
    }

    /** Reads {@code n} bytes into a new array. */
    public byte[] bytes(int n) throws TlsDecodeException {
        need(n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** Moves past {@code n} bytes. */
    public void skip(int n) throws TlsDecodeException {
        need(n);
        pos += n;
    }

    /** Reads a vector with a one-byte length prefix ({@code opaque x<0..2^8-1>}) as a sub-cursor. */
    public ByteCursor vector8() throws TlsDecodeException {
        return sub(u8(), 1);
    }

    /** Reads a vector with a two-byte length prefix ({@code <0..2^16-1>}) as a sub-cursor. */
    public ByteCursor vector16() throws TlsDecodeException {
        return sub(u16(), 2);
    }

    /** Reads the next {@code len} bytes, whose two-byte length prefix was just read, as a sub-cursor. */
    ByteCursor vector16Of(int len) throws TlsDecodeException {
        return sub(len, 2);
    }

    /** Reads a vector with a three-byte length prefix ({@code <0..2^24-1>}) as a sub-cursor. */
    public ByteCursor vector24() throws TlsDecodeException {
        return sub(u24(), 3);
    }

    /** Reads the rest of this cursor's window as a sub-cursor, leaving this one empty. */
    public ByteCursor rest() {
        ByteCursor c = new ByteCursor(buf, base, pos, limit);
        pos = limit;
        return c;
    }

    /** The remaining bytes as a new array, without moving. */
    public byte[] peekRemaining() {
        return Arrays.copyOfRange(buf, pos, limit);
    }

    /**
     * Throws unless every byte has been read.
     *
     * @param what the structure, for the message ("server_name extension")
     */
    public void expectEnd(String what) throws TlsDecodeException {
        if (pos != limit) {
            throw new TlsDecodeException(remaining() + " unexpected trailing bytes in " + what, offset());
        }
    }

    private ByteCursor sub(int len, int prefixBytes) throws TlsDecodeException {
        if (len > remaining()) {
            throw new TlsDecodeException("vector length " + len + " exceeds the " + remaining()
                    + " bytes left", offset() - prefixBytes);
        }
        ByteCursor c = new ByteCursor(buf, base, pos, pos + len);
        pos += len;
        return c;
    }

    private void need(int n) throws TlsDecodeException {
        if (n < 0) {
            throw new TlsDecodeException("negative length " + n, offset());
        }
        if (n > limit - pos) {
            throw new TlsDecodeException("truncated: need " + n + " bytes, " + remaining() + " left", offset());
        }
    }
}
