package io.hellocheck.tls;

/**
 * Names of TLS code points from the IANA registries (generated resources, see tools/).
 * TODO(tls-messages helper): implement from generated resources.
 */
public final class TlsNames {
    private TlsNames() {
    }

    /** "TLSv1.2" etc. per CONTRACT.md; "SSLv2", "SSLv3"; anything else as "0x7f1c". */
    public static String version(int v) { throw new UnsupportedOperationException(); }

    /** IANA cipher suite name, "GREASE(0x0a0a)" for GREASE, else "0x1a2b". */
    public static String cipherSuite(int v) { throw new UnsupportedOperationException(); }

    /** IANA supported group name ("x25519"), GREASE or hex. */
    public static String group(int v) { throw new UnsupportedOperationException(); }

    /** IANA extension name ("server_name"), GREASE or hex. */
    public static String extension(int v) { throw new UnsupportedOperationException(); }

    /** IANA signature scheme name ("ecdsa_secp256r1_sha256"), GREASE or hex. */
    public static String signatureScheme(int v) { throw new UnsupportedOperationException(); }

    /** IANA alert description name ("handshake_failure") or hex. */
    public static String alert(int v) { throw new UnsupportedOperationException(); }

    /** IANA handshake type name ("client_hello") or hex. */
    public static String handshakeType(int v) { throw new UnsupportedOperationException(); }

    /** Whether {@code v} is a GREASE value (RFC 8701): 0x?a?a with both bytes equal. */
    public static boolean isGrease(int v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }
}
