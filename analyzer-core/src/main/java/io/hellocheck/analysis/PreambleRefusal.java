package io.hellocheck.analysis;

import io.hellocheck.tls.Preamble;

/**
 * The outcome of a connection whose client never sent a ClientHello because the server refused what came
 * before TLS (CONTRACT.md, Outcomes): a proxy that refused the tunnel, whatever its target port (HTTP CONNECT
 * answered with a non-2xx status, a SOCKS request refused), is {@link Outcome#PROXY_REFUSED}; a server that refused
 * STARTTLS (SMTP 454, IMAP NO/BAD, POP3 -ERR, FTP 4xx/5xx ...) is {@link Outcome#STARTTLS_REFUSED}.
 */
final class PreambleRefusal {

    private PreambleRefusal() {
    }

    /** The outcome for this preamble, or null when the server refused nothing that counts. */
    static Outcome outcome(Preamble p) {
        if (p.proxyRefused()) {
            return Outcome.PROXY_REFUSED;
        }
        return p.startTlsRefused() ? Outcome.STARTTLS_REFUSED : null;
    }
}
