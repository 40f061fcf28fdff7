package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.CertificateInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A completed handshake whose client closed at once, without an alert, on a certificate it should refuse: clients
 * that check the server's certificate after the handshake (Node.js, whose {@code rejectUnauthorized} check runs once
 * OpenSSL has finished it and then destroys the socket; Java's {@code HostnameVerifier}) close this way. The outcome
 * stays {@link Outcome#COMPLETED} (CONTRACT.md: both sides switched to encrypted records); the finding says what the
 * client most likely refused.
 */
final class LateCertificateRejection {
    /** A client close this soon after the server's last handshake message is no use of the connection: 50 ms. */
    static final long QUICK_CLOSE_NANOS = 50_000_000L;

    private LateCertificateRejection() {
    }

    /**
     * The finding for a completed handshake, or none: the client closed (FIN or RST) first, within
     * {@value #QUICK_CLOSE_NANOS} ns of the last handshake evidence, with no alert of its own (no close_notify), and
     * the server's leaf certificate is expired or not yet valid at the capture time, a lone self-signed one, or not for
     * the ClientHello's server name.
     */
    static List<Finding> diagnose(ConnectionRecord r) {
        ServerFlight f = r.serverFlight();
        ClosedBy c = r.closedBy();
        if (r.outcome() != Outcome.COMPLETED || r.udp() != null || f == null || f.certificates().isEmpty()
                || f.certificates().get(0).parseError() != null || c == null || c.side() != Side.CLIENT) {
            return List.of();
        }
        for (AlertInfo a : r.alerts()) {
            if (a.from() == Side.CLIENT) {
                return List.of();
            }
        }
        Evidence last = null;
        Evidence close = null;
        for (Evidence e : r.evidence()) {
            if (e.frame() < c.frame()) {
                last = e;
            } else if (close == null && e.frame() == c.frame()) {
                close = e;
            }
        }
        if (last == null || close == null || close.timeNanos() - last.timeNanos() > QUICK_CLOSE_NANOS) {
            return List.of();
        }
        String why = problem(r, f);
        if (why == null) {
            return List.of();
        }
        List<Evidence> ev = new ArrayList<>(Diagnoser.evidenceAt(r, f.certificateFrame(), "server Certificate"));
        ev.add(last);
        ev.add(close);
        return List.of(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, Confidence.MEDIUM,
                "The handshake completed, but the client closed the connection with a " + c.how() + " "
                        + Texts.millis(close.timeNanos() - last.timeNanos()) + " after the handshake's last message "
                        + "(frame " + last.frame() + "), without an alert, and " + why + ": clients that check the "
                        + "certificate after the handshake (Node.js, Java's HostnameVerifier) close this way when they "
                        + "refuse it, so the application most likely failed although the handshake completed.",
                ev, "Read the client's error for this connection (Node.js: CERT_HAS_EXPIRED, "
                        + "DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID) and fix the server's certificate "
                        + "(renew it, have it issued by a CA the client trusts, or include the name the client uses)."));
    }

    /** What is wrong with the leaf certificate for this client, as a clause, or null. */
    private static String problem(ConnectionRecord r, ServerFlight f) {
        CertificateInfo leaf = f.certificates().get(0);
        long at = f.certificateTimeNanos();
        if (leaf.expiredAt(at)) {
            return "the server's certificate (" + leaf.subject() + ") was expired (not after " + leaf.notAfter() + ")";
        }
        if (leaf.notYetValidAt(at)) {
            return "the server's certificate (" + leaf.subject() + ") was not yet valid (not before "
                    + leaf.notBefore() + ")";
        }
        String name = r.clientHello() == null || r.clientHello().hello() == null ? null
                : r.clientHello().hello().serverName();
        if (Boolean.FALSE.equals(f.leafMatchesSni(name))) {
            return "the server's certificate does not name " + name + " (its names: " + String.join(", ",
                    leaf.sanDns().isEmpty() ? List.of(String.valueOf(leaf.subject())) : leaf.sanDns()) + ")";
        }
        if (leaf.selfSigned() && f.certificates().size() == 1) {
            return "the server sent a single self-signed certificate (" + leaf.subject() + ")";
        }
        return null;
    }
}
