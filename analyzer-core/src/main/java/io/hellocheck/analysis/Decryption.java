package io.hellocheck.analysis;

import io.hellocheck.tcp.Side;
import io.hellocheck.tls.ByteCursor;
import io.hellocheck.tls.CertificateInfo;
import io.hellocheck.tls.Certificates;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.FrameSpan;
import io.hellocheck.tls.ServerHello;
import io.hellocheck.tls.TlsDecodeException;
import io.hellocheck.tls.TlsNames;
import io.hellocheck.tls.TlsStreamDecoder;
import io.hellocheck.tls.decrypt.KeyLog;
import io.hellocheck.tls.decrypt.SessionKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's decryption: finds the session in the key log when the ServerHello is known, hands the record
 * decryptors to the two stream decoders, and reads the decrypted handshake messages of both sides
 * (EncryptedExtensions, Certificate, CertificateVerify, Finished, NewSessionTicket, KeyUpdate; RFC 8446 section
 * 4). Evidence lines go through {@link ServerFlightTracker.Facts}; keys never do.
 */
final class Decryption {
    static final int NEW_SESSION_TICKET = 4;
    static final int ENCRYPTED_EXTENSIONS = 8;
    static final int CERTIFICATE = 11;
    static final int CERTIFICATE_VERIFY = 15;
    static final int FINISHED = 20;
    static final int KEY_UPDATE = 24;
    private static final int MAX_MESSAGES = 16;

    private final ServerFlightTracker.Facts facts;
    private final boolean tls13;
    private final String problem;
    private final List<String> clientMessages = new ArrayList<>(4);
    private final List<String> serverMessages = new ArrayList<>(6);
    private String alpn;
    private boolean serverNameAcknowledged;
    private List<CertificateInfo> clientCertificates;
    private int clientCertificateCount;
    private String clientVerify;
    private String serverVerify;
    private long clientFinishedFrame = -1;
    private long serverFinishedFrame = -1;
    private int keyUpdates;
    private long decrypted;
    private long notDecrypted;

    private Decryption(ServerFlightTracker.Facts facts, boolean tls13, String problem) {
        this.facts = facts;
        this.tls13 = tls13;
        this.problem = problem;
    }

    /**
     * Looks the session up and, when the log has it, gives both decoders their decryptors.
     *
     * @return the connection's decryption, or null when the key log has no entry for the ClientHello's random
     */
    static Decryption attach(KeyLog log, ClientHello clientHello, ServerHello hello, TlsStreamDecoder client,
                             TlsStreamDecoder server, ServerFlightTracker.Facts facts, long frame, long timeNanos) {
        if (log.isEmpty() || clientHello == null) {
            return null;
        }
        boolean tls13 = hello.selectedVersion() >= 0;
        SessionKeys keys = SessionKeys.find(log, clientHello.random(), hello.random(), hello.negotiatedVersion(),
                hello.cipherSuite(), hello.hasExtension(22));
        if (keys == null) {
            return null;
        }
        Decryption d = new Decryption(facts, tls13, keys.problem());
        if (keys.problem() != null) {
            facts.add(frame, timeNanos, "key log: " + keys.problem());
            return d;
        }
        client.setDecryptor(keys.client());
        server.setDecryptor(keys.server());
        facts.add(frame, timeNanos, "key log has this session's secrets: decrypting"
                + (keys.client() == null ? " the server's records only" : keys.server() == null
                ? " the client's records only" : ""));
        return d;
    }

    /** Whether records are being decrypted (the session matched and its keys could be set up). */
    boolean active() {
        return problem == null;
    }

    boolean clientFinished() {
        return clientFinishedFrame >= 0;
    }

    boolean serverFinished() {
        return serverFinishedFrame >= 0;
    }

    void record(boolean opened) {
        if (opened) {
            decrypted++;
        } else {
            notDecrypted++;
        }
    }

    /** A decrypted handshake message; the server's Certificate and CertificateRequest go to the flight as well. */
    void message(Side from, int type, byte[] body, int length, FrameSpan frames) {
        List<String> list = from == Side.CLIENT ? clientMessages : serverMessages;
        if (list.size() < MAX_MESSAGES) {
            list.add(ServerFlightTracker.name(type));
        }
        long frame = frames.lastFrame();
        long time = frames.lastTimeNanos();
        String who = from.label();
        try {
            switch (type) {
                case ENCRYPTED_EXTENSIONS -> {
                    if (body != null) {
                        encryptedExtensions(body, length);
                    }
                    facts.add(frame, time, "decrypted EncryptedExtensions from server" + (alpn == null ? ""
                            : ": ALPN " + alpn) + (serverNameAcknowledged ? ", server_name acknowledged" : ""));
                }
                case CERTIFICATE -> {
                    if (from == Side.CLIENT) {
                        clientCertificate(body, length, frame, time);
                    }
                }
                case CERTIFICATE_VERIFY -> {
                    String scheme = body == null || length < 2 ? "?"
                            : TlsNames.signatureScheme(((body[0] & 0xff) << 8) | (body[1] & 0xff));
                    if (from == Side.CLIENT) {
                        clientVerify = scheme;
                    } else {
                        serverVerify = scheme;
                    }
                    facts.add(frame, time, "decrypted CertificateVerify from " + who + ": " + scheme);
                }
                case FINISHED -> {
                    if (from == Side.CLIENT) {
                        clientFinishedFrame = frame;
                    } else {
                        serverFinishedFrame = frame;
                    }
                    facts.add(frame, time, "decrypted Finished from " + who);
                }
                case KEY_UPDATE -> {
                    keyUpdates++;
                    facts.add(frame, time, "decrypted KeyUpdate from " + who);
                }
                case NEW_SESSION_TICKET -> facts.add(frame, time, "decrypted NewSessionTicket from " + who);
                default -> {
                    if (from == Side.CLIENT || (type != CERTIFICATE && type != ServerFlightTracker.CERTIFICATE_REQUEST)) {
                        facts.add(frame, time, "decrypted " + TlsNames.handshakeType(type) + " from " + who);
                    }
                }
            }
        } catch (TlsDecodeException e) {
            facts.add(frame, time, "undecodable decrypted " + TlsNames.handshakeType(type) + " from " + who + ": "
                    + e.getMessage());
        }
    }

    /** RFC 8446 section 4.3.1: {@code Extension extensions<0..2^16-1>}; ALPN (16) and server_name (0). */
    private void encryptedExtensions(byte[] body, int length) throws TlsDecodeException {
        ByteCursor exts = ByteCursor.window(body, 0, length).vector16();
        while (!exts.isEmpty()) {
            int type = exts.u16();
            ByteCursor data = exts.vector16();
            if (type == 0) {
                serverNameAcknowledged = true;
            } else if (type == 16) {
                ByteCursor names = data.vector16();
                ByteCursor name = names.vector8();
                alpn = new String(name.bytes(name.remaining()), StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** The client's clear-text Certificate of TLS 1.2 and earlier: its chain, kept beside the decrypted facts. */
    void plaintextClientCertificate(byte[] body, int length, FrameSpan frames) {
        try {
            clientCertificate(body, length, frames.lastFrame(), frames.lastTimeNanos());
        } catch (TlsDecodeException e) {
            facts.add(frames.lastFrame(), frames.lastTimeNanos(), "undecodable Certificate from client: "
                    + e.getMessage());
        }
    }

    private void clientCertificate(byte[] body, int length, long frame, long time) throws TlsDecodeException {
        if (body == null) {
            clientCertificates = List.of();
            facts.add(frame, time, "client Certificate of " + length + " bytes, too large to decode");
            return;
        }
        Certificates chain = CertificateCache.parse(body, 0, length, tls13);
        clientCertificates = chain.certificates();
        clientCertificateCount = chain.count();
        if (chain.count() == 0) {
            facts.add(frame, time, "client Certificate: empty (the client has no certificate to send)");
            return;
        }
        CertificateInfo leaf = clientCertificates.isEmpty() ? null : clientCertificates.get(0);
        String subject = leaf == null ? "" : leaf.parseError() != null ? ", leaf unreadable"
                : ", leaf " + leaf.subject() + ", issuer " + leaf.issuer() + (leaf.expiredAt(time)
                ? ", expired at capture time" : "");
        facts.add(frame, time, "client Certificate: " + chain.count() + " certificate"
                + (chain.count() == 1 ? "" : "s") + subject);
    }

    DecryptedHandshake snapshot() {
        return new DecryptedHandshake(problem, clientMessages, serverMessages, alpn, serverNameAcknowledged,
                clientCertificates, clientCertificateCount, clientVerify, serverVerify, clientFinishedFrame,
                serverFinishedFrame, keyUpdates, decrypted, notDecrypted);
    }
}
