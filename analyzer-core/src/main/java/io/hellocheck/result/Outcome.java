package io.hellocheck.result;

/**
 * What became of a TLS handshake attempt (JSON {@code outcome}; the constant's name is the JSON value). The
 * meanings are those of CONTRACT.md.
 */
public enum Outcome {
    /** The handshake completed: the server answered the ClientHello with a ServerHello and went on. */
    COMPLETED,
    /** A ServerHello came back, then the handshake failed (an alert, a reset or a close). */
    FAILED_AFTER_SERVER_HELLO,
    /** The server answered the ClientHello with a TLS alert. */
    SERVER_ALERT,
    /** The server answered the ClientHello with a TCP reset. */
    SERVER_RESET,
    /** The server closed the connection (FIN) without a ServerHello. */
    SERVER_CLOSED,
    /**
     * The server answered with something that is not TLS (an HTTP response, a banner), or not as a TLS server: a
     * ClientHello of its own (both sides act as the client, cause {@code role_conflict}).
     */
    NON_TLS_RESPONSE,
    /** Nothing came back within the no-answer timeout. */
    NO_RESPONSE,
    /** The TCP connection was refused (RST to the SYN); no ClientHello was sent. */
    TCP_REFUSED,
    /** The SYN was never answered; no ClientHello was sent. */
    TCP_NO_ANSWER,
    /** The capture does not show enough to decide. */
    INCONCLUSIVE,
    /** A proxy (HTTP CONNECT, SOCKS) refused the tunnel the TLS connection was to go through. */
    PROXY_REFUSED,
    /** The server refused STARTTLS. */
    STARTTLS_REFUSED,
    /** The client closed or reset the connection while waiting for the server's answer. */
    CLIENT_GAVE_UP;

    /**
     * {@return whether this outcome always counts as a failed handshake} ({@link #CLIENT_GAVE_UP} counts only
     * after a long wait: see {@link ConnectionRecord#failed()})
     */
    public boolean isFailure() {
        return internal().isFailure();
    }

    io.hellocheck.analysis.Outcome internal() {
        return io.hellocheck.analysis.Outcome.valueOf(name());
    }

    static Outcome of(io.hellocheck.analysis.Outcome o) {
        return valueOf(o.name());
    }
}
