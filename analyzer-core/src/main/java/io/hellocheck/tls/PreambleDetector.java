package io.hellocheck.tls;

import io.hellocheck.frame.IpAddresses;
import io.hellocheck.tcp.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds where TLS starts on a connection whose client does not begin with a TLS record: reads the client's
 * bytes as the messages of a known preamble and, after each complete message, checks whether a TLS
 * ClientHello record follows. Also listens to the server's side of the dialogue (its banner, its answer to
 * STARTTLS or CONNECT).
 *
 * <p>Known preambles and how their messages are framed:
 * <ul>
 *   <li>PROXY protocol v1 (one text line) and v2 (12-byte signature, 16-byte header, address block and TLVs),
 *       haproxy's proxy-protocol.txt; another preamble may follow;</li>
 *   <li>HTTP CONNECT (RFC 9110 section 9.3.6): request headers up to the empty line; the proxy's status line
 *       is kept (a 407, 403 or 502 answer is a refused tunnel);</li>
 *   <li>text protocols with a STARTTLS-like command, one command per line: SMTP (RFC 3207), IMAP (RFC 9051
 *       STARTTLS), POP3 (RFC 2595 STLS), FTP (RFC 4217 AUTH TLS), and others answering a STARTTLS line;</li>
 *   <li>XMPP (RFC 6120 section 5): XML, a message ends at each '&gt;';</li>
 *   <li>LDAP StartTLS (RFC 4511 section 4.14): BER-encoded LDAPMessages;</li>
 *   <li>PostgreSQL SSLRequest (protocol docs, "SSL Session Encryption"): length-prefixed startup messages;</li>
 *   <li>MySQL (client/server protocol, "SSL Handshake"): packets with a 3-byte length and a sequence id;
 *       TLS follows the client's SSLRequest packet;</li>
 *   <li>SOCKS 5 (RFC 1928, RFC 1929 authentication) and SOCKS 4/4a: the greeting, authentication and request,
 *       each framed by its own fields ({@link Socks}); a refused request sets {@link Preamble#refusalCode};</li>
 *   <li>RDP ([MS-RDPBCGR] 2.2.1.1): a TPKT (RFC 1006) with an X.224 Connection Request ({@link RdpNegotiation}).</li>
 * </ul>
 * The server's refusal of a STARTTLS request (SMTP 454, IMAP NO, POP3 -ERR, FTP 4xx/5xx ...,
 * {@link StartTlsReplies}) is kept in {@link Preamble#refusalCode}, with the refusal as the server's reply.
 * Alongside, a {@link ClientHelloScanner} searches the first 16 KiB of the client's stream for a ClientHello by
 * content: when the client's bytes fit no known preamble (or stop fitting it), a ClientHello found there
 * starts TLS after a preamble of protocol "unknown" ({@link #HELD}). A client whose bytes fit none of these, or
 * that sends more than {@link #MAX_CLIENT_BYTES} or {@link #MAX_MESSAGES} messages without TLS, is not a
 * preamble: {@link #client} returns {@link #NOT_TLS}. Not thread-safe; one per connection.
 */
public final class PreambleDetector {
    /** {@link #client}: every byte was preamble; TLS has not started. */
    public static final int MORE = -1;
    /** {@link #client}: this is no preamble we know (or it went on too long): stop looking. */
    public static final int NOT_TLS = -2;
    /**
     * {@link #client}: a ClientHello was found by content and began in bytes fed before (or in these): the
     * stream from its first byte is handed over by {@link #replayHello}.
     */
    public static final int HELD = -3;
    /** Server bytes after which a search by content gives up (a dialogue before TLS is short). */
    private static final int MAX_SERVER_BYTES_WHILE_SEARCHING = 16 * 1024;
    /** Client bytes read before giving up. */
    public static final int MAX_CLIENT_BYTES = 64 * 1024;
    /** Client messages read before giving up. */
    public static final int MAX_MESSAGES = 64;
    private static final int MAX_FRAMES = 32;
    private static final int MAX_TEXT = 256;
    private static final int MAX_MESSAGE_BUFFER = 1024;
    private static final byte[] PROXY_V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49,
        0x54, 0x0A};
    private static final String LDAP_STARTTLS_OID = "1.3.6.1.4.1.1466.20037";

    private enum Framing { NONE, PROXY_V1, PROXY_V2, HTTP, LINES, XML, BER, POSTGRES, MYSQL, SOCKS, TPKT }
    /** Server bytes kept to read SOCKS and RDP answers from the start of the server's side. */
    private static final int MAX_SERVER_BUFFER = 1024;

    /** The framing of the message being read. */
    private Framing framing = Framing.NONE;
    /** The protocol's framing once recognized (PROXY headers are one message and leave it NONE). */
    private Framing current = Framing.NONE;
    private boolean inMessage;
    private boolean httpFirstLine;
    private boolean stopped;
    private boolean tlsStarted;
    private String proxy;
    private String protocol;
    private String serverBanner;
    private long clientBytes;
    /** The client's first bytes, too few to recognize a protocol by, held until more come. */
    private byte[] pending;
    private int messages;
    private final List<Long> frames = new ArrayList<>(4);
    private ClientHelloScanner scanner = new ClientHelloScanner();
    private boolean foundByContent;
    /** The client's bytes fed so far. */
    private long streamBytes;

    // the client message being read
    private final StringBuilder text = new StringBuilder();
    private byte[] msg = new byte[64];
    private int msgLength;
    private long msgNeed = -1;
    private String clientCommand;
    private String target;
    private Endpoint proxiedSource;
    private Endpoint proxiedDestination;

    // the server's side
    private final StringBuilder serverText = new StringBuilder();
    private byte[] serverBuffer;
    private int serverBuffered;
    private String serverReply;
    /** The client's last message asked to start TLS; the server's next answer accepts or refuses it. */
    private boolean awaitingStartTls;
    /** The code of the server's refusal (a SOCKS reply, a STARTTLS answer), or null. */
    private String refusalCode;
    /** The frame of the client's first message going on in clear after a refusal of STARTTLS, or 0. */
    private long continuedWithoutTlsFrame;
    /** The frame of the client's bytes being read. */
    private long clientFrame;
    /** SOCKS: {@link Socks#V4} or {@link Socks#V5}, and the client's messages read. */
    private int socksVersion;
    private int socksMessages;
    private int statusCode = -1;
    private long serverBytes;

    /**
     * Feeds the client's next bytes (stream order).
     *
     * @param frame     the frame that carried them (from 1)
     * @param timeNanos its capture time, ns since the epoch
     * @return the index in {@code [off, off + len)} where the TLS ClientHello starts, {@link #MORE} when all
     *         bytes were preamble, {@link #HELD} when a ClientHello found by content starts in bytes held (see
     *         {@link #replayHello}), or {@link #NOT_TLS}
     */
    public int client(byte[] b, int off, int len, long frame, long timeNanos) {
        if (tlsStarted) {
            return foundByContent ? HELD : off;
        }
        if (frames.size() < MAX_FRAMES && (frames.isEmpty() || frames.get(frames.size() - 1) != frame)) {
            frames.add(frame);
        }
        streamBytes += len;
        clientFrame = frame;
        int scan = scanner == null ? ClientHelloScanner.GAVE_UP : scanner.feed(b, off, len, frame, timeNanos);
        int r = stopped ? NOT_TLS : messages(b, off, len, frame);
        if (r >= 0) {
            scanner = null;
            return r;
        }
        if (scan == ClientHelloScanner.FOUND) {
            foundByContent = true;
            tlsStarted = true;
            stopped = false;
            long helloFrame = scanner.helloFrame();
            frames.removeIf(f -> f > helloFrame || (f == helloFrame && !scanner.helloFrameCarriesPreamble()));
            clientBytes = scanner.helloOffset();
            return HELD;
        }
        if (r == NOT_TLS && scan == ClientHelloScanner.MORE) {
            return MORE;
        }
        if (scan == ClientHelloScanner.GAVE_UP) {
            scanner = null;
        }
        return r;
    }

    /**
     * Hands the client's stream from the first byte of the ClientHello found by content to the end of the bytes
     * fed so far, chunk by chunk with each chunk's frame and time (after {@link #HELD}).
     */
    public void replayHello(ClientHelloScanner.Sink sink) {
        if (scanner != null && foundByContent) {
            scanner.replay(sink);
            scanner = null;
        }
    }

    /** The client's bytes read as messages of a known preamble; see {@link #client}. */
    private int messages(byte[] b, int off, int len, long frame) {
        if (pending != null) {
            byte[] joined = java.util.Arrays.copyOf(pending, pending.length + len);
            System.arraycopy(b, off, joined, pending.length, len);
            int held = pending.length;
            pending = null;
            int r = messages(joined, 0, joined.length, frame);
            return r >= 0 ? off + Math.max(0, r - held) : r;
        }
        int end = off + len;
        int i = off;
        while (i < end) {
            if (!inMessage) {
                if (messages > 0 && isTlsStart(b, i, end)) {
                    tlsStarted = true;
                    return i;
                }
                Framing f = current;
                if (f == Framing.NONE) {
                    f = detect(b, i, end);
                    if (f == Framing.NONE && messages == 0 && end - i < MAX_PENDING && mayBeginAPreamble(b, i, end)) {
                        pending = java.util.Arrays.copyOfRange(b, i, end);
                        return MORE;
                    }
                    if (f == Framing.NONE) {
                        stopped = true;
                        return NOT_TLS;
                    }
                    if (f != Framing.PROXY_V1 && f != Framing.PROXY_V2) {
                        current = f;
                    }
                }
                startMessage(f);
            }
            int next = consume(b, i, end);
            clientBytes += next - i;
            i = next;
            if (stopped || clientBytes > MAX_CLIENT_BYTES || messages > MAX_MESSAGES) {
                stopped = true;
                return NOT_TLS;
            }
        }
        return MORE;
    }

    /** Feeds the server's next bytes (stream order) sent before the ClientHello. */
    public void server(byte[] b, int off, int len) {
        if (tlsStarted || len <= 0) {
            return;
        }
        if (stopped) {
            serverBytes += len;
            if (serverBytes > MAX_SERVER_BYTES_WHILE_SEARCHING) {
                scanner = null; // a long answer: this is a protocol of its own, not a dialogue before TLS
            }
            return;
        }
        if (serverBytes == 0) {
            serverBanner = ServerBanners.protocol(b, off, len);
        }
        serverBytes += len;
        if (current == Framing.SOCKS || current == Framing.TPKT) {
            binaryAnswer(b, off, len);
            return;
        }
        if (current == Framing.POSTGRES) {
            int c = b[off] & 0xff;
            serverReply = c == 'S' ? "S (SSL accepted)" : c == 'N' ? "N (not accepted)" : printable(b, off, Math.min(len, 48));
            if (awaitingStartTls && (c == 'S' || c == 'N')) {
                awaitingStartTls = false;
                refusalCode = c == 'N' ? "N" : null;
            }
            return;
        }
        if (current == Framing.BER) {
            serverReply = ldapResult(b, off, len);
            int code = ldapResultCode(b, off, len);
            if (awaitingStartTls && code >= 0) {
                awaitingStartTls = false;
                refusalCode = code == 0 ? null : Integer.toString(code);
            }
            return;
        }
        if ("MySQL".equals(serverBanner)) {
            if (serverReply == null) {
                serverReply = mysqlGreeting(b, off, len);
            }
            return;
        }
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            if (c == '\n' || (current == Framing.XML && c == '>')) {
                if (c == '>') {
                    append(serverText, c);
                }
                String line = serverText.toString().trim();
                serverText.setLength(0);
                if (!line.isEmpty()) {
                    serverLine(line);
                }
            } else if (c != '\r') {
                append(serverText, c);
            }
        }
    }

    /** What was seen so far (call when TLS started, or when the connection ended without it). */
    public Preamble result() {
        String p = foundByContent ? "unknown" : protocol != null ? protocol : current == Framing.LINES ? textProtocol()
                : null;
        String name = proxy == null ? p : p == null ? proxy : proxy + ", " + p;
        return new Preamble(name == null ? "unknown" : name, frames, clientBytes, clientCommand, serverReply,
                statusCode, target, proxiedSource, proxiedDestination, tlsStarted, refusalCode,
                continuedWithoutTlsFrame);
    }

    /**
     * TLS starts at the beginning of the client's next bytes (found by the caller). When the bytes before fit no
     * known preamble, they are a preamble of protocol "unknown".
     */
    public void tlsStarts() {
        if (stopped) {
            foundByContent = true;
            clientBytes = streamBytes;
            stopped = false;
        }
        tlsStarted = true;
        scanner = null;
    }

    /** Whether the server's last answer refused a tunnel (an HTTP status of 300 or more, a SOCKS refusal) or STARTTLS. */
    public boolean refused() {
        return refusalCode != null || statusCode >= 300;
    }

    /**
     * Whether the search is over without TLS: the client's bytes fit no known preamble and the search by content
     * gave up (the client's first 16 KiB, or 16 KiB of the server's answers, held no ClientHello).
     */
    public boolean gaveUp() {
        return stopped && scanner == null && !tlsStarted;
    }

    /** Whether a preamble was recognized and TLS has not started yet. */
    public boolean active() {
        return !stopped && !tlsStarted;
    }

    // ------------------------------------------------------------------ client messages

    /** Recognizes a client message's protocol from its first bytes; NONE when unknown. */
    private Framing detect(byte[] b, int i, int end) {
        int n = end - i;
        if (proxy == null && messages == 0 && startsWith(b, i, end, PROXY_V2_SIGNATURE)) {
            return Framing.PROXY_V2;
        }
        if (proxy == null && messages == 0 && startsWithText(b, i, end, "PROXY ")) {
            return Framing.PROXY_V1;
        }
        if (startsWithText(b, i, end, "CONNECT ")) {
            protocol = "HTTP CONNECT";
            return Framing.HTTP;
        }
        if (n >= 8 && b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 0 && b[i + 3] == 8 && b[i + 4] == 0x04
                && (b[i + 5] & 0xff) == 0xd2 && b[i + 6] == 0x16 && (b[i + 7] == 0x2f || b[i + 7] == 0x30)) {
            return Framing.POSTGRES;
        }
        if (serverBanner == null && Socks.detect(b, i, end) != 0) {
            socksVersion = Socks.detect(b, i, end);
            protocol = socksVersion == Socks.V5 ? "SOCKS5" : "SOCKS4";
            return Framing.SOCKS;
        }
        if (RdpNegotiation.isConnectionRequest(b, i, end)) {
            protocol = "RDP";
            return Framing.TPKT;
        }
        if ((b[i] & 0xff) == 0x30 && n >= 5 && berLooksLikeLdap(b, i, end)) {
            return Framing.BER;
        }
        if (n >= 4 && ("MySQL".equals(serverBanner) || (b[i + 3] == 1 && n >= 36 && mysqlSsl(b, i + 4)))) {
            return Framing.MYSQL;
        }
        if (startsWithText(b, i, end, "<?xml") || startsWithText(b, i, end, "<stream")) {
            return Framing.XML;
        }
        if (serverBanner != null ? isTextStart(b[i]) : isStartTlsFamilyCommand(b, i, end)) {
            return Framing.LINES;
        }
        return Framing.NONE;
    }

    private static final int MAX_PENDING = 64;

    /** Whether these first bytes (too few to tell) may be the beginning of a preamble we know. */
    private static boolean mayBeginAPreamble(byte[] b, int i, int end) {
        int n = end - i;
        if (isPrefix(b, i, n, PROXY_V2_SIGNATURE) || isPrefix(b, i, n, new byte[] {0, 0, 0, 8, 4, (byte) 0xd2, 0x16})) {
            return true;
        }
        for (int k = i; k < end; k++) {
            int c = b[k] & 0xff;
            if (c == '\n' || c < 0x20 && c != '\r' || c >= 0x7f) {
                return false; // a complete line or binary bytes: detect() has seen all it needs
            }
        }
        return true; // a text line not yet complete
    }

    private static boolean isPrefix(byte[] b, int i, int n, byte[] signature) {
        if (n >= signature.length) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != signature[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Without a server banner, a text dialogue is taken for a STARTTLS preamble only when its first line is a
     * command of those protocols (so that plain HTTP and other text protocols are not read as one).
     */
    private static boolean isStartTlsFamilyCommand(byte[] b, int i, int end) {
        int n = Math.min(end - i, 64);
        String head = new String(b, i, n, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        int eol = head.indexOf('\n');
        String line = (eol >= 0 ? head.substring(0, eol) : head).trim();
        String[] w = line.split(" +");
        if (w.length == 0) {
            return false;
        }
        switch (w[0]) {
            case "EHLO", "HELO", "LHLO", "STARTTLS", "STLS", "CAPA", "AUTH", "FEAT", "CAP", "NICK":
                return true;
            default:
                return w.length >= 2 && (w[1].equals("STARTTLS") || w[1].equals("CAPABILITY"));
        }
    }

    private void startMessage(Framing f) {
        framing = f;
        inMessage = true;
        msgLength = 0;
        msgNeed = -1;
        text.setLength(0);
        httpFirstLine = true;
    }

    /** Reads bytes of the current message; returns the index after them. Sets framing NONE when it ends. */
    private int consume(byte[] b, int i, int end) {
        switch (framing) {
            case PROXY_V1, LINES, HTTP:
                for (; i < end; i++) {
                    int c = b[i] & 0xff;
                    if (c == '\n') {
                        String line = text.toString();
                        text.setLength(0);
                        if (framing == Framing.HTTP) {
                            if (!line.isEmpty()) {
                                if (httpFirstLine) {
                                    requestLine(line);
                                    httpFirstLine = false;
                                }
                                continue;
                            }
                            if (httpFirstLine) {
                                continue; // blank lines before a request line are ignored (RFC 9112 section 2.2)
                            }
                            endMessage();
                            return i + 1;
                        }
                        if (framing == Framing.PROXY_V1) {
                            proxyV1(line);
                            endMessage();
                            return i + 1;
                        }
                        clientLine(line);
                        endMessage();
                        return i + 1;
                    } else if (c != '\r') {
                        append(text, c);
                    }
                }
                return i;
            case XML:
                for (; i < end; i++) {
                    int c = b[i] & 0xff;
                    append(text, c);
                    if (c == '>') {
                        String tag = text.toString().trim();
                        text.setLength(0);
                        if (!tag.isEmpty()) {
                            clientCommand = tag;
                        }
                        if (tag.contains("starttls")) {
                            protocol = "XMPP STARTTLS";
                            startTlsRequested();
                        }
                        endMessage();
                        return i + 1;
                    }
                }
                return i;
            case SOCKS:
                return consumeSocks(b, i, end);
            default:
                return consumeBinary(b, i, end);
        }
    }

    /** A text command of the client: kept as its last command (after a refused STARTTLS, only a new request). */
    private void clientLine(String line) {
        if (line.isBlank()) {
            return;
        }
        boolean request = StartTlsReplies.isRequest(line);
        if (refusalCode == null || request) {
            clientCommand = line.trim();
        } else if (!StartTlsReplies.isQuit(line)) {
            continuedInClear();
        }
        if (request) {
            startTlsRequested();
        }
    }

    /** The client sent a message of the clear protocol after the server refused STARTTLS. */
    private void continuedInClear() {
        if (continuedWithoutTlsFrame == 0 && refusalCode != null && socksVersion == 0) {
            continuedWithoutTlsFrame = clientFrame;
        }
    }

    private void startTlsRequested() {
        awaitingStartTls = true;
        refusalCode = null;
    }

    /** Reads a SOCKS message, whose length its own fields give ({@link Socks#clientMessageLength}). */
    private int consumeSocks(byte[] b, int i, int end) {
        while (i < end) {
            int need = Socks.clientMessageLength(socksVersion, socksMessages, msg, Math.min(msgLength, msg.length));
            if (need < 0) {
                stopped = true;
                return end;
            }
            int k = need == 0 ? 1 : Math.min(need - msgLength, end - i);
            keep(b, i, k);
            i += k;
            if (msgLength >= MAX_MESSAGE_BUFFER) {
                stopped = true;
                return end;
            }
            need = Socks.clientMessageLength(socksVersion, socksMessages, msg, msgLength);
            if (need > 0 && msgLength == need) {
                clientCommand = Socks.describeClientMessage(socksVersion, socksMessages, msg, msgLength);
                if (Socks.isRequest(socksVersion, socksMessages, msg)) {
                    target = Socks.target(socksVersion, msg, msgLength);
                    if (clientCommand.startsWith("SOCKS4a")) {
                        protocol = "SOCKS4a";
                    }
                }
                socksMessages++;
                endMessage();
                return i;
            }
        }
        return i;
    }

    /** The server's bytes of a SOCKS or RDP dialogue, read from the start of its side. */
    private void binaryAnswer(byte[] b, int off, int len) {
        if (serverBuffer == null) {
            serverBuffer = new byte[64];
        }
        int k = Math.min(len, MAX_SERVER_BUFFER - serverBuffered);
        if (k <= 0) {
            return;
        }
        if (serverBuffered + k > serverBuffer.length) {
            serverBuffer = java.util.Arrays.copyOf(serverBuffer, Math.min(MAX_SERVER_BUFFER,
                    Math.max(serverBuffered + k, serverBuffer.length * 2)));
        }
        System.arraycopy(b, off, serverBuffer, serverBuffered, k);
        serverBuffered += k;
        if (current == Framing.SOCKS) {
            Socks.Answer a = Socks.serverAnswer(socksVersion, serverBuffer, serverBuffered);
            if (a != null) {
                serverReply = a.reply();
                refusalCode = a.code();
            }
        } else {
            String confirm = RdpNegotiation.describeConfirm(serverBuffer, serverBuffered);
            if (confirm != null) {
                serverReply = confirm;
            }
        }
    }

    private int consumeBinary(byte[] b, int i, int end) {
        while (i < end) {
            if (msgNeed < 0) {
                // a header's length may depend on its first bytes (BER's long form)
                for (int header = headerLength(); msgLength < header; header = headerLength()) {
                    int k = Math.min(header - msgLength, end - i);
                    keep(b, i, k);
                    i += k;
                    if (msgLength < header) {
                        return i;
                    }
                }
                msgNeed = totalLength();
                if (msgNeed < msgLength) {
                    stopped = true;
                    return end;
                }
            }
            long left = msgNeed - msgLength;
            int k = (int) Math.min(left, end - i);
            keep(b, i, k);
            i += k;
            if (msgLength == msgNeed) {
                finishBinary();
                endMessage();
                return i;
            }
        }
        return i;
    }

    /** Bytes needed to know a binary message's length. */
    private int headerLength() {
        switch (framing) {
            case PROXY_V2:
                return 16;
            case POSTGRES:
            case MYSQL:
            case TPKT:
                return 4;
            case BER:
                if (msgLength < 2) {
                    return 2;
                }
                int l = msg[1] & 0xff;
                return l < 0x80 ? 2 : 2 + (l & 0x7f);
            default:
                return 1;
        }
    }

    /** A binary message's total length from its header. */
    private long totalLength() {
        switch (framing) {
            case PROXY_V2:
                return 16 + (((msg[14] & 0xff) << 8) | (msg[15] & 0xff));
            case POSTGRES:
                return ((long) (msg[0] & 0xff) << 24) | ((msg[1] & 0xff) << 16) | ((msg[2] & 0xff) << 8)
                        | (msg[3] & 0xff);
            case MYSQL:
                return 4 + ((msg[0] & 0xff) | ((msg[1] & 0xff) << 8) | ((msg[2] & 0xff) << 16));
            case TPKT:
                return RdpNegotiation.tpktLength(msg, 0);
            case BER: {
                int l = msg[1] & 0xff;
                if (l < 0x80) {
                    return 2 + l;
                }
                int k = l & 0x7f;
                if (k == 0 || k > 3) {
                    return -1;
                }
                long v = 0;
                for (int j = 0; j < k; j++) {
                    v = (v << 8) | (msg[2 + j] & 0xff);
                }
                return 2 + k + v;
            }
            default:
                return -1;
        }
    }

    private void finishBinary() {
        int n = Math.min(msgLength, msg.length);
        switch (framing) {
            case PROXY_V2 -> proxyV2(n);
            case TPKT -> clientCommand = RdpNegotiation.describeRequest(msg, n);
            case POSTGRES -> {
                int code = n >= 8 ? ((msg[4] & 0xff) << 24) | ((msg[5] & 0xff) << 16) | ((msg[6] & 0xff) << 8)
                        | (msg[7] & 0xff) : 0;
                if (code == 80877103) {
                    clientCommand = "SSLRequest";
                    protocol = "PostgreSQL SSLRequest";
                    startTlsRequested();
                } else if (code == 80877104) {
                    clientCommand = "GSSENCRequest";
                    if (protocol == null) {
                        protocol = "PostgreSQL GSSENCRequest";
                    }
                } else {
                    clientCommand = "startup message (protocol " + (code >>> 16) + "." + (code & 0xffff) + ")";
                    continuedInClear();
                }
            }
            case MYSQL -> {
                if (n >= 8 && mysqlSsl(msg, 4)) {
                    clientCommand = "SSLRequest packet (capability CLIENT_SSL)";
                    protocol = "MySQL SSL request";
                } else {
                    clientCommand = "packet " + (msg[3] & 0xff) + " of " + (msgLength - 4) + " bytes";
                }
            }
            case BER -> {
                String s = new String(msg, 0, n, StandardCharsets.ISO_8859_1);
                if (s.contains(LDAP_STARTTLS_OID)) {
                    clientCommand = "ExtendedRequest " + LDAP_STARTTLS_OID + " (StartTLS)";
                    protocol = "LDAP StartTLS";
                    startTlsRequested();
                } else {
                    clientCommand = "LDAPMessage of " + msgLength + " bytes";
                    if (protocol == null) {
                        protocol = "LDAP";
                    }
                }
            }
            default -> {
            }
        }
    }

    private void endMessage() {
        messages++;
        inMessage = false;
    }

    private void keep(byte[] b, int i, int k) {
        if (k <= 0) {
            return;
        }
        int room = MAX_MESSAGE_BUFFER - Math.min(msgLength, MAX_MESSAGE_BUFFER);
        int c = Math.min(room, k);
        if (c > 0) {
            if (msgLength + c > msg.length) {
                msg = java.util.Arrays.copyOf(msg, Math.min(MAX_MESSAGE_BUFFER, Math.max(msgLength + c, msg.length * 2)));
            }
            System.arraycopy(b, i, msg, msgLength, c);
        }
        msgLength += k;
    }

    private void requestLine(String line) {
        clientCommand = line.trim();
        String[] f = clientCommand.split(" ");
        if (f.length >= 2 && f[0].equals("CONNECT")) {
            target = f[1];
        }
    }

    private void proxyV1(String line) {
        proxy = "PROXY v1";
        clientCommand = line.trim();
        String[] f = clientCommand.split(" ");
        // PROXY TCP4|TCP6 src dst sport dport | PROXY UNKNOWN
        if (f.length == 6 && (f[1].equals("TCP4") || f[1].equals("TCP6"))) {
            try {
                proxiedSource = new Endpoint(f[2], Integer.parseInt(f[4]));
                proxiedDestination = new Endpoint(f[3], Integer.parseInt(f[5]));
            } catch (NumberFormatException e) {
                proxiedSource = null;
                proxiedDestination = null;
            }
        }
    }

    private void proxyV2(int n) {
        proxy = "PROXY v2";
        int verCmd = msg[12] & 0xff;
        int fam = msg[13] & 0xff;
        clientCommand = "PROXY v2 header (" + ((verCmd & 0x0f) == 0 ? "LOCAL" : "PROXY") + ")";
        int at = 16;
        if ((verCmd & 0x0f) == 1 && (fam >> 4) == 1 && n >= 28) {
            proxiedSource = new Endpoint(ipv4(msg, 16), u16(msg, 24));
            proxiedDestination = new Endpoint(ipv4(msg, 20), u16(msg, 26));
            at = 28;
        } else if ((verCmd & 0x0f) == 1 && (fam >> 4) == 2 && n >= 52) {
            proxiedSource = new Endpoint(ipv6(msg, 16), u16(msg, 48));
            proxiedDestination = new Endpoint(ipv6(msg, 32), u16(msg, 50));
            at = 52;
        } else if ((fam >> 4) == 3) {
            at = 16 + 216;
        }
        // TLVs: type(1) length(2) value; PP2_TYPE_AUTHORITY (0x02) is the host name the client asked for
        while (at + 3 <= n) {
            int type = msg[at] & 0xff;
            int len = u16(msg, at + 1);
            if (at + 3 + len > n) {
                break;
            }
            if (type == 0x02 && len > 0) {
                target = printable(msg, at + 3, len);
            }
            at += 3 + len;
        }
    }

    // ------------------------------------------------------------------ server side

    private void serverLine(String line) {
        if (current == Framing.HTTP && !line.startsWith("HTTP/")) {
            return; // the status line is the answer; headers are not kept
        }
        if (awaitingStartTls && clientCommand != null) {
            String verdict = current == Framing.XML ? StartTlsReplies.judgeXml(line)
                    : StartTlsReplies.judgeLine(clientCommand, line);
            if (verdict != null) {
                awaitingStartTls = false;
                refusalCode = verdict.isEmpty() ? null : verdict;
            }
        } else if (refusalCode != null) {
            return; // the refusal stays the server's answer
        }
        serverReply = printableText(line);
        if (line.startsWith("HTTP/") && line.length() >= 12) {
            try {
                statusCode = Integer.parseInt(line.substring(9, 12));
            } catch (NumberFormatException e) {
                statusCode = -1;
            }
        }
    }

    /** The protocol of a text dialogue, from the client's last command and the server's banner. */
    private String textProtocol() {
        String cmd = clientCommand == null ? "" : clientCommand.toUpperCase(Locale.ROOT);
        if (cmd.equals("STLS")) {
            return "POP3 STLS";
        }
        if (cmd.startsWith("AUTH TLS") || cmd.startsWith("AUTH SSL")) {
            return "FTP AUTH TLS";
        }
        if (cmd.endsWith(" STARTTLS") && !cmd.contains(":")) {
            return "IMAP STARTTLS";
        }
        if (cmd.equals("STARTTLS")) {
            if (serverBanner == null && serverReply != null && serverReply.startsWith(":")) {
                return "IRC STARTTLS"; // IRCv3 tls extension: the server's answer is ":server 670 ..."
            }
            if (serverBanner == null || serverBanner.startsWith("SMTP")) {
                return "SMTP STARTTLS";
            }
            return serverBanner + " STARTTLS";
        }
        return (serverBanner == null ? "text protocol" : serverBanner) + " " + (cmd.isEmpty() ? "dialogue" : "STARTTLS");
    }

    private static String ldapResult(byte[] b, int off, int len) {
        // LDAPMessage ::= SEQUENCE { messageID, protocolOp ExtendedResponse [APPLICATION 24] { resultCode ENUMERATED ...
        int code = ldapResultCode(b, off, len);
        return code < 0 ? "LDAP answer of " + len + " bytes"
                : "ExtendedResponse resultCode " + code + (code == 0 ? " (success)" : "");
    }

    /** The resultCode of an LDAP ExtendedResponse in the bytes, or -1 when there is none. */
    private static int ldapResultCode(byte[] b, int off, int len) {
        for (int i = off; i + 4 < off + len; i++) {
            if ((b[i] & 0xff) == 0x78) {
                int j = i + 2;
                if (((b[i + 1] & 0xff) & 0x80) != 0) {
                    j += (b[i + 1] & 0x7f);
                }
                if (j + 2 < off + len && b[j] == 0x0a && b[j + 1] == 1) {
                    return b[j + 2] & 0xff;
                }
            }
        }
        return -1;
    }

    private static String mysqlGreeting(byte[] b, int off, int len) {
        int i = off + 5;
        StringBuilder v = new StringBuilder();
        while (i < off + len && b[i] != 0 && v.length() < 64) {
            v.append((char) (b[i] & 0xff));
            i++;
        }
        return "greeting, server version " + printableText(v.toString());
    }

    // ------------------------------------------------------------------ helpers

    private static boolean isTlsStart(byte[] b, int i, int end) {
        int n = end - i;
        if ((b[i] & 0xff) == 22) {
            if (n == 1) {
                return true;
            }
            if (b[i + 1] != 3) {
                return false;
            }
            return n < 6 || ((b[i + 2] & 0xff) <= 4 && b[i + 5] == 1);
        }
        return SslV2.looksLikeClientHello(b, i, n);
    }

    private static boolean isTextStart(byte x) {
        int c = x & 0xff;
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '*'
                || c == ':' || c == '\r' || c == '\n';
    }

    private boolean berLooksLikeLdap(byte[] b, int i, int end) {
        // SEQUENCE, length, then messageID INTEGER (0x02)
        int l = b[i + 1] & 0xff;
        int at = i + 2 + (l < 0x80 ? 0 : (l & 0x7f));
        return (l < 0x80 || (l & 0x7f) <= 3) && at < end && b[at] == 0x02;
    }

    private static boolean mysqlSsl(byte[] b, int at) {
        // Protocol::SSLRequest: capability flags (4 bytes little-endian) with CLIENT_SSL (0x00000800)
        return (b[at + 1] & 0x08) != 0;
    }

    private static boolean startsWith(byte[] b, int i, int end, byte[] prefix) {
        if (end - i < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[i + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithText(byte[] b, int i, int end, String prefix) {
        if (end - i < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (b[i + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static void append(StringBuilder sb, int c) {
        if (sb.length() < MAX_TEXT) {
            sb.append((char) c);
        }
    }

    /** Big-endian 16-bit value at {@code i}. */
    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    /** Dotted-quad text of the 4 bytes at {@code i}. */
    static String ipv4(byte[] b, int i) {
        return (b[i] & 0xff) + "." + (b[i + 1] & 0xff) + "." + (b[i + 2] & 0xff) + "." + (b[i + 3] & 0xff);
    }

    /** RFC 5952 text of the 16 bytes at {@code i}. */
    static String ipv6(byte[] b, int i) {
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 8; k++) {
            hi = (hi << 8) | (b[i + k] & 0xff);
            lo = (lo << 8) | (b[i + 8 + k] & 0xff);
        }
        return IpAddresses.format(hi, lo, true);
    }

    private static String printableText(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return printable(b, 0, b.length);
    }

    /** Printable ASCII kept, other bytes as \xNN. */
    private static String printable(byte[] b, int off, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n && sb.length() < MAX_TEXT; i++) {
            int c = b[off + i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                // \xNN without a Formatter: on a capture that starts mid-connection, every server line of
                // encrypted data comes through here
                sb.append('\\').append('x').append(Character.forDigit(c >> 4, 16))
                        .append(Character.forDigit(c & 0xf, 16));
            }
        }
        return sb.toString();
    }
}
