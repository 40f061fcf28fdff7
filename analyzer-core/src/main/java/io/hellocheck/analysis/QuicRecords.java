package io.hellocheck.analysis;

import io.hellocheck.quic.ConnectionClose;
import io.hellocheck.quic.CryptoReassembler;
import io.hellocheck.quic.QuicFlow;
import io.hellocheck.quic.QuicVersions;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.TlsNames;
import io.hellocheck.udp.UdpConversation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The connection record of a QUIC flow, by the rules of CONTRACT.md as for TLS 1.3 over TCP: after the last
 * ClientHello, a ServerHello then a 1-RTT packet from the server after the client's Handshake flight is
 * {@code COMPLETED}, and a handshake that ended in Handshake packets is {@code FAILED_AFTER_SERVER_HELLO}; a CONNECTION_CLOSE in an Initial packet is {@code SERVER_ALERT} (a crypto error, TLS alert
 * 0x0100 + N) or {@code SERVER_CLOSED} (another error, a Version Negotiation the client did not follow) before a
 * ServerHello and {@code FAILED_AFTER_SERVER_HELLO} after it; nothing from the server is {@code NO_RESPONSE}
 * (or {@code INCONCLUSIVE} when no server packet is in the capture, or it ends too soon).
 */
final class QuicRecords {
    /** How the reason of a handshake whose server fell silent after the client's Handshake flight begins. */
    static final String SILENT_AFTER_CLIENT_FLIGHT = "The server sent nothing in the ";
    /** How the reason of a handshake closed in Handshake packets, whose client had no room for a certificate, begins. */
    static final String CLIENT_CLOSED_IN_HANDSHAKE = "The handshake ended after the server's flight, most likely by the "
            + "client: ";
    /**
     * Client Handshake packets smaller than this (bytes, header and tag included) hold no certificate: an X.509
     * certificate alone takes several hundred bytes, and a client's Certificate message fills its first packet.
     */
    static final int CERTIFICATE_ROOM = 256;

    private QuicRecords() {
    }

    /**
     * The reason of a handshake whose server fell silent after the client's Handshake flight for at least
     * {@code timeoutNanos} until the capture's end, while the client kept sending (its flight again, RFC 9002
     * section 6.2, or 1-RTT data); null when the capture ends sooner or the client sent nothing more. With no
     * CONNECTION_CLOSE the end stays unknown, so the outcome stays INCONCLUSIVE (CONTRACT.md: a ServerHello,
     * then the capture ends before the handshake's end).
     */
    private static String silentAfterClientFlight(QuicFlow f, long captureEndNanos, long timeoutNanos) {
        UdpConversation.Mark flight = f.clientHandshake();
        UdpConversation.Mark server = f.lastServer();
        long more = f.clientDatagramsAfterHandshake();
        if (flight == null || more == 0 || (server != null && server.frame() > flight.frame())
                || captureEndNanos - flight.timeNanos() < timeoutNanos) {
            return null;
        }
        return SILENT_AFTER_CLIENT_FLIGHT + Texts.seconds(captureEndNanos - flight.timeNanos())
                + " after the client's Handshake flight (frame " + flight.frame() + ") until the capture ended, while "
                + "the client sent " + Texts.count(more, "more datagram") + " (the last in frame "
                + f.lastClient().frame() + "): the client's flight or the server's answers were lost on the way, and "
                + "no CONNECTION_CLOSE tells how the connection ended.";
    }

    /**
     * The reason of a handshake that ended in Handshake packets: after the client's Handshake flight the server
     * answered with Handshake packets only, never a 1-RTT packet (a server that completes the handshake sends
     * HANDSHAKE_DONE in one, RFC 9001 section 4.1.2), and then neither side sent anything for at least
     * {@code timeoutNanos} until the capture's end, with no retransmission (an endpoint whose flight is unanswered
     * sends it again, RFC 9002 section 6.2): a CONNECTION_CLOSE in an encrypted Handshake packet ended the
     * connection (RFC 9000 section 10.2.3). It begins with {@link #CLIENT_CLOSED_IN_HANDSHAKE} when the client sent
     * no 1-RTT packet and no Handshake packet with room for a certificate: it did not finish its side, so it is the
     * one that closed. Null when the flow does not end so.
     */
    private static String closedInHandshake(QuicFlow f, long captureEndNanos, long timeoutNanos) {
        UdpConversation.Mark flight = f.clientHandshake();
        UdpConversation.Mark server = f.lastServer();
        if (flight == null || server == null || server.frame() < f.lastClient().frame()
                || captureEndNanos - server.timeNanos() < timeoutNanos) {
            return null;
        }
        String facts = "the server answered the client's Handshake packets (from frame " + flight.frame()
                + ") with Handshake packets only, never a 1-RTT packet (a server that completes the handshake sends "
                + "HANDSHAKE_DONE in one, RFC 9001 section 4.1.2), and after its last (frame " + server.frame()
                + ") neither side sent anything for " + Texts.seconds(captureEndNanos - server.timeNanos())
                + " until the capture ended, with no retransmission (RFC 9002 section 6.2): a CONNECTION_CLOSE in an "
                + "encrypted Handshake packet ended the connection (RFC 9000 section 10.2.3).";
        if (f.clientOneRtt() == null && f.clientHandshakeLargest() < CERTIFICATE_ROOM) {
            return CLIENT_CLOSED_IN_HANDSHAKE + facts + " The client's Handshake packets (the largest "
                    + f.clientHandshakeLargest() + " bytes) hold no certificate and it sent no 1-RTT packet: most "
                    + "likely it closed the handshake (such a packet holds a CONNECTION_CLOSE, or its Finished, after "
                    + "which a server that wants a client certificate closes it the same way).";
        }
        return "The handshake ended after the ServerHello: " + facts;
    }

    /**
     * The record of a QUIC flow, its outcome read from the packet types (docs/quic-dtls.md).
     *
     * @param captureHasServerPackets whether any server sent a packet the capture holds (else it is one-sided)
     * @param end                     where the capture of the flow ends
     */
    static ConnectionRecord build(QuicFlow f, HandshakeAnalysis a, boolean captureHasServerPackets,
                                  FlowEnd end, CipherOverlap overlap) {
        UdpConversation conv = f.conversation();
        AnalysisOptions options = a.options();
        List<QuicFlow.Hello> hellos = f.clientHellos();
        QuicFlow.Hello first = hellos.get(0);
        QuicFlow.Hello last = hellos.get(hellos.size() - 1);
        HelloInfo firstInfo = UdpRecords.clientHello(first.message(), first.hello(), first.error());
        HelloInfo retryInfo = hellos.size() > 1
                ? UdpRecords.clientHello(last.message(), last.hello(), last.error()) : null;
        long helloEnd = last.message().lastTimeNanos();
        long helloEndFrame = last.message().lastFrame();
        List<Evidence> ev = new ArrayList<>();
        for (QuicFlow.Hello h : hellos) {
            ev.add(new Evidence(h.message().firstFrame(), h.message().firstTimeNanos(),
                    Texts.clientHello(UdpRecords.clientHello(h.message(), h.hello(), h.error()), "datagrams")
                            + " in QUIC " + QuicVersions.name(h.version()) + " Initial packets"));
        }
        if (f.retry() != null) {
            ev.add(new Evidence(f.retry().frame(), f.retry().timeNanos(), "Retry from server"));
        }
        QuicFlow.VersionNegotiation vn = f.versionNegotiation();
        List<String> vnNames = null;
        if (vn != null) {
            vnNames = vn.versions().stream().map(QuicVersions::name).toList();
            ev.add(new Evidence(vn.at().frame(), vn.at().timeNanos(),
                    "Version Negotiation from server: " + String.join(", ", vnNames)));
        }
        CryptoReassembler.Message hrrMsg = f.helloRetryMessage();
        ServerHelloInfo hrr = hrrMsg == null ? null
                : new ServerHelloInfo(hrrMsg.firstFrame(), hrrMsg.firstTimeNanos(), f.helloRetryRequest());
        if (hrr != null) {
            ev.add(new Evidence(hrr.frame(), hrr.timeNanos(), "HelloRetryRequest"));
        }
        CryptoReassembler.Message shMsg = f.serverHelloMessage();
        ServerHelloInfo sh = shMsg == null || f.serverHello() == null ? null
                : new ServerHelloInfo(shMsg.firstFrame(), shMsg.firstTimeNanos(), f.serverHello());
        if (sh != null) {
            ev.add(new Evidence(sh.frame(), sh.timeNanos(), "ServerHello, "
                    + TlsNames.cipherSuite(sh.hello().cipherSuite())));
        }
        UdpRecords.mark(ev, f.serverHandshake(), "Handshake packet from server");
        UdpRecords.mark(ev, f.clientHandshake(), "Handshake packet from client");
        UdpRecords.mark(ev, f.serverOneRttAfterClientHandshake(),
                "1-RTT packet from server after the client's Handshake flight");
        ConnectionClose close = null;
        ConnectionClose afterHello = null; // the first from either side after the ServerHello
        List<AlertInfo> alerts = new ArrayList<>();
        for (ConnectionClose c : f.closes()) {
            ev.add(new Evidence(c.frame(), c.timeNanos(), "CONNECTION_CLOSE from " + (c.fromClient() ? "client" : "server")
                    + ": " + closeText(c)));
            if (c.tlsAlert() >= 0) {
                alerts.add(new AlertInfo(c.fromClient() ? Side.CLIENT : Side.SERVER, 2, c.tlsAlert(), c.frame(),
                        c.timeNanos(), false, false, null, c.decrypted()));
            }
            if (close == null && !c.fromClient() && c.frame() >= last.message().firstFrame()) {
                close = c;
            }
            // a close once the server's 1-RTT packets showed the handshake done, or with NO_ERROR (an ordinary close,
            // RFC 9000 section 20.1, which before confirmation also goes in a Handshake packet, section 10.2.3),
            // ends the connection, not the handshake
            if (afterHello == null && sh != null && c.frame() >= sh.frame() && (c.application() || c.errorCode() != 0)
                    && (f.serverOneRttAfterClientHandshake() == null
                    || c.frame() < f.serverOneRttAfterClientHandshake().frame())) {
                afterHello = c;
            }
        }
        Evidence unreachable = UdpRecords.unreachable(conv, last.message().firstFrame());
        if (unreachable != null) {
            ev.add(unreachable);
        }
        ev.sort(Comparator.comparingLong(Evidence::frame));
        AlertInfo alert = alerts.stream().filter(x -> x.from() == Side.SERVER).findFirst()
                .orElse(alerts.isEmpty() ? null : alerts.get(0));

        Outcome outcome;
        String reason;
        if (sh != null) {
            close = afterHello;
            if (close != null) {
                outcome = Outcome.FAILED_AFTER_SERVER_HELLO;
                reason = "After the server's ServerHello the " + (close.fromClient() ? "client" : "server")
                        + " closed the QUIC connection: " + closeText(close)
                        + (close.decrypted() ? " (in a Handshake packet, decrypted with the key log)" : "") + ".";
            } else if (f.serverOneRttAfterClientHandshake() != null) {
                outcome = Outcome.COMPLETED;
                reason = "ServerHello, then the client's Handshake flight and the server's 1-RTT packets.";
            } else {
                outcome = Outcome.INCONCLUSIVE;
                reason = silentAfterClientFlight(f, end.nanos(), options.noAnswerTimeoutNanos());
                if (reason == null) {
                    reason = closedInHandshake(f, end.nanos(), options.noAnswerTimeoutNanos());
                    outcome = reason == null ? outcome : Outcome.FAILED_AFTER_SERVER_HELLO;
                }
                if (reason == null) {
                    reason = end.say(" after the ServerHello before the server sent a 1-RTT packet after the "
                            + "client's Handshake flight (the handshake's end is encrypted)");
                }
            }
        } else if (close != null) {
            if (close.tlsAlert() >= 0) {
                outcome = Outcome.SERVER_ALERT;
                reason = "The server answered the ClientHello with a CONNECTION_CLOSE carrying TLS alert "
                        + TlsNames.alert(close.tlsAlert()) + " (" + close.tlsAlert() + ").";
            } else {
                outcome = Outcome.SERVER_CLOSED;
                reason = "The server answered the ClientHello with a CONNECTION_CLOSE: " + closeText(close) + ".";
            }
        } else if (vn != null && vn.at().frame() > helloEndFrame) {
            outcome = Outcome.SERVER_CLOSED;
            reason = "The server does not speak QUIC " + QuicVersions.name(last.version())
                    + ": its Version Negotiation lists " + String.join(", ", vnNames)
                    + ", and the client did not try again with one of them.";
        } else if (f.serverFirstAfterHello() != null) {
            outcome = Outcome.INCONCLUSIVE;
            reason = "The server answered with packets that cannot be read without keys and no ServerHello in its "
                    + "Initial packets.";
        } else {
            UdpRecords.Verdict v = UdpRecords.unanswered(unreachable, conv.serverPort(), captureHasServerPackets,
                    end.nanos() - helloEnd, options.noAnswerTimeoutNanos(), end,
                    "No packet came back from the server over UDP after the ClientHello ("
                    + Texts.count(conv.clientDatagrams(), "datagram") + " from the client" + UdpRecords.duplicates(conv)
                    + (conv.clientDatagrams() > 1
                    ? ", the last " + Texts.seconds(f.lastClient().timeNanos() - first.message().firstTimeNanos())
                    + " after the first" : "") + ").");
            outcome = v.outcome();
            reason = v.reason();
        }
        Long reaction = f.serverFirstAfterHello() == null ? null : f.serverFirstAfterHello().timeNanos() - helloEnd;
        UdpFacts udp = new UdpFacts("quic", conv.udpStream(), QuicVersions.name(last.version()), last.dcid(),
                f.retry() == null ? null : new Evidence(f.retry().frame(), f.retry().timeNanos(), "Retry"),
                vnNames, vn == null ? -1 : vn.at().frame(), close == null && !f.closes().isEmpty()
                ? f.closes().get(0) : close, first.parameters(), null, 0, conv.clientDatagrams(), conv.serverDatagrams(),
                null, unreachable);
        return UdpRecords.record(a, conv, outcome, reason, firstInfo, retryInfo, sh, hrr, reaction, alert, alerts, ev,
                overlap, udp, null);
    }

    /** "CRYPTO_ERROR (TLS alert handshake_failure (40))", "CONNECTION_REFUSED, reason \"busy\"". */
    static String closeText(ConnectionClose c) {
        String s = c.errorName();
        if (c.tlsAlert() >= 0) {
            s += " (TLS alert " + TlsNames.alert(c.tlsAlert()) + " (" + c.tlsAlert() + "))";
        }
        return c.reason().isEmpty() ? s : s + ", reason \"" + c.reason() + "\"";
    }
}
