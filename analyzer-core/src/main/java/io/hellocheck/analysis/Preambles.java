package io.hellocheck.analysis;

import io.hellocheck.tls.ServerBanners;
import io.hellocheck.tls.TlsNames;

/** Describes non-TLS bytes a server sent: their protocol ({@link ServerBanners}) and their first bytes. */
final class Preambles {
    private static final int SAMPLE = 48;

    private Preambles() {
    }

    static ServerPreamble describe(byte[] b, int off, int len) {
        String protocol = ServerBanners.protocol(b, off, len);
        return new ServerPreamble(protocol == null ? "unknown" : protocol, printable(b, off, Math.min(len, SAMPLE)));
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
                sb.append("\\x").append(TlsNames.hex(c, 2), 2, 4);
            }
        }
        return sb.toString();
    }
}
