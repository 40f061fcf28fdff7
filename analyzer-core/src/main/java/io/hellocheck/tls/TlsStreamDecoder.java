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
 * After a ChangeCipherSpec, handshake and alert records of the direction are reported as encrypted (not an
 * alert record of 2 bytes, too short for a MAC or AEAD tag: it is read as a clear-text alert),
 * unless {@link #setChangeCipherSpecStartsEncryption} turned that off (TLS 1.3's middlebox
 * compatibility ChangeCipherSpec, RFC 8446 appendix D.4). A malformed record stops decoding of the
 * direction with {@link TlsListener#onProtocolError}. Not thread-safe.
 *
 * <p>SSL 2.0 records (2-byte header with the high bit set, or 3-byte header) are read when the stream
 * starts with one: an SSLv2 CLIENT-HELLO (also the SSLv2-compatible hello of TLS clients, RFC 5246
 * appendix E.2), SERVER-HELLO or ERROR. After an SSLv2 CLIENT-HELLO the next record tells whether the
 * server answered in TLS (the client goes on with TLS records) or in SSLv2 (a CLIENT-MASTER-KEY follows).
 * SSLv2 messages reach {@link TlsListener#onSslV2Message}: the first record of a direction (and a client's
 * second, its CLIENT-MASTER-KEY) in the clear, later ones as encrypted.
 *
 * <p>With a {@link RecordDecryptor} ({@link #setDecryptor}, when a key log has the session's secrets), each
 * record that would be reported as encrypted is buffered whole and opened: its handshake messages and alerts
 * reach {@link TlsListener#onDecryptedHandshake} and {@link TlsListener#onDecryptedAlert}, then
 * {@link TlsListener#onDecryptedRecord}; a record that does not open is reported as encrypted, as without keys.
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
    /** The first bytes of a record that is not a handshake record (an alert's two), made at the first such record. */
    private byte[] small;
    private int smallLength;
    private boolean encrypted;
    private boolean ccsStartsEncryption = true;
    private long records;
    private long resyncs;

    /** Removes record protection when the session's keys are known; null otherwise. */
    private RecordDecryptor decryptor;
    /** The protected record being buffered for the decryptor, allocated at the first one. */
    private byte[] sealed;
    private int sealedLength;
    private boolean sealing;
    /** Whether the handshake message being assembled came out of decrypted records. */
    private boolean fromDecrypted;

    /** The handshake header being read: type and 24-bit length, big-endian, {@code hsHeaderBytes} of 4 so far. */
    private int hsHeader;
    private int hsHeaderBytes;
    /** Body of the current handshake message from index 0; allocated at the first message, reused. */
    private byte[] hs;
    private int hsLength;
    /** Frame of each chunk of the current message (header included), allocated when needed. */
    private long[] pieceFrame;
    /** Capture time of the current message's first frame. */
    private long firstPieceTime;
    private int pieces;
    private int skipType = -1;
    private int skipRemaining;
    private int skipLength;
    private long skipFirstFrame;
    private long skipFirstTime;
    private byte[] skipPrefix;

    // SSLv2 records
    private static final int V2_MAX_RECORD = 0x7fff;
    private boolean v2Active;
    private boolean v2Locked;
    private int v2Records;
    private int v2FirstType = -1;
    private byte[] v2Header;
    private int v2HeaderLength;
    private int v2Need = -1;
    private int v2Padding;
    /** The SSLv2 record being read; allocated when SSLv2 is first seen (most streams never are). */
    private byte[] v2Body;
    private int v2Length;

    public TlsStreamDecoder(TlsListener listener) {
        this.listener = listener;
    }

    /** Whether a ChangeCipherSpec switches this direction to encrypted records (true by default). */
    public void setChangeCipherSpecStartsEncryption(boolean value) {
        ccsStartsEncryption = value;
    }

    /**
     * Opens this direction's protected records with {@code d} from the next record on (null: report them as
     * encrypted again).
     */
    public void setDecryptor(RecordDecryptor d) {
        decryptor = d;
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
     * A stream that never started as TLS stays stopped. A handshake message in progress is first handed to
     * {@link TlsListener#onTruncatedHandshake} with the bytes read of it.
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
        sealing = false;
        skipRemaining = 0;
        skipType = -1;
        if (hsHeaderBytes == 4 && hsLength > 0 && pieces > 0 && !encrypted) {
            int type = hsHeader >>> 24;
            int have = hsLength;
            byte[] body = hs;
            FrameSpan span = span(frame, timeNanos);
            listener.onTruncatedHandshake(type, body, have, hsHeader & 0xFFFFFF, span);
        }
        resetHandshake();
        resyncs++;
        listener.onProtocolError(bytes + " bytes missing from the capture; looking for the next record",
                frame, timeNanos);
    }

    /**
     * Bytes of the record being read that have not arrived yet: its length less what was fed (or skipped) of its body;
     * 0 between records, while a header is read, in SSLv2 and when decoding stopped or looks for a record.
     */
    public int recordBytesMissing() {
        return mode == Mode.RECORDS && recordType >= 0 && !v2Active ? recordRemaining : 0;
    }

    /** The length of the record being read ({@link #recordBytesMissing}), from its header, without the header. */
    public int recordLength() {
        return ((header[3] & 0xff) << 8) | (header[4] & 0xff);
    }

    /** Frame of the header of the record being read ({@link #recordBytesMissing}). */
    public long recordFrame() {
        return headerFrame;
    }

    /** Capture time of {@link #recordFrame}, in nanoseconds since the epoch. */
    public long recordTimeNanos() {
        return headerTime;
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
            if (v2Active || (recordType < 0 && headerLength == 0 && startsV2(buf[off]))) {
                off = feedV2(buf, off, end, frame, timeNanos);
                continue;
            }
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

    /**
     * Takes up to {@code len} of the next stream bytes without reading them, when they are the body of a record
     * already reported as opaque through {@link TlsListener#onEncryptedRecord} (application data, an encrypted
     * record: nothing of its body is decoded) or when decoding stopped: the same as {@link #feed} of those bytes,
     * without their content.
     *
     * @param len bytes available at the head of the stream, at least 0
     * @return the bytes taken, from 0 (the next byte must be read: a record header, a handshake or alert body, a
     *         record being decrypted, SSLv2 or a search for a record) to {@code len}
     */
    public int skipOpaque(int len) {
        if (mode == Mode.STOPPED) {
            return len;
        }
        if (mode != Mode.RECORDS || recordType < 0 || !recordReported || sealing || v2Active) {
            return 0;
        }
        int n = Math.min(len, recordRemaining);
        recordRemaining -= n;
        if (recordRemaining == 0) {
            recordType = -1; // endRecord of a reported record: nothing more to say of it
        }
        return n;
    }

    private boolean startsV2(byte first) {
        return (mode == Mode.START || v2Records > 0) && ((first & 0x80) != 0 || v2Locked);
    }

    /** Reads SSLv2 record bytes from {@code buf[off, end)}; returns the offset after those consumed. */
    private int feedV2(byte[] buf, int off, int end, long frame, long timeNanos) {
        if (v2Body == null) {
            v2Body = new byte[256];
            v2Header = new byte[3];
        }
        if (!v2Active) {
            v2Active = true;
            v2HeaderLength = 0;
            v2Need = -1;
            v2Length = 0;
            pieces = 0;
        }
        addPiece(frame, timeNanos);
        if (v2Need < 0) {
            int headerSize = (v2HeaderLength > 0 ? v2Header[0] : buf[off]) < 0 ? 2 : 3;
            int n = Math.min(headerSize - v2HeaderLength, end - off);
            System.arraycopy(buf, off, v2Header, v2HeaderLength, n);
            v2HeaderLength += n;
            off += n;
            if (v2HeaderLength < headerSize) {
                return off;
            }
            if (headerSize == 2) {
                v2Need = ((v2Header[0] & 0x7f) << 8) | (v2Header[1] & 0xff);
                v2Padding = 0;
            } else {
                v2Need = ((v2Header[0] & 0x3f) << 8) | (v2Header[1] & 0xff);
                v2Padding = v2Header[2] & 0xff;
            }
            if (v2Need == 0) {
                return stopV2("empty SSLv2 record", buf, off, end);
            }
        }
        int n = Math.min(v2Need - v2Length, end - off);
        boolean keep = v2Records < 2;
        if (keep) {
            if (v2Length + n > v2Body.length) {
                v2Body = Arrays.copyOf(v2Body, Math.min(V2_MAX_RECORD, Math.max(v2Length + n, v2Body.length * 2)));
            }
            System.arraycopy(buf, off, v2Body, v2Length, n);
        }
        v2Length += n;
        off += n;
        if (mode == Mode.START && keep && !plausibleV2Start()) {
            return stopV2(null, buf, off, end);
        }
        if (v2Length < v2Need) {
            return off;
        }
        endV2Record(frame, timeNanos);
        return off;
    }

    /** At the stream's start: whether the first SSLv2 bytes read so far can begin a hello or an error. */
    private boolean plausibleV2Start() {
        if (v2HeaderLength != 2 || v2Length < 1) {
            return v2HeaderLength == 2;
        }
        int type = v2Body[0] & 0xff;
        switch (type) {
            case SslV2.ERROR:
                return v2Need == 3;
            case SslV2.CLIENT_HELLO:
                if (v2Need < 9 + 3 + 16) {
                    return false;
                }
                if (v2Length >= 3) {
                    int version = ((v2Body[1] & 0xff) << 8) | (v2Body[2] & 0xff);
                    return version == SslV2.VERSION || (version >= 0x0300 && version <= 0x0304);
                }
                return true;
            case SslV2.SERVER_HELLO:
                if (v2Need < 11) {
                    return false;
                }
                if (v2Length >= 5) {
                    return (v2Body[1] == 0 || v2Body[1] == 1) && v2Body[3] == 0 && v2Body[4] == 2;
                }
                return true;
            default:
                return false;
        }
    }

    private void endV2Record(long lastFrame, long lastTime) {
        v2Active = false;
        mode = Mode.RECORDS;
        records++;
        int index = v2Records++;
        int type = -1;
        boolean clear = index == 0 || (index == 1 && v2FirstType == SslV2.CLIENT_HELLO);
        if (clear) {
            type = v2Body[0] & 0xff;
            if (index == 0) {
                v2FirstType = type;
                v2Locked = type != SslV2.CLIENT_HELLO;
            } else {
                v2Locked = true;
            }
        }
        FrameSpan span = span(lastFrame, lastTime);
        if (clear) {
            byte[] body = Arrays.copyOf(v2Body, v2Length);
            listener.onSslV2Message(type, body, v2Length, span);
        } else {
            listener.onSslV2Message(-1, null, v2Length - v2Padding, span);
        }
        if (v2Body.length > 4096) {
            v2Body = new byte[256];
        }
        pieces = 0;
    }

    private int stopV2(String why, byte[] buf, int off, int end) {
        v2Active = false;
        long frame = pieceFrame[0];
        long time = firstPieceTime;
        if (mode == Mode.START) {
            byte[] sample = new byte[NOT_TLS_SAMPLE];
            int n = 0;
            for (int i = 0; i < v2HeaderLength && n < sample.length; i++) {
                sample[n++] = v2Header[i];
            }
            for (int i = 0; i < v2Length && n < sample.length; i++) {
                sample[n++] = v2Body[i];
            }
            for (int i = off; i < end && n < sample.length; i++) {
                sample[n++] = buf[i];
            }
            sample = Arrays.copyOf(sample, n);
            mode = Mode.STOPPED;
            listener.onNotTls(sample, frame, time);
        } else {
            mode = Mode.STOPPED;
            listener.onProtocolError(why, frame, time);
        }
        return end;
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
        // An empty handshake record is against RFC 8446 section 5.1 but harmless: skipped, as Wireshark does, so
        // that the ClientHello after it is read; an empty alert or ChangeCipherSpec cannot be read as one.
        boolean valid = type >= 20 && type <= 24 && major == 3 && minor <= 4 && length <= MAX_RECORD_LENGTH
                && (length > 0 || type == 23 || type == 22);
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
        // an alert record of 2 bytes is clear text even after the switch: a protected one carries at least a
        // 16-byte MAC or AEAD tag (RFC 5246 section 6.2.3, RFC 8446 section 5.2); a TLS 1.3 peer that has not
        // switched its writing keys yet sends such alerts (OpenSSL's client rejecting the server's certificate)
        boolean opaque = type == 23 || type == 24 || (encrypted && type == 22) || (type == 21 && length != 2);
        sealing = opaque && decryptor != null && type != 24;
        if (sealing) {
            if (sealed == null) {
                sealed = new byte[MAX_RECORD_LENGTH];
            }
            sealedLength = 0;
        } else if (opaque) {
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
        if (sealing) {
            System.arraycopy(buf, off, sealed, sealedLength, n);
            sealedLength += n;
            return;
        }
        if (recordReported) {
            return;
        }
        if (recordType == 22) {
            appendHandshake(buf, off, n, frame, timeNanos);
        } else {
            if (small == null) {
                small = new byte[16];
            }
            int k = Math.min(n, small.length - smallLength);
            System.arraycopy(buf, off, small, smallLength, k);
            smallLength += k;
        }
    }

    private void endRecord(long frame, long timeNanos) {
        int type = recordType;
        recordType = -1;
        if (sealing) {
            sealing = false;
            openSealed(type, frame, timeNanos);
            return;
        }
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

    /**
     * Hands the buffered protected record to the decryptor: its plaintext is read as the inner content type says,
     * or, when it does not open, the record is reported as encrypted.
     */
    private void openSealed(int type, long frame, long timeNanos) {
        int version = ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        int n = decryptor.open(type, version, sealed, sealedLength);
        if (n < 0) {
            listener.onEncryptedRecord(type, sealedLength, headerFrame, headerTime);
            return;
        }
        int inner = decryptor.contentType();
        byte[] plain = decryptor.plaintext();
        if (inner == 22) {
            if (!fromDecrypted) {
                resetHandshake();
                fromDecrypted = true;
            }
            appendHandshake(plain, 0, n, frame, timeNanos);
        } else if (inner == 21 && n == 2) {
            listener.onDecryptedAlert(plain[0] & 0xff, plain[1] & 0xff, frame, timeNanos);
        }
        listener.onDecryptedRecord(inner, n, sealedLength, headerFrame, headerTime);
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
                    byte[] prefix = skipPrefix;
                    skipType = -1;
                    skipPrefix = null;
                    listener.onOversizedHandshake(type, prefix, skipLength,
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
                int kept = Math.min(hsHeader & 0xFFFFFF, MAX_HANDSHAKE_BYTES);
                if (hs == null || hs.length < kept) {
                    hs = new byte[Math.max(kept, 512)];
                }
            } else {
                int kept = Math.min(hsHeader & 0xFFFFFF, MAX_HANDSHAKE_BYTES);
                int k = Math.min(n, kept - hsLength);
                System.arraycopy(buf, off, hs, hsLength, k);
                hsLength += k;
                off += k;
                n -= k;
            }
            int msgLen = hsHeader & 0xFFFFFF;
            if (msgLen > MAX_HANDSHAKE_BYTES && hsLength == MAX_HANDSHAKE_BYTES) {
                // The first MAX_HANDSHAKE_BYTES are kept; the rest is only counted.
                skipType = hsHeader >>> 24;
                skipLength = msgLen;
                skipRemaining = msgLen - MAX_HANDSHAKE_BYTES;
                skipFirstFrame = pieceFrame[0];
                skipFirstTime = firstPieceTime;
                skipPrefix = Arrays.copyOf(hs, hsLength);
                resetHandshake();
                continue;
            }
            if (msgLen <= MAX_HANDSHAKE_BYTES && hsLength == msgLen) {
                deliverHandshake(frame, timeNanos);
            }
        }
    }

    /**
     * Hands the complete message to the listener. The body is the decoder's own buffer (valid during the
     * call only, as {@link TlsListener#onHandshake} says): no copy.
     */
    private void deliverHandshake(long lastFrame, long lastTime) {
        FrameSpan span = span(lastFrame, lastTime);
        int type = hsHeader >>> 24;
        int length = hsLength;
        byte[] body = hs;
        resetHandshake();
        if (fromDecrypted) {
            listener.onDecryptedHandshake(type, body, length, span);
        } else {
            listener.onHandshake(type, body, length, span);
        }
    }

    /** The frames of the current message ({@link #addPiece} keeps each frame once), first to last. */
    private FrameSpan span(long lastFrame, long lastTime) {
        return new FrameSpan(Arrays.copyOf(pieceFrame, pieces), firstPieceTime, lastFrame, lastTime);
    }

    private void resetHandshake() {
        hsHeader = 0;
        hsHeaderBytes = 0;
        hsLength = 0;
        pieces = 0;
        if (hs != null && hs.length > 512) {
            hs = null;      // a buffer the size of a ClientHello is not kept while the connection waits
        }
    }

    /** Notes that a chunk of the current message came in {@code frame} (consecutive duplicates are kept once). */
    private void addPiece(long frame, long time) {
        if (pieces > 0 && pieceFrame[pieces - 1] == frame) {
            return;
        }
        if (pieceFrame == null) {
            pieceFrame = new long[4];
        } else if (pieces == pieceFrame.length) {
            pieceFrame = Arrays.copyOf(pieceFrame, pieces * 2);
        }
        if (pieces == 0) {
            firstPieceTime = time;
        }
        pieceFrame[pieces] = frame;
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
