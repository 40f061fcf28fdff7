package io.hellocheck.tls;

import java.nio.charset.StandardCharsets;

/**
 * The SOCKS messages a client sends before its tunnel carries TLS, and the proxy's answers: SOCKS 5 (RFC 1928,
 * with the username/password sub-negotiation of RFC 1929) and SOCKS 4 and 4a ("SOCKS: A protocol for TCP proxy
 * across firewalls", Ying-Da Lee, and its 4A extension). Stateless helpers over a message's bytes; used by
 * {@link PreambleDetector}.
 */
final class Socks {
    static final int V4 = 4;
    static final int V5 = 5;
    /** RFC 1928 section 3: X'FF' NO ACCEPTABLE METHODS. */
    private static final int NO_ACCEPTABLE_METHODS = 0xff;
    /** RFC 1928 section 3: X'02' USERNAME/PASSWORD. */
    private static final int USERNAME_PASSWORD = 0x02;
    /** SOCKS 4: CD 90, request granted. */
    private static final int V4_GRANTED = 90;
    /** Longest SOCKS 4 USERID (and 4a host name) read, in bytes. */
    private static final int MAX_V4_STRING = 255;

    private Socks() {
    }

    /**
     * Whether a client's first bytes are a SOCKS 5 greeting (VER 5, NMETHODS 1 to 16, methods each a known code
     * 0x00 to 0x09 or a private one 0x80 to 0xFE) or a SOCKS 4 request (VN 4, CD 1 CONNECT or 2 BIND, then at
     * least the fixed 8 bytes). Returns {@link #V5}, {@link #V4}, or 0.
     */
    static int detect(byte[] b, int i, int end) {
        int n = end - i;
        if (n >= 3 && b[i] == V5) {
            int methods = b[i + 1] & 0xff;
            if (methods < 1 || methods > 16) {
                return 0;
            }
            for (int k = 0; k < methods && i + 2 + k < end; k++) {
                int m = b[i + 2 + k] & 0xff;
                if (!(m <= 0x09 || (m >= 0x80 && m <= 0xfe))) {
                    return 0;
                }
            }
            return V5;
        }
        if (n >= 9 && b[i] == V4 && (b[i + 1] == 1 || b[i + 1] == 2)) {
            return V4;
        }
        return 0;
    }

    /**
     * The length of the client message in {@code m[0, have)}: its total length in bytes once the bytes at hand
     * tell it, 0 when more bytes are needed first, -1 when it is no SOCKS message.
     *
     * @param version {@link #V4} or {@link #V5}
     * @param index   the message's index among the client's SOCKS messages (0 for the greeting or request)
     */
    static int clientMessageLength(int version, int index, byte[] m, int have) {
        if (have < 2) {
            return 0;
        }
        if (version == V4) {
            // VN CD DSTPORT(2) DSTIP(4) USERID NUL, and for 4a (DSTIP 0.0.0.x, x != 0) HOSTNAME NUL
            if (have < 9) {
                return 0;
            }
            int nul = indexOfNul(m, 8, have);
            if (nul < 0) {
                return have - 8 > MAX_V4_STRING ? -1 : 0;
            }
            if (!isV4a(m)) {
                return nul + 1;
            }
            int host = indexOfNul(m, nul + 1, have);
            if (host < 0) {
                return have - nul - 1 > MAX_V4_STRING ? -1 : 0;
            }
            return host + 1;
        }
        int first = m[0] & 0xff;
        if (index == 0) {
            return first == V5 ? 2 + (m[1] & 0xff) : -1; // VER NMETHODS METHODS
        }
        if (first == 1) {
            // RFC 1929: VER ULEN UNAME PLEN PASSWD
            int ulen = m[1] & 0xff;
            if (have < 3 + ulen) {
                return 0;
            }
            return 3 + ulen + (m[2 + ulen] & 0xff);
        }
        if (first == V5) {
            // VER CMD RSV ATYP DST.ADDR DST.PORT
            if (have < 5) {
                return 0;
            }
            return switch (m[3]) {
                case 1 -> 10;
                case 3 -> 7 + (m[4] & 0xff);
                case 4 -> 22;
                default -> -1;
            };
        }
        return -1;
    }

    /** Whether the message is a SOCKS 5 request or a SOCKS 4 request (the one that names the destination). */
    static boolean isRequest(int version, int index, byte[] m) {
        return version == V4 || (index > 0 && m[0] == V5);
    }

    /** The request's command, printable: "SOCKS5 CONNECT", "SOCKS4a CONNECT", "SOCKS5 greeting (methods 0x00 0x02)". */
    static String describeClientMessage(int version, int index, byte[] m, int length) {
        if (version == V4) {
            return (isV4a(m) ? "SOCKS4a " : "SOCKS4 ") + command(m[1] & 0xff);
        }
        if (index == 0) {
            StringBuilder sb = new StringBuilder("SOCKS5 greeting (methods");
            for (int k = 2; k < length; k++) {
                sb.append(' ').append(hex(m[k] & 0xff));
            }
            return sb.append(')').toString();
        }
        if (m[0] == 1) {
            return "SOCKS5 username/password authentication";
        }
        return "SOCKS5 " + command(m[1] & 0xff);
    }

    /** The destination a request names, "host:port" ("[2001:db8::1]:443" for IPv6), or null. */
    static String target(int version, byte[] m, int length) {
        if (version == V4) {
            int port = PreambleDetector.u16(m, 2);
            if (isV4a(m)) {
                int nul = indexOfNul(m, 8, length);
                int host = nul < 0 ? -1 : indexOfNul(m, nul + 1, length);
                return host < 0 ? null : ascii(m, nul + 1, host - nul - 1) + ":" + port;
            }
            return PreambleDetector.ipv4(m, 4) + ":" + port;
        }
        return switch (m[3]) {
            case 1 -> length >= 10 ? PreambleDetector.ipv4(m, 4) + ":" + PreambleDetector.u16(m, 8) : null;
            case 3 -> {
                int n = m[4] & 0xff;
                yield length >= 7 + n ? ascii(m, 5, n) + ":" + PreambleDetector.u16(m, 5 + n) : null;
            }
            case 4 -> length >= 22 ? "[" + PreambleDetector.ipv6(m, 4) + "]:" + PreambleDetector.u16(m, 20) : null;
            default -> null;
        };
    }

    /**
     * What the proxy's answers so far say.
     *
     * @param reply   the last answer, printable ("SOCKS5 reply 0x05 (connection refused)")
     * @param code    the reply code of a refusal ("0x05", "91", "0xff"), null when none
     * @param refused whether the proxy refused the tunnel
     */
    record Answer(String reply, String code, boolean refused) {
    }

    /** Reads the proxy's bytes {@code s[0, have)} from the start of its side, or returns null when none is complete. */
    static Answer serverAnswer(int version, byte[] s, int have) {
        if (version == V4) {
            // VN (0) CD DSTPORT DSTIP: 8 bytes
            if (have < 8) {
                return null;
            }
            int cd = s[1] & 0xff;
            String text = "SOCKS4 reply " + cd + " (" + v4Meaning(cd) + ")";
            return new Answer(text, cd == V4_GRANTED ? null : Integer.toString(cd), cd != V4_GRANTED);
        }
        if (have < 2) {
            return null;
        }
        int method = s[1] & 0xff;
        Answer last = new Answer("SOCKS5 method " + hex(method) + " (" + methodName(method) + ")",
                method == NO_ACCEPTABLE_METHODS ? hex(method) : null, method == NO_ACCEPTABLE_METHODS);
        int at = 2;
        if (method == NO_ACCEPTABLE_METHODS) {
            return last;
        }
        if (method == USERNAME_PASSWORD) {
            if (have < at + 2) {
                return last;
            }
            int status = s[at + 1] & 0xff;
            last = new Answer("SOCKS5 username/password status " + hex(status) + (status == 0 ? " (success)"
                    : " (failure)"), status == 0 ? null : hex(status), status != 0);
            at += 2;
            if (status != 0) {
                return last;
            }
        }
        if (have < at + 2 || s[at] != V5) {
            return last;
        }
        int rep = s[at + 1] & 0xff;
        return new Answer("SOCKS5 reply " + hex(rep) + " (" + v5Meaning(rep) + ")", rep == 0 ? null : hex(rep),
                rep != 0);
    }

    /** RFC 1928 section 6, the REP field. */
    static String v5Meaning(int rep) {
        return switch (rep) {
            case 0 -> "succeeded";
            case 1 -> "general SOCKS server failure";
            case 2 -> "connection not allowed by ruleset";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "unassigned";
        };
    }

    /** SOCKS 4, the CD field of the reply. */
    static String v4Meaning(int cd) {
        return switch (cd) {
            case 90 -> "request granted";
            case 91 -> "request rejected or failed";
            case 92 -> "rejected: the proxy cannot reach the client's identd";
            case 93 -> "rejected: identd reports a different user-id";
            default -> "unknown reply";
        };
    }

    private static String methodName(int method) {
        return switch (method) {
            case 0 -> "no authentication required";
            case 1 -> "GSSAPI";
            case 2 -> "username/password";
            case NO_ACCEPTABLE_METHODS -> "no acceptable methods";
            default -> "other";
        };
    }

    private static String command(int cmd) {
        return switch (cmd) {
            case 1 -> "CONNECT";
            case 2 -> "BIND";
            case 3 -> "UDP ASSOCIATE";
            default -> "command " + cmd;
        };
    }

    /** SOCKS 4a: DSTIP 0.0.0.x with x non-zero means a host name follows the USERID. */
    private static boolean isV4a(byte[] m) {
        return m[4] == 0 && m[5] == 0 && m[6] == 0 && m[7] != 0;
    }

    private static int indexOfNul(byte[] m, int from, int to) {
        for (int k = from; k < to; k++) {
            if (m[k] == 0) {
                return k;
            }
        }
        return -1;
    }

    private static String hex(int v) {
        return "0x" + Character.forDigit(v >> 4, 16) + Character.forDigit(v & 0xf, 16);
    }

    /** Printable ASCII of a host name; other bytes as '?'. */
    private static String ascii(byte[] b, int off, int n) {
        byte[] c = new byte[n];
        for (int k = 0; k < n; k++) {
            int x = b[off + k] & 0xff;
            c[k] = (byte) (x >= 0x20 && x < 0x7f ? x : '?');
        }
        return new String(c, StandardCharsets.US_ASCII);
    }
}
