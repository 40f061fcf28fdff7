package io.hellocheck.analysis;

import io.hellocheck.dtls.DtlsFlow;
import io.hellocheck.tls.CertificateInfo;
import io.hellocheck.tls.CertificateRequest;
import io.hellocheck.tls.Certificates;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.FrameSpan;
import io.hellocheck.tls.NewSessionTicket;
import io.hellocheck.tls.ServerHello;
import io.hellocheck.tls.ServerKeyExchange;
import io.hellocheck.tls.SslV2;
import io.hellocheck.tls.TlsDecodeException;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects the server's clear-text flight after its ServerHello (Certificate, ServerKeyExchange,
 * CertificateRequest, ServerHelloDone, NewSessionTicket) and recognizes resumption, for one connection.
 * Each decoded message gives one evidence line through the {@link Facts} callback.
 */
final class ServerFlightTracker {
    static final int CERTIFICATE = 11;
    static final int SERVER_KEY_EXCHANGE = 12;
    static final int CERTIFICATE_REQUEST = 13;
    static final int SERVER_HELLO_DONE = 14;
    static final int NEW_SESSION_TICKET = 4;
    private static final int MAX_MESSAGES = 16;

    /** Where evidence lines go. */
    interface Facts {
        void add(long frame, long timeNanos, String what);
    }

    private final Facts facts;
    private final ServerHello hello;
    private final ClientHello clientHello;
    private final boolean tls13;
    private final List<String> messages = new ArrayList<>(6);
    private List<CertificateInfo> certificates = List.of();
    private int certificateCount;
    private long certificateFrame = -1;
    private long certificateTime = -1;
    private String certificateError;
    private ServerKeyExchange keyExchange;
    private CertificateRequest certificateRequest;
    private boolean helloDone;
    private NewSessionTicket ticket;
    private String resumption;
    private boolean fullHandshakeSeen;

    /**
     * @param clientHello the ClientHello the ServerHello answers (null when it could not be decoded)
     * @param hello       the ServerHello
     * @param tls13       whether TLS 1.3 was negotiated (the rest of the server's handshake is encrypted)
     */
    ServerFlightTracker(Facts facts, ClientHello clientHello, ServerHello hello, boolean tls13) {
        this.facts = facts;
        this.hello = hello;
        this.clientHello = clientHello;
        this.tls13 = tls13;
        messages.add(name(2));
        if (tls13 && hello.pskSelectedIdentity() >= 0) {
            resumption = "psk";
        } else if (!tls13 && clientHello != null && hello.sessionId().length > 0
                && Arrays.equals(hello.sessionId(), clientHello.sessionId())) {
            resumption = clientHello.sessionTicketBytes() > 0 ? "session_ticket" : "session_id";
        }
    }

    /** An SSLv2 SERVER-HELLO: its certificate, and SESSION-ID-HIT as resumption. */
    void sslV2(SslV2.ServerHelloV2 v2, FrameSpan frames) {
        if (v2.sessionIdHit()) {
            resumption = "session_id";
        }
        byte[] cert = v2.certificate();
        if (cert.length > 0) {
            certificateFrame = frames.firstFrame();
            certificateTime = frames.firstTimeNanos();
            certificateCount = 1;
            certificates = List.of(CertificateInfo.parse(cert, 0, cert.length));
            facts.add(certificateFrame, certificateTime, "SSLv2 SERVER-HELLO certificate: "
                    + describe(certificates.get(0), certificateTime));
        }
    }

    /** A plaintext handshake message from the server after the ServerHello. */
    void message(int type, byte[] body, int length, FrameSpan frames) {
        if (messages.size() < MAX_MESSAGES) {
            messages.add(name(type));
        }
        decode(type, body, length, frames);
    }

    /**
     * A message read from a decrypted record (a key log): decoded as a clear-text one (the TLS 1.3 Certificate and
     * CertificateRequest), but not listed among the clear-text messages.
     */
    void decryptedMessage(int type, byte[] body, int length, FrameSpan frames) {
        decode(type, body, length, frames);
    }

    private void decode(int type, byte[] body, int length, FrameSpan frames) {
        long frame = frames.firstFrame();
        long time = frames.firstTimeNanos();
        int version = DtlsFlow.tlsVersion(hello.negotiatedVersion());
        try {
            switch (type) {
                case CERTIFICATE -> {
                    fullHandshakeSeen = true;
                    certificateFrame = frame;
                    certificateTime = time;
                    if (body == null) {
                        certificateError = "Certificate message of " + length + " bytes is too large to decode";
                        facts.add(frame, time, "server Certificate: " + certificateError);
                        return;
                    }
                    Certificates chain = CertificateCache.parse(body, 0, length, tls13);
                    certificates = chain.certificates();
                    certificateCount = chain.count();
                    facts.add(frame, time, "server Certificate: " + chain.count() + " certificate"
                            + (chain.count() == 1 ? "" : "s") + (certificates.isEmpty() ? ""
                            : ", leaf " + describe(certificates.get(0), time)));
                }
                case SERVER_KEY_EXCHANGE -> {
                    fullHandshakeSeen = true;
                    if (body == null) {
                        return;
                    }
                    keyExchange = ServerKeyExchange.parse(body, 0, length, hello.cipherSuite(), version);
                    StringBuilder sb = new StringBuilder("ServerKeyExchange: ").append(keyExchange.kind());
                    if (keyExchange.namedCurve() >= 0) {
                        sb.append(' ').append(TlsNames.group(keyExchange.namedCurve()));
                    }
                    if (keyExchange.dhPrimeBits() >= 0) {
                        sb.append(", ").append(keyExchange.dhPrimeBits()).append("-bit prime");
                    }
                    facts.add(frame, time, sb.toString());
                }
                case CERTIFICATE_REQUEST -> {
                    fullHandshakeSeen = true;
                    certificateRequest = body == null ? new CertificateRequest(List.of(), List.of(), 0)
                            : CertificateRequest.parse(body, 0, length, version);
                    facts.add(frame, time, "CertificateRequest: the server asks the client for a certificate");
                }
                case SERVER_HELLO_DONE -> {
                    fullHandshakeSeen = true;
                    helloDone = true;
                    facts.add(frame, time, "ServerHelloDone");
                }
                case NEW_SESSION_TICKET -> {
                    if (body != null && !tls13) {
                        ticket = NewSessionTicket.parse(body, 0, length);
                        facts.add(frame, time, "NewSessionTicket: a " + ticket.ticketBytes()
                                + "-byte ticket, lifetime hint " + ticket.lifetimeHintSeconds() + " s");
                    }
                }
                default -> {
                }
            }
        } catch (TlsDecodeException e) {
            String what = "undecodable " + TlsNames.handshakeType(type) + " from server: " + e.getMessage();
            if (type == CERTIFICATE) {
                certificateError = e.getMessage();
            }
            facts.add(frame, time, what);
        }
    }

    /** A Certificate message larger than the decoder keeps: the certificates within its first bytes are read. */
    void oversizedCertificate(byte[] prefix, int length, FrameSpan frames) {
        if (messages.size() < MAX_MESSAGES) {
            messages.add(name(CERTIFICATE));
        }
        fullHandshakeSeen = true;
        certificateFrame = frames.firstFrame();
        certificateTime = frames.firstTimeNanos();
        try {
            Certificates chain = Certificates.parsePrefix(prefix, 0, prefix.length, tls13);
            certificates = chain.certificates();
            certificateCount = chain.count();
            facts.add(certificateFrame, certificateTime, "server Certificate of " + length + " bytes, too large to "
                    + "keep whole: " + chain.count() + " certificate" + (chain.count() == 1 ? "" : "s")
                    + " read from its first " + prefix.length + " bytes" + (certificates.isEmpty() ? ""
                    : ", leaf " + describe(certificates.get(0), certificateTime)));
        } catch (TlsDecodeException e) {
            certificateError = e.getMessage();
            facts.add(certificateFrame, certificateTime, "undecodable certificate from server: " + e.getMessage());
        }
    }

    /** The server's ChangeCipherSpec (TLS 1.2 and earlier): without a full handshake before it, a resumption. */
    void serverChangeCipherSpec() {
        if (resumption == null && !tls13 && !fullHandshakeSeen) {
            resumption = clientHello != null && clientHello.sessionTicketBytes() > 0 ? "session_ticket" : "abbreviated";
        }
    }

    /**
     * The name of a handshake type in the server's list: IANA's, except for the TLS 1.2 messages IANA now
     * marks "_RESERVED" (server_key_exchange, server_hello_done: reserved for TLS 1.3 only), named as RFC 5246 does.
     */
    static String name(int type) {
        return switch (type) {
            case SERVER_KEY_EXCHANGE -> "server_key_exchange";
            case SERVER_HELLO_DONE -> "server_hello_done";
            default -> TlsNames.handshakeType(type);
        };
    }

    String resumption() {
        return resumption;
    }

    ServerFlight snapshot() {
        return new ServerFlight(messages, certificates, certificateCount, certificateFrame, certificateTime,
                certificateError, keyExchange, certificateRequest, helloDone, ticket, resumption, tls13);
    }

    private String describe(CertificateInfo c, long time) {
        if (c.parseError() != null) {
            return "unreadable (" + c.parseError() + ")";
        }
        StringBuilder sb = new StringBuilder(String.valueOf(c.subject()));
        if (c.expiredAt(time)) {
            sb.append(", expired at capture time (not after ").append(c.notAfter()).append(')');
        } else if (c.notYetValidAt(time)) {
            sb.append(", not yet valid at capture time (not before ").append(c.notBefore()).append(')');
        }
        if (c.selfSigned()) {
            sb.append(", self-signed");
        }
        String sni = clientHello == null ? null : clientHello.serverName();
        if (sni != null && !c.matchesHost(sni)) {
            sb.append(", not for ").append(sni);
        }
        return sb.toString();
    }
}
