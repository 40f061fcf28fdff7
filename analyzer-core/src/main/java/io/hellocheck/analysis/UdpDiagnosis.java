package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import java.util.ArrayList;
import java.util.List;

/** The diagnosis of a QUIC or DTLS record: the UDP-specific causes, then those {@link Diagnoser} finds. */
final class UdpDiagnosis {
    /** The finding users need most, in its words. */
    static final String FELL_BACK = "UDP 443 is blocked on the path; HTTP/3 fell back to TCP";

    private UdpDiagnosis() {
    }

    static List<Finding> diagnose(ConnectionRecord r, ServerEvidence server) {
        Finding quic = quicEnd(r);
        if (quic != null) {
            List<Finding> out = new ArrayList<>(List.of(quic));
            Diagnoser.diagnose(r, server).stream().filter(x -> x.cause() != quic.cause()).forEach(out::add);
            return List.copyOf(out);
        }
        Finding cut = DtlsFlightCut.finding(r);
        if (cut != null) {
            // the capture is whole: the datagrams were lost on the way, not missed by the capture
            List<Finding> out = new ArrayList<>(List.of(cut));
            Diagnoser.diagnose(r, server).stream()
                    .filter(x -> x.cause() != cut.cause() && x.cause() != Cause.CAPTURE_ARTEFACT).forEach(out::add);
            return List.copyOf(out);
        }
        if (r.outcome() != Outcome.NO_RESPONSE) {
            return Diagnoser.diagnose(r, server);
        }
        List<Finding> out = new ArrayList<>();
        UdpFacts u = r.udp();
        Evidence hello = r.evidence().isEmpty() ? null : r.evidence().get(0);
        List<Evidence> ev = hello == null ? List.of() : List.of(hello);
        if (u.portUnreachable() != null) {
            out.add(new Finding(Cause.PORT_NOT_LISTENING, Confidence.HIGH,
                    "The server's host answered the client's datagram with an ICMP port unreachable: nothing listens "
                            + "on UDP port " + r.server().port() + (u.fallbackTcpStream() != null
                            ? "; the client then reached the server over TCP (tcp.stream " + u.fallbackTcpStream()
                            + "): the server does not offer " + r.transport().toUpperCase(java.util.Locale.ROOT)
                            + " there" : "") + ".",
                    List.of(u.portUnreachable()), "Check that the service runs and listens on UDP port "
                            + r.server().port() + " of " + r.server().ip() + "."));
        } else if (u.serverDatagrams() > 0) {
            answeredThenSilent(r, u, out);
        } else if (u.fallbackTcpStream() != null) {
            out.add(new Finding(Cause.UDP_BLOCKED, Confidence.HIGH,
                    (r.server().port() == 443 ? FELL_BACK : "UDP port " + r.server().port()
                            + " is blocked on the path; the client fell back to TCP")
                            + ": no datagram came back to the client's " + Texts.count(u.clientDatagrams(), "datagram")
                            + ", while the same "
                            + "client reached the server over TCP (tcp.stream " + u.fallbackTcpStream() + ").",
                    ev, "Allow UDP port " + r.server().port() + " to " + r.server().ip() + " through the firewalls "
                            + "and middleboxes on the path (HTTP/3 needs it; TCP still works, only slower)."));
        } else {
            // DTLS: the ClientHello's fragments never sent again (a copy of a record is no resend); QUIC: one datagram
            boolean lone = "dtls".equals(r.transport()) ? u.retransmissions() == 0 : u.clientDatagrams() == 1;
            if (lone) {
                out.add(loneDatagram(r, ev));
            }
            out.add(new Finding(Cause.UDP_BLOCKED, lone ? Confidence.LOW : Confidence.MEDIUM,
                    "No datagram came back to the client's " + Texts.count(u.clientDatagrams(), "datagram")
                            + " over UDP: the path drops "
                            + "UDP to port " + r.server().port() + ", or nothing listens there.",
                    ev, "Check firewalls for UDP port " + r.server().port() + " to " + r.server().ip()
                            + ", and that the server runs " + r.transport().toUpperCase(java.util.Locale.ROOT)
                            + " there."));
        }
        return List.copyOf(out);
    }

    /**
     * What ended a QUIC handshake where no TLS alert names it: a Version Negotiation the client did not follow (RFC 9000
     * section 6: the server speaks none of the client's versions), or a client that closed the connection in
     * encrypted Handshake packets after the server's flight ({@link QuicRecords#CLIENT_CLOSED_IN_HANDSHAKE}: it
     * rejected what the flight holds, most often the certificate). Null otherwise.
     */
    private static Finding quicEnd(ConnectionRecord r) {
        UdpFacts u = r.udp();
        if (!"quic".equals(r.transport())) {
            return null;
        }
        if (r.outcome() == Outcome.SERVER_CLOSED && u.versionNegotiation() != null && u.connectionClose() == null) {
            List<Evidence> ev = new ArrayList<>(Diagnoser.lastEvidence(r, "ClientHello"));
            r.evidence().stream().filter(e -> e.frame() == u.versionNegotiationFrame()).forEach(ev::add);
            return new Finding(Cause.VERSION_MISMATCH, Confidence.HIGH,
                    "The server does not speak QUIC version " + u.version() + ", the version of the client's Initial "
                            + "packets: its Version Negotiation packet lists " + String.join(", ", u.versionNegotiation())
                            + " (RFC 9000 section 6), and the client did not start again with one of them.",
                    ev, "Let the client offer a QUIC version the server lists (version 1 is the one every QUIC "
                            + "stack speaks), or enable QUIC version " + u.version() + " on the server.");
        }
        if (r.outcome() == Outcome.FAILED_AFTER_SERVER_HELLO
                && r.outcomeReason().startsWith(QuicRecords.CLIENT_CLOSED_IN_HANDSHAKE)) {
            return new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, Confidence.LOW,
                    "The QUIC connection most likely ended by the client after the server's encrypted flight, before "
                            + "it finished its own side: clients do so when they reject the server's certificate (an "
                            + "unknown issuer, another name, expired), which that flight carries; a server that wants a "
                            + "client certificate the client did not send would end it alike. The alert is in an "
                            + "encrypted Handshake packet: a key log (SSLKEYLOGFILE) names it.",
                    Diagnoser.lastEvidence(r, "Handshake packet from client"), "Check the server's certificate "
                            + "chain against the client's trust store and the name it connects to (openssl s_client "
                            + "-connect HOST:443 -servername NAME over TCP shows the same chain, when the server "
                            + "offers it there), or capture with the client's key log to read the alert.");
        }
        return null;
    }

    /**
     * A client that sent one datagram and never sent it again, although the capture went on past the no-answer
     * wait: a real QUIC client sends its Initial again after its probe timeout, about 1 s at first (RFC 9002 section
     * 6.2.2: an initial RTT of 333 ms), a DTLS client its flight after 1 s (RFC 6347 section 4.2.4.1, RFC 9147
     * section 5.8.2). The capture more likely lost the rest (cut, filtered, joined from pieces) than the path dropped
     * UDP.
     */
    private static Finding loneDatagram(ConnectionRecord r, List<Evidence> ev) {
        boolean quic = "quic".equals(r.transport());
        return new Finding(Cause.CAPTURE_ARTEFACT, Confidence.MEDIUM,
                "The client sent its " + (quic ? "Initial" : "ClientHello") + " once and never again, although the "
                        + "capture went on past the no-answer wait: a client that gets no answer sends it again after "
                        + (quic ? "its probe timeout, about 1 s at first (RFC 9002 section 6.2.2)"
                                : "1 s (RFC 6347 section 4.2.4.1, RFC 9147 section 5.8.2)")
                        + ". A lone datagram with no retransmission points at a capture that lost the rest of the "
                        + "flow (cut, filtered, or joined from pieces) more than at a path that drops UDP.",
                ev, "Check how the capture was taken or cut (a capture filter, a sliced or joined file, the capture "
                        + "point), and capture again on the client, in both directions, for as long as it tries.");
    }

    /**
     * The server answered the flow before its last ClientHello (a DTLS HelloVerifyRequest, a QUIC Retry), so UDP
     * passes both ways, and then said nothing: its stack dropped the handshake without an alert. When the server's
     * completed handshakes in the capture chose suites this ClientHello does not offer, that is why.
     */
    private static void answeredThenSilent(ConnectionRecord r, UdpFacts u, List<Finding> out) {
        Evidence answer = u.helloVerifyRequest() != null ? u.helloVerifyRequest() : u.retry();
        List<Evidence> ev = new ArrayList<>();
        if (answer != null) {
            ev.add(answer);
        }
        ev.addAll(Diagnoser.lastEvidence(r, "ClientHello"));
        CipherOverlap c = r.cipherOverlap();
        if (c != null && c.completedHandshakes() > 0 && c.offeredAndAccepted().isEmpty()) {
            out.add(Diagnoser.noSharedSuite(Confidence.HIGH, "this server chose " + Diagnoser.names(c.serverAccepted())
                    + " in completed handshakes and this ClientHello " + Diagnoser.noneOf(c.serverAccepted())
                    + "; it dropped the handshake without an alert", ev, c.userProfile() != null));
        }
        String stack = r.transport().toUpperCase(java.util.Locale.ROOT);
        out.add(new Finding(Cause.SERVER_SILENT_AFTER_ACK, Confidence.HIGH,
                "The server " + (answer == null ? "sent " + Texts.count(u.serverDatagrams(), "datagram")
                        : "answered an earlier ClientHello with a " + answer.what().split(" ")[0] + " (frame "
                        + answer.frame() + ")") + ", so UDP passes both ways; then it said nothing after the last "
                        + "ClientHello: its " + stack + " stack or policy dropped the handshake without an alert.",
                ev, "Check the server's " + stack + " log for this time (it names what it rejected: cipher suites, "
                        + "versions, the cookie), and compare this ClientHello with one the server completed."));
    }
}
