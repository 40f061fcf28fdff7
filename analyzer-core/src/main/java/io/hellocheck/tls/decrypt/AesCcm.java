package io.hellocheck.tls.decrypt;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CCM decryption (RFC 3610: CBC-MAC then counter mode), built on the JDK's AES/ECB since the JDK has no
 * CCM. TLS uses it with a 12-byte nonce (L = 3) and a tag of 16 bytes (AES-CCM) or 8 (AES-CCM_8), RFC 6655 and
 * RFC 8446 section 5.3. One instance per key; not thread-safe; no allocation per record.
 */
public final class AesCcm {
    private static final int BLOCK = 16;
    private final Cipher aes;
    private final int tagBytes;
    private final byte[] x = new byte[BLOCK];
    private final byte[] a = new byte[BLOCK];
    private final byte[] s = new byte[BLOCK];
    private final byte[] b = new byte[BLOCK];

    /**
     * @param key      the AES key, 16 or 32 bytes
     * @param tagBytes M of RFC 3610: 4, 6, 8, 10, 12, 14 or 16
     * @throws IllegalArgumentException on a bad key or tag length
     */
    public AesCcm(byte[] key, int tagBytes) {
        if (tagBytes < 4 || tagBytes > 16 || (tagBytes & 1) != 0) {
            throw new IllegalArgumentException("CCM tag length " + tagBytes);
        }
        this.tagBytes = tagBytes;
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES key: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts and checks {@code in[off, off + len)}, the ciphertext followed by the tag, into {@code out[outOff ..]}.
     *
     * @param nonce 7 to 13 bytes (L = 15 - nonce length)
     * @return the plaintext length, or -1 when the tag does not match or the input is shorter than the tag
     */
    public int open(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int off, int len, byte[] out,
                    int outOff) {
        int n = nonce.length;
        int l = 15 - n;
        int plain = len - tagBytes;
        if (n < 7 || n > 13 || plain < 0 || (l < 4 && plain >= 1L << (8 * l))) {
            return -1;
        }
        // counter mode: A_i = flags(L-1) || nonce || i
        a[0] = (byte) (l - 1);
        System.arraycopy(nonce, 0, a, 1, n);
        for (int done = 0, i = 1; done < plain; i++) {
            counter(i, l);
            block(a, s);
            int k = Math.min(BLOCK, plain - done);
            for (int j = 0; j < k; j++) {
                out[outOff + done + j] = (byte) (in[off + done + j] ^ s[j]);
            }
            done += k;
        }
        // CBC-MAC over B_0, the encoded AAD and the plaintext
        b[0] = (byte) ((aadLen > 0 ? 0x40 : 0) | (((tagBytes - 2) / 2) << 3) | (l - 1));
        System.arraycopy(nonce, 0, b, 1, n);
        for (int i = 0; i < l; i++) {
            b[BLOCK - 1 - i] = (byte) (plain >>> (8 * i));
        }
        java.util.Arrays.fill(x, (byte) 0);
        xorBlock(b, 0, BLOCK);
        if (aadLen > 0) {
            int pos;
            if (aadLen < 0xFF00) {
                x[0] ^= (byte) (aadLen >> 8);
                x[1] ^= (byte) aadLen;
                pos = 2;
            } else {
                x[0] ^= (byte) 0xff;
                x[1] ^= (byte) 0xfe;
                for (int i = 0; i < 4; i++) {
                    x[2 + i] ^= (byte) (aadLen >>> (24 - 8 * i));
                }
                pos = 6;
            }
            int done = 0;
            while (done < aadLen) {
                int k = Math.min(BLOCK - pos, aadLen - done);
                for (int j = 0; j < k; j++) {
                    x[pos + j] ^= aad[aadOff + done + j];
                }
                done += k;
                pos += k;
                if (pos == BLOCK || done == aadLen) {
                    block(x, x);
                    pos = 0;
                }
            }
        }
        for (int done = 0; done < plain; done += BLOCK) {
            int k = Math.min(BLOCK, plain - done);
            for (int j = 0; j < k; j++) {
                x[j] ^= out[outOff + done + j];
            }
            block(x, x);
        }
        counter(0, l);
        block(a, s);
        int diff = 0;
        for (int j = 0; j < tagBytes; j++) {
            diff |= (x[j] ^ s[j]) ^ in[off + plain + j];
        }
        return diff == 0 ? plain : -1;
    }

    private void counter(int i, int l) {
        for (int j = 0; j < l; j++) {
            a[BLOCK - 1 - j] = (byte) (i >>> (8 * j));
        }
    }

    private void xorBlock(byte[] src, int off, int len) {
        for (int j = 0; j < len; j++) {
            x[j] ^= src[off + j];
        }
        block(x, x);
    }

    private void block(byte[] in, byte[] out) {
        try {
            aes.update(in, 0, BLOCK, out, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
