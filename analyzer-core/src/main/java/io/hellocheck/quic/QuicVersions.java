package io.hellocheck.quic;

import java.util.HexFormat;

/**
 * The QUIC versions whose Initial packets can be read: their Initial salts and key labels (RFC 9001
 * section 5.2, RFC 9369 section 3.3, draft-ietf-quic-tls-23 to -32) and the long-header packet types (RFC 9369
 * section 3.2 renumbers them).
 */
public final class QuicVersions {
    /** QUIC version 1 (RFC 9000). */
    public static final int V1 = 0x00000001;
    /** QUIC version 2 (RFC 9369). */
    public static final int V2 = 0x6b3343cf;

    /** Long-header packet types, as version 1 numbers them. */
    public static final int INITIAL = 0;
    public static final int ZERO_RTT = 1;
    public static final int HANDSHAKE = 2;
    public static final int RETRY = 3;

    private static final byte[] SALT_V1 = HexFormat.of().parseHex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    private static final byte[] SALT_V2 = HexFormat.of().parseHex("0dede3def700a6db819381be6e269dcbf9bd2ed9");
    private static final byte[] SALT_DRAFT_29 = HexFormat.of().parseHex("afbfec289993d24c9e9786f19c6111e04390a899");
    private static final byte[] SALT_DRAFT_23 = HexFormat.of().parseHex("c3eef712c72ebb5a11a7d2432bb46365bef9f502");

    private QuicVersions() {
    }

    /** The Initial salt of {@code version}, or null when its Initial packets cannot be read. */
    static byte[] salt(int version) {
        if (version == V1) {
            return SALT_V1;
        }
        if (version == V2) {
            return SALT_V2;
        }
        int draft = draft(version);
        if (draft >= 29 && draft <= 32) {
            return SALT_DRAFT_29;
        }
        if (draft >= 23 && draft <= 28) {
            return SALT_DRAFT_23;
        }
        return null;
    }

    /** Whether the Initial packets of {@code version} can be decrypted. */
    public static boolean isKnown(int version) {
        return salt(version) != null;
    }

    /** The prefix of the packet-protection labels: {@code "quicv2 "} for version 2, else {@code "quic "}. */
    static String labelPrefix(int version) {
        return version == V2 ? "quicv2 " : "quic ";
    }

    /** The version-1 number of the long-header packet type bits {@code bits} (0..3) of {@code version}. */
    public static int packetType(int version, int bits) {
        if (version == V2) {
            return (bits + 3) & 3; // v2: Retry 0, Initial 1, 0-RTT 2, Handshake 3
        }
        return bits;
    }

    /** The draft number of an IETF draft version {@code 0xff0000NN}, else -1. */
    static int draft(int version) {
        return (version & 0xffffff00) == 0xff000000 ? version & 0xff : -1;
    }

    /** A name for {@code version}: {@code "1"}, {@code "2"}, {@code "draft-29"}, else its hex ({@code "0xfaceb002"}). */
    public static String name(int version) {
        if (version == V1) {
            return "1";
        }
        if (version == V2) {
            return "2";
        }
        int draft = draft(version);
        return draft >= 0 ? "draft-" + draft : String.format("0x%08x", version);
    }
}
