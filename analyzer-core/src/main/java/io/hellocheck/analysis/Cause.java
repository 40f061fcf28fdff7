package io.hellocheck.analysis;

/**
 * Why a handshake most likely failed: the closed set of causes the diagnosis names. Each has a stable
 * snake_case {@link #id()} written into the records.
 */
public enum Cause {
    /** The client and server have no cipher suite in common (alert 40, or a reset by a server known not to
     * accept any offered suite: Windows Schannel resets instead of alerting). */
    NO_SHARED_CIPHER_SUITE("no_shared_cipher_suite"),
    /** The server does not speak any TLS version the client offers (alert 70, or known version sets). */
    VERSION_MISMATCH("version_mismatch"),
    /** Suites overlap but the key exchange group or signature algorithm does not (alert 40 anyway). */
    NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM("no_shared_group_or_signature_algorithm"),
    /** A ClientHello spanning several segments (often a post-quantum key share) that the path or server
     * did not take whole. */
    LARGE_OR_SPLIT_CLIENT_HELLO("large_or_split_client_hello"),
    /** A RST that did not come from the server's TCP stack (a middlebox or IPS on the path). */
    INJECTED_RESET("injected_reset"),
    /** The server took the ClientHello (ACKed it) and said nothing: its TLS stack or policy; or, when its TCP no longer
     * acknowledged the client's FIN either, a server (or the box terminating TCP in front of it) that stopped. */
    SERVER_SILENT_AFTER_ACK("server_silent_after_ack"),
    /** The ClientHello was never acknowledged: a blackhole, firewall drop or MTU problem on the path. */
    CLIENT_HELLO_NOT_ACKED("client_hello_not_acked"),
    /** The server answered, but the start of its answer never reached the client while later bytes did: full-size
     * segments lost on the path (a path-MTU black hole, a middlebox dropping large segments); or, less sure, nothing
     * of the server's came back after its ACK of the ClientHello, not even the ACK its TCP owes the client's FIN. */
    SERVER_FLIGHT_LOST("server_flight_lost"),
    /** The client's packets after its ClientHello never reached the server: the server's ACK stayed at the hello's
     * end while the client sent its flight again (and the server its own): a firewall or IPS dropping the flow after
     * its first data packets, an asymmetric route, a lossy path ({@link FlightNeverAcked}). */
    CLIENT_FLIGHT_LOST("client_flight_lost"),
    /** The server's receive window fell to zero inside the ClientHello and stayed there: its application does not
     * read (Wireshark's "TCP ZeroWindow"). */
    SERVER_ZERO_WINDOW("server_zero_window"),
    /** The server runs another protocol on that port (HTTP, SMTP, SSH, FTP, ...). */
    NON_TLS_SERVICE("non_tls_service"),
    /** Both ends act as the (D)TLS client: the server answered the ClientHello with a ClientHello of its own (both
     * WebRTC peers took the active DTLS role of RFC 5763 section 5; stunnel with client = yes on the accepting
     * side). */
    ROLE_CONFLICT("role_conflict"),
    /** Nothing listens on the port (the SYN was refused). */
    PORT_NOT_LISTENING("port_not_listening"),
    /** The host or the path does not answer (SYN unanswered). */
    HOST_NOT_ANSWERING("host_not_answering"),
    /** The server name (SNI) is missing, unknown to the server, or handled differently. */
    SNI_PROBLEM("sni_problem"),
    /** The server supports none of the application protocols the client offers in ALPN, or requires ALPN (alert
     * 120 no_application_protocol, RFC 7301 section 3.2). */
    ALPN_MISMATCH("alpn_mismatch"),
    /** The server (or its load balancer) serves only clients that send SNI: its handshakes fail only without it. */
    SNI_REQUIRED("sni_required"),
    /** The server asked for a client certificate that was not given or not accepted. */
    CLIENT_CERTIFICATE_REQUIRED("client_certificate_required"),
    /** The server asked for a client certificate (CertificateRequest) and the client closed without an alert and
     * without its flight: a browser stops there to choose a certificate (or ask its user) and reconnects with the
     * choice (Chromium's ERR_SSL_CLIENT_AUTH_CERT_NEEDED), which the next connection of the same client shows. */
    CLIENT_CLOSED_ON_CERTIFICATE_REQUEST("client_closed_on_certificate_request"),
    /** A certificate was rejected after the ServerHello (unknown CA, bad, expired, name mismatch). */
    CERTIFICATE_PROBLEM("certificate_problem"),
    /** The server resumed the session (a session id, ticket or PSK) and then ended it with an encrypted alert: a
     * resumption asks for no client certificate (RFC 5246 section 7.3, Figure 2; RFC 8446 section 4.3.2), so most
     * likely a Finished that did not verify (the two sides derived different keys from the resumed session). */
    RESUMPTION_FAILED("resumption_failed"),
    /** The server closed the connection (FIN) before the ClientHello reached it: it accepts and drops connections (a
     * connection limit, an access rule, a load balancer without a backend). */
    SERVER_CLOSED_BEFORE_CLIENT_HELLO("server_closed_before_client_hello"),
    /** The server's TLS stack rejected the ClientHello without saying why (reset or close, nothing known). */
    SERVER_REJECTED_CLIENT_HELLO("server_rejected_client_hello"),
    /** The client rejected the server's certificate (untrusted issuer, incomplete or very large chain, expired,
     * another name): it ended the handshake after the server's Certificate. */
    CLIENT_REJECTED_SERVER_CERTIFICATE("client_rejected_server_certificate"),
    /** The client ended the handshake after the server's flight (alert, FIN or RST) for a reason the capture
     * does not show (its own policy, a setting): the client rejected the server's answer. */
    CLIENT_REJECTED_SERVER_HELLO("client_rejected_server_hello"),
    /** The client accepted the server's flight (it sent its ChangeCipherSpec and Finished), then closed before the
     * server's: it dropped the connection (a spare or raced connection, an application timeout). */
    CLIENT_ABANDONED_HANDSHAKE("client_abandoned_handshake"),
    /** The server, or a middlebox in front of it, fails ClientHellos that offer TLS 1.3 (RFC 8446 appendix D). */
    TLS13_INTOLERANT_MIDDLEBOX("tls13_intolerant_middlebox"),
    /** A TLS-intercepting proxy on the path answered with its own certificate, which the client does not trust. */
    TLS_INTERCEPTION("tls_interception"),
    /** The listener expects a PROXY protocol header before the ClientHello (its working connections send one). */
    PROXY_PROTOCOL_EXPECTED("proxy_protocol_expected"),
    /** The client (or load balancer) sent a PROXY protocol header to a listener that does not expect one: the
     * server took it for a broken request and answered in plain HTTP, or closed. */
    PROXY_PROTOCOL_UNEXPECTED("proxy_protocol_unexpected"),
    /** A load balancer or proxy accepted the connection and gave up on its backend (a late reset or close). */
    BACKEND_UNAVAILABLE("backend_unavailable"),
    /** An HTTP proxy refused the client's CONNECT (or a SOCKS proxy its request): no tunnel, no ClientHello. */
    PROXY_REFUSED("proxy_refused"),
    /** The server refused the client's STARTTLS (SMTP 454, IMAP NO, POP3 -ERR, FTP 4xx/5xx ...): TLS is not set up
     * for this service, or not for this client. */
    STARTTLS_REFUSED("starttls_refused"),
    /** The client gave up waiting (closed before the server's late answer, after 1 s or more): the server or its
     * path is slower than the client's timeout. */
    CLIENT_TIMEOUT("client_timeout"),
    /**
     * The client's own ClientHello came back from the server's side (the same random): echoed or looped back on the
     * path, no server answered ({@link ReflectedHello}).
     */
    CLIENT_HELLO_REFLECTED("client_hello_reflected"),
    /** UDP to the server is dropped on the path (QUIC or DTLS got no answer), often while TCP works: HTTP/3 fell
     * back to TCP. */
    UDP_BLOCKED("udp_blocked"),
    /** The capture, not the server, is the problem: one direction missing, bytes not captured, cut short. */
    CAPTURE_ARTEFACT("capture_artefact");

    private final String id;

    Cause(String id) {
        this.id = id;
    }

    /** The stable snake_case name written into records. */
    public String id() {
        return id;
    }
}
