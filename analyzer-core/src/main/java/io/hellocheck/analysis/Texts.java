package io.hellocheck.analysis;

import io.hellocheck.tcp.Side;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.TlsNames;
import java.util.List;

/** Plain-words renderings of facts for evidence lines and outcome reasons. */
final class Texts {
    private Texts() {
    }

    static String seconds(long nanos) {
        return threeDecimals(nanos, 1_000_000_000L) + " s";
    }

    static String millis(long nanos) {
        return threeDecimals(nanos, 1_000_000L) + " ms";
    }

    /**
     * The sentence an outcome reason ends with when TCP sent the ClientHello again before the server took it:
     * {@code copies} in all, the last in {@code lastFrame}; {@code reactionNanos} from that copy to the server's
     * reaction, or null.
     */
    static String helloResent(int copies, long lastFrame, Long reactionNanos) {
        return "The client sent the ClientHello " + copies + " times (TCP retransmissions; the last is frame "
                + lastFrame + ")" + (reactionNanos == null ? "."
                : ", and the server reacted " + millis(reactionNanos) + " after that last copy.");
    }

    /** {@code value / unit} with three decimals, rounded half up, without a Formatter (hot in evidence text). */
    static String threeDecimals(long value, long unit) {
        long thousandths = Math.round(value / (unit / 1000.0));
        boolean negative = thousandths < 0;
        long a = Math.abs(thousandths);
        long frac = a % 1000;
        return (negative ? "-" : "") + (a / 1000) + "." + (frac < 100 ? (frac < 10 ? "00" : "0") : "") + frac;
    }

    /**
     * How the evidence names a ClientHello the server sent after the client's: both sides act as the (D)TLS client
     * (outcome {@code NON_TLS_RESPONSE}, cause {@code role_conflict}); {@link Diagnoser} finds the line by it.
     */
    static final String SERVER_CLIENT_HELLO = "ClientHello from the server";

    /**
     * How the evidence names a TLS 1.3 server's next record after the client's flight when the client had already
     * closed after a lone record of alert size: of alert size, the server returned a close_notify (RFC 8446 section
     * 6.1), which it never does for a fatal alert; larger, its session tickets or response, so it accepted the
     * client's Finished. {@link AfterServerHello} finds the line by it.
     */
    static final String SERVER_NEXT_RECORD = "server's next record after the client's flight";

    /*
     * The words of evidence lines that diagnoses look lines up by: written here once, for the code that makes a line
     * and the code that finds it, so that rewording one cannot silently lose the other.
     */
    /** TCP's events as Wireshark names them, also {@code closed_by.how}: "SYN", "SYN-ACK", "FIN", "RST". */
    static final String SYN = "SYN";
    static final String SYN_ACK = "SYN-ACK";
    static final String FIN = "FIN";
    static final String RST = "RST";
    static final String CHANGE_CIPHER_SPEC = "ChangeCipherSpec";
    static final String FIRST_ENCRYPTED_RECORD = "first encrypted record";
    /**
     * How a line says a TLS 1.3 record of an alert's size was seen: 2 bytes of alert, the content type and the AEAD's
     * tag (RFC 8446 section 5.2), or that with the padding its sender adds to every record (section 5.4).
     */
    static final String ALERT_SIZED = "has the size of an alert";

    /** "{@code what} from client" or "... from server": how an evidence line names who sent something. */
    static String from(String what, Side side) {
        return what + " from " + side.label();
    }

    /** The {@code server_preamble} protocol of a server whose first bytes carry a ClientHello. */
    static final String TLS_CLIENT_HELLO = "TLS ClientHello";

    /**
     * The evidence line of a ClientHello the server sent: {@link #SERVER_CLIENT_HELLO} and what it means.
     *
     * @param protocol "TLS" or "DTLS"
     */
    static String serverClientHello(String protocol) {
        return SERVER_CLIENT_HELLO + " instead of a ServerHello: it acts as a " + protocol + " client too";
    }

    /**
     * The outcome reason of a server that answered the client's ClientHello with a ClientHello of its own.
     *
     * @param protocol "TLS" or "DTLS"
     * @param frame    the frame carrying the server's ClientHello (its first byte)
     */
    static String roleConflict(String protocol, long frame) {
        return "The server answered the ClientHello with a ClientHello of its own (frame " + frame + ") instead of a "
                + "ServerHello: both sides act as the " + protocol + " client.";
    }

    /** How {@link HandshakeAnalyzer} starts the reason of a server that did not ACK the ClientHello. */
    static final String NOT_EVEN_AN_ACK = "The server sent nothing, not even an ACK of the ClientHello,";

    /**
     * {@code r}, its outcome reason made consistent with its TCP facts: a server that acknowledged some of the
     * ClientHello's segments did not "send nothing, not even an ACK".
     */
    static ConnectionRecord consistentReason(ConnectionRecord r) {
        TcpFacts t = r.tcp();
        String reason = r.outcomeReason();
        if (t == null || reason == null || !reason.startsWith(NOT_EVEN_AN_ACK)
                || !"partial".equals(t.clientHelloAcked())) {
            return r;
        }
        List<Long> acked = t.clientHelloAckedFrames();
        List<Long> unacked = t.clientHelloUnackedFrames();
        return r.withOutcomeReason("The server acknowledged only part of the ClientHello (frame"
                + (acked.size() == 1 ? " " : "s ") + join(acked) + ", not frame" + (unacked.size() == 1 ? " " : "s ")
                + join(unacked) + ") and sent nothing else," + reason.substring(NOT_EVEN_AN_ACK.length()));
    }

    private static String join(List<Long> frames) {
        StringBuilder sb = new StringBuilder();
        for (long f : frames) {
            sb.append(sb.length() == 0 ? "" : ", ").append(f);
        }
        return sb.toString();
    }

    static String clientHello(HelloInfo info) {
        return clientHello(info, "segments");
    }

    /** As {@link #clientHello(HelloInfo)}, the frames it spans named {@code pieces} ("datagrams" over UDP). */
    static String clientHello(HelloInfo info, String pieces) {
        StringBuilder sb = new StringBuilder("ClientHello, ").append(info.lengthBytes()).append(" bytes");
        if (info.frames().size() > 1) {
            sb.append(" in ").append(info.frames().size()).append(' ').append(pieces);
        }
        ClientHello h = info.hello();
        if (h == null) {
            return sb.append(", undecodable: ").append(info.decodeError()).toString();
        }
        sb.append(", up to ").append(TlsNames.version(maxVersion(h)));
        int suites = countNonGrease(h);
        sb.append(", ").append(suites).append(suites == 1 ? " cipher suite" : " cipher suites");
        if (h.serverName() != null) {
            sb.append(", SNI ").append(h.serverName());
        } else {
            sb.append(", no SNI");
        }
        return sb.toString();
    }

    /** The highest version offered: from supported_versions when present, else legacy_version. */
    static int maxVersion(ClientHello h) {
        int max = -1;
        for (int v : h.supportedVersions()) {
            if (!TlsNames.isGrease(v) && rank(v) > rank(max)) {
                max = v;
            }
        }
        return max >= 0 ? max : h.legacyVersion();
    }

    private static int rank(int v) {
        if (v < 0) {
            return -1;
        }
        if ((v >> 8) == 0x7f) {
            return 0x0304 * 256 + (v & 0xff);
        }
        return v * 256 + 255;
    }

    private static int countNonGrease(ClientHello h) {
        int n = 0;
        for (int c : h.cipherSuites()) {
            if (!TlsNames.isGrease(c)) {
                n++;
            }
        }
        return n;
    }

    static String alert(AlertInfo a) {
        if (a.likely()) {
            return "likely encrypted " + from("alert", a.from());
        }
        if (a.encrypted()) {
            return "encrypted " + from("alert", a.from());
        }
        return from("alert", a.from()) + ": " + level(a.level()) + " " + TlsNames.alert(a.description())
                + " (" + a.description() + ")";
    }

    static String alertPhrase(AlertInfo a) {
        if (a.likely()) {
            return "a likely encrypted alert";
        }
        if (a.encrypted()) {
            return "an encrypted alert";
        }
        return "a " + level(a.level()) + " " + TlsNames.alert(a.description()) + " alert (" + a.description() + ")";
    }

    /** How a side ended a connection: "reset (RST)" or "closed (FIN)". */
    static String closed(boolean rst) {
        return rst ? "reset (RST)" : "closed (FIN)";
    }

    /** "1 datagram", "3 datagrams": {@code n} and the noun, with an "s" unless {@code n} is 1. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String level(int level) {
        return switch (level) {
            case 1 -> "warning";
            case 2 -> "fatal";
            default -> "level-" + level;
        };
    }
}
