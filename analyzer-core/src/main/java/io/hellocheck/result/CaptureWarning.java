package io.hellocheck.result;

import java.util.OptionalLong;

/** Something to know about a capture that still was analyzed (JSON {@code "type": "warning"}). Immutable. */
public final class CaptureWarning {
    private final io.hellocheck.engine.CaptureWarning warning;

    CaptureWarning(io.hellocheck.engine.CaptureWarning warning) {
        this.warning = warning;
    }

    io.hellocheck.engine.CaptureWarning internal() {
        return warning;
    }

    /** {@return what to know}, one plain sentence */
    public String message() {
        return warning.message();
    }

    /** {@return the byte offset in the (decompressed) capture it concerns}, or empty */
    public OptionalLong byteOffset() {
        return warning.byteOffset() < 0 ? OptionalLong.empty() : OptionalLong.of(warning.byteOffset());
    }

    /** {@return the message} */
    @Override
    public String toString() {
        return message();
    }
}
