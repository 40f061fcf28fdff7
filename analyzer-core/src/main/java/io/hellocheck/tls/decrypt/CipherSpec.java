package io.hellocheck.tls.decrypt;

import io.hellocheck.tls.TlsNames;

/**
 * What record protection a cipher suite uses, read from its IANA name (RFC 8446 appendix B.4 for TLS 1.3;
 * {@code TLS_<kx>_WITH_<bulk>_<mac>} for the others): the bulk cipher, key and IV sizes, the MAC of CBC suites
 * and the PRF or HKDF hash.
 *
 * @param bulk       the record protection
 * @param keyBytes   encryption key length in bytes
 * @param ivBytes    fixed IV length: 12 for TLS 1.3 and ChaCha20-Poly1305, 4 (the salt) for TLS 1.2 GCM and CCM,
 *                   the block size for CBC (used as the first record's IV only in TLS 1.0)
 * @param macHmac    the HMAC of a CBC suite ({@code HmacSHA1}, {@code HmacSHA256}, {@code HmacSHA384}), else null
 * @param macBytes   its output length in bytes, 0 for AEAD suites
 * @param hashHmac   the PRF / HKDF hash as an HMAC name: {@code HmacSHA384} for suites ending in _SHA384, else
 *                   {@code HmacSHA256}
 * @param hashBytes  its output length in bytes
 * @param tagBytes   the AEAD tag length (16; 8 for CCM_8), 0 for CBC
 */
public record CipherSpec(Bulk bulk, int keyBytes, int ivBytes, String macHmac, int macBytes, String hashHmac,
                         int hashBytes, int tagBytes) {

    /** Record protection algorithms we can remove. */
    public enum Bulk { AES_GCM, CHACHA20_POLY1305, AES_CCM, AES_CBC, DES_EDE_CBC }

    /**
     * The spec of a suite, or null when its protection is not supported (NULL, RC4, Camellia, ARIA, SM4, export,
     * SSL 2.0 and unknown code points).
     *
     * @param tls13 whether TLS 1.3 was negotiated (its suites carry no key exchange in the name)
     */
    public static CipherSpec of(int suite, boolean tls13) {
        String name = TlsNames.cipherSuite(suite);
        String bulk;
        if (tls13) {
            if (!name.startsWith("TLS_") || name.contains("_WITH_")) {
                return null;
            }
            bulk = name.substring(4);
        } else {
            int at = name.indexOf("_WITH_");
            if (at < 0) {
                return null;
            }
            bulk = name.substring(at + 6);
        }
        boolean sha384 = bulk.endsWith("_SHA384");
        String hash = sha384 ? "HmacSHA384" : "HmacSHA256";
        int hashBytes = sha384 ? 48 : 32;
        int aeadIv = tls13 ? 12 : 4;
        return switch (bulk) {
            case "AES_128_GCM_SHA256" -> new CipherSpec(Bulk.AES_GCM, 16, aeadIv, null, 0, hash, hashBytes, 16);
            case "AES_256_GCM_SHA384" -> new CipherSpec(Bulk.AES_GCM, 32, aeadIv, null, 0, hash, hashBytes, 16);
            case "CHACHA20_POLY1305_SHA256" -> new CipherSpec(Bulk.CHACHA20_POLY1305, 32, 12, null, 0, hash, hashBytes, 16);
            case "AES_128_CCM_SHA256", "AES_128_CCM" -> new CipherSpec(Bulk.AES_CCM, 16, aeadIv, null, 0, hash, hashBytes, 16);
            case "AES_256_CCM" -> new CipherSpec(Bulk.AES_CCM, 32, aeadIv, null, 0, hash, hashBytes, 16);
            case "AES_128_CCM_8_SHA256", "AES_128_CCM_8" -> new CipherSpec(Bulk.AES_CCM, 16, aeadIv, null, 0, hash, hashBytes, 8);
            case "AES_256_CCM_8" -> new CipherSpec(Bulk.AES_CCM, 32, aeadIv, null, 0, hash, hashBytes, 8);
            case "AES_128_CBC_SHA" -> cbc(Bulk.AES_CBC, 16, 16, "HmacSHA1", 20, hash, hashBytes, tls13);
            case "AES_256_CBC_SHA" -> cbc(Bulk.AES_CBC, 32, 16, "HmacSHA1", 20, hash, hashBytes, tls13);
            case "AES_128_CBC_SHA256" -> cbc(Bulk.AES_CBC, 16, 16, "HmacSHA256", 32, hash, hashBytes, tls13);
            case "AES_256_CBC_SHA256" -> cbc(Bulk.AES_CBC, 32, 16, "HmacSHA256", 32, hash, hashBytes, tls13);
            case "AES_256_CBC_SHA384" -> cbc(Bulk.AES_CBC, 32, 16, "HmacSHA384", 48, hash, hashBytes, tls13);
            case "3DES_EDE_CBC_SHA" -> cbc(Bulk.DES_EDE_CBC, 24, 8, "HmacSHA1", 20, hash, hashBytes, tls13);
            default -> null;
        };
    }

    private static CipherSpec cbc(Bulk bulk, int key, int block, String mac, int macBytes, String hash, int hashBytes,
                                  boolean tls13) {
        return tls13 ? null : new CipherSpec(bulk, key, block, mac, macBytes, hash, hashBytes, 0);
    }

    /** Whether the protection is an AEAD. */
    public boolean aead() {
        return tagBytes > 0;
    }
}
