package io.hellocheck.tls;

import java.util.List;

/**
 * The CertificateRequest message (RFC 5246 section 7.4.4; in TLS 1.3, RFC 8446 section 4.3.2, only seen
 * decrypted): the server asks the client for a certificate.
 *
 * <pre>
 * struct { ClientCertificateType certificate_types&lt;1..2^8-1&gt;;
 *          SignatureAndHashAlgorithm supported_signature_algorithms&lt;2^16-1&gt;;   (TLS 1.2 only)
 *          DistinguishedName certificate_authorities&lt;0..2^16-1&gt;; } CertificateRequest;
 * </pre>
 *
 * @param certificateTypes    ClientCertificateType values (1 rsa_sign, 2 dss_sign, 64 ecdsa_sign ...)
 * @param signatureAlgorithms supported_signature_algorithms (TLS 1.2), empty before
 * @param authorities         number of distinguished names in certificate_authorities
 */
public record CertificateRequest(List<Integer> certificateTypes, List<Integer> signatureAlgorithms, int authorities) {

    public CertificateRequest {
        certificateTypes = List.copyOf(certificateTypes);
        signatureAlgorithms = List.copyOf(signatureAlgorithms);
    }

    /**
     * Decodes a CertificateRequest body.
     *
     * @param version the negotiated version (TLS 1.2 adds supported_signature_algorithms)
     */
    public static CertificateRequest parse(byte[] body, int off, int len, int version) throws TlsDecodeException {
        if (version == 0x0304) {
            return parse13(body, off, len);
        }
        ByteCursor c = ByteCursor.window(body, off, len);
        List<Integer> types = ClientHello.u8List(c.vector8());
        List<Integer> schemes = List.of();
        if (version >= 0x0303) {
            schemes = ClientHello.u16List(c.vector16(), "supported_signature_algorithms");
        }
        ByteCursor cas = c.vector16();
        c.expectEnd("CertificateRequest");
        int n = 0;
        while (!cas.isEmpty()) {
            cas.vector16();
            n++;
        }
        return new CertificateRequest(types, schemes, n);
    }

    /**
     * The TLS 1.3 form (RFC 8446 section 4.3.2, read from a decrypted record): {@code opaque
     * certificate_request_context<0..2^8-1>; Extension extensions<2..2^16-1>}, the schemes from signature_algorithms
     * (13) and the names from certificate_authorities (47, section 4.2.4); no certificate types.
     */
    private static CertificateRequest parse13(byte[] body, int off, int len) throws TlsDecodeException {
        ByteCursor c = ByteCursor.window(body, off, len);
        c.vector8();
        ByteCursor exts = c.vector16();
        c.expectEnd("CertificateRequest");
        List<Integer> schemes = List.of();
        int n = 0;
        while (!exts.isEmpty()) {
            int type = exts.u16();
            ByteCursor data = exts.vector16();
            if (type == 13) {
                schemes = ClientHello.u16List(data.vector16(), "signature_algorithms");
            } else if (type == 47) {
                ByteCursor cas = data.vector16();
                while (!cas.isEmpty()) {
                    cas.vector16();
                    n++;
                }
            }
        }
        return new CertificateRequest(List.of(), schemes, n);
    }
}
