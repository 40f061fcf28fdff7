package io.hellocheck.tls;


/**
 * The ServerKeyExchange message of TLS 1.2 and earlier (RFC 5246 section 7.4.3; RFC 8422 section 5.4 for
 * ECDHE; RFC 4279 for PSK), read as far as the key exchange parameters: the curve of an ECDHE exchange,
 * the prime size of a DHE exchange, and the signature algorithm.
 *
 * <p>Its layout depends on the negotiated cipher suite's key exchange, taken from the suite's IANA name:
 * ECDHE and ECDH_anon carry ECParameters, DHE and DH_anon ServerDHParams, RSA_EXPORT ServerRSAParams,
 * the PSK suites a psk_identity_hint first, SRP its own parameters.
 *
 * @param kind             "ECDHE", "DHE", "RSA" (export), "PSK", "SRP" or "unknown"
 * @param namedCurve       ECParameters.namedcurve (a supported group code), -1 when not a named-curve ECDHE
 * @param curveType        ECParameters.curve_type (1 explicit_prime, 2 explicit_char2, 3 named_curve), -1 for others
 * @param dhPrimeBits      size of the DH prime p in bits, -1 when not DHE
 * @param publicKeyBytes   length of the server's public value (EC point, dh_Ys, RSA modulus), -1 when none
 * @param signatureScheme  SignatureAndHashAlgorithm of TLS 1.2 (a signature scheme code), -1 before TLS 1.2,
 *                         for anonymous suites, or when not read
 */
public record ServerKeyExchange(String kind, int namedCurve, int curveType, int dhPrimeBits, int publicKeyBytes,
                                int signatureScheme) {

    /**
     * Decodes a ServerKeyExchange body.
     *
     * @param cipherSuite the negotiated cipher suite
     * @param version     the negotiated version (a TLS 1.2 signature starts with its algorithm)
     * @throws TlsDecodeException when the body does not match the layout of the suite's key exchange
     */
    public static ServerKeyExchange parse(byte[] body, int off, int len, int cipherSuite, int version)
            throws TlsDecodeException {
        ByteCursor c = ByteCursor.window(body, off, len);
        String name = TlsNames.cipherSuite(cipherSuite);
        boolean anon = name.contains("_anon_");
        boolean psk = name.contains("PSK_");
        String kind;
        int curveType = -1;
        int curve = -1;
        int dhBits = -1;
        int publicBytes = -1;
        if (psk) {
            c.vector16(); // psk_identity_hint
        }
        if (name.startsWith("TLS_ECDHE_") || name.startsWith("TLS_ECDH_anon_")) {
            kind = "ECDHE";
            // struct { ECCurveType curve_type; select (curve_type) { case named_curve: NamedCurve namedcurve; };
            //          } ECParameters; struct { ECParameters curve_params; ECPoint public; } ServerECDHParams;
            curveType = c.u8();
            if (curveType == 3) {
                curve = c.u16();
            } else if (curveType == 1 || curveType == 2) {
                // explicit curves (deprecated by RFC 8422): their parameters are not read
                return new ServerKeyExchange(kind, -1, curveType, -1, -1, -1);
            } else {
                throw new TlsDecodeException("unknown ECCurveType " + curveType, 0);
            }
            publicBytes = c.vector8().remaining();
        } else if (name.startsWith("TLS_DHE_") || name.startsWith("TLS_DH_anon_")) {
            kind = "DHE";
            // struct { opaque dh_p<1..2^16-1>; opaque dh_g<1..2^16-1>; opaque dh_Ys<1..2^16-1>; } ServerDHParams;
            ByteCursor p = c.vector16();
            dhBits = CertificateInfo.bits(p.peekRemaining());
            c.vector16();
            publicBytes = c.vector16().remaining();
        } else if (name.startsWith("TLS_RSA_EXPORT")) {
            kind = "RSA";
            // struct { opaque rsa_modulus<1..2^16-1>; opaque rsa_exponent<1..2^16-1>; } ServerRSAParams;
            publicBytes = c.vector16().remaining();
            c.vector16();
        } else if (name.startsWith("TLS_SRP_")) {
            return new ServerKeyExchange("SRP", -1, -1, -1, -1, -1);
        } else if (psk) {
            return new ServerKeyExchange("PSK", -1, -1, -1, -1, -1);
        } else {
            return new ServerKeyExchange("unknown", -1, -1, -1, -1, -1);
        }
        int scheme = -1;
        if (!anon && !psk && version >= 0x0303 && c.remaining() >= 2) {
            scheme = c.u16();
        }
        return new ServerKeyExchange(kind, curve, curveType, dhBits, publicBytes, scheme);
    }
}
