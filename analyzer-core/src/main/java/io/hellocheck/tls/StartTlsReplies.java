package io.hellocheck.tls;

import java.util.Locale;

/**
 * Whether a server's answer to a client's request to start TLS accepts or refuses it, per protocol: SMTP
 * (RFC 3207 section 4: 220, or 454 TLS not available / 501 / 5xx), FTP (RFC 4217 section 4: 234, or 4xx/5xx),
 * NNTP (RFC 4642: 382, or 580), POP3 (RFC 2595 section 4: +OK or -ERR), IMAP (RFC 9051 section 6.2.1: the
 * tagged OK, or NO/BAD), IRC (IRCv3 tls: 670 RPL_STARTTLS, or 691 ERR_STARTTLS), ManageSieve (RFC 5804: OK or
 * NO/BYE), XMPP (RFC 6120 section 5.4.2: proceed or failure), LDAP (RFC 4511 section 4.14.2: resultCode 0 or
 * another), PostgreSQL (SSLRequest answered S or N).
 */
final class StartTlsReplies {
    /** The server accepted: TLS follows. */
    static final String ACCEPTED = "";

    private StartTlsReplies() {
    }

    /** Whether a client's text line asks to start TLS (STARTTLS, STLS, AUTH TLS, AUTH SSL, "a1 STARTTLS"). */
    static boolean isRequest(String line) {
        String cmd = line.trim().toUpperCase(Locale.ROOT);
        return cmd.equals("STARTTLS") || cmd.equals("STLS") || cmd.startsWith("AUTH TLS") || cmd.startsWith("AUTH SSL")
                || (cmd.endsWith(" STARTTLS") && cmd.indexOf(' ') == cmd.length() - " STARTTLS".length());
    }

    /**
     * Whether a client line ends the session: QUIT (SMTP, RFC 5321 section 4.1.1.10; POP3, RFC 1939 section 6; FTP,
     * RFC 959 section 4.1.1), a tagged LOGOUT (IMAP, RFC 9051 section 6.3.2), the end of an XMPP stream (RFC 6120
     * section 4.4).
     */
    static boolean isQuit(String line) {
        String cmd = line.trim().toUpperCase(Locale.ROOT);
        return cmd.equals("QUIT") || cmd.endsWith(" LOGOUT") || cmd.equals("</STREAM:STREAM>");
    }

    /**
     * Judges a server line answering the text command {@code request}.
     *
     * @return {@link #ACCEPTED}, the refusal's code ("454", "-ERR", "NO", "691"), or null when the line is not the
     *         answer (an untagged IMAP line, an IRC notice, a continuation)
     */
    static String judgeLine(String request, String line) {
        String l = line.trim();
        String upper = l.toUpperCase(Locale.ROOT);
        String cmd = request.trim().toUpperCase(Locale.ROOT);
        if (upper.startsWith("+OK")) {
            return ACCEPTED;
        }
        if (upper.startsWith("-ERR")) {
            return "-ERR";
        }
        if (l.startsWith(":")) {
            // IRC: ":server NNN target :text"
            String[] w = l.split(" +");
            if (w.length >= 2 && isCode(w[1])) {
                return w[1].equals("670") ? ACCEPTED : w[1].charAt(0) >= '4' ? w[1] : null;
            }
            return null;
        }
        if (l.length() >= 3 && isCode(l.substring(0, 3)) && (l.length() == 3 || l.charAt(3) == ' ' || l.charAt(3) == '-')) {
            char c = l.charAt(0);
            return c == '2' || c == '3' ? ACCEPTED : c == '4' || c == '5' ? l.substring(0, 3) : null;
        }
        int sp = cmd.indexOf(' ');
        if (sp > 0 && !cmd.startsWith("AUTH")) {
            // IMAP: the tagged answer "a1 OK ...", "a1 NO ...", "a1 BAD ..."
            String tag = cmd.substring(0, sp);
            String[] w = upper.split(" +");
            if (w.length >= 2 && w[0].equals(tag)) {
                return w[1].equals("OK") ? ACCEPTED : w[1].equals("NO") || w[1].equals("BAD") ? w[1] : null;
            }
            return null;
        }
        // ManageSieve: OK, NO, BYE
        if (upper.startsWith("OK")) {
            return ACCEPTED;
        }
        if (upper.startsWith("NO ") || upper.equals("NO") || upper.startsWith("BYE")) {
            return upper.startsWith("BYE") ? "BYE" : "NO";
        }
        return null;
    }

    /** Judges an XMPP element answering a starttls element: proceed or failure; null for another element. */
    static String judgeXml(String element) {
        if (element.startsWith("<proceed")) {
            return ACCEPTED;
        }
        return element.startsWith("<failure") ? "failure" : null;
    }

    private static boolean isCode(String s) {
        return s.length() == 3 && Character.isDigit(s.charAt(0)) && Character.isDigit(s.charAt(1))
                && Character.isDigit(s.charAt(2));
    }
}
