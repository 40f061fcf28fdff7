package io.hellocheck.tls;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Names the protocol a server speaks from the first bytes it sends that are not TLS: a banner it sends
 * before the client speaks (SMTP, FTP, POP3, IMAP, NNTP, SSH, MySQL, ...) or an answer in another protocol
 * (HTTP, HTML). Used for STARTTLS dialogues and for non-TLS answers alike, so both name a protocol the same way.
 */
public final class ServerBanners {
    private ServerBanners() {
    }

    /**
     * The protocol of {@code len} bytes at {@code off}: {@code "HTTP"}, {@code "SSH"}, {@code "MySQL"} (a
     * protocol-10 greeting), {@code "FTP"}, {@code "SMTP"}, {@code "SMTP or FTP"} (a 220 greeting naming
     * neither), {@code "POP3"}, {@code "IMAP"}, {@code "NNTP"}, {@code "XMPP"}, {@code "VNC"}, {@code "IRC"},
     * {@code "HTML"}; null when none matches.
     */
    public static String protocol(byte[] b, int off, int len) {
        if (len >= 5 && b[off + 3] == 0 && b[off + 4] == 10 && (b[off] & 0xff) + ((b[off + 1] & 0xff) << 8) < 4096
                && b[off + 2] == 0) {
            return "MySQL";
        }
        String head = new String(b, off, Math.min(len, 256), StandardCharsets.ISO_8859_1);
        if (head.startsWith("HTTP/")) {
            return "HTTP";
        }
        if (head.startsWith("SSH-")) {
            return "SSH";
        }
        if (head.startsWith("220")) {
            String upper = head.toUpperCase(Locale.ROOT);
            if (upper.contains("FTP")) {
                return "FTP";
            }
            return upper.contains("SMTP") || upper.contains("MAIL") ? "SMTP" : "SMTP or FTP";
        }
        if (head.startsWith("+OK")) {
            return "POP3";
        }
        if (head.startsWith("* OK") || head.startsWith("* PREAUTH")) {
            return "IMAP";
        }
        if (head.startsWith("200 ") || head.startsWith("201 ")) {
            return "NNTP";
        }
        if (head.startsWith("<?xml") || head.startsWith("<stream")) {
            return "XMPP";
        }
        if (head.startsWith("RFB ")) {
            return "VNC";
        }
        if (head.startsWith(":")) {
            return "IRC";
        }
        if (head.startsWith("<")) {
            return "HTML";
        }
        return null;
    }
}
