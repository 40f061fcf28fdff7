package io.hellocheck.tls.decrypt;

/**
 * One direction of a TLS 1.3 connection after the ServerHello: its records are protected first with the
 * handshake traffic secret, then with application traffic secret 0, then with each secret a KeyUpdate makes
 * (RFC 8446 section 7.2: {@code HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length)}). Traffic keys and
 * IVs come from {@code HKDF-Expand-Label(secret, "key" | "iv", "", length)} (section 7.3); each stage counts its
 * own sequence numbers from 0.
 *
 * <p>The decryptor moves to the next stage when a record no longer opens with the current one and opens with the
 * next (the Finished or KeyUpdate that switched the keys was just before it): it needs no view of the handshake.
 * A record opening with neither is left alone. The inner plaintext's zero padding is removed and its content
 * type kept (section 5.2).
 */
final class Tls13Direction extends Direction {
    /** How many KeyUpdates are followed; records after more stay encrypted. */
    private static final int MAX_GENERATIONS = 64;
    private final CipherSpec spec;
    /** The secret of the next application stage to derive, or null when the log lacks it. */
    private byte[] nextSecret;
    private int generations;
    private RecordKey current;
    private RecordKey next;
    private long seq;

    /**
     * @param handshakeSecret the direction's handshake traffic secret, or null when only the application secret
     *                        is logged
     * @param trafficSecret0  its application traffic secret 0, or null
     */
    Tls13Direction(CipherSpec spec, byte[] handshakeSecret, byte[] trafficSecret0) {
        this.spec = spec;
        this.nextSecret = trafficSecret0;
        if (handshakeSecret != null) {
            current = keyFor(handshakeSecret);
        } else {
            current = advance();
        }
    }

    /** The traffic key and IV of a secret (RFC 8446 section 7.3). */
    private RecordKey keyFor(byte[] secret) {
        byte[] key = KeyDerivation.expandLabel(spec.hashHmac(), secret, "key", new byte[0], spec.keyBytes());
        byte[] iv = KeyDerivation.expandLabel(spec.hashHmac(), secret, "iv", new byte[0], 12);
        return new AeadKey(spec, true, key, iv);
    }

    /** The key of the next application stage, its secret updated for the one after; null when none. */
    private RecordKey advance() {
        if (nextSecret == null || generations >= MAX_GENERATIONS) {
            return null;
        }
        byte[] secret = nextSecret;
        nextSecret = KeyDerivation.expandLabel(spec.hashHmac(), secret, "traffic upd", new byte[0], spec.hashBytes());
        generations++;
        return keyFor(secret);
    }

    @Override
    public int open(int outerType, int version, byte[] fragment, int length) {
        if (current != null) {
            int n = current.open(outerType, version, seq, fragment, length, out);
            if (n >= 0) {
                seq++;
                return inner(n);
            }
        }
        if (next == null) {
            next = advance();
        }
        if (next != null) {
            int n = next.open(outerType, version, 0, fragment, length, out);
            if (n >= 0) {
                current = next;
                next = null;
                seq = 1;
                return inner(n);
            }
        }
        return -1;
    }

    /** Strips TLSInnerPlaintext's zero padding; the last non-zero byte is the content type. */
    private int inner(int n) {
        int i = n - 1;
        while (i >= 0 && out[i] == 0) {
            i--;
        }
        if (i < 0) {
            contentType = -1;
            return -1;
        }
        contentType = out[i] & 0xff;
        return i;
    }
}
