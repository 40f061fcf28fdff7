package io.hellocheck.tls;

/**
 * RDP's connection start before TLS: a TPKT (RFC 1006) carrying an X.224 Connection Request with an RDP
 * Negotiation Request from the client, and the server's X.224 Connection Confirm with an RDP Negotiation
 * Response or Failure ([MS-RDPBCGR] sections 2.2.1.1 and 2.2.1.2). The client's TLS ClientHello follows a
 * selected protocol PROTOCOL_SSL, PROTOCOL_HYBRID or PROTOCOL_HYBRID_EX. Stateless helpers; used by
 * {@link PreambleDetector}.
 */
final class RdpNegotiation {
    /** TPKT header: version 3, reserved 0, length (2 bytes, the whole packet). */
    static final int TPKT_HEADER_BYTES = 4;
    private static final int X224_CONNECTION_REQUEST = 0xe0;
    private static final int X224_CONNECTION_CONFIRM = 0xd0;
    /** TPKT header and the fixed part of an X.224 CR or CC TPDU (LI, code, DST-REF, SRC-REF, class). */
    private static final int FIXED_BYTES = TPKT_HEADER_BYTES + 7;
    private static final int NEG_BYTES = 8;
    private static final int TYPE_RDP_NEG_REQ = 1;
    private static final int TYPE_RDP_NEG_RSP = 2;
    private static final int TYPE_RDP_NEG_FAILURE = 3;

    private RdpNegotiation() {
    }

    /** Whether the bytes start a TPKT carrying an X.224 Connection Request (RFC 1006, X.224 section 13.3). */
    static boolean isConnectionRequest(byte[] b, int i, int end) {
        return end - i >= 6 && b[i] == 3 && b[i + 1] == 0 && tpktLength(b, i) >= FIXED_BYTES
                && (b[i + 4] & 0xff) >= 6 && (b[i + 5] & 0xff) == X224_CONNECTION_REQUEST;
    }

    /** The TPKT length field: the whole packet in bytes, header included. */
    static int tpktLength(byte[] b, int i) {
        return ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    /**
     * The client's Connection Request, printable: "X.224 Connection Request, RDP_NEG_REQ requestedProtocols
     * PROTOCOL_SSL|PROTOCOL_HYBRID" (the cookie, which names the user, is left out).
     */
    static String describeRequest(byte[] m, int length) {
        int neg = negotiation(m, length, TYPE_RDP_NEG_REQ);
        return "X.224 Connection Request" + (neg < 0 ? " without RDP_NEG_REQ (standard RDP security)"
                : ", RDP_NEG_REQ requestedProtocols " + protocols(u32le(m, neg + 4)));
    }

    /**
     * The server's Connection Confirm in {@code s[0, have)}, printable, or null before it is complete:
     * "X.224 Connection Confirm, RDP_NEG_RSP selectedProtocol PROTOCOL_HYBRID", or
     * "X.224 Connection Confirm, RDP_NEG_FAILURE SSL_REQUIRED_BY_SERVER (1)".
     */
    static String describeConfirm(byte[] s, int have) {
        if (have < FIXED_BYTES || s[0] != 3 || (s[5] & 0xff) != X224_CONNECTION_CONFIRM) {
            return null;
        }
        int length = tpktLength(s, 0);
        if (have < length) {
            return null;
        }
        int rsp = negotiation(s, length, TYPE_RDP_NEG_RSP);
        if (rsp >= 0) {
            return "X.224 Connection Confirm, RDP_NEG_RSP selectedProtocol " + protocols(u32le(s, rsp + 4));
        }
        int failure = negotiation(s, length, TYPE_RDP_NEG_FAILURE);
        if (failure >= 0) {
            int code = (int) u32le(s, failure + 4);
            return "X.224 Connection Confirm, RDP_NEG_FAILURE " + failureName(code) + " (" + code + ")";
        }
        return "X.224 Connection Confirm without RDP negotiation (standard RDP security)";
    }

    /** Offset of the RDP negotiation structure of this type at the end of the TPDU, or -1. */
    private static int negotiation(byte[] m, int length, int type) {
        int at = length - NEG_BYTES;
        if (at < FIXED_BYTES || length > m.length) {
            return -1;
        }
        boolean ok = (m[at] & 0xff) == type && (m[at + 2] & 0xff) == NEG_BYTES && m[at + 3] == 0;
        return ok ? at : -1;
    }

    /** requestedProtocols / selectedProtocol flags ([MS-RDPBCGR] 2.2.1.1.1). */
    static String protocols(long flags) {
        if (flags == 0) {
            return "PROTOCOL_RDP";
        }
        String[] names = {"PROTOCOL_SSL", "PROTOCOL_HYBRID", "PROTOCOL_RDSTLS", "PROTOCOL_HYBRID_EX",
            "PROTOCOL_RDSAAD"};
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 32; k++) {
            if ((flags & (1L << k)) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(k < names.length ? names[k] : "0x" + Long.toHexString(1L << k));
            }
        }
        return sb.toString();
    }

    /** failureCode of RDP_NEG_FAILURE ([MS-RDPBCGR] 2.2.1.2.2). */
    static String failureName(int code) {
        return switch (code) {
            case 1 -> "SSL_REQUIRED_BY_SERVER";
            case 2 -> "SSL_NOT_ALLOWED_BY_SERVER";
            case 3 -> "SSL_CERT_NOT_ON_SERVER";
            case 4 -> "INCONSISTENT_FLAGS";
            case 5 -> "HYBRID_REQUIRED_BY_SERVER";
            case 6 -> "SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER";
            default -> "failure";
        };
    }

    private static long u32le(byte[] b, int i) {
        return (b[i] & 0xffL) | ((b[i + 1] & 0xffL) << 8) | ((b[i + 2] & 0xffL) << 16) | ((b[i + 3] & 0xffL) << 24);
    }
}
