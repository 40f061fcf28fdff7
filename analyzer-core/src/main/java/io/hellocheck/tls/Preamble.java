package io.hellocheck.tls;

import io.hellocheck.tcp.Endpoint;
import java.util.List;

/**
 * What came before TLS on a connection: a PROXY protocol header, an HTTP CONNECT exchange, a SOCKS 4/4a/5
 * request, RDP's X.224 negotiation, a STARTTLS dialogue (SMTP, IMAP, POP3, FTP, LDAP, XMPP ...), a PostgreSQL
 * SSLRequest or MySQL's switch to TLS, or bytes of a protocol we do not know ("unknown") before a ClientHello
 * found by content. Made by {@link PreambleDetector} and {@link ClientHelloScanner}.
 *
 * @param protocol           "PROXY v1", "PROXY v2", "HTTP CONNECT", "SMTP STARTTLS", "IMAP STARTTLS",
 *                           "POP3 STLS", "FTP AUTH TLS", "LDAP StartTLS", "XMPP STARTTLS", "PostgreSQL SSLRequest",
 *                           "MySQL SSL request", "SOCKS4", "SOCKS4a", "SOCKS5", "RDP", "unknown", or two of them
 *                           joined by ", " when a PROXY header precedes another preamble ("PROXY v2, SMTP STARTTLS")
 * @param frames             frames that carried the client's preamble bytes (at most 32, ascending)
 * @param clientBytes        bytes the client sent before TLS
 * @param clientCommand      the client's last message before TLS, printable ("STARTTLS", "CONNECT example.com:443
 *                           HTTP/1.1", "SSLRequest"), or null
 * @param serverReply        the server's last answer before TLS, printable ("220 2.0.0 Ready to start TLS",
 *                           "HTTP/1.1 407 Proxy Authentication Required", "S"), or null when it sent none
 * @param statusCode         the status code of the proxy's last HTTP answer to CONNECT, -1 when none
 * @param target             the CONNECT request's authority ("example.com:443"), or the PROXY v2 authority TLV;
 *                           null when none
 * @param proxiedSource      the original client a PROXY header names, or null
 * @param proxiedDestination the original destination a PROXY header names, or null
 * @param tlsStarted         whether a TLS ClientHello followed
 * @param refusalCode        the code of the server's refusal of the tunnel or of STARTTLS, as the protocol writes it
 *                           ("0x05" for a SOCKS5 reply, "91" for SOCKS4, "454" for SMTP, "NO" for IMAP, "-ERR" for
 *                           POP3); null when the server did not refuse (an HTTP CONNECT's refusal is its
 *                           {@code statusCode})
 * @param continuedWithoutTlsFrame the frame of the client's first message after the server refused STARTTLS that goes
 *                           on in the clear protocol (a PostgreSQL startup message after 'N', as libpq's
 *                           {@code sslmode=prefer} sends; an SMTP command other than QUIT, as an MTA with
 *                           opportunistic TLS sends), counted from 1; 0 when the client sent none
 */
public record Preamble(String protocol, List<Long> frames, long clientBytes, String clientCommand, String serverReply,
                       int statusCode, String target, Endpoint proxiedSource, Endpoint proxiedDestination,
                       boolean tlsStarted, String refusalCode, long continuedWithoutTlsFrame) {

    public Preamble {
        frames = List.copyOf(frames);
    }

    /** A preamble the client did not go on with in clear after a refusal. */
    public Preamble(String protocol, List<Long> frames, long clientBytes, String clientCommand, String serverReply,
                    int statusCode, String target, Endpoint proxiedSource, Endpoint proxiedDestination,
                    boolean tlsStarted, String refusalCode) {
        this(protocol, frames, clientBytes, clientCommand, serverReply, statusCode, target, proxiedSource,
                proxiedDestination, tlsStarted, refusalCode, 0);
    }

    /** A preamble the server did not refuse. */
    public Preamble(String protocol, List<Long> frames, long clientBytes, String clientCommand, String serverReply,
                    int statusCode, String target, Endpoint proxiedSource, Endpoint proxiedDestination,
                    boolean tlsStarted) {
        this(protocol, frames, clientBytes, clientCommand, serverReply, statusCode, target, proxiedSource,
                proxiedDestination, tlsStarted, null, 0);
    }

    /** The target's port (CONNECT host:port), or -1. */
    public int targetPort() {
        if (target == null) {
            return -1;
        }
        int colon = target.lastIndexOf(':');
        if (colon < 0 || colon == target.length() - 1) {
            return -1;
        }
        try {
            return Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether a proxy refused the tunnel: an HTTP proxy answered the CONNECT with anything but 2xx (407, 403,
     * 502 ...), or a SOCKS proxy refused the request (RFC 1928 REP other than 0, SOCKS4 CD other than 90, no
     * acceptable authentication method, failed RFC 1929 authentication).
     */
    public boolean proxyRefused() {
        if (protocol == null || tlsStarted) {
            return false;
        }
        return (protocol.endsWith("HTTP CONNECT") && statusCode >= 300) || (isSocks() && refusalCode != null);
    }

    /**
     * Whether the server refused the client's request to start TLS (SMTP 454, IMAP NO, POP3 -ERR ...) and the client
     * sent no ClientHello after it.
     */
    public boolean startTlsRefused() {
        return startTlsAnsweredWithRefusal() && !tlsStarted;
    }

    /**
     * Whether the server's answer to the client's STARTTLS command was a refusal, whether or not a ClientHello
     * followed it: {@code openssl s_client -starttls} sends its hello after a refusal too (POP3 -ERR to STLS, RFC
     * 2595 section 4; FTP 4xx/5xx to AUTH TLS, RFC 4217 section 4).
     */
    public boolean startTlsAnsweredWithRefusal() {
        return refusalCode != null && !isSocks() && protocol != null && !protocol.endsWith("HTTP CONNECT");
    }

    /** Whether the client's preamble began with a PROXY protocol header (v1 or v2). */
    public boolean proxyHeader() {
        return protocol != null && protocol.startsWith("PROXY");
    }

    private boolean isSocks() {
        return protocol != null && protocol.contains("SOCKS");
    }

    /** One sentence saying what the server refused, for an outcome reason; null when it refused nothing. */
    public String refusalReason() {
        if (proxyRefused() && isSocks()) {
            return "The SOCKS proxy refused the client's request" + (target == null ? "" : " for " + target) + " with "
                    + serverReply + ", so no tunnel was opened and no ClientHello was sent.";
        }
        if (proxyRefused()) {
            return "The HTTP proxy answered the client's CONNECT " + target + " with status " + statusCode + " ("
                    + statusMeaning(statusCode) + "), so no tunnel was opened and no ClientHello was sent.";
        }
        if (startTlsRefused()) {
            return "The server answered the client's request to start TLS (" + protocol + ") with " + refusalCode
                    + ", a refusal, so no TLS handshake started" + (continuedWithoutTlsFrame > 0 ? "; the client "
                    + "went on without TLS (frame " + continuedWithoutTlsFrame + ")." : ".");
        }
        return null;
    }

    /**
     * The refusal in a few words, without text the server wrote (which may name hosts): "SOCKS5 reply 0x05
     * (connection refused)", "HTTP status 407", "SMTP STARTTLS answer 454"; null when nothing was refused.
     */
    public String refusalSummary() {
        if (proxyRefused()) {
            return isSocks() ? serverReply : "HTTP status " + statusCode;
        }
        return startTlsRefused() ? protocol + " answer " + refusalCode : null;
    }

    /** The meaning of a proxy's status code, for a reason sentence ("proxy authentication required"). */
    public static String statusMeaning(int code) {
        return switch (code) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden: the proxy's policy does not allow this destination";
            case 404 -> "not found";
            case 405 -> "method not allowed: the proxy does not allow CONNECT";
            case 407 -> "proxy authentication required: the client sent no or wrong proxy credentials";
            case 429 -> "too many requests";
            case 500 -> "internal error of the proxy";
            case 502 -> "bad gateway: the proxy could not connect to the destination";
            case 503 -> "service unavailable";
            case 504 -> "gateway timeout: the destination did not answer the proxy in time";
            default -> code >= 500 ? "proxy or upstream error" : code >= 400 ? "refused by the proxy" : "not a success";
        };
    }
}
