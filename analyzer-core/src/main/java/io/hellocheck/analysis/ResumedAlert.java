package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tcp.Side;
import java.util.List;

/**
 * The finding of a server's encrypted alert that ended a resumed session before completion. A resumption asks for
 * no client certificate (RFC 5246 section 7.3 Figure 2; RFC 8446 section 4.3.2: no CertificateRequest in a PSK
 * handshake), so it is no client-certificate problem. In an abbreviated TLS 1.2 handshake the server sends its
 * ChangeCipherSpec and Finished first and the client's follow: an alert before the client's ChangeCipherSpec comes
 * after the server's own Finished and answers nothing of the client's (rare); an alert after it (or, in TLS 1.3,
 * after the client's flight) most likely rejects the client's Finished (decrypt_error, RFC 5246 section 7.4.9, RFC
 * 8446 section 4.4.4) or what followed it.
 */
final class ResumedAlert {
    private ResumedAlert() {
    }

    /**
     * The finding for {@code r}, a resumed session ({@link ServerFlight#resumed()}) that the server's encrypted
     * alert {@code a} ended.
     *
     * @param ev the ClientHello, ServerHello and alert evidence lines
     */
    static Finding finding(ConnectionRecord r, AlertInfo a, List<Evidence> ev) {
        ServerFlight f = r.serverFlight();
        boolean afterClientFinished = f.encryptedHandshake() || Diagnoser.lastEvidence(r,
                Texts.from(Texts.CHANGE_CIPHER_SPEC, Side.CLIENT)).stream().anyMatch(e -> e.frame() < a.frame());
        String resumed = "The server resumed the session (" + f.resumption() + ")";
        if (!afterClientFinished) {
            return new Finding(Cause.RESUMPTION_FAILED, Confidence.LOW, resumed + ": in this abbreviated "
                    + "handshake the server sends its ChangeCipherSpec and Finished first and the client's follow (RFC "
                    + "5246 section 7.3, Figure 2). Its encrypted alert (frame " + a.frame() + ") came right after its "
                    + "own Finished, before the client's ChangeCipherSpec and Finished, so it answers nothing the "
                    + "client sent after the ClientHello; and a resumption asks for no client certificate. This is "
                    + "rare: most likely the server's application ended the connection at once (a close_notify, a "
                    + "policy on the client) or the server hit an internal error.",
                    ev, "Check the server's log for this connection; retry with a fresh session (no session id or "
                            + "ticket) to see whether a full handshake gets through; with the session's keys "
                            + "(`hellocheck analyze --keylog FILE`) the alert can be read.");
        }
        return new Finding(Cause.RESUMPTION_FAILED, Confidence.LOW, resumed + " and sent an encrypted alert "
                + "(frame " + a.frame() + ") after the client's Finished: most likely it rejected that Finished "
                + "(decrypt_error when it does not verify: the two sides derived different keys from the resumed "
                + "session) or what the client sent after it. A resumed session asks for no client certificate "
                + "(RFC 5246 section 7.3; RFC 8446 section 4.3.2 for a PSK), so it is not one.",
                ev, "Retry with a fresh session (no session id, ticket or PSK) and compare; when several servers "
                        + "answer for this name, check that they share the session-ticket keys and session cache; "
                        + "the server's log names the alert." + Diagnoser.keyLogHint(r));
    }
}
