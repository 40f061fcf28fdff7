package io.hellocheck.dtls;

import io.hellocheck.frame.PacketView;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.ServerHello;
import io.hellocheck.tls.TlsDecodeException;
import io.hellocheck.udp.UdpConversation;
import io.hellocheck.udp.UdpConversation.Mark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the datagrams of one DTLS conversation show about its handshake: the records (RFC 6347 section 4.1: type,
 * version, epoch, 48-bit sequence number, length; RFC 9147 section 4: also the unified header of encrypted DTLS
 * 1.3 records), several per datagram; the clear-text handshake messages of each side reassembled from their
 * fragments (retransmitted flights counted, not repeated); the ClientHellos (a second one after a
 * HelloVerifyRequest cookie round or a HelloRetryRequest), the ServerHello, clear-text alerts, ChangeCipherSpec
 * and the first encrypted record of each side.
 *
 * <p>The client is the sender of the first ClientHello. Once both sides encrypt after a ServerHello, a datagram
 * only counts. Bounded as {@link HandshakeReassembler} is; lists keep at
 * most {@value #MAX_LIST} entries. Not thread-safe.
 */
public final class DtlsFlow {
    static final int MAX_LIST = 16;
    static final int MAX_SEEN = 64;
    private static final int RECORD_HEADER = 13;
    private static final int CT_CHANGE_CIPHER_SPEC = 20;
    private static final int CT_ALERT = 21;
    private static final int CT_HANDSHAKE = 22;

    /**
     * A ClientHello.
     *
     * @param message       the reassembled message, TLS handshake header in front, cookie included
     * @param hello         the decoded message (its cookie left out), or null
     * @param error         why it did not decode, or null
     * @param recordVersion the version field of the record that carried its first fragment
     * @param cookieLength  bytes of cookie it echoes (0 before a HelloVerifyRequest)
     */
    public record Hello(Message message, ClientHello hello, String error, int recordVersion, int cookieLength) {
    }

    /** A handshake message and where it came. */
    public record Message(int type, byte[] bytes, List<Long> frames, Mark first, Mark last) {
    }

    /** A clear-text alert: who sent it, level, description, where. */
    public record Alert(boolean fromClient, int level, int description, Mark at) {
    }

    private final UdpConversation conversation;
    private final HandshakeReassembler clientMessages = new HandshakeReassembler();
    private final HandshakeReassembler serverMessages = new HandshakeReassembler();
    /**
     * Record sequence numbers of each side's clear-text handshake records (at most {@value #MAX_SEEN} each): a record
     * seen again is a copy the capture holds twice, not a retransmission, which is a new record with a new number
     * (RFC 6347 section 4.1: the sequence number grows with each record; section 4.2.4: a flight is sent again in new
     * records).
     */
    private final Set<Long> clientRecords = new HashSet<>();
    private final Set<Long> serverRecords = new HashSet<>();
    private final List<Hello> clientHellos = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();
    private Message serverHelloMessage;
    private ServerHello serverHello;
    private String serverHelloError;
    private Message helloRetryMessage;
    private ServerHello helloRetryRequest;
    private Mark helloVerifyRequest;
    private Mark clientChangeCipherSpec;
    private Mark serverChangeCipherSpec;
    private Mark serverEncrypted;
    private Mark clientEncryptedAfterServer;
    private Mark serverEncryptedAfterClient;
    private Mark serverFirstAfterHello;
    private Mark serverOther;
    private Message serverClientHello;
    private final List<Message> serverFlight = new ArrayList<>();
    private Mark lastServer;
    private int clientResendsAfterServer;
    private Mark lastClientResend;
    private Message reflectedClientHello;
    private int currentRecordVersion;

    /** Starts the flow with its first ClientHello datagram, whose source is the client. */
    public DtlsFlow(int udpStream, PacketView first) {
        this.conversation = new UdpConversation(udpStream, first);
    }

    /**
     * Whether {@code p}'s payload starts with a DTLS record carrying the start of a ClientHello: content type 22,
     * version 0xfeff, 0xfefd or 0xfefc, epoch 0, handshake type 1.
     */
    public static boolean looksLikeClientHello(PacketView p) {
        byte[] d = p.data();
        int o = p.payloadOffset();
        if (p.payloadLength() < RECORD_HEADER + 12 || d[o] != CT_HANDSHAKE || d[o + 3] != 0 || d[o + 4] != 0) {
            return false;
        }
        int version = u16(d, o + 1);
        return (version == 0xfeff || version == 0xfefd || version == 0xfefc) && d[o + RECORD_HEADER] == 1;
    }

    /**
     * The TLS version a DTLS version is built on, for decoders whose message layout depends on it: DTLS 1.0
     * (0xfeff) on TLS 1.1 (RFC 4347 section 1), DTLS 1.2 (0xfefd) on TLS 1.2 (RFC 6347 section 1), DTLS 1.3
     * (0xfefc) on TLS 1.3 (RFC 9147 section 1); any other value as it is.
     */
    public static int tlsVersion(int version) {
        return switch (version) {
            case 0xfeff -> 0x0302;
            case 0xfefd -> 0x0303;
            case 0xfefc -> 0x0304;
            default -> version;
        };
    }

    /** Reads one datagram of the conversation. */
    public void onDatagram(PacketView p) {
        boolean fromClient = conversation.count(p);
        if (serverHello != null && (clientChangeCipherSpec != null && serverChangeCipherSpec != null
                || serverEncryptedAfterClient != null)) {
            return; // both sides encrypt: the rest costs a count
        }
        Mark at = new Mark(p.frameNumber(), p.timestampNanos());
        if (!fromClient && serverFirstAfterHello == null && !clientHellos.isEmpty()) {
            serverFirstAfterHello = at;
        }
        if (!fromClient) {
            lastServer = at;
            clientResendsAfterServer = 0;
        }
        byte[] d = p.data();
        int pos = p.payloadOffset();
        int end = pos + p.payloadLength();
        while (end - pos >= 1) {
            int first = d[pos] & 0xff;
            if ((first & 0xe0) == 0x20) {
                encrypted(fromClient, at); // a DTLS 1.3 unified header: the rest of the datagram, or its length
                return;
            }
            if (end - pos < RECORD_HEADER) {
                return;
            }
            int version = u16(d, pos + 1);
            if ((version & 0xff00) != 0xfe00) {
                return; // not DTLS (STUN, RTP sharing the port)
            }
            int epoch = u16(d, pos + 3);
            int length = u16(d, pos + 11);
            int body = pos + RECORD_HEADER;
            if (length > end - body) {
                return; // cut by the snaplen
            }
            if (epoch > 0 || first == 23 || first == 25) {
                encrypted(fromClient, at);
            } else if (first == CT_HANDSHAKE) {
                if (seenBefore(fromClient ? clientRecords : serverRecords, u48(d, pos + 5))) {
                    pos = body + length;
                    continue;
                }
                currentRecordVersion = version;
                handshake(d, body, body + length, fromClient, at);
            } else if (first == CT_ALERT && length == 2 && alerts.size() < MAX_LIST) {
                alerts.add(new Alert(fromClient, d[body] & 0xff, d[body + 1] & 0xff, at));
            } else if (first == CT_CHANGE_CIPHER_SPEC) {
                if (fromClient && clientChangeCipherSpec == null) {
                    clientChangeCipherSpec = at;
                } else if (!fromClient && serverChangeCipherSpec == null) {
                    serverChangeCipherSpec = at;
                }
            }
            pos = body + length;
        }
    }

    private void encrypted(boolean fromClient, Mark at) {
        if (!fromClient) {
            if (serverEncrypted == null) {
                serverEncrypted = at;
            }
            if (clientEncryptedAfterServer != null && serverEncryptedAfterClient == null
                    && at.frame() > clientEncryptedAfterServer.frame()) {
                serverEncryptedAfterClient = at;
            }
        } else if (serverEncrypted != null && clientEncryptedAfterServer == null) {
            clientEncryptedAfterServer = at;
        }
    }

    /** The handshake fragments of one record: type, length (3), message_seq (2), offset (3), fragment length (3). */
    private void handshake(byte[] d, int p, int end, boolean fromClient, Mark at) {
        HandshakeReassembler r = fromClient ? clientMessages : serverMessages;
        while (end - p >= 12) {
            int type = d[p] & 0xff;
            int length = u24(d, p + 1);
            int seq = u16(d, p + 4);
            int offset = u24(d, p + 6);
            int fragmentLength = u24(d, p + 9);
            int body = p + 12;
            if (fragmentLength > end - body) {
                return;
            }
            int resentBefore = r.retransmitted();
            HandshakeReassembler.Message m = r.add(type, length, seq, offset, d, body, fragmentLength, at.frame(),
                    at.timeNanos());
            if (fromClient && r.retransmitted() > resentBefore && lastServer != null) {
                clientResendsAfterServer++;
                lastClientResend = at;
            }
            if (m != null) {
                message(new Message(m.type(), m.bytes(), m.frames(), new Mark(m.firstFrame(), m.firstTimeNanos()),
                        new Mark(m.lastFrame(), m.lastTimeNanos())), fromClient, at);
            }
            p = body + fragmentLength;
        }
    }

    private void message(Message m, boolean fromClient, Mark at) {
        if (fromClient) {
            if (m.type() == 1 && clientHellos.size() < MAX_LIST) {
                clientHello(m);
            }
            return;
        }
        switch (m.type()) {
            case 1 -> {
                if (reflected(m)) {
                    if (reflectedClientHello == null) {
                        reflectedClientHello = m;
                    }
                } else if (serverClientHello == null) {
                    serverClientHello = m;
                }
                if (serverOther == null) {
                    serverOther = m.first();
                }
            }
            case 2 -> serverHello(m);
            case 3 -> {
                if (helloVerifyRequest == null) {
                    helloVerifyRequest = m.first();
                }
            }
            default -> {
                if (serverOther == null) {
                    serverOther = m.first();
                }
                if (serverHelloMessage != null && serverFlight.size() < MAX_LIST) {
                    serverFlight.add(m);
                }
            }
        }
    }

    /**
     * Whether the server's ClientHello {@code m} carries the random of one of the client's (after the 4-byte message
     * header and the 2-byte client_version, RFC 6347 section 4.2.1): the client's own hello come back.
     */
    private boolean reflected(Message m) {
        byte[] b = m.bytes();
        for (Hello h : clientHellos) {
            byte[] own = h.message().bytes();
            if (b.length >= 38 && own.length >= 38 && Arrays.equals(b, 6, 38, own, 6, 38)) {
                return true;
            }
        }
        return false;
    }

    private void clientHello(Message m) {
        byte[] b = m.bytes();
        ClientHello hello = null;
        String error = null;
        int cookie = 0;
        // DTLS adds a cookie<0..255> after legacy_session_id (RFC 6347 section 4.2.1): leave it out for the
        // TLS decoder
        int sidAt = 4 + 2 + 32;
        if (b.length > sidAt && b.length > sidAt + 1 + (b[sidAt] & 0xff)) {
            int cookieAt = sidAt + 1 + (b[sidAt] & 0xff);
            cookie = b[cookieAt] & 0xff;
            if (b.length - cookieAt - 1 >= cookie) {
                byte[] tls = new byte[b.length - 1 - cookie];
                System.arraycopy(b, 0, tls, 0, cookieAt);
                System.arraycopy(b, cookieAt + 1 + cookie, tls, cookieAt, b.length - cookieAt - 1 - cookie);
                try {
                    hello = ClientHello.parse(tls, 4, tls.length - 4);
                } catch (TlsDecodeException e) {
                    error = e.getMessage();
                }
            } else {
                error = "cookie runs past the end of the message";
            }
        } else {
            error = "message too short for a ClientHello";
        }
        clientHellos.add(new Hello(m, hello, error, currentRecordVersion, cookie));
        serverFirstAfterHello = null;
    }

    private void serverHello(Message m) {
        if (serverHello != null || serverHelloError != null) {
            return;
        }
        try {
            ServerHello h = ServerHello.parse(m.bytes(), 4, m.bytes().length - 4);
            if (ServerHello.isHelloRetryRequestRandom(h.random())) {
                if (helloRetryRequest == null) {
                    helloRetryMessage = m;
                    helloRetryRequest = h;
                }
                return;
            }
            serverHello = h;
        } catch (TlsDecodeException e) {
            serverHelloError = e.getMessage();
        }
        serverHelloMessage = m;
    }

    /** Whether {@code sequence} is in {@code seen}; adds it while there is room. */
    private static boolean seenBefore(Set<Long> seen, long sequence) {
        if (seen.contains(sequence)) {
            return true;
        }
        if (seen.size() < MAX_SEEN) {
            seen.add(sequence);
        }
        return false;
    }

    private static long u48(byte[] d, int p) {
        return ((long) u16(d, p) << 32) | ((long) u16(d, p + 2) << 16) | u16(d, p + 4);
    }

    private static int u16(byte[] d, int p) {
        return ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
    }

    private static int u24(byte[] d, int p) {
        return ((d[p] & 0xff) << 16) | ((d[p + 1] & 0xff) << 8) | (d[p + 2] & 0xff);
    }

    /** The UDP conversation: its stream, client and server, datagrams, ICMP port unreachable. */
    public UdpConversation conversation() { return conversation; }
    /** The ClientHellos, in order (a retransmitted one is not repeated). */
    public List<Hello> clientHellos() { return List.copyOf(clientHellos); }
    /** The ServerHello (not a HelloRetryRequest), or null. */
    public Message serverHelloMessage() { return serverHelloMessage; }
    public ServerHello serverHello() { return serverHello; }
    public String serverHelloError() { return serverHelloError; }
    /** The HelloRetryRequest (DTLS 1.3), or null. */
    public Message helloRetryMessage() { return helloRetryMessage; }
    public ServerHello helloRetryRequest() { return helloRetryRequest; }
    /** The first HelloVerifyRequest, or null. */
    public Mark helloVerifyRequest() { return helloVerifyRequest; }
    /** Clear-text alerts, in order. */
    public List<Alert> alerts() { return List.copyOf(alerts); }
    public Mark clientChangeCipherSpec() { return clientChangeCipherSpec; }
    public Mark serverChangeCipherSpec() { return serverChangeCipherSpec; }
    /** The server's first encrypted record (epoch above 0), or null. */
    public Mark serverEncrypted() { return serverEncrypted; }
    /** The client's first encrypted record after the server's first, or null. */
    public Mark clientEncryptedAfterServer() { return clientEncryptedAfterServer; }
    /** The server's first encrypted record after that, or null. */
    public Mark serverEncryptedAfterClient() { return serverEncryptedAfterClient; }
    /** The server's first datagram after the last ClientHello began, or null. */
    public Mark serverFirstAfterHello() { return serverFirstAfterHello; }
    /** The server's first clear-text handshake message other than ServerHello and HelloVerifyRequest, or null. */
    public Mark serverOther() { return serverOther; }
    /**
     * The first ClientHello the server sent (it acts as a DTLS client too: a role conflict, as when both WebRTC
     * peers take the active role of RFC 5763 section 5), or null.
     */
    public Message serverClientHello() { return serverClientHello; }
    /**
     * The server's clear-text handshake messages after its ServerHello, in order (Certificate, ServerKeyExchange,
     * CertificateRequest, ServerHelloDone: RFC 6347 section 4.2.4, flight 4), at most {@value #MAX_LIST}.
     */
    public List<Message> serverFlight() { return List.copyOf(serverFlight); }
    /** The server's last datagram, or null. */
    public Mark lastServer() { return lastServer; }
    /**
     * Handshake fragments the client sent again after the server's last datagram: a client still waiting for the
     * server's next flight resends its own when its timer expires (RFC 6347 section 4.2.4; RFC 9147 section 5.8).
     */
    public int clientResendsAfterServer() { return clientResendsAfterServer; }
    /** The last of those, or null. */
    public Mark lastClientResend() { return lastClientResend; }
    /** The client's own ClientHello come back from the server's side (the same random), or null. */
    public Message reflectedClientHello() { return reflectedClientHello; }
    /** Handshake fragments either side sent again. */
    public int retransmissions() { return clientMessages.retransmitted() + serverMessages.retransmitted(); }
}
