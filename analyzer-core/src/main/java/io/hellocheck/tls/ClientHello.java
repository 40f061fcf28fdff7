package io.hellocheck.tls;

import java.util.List;

/**
 * A decoded ClientHello (RFC 8446 section 4.1.2; RFC 5246 section 7.4.1.2).
 *
 * <p>All code points are kept as sent, in wire order, GREASE values included (RFC 8701).
 * TODO(tls-messages helper): implement {@link #parse}.
 *
 * @param legacyVersion        legacy_version, e.g. 0x0303
 * @param random               the 32-byte random
 * @param sessionId            legacy_session_id (0 to 32 bytes)
 * @param cipherSuites         cipher_suites, in wire order
 * @param compressionMethods   legacy_compression_methods
 * @param extensionTypes       extension types in wire order
 * @param serverName           host_name from server_name (RFC 6066 section 3), or null
 * @param supportedVersions    supported_versions (RFC 8446 section 4.2.1), empty when absent
 * @param supportedGroups      supported_groups (RFC 8446 section 4.2.7), empty when absent
 * @param keyShareGroups       group of each key_share entry (RFC 8446 section 4.2.8), empty when absent
 * @param keyShareLengths      key_exchange length in bytes of each key_share entry, same order
 * @param signatureAlgorithms  signature_algorithms (RFC 8446 section 4.2.3), empty when absent
 * @param alpn                 application_layer_protocol_negotiation protocol names (RFC 7301), empty when absent
 * @param ecPointFormats       ec_point_formats (RFC 8422 section 5.1.2), empty when absent
 */
public record ClientHello(
        int legacyVersion,
        byte[] random,
        byte[] sessionId,
        List<Integer> cipherSuites,
        List<Integer> compressionMethods,
        List<Integer> extensionTypes,
        String serverName,
        List<Integer> supportedVersions,
        List<Integer> supportedGroups,
        List<Integer> keyShareGroups,
        List<Integer> keyShareLengths,
        List<Integer> signatureAlgorithms,
        List<String> alpn,
        List<Integer> ecPointFormats) {

    /**
     * Decodes a ClientHello handshake message body (after the 4-byte handshake header).
     *
     * @throws TlsDecodeException when the body is malformed; its offset is relative to {@code off}
     */
    public static ClientHello parse(byte[] body, int off, int len) throws TlsDecodeException {
        throw new UnsupportedOperationException("not yet");
    }
}
