package io.hellocheck.capture;

import io.hellocheck.engine.CaptureResult;
import java.io.IOException;

/**
 * The input is not a readable capture: unknown magic number, a corrupt header or block.
 *
 * <p>{@link #byteOffset()} is the offset in the (decompressed) file where reading failed. When the damage comes
 * after the start of a capture, {@link #partialResult()} holds what the analysis decided from the records before
 * it, as if the capture had ended there.
 */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long byteOffset;
    /** Not serialized: an analysis result is not {@link java.io.Serializable}. */
    private final transient CaptureResult partialResult;

    public CaptureFormatException(String message, long byteOffset) {
        super(message + " at byte offset " + byteOffset);
        this.byteOffset = byteOffset;
        this.partialResult = null;
    }

    private CaptureFormatException(CaptureFormatException e, CaptureResult partialResult) {
        super(e.getMessage(), e.getCause());
        this.byteOffset = e.byteOffset;
        this.partialResult = partialResult;
        setStackTrace(e.getStackTrace());
    }

    /** Byte offset in the decompressed file where the problem was found. */
    public long byteOffset() { return byteOffset; }

    /**
     * What was analyzed before the damage (the analysis ended as at the end of a capture cut just before
     * it), or null when the capture could not be analyzed at all (an unknown magic number, a corrupt file
     * header) or the exception did not come from an analysis. Its connections are empty when they were handed
     * to a sink as they were decided.
     */
    public CaptureResult partialResult() { return partialResult; }

    /** The same failure, with what was analyzed before it. */
    public CaptureFormatException withPartialResult(CaptureResult result) {
        return new CaptureFormatException(this, result);
    }
}
