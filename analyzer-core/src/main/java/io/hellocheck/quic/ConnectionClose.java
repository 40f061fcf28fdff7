package io.hellocheck.quic;

/**
 * A CONNECTION_CLOSE frame (RFC 9000 section 19.19) read from an Initial packet, or from a Handshake packet decrypted
 * with the keys a TLS key log gives.
 *
 * @param fromClient  whether the client sent it
 * @param frame       frame carrying it (from 1)
 * @param timeNanos   capture time, ns since the epoch
 * @param application whether it is the application variant (type 0x1d)
 * @param errorCode   the error code: a transport error (RFC 9000 section 20.1), 0x0100 + N for TLS alert N
 * @param frameType   the frame type that caused it (transport variant), else -1
 * @param reason      the reason phrase (UTF-8, at most 256 characters kept), possibly empty
 * @param decrypted   whether it was in a Handshake packet, read with a key log's secrets
 */
public record ConnectionClose(boolean fromClient, long frame, long timeNanos, boolean application, long errorCode,
                              long frameType, String reason, boolean decrypted) {

    /** The TLS alert a crypto error carries (0x0100 + alert), or -1 when it is not a crypto error. */
    public int tlsAlert() {
        return !application && errorCode >= 0x100 && errorCode <= 0x1ff ? (int) (errorCode - 0x100) : -1;
    }

    /** The error's name: a transport error's (RFC 9000 section 20.1), {@code CRYPTO_ERROR}, or its hex. */
    public String errorName() {
        if (application) {
            return String.format("application error 0x%x", errorCode);
        }
        if (tlsAlert() >= 0) {
            return "CRYPTO_ERROR";
        }
        String[] names = {"NO_ERROR", "INTERNAL_ERROR", "CONNECTION_REFUSED", "FLOW_CONTROL_ERROR",
            "STREAM_LIMIT_ERROR", "STREAM_STATE_ERROR", "FINAL_SIZE_ERROR", "FRAME_ENCODING_ERROR",
            "TRANSPORT_PARAMETER_ERROR", "CONNECTION_ID_LIMIT_ERROR", "PROTOCOL_VIOLATION", "INVALID_TOKEN",
            "APPLICATION_ERROR", "CRYPTO_BUFFER_EXCEEDED", "KEY_UPDATE_ERROR", "AEAD_LIMIT_REACHED",
            "NO_VIABLE_PATH"};
        if (errorCode >= 0 && errorCode < names.length) {
            return names[(int) errorCode];
        }
        if (errorCode == 0x11) {
            return "VERSION_NEGOTIATION_ERROR";
        }
        return String.format("0x%x", errorCode);
    }
}
