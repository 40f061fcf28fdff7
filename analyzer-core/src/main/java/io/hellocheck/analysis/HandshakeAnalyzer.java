package io.hellocheck.analysis;

import io.hellocheck.frame.PacketView;
import io.hellocheck.tcp.HalfStream;
import io.hellocheck.tcp.Side;
import io.hellocheck.tcp.StreamListener;
import io.hellocheck.tcp.TcpConnection;
import io.hellocheck.tls.AlertMeaning;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.FrameSpan;
import io.hellocheck.tls.PreambleDetector;
import io.hellocheck.tls.ServerHello;
import io.hellocheck.tls.SslV2;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one TCP connection's handshake and decides its outcome by CONTRACT.md's rules.
 *
 * <p>Phases: waiting for the ClientHello, waiting for the server's answer to the last ClientHello,
 * waiting for both sides to encrypt after the ServerHello, then decided. A decided failure keeps
 * watching for a short while (its close, a late ServerHello after a RST) before its record is written;
 * a completed handshake is written at once and its stream buffers are released.
 */
final class HandshakeAnalyzer implements StreamListener {
    static final int HANDSHAKE_CLIENT_HELLO = 1;
    static final int HANDSHAKE_SERVER_HELLO = 2;
    /** A ChangeCipherSpec record: 5 bytes of header, 1 of body. */
    private static final int CCS_RECORD_BYTES = 6;
    /** The reason of a connection in a capture that holds no packet of any server (HandshakeAnalysis re-judges). */
    static final String ONE_SIDED = "No packet from any server is in the capture (a one-sided capture), "
            + "so it cannot tell what the server did.";
    /** How long a client that closed first is followed for the server's late answer (capture time): 30 s. */
    private static final long LATE_ANSWER_WAIT_NANOS = 30_000_000_000L;

    private enum Phase { WAIT_CLIENT_HELLO, WAIT_SERVER, WAIT_ENCRYPTED, DECIDED, DONE }

    private final HandshakeAnalysis capture;
    private final TcpConnection conn;
    /** The capture source of the connection's first frame ({@link CaptureEnds#source}). */
    private final long source;
    /** Whether the capture ended too soon after the ClientHello, nothing of the server's side seen since. */
    private boolean endedUnanswered;
    private Phase phase = Phase.WAIT_CLIENT_HELLO;
    private SideDecoder clientSide;
    private SideDecoder serverSide;
    /**
     * Whether a ChangeCipherSpec starts encryption, for both decoders; kept here so that a side's decoder is made
     * only when that side sends bytes (the server's, of a handshake in flight, never is).
     */
    private boolean ccsStartsEncryption = true;
    private boolean notTls;

    private HelloInfo clientHello;
    private HelloInfo retryClientHello;
    private long lastHelloTime;
    private ServerHelloInfo serverHello;
    private ServerHelloInfo helloRetryRequest;
    private boolean tls13;
    private boolean sslV2;
    /** TLS 1.3: what the sequence of encrypted records tells; made at the ServerHello, null otherwise. */
    private Tls13RecordSequence tls13Records;
    /** TLS 1.2 and earlier: when both sides switched to encrypted records; made at the ServerHello, null otherwise. */
    private Tls12Completion tls12;
    /** The server's clear-text flight after its ServerHello; null before it. */
    private ServerFlightTracker flight;
    /** The session's decryption when the key log has it (issue 16); null otherwise. */
    private Decryption decryption;
    /** The plain-text protocols before TLS (PROXY, CONNECT, STARTTLS ...) and what the server sent before it. */
    private final PreambleDialogue preambles;
    private boolean clientEncrypted;
    private boolean serverEncrypted;
    /** After the ClientHello, a part of the client's stream could not be read (a gap, a record that is not TLS). */
    private boolean clientUnreadable;
    private Long serverReactionNanos;
    /** The connection's alerts and what they decide. */
    private final HandshakeAlerts alerts;
    private ClosedBy closedBy;
    private final EvidenceList evidence = new EvidenceList();
    private boolean serverAckedHello;
    private boolean clientHelloStarted;
    private Outcome outcome;
    private String reason;
    private boolean refused;
    /** What the connection's segments tell at the TCP level. */
    private final TcpFactsTracker tcp;
    private long helloEndOffset = Long.MAX_VALUE;
    /**
     * Copies of the last ClientHello the client sent again (TCP retransmissions) before the server acknowledged it or
     * reacted, and the latest: the server's reaction is timed from it (Karn's rule, RFC 6298 section 3).
     */
    private int helloResends;
    private long lastHelloCopyFrame;
    private long lastHelloCopyNanos;
    /** Bytes the server sent after the last ClientHello while its answer was awaited (for the reasons). */
    private long serverBytesAfterHello;
    /** A frame of this handshake was cut by the snaplen. */
    private boolean snaplenCut;
    /**
     * While the server's answer is awaited, made at the first sign that it may be lost on the path (a client ACK while
     * server bytes wait above a hole, a server segment whose sequence number is past what arrived); else null.
     */
    private ServerAnswerLoss answerLoss;
    /** While the server's answer is awaited: the client's latest segment with an ACK (frame, capture time), or 0. */
    private long clientAckFrame;
    private long clientAckNanos;
    /** The end before a ServerHello: made at a close while the server's answer is awaited, or at a NO_RESPONSE. */
    private UnansweredHello answer;
    /** Inside the ClientHello: the server's window is zero since this watch's frame; else null. */
    private ZeroWindowStall helloStall;
    /** Capture time of the server's latest segment with payload, or 0. */
    private long lastServerDataNanos;
    /** The client's first segment with bytes after the ServerHello (frame, capture time), or 0. */
    private long clientFlightFrame;
    private long clientFlightNanos;

    HandshakeAnalyzer(HandshakeAnalysis capture, TcpConnection conn) {
        this.capture = capture;
        this.conn = conn;
        this.source = capture.source();
        this.tcp = new TcpFactsTracker(this, conn);
        this.preambles = new PreambleDialogue(this, conn);
        this.alerts = new HandshakeAlerts(this, conn);
    }

    // ---------------------------------------------------------------- TCP events

    @Override
    public void onData(TcpConnection c, Side from, byte[] buf, int off, int len, long frame, long timeNanos) {
        if (notTls || phase == Phase.DONE) {
            return;
        }
        if (clientHello == null && !clientHelloStarted && preambles.none() && compatibilityCcsBeforeHello(buf, off, len)) {
            add(frame, timeNanos, "the capture starts at a ChangeCipherSpec and a ClientHello: a second ClientHello, "
                    + "after a HelloRetryRequest that is not in the capture (RFC 8446 appendix D.4)");
            off += CCS_RECORD_BYTES;
            len -= CCS_RECORD_BYTES;
        }
        if (clientHello == null && !clientHelloStarted && looksLikeClientHello(buf, off, len)) {
            if (from == Side.SERVER && conn.swapRoles()) {
                swapDecoders();
                from = Side.CLIENT;
            }
            clientHelloStarted = from == Side.CLIENT;
        }
        if (from == Side.CLIENT && phase.ordinal() <= Phase.WAIT_SERVER.ordinal()) {
            tcp.clientChunk(frame);
        }
        if (from == Side.SERVER && clientHello == null && !clientHelloStarted && preambles.serverPreamble() == null
                && UnansweredHello.answersUnseenHello(this, conn, buf, off, len, frame, timeNanos)) {
            return;
        }
        if (from == Side.SERVER) {
            tcp.serverData();
        }
        if (from == Side.SERVER && answerLost()) {
            reacted(timeNanos); // bytes after the lost ones: no answer the client could read, and no late one
            return;
        }
        if (from == Side.SERVER && awaitsLateAnswer() && answer.lateAnswer(timeNanos)) {
            reacted(timeNanos);
        }
        if (from == Side.SERVER) {
            if (phase == Phase.WAIT_SERVER) {
                reacted(timeNanos);
                serverBytesAfterHello += len;
            }
            if (!clientHelloStarted) {
                if (preambles.server(buf, off, len, frame, timeNanos, clientHello == null)) {
                    notTls = true; // no preamble we know, and no ClientHello in the client's first bytes
                    conn.stopDelivery();
                }
                return;
            }
        } else if (clientHello == null && !preambles.over()) {
            // Client bytes before TLS: a preamble (PROXY header, CONNECT, STARTTLS ...) until it says where TLS starts.
            int at = preambles.client(buf, off, len, frame, timeNanos, clientHelloStarted);
            if (at == PreambleDetector.MORE) {
                return;
            }
            if (at == PreambleDetector.HELD) {
                // a ClientHello found by content after an unknown preamble: the stream from its first byte
                clientHelloStarted = true;
                preambles.replayHello(decoder(Side.CLIENT).decoder::feed);
                return;
            }
            if (at != PreambleDialogue.AS_IS) {
                len -= at - off;
                off = at;
                clientHelloStarted = looksLikeClientHello(buf, off, len);
            }
        }
        decoder(from).decoder.feed(buf, off, len, frame, timeNanos);
    }

    /**
     * Record bodies nobody reads: once the ClientHello is in and the server answered, and neither a reset from
     * the server nor a client that closed first makes the arrival of more server bytes news, {@link #onData}
     * only feeds the side's record decoder, which takes the body of an opaque record unread.
     */
    @Override
    public int skip(TcpConnection c, Side from, int len) {
        if (notTls || phase == Phase.DONE) {
            return len;
        }
        if ((phase != Phase.WAIT_ENCRYPTED && phase != Phase.DECIDED) || clientHello == null || !clientHelloStarted
                || tcp.serverReset() || clientClosedFirst()) {
            return 0;
        }
        SideDecoder d = from == Side.CLIENT ? clientSide : serverSide;
        return d == null ? 0 : d.decoder.skipOpaque(len);
    }

    @Override
    public void onGap(TcpConnection c, Side from, long bytes, long frame, long timeNanos) {
        if (notTls || phase == Phase.DONE) {
            return;
        }
        SideDecoder d = decoder(from);
        d.decoder.gap(bytes, frame, timeNanos); // whatever the hole was, the bytes after it start unaligned
        if (from == Side.SERVER && answerLoss != null && (phase == Phase.WAIT_SERVER || awaitsLateAnswer())
                && answerLoss.gap(conn.serverStream(), bytes)) {
            return;
        }
        add(frame, timeNanos, bytes + " bytes of the " + from.label() + "'s stream are missing from the capture");
        if (from == Side.CLIENT && clientHello == null && clientHelloStarted) {
            decide(Outcome.INCONCLUSIVE, UnansweredHello.HELLO_NOT_CAPTURED);
        } else if (from == Side.SERVER && phase == Phase.WAIT_SERVER) {
            decide(Outcome.INCONCLUSIVE, "The server's answer to the ClientHello is cut by the snaplen or "
                    + "missing from the capture, so it cannot be read.");
        }
    }

    @Override
    public void onSegment(TcpConnection c, Side from, PacketView p) {
        if (from == Side.SERVER) {
            capture.serverPacketSeen();
        }
        if (phase == Phase.DONE) {
            return;
        }
        if (from == Side.SERVER && p.payloadLength() > 0) {
            lastServerDataNanos = p.timestampNanos();
        } else if (from == Side.CLIENT && p.payloadLength() > 0 && phase == Phase.WAIT_ENCRYPTED
                && clientFlightFrame == 0) {
            clientFlightFrame = p.frameNumber();
            clientFlightNanos = p.timestampNanos();
        }
        int flags = p.flags();
        long frame = p.frameNumber();
        long t = p.timestampNanos();
        boolean syn = (flags & PacketView.SYN) != 0;
        boolean ack = (flags & PacketView.ACK) != 0;
        boolean fin = (flags & PacketView.FIN) != 0;
        boolean rst = (flags & PacketView.RST) != 0;
        if (phase == Phase.WAIT_SERVER || awaitsLateAnswer()) {
            watchAnswerLoss(from, p, frame, t);
            if (answer != null) {
                answer.segment(from, p);
            }
        } else if (from == Side.SERVER && !syn && clientHelloStarted && clientHello == null
                && phase == Phase.WAIT_CLIENT_HELLO) {
            helloStall = ZeroWindowStall.serverWindow(helloStall, p.window(), frame, t);
        }
        if (p.payloadMissingBytes() > 0 && !snaplenCut && clientHelloStarted
                && phase.ordinal() < Phase.DECIDED.ordinal()) {
            snaplenCut = true; // counted once per connection for the capture's warning
            capture.snaplenCutTls();
        }
        boolean finInOrder = tcp.segment(from, p, flags, frame, t,
                clientHello == null ? -1 : Math.max(0, t - lastHelloTime));
        if (fin || rst) {
            String how = rst ? Texts.RST : Texts.FIN;
            if (closedBy == null) {
                closedBy = new ClosedBy(from, how, frame, t);
            }
            HalfStream h = conn.stream(from);
            boolean first = rst ? h.rstFrame() == frame : h.finFrame() == frame;
            if (first) {
                add(frame, t, Texts.from(how, from));
            }
        }
        if (from == Side.SERVER && ack && !serverAckedHello && clientHello != null && !syn && !rst
                && conn.clientStream().ackedOffset() >= helloEndOffset) {
            // the first server segment that acknowledges the whole ClientHello; a lone ACK is evidence of its own,
            // an acknowledgment carried by the server's answer (its ServerHello) or its FIN is not, and no later
            // lone ACK (of the client's next bytes, seconds later) is taken for it
            serverAckedHello = true;
            if (p.payloadLength() == 0 && !fin) {
                add(frame, t, "server ACKed the ClientHello");
            }
        }
        if (from == Side.CLIENT && !syn && p.payloadLength() > 1 && phase == Phase.WAIT_SERVER) {
            helloCopy(frame, t, p.seq()); // a keep-alive carries one byte again (RFC 9293 section 3.8.4): no copy
        }
        if (tls12 != null) {
            tls12.segment();
        }
        if (from == Side.SERVER && tls13Records != null) {
            tls13Records.serverSegment(frame);
        }
        switch (phase) {
            case WAIT_CLIENT_HELLO -> {
                if (from == Side.SERVER && rst && !clientHelloStarted && !conn.synAckSeen() && conn.synSeen()) {
                    refused = true;
                    phase = Phase.DONE;
                    conn.stopDelivery();
                    capture.failedAttempt(this, t, null);
                    release();
                } else if ((finInOrder || rst) && clientHello == null && !clientHelloStarted) {
                    preambles.decideRefusal();
                }
            }
            case WAIT_SERVER -> {
                if (finInOrder || rst) {
                    answer().close(from, p, t, fin, rst, finInOrder);
                }
            }
            case WAIT_ENCRYPTED -> {
                if ((finInOrder || rst) && !closeWaitsForServer(from)
                        && (keysDecide() || tls13Records == null || !tls13Records.closeAfterLikelyAlert(from, rst))) {
                    closedBeforeCompletion(from, rst, frame, t);
                }
            }
            case DECIDED -> {
                if (outcome == Outcome.COMPLETED && (finInOrder || rst) && tls13Records != null) {
                    tls13Records.closeAfterCompletion();
                }
                boolean reset = conn.clientStream().rstSeen() || conn.serverStream().rstSeen();
                if (awaitsLateAnswer()) {
                    // the server's late answer can still come until the server closes too
                    if (from == Side.SERVER && (finInOrder || rst)) {
                        finish();
                    }
                } else if (conn.isClosed() && !reset) {
                    finish();
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void onTimer(TcpConnection c, long nowNanos) {
        if (phase == Phase.DECIDED) {
            finish();
        }
    }

    @Override
    public void onEnd(TcpConnection c, EndReason why, long nowNanos) {
        if (phase == Phase.DONE) {
            return;
        }
        if (phase == Phase.DECIDED) {
            finish();
            return;
        }
        // the end of this connection's own capture (its interface's, up to a pause of more than an hour); the waits
        // of a connection that went idle while its capture went on run to the frame that made it idle
        FlowEnd end = capture.endOf("connection", source, conn.lastTimeNanos(),
                why == EndReason.CAPTURE_END);
        boolean idle = why == EndReason.IDLE && !end.joined();
        long endNanos = idle || why == EndReason.EVICTED ? nowNanos : end.nanos();
        if (clientHello == null) {
            if (!clientHelloStarted && preambles.decideRefusal()) {
                finish();
                return;
            }
            if (!notTls && clientHelloStarted && helloStalled(why, endNanos)) {
                long sent = conn.clientStream().streamOffset();
                addFact(helloStall.evidence(sent));
                decide(Outcome.NO_RESPONSE, helloStall.reason(sent, endNanos));
                finish();
                return;
            }
            if (!notTls && clientHelloStarted) {
                decide(Outcome.INCONCLUSIVE, why == EndReason.EVICTED
                        ? "The connection was evicted at the connection cap inside its ClientHello, before its "
                                + "outcome was known."
                        : end.say(" inside the ClientHello, so it cannot be read"));
                finish();
                return;
            }
            if (tcp.synCount() > 0 && conn.serverStream().packets() == 0) {
                capture.failedAttempt(this, endNanos, end);
            }
            capture.connectionWithoutHello(conn);
            phase = Phase.DONE;
            release();
            return;
        }
        String neverAcked = phase == Phase.WAIT_ENCRYPTED && why != EndReason.EVICTED ? neverAcked(endNanos) : null;
        if (why == EndReason.EVICTED) {
            decide(Outcome.INCONCLUSIVE, "The connection was evicted at the connection cap before its outcome "
                    + "was known.");
        } else if (tcp.serverBytesUnseen()) {
            decide(Outcome.INCONCLUSIVE, tcp.unseenServerBytesReason());
        } else if (phase == Phase.WAIT_SERVER && retryPending()) {
            long waited = endNanos - helloRetryRequest.timeNanos();
            decide(waited >= capture.options().noAnswerTimeoutNanos() || idle
                    ? Outcome.FAILED_AFTER_SERVER_HELLO : Outcome.INCONCLUSIVE, retryAnswered() + "the client sent no "
                    + "second ClientHello in the " + Texts.seconds(waited) + " until the capture ended.");
        } else if (phase == Phase.WAIT_SERVER) {
            long waited = endNanos - lastHelloTime;
            if (waited >= capture.options().noAnswerTimeoutNanos() || idle) {
                decide(Outcome.NO_RESPONSE, answer().noResponseReason(endNanos));
            } else {
                endedUnanswered = true;
                decide(Outcome.INCONCLUSIVE, end.say(" " + Texts.seconds(waited) + " after the ClientHello with no "
                        + "answer and no close, too soon to call it no response"));
            }
        } else if (neverAcked != null) {
            decide(Outcome.INCONCLUSIVE, neverAcked);
        } else if (phase == Phase.WAIT_ENCRYPTED && awaitingServerAfterClient()) {
            decide(Outcome.INCONCLUSIVE, end.say(" after the client's flight (its Finished), before the server's "
                    + "answer to it, which tells whether the server accepted it"));
        } else if (phase == Phase.WAIT_ENCRYPTED) {
            decide(Outcome.INCONCLUSIVE, end.say(" after the ServerHello but before both sides switched to encrypted "
                    + "records"));
        } else {
            decide(Outcome.INCONCLUSIVE, end.say(" before the handshake was decided"));
        }
        finish();
    }

    /**
     * The reason of a handshake after its ServerHello whose flights were not acknowledged while they were sent again,
     * until the capture's end at {@code endNanos} ({@link FlightNeverAcked}); else null.
     */
    private String neverAcked(long endNanos) {
        return FlightNeverAcked.reason(conn.clientStream(), conn.serverStream(), helloEndOffset, clientFlightFrame,
                clientFlightNanos, serverHello.timeNanos(), endNanos, capture.options().noAnswerTimeoutNanos());
    }

    // ---------------------------------------------------------------- TLS events

    private SideDecoder decoder(Side side) {
        if (side == Side.CLIENT) {
            if (clientSide == null) {
                clientSide = new SideDecoder(this, Side.CLIENT, ccsStartsEncryption);
            }
            return clientSide;
        }
        if (serverSide == null) {
            serverSide = new SideDecoder(this, Side.SERVER, ccsStartsEncryption);
        }
        return serverSide;
    }

    /** Sets whether a ChangeCipherSpec starts encryption, on both sides' decoders, made or still to be made. */
    private void changeCipherSpecStartsEncryption(boolean value) {
        ccsStartsEncryption = value;
        if (clientSide != null) {
            clientSide.decoder.setChangeCipherSpecStartsEncryption(value);
        }
        if (serverSide != null) {
            serverSide.decoder.setChangeCipherSpecStartsEncryption(value);
        }
    }

    private void swapDecoders() {
        SideDecoder c = clientSide;
        clientSide = serverSide;
        serverSide = c;
        if (clientSide != null) {
            clientSide.side = Side.CLIENT;
        }
        if (serverSide != null) {
            serverSide.side = Side.SERVER;
        }
        add(conn.firstFrame(), conn.firstTimeNanos(), "capture starts mid-connection: roles taken from the "
                + "ClientHello");
    }

    /** The connection's alerts. */
    HandshakeAlerts alerts() {
        return alerts;
    }

    /** TLS 1.2 and earlier after the ServerHello: when both sides switched to encrypted records; else null. */
    Tls12Completion tls12() {
        return tls12;
    }

    /** The server's clear-text flight after its ServerHello; null before it. */
    ServerFlightTracker flight() {
        return flight;
    }

    /** The session's decryption when the key log has it; null otherwise. */
    Decryption decryption() {
        return decryption;
    }

    /** Whether the record is written: the TLS events of the streams that go on are not read. */
    boolean done() {
        return phase == Phase.DONE;
    }

    /** After the ClientHello, the TLS decoding of the client's stream stopped (a record that is not TLS). */
    void clientDecodingStopped() {
        clientUnreadable = true;
        if (tls12 != null) {
            tls12.completeWithoutClientCcs();
        }
    }

    /** Whether a part of the client's stream after the ClientHello could not be read. */
    boolean clientUnreadable() {
        return clientUnreadable;
    }

    /** An SSL 2.0 SERVER-HELLO. */
    void acceptSslV2ServerHello(SslV2.ServerHelloV2 v2, FrameSpan frames) {
        sslV2 = true;
        acceptServerHello(v2.hello(), frames);
        if (flight != null) {
            flight.sslV2(v2, frames);
        }
    }

    /** The cipher the SSL 2.0 client chose in its CLIENT-MASTER-KEY: the SERVER-HELLO's only offers a list. */
    void sslV2CipherChosen(int spec) {
        if (serverHello != null && sslV2) {
            serverHello = new ServerHelloInfo(serverHello.frame(), serverHello.timeNanos(),
                    serverHello.hello().withCipherSuite(spec));
        }
    }

    void acceptClientHello(ClientHello hello, String error, int lengthBytes, FrameSpan frames) {
        List<Long> frameList = new ArrayList<>(frames.frames().length);
        for (long f : frames.frames()) {
            frameList.add(f);
        }
        HelloInfo info = new HelloInfo(frames.firstFrame(), List.copyOf(frameList), frames.firstTimeNanos(),
                frames.lastFrame(), frames.lastTimeNanos(), lengthBytes, hello, error);
        addFact(info);
        if (clientHello == null) {
            clientHello = info;
        } else if (retryClientHello == null) {
            retryClientHello = info;
        } else {
            return;
        }
        if (phase == Phase.WAIT_CLIENT_HELLO || (phase == Phase.WAIT_SERVER && helloRetryRequest != null)) {
            phase = Phase.WAIT_SERVER;
            lastHelloTime = info.lastTimeNanos();
            serverReactionNanos = null;
            serverAckedHello = false;
            serverBytesAfterHello = 0;
            helloEndOffset = conn.clientStream().streamOffset();
            helloResends = 0;
        }
        if (hello != null && offersTls13(hello)) {
            changeCipherSpecStartsEncryption(false);
        }
    }

    private static boolean offersTls13(ClientHello hello) {
        for (int v : hello.supportedVersions()) {
            if (v == 0x0304 || (v >> 8) == 0x7f) {
                return true;
            }
        }
        return false;
    }

    void acceptServerHello(ServerHello hello, FrameSpan frames) {
        ServerHelloInfo info = new ServerHelloInfo(frames.firstFrame(), frames.firstTimeNanos(), hello);
        if (hello.helloRetryRequest()) {
            add(info.frame(), info.timeNanos(), "HelloRetryRequest from server: group "
                    + TlsNames.group(hello.keyShareGroup()));
            if (helloRetryRequest == null) {
                helloRetryRequest = info;
            }
            return;
        }
        if (phase == Phase.DECIDED) {
            if (awaitsLateAnswer() && serverHello == null) {
                serverHello = info;
                add(info.frame(), info.timeNanos(), "ServerHello (" + TlsNames.version(hello.negotiatedVersion()) + ", "
                        + TlsNames.cipherSuite(hello.cipherSuite()) + ") arrived after the client had closed the "
                        + "connection");
            } else if (outcome != Outcome.COMPLETED && !clientClosedFirst()) {
                add(info.frame(), info.timeNanos(), "ServerHello arrived after the outcome was decided ("
                        + outcome + "): the mark of a reset or close injected on the path");
            }
            return;
        }
        if (serverHello != null) {
            return;
        }
        serverHello = info;
        int version = hello.negotiatedVersion();
        add(info.frame(), info.timeNanos(), "ServerHello: " + TlsNames.version(version) + ", "
                + TlsNames.cipherSuite(hello.cipherSuite()));
        HelloInfo answered = retryClientHello != null ? retryClientHello : clientHello;
        flight = new ServerFlightTracker(this::add, answered == null ? null : answered.hello(), hello,
                hello.tls13());
        if (flight.resumption() != null) {
            add(info.frame(), info.timeNanos(), "the server resumes the session (" + flight.resumption() + ")");
        }
        decryption = Decryption.attach(capture.keyLog(), answered == null ? null : answered.hello(), hello,
                decoder(Side.CLIENT).decoder, decoder(Side.SERVER).decoder, this::add, info.frame(), info.timeNanos());
        capture.sessionLookedUp(answered != null && answered.hello() != null, decryption != null);
        if (phase == Phase.WAIT_SERVER || phase == Phase.WAIT_CLIENT_HELLO) {
            phase = Phase.WAIT_ENCRYPTED;
            tls13 = hello.tls13();
            changeCipherSpecStartsEncryption(!tls13);
            if (tls13) {
                tls13Records = new Tls13RecordSequence(this, hello.cipherSuite());
                decoder(Side.SERVER).decoder.startEncryption();
            } else {
                tls12 = new Tls12Completion(this, conn, sslV2);
            }
        }
    }

    void changeCipherSpec(Side from, long frame, long timeNanos) {
        if (tls12 != null) {
            tls12.changeCipherSpec(from, frame, timeNanos);
        }
    }

    void encrypted(Side from, int length, long frame, long timeNanos) {
        if (phase == Phase.WAIT_SERVER && from == Side.SERVER) {
            add(frame, timeNanos, "encrypted record from server before any ServerHello");
            return;
        }
        if (phase == Phase.DECIDED && tls13Records != null) {
            tls13Records.recordAfterDecision(from, length, frame, timeNanos);
            return;
        }
        if (phase != Phase.WAIT_ENCRYPTED || !(tls13 || sslV2)) {
            return;
        }
        if (tls13Records != null && tls13Records.record(from, length, frame, timeNanos)) {
            return;
        }
        if (from == Side.CLIENT && !clientEncrypted) {
            clientEncryptedFrom(frame, timeNanos);
            if (tls13Records != null && serverEncrypted) {
                tls13Records.clientFlightStarts(length, 0, frame, timeNanos);
                return;
            }
        } else if (from == Side.SERVER && !serverEncrypted) {
            serverEncrypted = true;
            add(frame, timeNanos, Texts.from(Texts.FIRST_ENCRYPTED_RECORD, Side.SERVER));
        }
        if (clientEncrypted && serverEncrypted && !awaitingServerAfterClient()) {
            complete(frame, timeNanos);
        }
    }

    /** The client's first encrypted record: its switch to encryption. */
    void clientEncryptedFrom(long frame, long timeNanos) {
        clientEncrypted = true;
        add(frame, timeNanos, Texts.from(Texts.FIRST_ENCRYPTED_RECORD, Side.CLIENT));
    }

    boolean clientEncrypted() {
        return clientEncrypted;
    }

    boolean serverEncrypted() {
        return serverEncrypted;
    }

    /** Whether the server's answer to the last ClientHello is awaited. */
    boolean awaitsAnswer() {
        return phase == Phase.WAIT_SERVER;
    }

    /** Whether the ServerHello was seen and both sides' switch to encryption is awaited. */
    boolean awaitsEncryption() {
        return phase == Phase.WAIT_ENCRYPTED;
    }

    /** TLS 1.3: whether the client's flight was seen and the server's next record, which decides, is awaited. */
    boolean awaitingServerAfterClient() {
        return tls13Records != null && tls13Records.awaitingServerAfterClient();
    }

    /**
     * Whether the server answered the last ClientHello with a HelloRetryRequest and the client has not sent its
     * second ClientHello yet (RFC 8446 section 4.1.4).
     */
    boolean retryPending() {
        return phase == Phase.WAIT_SERVER && helloRetryRequest != null && retryClientHello == null
                && helloRetryRequest.timeNanos() >= lastHelloTime;
    }

    /** The start of the reason of a handshake that ended after a HelloRetryRequest: "The server answered ...; ". */
    String retryAnswered() {
        return "The server answered the ClientHello with a HelloRetryRequest (group "
                + TlsNames.group(helloRetryRequest.hello().keyShareGroup()) + "); ";
    }

    /** A FIN or RST after the ServerHello that no likely alert explains: the handshake failed there. */
    private void closedBeforeCompletion(Side from, boolean rst, long frame, long timeNanos) {
        String how = Texts.closed(rst);
        Evidence cut = from == Side.CLIENT && serverSide != null ? ServerFlightCut.atClose(conn.serverStream(),
                serverSide.decoder.recordBytesMissing(), serverSide.decoder.recordLength(),
                serverSide.decoder.recordFrame(), serverSide.decoder.recordTimeNanos(), lastServerDataNanos, timeNanos)
                : null;
        Evidence hole = cut == null && from == Side.CLIENT ? ServerFlightCut.holeAtClose(conn.serverStream(), timeNanos)
                : null;
        Evidence unacked = cut == null && hole == null && from == Side.CLIENT && !rst && serverHello != null
                ? ServerFlightCut.unackedAtClose(conn.serverStream(), serverHello.timeNanos(), frame, timeNanos) : null;
        if (hole != null) {
            addFact(hole);
        }
        if (unacked != null) {
            addFact(unacked);
        }
        if (cut != null) {
            addFact(cut);
        }
        decide(Outcome.FAILED_AFTER_SERVER_HELLO, (awaitingServerAfterClient()
                ? tls13Records.closedAfterFlight(from, how, timeNanos)
                : "The " + from.label() + " " + how + " the connection after the ServerHello, before the handshake "
                        + "completed.") + (cut == null ? "" : ServerFlightCut.reason(cut.frame(),
                timeNanos - lastServerDataNanos)) + (hole == null ? "" : " The server's bytes in frame " + hole.frame()
                + " come after a hole the client never acknowledged: part of the server's answer was lost on the way.")
                + (unacked == null ? "" : " The client acknowledged none of the server's bytes while the server sent "
                + "them again: the server's flight never reached the client, which timed out waiting for it."));
    }

    void complete(long frame, long timeNanos) {
        alerts.handshakeCompleted();
        ServerHello sh = serverHello.hello();
        String how = tls13 ? tls13Records.completedHow() : tls12.completedHow();
        decide(Outcome.COMPLETED, "The server answered with a ServerHello (" + TlsNames.version(sh.negotiatedVersion())
                + ", " + TlsNames.cipherSuite(sh.cipherSuite()) + ")" + how + ".");
    }

    /** What an alert from {@code from} answers, by the handshake's phase ({@link AlertMeaning#meaning}). */
    AlertMeaning.Stage alertStage(Side from) {
        return switch (phase) {
            case WAIT_SERVER -> from == Side.SERVER ? AlertMeaning.Stage.ANSWER_TO_CLIENT_HELLO
                    : AlertMeaning.Stage.BEFORE_HANDSHAKE;
            case WAIT_ENCRYPTED -> AlertMeaning.Stage.AFTER_SERVER_HELLO;
            case WAIT_CLIENT_HELLO -> AlertMeaning.Stage.BEFORE_HANDSHAKE;
            default -> outcome == Outcome.COMPLETED ? AlertMeaning.Stage.AFTER_HANDSHAKE
                    : serverHello != null ? AlertMeaning.Stage.AFTER_SERVER_HELLO
                    : from == Side.SERVER ? AlertMeaning.Stage.ANSWER_TO_CLIENT_HELLO : AlertMeaning.Stage.BEFORE_HANDSHAKE;
        };
    }

    void notTls(Side from, byte[] firstBytes, long frame, long timeNanos) {
        if (from == Side.CLIENT) {
            if (clientHello == null) {
                notTls = true;
                conn.stopDelivery();
            }
            return;
        }
        ServerPreamble p = Preambles.describe(firstBytes, 0, firstBytes.length);
        if (phase == Phase.WAIT_SERVER) {
            reacted(timeNanos);
            add(frame, timeNanos, "server answered with non-TLS bytes (" + p.protocol() + "): " + p.firstBytes());
            decide(Outcome.NON_TLS_RESPONSE, "The server answered the ClientHello with bytes that are not TLS ("
                    + p.protocol() + ").");
        } else if (awaitsLateAnswer()) {
            add(frame, timeNanos, "server answered with non-TLS bytes (" + p.protocol() + ") after the client had "
                    + "closed the connection: " + p.firstBytes());
        } else if (clientHello == null) {
            preambles.serverSent(p, frame, timeNanos);
        }
    }

    // ---------------------------------------------------------------- decrypted records (key log, issue 16)

    /** With the session's keys in TLS 1.3, a FIN or RST before completion fails the handshake (CONTRACT.md). */
    boolean keysDecide() {
        return tls13 && decryption != null && decryption.active();
    }

    /**
     * With the keys in TLS 1.3, the client closing after its Finished decides nothing yet: the server's first record
     * after the client's Finished does (a NewSessionTicket completes the handshake, an alert, RST or FIN fails it).
     */
    private boolean closeWaitsForServer(Side from) {
        return keysDecide() && from == Side.CLIENT && decryption.clientFinished();
    }

    void decryptedHandshake(Side from, int type, byte[] body, int length, FrameSpan frames) {
        if (decryption == null || phase == Phase.DONE) {
            return;
        }
        decryption.message(from, type, body, length, frames);
        if (from == Side.SERVER && flight != null) {
            flight.decryptedMessage(type, body, length, frames);
        }
        if (tls12 != null) {
            tls12.decryptedHandshake(frames);
        }
    }

    /** A protected record the keys did not open ({@link Tls12Completion#undecryptedRecord} in TLS 1.2). */
    void undecryptedRecord() {
        decryption.record(false);
        if (tls12 != null) {
            tls12.undecryptedRecord();
        }
    }

    /**
     * A record the keys opened, after its content was handled. Alerts were handled as alerts; the other records
     * count as encrypted records do without keys, except that in TLS 1.3 the client's flight counts as the one
     * record carrying its Finished (what it sends before or after, its HTTP request included, does not count), so
     * that the outcome waits for the server's first record after the client's Finished.
     */
    void decryptedRecord(Side from, int contentType, int length, long frame, long timeNanos) {
        if (decryption == null || phase == Phase.DONE) {
            return;
        }
        decryption.record(true);
        if (contentType == 21 || (tls13 && from == Side.CLIENT && (!decryption.clientFinished() || clientEncrypted))) {
            return;
        }
        if (tls13 && from == Side.SERVER && phase == Phase.WAIT_ENCRYPTED && awaitingServerAfterClient()) {
            // the keys show it is no alert, whatever its size (a 2-byte response has an alert's)
            complete(frame, timeNanos);
            return;
        }
        encrypted(from, length, frame, timeNanos);
    }

    // ---------------------------------------------------------------- decisions

    void reacted(long timeNanos) {
        if (serverReactionNanos == null && clientHello != null) {
            serverReactionNanos = Math.max(0, timeNanos - (helloResends > 0 ? lastHelloCopyNanos : lastHelloTime));
        }
    }

    /**
     * A client segment while the server's answer to the last ClientHello is awaited: when it carries bytes of the
     * hello again (a TCP retransmission, a frame of its own) before the server acknowledged the hello or reacted, an
     * earlier copy was lost on the way and the server can have had the hello only from this copy on. The first copy
     * stays the ClientHello's frame and time, as in tshark.
     */
    private void helloCopy(long frame, long timeNanos, long seq) {
        HelloInfo last = retryClientHello != null ? retryClientHello : clientHello;
        if (serverReactionNanos != null || serverAckedHello || last == null
                || conn.clientStream().offsetOfSeq(seq) >= helloEndOffset || last.frames().contains(frame)) {
            return;
        }
        helloResends++;
        lastHelloCopyFrame = frame;
        lastHelloCopyNanos = timeNanos;
        if (helloResends <= ResentHello.MAX_LINES) {
            // not "ClientHello ..." first: the findings quote the ClientHello's own line (Diagnoser.helloEvidence)
            add(frame, timeNanos, ResentHello.EVIDENCE + " (copy " + (helloResends + 1)
                    + ", a TCP retransmission)");
        }
    }

    void decide(Outcome o, String why) {
        if (outcome != null) {
            return;
        }
        outcome = o;
        reason = why;
        phase = Phase.DECIDED;
        // Wait for the close (to report closed_by and alerts after a completion), after a RST for late data of the
        // other end, and after the client's own close for the server's late answer (CLIENT_GAVE_UP).
        long wait = clientClosedFirst() && o == Outcome.NO_RESPONSE
                ? Math.max(LATE_ANSWER_WAIT_NANOS, capture.options().closeWaitNanos())
                : capture.options().closeWaitNanos();
        conn.wakeAt(conn.lastTimeNanos() + wait);
    }

    /**
     * Whether the server's zero window kept the client from sending the rest of its ClientHello ({@link ZeroWindowStall}):
     * it was zero at the end, the server acknowledged every byte the capture holds of the client, nothing closed on
     * the server's side, and it lasted the no-answer wait, or until the connection went idle or the client reset it.
     */
    private boolean helloStalled(EndReason why, long nowNanos) {
        HalfStream cs = conn.clientStream();
        HalfStream ss = conn.serverStream();
        return helloStall != null && cs.missedBytes() == 0 && cs.ackedOffset() >= cs.streamOffset()
                && !ss.finSeen() && !ss.rstSeen() && why != EndReason.EVICTED
                && (why == EndReason.IDLE || cs.rstSeen()
                        || nowNanos - helloStall.timeNanos() >= capture.options().noAnswerTimeoutNanos());
    }

    /** Whether the start of the server's answer is known to be lost on the path ({@link ServerAnswerLoss}). */
    private boolean answerLost() {
        return lostServerBytes() != null;
    }

    /** The client closed before the server answered, and the server's late answer is still awaited or kept. */
    private boolean awaitsLateAnswer() {
        return clientClosedFirst() && outcome == Outcome.NO_RESPONSE;
    }

    /**
     * While the server's answer is awaited: the client's ACKs, and the server's segments without payload whose sequence
     * number may show bytes that never reached the client ({@link ServerAnswerLoss}).
     */
    private void watchAnswerLoss(Side from, PacketView p, long frame, long t) {
        int flags = p.flags();
        HalfStream server = conn.serverStream();
        if (from == Side.CLIENT && (flags & PacketView.ACK) != 0) {
            clientAckFrame = frame;
            clientAckNanos = t;
            if (server.heldBytes() > 0) {
                lossWatch().clientAck(server, frame, t);
            }
        } else if (from == Side.SERVER && p.payloadLength() == 0 && (flags & (PacketView.SYN | PacketView.RST)) == 0) {
            long offset = server.offsetOfSeq(p.seq());
            if (offset > server.streamOffset()) {
                lossWatch().sequencePast(server, offset, frame, t, clientAckFrame, clientAckNanos);
            }
        }
    }

    private ServerAnswerLoss lossWatch() {
        if (answerLoss == null) {
            answerLoss = new ServerAnswerLoss();
        }
        return answerLoss;
    }

    /** The server's bytes lost on the path, when the start of its answer is known to be lost; else null. */
    TcpFacts.LostServerBytes lostServerBytes() {
        return answerLoss == null ? null : answerLoss.lost(conn.serverStream());
    }

    /** The evidence of the loss of the server's answer ({@link #lostServerBytes}, not null). */
    Evidence[] answerLossEvidence() {
        return answerLoss.evidence();
    }

    private UnansweredHello answer() {
        if (answer == null) {
            answer = new UnansweredHello(this, conn);
        }
        return answer;
    }

    /** Whether the client closed the connection before the server answered its ClientHello. */
    private boolean clientClosedFirst() {
        return answer != null && answer.clientClosedFirst();
    }

    private void finish() {
        if (phase == Phase.DONE) {
            return;
        }
        if (outcome == Outcome.NO_RESPONSE && tcp.serverBytesUnseen()) {
            outcome = Outcome.INCONCLUSIVE;
            reason = tcp.unseenServerBytesReason();
        } else if (awaitsLateAnswer() && answer.answeredLate()) {
            outcome = Outcome.CLIENT_GAVE_UP;
            reason = answer.gaveUpReason(serverHello,
                    alerts.lastFromServer(), helloResends);
        } else if (outcome == Outcome.NO_RESPONSE && answer != null) {
            String lossReason = answer.noResponseEnd();
            if (lossReason != null) {
                reason = lossReason;
            }
        }
        phase = Phase.DONE;
        conn.stopDelivery();
        clientSide = null;
        serverSide = null;
        capture.emit(this);
        release();
    }

    /**
     * Drops what the written record was made of: the connection may stay in the TCP table a while longer (for
     * its tcp.stream number and FIN/RST bookkeeping), and must not keep its hellos and evidence alive meanwhile.
     */
    private void release() {
        clientHello = null;
        retryClientHello = null;
        serverHello = null;
        helloRetryRequest = null;
        alerts.release();
        evidence.release();
        closedBy = null;
        reason = null;
        tcp.release();
        flight = null;
        tls12 = null;
        preambles.release();
        decryption = null;
    }

    void add(long frame, long timeNanos, String what) {
        addFact(new Evidence(frame, timeNanos, what));
    }

    /** Adds an entry of the evidence ({@link EvidenceList}). */
    void addFact(Object fact) {
        if (phase != Phase.DONE) { // once the record is written, a fact the stream goes on with is not kept
            evidence.add(fact);
        }
    }

    /**
     * A ChangeCipherSpec record (20, 3, x, 0, 1, 1) followed by a ClientHello: what a TLS 1.3 client in middlebox
     * compatibility mode sends as its second ClientHello after a HelloRetryRequest (RFC 8446 appendix D.4), here as
     * the first bytes of a capture that starts mid-connection.
     */
    private static boolean compatibilityCcsBeforeHello(byte[] b, int off, int len) {
        return len > CCS_RECORD_BYTES && b[off] == 20 && b[off + 1] == 3 && b[off + 3] == 0 && b[off + 4] == 1
                && b[off + 5] == 1 && looksLikeClientHello(b, off + CCS_RECORD_BYTES, len - CCS_RECORD_BYTES);
    }

    static boolean looksLikeClientHello(byte[] b, int off, int len) {
        return (len >= 6 && b[off] == 22 && b[off + 1] == 3 && b[off + 5] == HANDSHAKE_CLIENT_HELLO)
                || SslV2.looksLikeClientHello(b, off, len);
    }

    // ---------------------------------------------------------------- record

    TcpConnection connection() {
        return conn;
    }

    /** The last ClientHello: the second after a HelloRetryRequest, else the first; null before any. */
    HelloInfo lastClientHello() {
        return retryClientHello != null ? retryClientHello : clientHello;
    }

    /** Capture time of the last ClientHello's last frame. */
    long lastHelloTime() {
        return lastHelloTime;
    }

    /** Bytes the server sent after the last ClientHello while its answer was awaited. */
    long serverBytesAfterHello() {
        return serverBytesAfterHello;
    }

    /** Whether a server segment acknowledged the whole last ClientHello. */
    boolean serverAckedHello() {
        return serverAckedHello;
    }

    /** The server's HelloRetryRequest, or null. */
    ServerHelloInfo helloRetryRequest() {
        return helloRetryRequest;
    }

    /** What the server sent before any ClientHello, or null. */
    ServerPreamble serverPreamble() {
        return preambles.serverPreamble();
    }

    /** The connection's first FIN or RST, or null. */
    ClosedBy closedBy() {
        return closedBy;
    }

    /**
     * Whether the capture ended less than the no-answer wait after the ClientHello with no answer: undecided, and the
     * same situation as {@link Outcome#NO_RESPONSE} when the whole capture holds no server packet (one-sided).
     */
    boolean endedUnanswered() {
        return endedUnanswered;
    }

    HelloInfo clientHello() {
        return clientHello;
    }

    ServerHelloInfo serverHello() {
        return serverHello;
    }

    Outcome outcome() {
        return outcome;
    }

    int synCount() {
        return tcp.synCount();
    }

    long firstSynTime() {
        return tcp.firstSynTime();
    }

    boolean refused() {
        return refused;
    }

    ConnectionRecord toRecord(Outcome attemptOutcome, String attemptReason, CipherOverlap overlap) {
        Outcome o = attemptOutcome != null ? attemptOutcome : outcome;
        String r = attemptOutcome != null ? attemptReason
                : helloResends > 0 ? reason + " " + Texts.helloResent(helloResends + 1, lastHelloCopyFrame,
                        serverReactionNanos) : reason;
        Long rtt = conn.synSeen() && conn.synAckSeen()
                ? Math.max(0, conn.serverStream().synTimeNanos() - tcp.synTimeAnswered()) : null;
        return new ConnectionRecord(capture.name(), conn.streamIndex(), conn.client(), conn.server(),
                conn.firstTimeNanos(), capture.timeDigits(), o, r, clientHello, retryClientHello, serverHello,
                helloRetryRequest, serverReactionNanos, alerts.first(), alerts.all(), closedBy,
                evidence.lines(), overlap, preambles.serverPreamble(), conn.isPartial(), conn.clientStream().missedBytes(),
                conn.serverStream().missedBytes(), rtt, tcp.facts(lastClientHello(), lostServerBytes()), List.of(),
                flight == null ? null : flight.snapshot(),
                preambles.result(),
                capture.filtered() ? ConnectionRecord.tupleFilter(conn.client(), conn.server(), conn.firstFrame())
                        : ConnectionRecord.streamFilter(conn.streamIndex()),
                o == Outcome.CLIENT_GAVE_UP ? answer.clientCloseNanos() - lastHelloTime : null,
                null, decryption == null ? null : decryption.snapshot(), alerts.leftOut());
    }


}
