package io.hellocheck.batch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A gzip decompressing stream (RFC 1952, concatenated members read one after the other) that returns what
 * each {@link Inflater#inflate} call produced at once. commons-compress's {@code GzipCompressorInputStream}
 * keeps inflating until the caller's buffer is full and, when the compressed data ends first, throws the
 * bytes of that call away with its {@code EOFException}: on a gzip stream cut short, up to a whole read
 * (64 KiB in the batch) of good data was lost, all of it on a small file. Here every byte the inflater can
 * produce before the cut is returned, and only the next read throws the {@link EOFException}.
 */
final class GzipStream extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    /** Inside a member's deflate data (between its header and its trailer). */
    private boolean inMember;
    private boolean ended;
    private boolean closed;

    /** Reads the first member's header: throws when it is not gzip, or cut short ({@link EOFException}). */
    GzipStream(InputStream in) throws IOException {
        this.in = in;
        header(true); // an empty stream is "not in the gzip format"
    }

    /** Next byte of compressed input, or -1 at its end. */
    private int next() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    private int need(String what) throws IOException {
        int b = next();
        if (b < 0) {
            throw new EOFException("gzip " + what + " cut short (unexpected end of the gzip stream)");
        }
        return b;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            pos = lim = 0;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    /** Reads a member header; false at the end of the input before a further member (never for the first). */
    private boolean header(boolean first) throws IOException {
        int id1 = next();
        if (id1 < 0 && !first) {
            return false;
        }
        if (id1 != 0x1f || need("header") != 0x8b) {
            throw new IOException(first ? "not in the gzip format" : "garbage after a gzip member");
        }
        if (need("header") != 8) {
            throw new IOException("unsupported gzip compression method");
        }
        int flags = need("header");
        if ((flags & 0xe0) != 0) {
            throw new IOException("reserved gzip header flags are set");
        }
        for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
            need("header");
        }
        if ((flags & FEXTRA) != 0) {
            int xlen = need("header") | (need("header") << 8);
            for (int i = 0; i < xlen; i++) {
                need("header");
            }
        }
        if ((flags & FNAME) != 0) {
            while (need("header") != 0) {
                // the original file name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (need("header") != 0) {
                // the comment
            }
        }
        if ((flags & FHCRC) != 0) {
            need("header");
            need("header");
        }
        inflater.reset();
        crc.reset();
        inMember = true;
        return true;
    }

    private void trailer() throws IOException {
        long expectedCrc = 0;
        for (int i = 0; i < 4; i++) {
            expectedCrc |= (long) need("trailer") << (8 * i);
        }
        long size = 0;
        for (int i = 0; i < 4; i++) {
            size |= (long) need("trailer") << (8 * i);
        }
        if (expectedCrc != crc.getValue()) {
            throw new IOException("gzip CRC32 mismatch: the data is corrupt");
        }
        if (size != (inflater.getBytesWritten() & 0xffffffffL)) {
            throw new IOException("gzip size mismatch: the data is corrupt");
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            if (!inMember) {
                if (!header(false)) {
                    ended = true;
                    break;
                }
            }
            if (inflater.needsInput()) {
                if (pos == lim && !fill()) {
                    throw new EOFException("unexpected end of the gzip stream (cut short)");
                }
                inflater.setInput(buf, pos, lim - pos);
                pos = lim;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                pos = lim - inflater.getRemaining(); // the rest of the buffer: trailer, then maybe a next member
                inMember = false;
                trailer();
            } else if (inflater.needsDictionary()) {
                throw new IOException("a preset dictionary is required");
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            inflater.end();
            in.close();
        }
    }
}
