package io.hellocheck.tls;

import java.util.Arrays;

/**
 * Decodes one direction of a TLS connection: records (RFC 8446 section 5.1, RFC 5246 section 6.2.1)
 * and the handshake messages inside them, reassembled across records and TCP segments.
 *
 * <p>Bytes arrive in stream order through {@link #feed}, in chunks of any size; each chunk names the
 * frame that carried it. Nothing is allocated per record; a handshake message is buffered until
 * complete (at most {@link #MAX_HANDSHAKE_BYTES}; larger ones are reported with a null body), in one
 * buffer allocated at the first message and reused, and handed to the listener without a copy.
 * After a ChangeCipherSpec, handshake and alert records of the direction are reported as encrypted,
 * unless {@link #setChangeCipherSpecStartsEncryption} turned that off (TLS 1.3's middlebox
 * compatibility ChangeCipherSpec, RFC 8446 appendix D.4). A malformed record stops decoding of the
 * direction with {@link TlsListener#onProtocolError}. Not thread-safe.
 */
public final class TlsStreamDecoder {
    /** Largest handshake message body kept for decoding, in bytes. */
    public static final int MAX_HANDSHAKE_BYTES = 128 * 1024;
    /** Largest record length accepted: 2^14 plus the 2048 bytes of expansion RFC 5246 allows. */
    public static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;
    private static final int NOT_TLS_SAMPLE = 64;

    private enum Mode { START, RECORDS, RESYNC, STOPPED }

    private final TlsListener listener;
    private Mode mode = Mode.START;
    private final byte[] header = new byte[5];
    private int headerLength;
    private long headerFrame;
    private long headerTime;
    private int recordType = -1;
    private int recordRemaining;
    private boolean recordReported;
    private final byte[] small = new byte[16];
    private int smallLength;
    private boolean encrypted;
    private boolean ccsStartsEncryption = true;
    private long records;
    private long resyncs;

    /** The handshake header being read: type and 24-bit length, big-endian, {@code hsHeaderBytes} of 4 so far. */
    private int hsHeader;
    private int hsHeaderBytes;
    /** Body of the current handshake message from index 0; allocated at the first message, reused. */
    private byte[] hs;
    private int hsLength;
    /** Frame and capture time of each chunk of the current message (header included), allocated when needed. */
    private long[] pieceFrame;
    private long[] pieceTime;
    private int pieces;
    private int skipType = -1;
    private int skipRemaining;
    private int skipLength;
    private long skipFirstFrame;
    private long skipFirstTime;

    public TlsStreamDecoder(TlsListener listener) {
        this.listener = listener;
    }

    /** Whether a ChangeCipherSpec switches this direction to encrypted records (true by default). */
    public void setChangeCipherSpecStartsEncryption(boolean value) {
        ccsStartsEncryption = value;
    }

    /** Marks every later record of this direction as encrypted (TLS 1.3 after the ServerHello). */
    public void startEncryption() {
        encrypted = true;
    }

    /** Whether records of this direction are now encrypted. */
    public boolean isEncrypted() {
        return encrypted;
    }

    /** Whether the stream was recognized as TLS records (at least one valid record header). */
    public boolean isTls() {
        return records > 0;
    }

    /** Whether decoding stopped (not TLS, or a protocol error). */
    public boolean isStopped() {
        return mode == Mode.STOPPED;
    }

    /** Count of record headers read. */
    public long records() {
        return records;
    }

    /**
     * Bytes of the direction were not captured: the record and handshake message in progress are lost, and
     * decoding resumes at the next record boundary found in the bytes that follow (a header of a known content
     * type and version whose record ends at the end of the data at hand or is followed by another such header).
     * A stream that never started as TLS stays stopped.
     */
    public void gap(long bytes, long frame, long timeNanos) {
        if (mode == Mode.STOPPED || mode == Mode.START) {
            if (mode == Mode.START) {
                mode = Mode.STOPPED;
                listener.onProtocolError(bytes + " bytes missing from the capture before any TLS record", frame,
                        timeNanos);
            }
            return;
        }
        mode = Mode.RESYNC;
        recordType = -1;
        headerLength = 0;
        skipRemaining = 0;
        skipType = -1;
        resetHandshake();
        resyncs++;
        listener.onProtocolError(bytes + " bytes missing from the capture; looking for the next record",
                frame, timeNanos);
    }

    /** Times decoding lost its place at a gap and looked for the next record boundary. */
    public long resyncs() {
        return resyncs;
    }

    /** Offset in {@code buf} of the first plausible record header in {@code [off, end)}, or -1. */
    private static int findRecord(byte[] buf, int off, int end) {
        for (int i = off; i + 5 <= end; i++) {
            int len = plausibleHeader(buf, i);
            if (len < 0) {
                continue;
            }
            int next = i + 5 + len;
            if (next == end || (next + 5 <= end && plausibleHeader(buf, next) >= 0)) {
                return i;
            }
        }
        return -1;
    }

    /** The record length when a plausible TLS record header starts at {@code i}, else -1. */
    private static int plausibleHeader(byte[] b, int i) {
        int type = b[i] & 0xff;
        int len = ((b[i + 3] & 0xff) << 8) | (b[i + 4] & 0xff);
        boolean ok = type >= 20 && type <= 23 && b[i + 1] == 3 && (b[i + 2] & 0xff) <= 4 && len > 0
                && len <= MAX_RECORD_LENGTH;
        return ok ? len : -1;
    }

    /**
     * Feeds the next bytes of the stream.
     *
     * @param frame     frame that carried them (from 1)
     * @param timeNanos its capture time, ns since the epoch
     */
    public void feed(byte[] buf, int off, int len, long frame, long timeNanos) {
        int end = off + len;
        if (mode == Mode.RESYNC) {
            int at = findRecord(buf, off, end);
            if (at < 0) {
                return;
            }
            mode = Mode.RECORDS;
            off = at;
        }
        while (off < end && mode != Mode.STOPPED) {
            if (recordType < 0) {
                if (headerLength == 0) {
                    headerFrame = frame;
                    headerTime = timeNanos;
                }
                int n = Math.min(5 - headerLength, end - off);
                System.arraycopy(buf, off, header, headerLength, n);
                headerLength += n;
                off += n;
                if (headerLength < 5) {
                    if (mode == Mode.START && !plausibleStart(headerLength)) {
                        notTls(buf, off, end, frame, timeNanos);
                    }
                    return;
                }
                headerLength = 0;
                if (!startRecord(buf, off, end, frame, timeNanos)) {
                    return;
                }
                continue;
            }
            int n = Math.min(recordRemaining, end - off);
            body(buf, off, n, frame, timeNanos);
            off += n;
            recordRemaining -= n;
            if (recordRemaining == 0) {
                endRecord(frame, timeNanos);
            }
        }
    }

    private boolean plausibleStart(int have) {
        int t = header[0] & 0xff;
        if (t < 20 || t > 24) {
            return false;
        }
        return have < 2 || header[1] == 3;
    }

    private boolean startRecord(byte[] buf, int off, int end, long frame, long timeNanos) {
        int type = header[0] & 0xff;
        int major = header[1] & 0xff;
        int minor = header[2] & 0xff;
        int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        boolean valid = type >= 20 && type <= 24 && major == 3 && minor <= 4 && length <= MAX_RECORD_LENGTH
                && (length > 0 || type == 23);
        if (!valid) {
            if (mode == Mode.START) {
                notTls(buf, off, end, frame, timeNanos);
            } else {
                mode = Mode.STOPPED;
                listener.onProtocolError(String.format("invalid TLS record header %02x %02x%02x length %d",
                        type, major, minor, length), headerFrame, headerTime);
            }
            return false;
        }
        mode = Mode.RECORDS;
        records++;
        recordType = type;
        recordRemaining = length;
        recordReported = false;
        smallLength = 0;
        boolean opaque = type == 23 || type == 24 || (encrypted && (type == 22 || type == 21))
                || (type == 21 && length != 2);
        if (opaque) {
            recordReported = true;
            if (type != 24) {
                listener.onEncryptedRecord(type, length, headerFrame, headerTime);
            }
        }
        if (length == 0) {
            endRecord(frame, timeNanos);
        }
        return true;
    }

    private void body(byte[] buf, int off, int n, long frame, long timeNanos) {
        if (recordReported) {
            return;
        }
        if (recordType == 22) {
            appendHandshake(buf, off, n, frame, timeNanos);
        } else {
            int k = Math.min(n, small.length - smallLength);
            System.arraycopy(buf, off, small, smallLength, k);
            smallLength += k;
        }
    }

    private void endRecord(long frame, long timeNanos) {
        int type = recordType;
        recordType = -1;
        if (recordReported) {
            return;
        }
        if (type == 20) {
            if (ccsStartsEncryption) {
                encrypted = true;
            }
            listener.onChangeCipherSpec(headerFrame, headerTime);
        } else if (type == 21 && smallLength == 2) {
            listener.onAlert(small[0] & 0xff, small[1] & 0xff, frame, timeNanos);
        }
    }

    private void appendHandshake(byte[] buf, int off, int n, long frame, long timeNanos) {
        while (n > 0 && mode != Mode.STOPPED) {
            if (skipRemaining > 0) {
                int k = Math.min(skipRemaining, n);
                skipRemaining -= k;
                off += k;
                n -= k;
                if (skipRemaining == 0) {
                    int type = skipType;
                    skipType = -1;
                    listener.onHandshake(type, null, skipLength,
                            new FrameSpan(new long[] {skipFirstFrame}, skipFirstTime, frame, timeNanos));
                }
                continue;
            }
            addPiece(frame, timeNanos);
            if (hsHeaderBytes < 4) {
                int k = Math.min(n, 4 - hsHeaderBytes);
                for (int i = 0; i < k; i++) {
                    hsHeader = (hsHeader << 8) | (buf[off + i] & 0xff);
                }
                hsHeaderBytes += k;
                off += k;
                n -= k;
                if (hsHeaderBytes < 4) {
                    continue;
                }
                int msgLen = hsHeader & 0xFFFFFF;
                if (msgLen > MAX_HANDSHAKE_BYTES) {
                    skipType = hsHeader >>> 24;
                    skipLength = msgLen;
                    skipRemaining = msgLen;
                    skipFirstFrame = pieceFrame[0];
                    skipFirstTime = pieceTime[0];
                    resetHandshake();
                    continue;
                }
                if (hs == null || hs.length < msgLen) {
                    hs = new byte[Math.max(msgLen, 512)];
                }
            } else {
                int k = Math.min(n, (hsHeader & 0xFFFFFF) - hsLength);
                System.arraycopy(buf, off, hs, hsLength, k);
                hsLength += k;
                off += k;
                n -= k;
            }
            if (hsLength == (hsHeader & 0xFFFFFF)) {
                deliverHandshake(frame, timeNanos);
            }
        }
    }

    /**
     * Hands the complete message to the listener. The body is the decoder's own buffer (valid during the
     * call only, as {@link TlsListener#onHandshake} says): no copy.
     */
    private void deliverHandshake(long lastFrame, long lastTime) {
        FrameSpan span = new FrameSpan(Arrays.copyOf(pieceFrame, pieces), pieceTime[0], lastFrame, lastTime);
        int type = hsHeader >>> 24;
        int length = hsLength;
        byte[] body = hs;
        resetHandshake();
        listener.onHandshake(type, body, length, span);
    }

    private void resetHandshake() {
        hsHeader = 0;
        hsHeaderBytes = 0;
        hsLength = 0;
        pieces = 0;
        if (hs != null && hs.length > 16 * 1024) {
            hs = null;
        }
    }

    /** Notes that a chunk of the current message came in {@code frame} (consecutive duplicates are kept once). */
    private void addPiece(long frame, long time) {
        if (pieces > 0 && pieceFrame[pieces - 1] == frame) {
            return;
        }
        if (pieceFrame == null) {
            pieceFrame = new long[4];
            pieceTime = new long[4];
        } else if (pieces == pieceFrame.length) {
            pieceFrame = Arrays.copyOf(pieceFrame, pieces * 2);
            pieceTime = Arrays.copyOf(pieceTime, pieces * 2);
        }
        pieceFrame[pieces] = frame;
        pieceTime[pieces] = time;
        pieces++;
    }

    private void notTls(byte[] buf, int off, int end, long frame, long timeNanos) {
        int have = Math.min(headerLength == 0 ? 5 : headerLength, 5);
        int extra = Math.min(NOT_TLS_SAMPLE - have, end - off);
        byte[] sample = new byte[have + Math.max(0, extra)];
        System.arraycopy(header, 0, sample, 0, have);
        if (extra > 0) {
            System.arraycopy(buf, off, sample, have, extra);
        }
        mode = Mode.STOPPED;
        listener.onNotTls(sample, headerFrame, headerTime);
    }
}
