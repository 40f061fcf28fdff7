package io.hellocheck.tls;

/**
 * The frames that carried a message and the capture times of its first and last byte.
 *
 * @param frames          frame numbers (from 1), ascending, without duplicates
 * @param firstTimeNanos  capture time of the frame with the first byte, ns since the epoch
 * @param lastFrame       frame carrying the last byte
 * @param lastTimeNanos   capture time of that frame, ns since the epoch
 */
public record FrameSpan(long[] frames, long firstTimeNanos, long lastFrame, long lastTimeNanos) {
    /** The frame carrying the first byte. */
    public long firstFrame() {
        return frames.length == 0 ? lastFrame : frames[0];
    }
}
