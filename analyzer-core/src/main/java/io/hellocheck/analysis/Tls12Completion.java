package io.hellocheck.analysis;

import io.hellocheck.tcp.Side;
import io.hellocheck.tcp.TcpConnection;
import io.hellocheck.tls.FrameSpan;

/**
 * When a TLS 1.2 or earlier handshake completes, after its ServerHello (RFC 5246 section 7.3): both sides sent
 * ChangeCipherSpec (section 7.1); in a full handshake whose client flight is hidden from the capture, the client's
 * ChangeCipherSpec inferred from the server's, which comes only after the client's Finished; with the session's keys
 * (a key log, issue 16), both Finished messages (section 7.4.9) instead, or both ChangeCipherSpec again once a record
 * does not open. It also reads the server's ChangeCipherSpec that shows a resumed session (an abbreviated handshake,
 * section 7.3 Figure 2). One per such handshake, made at its ServerHello; it completes through its
 * {@link HandshakeAnalyzer}. Times are capture times in nanoseconds.
 */
final class Tls12Completion {
    private final HandshakeAnalyzer analyzer;
    private final TcpConnection conn;
    /** An SSL 2.0 handshake: no client ChangeCipherSpec is inferred, and the keys decide nothing. */
    private final boolean sslV2;
    private boolean clientCcs;
    private boolean serverCcs;
    /** The client's ChangeCipherSpec was not seen, the server's answered it. */
    private boolean clientCcsInferred;
    private long serverCcsFrame;
    private long serverCcsNanos;

    Tls12Completion(HandshakeAnalyzer analyzer, TcpConnection conn, boolean sslV2) {
        this.analyzer = analyzer;
        this.conn = conn;
        this.sslV2 = sslV2;
    }

    /** A ChangeCipherSpec record from {@code from}. */
    void changeCipherSpec(Side from, long frame, long timeNanos) {
        ServerFlightTracker flight = analyzer.flight();
        if (from == Side.SERVER && flight != null) {
            String before = flight.resumption();
            flight.serverChangeCipherSpec();
            if (before == null && flight.resumption() != null) {
                analyzer.add(frame, timeNanos, "the server went to ChangeCipherSpec without a Certificate or key "
                        + "exchange: the session is resumed (" + flight.resumption() + ")");
            }
        }
        if (!analyzer.awaitsEncryption()) {
            return;
        }
        if (from == Side.CLIENT) {
            clientCcs = true;
        } else {
            serverCcs = true;
        }
        analyzer.add(frame, timeNanos, Texts.from(Texts.CHANGE_CIPHER_SPEC, from));
        if (from == Side.SERVER) {
            serverCcsFrame = frame;
            serverCcsNanos = timeNanos;
            completeWithoutClientCcs();
        }
        if (analyzer.awaitsEncryption() && clientCcs && serverCcs && !keysDecide()) {
            analyzer.complete(frame, timeNanos);
        }
    }

    /** A segment of the connection: its acknowledgment may show that client bytes are missing. */
    void segment() {
        if (serverCcs && !clientCcs) {
            completeWithoutClientCcs();
        }
    }

    /**
     * At the server's ChangeCipherSpec before any of the client's: whether the client's second flight is hidden from
     * the capture (its stream unreadable after the ClientHello, or bytes the server acknowledged missing) in a full
     * handshake (the server sent a Certificate or key exchange, so it is not a resumption, where the server's
     * ChangeCipherSpec comes first).
     */
    private boolean clientFlightUnseen() {
        ServerFlightTracker flight = analyzer.flight();
        return flight != null && flight.resumption() == null
                && (analyzer.clientUnreadable() || conn.clientStream().ackedButNotCaptured() > 0);
    }

    /**
     * Completes a full handshake whose server went to ChangeCipherSpec while the client's is hidden from the capture
     * ({@link #clientFlightUnseen}); called at the server's ChangeCipherSpec, at each later segment (whose
     * acknowledgment may show client bytes missing) and when the client's stream stops decoding.
     */
    void completeWithoutClientCcs() {
        if (!analyzer.awaitsEncryption() || sslV2 || !serverCcs || clientCcs || keysDecide() || !clientFlightUnseen()) {
            return;
        }
        clientCcs = true;
        clientCcsInferred = true;
        long missing = conn.clientStream().ackedButNotCaptured();
        analyzer.add(serverCcsFrame, serverCcsNanos, "the client's ChangeCipherSpec is not in the capture ("
                + (missing > 0 ? missing + " bytes of the client's stream that the server acknowledged are missing"
                : "the client's stream could not be decoded, see the evidence") + "), but in a full handshake the "
                + "server sends its own only after the client's Finished (RFC 5246 section 7.3)");
        analyzer.complete(serverCcsFrame, serverCcsNanos);
    }

    /**
     * Whether the server resumed the session and sent its ChangeCipherSpec, the client not yet: in an abbreviated
     * handshake the server's Finished comes first (RFC 5246 section 7.3, Figure 2).
     */
    boolean serverFinishedFirst() {
        ServerFlightTracker flight = analyzer.flight();
        return serverCcs && !clientCcs && flight != null && flight.resumption() != null;
    }

    /** How the handshake completed, for the reason: "... and both sides switched to encrypted records". */
    String completedHow() {
        return clientCcsInferred ? " and went to ChangeCipherSpec, which in a full handshake it does only after the "
                + "client's (not in the capture, see the evidence), so both sides switched to encrypted records"
                : " and both sides switched to encrypted records";
    }

    /** With the session's keys: both Finished messages complete the handshake, not both ChangeCipherSpec. */
    private boolean keysDecide() {
        Decryption decryption = analyzer.decryption();
        return !sslV2 && decryption != null && decryption.active();
    }

    /** A handshake message the keys opened, after the decryption read it: both Finished complete the handshake. */
    void decryptedHandshake(FrameSpan frames) {
        Decryption decryption = analyzer.decryption();
        if (keysDecide() && analyzer.awaitsEncryption() && clientCcs && serverCcs && decryption.clientFinished()
                && decryption.serverFinished()) {
            analyzer.complete(frames.lastFrame(), frames.lastTimeNanos());
        }
    }

    /**
     * A protected record the keys did not open: once both sides sent ChangeCipherSpec, the outcome falls back to the
     * rule without keys (both ChangeCipherSpec: completed).
     */
    void undecryptedRecord() {
        if (keysDecide() && analyzer.awaitsEncryption() && clientCcs && serverCcs) {
            analyzer.complete(conn.lastTimeNanos(), conn.lastTimeNanos());
        }
    }
}
