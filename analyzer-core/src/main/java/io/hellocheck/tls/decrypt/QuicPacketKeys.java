package io.hellocheck.tls.decrypt;

/**
 * The packet-protection keys of one direction's QUIC Handshake packets (RFC 9001 section 5.1), derived from the TLS
 * handshake traffic secret a key log holds for the session: HKDF-Expand-Label of the secret with the labels
 * {@code quic key}, {@code quic iv} and {@code quic hp} ({@code quicv2 key}, ... for QUIC version 2, RFC 9369 section
 * 3.3.2), with the hash and key length of the negotiated suite. The secrets themselves stay in this package.
 *
 * @param key AEAD key: 16 bytes (TLS_AES_128_GCM_SHA256) or 32 (TLS_AES_256_GCM_SHA384)
 * @param iv  AEAD IV, 12 bytes
 * @param hp  header-protection key (AES-ECB), as long as {@code key}
 */
public record QuicPacketKeys(byte[] key, byte[] iv, byte[] hp) {
    private static final byte[] NO_CONTEXT = new byte[0];

    /**
     * The Handshake packet keys of one direction of the session whose ClientHello carried {@code clientRandom}.
     *
     * @param suite       the cipher suite of the ServerHello
     * @param labelPrefix {@code "quic "}, or {@code "quicv2 "} for QUIC version 2
     * @param client      true for the keys of the client's packets, false for the server's
     * @return the keys, or null when the log has no such secret or the suite is not an AES-GCM one (ChaCha20's header
     *         protection, RFC 9001 section 5.4.4, is not read)
     */
    public static QuicPacketKeys handshake(KeyLog log, byte[] clientRandom, int suite, String labelPrefix,
                                           boolean client) {
        KeyLog.Secrets s = log.lookup(clientRandom, 0);
        byte[] secret = s == null ? null : client ? s.clientHandshake : s.serverHandshake;
        CipherSpec spec = CipherSpec.of(suite, true);
        if (secret == null || spec == null || spec.bulk() != CipherSpec.Bulk.AES_GCM) {
            return null;
        }
        String h = spec.hashHmac();
        return new QuicPacketKeys(KeyDerivation.expandLabel(h, secret, labelPrefix + "key", NO_CONTEXT, spec.keyBytes()),
                KeyDerivation.expandLabel(h, secret, labelPrefix + "iv", NO_CONTEXT, 12),
                KeyDerivation.expandLabel(h, secret, labelPrefix + "hp", NO_CONTEXT, spec.keyBytes()));
    }
}
