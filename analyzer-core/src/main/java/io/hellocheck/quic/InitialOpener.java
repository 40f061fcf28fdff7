package io.hellocheck.quic;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens the Initial packets of one direction: removes the header protection (RFC 9001 section 5.4, AES-ECB
 * over a 16-byte sample 4 bytes after the packet number's start) and decrypts the payload (section 5.3,
 * AES-128-GCM, the nonce being the IV XOR the packet number, the header as associated data); the same for
 * Handshake packets with AES-GCM keys from a key log (AES-128 or AES-256). One instance per key set, not
 * thread-safe.
 */
public final class InitialOpener {
    private static final int SAMPLE = 16;
    private static final int TAG = 16;

    private final InitialKeys keys;
    private final Cipher ecb;
    private final Cipher gcm;
    private final SecretKeySpec aeadKey;
    private long largest = -1;

    /** A decrypted packet: its first byte and packet number with the protection removed, and the plaintext. */
    public record Opened(int firstByte, long packetNumber, byte[] header, byte[] payload) {
    }

    public InitialOpener(InitialKeys keys) {
        this.keys = keys;
        try {
            this.ecb = Cipher.getInstance("AES/ECB/NoPadding");
            this.ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.hp(), "AES"));
            this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB and AES/GCM are part of every Java runtime", e);
        }
        this.aeadKey = new SecretKeySpec(keys.key(), "AES");
    }

    /** The keys this opener uses. */
    public InitialKeys keys() {
        return keys;
    }

    /**
     * Opens the long-header packet {@code data[start .. end)} whose (protected) packet number starts at
     * {@code pnOffset}.
     *
     * @return the packet, or null when it is too short for the sample or does not authenticate (other keys,
     *         damage, or not an Initial packet at all)
     */
    public Opened open(byte[] data, int start, int pnOffset, int end) {
        if (start < 0 || pnOffset <= start || end > data.length || end - pnOffset < 4 + SAMPLE) {
            return null;
        }
        try {
            byte[] mask = ecb.doFinal(data, pnOffset + 4, SAMPLE);
            int first = (data[start] & 0xff) ^ (mask[0] & ((data[start] & 0x80) != 0 ? 0x0f : 0x1f));
            int pnLength = (first & 3) + 1;
            int headerLength = pnOffset + pnLength - start;
            if (end - pnOffset - pnLength < TAG) {
                return null;
            }
            byte[] header = new byte[headerLength];
            System.arraycopy(data, start, header, 0, headerLength);
            header[0] = (byte) first;
            long truncated = 0;
            for (int i = 0; i < pnLength; i++) {
                int b = (data[pnOffset + i] ^ mask[1 + i]) & 0xff;
                header[pnOffset - start + i] = (byte) b;
                truncated = (truncated << 8) | b;
            }
            long pn = decodePacketNumber(largest, truncated, pnLength * 8);
            byte[] nonce = keys.iv().clone();
            for (int i = 0; i < 8; i++) {
                nonce[nonce.length - 1 - i] ^= (byte) (pn >>> (8 * i));
            }
            gcm.init(Cipher.DECRYPT_MODE, aeadKey, new GCMParameterSpec(TAG * 8, nonce));
            gcm.updateAAD(header);
            int payloadStart = pnOffset + pnLength;
            byte[] payload = gcm.doFinal(data, payloadStart, end - payloadStart);
            largest = Math.max(largest, pn);
            return new Opened(first, pn, header, payload);
        } catch (GeneralSecurityException e) {
            return null; // does not authenticate with these keys
        }
    }

    /** RFC 9000 appendix A.3: the full packet number nearest to the next expected one. */
    static long decodePacketNumber(long largest, long truncated, int bits) {
        long expected = largest + 1;
        long window = 1L << bits;
        long half = window / 2;
        long mask = window - 1;
        long candidate = (expected & ~mask) | truncated;
        if (candidate <= expected - half && candidate < (1L << 62) - window) {
            return candidate + window;
        }
        if (candidate > expected + half && candidate >= window) {
            return candidate - window;
        }
        return candidate;
    }
}
