package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tls.Preamble;
import java.util.ArrayList;
import java.util.List;

/**
 * Causes that the client's preamble names for a handshake that failed before any ServerHello, ranked before what
 * {@link Diagnoser} reads from the server's answer, because that answer was to the preamble, not to the hello:
 * <ul>
 * <li>{@code starttls_refused}: the server refused the client's STARTTLS (POP3 -ERR to STLS, RFC 2595 section 4;
 * FTP 530 to AUTH TLS, RFC 4217 section 4; IMAP NO/BAD, RFC 3501 section 6.2.1) and the client sent its ClientHello
 * anyway, as {@code openssl s_client -starttls} does: the server then reads the hello as a command of its own
 * protocol;</li>
 * <li>{@code proxy_protocol_unexpected}: the connection began with a PROXY protocol header (v1 or v2, HAProxy's
 * PROXY protocol specification) and the server does not expect one: nginx without {@code proxy_protocol} reads
 * the header as an HTTP request line and answers 400, OpenSSL reads no TLS record and closes. The mirror of
 * {@code proxy_protocol_expected}; high confidence when the same server completed a handshake without the header in
 * the capture, medium otherwise, and not given when it completed one that began with a header.</li>
 * </ul>
 */
final class PreambleFindings {
    private PreambleFindings() {
    }

    /**
     * {@code diagnosis} with the preamble's finding first, or {@code diagnosis} itself. {@code non_tls_service} is
     * left out then: the server's answer in its own protocol was to the preamble, and its advice ("use the TLS port,
     * check for STARTTLS") sends the user away from the cause.
     *
     * @param server what the capture showed of the same server
     */
    static List<Finding> rankFirst(ConnectionRecord r, ServerEvidence server, List<Finding> diagnosis) {
        Finding first = finding(r, server);
        if (first == null) {
            return diagnosis;
        }
        List<Finding> out = new ArrayList<>(List.of(first));
        diagnosis.stream().filter(f -> f.cause() != first.cause() && f.cause() != Cause.NON_TLS_SERVICE)
                .forEach(out::add);
        return List.copyOf(out);
    }

    /**
     * Whether the server's alert shows that it read the ClientHello after the header, so it took the header: an
     * alert about what the hello offers (handshake_failure, insufficient_security, unrecognized_name,
     * no_application_protocol ...: RFC 8446 section 6.2). A stack that reads the header's text as a record answers
     * with a record-level alert at most: unexpected_message (10), record_overflow (22), decode_error (50) or
     * protocol_version (70, "PR" read as a version).
     */
    private static boolean answeredTheHello(ConnectionRecord r) {
        AlertInfo a = r.alert();
        return r.outcome() == Outcome.SERVER_ALERT && a != null && !a.encrypted()
                && !java.util.Set.of(10, 22, 50, 70).contains(a.description());
    }

    /**
     * The evidence line where TLS starts after what came before it: "TLS starts after a PROXY v1 preamble of 44
     * bytes", "... after an unknown preamble of 12 bytes" (bytes of no known protocol, before a ClientHello found by
     * content), or "TLS starts at the client's first byte, with no client preamble" when only the server spoke
     * before it (a banner); then the server's last answer before the ClientHello, when it sent one.
     */
    static String startEvidence(Preamble p) {
        String start = p.clientBytes() == 0 ? "TLS starts at the client's first byte, with no client preamble"
                : "TLS starts after " + ("unknown".equals(p.protocol()) ? "an" : "a") + " " + p.protocol()
                + " preamble of " + p.clientBytes() + " bytes";
        return start + (p.serverReply() == null ? "" : "; the server's last answer: " + p.serverReply());
    }

    private static Finding finding(ConnectionRecord r, ServerEvidence server) {
        Preamble p = r.preamble();
        if (p == null || !p.tlsStarted() || !r.failed() || r.serverHello() != null || r.clientHello() == null) {
            return null;
        }
        List<Evidence> ev = Diagnoser.lastEvidence(r, "TLS starts after");
        if (p.startTlsAnsweredWithRefusal()) {
            return new Finding(Cause.STARTTLS_REFUSED, Confidence.HIGH,
                    "The server refused to start TLS (" + p.protocol() + " answer " + p.refusalCode() + ", before the "
                            + "ClientHello), and the client sent its ClientHello anyway (openssl s_client -starttls "
                            + "does not check the answer): the server read the hello as a command of its own protocol. "
                            + "TLS is not set up for this service, or not offered to this client.",
                    ev, "Check the server's TLS setup for this service: STARTTLS enabled, its certificate and key "
                            + "present and readable, and any per-client policy; its log at the time of the refusal "
                            + "says which.");
        }
        int without = server.completed() - server.proxyHeaderCompleted();
        if (!p.proxyHeader() || server.proxyHeaderCompleted() > 0 || answeredTheHello(r)) {
            return null;
        }
        return new Finding(Cause.PROXY_PROTOCOL_UNEXPECTED, without > 0 ? Confidence.HIGH : Confidence.MEDIUM,
                "The connection began with a " + p.protocol().split(",")[0] + " header (PROXY protocol) and failed "
                        + "before any ServerHello" + (without > 0 ? ", while " + (without == 1
                        ? "a handshake" : without + " handshakes") + " with this server without the header completed"
                        : "") + ": the listener does not expect the PROXY protocol and takes the header for a broken "
                        + "request (nginx answers it with HTTP 400, OpenSSL closes without an alert), so what it "
                        + "answered is about the header, not the service's protocol.",
                ev, "Enable the PROXY protocol on the server's listener (nginx: listen ... proxy_protocol; HAProxy: "
                        + "accept-proxy), or stop sending the header (HAProxy: send-proxy / send-proxy-v2 off on this "
                        + "server line; a cloud load balancer's proxy protocol setting; curl: no --haproxy-protocol).");
    }
}
