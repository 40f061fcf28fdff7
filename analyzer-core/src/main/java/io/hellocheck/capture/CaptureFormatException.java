package io.hellocheck.capture;

import java.io.IOException;

/**
 * The input is not a readable capture: unknown magic number, a corrupt header or block.
 *
 * <p>{@link #byteOffset()} is the offset in the (decompressed) file where reading failed.
 */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long byteOffset;

    public CaptureFormatException(String message, long byteOffset) {
        super(message + " at byte offset " + byteOffset);
        this.byteOffset = byteOffset;
    }

    /** Byte offset in the decompressed file where the problem was found. */
    public long byteOffset() { return byteOffset; }
}
