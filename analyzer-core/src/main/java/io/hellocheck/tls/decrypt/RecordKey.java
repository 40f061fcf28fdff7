package io.hellocheck.tls.decrypt;

/**
 * The keys of one direction at one stage: removes the protection of a record given its sequence number.
 * Implementations reuse their buffers and {@code javax.crypto} objects; not thread-safe.
 */
abstract class RecordKey {
    /**
     * @param contentType the record header's content type
     * @param version     the record header's version
     * @param seq         the record's sequence number under this key, from 0
     * @param in          the fragment, {@code in[0, len)}
     * @param out         where the plaintext goes from index 0; at least {@code len} bytes
     * @return the plaintext length (for TLS 1.3 the TLSInnerPlaintext, content type and padding included), or -1
     */
    abstract int open(int contentType, int version, long seq, byte[] in, int len, byte[] out);

    /** Writes the TLS 1.2 AEAD / MAC additional data seq_num || type || version || length into {@code ad[0, 13)}. */
    static void additionalData(byte[] ad, long seq, int contentType, int version, int length) {
        for (int i = 0; i < 8; i++) {
            ad[i] = (byte) (seq >>> (56 - 8 * i));
        }
        ad[8] = (byte) contentType;
        ad[9] = (byte) (version >> 8);
        ad[10] = (byte) version;
        ad[11] = (byte) (length >> 8);
        ad[12] = (byte) length;
    }
}
