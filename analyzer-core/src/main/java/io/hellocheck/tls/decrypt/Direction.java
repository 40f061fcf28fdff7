package io.hellocheck.tls.decrypt;

import io.hellocheck.tls.RecordDecryptor;
import io.hellocheck.tls.TlsStreamDecoder;

/**
 * What the decryptor of one direction keeps whatever the TLS version: the plaintext buffer, reused for each record,
 * and the content type of the record last opened.
 */
abstract class Direction implements RecordDecryptor {
    /** The last plaintext, from index 0; as long as the longest record {@link TlsStreamDecoder} takes. */
    final byte[] out = new byte[TlsStreamDecoder.MAX_RECORD_LENGTH];
    /** The content type of the record last opened; -1 before the first, or when it has none (TLS 1.3). */
    int contentType = -1;

    @Override
    public int contentType() {
        return contentType;
    }

    @Override
    public byte[] plaintext() {
        return out;
    }
}
