package io.hellocheck.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streaming reader for pcap and pcapng captures, gzipped or not, from any {@link InputStream}.
 *
 * <p>TODO(reader helper): implement. Contract:
 * <ul>
 *   <li>{@link #open(InputStream)} reads the magic (gzip 1f 8b is unwrapped on the fly, then pcap
 *       a1b2c3d4 / d4c3b2a1 microsecond, a1b23c4d / 4d3cb2a1 nanosecond, or pcapng 0a0d0d0a) and throws
 *       {@link CaptureFormatException} with byte offset 0 when it is none of them, or the stream is empty.</li>
 *   <li>{@link #next(Frame)} fills the frame and returns true, or returns false at the end of the
 *       capture. A record cut short by the end of the file is not an error: next returns false and
 *       {@link #truncatedAtOffset()} gives the byte offset of the incomplete record. A corrupt record
 *       (length beyond any sane bound) throws {@link CaptureFormatException} with its byte offset.</li>
 * </ul>
 */
public final class CaptureReader implements Closeable {

    private CaptureReader() {
    }

    /**
     * Opens a capture.
     *
     * @throws CaptureFormatException when the input is empty or not a pcap/pcapng capture
     * @throws IOException when reading fails
     */
    public static CaptureReader open(InputStream in) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Reads the next frame into {@code frame}; false at the end of the capture. */
    public boolean next(Frame frame) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Byte offset of the record that the end of file cut short, or -1 when the capture ended cleanly. */
    public long truncatedAtOffset() {
        return -1;
    }

    /** "pcap" or "pcapng" (with "+gzip" when the input was gzipped). */
    public String format() {
        return "";
    }

    @Override
    public void close() throws IOException {
    }
}
