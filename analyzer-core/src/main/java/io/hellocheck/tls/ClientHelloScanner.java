package io.hellocheck.tls;

import java.util.Arrays;

/**
 * Finds a TLS ClientHello by content in the first {@link #SEARCH_BYTES} of a client's stream, after bytes of a
 * protocol we do not know (a tunnel, a proprietary handshake): a record header (RFC 8446 section 5.1: type 22,
 * version 3.x, a length) whose record carries a whole ClientHello handshake message (type 1, a 24-bit length
 * that fits the record) that {@link ClientHello#parse} decodes.
 *
 * <p>Bytes are fed in stream order. Until a candidate header is seen, only the last 8 bytes are kept (a header
 * may straddle segments); from a candidate on, its bytes are kept until its ClientHello is complete (at most
 * one record, 18 KiB). When the hello parses, {@link #replay} hands the stream from its first byte to the end
 * of the bytes fed, chunk by chunk with the frame and time of each, so that a record decoder can start there.
 * Not thread-safe; one per connection.
 */
public final class ClientHelloScanner {
    /** Bytes of the client's stream in which a ClientHello may start. */
    public static final int SEARCH_BYTES = 16 * 1024;
    /** {@link #feed}: no ClientHello yet; feed more. */
    public static final int MORE = 0;
    /** {@link #feed}: a ClientHello was found; see {@link #replay}. */
    public static final int FOUND = 1;
    /** {@link #feed}: none in the first {@link #SEARCH_BYTES}. */
    public static final int GAVE_UP = 2;
    /** Record header (5) and handshake header (4). */
    private static final int HEADERS = 9;
    /** The shortest ClientHello body: version, random, three empty vectors but one suite and one method. */
    private static final int MIN_HELLO_BODY = 2 + 32 + 1 + 4 + 2;
    private static final int MAX_CHUNKS = 64;

    /** Receives the replayed stream. */
    @FunctionalInterface
    public interface Sink {
        void accept(byte[] b, int off, int len, long frame, long timeNanos);
    }

    private byte[] held = new byte[64];
    private int heldLength;
    /** Stream offset of {@code held[0]}. */
    private long heldStart;
    /** Where the search goes on in {@code held}. */
    private int scanAt;
    /** A candidate record header's index in {@code held}, or -1. */
    private int candidate = -1;
    private int state = MORE;
    /** Stream offset, frame and time of each chunk that held bytes came in, oldest first. */
    private long[] chunkStart = new long[4];
    private long[] chunkFrame = new long[4];
    private long[] chunkTime = new long[4];
    private int chunks;

    /**
     * Feeds the client's next bytes.
     *
     * @return {@link #MORE}, {@link #FOUND} (also for every call after it) or {@link #GAVE_UP}
     */
    public int feed(byte[] b, int off, int len, long frame, long timeNanos) {
        if (state != MORE || len <= 0) {
            return state;
        }
        append(b, off, len, frame, timeNanos);
        while (true) {
            if (candidate < 0) {
                candidate = search();
                if (candidate < 0) {
                    forget(Math.max(0, heldLength - (HEADERS - 1)));
                    if (heldStart + heldLength - (HEADERS - 1) >= SEARCH_BYTES) {
                        state = GAVE_UP;
                        release();
                    }
                    return state;
                }
                forget(candidate);
                candidate = 0;
            }
            int body = u24(held, candidate + 6);
            if (heldLength - candidate < HEADERS + body) {
                return state;
            }
            if (parses(body)) {
                state = FOUND;
                return state;
            }
            scanAt = candidate + 1;
            candidate = -1;
        }
    }

    /** Stream offset of the ClientHello record's first byte (valid after {@link #FOUND}). */
    public long helloOffset() {
        return heldStart + candidate;
    }

    /** The frame that carried the ClientHello record's first byte (valid after {@link #FOUND}). */
    public long helloFrame() {
        return chunkFrame[chunkOf(helloOffset())];
    }

    /** Whether bytes of the frame that carried the ClientHello's first byte come before it (valid after FOUND). */
    public boolean helloFrameCarriesPreamble() {
        return chunkStart[chunkOf(helloOffset())] < helloOffset();
    }

    /** Hands the stream from the ClientHello's first byte to the end of the bytes fed (after {@link #FOUND}). */
    public void replay(Sink sink) {
        long from = helloOffset();
        long end = heldStart + heldLength;
        for (int k = chunkOf(from); k < chunks; k++) {
            long s = Math.max(from, chunkStart[k]);
            long e = k + 1 < chunks ? chunkStart[k + 1] : end;
            if (e > s) {
                sink.accept(held, (int) (s - heldStart), (int) (e - s), chunkFrame[k], chunkTime[k]);
            }
        }
        release();
    }

    private int chunkOf(long offset) {
        int k = 0;
        while (k + 1 < chunks && chunkStart[k + 1] <= offset) {
            k++;
        }
        return k;
    }

    /** Index in {@code held} of the first plausible ClientHello record header from {@link #scanAt}, or -1. */
    private int search() {
        for (int p = scanAt; p + HEADERS <= heldLength; p++) {
            if (heldStart + p >= SEARCH_BYTES) {
                return -1;
            }
            if (held[p] != 22 || held[p + 1] != 3 || (held[p + 2] & 0xff) > 4 || held[p + 5] != 1) {
                continue;
            }
            int record = ((held[p + 3] & 0xff) << 8) | (held[p + 4] & 0xff);
            int body = u24(held, p + 6);
            if (body >= MIN_HELLO_BODY && body + 4 <= record && record <= TlsStreamDecoder.MAX_RECORD_LENGTH) {
                return p;
            }
        }
        scanAt = Math.max(scanAt, heldLength - (HEADERS - 1));
        return -1;
    }

    private boolean parses(int body) {
        try {
            ClientHello.parse(held, candidate + HEADERS, body);
            return true;
        } catch (TlsDecodeException e) {
            return false;
        }
    }

    private void append(byte[] b, int off, int len, long frame, long timeNanos) {
        if (heldLength + len > held.length) {
            held = Arrays.copyOf(held, Math.max(heldLength + len, held.length * 2));
        }
        System.arraycopy(b, off, held, heldLength, len);
        long start = heldStart + heldLength;
        heldLength += len;
        if (chunks == MAX_CHUNKS) {
            // the oldest chunks before the candidate are dropped by forget(); beyond that, merge into the last
            chunkFrame[chunks - 1] = frame;
            chunkTime[chunks - 1] = timeNanos;
            return;
        }
        if (chunks == chunkStart.length) {
            chunkStart = Arrays.copyOf(chunkStart, chunks * 2);
            chunkFrame = Arrays.copyOf(chunkFrame, chunks * 2);
            chunkTime = Arrays.copyOf(chunkTime, chunks * 2);
        }
        chunkStart[chunks] = start;
        chunkFrame[chunks] = frame;
        chunkTime[chunks] = timeNanos;
        chunks++;
    }

    /** Drops the held bytes before index {@code n} and the chunks that end before them. */
    private void forget(int n) {
        if (n <= 0) {
            return;
        }
        System.arraycopy(held, n, held, 0, heldLength - n);
        heldLength -= n;
        heldStart += n;
        scanAt = Math.max(0, scanAt - n);
        int k = chunkOf(heldStart);
        if (k > 0) {
            System.arraycopy(chunkStart, k, chunkStart, 0, chunks - k);
            System.arraycopy(chunkFrame, k, chunkFrame, 0, chunks - k);
            System.arraycopy(chunkTime, k, chunkTime, 0, chunks - k);
            chunks -= k;
        }
        if (held.length > 4096 && heldLength < 1024) {
            held = Arrays.copyOf(held, 1024);
        }
    }

    private void release() {
        held = new byte[0];
        heldLength = 0;
    }

    private static int u24(byte[] b, int i) {
        return ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
    }
}
