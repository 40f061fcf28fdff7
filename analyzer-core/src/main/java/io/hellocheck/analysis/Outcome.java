package io.hellocheck.analysis;

/**
 * What became of a TLS handshake attempt, decided by the rules of CONTRACT.md ("Outcomes").
 */
public enum Outcome {
    /** ServerHello, then encrypted records both ways before any fatal alert, RST or FIN. */
    COMPLETED(false),
    /** ServerHello, then a fatal alert, a RST or a FIN before both sides encrypted. */
    FAILED_AFTER_SERVER_HELLO(true),
    /** The server's first answer to the ClientHello was a plaintext alert. */
    SERVER_ALERT(true),
    /** The server's first answer to the ClientHello was a RST. */
    SERVER_RESET(true),
    /** The server's first answer to the ClientHello was a FIN with no TLS bytes before it. */
    SERVER_CLOSED(true),
    /**
     * The server answered with bytes that are not a TLS record (HTTP, a banner, ...), or with a ClientHello of its
     * own (TCP, DTLS): both sides act as the client, it does not answer as a TLS server.
     */
    NON_TLS_RESPONSE(true),
    /** The server sent nothing but ACKs after the ClientHello, or nothing at all. */
    NO_RESPONSE(true),
    /** The SYN was answered by a RST: nothing listens on the port. */
    TCP_REFUSED(true),
    /** The SYN, retransmitted or not, was never answered. */
    TCP_NO_ANSWER(true),
    /** The capture cannot tell what the server did (one-sided, cut by the snaplen, or ended too early). */
    INCONCLUSIVE(false),
    /**
     * No ClientHello: the client asked a proxy for a tunnel to a TLS port and the proxy refused: an HTTP CONNECT
     * answered with an error status (407, 403, 502 ...) instead of 2xx, or a SOCKS 4/5 request refused.
     */
    PROXY_REFUSED(true),
    /** No ClientHello: the server refused the client's STARTTLS (SMTP 454, IMAP NO/BAD, POP3 -ERR, FTP 4xx/5xx ...). */
    STARTTLS_REFUSED(true),
    /**
     * The client closed the connection (FIN or RST) before the server's first answer, and the answer (a
     * ServerHello, an alert, other bytes) came afterwards. A failure only when the client waited 1 s or more
     * after its ClientHello (a timeout the user saw), see {@link ConnectionRecord#failed()}; under 1 s it is a
     * connection the client dropped on purpose (connection racing).
     */
    CLIENT_GAVE_UP(false);

    private final boolean failure;

    Outcome(boolean failure) {
        this.failure = failure;
    }

    /**
     * Whether this outcome always counts as a failed handshake (exit code 1). {@link #CLIENT_GAVE_UP} does only
     * when the client waited long enough: ask {@link ConnectionRecord#failed()} of a record.
     */
    public boolean isFailure() {
        return failure;
    }
}
