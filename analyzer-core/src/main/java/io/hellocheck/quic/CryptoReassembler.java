package io.hellocheck.quic;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds one direction's CRYPTO stream of one packet-number space (RFC 9000 section 19.6) from frames
 * arriving in any order, duplicated or overlapping, and cuts it into TLS handshake messages (1-byte type,
 * 3-byte length, body). At most {@value #MAX_BYTES} bytes of stream are kept; data beyond is dropped and
 * {@link #overflowed()} says so.
 */
public final class CryptoReassembler {
    /** Largest stream offset kept, in bytes: a ClientHello with a post-quantum key share fits many times. */
    public static final int MAX_BYTES = 64 * 1024;
    /** Most CRYPTO frames remembered; later ones (a flood of duplicates) are dropped. */
    static final int MAX_FRAMES = 512;

    /** Stream bytes from {@link #base} on; null until needed, and again once everything received is delivered. */
    private byte[] buf;
    /** Stream offset of {@code buf[0]}: everything below was delivered. */
    private int base;
    /** Ranges [start, end) of the stream received from {@link #base} on, each with its frame and time. */
    private final List<long[]> ranges = new ArrayList<>();
    private int contiguous;
    private int delivered;
    private boolean overflowed;

    /** A handshake message: its type, its whole bytes (header included), and the frames that carried them. */
    public record Message(int type, byte[] bytes, List<Long> frames, long firstTimeNanos, long lastTimeNanos,
                          long firstFrame, long lastFrame) {
        /** Body length in bytes, without the 4-byte header. */
        public int bodyLength() {
            return bytes.length - 4;
        }
    }

    /** Adds CRYPTO data {@code src[off .. off+len)} at stream {@code offset}, carried in frame {@code frame}. */
    public void add(long offset, byte[] src, int off, int len, long frame, long timeNanos) {
        if (offset < base) { // a retransmission of delivered bytes: only what lies beyond counts
            long skip = Math.min(len, base - offset);
            off += (int) skip;
            len -= (int) skip;
            offset = base;
        }
        if (len <= 0 || ranges.size() >= MAX_FRAMES) {
            return;
        }
        long end = offset + len;
        if (end > MAX_BYTES) {
            overflowed = true;
            if (offset >= MAX_BYTES) {
                return;
            }
            len = (int) (MAX_BYTES - offset);
            end = MAX_BYTES;
        }
        int need = (int) (end - base);
        if (buf == null || need > buf.length) {
            byte[] b = new byte[Math.max(need, buf == null ? 2048 : Math.min(MAX_BYTES, buf.length * 2))];
            if (buf != null) {
                System.arraycopy(buf, 0, b, 0, buf.length);
            }
            buf = b;
        }
        System.arraycopy(src, off, buf, (int) (offset - base), len);
        ranges.add(new long[] {offset, end, frame, timeNanos});
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        int c = contiguous;
        for (long[] r : ranges) {
            if (r[0] <= c && r[1] > c) {
                c = (int) r[1];
            }
        }
        contiguous = c;
    }

    /** The next complete handshake message, or null when its bytes have not all arrived yet. */
    public Message next() {
        if (contiguous - delivered < 4) {
            return null;
        }
        int at = delivered - base;
        int length = ((buf[at + 1] & 0xff) << 16) | ((buf[at + 2] & 0xff) << 8) | (buf[at + 3] & 0xff);
        if (contiguous - delivered - 4 < length) {
            return null;
        }
        int start = delivered;
        int end = start + 4 + length;
        byte[] bytes = new byte[4 + length];
        System.arraycopy(buf, at, bytes, 0, bytes.length);
        List<Long> frames = new ArrayList<>();
        long firstTime = Long.MAX_VALUE;
        long lastTime = Long.MIN_VALUE;
        long firstFrame = Long.MAX_VALUE;
        long lastFrame = Long.MIN_VALUE;
        for (long[] r : ranges) {
            if (r[0] < end && r[1] > start) {
                if (!frames.contains(r[2])) {
                    frames.add(r[2]);
                }
                if (r[2] < firstFrame) {
                    firstFrame = r[2];
                    firstTime = r[3];
                }
                if (r[2] > lastFrame) {
                    lastFrame = r[2];
                    lastTime = r[3];
                }
            }
        }
        frames.sort(null);
        delivered = end;
        if (delivered == contiguous && ranges.stream().allMatch(r -> r[1] <= end)) {
            // everything received is delivered: let the buffer go until more comes
            buf = null;
            base = delivered;
            ranges.clear();
        }
        return new Message(bytes[0] & 0xff, bytes, List.copyOf(frames), firstTime, lastTime, firstFrame, lastFrame);
    }

    /** Whether stream data past {@value #MAX_BYTES} bytes was dropped. */
    public boolean overflowed() {
        return overflowed;
    }
}
