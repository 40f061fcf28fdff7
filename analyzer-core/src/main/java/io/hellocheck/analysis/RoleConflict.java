package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.ClientHello;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The finding of a server that answered a ClientHello with a ClientHello of its own (cause {@code role_conflict}):
 * both ends act as the (D)TLS client, so neither sends a ServerHello and the client usually ends with alert
 * unexpected_message (RFC 8446 section 6.2, RFC 5246 section 7.2.2). Over DTLS with the use_srtp extension
 * (RFC 5764, DTLS-SRTP: WebRTC) the SDP attribute a=setup decides the roles (RFC 5763 section 5, RFC 8842): both
 * peers took the active role. Over TCP something on the listening side starts TLS as a client.
 */
final class RoleConflict {
    /** use_srtp (RFC 5764 section 4.1.1): the DTLS-SRTP handshake of WebRTC. */
    private static final int USE_SRTP = 14;

    private RoleConflict() {
    }

    /**
     * The role_conflict finding of {@code r}, whose evidence line {@code peerHello} is the server's ClientHello.
     *
     * @param r         a record over TCP or DTLS whose server sent a ClientHello
     * @param peerHello the evidence line starting with {@link Texts#SERVER_CLIENT_HELLO}
     */
    static Finding finding(ConnectionRecord r, Evidence peerHello) {
        List<Evidence> ev = new ArrayList<>(Diagnoser.lastEvidence(r, "ClientHello,"));
        ev.add(peerHello);
        for (Side side : Side.values()) {
            // each side's first alert after the server's ClientHello: a TLS client refusing the other's hello
            r.alerts().stream().filter(a -> a.from() == side && a.frame() > peerHello.frame()).findFirst()
                    .flatMap(answer -> r.evidence().stream().filter(e -> e.frame() == answer.frame()
                            && e.what().contains(Texts.from("alert", side))).findFirst())
                    .ifPresent(ev::add);
        }
        ev.sort(Comparator.comparingLong(Evidence::frame));
        boolean dtls = "dtls".equals(r.transport());
        ClientHello ch = r.clientHello() == null ? null : r.clientHello().hello();
        boolean webRtc = dtls && ch != null && ch.hasExtension(USE_SRTP);
        String protocol = dtls ? "DTLS" : "TLS";
        long clientFrame = r.clientHello() == null ? -1 : r.clientHello().frame();
        String what = peerHello.frame() < clientFrame
                ? "sent a ClientHello of its own (frame " + peerHello.frame() + ") before the client's (frame "
                        + clientFrame + ")"
                : "answered the client's ClientHello with a ClientHello of its own (frame " + peerHello.frame() + ")";
        String why = webRtc ? ". The client offers DTLS-SRTP (use_srtp, RFC 5764): a WebRTC peer connection, in which "
                + "the SDP attribute a=setup gives the DTLS roles (RFC 5763 section 5, RFC 8842); both peers took the "
                + "active role (the DTLS client)"
                : dtls ? ""
                : ". Something on the listening side starts TLS as a client: stunnel with client = yes in the service "
                        + "that accepts this connection, or a proxy or tunnel that wraps the wrong direction";
        String explanation = "Both sides act as the " + protocol + " client: the server " + what
                + ", so neither sends a ServerHello" + why + ".";
        String next = webRtc ? "Check the SDP offer and answer: the offerer sends a=setup:actpass and the answerer "
                + "picks one role, a=setup:active (the answerer is the DTLS client) or a=setup:passive (the offerer "
                + "is), RFC 8842 section 5; look for a peer that starts DTLS as the client whatever the answer says, "
                + "or a signalling server, SFU or gateway that rewrites a=setup."
                : dtls ? "Make one side the DTLS server: in its configuration or API, the side that accepts the "
                        + "association must be set to the server role."
                : "Make the accepting side the TLS server: in stunnel, client = no (the default) in the service that "
                        + "accepts the connection and client = yes only in the one that connects out; in a proxy or "
                        + "load balancer, TLS termination on the listening side and TLS origination toward the "
                        + "backend.";
        return new Finding(Cause.ROLE_CONFLICT, Confidence.HIGH, explanation, ev, next);
    }
}
