package io.hellocheck.analysis;

import io.hellocheck.tcp.TcpConnection;
import io.hellocheck.tls.ClientHelloScanner;
import io.hellocheck.tls.Preamble;
import io.hellocheck.tls.PreambleDetector;

/**
 * The plain-text protocols of a connection before its TLS starts, as its {@link HandshakeAnalyzer} meets them: the
 * client's preamble, read by {@link PreambleDetector} until it says where TLS starts (a PROXY protocol header, v1 or v2
 * of HAProxy's specification; HTTP CONNECT, RFC 9110 section 9.3.6; SOCKS 4 and 5, RFC 1928; STARTTLS of SMTP, RFC
 * 3207, IMAP, RFC 3501 section 6.2.1, POP3, RFC 2595 section 4, FTP, RFC 4217 section 4, and the others it knows; or
 * an unknown preamble before a ClientHello found by its content), what the server sent before any ClientHello (a
 * banner, a proxy's reply, a ClientHello of its own), and the server's refusal of the preamble, which decides the
 * handshake when no ClientHello follows ({@link PreambleRefusal}). One per connection; it adds its evidence and
 * decides through the analyzer.
 */
final class PreambleDialogue {
    /** What {@link #client} returns when the client's bytes go to the TLS decoder as they are. */
    static final int AS_IS = -4;

    private final HandshakeAnalyzer analyzer;
    private final TcpConnection conn;
    /** The client's preamble; null when none was needed. */
    private PreambleDetector detector;
    /** Whether the client's preamble is over: TLS started, or its bytes are no preamble. */
    private boolean over;
    /** Frame and time of the server's refusal of the preamble (a proxy's error status, a STARTTLS refusal). */
    private long refusalFrame;
    private long refusalNanos;
    /** What the server sent before any ClientHello, or null. */
    private ServerPreamble serverPreamble;

    PreambleDialogue(HandshakeAnalyzer analyzer, TcpConnection conn) {
        this.analyzer = analyzer;
        this.conn = conn;
    }

    /** Whether neither side sent anything before TLS yet. */
    boolean none() {
        return detector == null && serverPreamble == null;
    }

    /** Whether the client's preamble is over (or was never there): its bytes are TLS from here on. */
    boolean over() {
        return over;
    }

    /** What the server sent before any ClientHello, or null. */
    ServerPreamble serverPreamble() {
        return serverPreamble;
    }

    /** The client's preamble, or null when none was needed. */
    Preamble result() {
        return detector == null ? null : detector.result();
    }

    /**
     * The client's bytes before its ClientHello, {@code helloStarted} when they start it. Returns where TLS starts in
     * {@code buf} when the preamble ended inside them, {@link PreambleDetector#MORE} when they are all preamble,
     * {@link PreambleDetector#HELD} when a ClientHello was found by its content after an unknown preamble (to be
     * replayed, {@link #replayHello}), or {@link #AS_IS}: TLS from the first byte, or bytes no preamble explains.
     */
    int client(byte[] buf, int off, int len, long frame, long timeNanos, boolean helloStarted) {
        if (helloStarted || (detector == null && looksLikeTlsStart(buf, off, len))) {
            over = true;
            if (detector != null) {
                detector.tlsStarts();
                ended(frame, timeNanos);
            }
            return AS_IS;
        }
        int at = detector().client(buf, off, len, frame, timeNanos);
        if (at == PreambleDetector.MORE) {
            return at;
        }
        over = true;
        if (at == PreambleDetector.NOT_TLS) {
            if (detector.result().refusalReason() == null) {
                detector = null;
            }
            return AS_IS;
        }
        ended(frame, timeNanos);
        return at;
    }

    /** After {@link PreambleDetector#HELD}: the client's stream from the first byte of its ClientHello. */
    void replayHello(ClientHelloScanner.Sink sink) {
        detector.replayHello(sink);
    }

    /**
     * The server's bytes before the client's ClientHello started; {@code noClientHello} while no ClientHello was read.
     * Returns whether the client's preamble gave up: no preamble it knows, and no ClientHello in the client's first
     * bytes.
     */
    boolean server(byte[] buf, int off, int len, long frame, long timeNanos, boolean noClientHello) {
        if (serverPreamble == null && HandshakeAnalyzer.looksLikeClientHello(buf, off, len)) {
            // the server acts as a TLS client too; before the client's ClientHello it decides nothing
            serverPreamble = new ServerPreamble(Texts.TLS_CLIENT_HELLO, Preambles.describe(buf, off, len).firstBytes());
            analyzer.add(frame, timeNanos, Texts.SERVER_CLIENT_HELLO + " before any from the client: it acts as a TLS "
                    + "client too");
        } else if (serverPreamble == null) {
            serverSent(Preambles.describe(buf, off, len), frame, timeNanos);
        }
        if (over || !noClientHello) {
            return false;
        }
        boolean refusedBefore = detector().refused();
        detector.server(buf, off, len);
        if (!refusedBefore && detector.refused()) {
            refusalFrame = frame;
            refusalNanos = timeNanos;
        }
        return detector.gaveUp();
    }

    /** Bytes that are not TLS from the server before any ClientHello: the first are what it sent before TLS. */
    void serverSent(ServerPreamble p, long frame, long timeNanos) {
        if (serverPreamble == null) {
            serverPreamble = p;
            analyzer.add(frame, timeNanos, "server sent " + p.protocol() + " bytes before any ClientHello: "
                    + p.firstBytes());
        }
    }

    /**
     * A tunnel to a TLS port the proxy refused (CONNECT 407, SOCKS reply 0x05 ...) or a STARTTLS the server refused,
     * and no ClientHello since: decides the handshake ({@link PreambleRefusal}) and returns true; else false.
     */
    boolean decideRefusal() {
        if (detector == null) {
            return false;
        }
        Preamble p = detector.result();
        Outcome o = PreambleRefusal.outcome(p);
        if (o == null) {
            return false;
        }
        analyzer.add(refusalFrame, refusalNanos, "the server refused: " + p.refusalSummary());
        analyzer.decide(o, p.refusalReason());
        return true;
    }

    /** Drops the preambles once the connection's record is written. */
    void release() {
        detector = null;
        serverPreamble = null;
    }

    private void ended(long frame, long timeNanos) {
        Preamble p = detector.result();
        if (p.protocol().startsWith("SOCKS")) {
            conn.socksTunnelGranted();
        }
        analyzer.add(frame, timeNanos, PreambleFindings.startEvidence(p));
    }

    private PreambleDetector detector() {
        if (detector == null) {
            detector = new PreambleDetector();
        }
        return detector;
    }

    /** A TLS record of the handshake type, or an SSL 2.0 record header (its high bit set). */
    private static boolean looksLikeTlsStart(byte[] b, int off, int len) {
        return len > 0 && ((b[off] & 0xff) == 22 || (b[off] & 0x80) != 0);
    }
}
