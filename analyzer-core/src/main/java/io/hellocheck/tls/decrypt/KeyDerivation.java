package io.hellocheck.tls.decrypt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key derivation functions of TLS: HKDF-Expand-Label (RFC 8446 section 7.1, over HKDF-Expand of RFC 5869
 * section 2.3) and the TLS PRFs (RFC 5246 section 5 for TLS 1.2, P_SHA256 or P_SHA384; RFC 2246 section 5
 * for TLS 1.0 and 1.1, P_MD5 XOR P_SHA1).
 */
public final class KeyDerivation {
    private KeyDerivation() {
    }

    /**
     * HKDF-Expand-Label(secret, label, context, length) of RFC 8446 section 7.1: HKDF-Expand with the info
     * {@code uint16 length, opaque label<7..255> = "tls13 " + label, opaque context<0..255>}.
     *
     * @param hmac   the HMAC algorithm of the suite's hash ({@code HmacSHA256} or {@code HmacSHA384})
     * @param length output length in bytes, at most 255 hash lengths
     * @throws IllegalArgumentException when the JDK lacks the algorithm or the length is out of range
     */
    public static byte[] expandLabel(String hmac, byte[] secret, String label, byte[] context, int length) {
        byte[] l = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + l.length + 1 + context.length];
        info[0] = (byte) (length >> 8);
        info[1] = (byte) length;
        info[2] = (byte) l.length;
        System.arraycopy(l, 0, info, 3, l.length);
        info[3 + l.length] = (byte) context.length;
        System.arraycopy(context, 0, info, 4 + l.length, context.length);
        return expand(hmac, secret, info, length);
    }

    /** HKDF-Expand(PRK, info, L) of RFC 5869 section 2.3. */
    static byte[] expand(String hmac, byte[] prk, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(prk, hmac));
            int hashLen = mac.getMacLength();
            if (length < 0 || length > 255 * hashLen) {
                throw new IllegalArgumentException("HKDF-Expand length " + length + " out of range");
            }
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(hmac + ": " + e.getMessage(), e);
        }
    }

    /**
     * The TLS 1.2 PRF of RFC 5246 section 5: P_hash(secret, label + seed) with the suite's PRF hash.
     *
     * @param hmac {@code HmacSHA256} (the default) or {@code HmacSHA384} (suites ending in _SHA384)
     */
    public static byte[] prf12(String hmac, byte[] secret, String label, byte[] seed, int length) {
        return pHash(hmac, secret, concat(label.getBytes(StandardCharsets.US_ASCII), seed), length);
    }

    /** The TLS 1.0 and 1.1 PRF of RFC 2246 section 5: P_MD5 over the secret's first half XOR P_SHA1 over its second. */
    public static byte[] prf10(byte[] secret, String label, byte[] seed, int length) {
        byte[] ls = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
        int half = (secret.length + 1) / 2;
        byte[] s1 = java.util.Arrays.copyOfRange(secret, 0, half);
        byte[] s2 = java.util.Arrays.copyOfRange(secret, secret.length - half, secret.length);
        byte[] md5 = pHash("HmacMD5", s1, ls, length);
        byte[] sha = pHash("HmacSHA1", s2, ls, length);
        for (int i = 0; i < length; i++) {
            md5[i] ^= sha[i];
        }
        return md5;
    }

    private static byte[] pHash(String hmac, byte[] secret, byte[] seed, int length) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, hmac));
            byte[] out = new byte[length];
            byte[] a = seed;
            int done = 0;
            while (done < length) {
                a = mac.doFinal(a);
                mac.update(a);
                mac.update(seed);
                byte[] t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(hmac + ": " + e.getMessage(), e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
