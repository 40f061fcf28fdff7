package io.hellocheck.analysis;

import io.hellocheck.frame.PacketView;
import io.hellocheck.tcp.HalfStream;
import io.hellocheck.tcp.Side;
import io.hellocheck.tcp.TcpConnection;
import io.hellocheck.tls.AlertMeaning;
import io.hellocheck.tls.TlsNames;

/**
 * The ends of a handshake before any ServerHello, and their reasons: a server that stays silent after the ClientHello
 * (NO_RESPONSE, CONTRACT.md), whose answer may be lost on the path ({@link ServerAnswerLoss}) or whose ACK of a client
 * FIN never came ({@link UnackedClientFin}); a client that closed first, and the server's late answer that makes it
 * CLIENT_GAVE_UP (1 s, CONTRACT.md); and a server's answer to a ClientHello the capture does not hold. Made by its
 * {@link HandshakeAnalyzer} at a close while the server's answer is awaited, or at a NO_RESPONSE (a handshake in
 * flight holds none; {@link #answersUnseenHello} needs none); it reads and decides through the analyzer. Times are
 * capture times in nanoseconds.
 */
final class UnansweredHello {
    /** The reason of a connection whose ClientHello the capture does not hold whole (CONTRACT.md Outcomes 1). */
    static final String HELLO_NOT_CAPTURED = "The ClientHello is cut by the snaplen or missing from the "
            + "capture, so it cannot be read.";

    private final HandshakeAnalyzer analyzer;
    private final TcpConnection conn;
    /** Whether the client closed the connection before the server answered its ClientHello. */
    private boolean clientClosedFirst;
    /** When the client closed first: its FIN or RST's capture time. */
    private long clientCloseNanos;
    /** Capture time of the server's first bytes after the client closed first (its late answer), or 0. */
    private long lateAnswerNanos;
    /** Capture time a NO_RESPONSE reason was written for (its close clause), to write it again once the loss is known. */
    private long noResponseNanos;
    /** The client closed with a FIN after the server ACKed the ClientHello and sent nothing else: its FIN's watch. */
    private UnackedClientFin clientFinWatch;

    UnansweredHello(HandshakeAnalyzer analyzer, TcpConnection conn) {
        this.analyzer = analyzer;
        this.conn = conn;
    }

    /** A segment while the late answer is awaited: whether it ACKs the client's FIN ({@link UnackedClientFin}). */
    void segment(Side from, PacketView p) {
        if (clientFinWatch != null) {
            clientFinWatch.segment(from, p);
        }
    }

    /**
     * A FIN in sequence order ({@code finInOrder}) or a RST while the server's answer to the last ClientHello is
     * awaited: the outcome it decides. A HelloRetryRequest left unanswered fails the handshake (RFC 8446 section
     * 4.1.4); a client that closes on the server's warning unrecognized_name (RFC 6066 section 3) or a server that
     * closes after it make it the server's answer; a client that closes first makes it NO_RESPONSE, until the server's
     * late answer (CLIENT_GAVE_UP); the server's RST or FIN ends it as SERVER_RESET or SERVER_CLOSED.
     */
    void close(Side from, PacketView p, long t, boolean fin, boolean rst, boolean finInOrder) {
        AlertInfo sniWarning = from == Side.SERVER ? analyzer.alerts().sniWarning() : null;
        if (analyzer.retryPending()) {
            String how = Texts.closed(rst);
            analyzer.decide(Outcome.FAILED_AFTER_SERVER_HELLO, analyzer.retryAnswered() + (from == Side.CLIENT
                    ? "the client " + how + " the connection instead of sending a second ClientHello."
                    : "the client sent no second ClientHello, and the server " + how + " the connection "
                            + Texts.seconds(t - analyzer.helloRetryRequest().timeNanos()) + " after its request."));
        } else if (from == Side.CLIENT && analyzer.alerts().sniWarning() != null) {
            analyzer.decide(Outcome.SERVER_ALERT,
                    analyzer.alerts().endedOnSniWarning(Texts.closed(rst) + " the connection"));
        } else if (from == Side.CLIENT && !clientClosedFirst) {
            clientClosedFirst = true;
            clientCloseNanos = t;
            if (fin && !rst && analyzer.serverAckedHello() && analyzer.serverBytesAfterHello() == 0) {
                // whether the server then ACKs the client's FIN is watched (UnackedClientFin)
                clientFinWatch = new UnackedClientFin(p);
            }
            analyzer.decide(Outcome.NO_RESPONSE, noResponseReason(t));
        } else if (sniWarning != null) {
            // the warning was the server's answer after all: no ServerHello followed it
            analyzer.decide(Outcome.SERVER_ALERT, "The server answered the ClientHello with "
                    + Texts.alertPhrase(sniWarning) + ", then " + Texts.closed(rst)
                    + " the connection without a ServerHello.");
        } else if (from == Side.SERVER && rst) {
            analyzer.reacted(t);
            analyzer.decide(Outcome.SERVER_RESET, "The server reset the connection (RST) after the ClientHello, "
                    + "without a ServerHello.");
        } else if (from == Side.SERVER && finInOrder) {
            analyzer.reacted(t);
            long serverBytes = analyzer.serverBytesAfterHello();
            ServerPreamble preamble = analyzer.serverPreamble();
            analyzer.decide(Outcome.SERVER_CLOSED, serverBytes == 0
                    ? preamble == null ? "The server closed the connection (FIN) after the ClientHello "
                            + "without sending any TLS bytes." : "The server closed the connection (FIN) after "
                            + "the ClientHello without answering it; it had spoken first ("
                            + preamble.protocol() + ")."
                    : "The server closed the connection (FIN) after the ClientHello; the "
                            + serverBytes + " bytes it sent before were no ServerHello or alert "
                            + "that could be read (see the evidence).");
        }
    }

    /** Whether the client closed the connection before the server answered its ClientHello. */
    boolean clientClosedFirst() {
        return clientClosedFirst;
    }

    /** The capture time the client closed at, when it closed first. */
    long clientCloseNanos() {
        return clientCloseNanos;
    }

    /** Server bytes after the client closed first: returns whether they are the first, its late answer. */
    boolean lateAnswer(long timeNanos) {
        if (lateAnswerNanos != 0) {
            return false;
        }
        lateAnswerNanos = timeNanos;
        return true;
    }

    /** Whether the server answered after the client had closed first. */
    boolean answeredLate() {
        return lateAnswerNanos != 0;
    }

    /**
     * At the written record of a NO_RESPONSE: the loss's evidence and its reason written again once the loss is known,
     * or the evidence of the client's FIN the server never acknowledged. Returns the reason, or null when it stays.
     */
    String noResponseEnd() {
        if (analyzer.lostServerBytes() != null) {
            String reason = noResponseReason(noResponseNanos);
            for (Evidence e : analyzer.answerLossEvidence()) {
                analyzer.addFact(e);
            }
            return reason;
        }
        if (clientFinWatch != null && clientFinWatch.unanswered()) {
            analyzer.addFact(clientFinWatch.evidence());
        }
        return null;
    }

    /** The reason of a NO_RESPONSE decided at {@code nowNanos} (a close, or the capture's end). */
    String noResponseReason(long nowNanos) {
        noResponseNanos = nowNanos;
        long serverBytes = analyzer.serverBytesAfterHello();
        TcpFacts.LostServerBytes lost = analyzer.lostServerBytes();
        String acked = lost != null ? "The server's answer never reached the client: its first "
                + lost.bytes() + " bytes after the ClientHello were lost on the path "
                + "(the client acknowledged none of them, and the server's later segments come after them in "
                + "sequence), and nothing else came,"
                : serverBytes > 0 ? "The server sent " + serverBytes + " bytes after the "
                + "ClientHello, but no ServerHello or alert that could be read (see the evidence),"
                : analyzer.serverAckedHello() ? "The server ACKed the ClientHello but sent nothing else"
                : "The server sent nothing, not even an ACK of the ClientHello,";
        String close;
        HelloInfo hello = analyzer.lastClientHello();
        ClosedBy closedBy = analyzer.closedBy();
        long lastHelloTime = analyzer.lastHelloTime();
        if (closedBy == null) {
            close = " for " + Texts.seconds(nowNanos - lastHelloTime) + " until the capture ended.";
        } else if (hello != null && closedBy.frame() < hello.frame()) {
            return (acked.endsWith(",") ? acked.substring(0, acked.length() - 1) : acked) + "; the "
                    + closedBy.side().label() + " had closed the connection (" + closedBy.how() + ", frame "
                    + closedBy.frame() + ") before the ClientHello.";
        } else {
            // the first close, not the one that decided the outcome: the server's FIN (frame 6, 0.024 s) before
            // the client's (frame 8, 5.004 s) in breaker4's alertdrop_client.pcap
            close = " until the " + closedBy.side().label() + " closed the connection (" + closedBy.how() + ") "
                    + Texts.seconds(closedBy.timeNanos() - lastHelloTime) + " after the ClientHello.";
        }
        return acked + close;
    }

    /**
     * CLIENT_GAVE_UP: both waits, and whether the client's wait makes it a failure (CONTRACT.md: 1 s).
     * {@code serverAlertLast}: the latest alert is the server's.
     */
    String gaveUpReason(ServerHelloInfo serverHello, boolean serverAlertLast, int helloResends) {
        long lastHelloTime = analyzer.lastHelloTime();
        long waited = clientCloseNanos - lastHelloTime;
        long answered = lateAnswerNanos - lastHelloTime;
        String answer = serverHello != null ? "a ServerHello (" + TlsNames.version(serverHello.hello().negotiatedVersion())
                + ", " + TlsNames.cipherSuite(serverHello.hello().cipherSuite()) + ")"
                : serverAlertLast ? "an alert" : "bytes";
        ClosedBy closedBy = analyzer.closedBy();
        String how = closedBy != null && closedBy.side() == Side.CLIENT ? " (" + closedBy.how() + ")" : "";
        String verdict = waited >= ConnectionRecord.GAVE_UP_FAILURE_NANOS
                ? helloResends > 0 ? " The ClientHello had to be sent again before the server took it (below): the "
                        + "wait was the path's loss as well as the server's." : " The server answered more slowly than "
                        + "the client waited."
                : " A client that closes this soon dropped the connection on purpose (as in connection racing), "
                        + "so it is not counted as a failure.";
        return "The client closed the connection" + how + " " + Texts.seconds(waited) + " after its ClientHello, "
                + "before the server answered; the server's answer, " + answer + ", came " + Texts.seconds(answered)
                + " after the ClientHello." + verdict;
    }

    /**
     * The server's first bytes of a connection whose start (the client's SYN) is in the capture but none of the
     * client's bytes, or of which the capture holds no packet of the client at all (a capture of the server's side
     * only: PcapPlusPlus's {@code SSL-AlertClear.pcap}, one frame, the server's fatal alert protocol_version;
     * {@code SSL-MultipleRecords1.pcap}, one frame with a ServerHello): a TLS ServerHello, or a TLS alert after the
     * server acknowledged client bytes the capture lacks (tshark: "TCP ACKed unseen segment") or with no client packet
     * captured, answer a ClientHello that was sent but not captured (a kernel drop, a one-way capture). The outcome is
     * then INCONCLUSIVE, as for a ClientHello cut by the snaplen (CONTRACT.md Outcomes 1), with the server's answer in
     * the evidence (and its alert in the alerts); the rest of the connection is not decoded.
     *
     * @return whether it was such an answer (the connection is then decided)
     */
    static boolean answersUnseenHello(HandshakeAnalyzer analyzer, TcpConnection conn, byte[] b, int off, int len,
                                      long frame, long timeNanos) {
        HalfStream client = conn.clientStream();
        boolean serverOnly = client.packets() == 0;
        if (!conn.synSeen() && !serverOnly || client.streamOffset() != 0 || len < 7 || b[off + 1] != 3) {
            return false;
        }
        boolean serverHelloRecord = b[off] == 22 && b[off + 5] == HandshakeAnalyzer.HANDSHAKE_SERVER_HELLO;
        boolean alertRecord = b[off] == 21 && b[off + 3] == 0 && b[off + 4] == 2;
        long unseen = client.ackedButNotCaptured();
        if (!serverHelloRecord && !(alertRecord && (unseen > 0 || serverOnly))) {
            return false;
        }
        if (unseen > 0) {
            analyzer.add(frame, timeNanos, "by then the server had acknowledged " + unseen + " bytes of the client's "
                    + "stream that are not in the capture (its ClientHello)");
        }
        String answer;
        if (alertRecord) {
            AlertInfo a = new AlertInfo(Side.SERVER, b[off + 5], b[off + 6] & 0xff, frame, timeNanos, false, false,
                    AlertMeaning.meaning(b[off + 5], b[off + 6] & 0xff, true, AlertMeaning.Stage.ANSWER_TO_CLIENT_HELLO));
            analyzer.alerts().add(a);
            analyzer.add(frame, timeNanos, Texts.alert(a) + ", answering a ClientHello that is not in the capture");
            answer = "a " + Texts.level(a.level()) + " alert " + TlsNames.alert(a.description()) + " ("
                    + a.description() + ")";
        } else {
            analyzer.add(frame, timeNanos, "ServerHello from server, answering a ClientHello that is not in the "
                    + "capture");
            answer = "a ServerHello";
        }
        analyzer.decide(Outcome.INCONCLUSIVE, !serverOnly ? HELLO_NOT_CAPTURED : "The capture holds only the server's "
                + "side of this connection: " + answer + " (frame " + frame + ") answering a ClientHello that is not "
                + "in the capture, so it cannot tell what the client offered.");
        conn.stopDelivery();
        return true;
    }
}
