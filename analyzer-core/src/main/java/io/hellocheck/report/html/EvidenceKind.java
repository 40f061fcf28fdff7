package io.hellocheck.report.html;

import io.hellocheck.report.html.LadderLayout.Direction;
import java.util.Locale;

/**
 * What an evidence entry shows, read from the first words of its text ("SYN-ACK from server (RTT 0.014 ms)",
 * "ClientHello, 310 bytes, ...", "server ACKed the ClientHello", "alert from server: fatal ..."), and which way
 * it went. The one place where the HTML report reads evidence texts: anything it does not recognize is
 * {@link #OTHER}, drawn as an arrow all the same.
 */
public enum EvidenceKind {
    SYN("syn"),
    SYN_ACK("syn-ack"),
    CLIENT_HELLO("client-hello"),
    /** The server acknowledging the ClientHello's bytes (a TCP ACK). */
    ACK("ack"),
    SERVER_HELLO("server-hello"),
    HELLO_RETRY_REQUEST("hello-retry-request"),
    ALERT("alert"),
    RST("rst"),
    FIN("fin"),
    OTHER("other");

    /** How many of the first words are looked at. */
    private static final int WORDS = 3;

    private final String cssClass;

    EvidenceKind(String cssClass) {
        this.cssClass = cssClass;
    }

    /** The CSS class of its arrows ("syn-ack"). */
    public String cssClass() {
        return cssClass;
    }

    /** The kind of an evidence text: the first of its first three words that names one. */
    public static EvidenceKind of(String what) {
        String[] words = what.strip().split("[\\s,:;(]+", WORDS + 1);
        for (int i = 0; i < Math.min(WORDS, words.length); i++) {
            EvidenceKind k = switch (words[i]) {
                case "SYN" -> SYN;
                case "SYN-ACK" -> SYN_ACK;
                case "ClientHello" -> CLIENT_HELLO;
                case "ACK", "ACKed" -> ACK;
                case "ServerHello" -> SERVER_HELLO;
                case "HelloRetryRequest" -> HELLO_RETRY_REQUEST;
                case "alert" -> ALERT;
                case "RST" -> RST;
                case "FIN" -> FIN;
                default -> null;
            };
            if (k != null) {
                return k;
            }
        }
        return OTHER;
    }

    /**
     * Which way an evidence entry went: the side its text names ("from client", "server ACKed ...", "the server
     * refused ...", "client's ...", a message named after its sender such as "ServerHelloDone"), else the side
     * that sends its kind (a ClientHello from the client, a SYN-ACK from the server), else {@link Direction#NOTE}.
     */
    public static Direction direction(String what) {
        String t = what.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("the ")) {
            t = t.substring("the ".length());
        }
        if (t.contains("from client") || t.startsWith("client")) {
            return Direction.CLIENT_TO_SERVER;
        }
        if (t.contains("from server") || t.startsWith("server")) {
            return Direction.SERVER_TO_CLIENT;
        }
        return switch (of(what)) {
            case SYN, CLIENT_HELLO -> Direction.CLIENT_TO_SERVER;
            case SYN_ACK, ACK, SERVER_HELLO, HELLO_RETRY_REQUEST -> Direction.SERVER_TO_CLIENT;
            default -> Direction.NOTE;
        };
    }

    /** Whether the text speaks of a retransmission ("SYN retransmission from client (attempt 2)"). */
    public static boolean retransmission(String what) {
        return what.toLowerCase(Locale.ROOT).contains("retransmi");
    }

    /** Whether the text speaks of a segment out of order. */
    public static boolean outOfOrder(String what) {
        String t = what.toLowerCase(Locale.ROOT);
        return t.contains("out-of-order") || t.contains("out of order");
    }
}
