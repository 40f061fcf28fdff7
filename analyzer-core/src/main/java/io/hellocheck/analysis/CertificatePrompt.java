package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tcp.Side;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A client asked for a certificate that closed to choose one: the server's flight carried a CertificateRequest (RFC
 * 5246 section 7.4.4; in TLS 1.3, RFC 8446 section 4.3.2, only seen decrypted) and the client closed the connection
 * without an alert and without its own flight. Browsers do this (Chromium's ERR_SSL_CLIENT_AUTH_CERT_NEEDED): they stop
 * the handshake, choose a certificate (or ask the user), and connect again with the choice, an empty Certificate when
 * there is none. A client that rejects the server's certificate sends an alert instead (RFC 8446 section 6.2).
 *
 * <p>The outcome stays {@link Outcome#FAILED_AFTER_SERVER_HELLO} (CONTRACT.md: a FIN came first); the finding names
 * the same client's next connection to the server when the capture has it.
 */
final class CertificatePrompt {
    /** The start of HandshakeAnalyzer's evidence line for a TLS 1.3 client flight with an empty Certificate. */
    private static final String EMPTY_CERTIFICATE = "client's first encrypted record has the size of an empty Certificate";

    private CertificatePrompt() {
    }

    /**
     * Whether the client closed a TCP connection after the server's flight without any alert and without its own
     * flight (no ChangeCipherSpec, no encrypted record after the server's).
     */
    static boolean silentClose(ConnectionRecord r) {
        if (r.outcome() != Outcome.FAILED_AFTER_SERVER_HELLO || r.udp() != null || r.serverHello() == null
                || r.retryClientHello() != null || r.closedBy() == null || r.closedBy().side() != Side.CLIENT) {
            return false;
        }
        for (AlertInfo a : r.alerts()) {
            if (a.from() == Side.CLIENT) {
                return false;
            }
        }
        return AfterServerHello.clientFlight(r) == null;
    }

    /**
     * What a connection shows when its client went on past the server's flight, as a phrase ("completed", "sent an
     * empty Certificate and completed", ...), or null when it did not.
     */
    static String wentOn(ConnectionRecord r) {
        boolean completed = r.outcome() == Outcome.COMPLETED;
        if (r.serverHello() == null || !completed && AfterServerHello.clientFlight(r) == null) {
            return null;
        }
        DecryptedHandshake d = r.decryption();
        String sent = d != null && d.clientCertificates() != null ? d.clientCertificates().isEmpty()
                ? "sent an empty Certificate" : "sent a certificate"
                : !Diagnoser.lastEvidence(r, EMPTY_CERTIFICATE).isEmpty() ? "sent a record of an empty Certificate's size"
                : null;
        if (sent == null) {
            return completed ? "completed" : "sent its flight after the server's";
        }
        return completed ? sent + " and completed" : sent;
    }

    /**
     * Adds the finding when {@code r} is a silent close after a CertificateRequest (seen in clear or decrypted), or,
     * in TLS 1.3 without keys, when the same client's next connection to the server went on in the same version.
     *
     * @return whether the finding was added
     */
    static boolean diagnose(ConnectionRecord r, ServerEvidence server, String how, List<Evidence> ev,
                            List<Finding> out) {
        if (!silentClose(r)) {
            return false;
        }
        ServerFlight f = r.serverFlight();
        ServerEvidence.NextConnection next = server.nextConnections().get(ServerEvidence.connectionKey(r));
        String after = next == null ? null : "tcp.stream " + next.tcpStream() + " from the same client, "
                + Texts.seconds(next.afterNanos()) + " later, " + next.what();
        String advice = "Nothing to fix when the client's next connection went on (optional client authentication "
                + "looks like this on every first visit of a browser); if the user saw an error, read that next "
                + "connection (" + (next == null ? "none in this capture" : "tcp.stream " + next.tcpStream())
                + "): whether the client sent a certificate and the server accepted it.";
        if (f != null && f.certificateRequest() != null) {
            List<Evidence> evidence = new ArrayList<>(ev);
            evidence.addAll(Diagnoser.lastEvidence(r, "CertificateRequest"));
            evidence.sort(Comparator.comparingLong(Evidence::frame));
            long frame = evidence.stream().filter(e -> e.what().startsWith("CertificateRequest")).mapToLong(
                    Evidence::frame).findFirst().orElse(-1);
            out.add(new Finding(Cause.CLIENT_CLOSED_ON_CERTIFICATE_REQUEST, next == null ? Confidence.MEDIUM
                    : Confidence.HIGH, "The server asked for a client certificate (CertificateRequest"
                    + (frame > 0 ? ", frame " + frame : "") + ") and the client closed the connection with " + how
                    + ", without an alert and without its own flight: a browser asked for a certificate stops the "
                    + "handshake there to choose one (or to ask its user) and connects again with its choice "
                    + "(Chromium: ERR_SSL_CLIENT_AUTH_CERT_NEEDED); " + (after != null ? after + "."
                    : "this capture holds no later connection of the same client to this server that went on.")
                    + " It is not the server's certificate chain: a client that refuses the certificate sends an "
                    + "alert.", evidence, advice));
            return true;
        }
        boolean tls13WithoutKeys = r.serverHello().hello().tls13() && r.decryption() == null;
        if (!tls13WithoutKeys || next == null || next.version() != r.serverHello().hello().negotiatedVersion()) {
            return false;
        }
        out.add(new Finding(Cause.CLIENT_CLOSED_ON_CERTIFICATE_REQUEST, Confidence.MEDIUM,
                "The client closed the connection with " + how + " after the server's encrypted flight, without an "
                        + "alert and without its own flight, and " + after + " in the same version: what a browser "
                        + "does when the server asks for a client certificate (a CertificateRequest, encrypted here): "
                        + "it stops to choose one and connects again (Chromium: ERR_SSL_CLIENT_AUTH_CERT_NEEDED). A "
                        + "client that refuses the server's certificate sends an alert first.",
                ev, advice + " The session keys (--keylog) would show the CertificateRequest."));
        return true;
    }
}
