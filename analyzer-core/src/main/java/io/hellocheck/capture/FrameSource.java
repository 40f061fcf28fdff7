package io.hellocheck.capture;

import java.io.Closeable;
import java.io.IOException;

/**
 * Frames in capture order, numbered from 1: one capture file ({@link CaptureReader}) or several read as one
 * ({@link MergedFrames}).
 */
public interface FrameSource extends Closeable {
    /**
     * Fills {@code frame} with the next frame; its bytes stay valid until the next call.
     *
     * @return false at the end
     * @throws CaptureFormatException when a record is damaged (with its byte offset)
     * @throws IOException when reading fails
     */
    boolean next(Frame frame) throws IOException;

    /** Fractional-second digits of the timestamps: 6 (microseconds) or 9 (nanoseconds). */
    int timestampDigits();

    /** Byte offset of a last record cut short, or -1. */
    long truncatedAtOffset();

    /** "pcap" or "pcapng" (several: joined with "+"). */
    String format();

    /** Receives the text of each TLS key log a pcapng Decryption Secrets Block carries, as it is read. */
    void onTlsKeyLog(java.util.function.Consumer<byte[]> listener);
}
