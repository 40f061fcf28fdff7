package io.hellocheck.tls;

/**
 * Removes the protection of one direction's TLS records, for a {@link TlsStreamDecoder} that has the session's
 * keys (see {@code io.hellocheck.tls.decrypt}). The decoder hands over each record it would otherwise report as
 * encrypted, in stream order; the decryptor keeps the direction's sequence number and key stage.
 */
public interface RecordDecryptor {

    /**
     * Decrypts one record.
     *
     * @param contentType the record's outer content type (23 for every TLS 1.3 protected record)
     * @param version     the record header's version field
     * @param fragment    the record's fragment, in {@code fragment[0, length)}; not kept
     * @return the plaintext length (in {@link #plaintext()} from index 0), or -1 when the record does not
     *         decrypt with the keys at hand (its sequence number is then not consumed)
     */
    int open(int contentType, int version, byte[] fragment, int length);

    /** The content type of the record last opened: the inner one in TLS 1.3 (RFC 8446 section 5.2). */
    int contentType();

    /** The buffer holding the last plaintext; reused, valid until the next {@link #open}. */
    byte[] plaintext();
}
