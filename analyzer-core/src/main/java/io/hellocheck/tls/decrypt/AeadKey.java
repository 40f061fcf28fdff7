package io.hellocheck.tls.decrypt;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD record protection: AES-GCM and ChaCha20-Poly1305 through {@code javax.crypto}, AES-CCM through
 * {@link AesCcm}. Nonces and additional data as TLS 1.3 builds them (RFC 8446 section 5.2 and 5.3: the IV XOR
 * the padded sequence number; the record header as additional data) or TLS 1.2 (RFC 5288 section 3 and RFC 6655
 * section 3: a 4-byte salt and the record's 8-byte explicit nonce; RFC 7905 section 2 for ChaCha20-Poly1305: the
 * IV XOR the sequence number; RFC 5246 section 6.2.3.3 additional data).
 */
final class AeadKey extends RecordKey {
    private final CipherSpec spec;
    private final boolean tls13;
    private final SecretKeySpec key;
    private final byte[] iv;
    private final byte[] nonce = new byte[12];
    private final byte[] ad = new byte[13];
    private Cipher cipher;
    private AesCcm ccm;

    /**
     * @param iv the fixed IV: 12 bytes, or the 4-byte salt of TLS 1.2 GCM and CCM
     * @throws IllegalArgumentException when the JDK lacks the cipher
     */
    AeadKey(CipherSpec spec, boolean tls13, byte[] key, byte[] iv) {
        this.spec = spec;
        this.tls13 = tls13;
        this.iv = iv.clone();
        try {
            switch (spec.bulk()) {
                case AES_GCM -> {
                    this.key = new SecretKeySpec(key, "AES");
                    cipher = Cipher.getInstance("AES/GCM/NoPadding");
                }
                case CHACHA20_POLY1305 -> {
                    this.key = new SecretKeySpec(key, "ChaCha20");
                    cipher = Cipher.getInstance("ChaCha20-Poly1305");
                }
                case AES_CCM -> {
                    this.key = null;
                    ccm = new AesCcm(key, spec.tagBytes());
                }
                default -> throw new IllegalArgumentException(spec.bulk() + " is not an AEAD");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(spec.bulk() + ": " + e.getMessage(), e);
        }
    }

    @Override
    int open(int contentType, int version, long seq, byte[] in, int len, byte[] out) {
        int tag = spec.tagBytes();
        int start;
        if (tls13 || spec.bulk() == CipherSpec.Bulk.CHACHA20_POLY1305) {
            start = 0;
            System.arraycopy(iv, 0, nonce, 0, 12);
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] ^= (byte) (seq >>> (56 - 8 * i));
            }
        } else {
            start = 8;
            if (len < 8) {
                return -1;
            }
            System.arraycopy(iv, 0, nonce, 0, 4);
            System.arraycopy(in, 0, nonce, 4, 8);
        }
        int cipherLen = len - start;
        if (cipherLen < tag) {
            return -1;
        }
        int adLen;
        if (tls13) {
            ad[0] = (byte) contentType;
            ad[1] = (byte) (version >> 8);
            ad[2] = (byte) version;
            ad[3] = (byte) (len >> 8);
            ad[4] = (byte) len;
            adLen = 5;
        } else {
            additionalData(ad, seq, contentType, version, cipherLen - tag);
            adLen = 13;
        }
        if (ccm != null) {
            return ccm.open(nonce, ad, 0, adLen, in, start, cipherLen, out, 0);
        }
        try {
            if (spec.bulk() == CipherSpec.Bulk.AES_GCM) {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(tag * 8, nonce));
            } else {
                cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
            }
            cipher.updateAAD(ad, 0, adLen);
            return cipher.doFinal(in, start, cipherLen, out, 0);
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }
}
