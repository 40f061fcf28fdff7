package io.hellocheck.analysis;

import io.hellocheck.dtls.DtlsFlow;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.AlertMeaning;
import io.hellocheck.tls.TlsNames;
import io.hellocheck.udp.UdpConversation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The connection record of a DTLS flow, by the rules of CONTRACT.md as over TCP: after the last ClientHello (a
 * HelloVerifyRequest or HelloRetryRequest makes the client's next one the last), a ServerHello then
 * ChangeCipherSpec both ways (DTLS 1.0 and 1.2), or an encrypted record from the server after the client's
 * encrypted flight (DTLS 1.3), is {@code COMPLETED}; a fatal clear-text alert from the server is
 * {@code SERVER_ALERT} before a ServerHello and {@code FAILED_AFTER_SERVER_HELLO} after it; a ClientHello from the
 * server before either is {@code NON_TLS_RESPONSE} (both sides act as the client: the server does not answer as a
 * DTLS server); nothing from the
 * server is {@code NO_RESPONSE} (or {@code INCONCLUSIVE} when no server packet is in the capture, or it ends
 * too soon).
 */
final class DtlsRecords {
    private DtlsRecords() {
    }

    static ConnectionRecord build(DtlsFlow f, HandshakeAnalysis a, boolean captureHasServerPackets,
                                  FlowEnd captureEnd, CipherOverlap overlap) {
        UdpConversation conv = f.conversation();
        List<DtlsFlow.Hello> hellos = f.clientHellos();
        DtlsFlow.Hello first = hellos.get(0);
        DtlsFlow.Hello last = hellos.get(hellos.size() - 1);
        HelloInfo firstInfo = info(first);
        HelloInfo retryInfo = hellos.size() > 1 ? info(last) : null;
        long helloEnd = last.message().last().timeNanos();
        long lastHelloFrame = last.message().first().frame();
        List<Evidence> ev = new ArrayList<>();
        for (DtlsFlow.Hello h : hellos) {
            ev.add(new Evidence(h.message().first().frame(), h.message().first().timeNanos(),
                    Texts.clientHello(info(h), "datagrams") + (h.cookieLength() > 0 ? ", with a " + h.cookieLength()
                            + "-byte cookie" : "")));
        }
        if (f.helloVerifyRequest() != null) {
            ev.add(new Evidence(f.helloVerifyRequest().frame(), f.helloVerifyRequest().timeNanos(),
                    "HelloVerifyRequest (a cookie round)"));
        }
        ServerHelloInfo hrr = f.helloRetryMessage() == null ? null : new ServerHelloInfo(
                f.helloRetryMessage().first().frame(), f.helloRetryMessage().first().timeNanos(),
                f.helloRetryRequest());
        if (hrr != null) {
            ev.add(new Evidence(hrr.frame(), hrr.timeNanos(), "HelloRetryRequest"));
        }
        ServerHelloInfo sh = f.serverHello() == null ? null : new ServerHelloInfo(
                f.serverHelloMessage().first().frame(), f.serverHelloMessage().first().timeNanos(), f.serverHello());
        if (sh != null) {
            ev.add(new Evidence(sh.frame(), sh.timeNanos(), "ServerHello, " + TlsNames.cipherSuite(sh.hello().cipherSuite())));
        }
        UdpRecords.mark(ev, f.clientChangeCipherSpec(), Texts.from(Texts.CHANGE_CIPHER_SPEC, Side.CLIENT));
        UdpRecords.mark(ev, f.serverChangeCipherSpec(), Texts.from(Texts.CHANGE_CIPHER_SPEC, Side.SERVER));
        UdpRecords.mark(ev, f.serverEncrypted(), "encrypted record from server");
        UdpRecords.mark(ev, f.clientEncryptedAfterServer(), "encrypted record from client");
        UdpRecords.mark(ev, f.serverEncryptedAfterClient(), "encrypted record from server after the client's");
        ServerFlight flight = DtlsServerFlight.read(f, last.hello(), ev);
        boolean tls13 = sh != null && (sh.hello().negotiatedVersion() == 0xfefc || sh.hello().negotiatedVersion() == 0x0304);
        boolean done = sh != null && (tls13 ? f.serverEncryptedAfterClient() != null
                : f.clientChangeCipherSpec() != null && f.serverChangeCipherSpec() != null);
        long doneFrame = !done ? Long.MAX_VALUE : tls13 ? f.serverEncryptedAfterClient().frame()
                : Math.max(f.clientChangeCipherSpec().frame(), f.serverChangeCipherSpec().frame());
        List<AlertInfo> alerts = new ArrayList<>();
        AlertInfo serverFatal = null;
        AlertInfo fatalAfterServerHello = null;
        for (DtlsFlow.Alert x : f.alerts()) {
            Side from = x.fromClient() ? Side.CLIENT : Side.SERVER;
            AlertInfo ai = new AlertInfo(from, x.level(), x.description(), x.at().frame(), x.at().timeNanos(), false,
                    false, AlertMeaning.meaning(x.level(), x.description(), from == Side.SERVER,
                    stage(x, sh, doneFrame, lastHelloFrame)));
            alerts.add(ai);
            ev.add(new Evidence(x.at().frame(), x.at().timeNanos(), (x.level() == 2 ? "fatal" : "warning")
                    + " alert " + TlsNames.alert(x.description()) + " from " + (x.fromClient() ? "client" : "server")));
            if (serverFatal == null && !x.fromClient() && x.level() == 2 && x.at().frame() >= lastHelloFrame) {
                serverFatal = ai;
            }
            if (fatalAfterServerHello == null && sh != null && x.level() == 2 && x.at().frame() > sh.frame()) {
                fatalAfterServerHello = ai;
            }
        }
        DtlsFlow.Message peerHello = f.serverClientHello();
        if (peerHello != null) {
            ev.add(new Evidence(peerHello.first().frame(), peerHello.first().timeNanos(),
                    Texts.serverClientHello("DTLS")));
        }
        DtlsFlow.Message back = f.reflectedClientHello();
        if (back != null) {
            ev.add(new Evidence(back.first().frame(), back.first().timeNanos(), ReflectedHello.EVIDENCE));
        }
        Evidence unreachable = UdpRecords.unreachable(conv, lastHelloFrame);
        if (unreachable != null) {
            ev.add(unreachable);
        }
        ev.sort(Comparator.comparingLong(Evidence::frame));
        AlertInfo alert = alerts.stream().filter(AlertInfo::isFatal).findFirst()
                .orElse(alerts.isEmpty() ? null : alerts.get(0));

        Outcome outcome;
        String reason;
        if (sh != null) {
            String cut = DtlsFlightCut.reason(f, flight, captureEnd.nanos(), a.options().noAnswerTimeoutNanos());
            AlertInfo fatal = fatalAfterServerHello != null && fatalAfterServerHello.frame() <= doneFrame
                    ? fatalAfterServerHello : serverFatal != null && serverFatal.frame() <= doneFrame ? serverFatal : null;
            if (fatal != null && fatal.from() == Side.SERVER) {
                outcome = Outcome.FAILED_AFTER_SERVER_HELLO;
                reason = "After its ServerHello the server sent a fatal alert " + TlsNames.alert(fatal.description())
                        + " (" + fatal.description() + ").";
            } else if (fatal != null) {
                // a fatal alert ends the association in DTLS as in TLS (RFC 5246 section 7.2.2; RFC 6347 section 4)
                outcome = Outcome.FAILED_AFTER_SERVER_HELLO;
                reason = "The handshake failed after the ServerHello: the client sent " + Texts.alertPhrase(fatal) + ".";
            } else if (done) {
                outcome = Outcome.COMPLETED;
                reason = tls13 ? "ServerHello, then the client's encrypted flight and the server's encrypted records."
                        : "ServerHello, then ChangeCipherSpec both ways.";
            } else if (cut != null) {
                outcome = Outcome.INCONCLUSIVE;
                reason = cut;
            } else {
                outcome = Outcome.INCONCLUSIVE;
                reason = captureEnd.say(" after the ServerHello before both sides switched to encrypted records");
            }
        } else if (back != null && peerHello == null && serverFatal == null && f.serverFirstAfterHello() != null
                && f.serverFirstAfterHello().frame() == back.first().frame()) {
            outcome = Outcome.NON_TLS_RESPONSE;
            reason = ReflectedHello.reason(back.first().frame(), first.message().first().frame());
        } else if (peerHello != null && (serverFatal == null || peerHello.first().frame() < serverFatal.frame())) {
            outcome = Outcome.NON_TLS_RESPONSE;
            reason = Texts.roleConflict("DTLS", peerHello.first().frame());
        } else if (serverFatal != null) {
            outcome = Outcome.SERVER_ALERT;
            reason = "The server answered the ClientHello with a fatal alert " + TlsNames.alert(serverFatal.description())
                    + " (" + serverFatal.description() + ").";
        } else if (f.serverFirstAfterHello() != null) {
            outcome = Outcome.INCONCLUSIVE;
            reason = "The server's answer to the last ClientHello is neither a ServerHello, a HelloVerifyRequest nor "
                    + "an alert.";
        } else {
            UdpRecords.Verdict v = UdpRecords.unanswered(unreachable, conv.serverPort(), captureHasServerPackets,
                    captureEnd.nanos() - helloEnd, a.options().noAnswerTimeoutNanos(), captureEnd,
                    (f.helloVerifyRequest() == null ? "No datagram came back from the server after the ClientHello ("
                            : "The server answered the first ClientHello with a HelloVerifyRequest (frame "
                            + f.helloVerifyRequest().frame() + "), then sent no datagram after the ClientHello with "
                            + "its cookie (") + Texts.count(conv.clientDatagrams(), "datagram") + " from the client"
                            + UdpRecords.duplicates(conv)
                            + (f.retransmissions() > 0 ? ", " + Texts.count(f.retransmissions(), "handshake fragment")
                            + " sent again" : "") + ").");
            outcome = v.outcome();
            reason = v.reason();
        }
        Long reaction = f.serverFirstAfterHello() == null ? null : f.serverFirstAfterHello().timeNanos() - helloEnd;
        UdpFacts udp = new UdpFacts("dtls", conv.udpStream(), TlsNames.version(last.recordVersion()), null, null, null, -1,
                null, List.of(), f.helloVerifyRequest() == null ? null : new Evidence(f.helloVerifyRequest().frame(),
                f.helloVerifyRequest().timeNanos(), "HelloVerifyRequest"), f.retransmissions(), conv.clientDatagrams(),
                conv.serverDatagrams(), null, unreachable);
        return UdpRecords.record(a, conv, outcome, reason, firstInfo, retryInfo, sh, hrr, reaction, alert, alerts, ev,
                overlap, udp, flight);
    }

    /**
     * Where alert {@code x} came in the handshake, for its meaning: before the last ClientHello, in answer to it,
     * after the ServerHello, or after both sides switched to encrypted records (frame {@code doneFrame}).
     */
    private static AlertMeaning.Stage stage(DtlsFlow.Alert x, ServerHelloInfo sh, long doneFrame, long lastHelloFrame) {
        long frame = x.at().frame();
        if (sh != null && frame > doneFrame) {
            return AlertMeaning.Stage.AFTER_HANDSHAKE;
        }
        if (sh != null && frame > sh.frame()) {
            return AlertMeaning.Stage.AFTER_SERVER_HELLO;
        }
        return !x.fromClient() && frame >= lastHelloFrame ? AlertMeaning.Stage.ANSWER_TO_CLIENT_HELLO
                : AlertMeaning.Stage.BEFORE_HANDSHAKE;
    }

    private static HelloInfo info(DtlsFlow.Hello h) {
        DtlsFlow.Message m = h.message();
        return new HelloInfo(m.first().frame(), m.frames(), m.first().timeNanos(), m.last().frame(),
                m.last().timeNanos(), m.bytes().length, h.hello(), h.error());
    }

}
