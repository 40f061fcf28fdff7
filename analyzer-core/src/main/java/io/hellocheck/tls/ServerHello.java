package io.hellocheck.tls;

import java.util.List;

/**
 * A decoded ServerHello or HelloRetryRequest (RFC 8446 sections 4.1.3 and 4.1.4).
 *
 * <p>A HelloRetryRequest is a ServerHello whose random is the SHA-256 of "HelloRetryRequest"
 * (RFC 8446 section 4.1.3). TODO(tls-messages helper): implement {@link #parse}.
 *
 * @param legacyVersion      legacy_version
 * @param random             the 32-byte random
 * @param sessionId          legacy_session_id_echo
 * @param cipherSuite        cipher_suite
 * @param compressionMethod  legacy_compression_method
 * @param extensionTypes     extension types in wire order
 * @param selectedVersion    supported_versions selected_version, or -1 when absent
 * @param keyShareGroup      key_share group (or HRR selected_group), or -1 when absent
 * @param helloRetryRequest  whether the random marks a HelloRetryRequest
 */
public record ServerHello(
        int legacyVersion,
        byte[] random,
        byte[] sessionId,
        int cipherSuite,
        int compressionMethod,
        List<Integer> extensionTypes,
        int selectedVersion,
        int keyShareGroup,
        boolean helloRetryRequest) {

    /** The negotiated version: supported_versions when present, else legacy_version. */
    public int negotiatedVersion() {
        return selectedVersion >= 0 ? selectedVersion : legacyVersion;
    }

    /**
     * Decodes a ServerHello handshake message body (after the 4-byte handshake header).
     *
     * @throws TlsDecodeException when the body is malformed
     */
    public static ServerHello parse(byte[] body, int off, int len) throws TlsDecodeException {
        throw new UnsupportedOperationException("not yet");
    }
}
