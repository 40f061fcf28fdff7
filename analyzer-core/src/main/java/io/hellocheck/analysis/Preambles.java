package io.hellocheck.analysis;

import java.nio.charset.StandardCharsets;

/** Names the protocol of non-TLS bytes by their first characters (banners, HTTP answers). */
final class Preambles {
    private static final int SAMPLE = 48;

    private Preambles() {
    }

    static ServerPreamble describe(byte[] b, int off, int len) {
        int n = Math.min(len, SAMPLE);
        String head = new String(b, off, Math.min(len, 256), StandardCharsets.ISO_8859_1);
        return new ServerPreamble(protocol(head), printable(b, off, n));
    }

    static String protocol(String head) {
        if (head.startsWith("HTTP/")) {
            return "HTTP";
        }
        if (head.startsWith("SSH-")) {
            return "SSH";
        }
        if (head.startsWith("220")) {
            String upper = head.toUpperCase(java.util.Locale.ROOT);
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
        if (head.startsWith("<?xml") || head.startsWith("<stream")) {
            return "XMPP";
        }
        if (head.startsWith("RFB ")) {
            return "VNC";
        }
        if (head.startsWith("<") || head.toLowerCase(java.util.Locale.ROOT).startsWith("<!doctype")) {
            return "HTML";
        }
        return "unknown";
    }

    /** Printable ASCII kept, other bytes as \xNN, CR and LF as \r and \n. */
    static String printable(byte[] b, int off, int n) {
        StringBuilder sb = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            int c = b[off + i] & 0xff;
            if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
