package io.hellocheck.engine;

/**
 * A bug of hellocheck itself met while reading one frame (in the frame decoder or the TCP tracker; a bug while
 * analyzing one connection stays with that connection instead, see {@link HelloCheck}). Says where: the frame
 * (counted from 1, as Wireshark does) and the byte offset of its record in the (decompressed) file.
 */
public final class AnalysisBugException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long frame;
    private final long byteOffset;

    public AnalysisBugException(long frame, long byteOffset, RuntimeException cause) {
        super("internal error at frame " + frame + " (byte offset " + byteOffset + "): " + cause, cause);
        this.frame = frame;
        this.byteOffset = byteOffset;
    }

    /** The frame being read, from 1. */
    public long frame() {
        return frame;
    }

    /** Byte offset of the frame's record in the (decompressed) file. */
    public long byteOffset() {
        return byteOffset;
    }
}
