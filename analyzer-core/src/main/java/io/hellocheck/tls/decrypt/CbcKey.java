package io.hellocheck.tls.decrypt;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * CBC record protection with its HMAC (RFC 5246 section 6.2.3.2: MAC-then-encrypt, an explicit IV per record
 * from TLS 1.1 on; RFC 2246 section 6.2.3.2: TLS 1.0 chains the IV from the previous record's last block;
 * RFC 7366: encrypt-then-MAC when negotiated). The padding and the MAC are checked.
 */
final class CbcKey extends RecordKey {
    private final CipherSpec spec;
    private final boolean explicitIv;
    private final boolean encryptThenMac;
    private final SecretKeySpec key;
    private final Cipher cipher;
    private final Mac mac;
    private byte[] chainedIv;
    private final byte[] ad = new byte[13];
    private byte[] expected;

    /**
     * @param version        the negotiated version (0x0301 TLS 1.0 chains IVs; later ones carry one per record)
     * @param iv             the key block's IV (used by TLS 1.0 only)
     * @throws IllegalArgumentException when the JDK lacks the cipher or MAC
     */
    CbcKey(CipherSpec spec, int version, boolean encryptThenMac, byte[] macKey, byte[] key, byte[] iv) {
        this.spec = spec;
        this.explicitIv = version >= 0x0302;
        this.encryptThenMac = encryptThenMac;
        this.chainedIv = iv.clone();
        try {
            String alg = spec.bulk() == CipherSpec.Bulk.AES_CBC ? "AES" : "DESede";
            this.key = new SecretKeySpec(key, alg);
            cipher = Cipher.getInstance(alg + "/CBC/NoPadding");
            mac = Mac.getInstance(spec.macHmac());
            mac.init(new SecretKeySpec(macKey, spec.macHmac()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(spec.bulk() + ": " + e.getMessage(), e);
        }
    }

    @Override
    int open(int contentType, int version, long seq, byte[] in, int len, byte[] out) {
        int block = spec.ivBytes();
        int macLen = spec.macBytes();
        int ivLen = explicitIv ? block : 0;
        int cipherLen = len - ivLen - (encryptThenMac ? macLen : 0);
        if (cipherLen <= 0 || cipherLen % block != 0) {
            return -1;
        }
        try {
            if (encryptThenMac) {
                additionalData(ad, seq, contentType, version, len - macLen);
                mac.update(ad);
                mac.update(in, 0, len - macLen);
                if (!sameMac(in, len - macLen)) {
                    return -1;
                }
            }
            byte[] iv = explicitIv ? java.util.Arrays.copyOfRange(in, 0, block) : chainedIv;
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            int n = cipher.doFinal(in, ivLen, cipherLen, out, 0);
            int pad = out[n - 1] & 0xff;
            int content = n - 1 - pad - (encryptThenMac ? 0 : macLen);
            if (content < 0) {
                return -1;
            }
            for (int i = n - 1 - pad; i < n - 1; i++) {
                if ((out[i] & 0xff) != pad) {
                    return -1;
                }
            }
            if (!encryptThenMac) {
                additionalData(ad, seq, contentType, version, content);
                mac.update(ad);
                mac.update(out, 0, content);
                if (!sameMac(out, content)) {
                    return -1;
                }
            }
            if (!explicitIv) {
                chainedIv = java.util.Arrays.copyOfRange(in, ivLen + cipherLen - block, ivLen + cipherLen);
            }
            return content;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    private boolean sameMac(byte[] buf, int at) {
        if (expected == null) {
            expected = new byte[spec.macBytes()];
        }
        try {
            mac.doFinal(expected, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        int diff = 0;
        for (int i = 0; i < expected.length; i++) {
            diff |= expected[i] ^ buf[at + i];
        }
        return diff == 0;
    }
}
