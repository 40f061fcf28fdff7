package io.hellocheck.analysis;

import io.hellocheck.tcp.HalfStream;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.AlertMeaning;

/**
 * What the sequence of a TLS 1.3 connection's encrypted records tells without its keys, where
 * {@link Tls13RecordSizes} tells what each record's size says. TLS 1.3 encrypts everything after the ServerHello and
 * hides alerts in application_data records (RFC 8446 sections 5.2 and 6), so which record is the client's flight
 * (its Finished, section 4.4.4), and whether a lone record of an alert's size was an alert, shows only in the order of
 * the records and the closes: a likely alert is held until a close confirms it or another record of its side clears
 * it; the handshake completes when the server's next record after the client's flight is no likely alert
 * (CONTRACT.md); and a client flight missing from the capture is inferred from the server's acknowledgment of client
 * bytes the capture lacks. One per TLS 1.3 connection, made at its ServerHello; it decides through its
 * {@link HandshakeAnalyzer}. Lengths are a record's bytes without its header, times are capture times in
 * nanoseconds.
 */
final class Tls13RecordSequence {
    private static final String NO_CLIENT_CERTIFICATE = "The client's first encrypted record had the size of an empty "
            + "Certificate: the server asked for a client certificate and the client sent none.";

    private final HandshakeAnalyzer analyzer;
    /** What the records' sizes tell. */
    private final Tls13RecordSizes sizes;
    /** A lone record of alert size from the client as its first encrypted record, not yet confirmed. */
    private AlertInfo clientAlertCandidate;
    /** The length of {@link #clientAlertCandidate}'s record. */
    private int clientCandidateLength;
    /** The client's flight followed the server's; COMPLETED waits for the server's next record. */
    private boolean awaitingServerAfterClient;
    /** A lone record of alert size from the server right after the client's flight. */
    private AlertInfo serverAlertCandidate;
    /**
     * The client's flight was not seen, but the server acknowledged client bytes the capture lacks and then sent a
     * record that is no alert ({@link #serverSegment}).
     */
    private boolean clientFlightInferred;
    /** The client's stream offset the server had acknowledged in the segment of its first encrypted record, or -1. */
    private long clientAckedAtServerFlight = -1;
    /**
     * Before the client's flight is seen: the length, frame and time of the server's latest record of no alert's size
     * after its first encrypted one, in the segment being read (its acknowledgment is read after it).
     */
    private int serverLateRecordLength;
    private long serverLateRecordFrame;
    private long serverLateRecordNanos;
    /** Records of the client's flight after the server's encrypted flight, before the server's next. */
    private int clientFlightRecords;
    /** Capture time of the first record of the client's flight. */
    private long clientFlightNanos;
    /** The client's latest record after its flight when it had the size of an alert, else null. */
    private AlertInfo clientTailAlert;
    /** The handshake failed on the client's lone record of alert size after its Finished, then its close. */
    private boolean closedAfterClientTailAlert;
    /** The client's reply of alert size to the server's lone alert-sized record (a close_notify). */
    private boolean clientAlertReply;
    /** After COMPLETED: a lone record of alert size per side, held until a close shows it was an alert. */
    private AlertInfo[] afterAlert;
    /** The client's first encrypted record had the size of an empty Certificate message. */
    private boolean emptyClientCertificate;
    /** The client's first encrypted record was far larger than a Finished: a Certificate with a certificate. */
    private boolean clientCertificateSent;

    /** @param cipherSuite the ServerHello's cipher suite (IANA code point) */
    Tls13RecordSequence(HandshakeAnalyzer analyzer, int cipherSuite) {
        this.analyzer = analyzer;
        this.sizes = new Tls13RecordSizes(cipherSuite);
    }

    /** Whether the client's flight was seen and the server's next record, which decides, is awaited. */
    boolean awaitingServerAfterClient() {
        return awaitingServerAfterClient;
    }

    /**
     * An encrypted record after the outcome was decided: after the client's lone record of alert size ended the
     * handshake, the server's next record tells what it was; after COMPLETED, a lone record of alert size per side is
     * held until a close ({@link #closeAfterCompletion}).
     */
    void recordAfterDecision(Side from, int length, long frame, long timeNanos) {
        if (closedAfterClientTailAlert && from == Side.SERVER) {
            closedAfterClientTailAlert = false;
            analyzer.add(frame, timeNanos, Texts.SERVER_NEXT_RECORD + (sizes.alertSized(from, length)
                    ? " " + Texts.ALERT_SIZED + " (" + length + " bytes), as a server returns the client's close_notify"
                    : " has " + length + " bytes, no alert (its session tickets or response): it accepted the "
                            + "client's Finished"));
            return;
        }
        if (analyzer.outcome() == Outcome.COMPLETED) {
            if (afterAlert == null) {
                afterAlert = new AlertInfo[2];
            }
            afterAlert[from.ordinal()] = sizes.alertSized(from, length) ? encryptedAlert(from, frame, timeNanos) : null;
        }
    }

    /**
     * An encrypted record while both sides' switch to encryption is awaited, before the analyzer counts it as the
     * side's first encrypted record. Returns whether the record was taken care of here.
     */
    boolean record(Side from, int length, long frame, long timeNanos) {
        if (from == Side.SERVER && analyzer.serverEncrypted() && !analyzer.clientEncrypted()
                && !sizes.alertSized(from, length)) {
            serverLateRecordLength = length;
            serverLateRecordFrame = frame;
            serverLateRecordNanos = timeNanos;
        }
        if (from == Side.SERVER && !analyzer.clientEncrypted() && clientAlertCandidate == null) {
            sizes.serverFlightRecord(length);
        }
        if (likelyAlertRecord(from, length, frame, timeNanos)) {
            return true;
        }
        if (from == Side.CLIENT && awaitingServerAfterClient) {
            clientFlightRecords++;
            clientTailAlert = length == sizes.alertBytes() ? encryptedAlert(Side.CLIENT, frame, timeNanos) : null;
            return true;
        }
        return false;
    }

    /**
     * The client's first encrypted record after the server's: its flight starts, and COMPLETED waits for the server's
     * next record (the client's records before it, its HTTP request, do not count). {@code padding}: the client's
     * record padding, as its Finished shows, or 0 when unknown.
     */
    void clientFlightStarts(int length, int padding, long frame, long timeNanos) {
        awaitingServerAfterClient = true;
        clientFlightRecords = 1;
        clientFlightNanos = timeNanos;
        if (length == sizes.emptyCertificateBytes() + padding) {
            // an empty Certificate message has 8 bytes of handshake (RFC 8446 section 4.4.2: header, empty context,
            // empty list), then the content type and the AEAD tag
            emptyClientCertificate = true;
            analyzer.add(frame, timeNanos, "client's first encrypted record has the size of an empty Certificate ("
                    + length + " bytes): the server asked for a client certificate and the client sent none");
        } else if (ClientCertificateSent.bySize(length, padding, sizes.finishedRecordBytes())) {
            clientCertificateSent = true;
            analyzer.add(frame, timeNanos, ClientCertificateSent.evidence(length, sizes.finishedRecordBytes()));
        }
    }

    /**
     * The end of a server segment, its acknowledgment read: notes what the server had acknowledged of the client at its
     * first encrypted record, and infers the client's flight from a later record ({@link #completeWithoutClientFlight}).
     */
    void serverSegment(long frame) {
        if (analyzer.serverEncrypted() && clientAckedAtServerFlight < 0) {
            clientAckedAtServerFlight = Math.max(0, analyzer.connection().clientStream().ackedOffset());
        }
        if (serverLateRecordFrame != 0) {
            completeWithoutClientFlight(frame);
        }
    }

    /**
     * At the end of a server segment (its acknowledgment read) that carried a record of no alert's size after the
     * server's first encrypted record, while none of the client's flight is in the capture: when the server has since
     * acknowledged client bytes that the capture lacks (tshark: "TCP ACKed unseen segment"), those bytes carried the
     * client's flight (its Finished, RFC 8446 section 4.4.4) and the server went on past it, as CONTRACT.md's rule
     * asks of a seen flight: the handshake completed. The TLS 1.3 counterpart of the TLS 1.2 rule that infers the
     * client's ChangeCipherSpec (RFC 5246 section 7.3).
     */
    private void completeWithoutClientFlight(long segmentFrame) {
        boolean inSegment = serverLateRecordFrame == segmentFrame;
        serverLateRecordFrame = 0;
        HalfStream client = analyzer.connection().clientStream();
        long missing = client.ackedButNotCaptured();
        if (!inSegment || !analyzer.awaitsEncryption() || analyzer.clientEncrypted() || clientAlertCandidate != null
                || analyzer.keysDecide() || missing == 0 || client.ackedOffset() <= clientAckedAtServerFlight) {
            return;
        }
        clientFlightInferred = true;
        analyzer.add(segmentFrame, serverLateRecordNanos, "the client's flight is not in the capture (" + missing
                + " bytes of the client's stream that the server acknowledged after its own flight are missing), but "
                + "the server's next record has " + serverLateRecordLength + " bytes, no alert: it went on past the "
                + "client's Finished");
        analyzer.complete(segmentFrame, serverLateRecordNanos);
    }

    /** How the handshake completed, for the end of the COMPLETED reason. */
    String completedHow() {
        return clientFlightInferred ? "; the client's Finished is not in the capture, but the server acknowledged the "
                + "client's bytes that carry it and sent its next record, so the handshake completed"
                : "; after the client's Finished the server sent its next record, so the handshake completed";
    }

    /**
     * TLS 1.3 hides alerts in application_data records. A record of an alert's size (2 bytes, the content type
     * and the AEAD tag) is held as a likely alert when it is the client's first encrypted record, or the
     * server's first after the client's flight; a close confirms it, another record from the same side
     * clears it. Returns whether the record was taken care of here.
     */
    private boolean likelyAlertRecord(Side from, int length, long frame, long timeNanos) {
        boolean alertSize = sizes.alertSized(from, length);
        if (from == Side.CLIENT && !analyzer.clientEncrypted() && analyzer.serverEncrypted()) {
            if (clientAlertCandidate != null) {
                // more than one record: a flight, not a lone alert; the short first record was its (padded) empty
                // Certificate, and this one may be its Finished
                clientFlightFromCandidate(Math.max(0, length - sizes.finishedRecordBytes()));
                clientFlightRecords++;
                return true;
            }
            // a lone record shorter than any Finished (RFC 8446 section 4.4.4) and than an unpadded empty
            // Certificate is an alert when a close follows: a stack that pads its records (SunJSSE by 16 bytes,
            // OpenSSL's RecordPadding) sends longer alerts than 19 bytes
            if (alertSize || length < sizes.finishedRecordBytes() && length != sizes.emptyCertificateBytes()) {
                clientCandidateLength = length;
                clientAlertCandidate = encryptedAlert(Side.CLIENT, frame, timeNanos);
                analyzer.add(frame, timeNanos, "client's " + Texts.FIRST_ENCRYPTED_RECORD + " " + Texts.ALERT_SIZED
                        + (alertSize ? "" : " with padding") + " (" + length + " bytes" + (alertSize ? ""
                        : ", shorter than any Finished") + ")");
                return true;
            }
            return false;
        }
        if (from == Side.SERVER && clientAlertCandidate != null && clientCandidateLength != sizes.alertBytes()) {
            // the server answered the client's short record before any close: it was the start of the client's
            // flight (an empty Certificate the server refuses at once), not an alert; this record answers it
            clientFlightFromCandidate(0);
        }
        if (from == Side.CLIENT && serverAlertCandidate != null) {
            if (alertSize && !clientAlertReply) {
                clientAlertReply = true;
                analyzer.add(frame, timeNanos, "client answered with a record of alert size (" + length + " bytes), "
                        + "as a client returns the server's close_notify");
            }
            return true;
        }
        if (from == Side.SERVER && awaitingServerAfterClient) {
            if (serverAlertCandidate == null && alertSize) {
                serverAlertCandidate = encryptedAlert(Side.SERVER, frame, timeNanos);
                analyzer.add(frame, timeNanos, "server's first record after the client's flight " + Texts.ALERT_SIZED
                        + " (" + length + " bytes)");
                return true;
            }
            serverAlertCandidate = null;
            analyzer.complete(frame, timeNanos);
            return true;
        }
        return false;
    }

    /**
     * The client's short first record ({@link #clientAlertCandidate}) was not a lone alert after all: it starts the
     * client's flight. {@code padding}: the client's record padding, as its Finished shows, or 0 when unknown.
     */
    private void clientFlightFromCandidate(int padding) {
        AlertInfo first = clientAlertCandidate;
        clientAlertCandidate = null;
        analyzer.clientEncryptedFrom(first.frame(), first.timeNanos());
        clientFlightStarts(clientCandidateLength, padding, first.frame(), first.timeNanos());
    }

    /** A close while a likely alert is held: it was one. Returns whether the outcome was decided here. */
    boolean closeAfterLikelyAlert(Side from, boolean rst) {
        AlertInfo a = serverAlertCandidate != null ? serverAlertCandidate : clientAlertCandidate;
        if (a == null && clientTailAlert != null && from == Side.CLIENT) {
            // after its Finished, before the server's answer: the client's own alert (a certificate it rejects
            // once the handshake is over, as curl checks the name) or its close_notify, then its close
            analyzer.alerts().add(clientTailAlert);
            closedAfterClientTailAlert = true;
            analyzer.add(clientTailAlert.frame(), clientTailAlert.timeNanos(), "likely encrypted alert from client "
                    + "after its Finished (a lone record of alert size, then a close)");
            analyzer.decide(Outcome.FAILED_AFTER_SERVER_HELLO, "The client ended the handshake: after its Finished it "
                    + "sent a lone encrypted record of alert size, most likely an alert (a close_notify, or a server "
                    + "certificate it rejects once the handshake is over), and " + Texts.closed(rst)
                    + " the connection before the server answered its flight.");
            return true;
        }
        if (a == null) {
            return false;
        }
        if (a == serverAlertCandidate && clientAlertReply) {
            // close_notify both ways right after the handshake: a normal close, not a rejection
            analyzer.alerts().add(a);
            analyzer.add(a.frame(), a.timeNanos(), "likely close_notify from the server, returned by the client, then "
                    + "a close");
            serverAlertCandidate = null;
            analyzer.complete(a.frame(), a.timeNanos());
            return true;
        }
        serverAlertCandidate = null;
        clientAlertCandidate = null;
        analyzer.alerts().add(a);
        analyzer.add(a.frame(), a.timeNanos(), "likely encrypted alert from " + a.from().label()
                + " (a lone record of alert size, then a close)");
        String afterFlight = a.from() == Side.SERVER ? " in answer to the client's flight" : "";
        String noCertificate = a.from() == Side.SERVER && emptyClientCertificate ? " " + NO_CLIENT_CERTIFICATE : "";
        analyzer.decide(Outcome.FAILED_AFTER_SERVER_HELLO, "The handshake failed after the ServerHello: the "
                + a.from().label() + " sent a lone encrypted record of alert size" + afterFlight + ", most likely an "
                + "alert (TLS 1.3 hides alerts), and then the " + from.label() + " " + Texts.closed(rst)
                + " the connection." + noCertificate);
        return true;
    }

    /**
     * The reason of a FIN or RST after the client's flight ({@link #awaitingServerAfterClient}) that no likely alert
     * explains. {@code how}: "closed (FIN)" or "reset (RST)".
     */
    String closedAfterFlight(Side from, String how, long timeNanos) {
        boolean clientFinFirst = analyzer.connection().clientStream().finSeen() && from == Side.SERVER;
        String records = clientFlightRecords == 1 ? "1 record" : clientFlightRecords + " records";
        return "The " + from.label() + " " + how + " the connection " + Texts.seconds(timeNanos - clientFlightNanos)
                + " after the client's flight (its Finished; " + records + " from the client), before any record "
                + "from the server answered it" + (clientFinFirst ? ", after the client's own FIN" : "") + "."
                + (emptyClientCertificate ? " " + NO_CLIENT_CERTIFICATE : "")
                + (clientCertificateSent && from == Side.SERVER ? " " + ClientCertificateSent.REASON : "");
    }

    /** A close after COMPLETED: a lone record of alert size just before it was most likely an alert. */
    void closeAfterCompletion() {
        for (int i = 0; afterAlert != null && i < afterAlert.length; i++) {
            AlertInfo a = afterAlert[i];
            if (a != null) {
                afterAlert[i] = null;
                analyzer.alerts().add(a);
                analyzer.add(a.frame(), a.timeNanos(), "likely encrypted alert from " + a.from().label()
                        + " after the handshake (a lone record of alert size, then a close)");
            }
        }
    }

    /** A likely alert: a lone encrypted record of alert size, its level and description unknown. */
    private static AlertInfo encryptedAlert(Side from, long frame, long timeNanos) {
        return new AlertInfo(from, 0, -1, frame, timeNanos, true, true, AlertMeaning.encrypted(true));
    }
}
