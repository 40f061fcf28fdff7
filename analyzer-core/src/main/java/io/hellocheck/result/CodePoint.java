package io.hellocheck.result;

import io.hellocheck.report.JsonRecords;
import io.hellocheck.tls.TlsNames;
import java.util.Objects;

/**
 * A TLS code point with its name: a cipher suite, a named group, a signature scheme, an extension, a version
 * or an alert description. The name is the IANA registry's ({@code TLS_AES_128_GCM_SHA256}, {@code x25519},
 * {@code handshake_failure}), {@code TLSv1.2} style for versions, {@code GREASE(0x0a0a)} for a GREASE value
 * (RFC 8701) and {@code 0x1a2b} for a code point the registry does not name; the same strings as the JSON
 * output. Immutable; equal when code and name are.
 */
public final class CodePoint {
    private final int code;
    private final String name;

    private CodePoint(int code, String name) {
        this.code = code;
        this.name = name;
    }

    /**
     * {@return a cipher suite} (IANA "TLS Cipher Suites", RFC 8446 section B.4, RFC 5246 appendix A.5)
     *
     * @param code the suite's two-byte value (three bytes for an SSLv2 cipher spec)
     */
    public static CodePoint cipherSuite(int code) {
        return new CodePoint(code, TlsNames.cipherSuite(code));
    }

    /**
     * {@return a named group} (IANA "TLS Supported Groups", RFC 8446 section 4.2.7)
     *
     * @param code the group's two-byte value
     */
    public static CodePoint group(int code) {
        return new CodePoint(code, TlsNames.group(code));
    }

    /**
     * {@return a signature scheme} (IANA "TLS SignatureScheme", RFC 8446 section 4.2.3)
     *
     * @param code the scheme's two-byte value
     */
    public static CodePoint signatureScheme(int code) {
        return new CodePoint(code, TlsNames.signatureScheme(code));
    }

    /**
     * {@return an extension type} (IANA "TLS ExtensionType Values", RFC 8446 section 4.2)
     *
     * @param code the extension's two-byte type
     */
    public static CodePoint extension(int code) {
        return new CodePoint(code, TlsNames.extension(code));
    }

    /**
     * {@return a protocol version} named {@code SSLv3}, {@code TLSv1.0} ... {@code TLSv1.3} (RFC 8446 section
     * 4.2.1), {@code GREASE(0x0a0a)} or {@code 0x7f1c}
     *
     * @param code the version's two-byte value ({@code 0x0303} is TLS 1.2)
     */
    public static CodePoint version(int code) {
        return new CodePoint(code, JsonRecords.versionName(code));
    }

    /**
     * {@return an alert description} (IANA "TLS Alerts", RFC 8446 section 6)
     *
     * @param code the alert's one-byte description ({@code 40} is {@code handshake_failure})
     */
    public static CodePoint alert(int code) {
        return new CodePoint(code, TlsNames.alert(code));
    }

    /** {@return the code point's numeric value} */
    public int code() {
        return code;
    }

    /** {@return the code point's name}, never null nor empty */
    public String name() {
        return name;
    }

    /** {@return whether {@code o} is a code point with the same code and name} */
    @Override
    public boolean equals(Object o) {
        return o instanceof CodePoint c && c.code == code && c.name.equals(name);
    }

    /** {@return a hash of code and name} */
    @Override
    public int hashCode() {
        return Objects.hash(code, name);
    }

    /** {@return the name}, as the JSON output writes it */
    @Override
    public String toString() {
        return name;
    }
}
