package io.hellocheck.capture;

import io.hellocheck.engine.CaptureResult;
import java.io.IOException;

/**
 * Reading a capture failed after it had started (corrupt compressed data, a decompression limit, an I/O error):
 * {@link #getCause()} is the failure, {@link #partialResult()} what the analysis decided from the frames read
 * before it, as if the capture had ended there.
 */
public final class CaptureReadException extends IOException {
    private static final long serialVersionUID = 1L;
    /** Not serialized: an analysis result is not {@link java.io.Serializable}. */
    private final transient CaptureResult partialResult;

    /**
     * @param cause         the failure, with its message
     * @param partialResult what was analyzed before it; its connections are empty when they were handed to a sink
     */
    public CaptureReadException(IOException cause, CaptureResult partialResult) {
        super(cause.getMessage(), cause);
        this.partialResult = partialResult;
    }

    /** The failure. */
    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }

    /** What was analyzed before the failure. */
    public CaptureResult partialResult() {
        return partialResult;
    }
}
