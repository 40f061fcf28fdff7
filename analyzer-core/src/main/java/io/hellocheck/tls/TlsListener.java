package io.hellocheck.tls;

/**
 * Receives what a {@link TlsStreamDecoder} finds in one direction's byte stream, in stream order.
 *
 * <p>Frames are numbered from 1; times are capture times in nanoseconds since the epoch.
 */
public interface TlsListener {

    /**
     * A complete plaintext handshake message (RFC 8446 section 4; RFC 5246 section 7.4).
     *
     * @param type     HandshakeType (1 client_hello, 2 server_hello, ...)
     * @param body     message body after the 4-byte header, in {@code body[0 .. length)}: the decoder's own
     *                 buffer, which may be longer than the message and is reused for the next message, so
     *                 valid only during the call (copy what must last); null for a message too large to keep
     * @param length   body length in bytes
     * @param frames   frames that carried the records holding the message, first to last
     */
    void onHandshake(int type, byte[] body, int length, FrameSpan frames);

    /** A plaintext ChangeCipherSpec record (RFC 5246 section 7.1); later records of this direction are encrypted. */
    void onChangeCipherSpec(long frame, long timeNanos);

    /** A plaintext alert (RFC 8446 section 6): level 1 warning or 2 fatal, and the AlertDescription. */
    void onAlert(int level, int description, long frame, long timeNanos);

    /**
     * An encrypted record: application_data (23), or a handshake or alert record sent after this
     * direction's ChangeCipherSpec (its content cannot be read).
     *
     * @param contentType the record's outer content type
     * @param length      the record's length field in bytes
     */
    void onEncryptedRecord(int contentType, int length, long frame, long timeNanos);

    /**
     * The stream does not start with a TLS record (or turned into non-TLS bytes after records).
     *
     * @param firstBytes up to 64 of the bytes, copied
     */
    void onNotTls(byte[] firstBytes, long frame, long timeNanos);

    /** A record or handshake message violates the format; decoding of this direction stops. */
    void onProtocolError(String what, long frame, long timeNanos);

    /**
     * A handshake message larger than {@link TlsStreamDecoder#MAX_HANDSHAKE_BYTES}: only its first bytes were
     * kept. By default reported as {@link #onHandshake} with a null body.
     *
     * @param prefix the first {@link TlsStreamDecoder#MAX_HANDSHAKE_BYTES} bytes of the body
     * @param length the whole body's length in bytes
     */
    default void onOversizedHandshake(int type, byte[] prefix, int length, FrameSpan frames) {
        onHandshake(type, null, length, frames);
    }

    /**
     * A handshake message whose rest is missing from the capture (cut by the snaplen, or a segment not captured):
     * the bytes of it that came before the gap. Ignored unless overridden.
     *
     * @param body     the bytes read, in {@code body[0 .. have)}: the decoder's own buffer, valid during the call only
     * @param have     bytes of the body read
     * @param declared the body's length from its handshake header
     * @param frames   frames that carried the bytes read
     */
    default void onTruncatedHandshake(int type, byte[] body, int have, int declared, FrameSpan frames) {
    }

    /**
     * An SSL 2.0 record (see {@link SslV2}): a message in the clear (CLIENT-HELLO, CLIENT-MASTER-KEY,
     * SERVER-HELLO, ERROR), or an encrypted record. Ignored unless overridden.
     *
     * @param msgType the message's msg_type ({@link SslV2#CLIENT_HELLO} ...), or -1 for an encrypted record
     * @param body    the record's data from the msg_type byte on, or null when encrypted
     * @param length  the record's data length in bytes (without padding)
     * @param frames  frames that carried the record
     */
    default void onSslV2Message(int msgType, byte[] body, int length, FrameSpan frames) {
    }

    /**
     * A handshake message read from decrypted records (see {@link TlsStreamDecoder#setDecryptor}): the TLS 1.3
     * messages after the ServerHello (EncryptedExtensions, Certificate, CertificateRequest, CertificateVerify,
     * Finished, NewSessionTicket, KeyUpdate), or the TLS 1.2 Finished after a ChangeCipherSpec. Same arguments as
     * {@link #onHandshake}; ignored unless overridden.
     */
    default void onDecryptedHandshake(int type, byte[] body, int length, FrameSpan frames) {
    }

    /** An alert read from a decrypted record: level 1 warning or 2 fatal, and the AlertDescription. Ignored unless overridden. */
    default void onDecryptedAlert(int level, int description, long frame, long timeNanos) {
    }

    /**
     * A protected record that was decrypted, after its handshake messages or alert were delivered. Ignored unless
     * overridden.
     *
     * @param contentType     its content type (the inner one in TLS 1.3): 21 alert, 22 handshake, 23 application_data
     * @param plaintextLength its plaintext length in bytes (TLS 1.3: without content type and padding)
     * @param length          the record's length field in bytes
     */
    default void onDecryptedRecord(int contentType, int plaintextLength, int length, long frame, long timeNanos) {
    }
}
