package io.hellocheck.tls;

/** A TLS structure is malformed; {@link #offset()} is where decoding stopped, relative to the message start. */
public final class TlsDecodeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    public TlsDecodeException(String message, int offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    public int offset() { return offset; }
}
