package io.hellocheck.quic;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The packet-protection keys of one direction's Initial packets (RFC 9001 section 5.2): HKDF-SHA256 from
 * the version's salt and the client's Destination Connection ID, then {@code client in} or
 * {@code server in}, then the {@code quic key} (16 bytes, AES-128-GCM), {@code quic iv} (12 bytes) and
 * {@code quic hp} (16 bytes, AES-128-ECB) labels ({@code quicv2 ...} for version 2, RFC 9369 section 3.3.2).
 *
 * @param secret the client or server initial secret, 32 bytes; null in the keys of Handshake packets that
 *               {@link InitialOpener} is also given ({@link io.hellocheck.tls.decrypt.QuicPacketKeys})
 * @param key    AEAD key, 16 bytes
 * @param iv     AEAD IV, 12 bytes
 * @param hp     header-protection key, 16 bytes
 */
public record InitialKeys(byte[] secret, byte[] key, byte[] iv, byte[] hp) {

    /**
     * Derives the Initial keys of a direction.
     *
     * @param version the QUIC version of the packets
     * @param dcid    the Destination Connection ID of the client's (first, or after a Retry) Initial packet
     * @param client  true for the keys protecting the client's packets, false for the server's
     * @return the keys, or null when the version is not one of {@link QuicVersions#isKnown}
     */
    public static InitialKeys derive(int version, byte[] dcid, boolean client) {
        byte[] salt = QuicVersions.salt(version);
        if (salt == null) {
            return null;
        }
        try {
            byte[] initial = hmac(salt, dcid);
            byte[] secret = expandLabel(initial, client ? "client in" : "server in", 32);
            String p = QuicVersions.labelPrefix(version);
            return new InitialKeys(secret, expandLabel(secret, p + "key", 16), expandLabel(secret, p + "iv", 12),
                    expandLabel(secret, p + "hp", 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** HKDF-Expand-Label (RFC 8446 section 7.1) with an empty context, SHA-256, at most 32 bytes. */
    static byte[] expandLabel(byte[] secret, String label, int length) throws GeneralSecurityException {
        byte[] l = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[4 + l.length + 1];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) l.length;
        System.arraycopy(l, 0, info, 3, l.length);
        info[info.length - 2] = 0; // empty context
        info[info.length - 1] = 1; // HKDF-Expand's counter for the first block
        byte[] t = hmac(secret, info);
        byte[] out = new byte[length];
        System.arraycopy(t, 0, out, 0, length);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
