package io.hellocheck.analysis;

import io.hellocheck.tls.CertificateInfo;
import io.hellocheck.tls.CertificateRequest;
import io.hellocheck.tls.NewSessionTicket;
import io.hellocheck.tls.ServerKeyExchange;
import java.util.List;

/**
 * What the server sent in the clear after its ServerHello, up to its ChangeCipherSpec (TLS 1.2 and earlier;
 * in TLS 1.3 all of it is encrypted), and whether the session was resumed.
 *
 * @param messages             the server's handshake messages in order, ServerHello first (IANA names:
 *                             "server_hello", "certificate", "server_key_exchange", "certificate_request",
 *                             "server_hello_done", "new_session_ticket")
 * @param certificates         the certificate chain, leaf first (at most 10), empty when none was seen
 * @param certificateCount     certificates in the Certificate message (also those beyond 10), 0 when none
 * @param certificateFrame     frame carrying the Certificate message's first byte, or -1
 * @param certificateTimeNanos capture time of that frame (against which validity is judged), or -1
 * @param certificateError     why the Certificate message could not be decoded, or null
 * @param keyExchange          the ServerKeyExchange, or null
 * @param certificateRequest   the CertificateRequest (a client certificate is asked for), or null
 * @param helloDone            whether ServerHelloDone was seen
 * @param sessionTicket        the NewSessionTicket, or null
 * @param resumption           how the session was resumed: "session_id" (the ClientHello's session id echoed),
 *                             "session_ticket" (echoed or abbreviated after the client offered a ticket, RFC 5077),
 *                             "abbreviated" (the server went to ChangeCipherSpec without Certificate or key exchange),
 *                             "psk" (TLS 1.3 pre_shared_key accepted); null when not resumed
 * @param encryptedHandshake   whether the server's handshake after the ServerHello is encrypted (TLS 1.3)
 * @param leafSniMatch         whether the leaf certificate is for the first ClientHello's server name, as judged
 *                             on the real names before {@code --redact} replaced them by pseudonyms (which no
 *                             longer match by RFC 6125 rules: a wildcard, a name only in the CN); null otherwise,
 *                             when {@link #leafMatchesSni} judges from the names
 */
public record ServerFlight(List<String> messages, List<CertificateInfo> certificates, int certificateCount,
                           long certificateFrame, long certificateTimeNanos, String certificateError,
                           ServerKeyExchange keyExchange, CertificateRequest certificateRequest, boolean helloDone,
                           NewSessionTicket sessionTicket, String resumption, boolean encryptedHandshake,
                           Boolean leafSniMatch) {

    public ServerFlight {
        messages = List.copyOf(messages);
        certificates = List.copyOf(certificates);
    }

    /** A flight as seen in the capture: the leaf's match with a server name is judged from the names. */
    public ServerFlight(List<String> messages, List<CertificateInfo> certificates, int certificateCount,
                        long certificateFrame, long certificateTimeNanos, String certificateError,
                        ServerKeyExchange keyExchange, CertificateRequest certificateRequest, boolean helloDone,
                        NewSessionTicket sessionTicket, String resumption, boolean encryptedHandshake) {
        this(messages, certificates, certificateCount, certificateFrame, certificateTimeNanos, certificateError,
                keyExchange, certificateRequest, helloDone, sessionTicket, resumption, encryptedHandshake, null);
    }

    /**
     * This flight with other certificates (the same chain with its names replaced) and the leaf's match with
     * the server name fixed, every other field kept.
     */
    public ServerFlight withCertificates(List<CertificateInfo> replaced, Boolean sniMatch) {
        return new ServerFlight(messages, replaced, certificateCount, certificateFrame, certificateTimeNanos,
                certificateError, keyExchange, certificateRequest, helloDone, sessionTicket, resumption,
                encryptedHandshake, sniMatch);
    }

    /** Whether the session was resumed (Zeek's {@code resumed}). */
    public boolean resumed() {
        return resumption != null;
    }

    /**
     * Whether the leaf certificate is for {@code serverName} (RFC 6125 rules, see
     * {@link CertificateInfo#matchesHost}); null without a name or a readable leaf certificate.
     */
    public Boolean leafMatches(String serverName) {
        if (serverName == null || certificates.isEmpty() || certificates.get(0).parseError() != null) {
            return null;
        }
        return certificates.get(0).matchesHost(serverName);
    }

    /** {@link #leafSniMatch()} when it was fixed (a redacted flight), else {@link #leafMatches}. */
    public Boolean leafMatchesSni(String serverName) {
        return leafSniMatch != null ? leafSniMatch : leafMatches(serverName);
    }
}
