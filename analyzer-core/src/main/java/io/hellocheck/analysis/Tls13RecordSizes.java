package io.hellocheck.analysis;

import io.hellocheck.tcp.Side;

/**
 * What the sizes of a TLS 1.3 connection's encrypted records tell without its keys. Every record after the ServerHello
 * is an application_data record holding the content, its real content type, any padding and the AEAD tag (RFC 8446
 * section 5.2), so an alert (2 bytes) is 19 bytes with a 16-byte tag, a Finished 53 or 69, an empty Certificate 25,
 * unless the sender pads (section 5.4). Whether the server pads shows in its flight: {@link #serverFlightRecord} is
 * given the length of each of its records before the client's flight. One per TLS 1.3 connection, made at its
 * ServerHello; lengths are in bytes, the record's header excluded.
 */
final class Tls13RecordSizes {
    /** SunJSSE's padding of every TLS 1.3 record it sends: 16 bytes (OpenJDK's SSLCipher, T13GcmWriteCipherGenerator). */
    private static final int SUNJSSE_RECORD_PADDING = 16;
    /** The smallest padding block taken as one (OpenSSL's RecordPadding / SSL_CTX_set_block_padding). */
    private static final int MIN_PADDING_BLOCK = 32;

    private final int cipherSuite;
    /** The length of the server's latest encrypted record before the client's flight (its Finished). */
    private int serverFlightLastRecord;
    /** The server's encrypted records before the client's flight. */
    private int serverFlightRecords;
    /** The greatest common divisor of those records' lengths less the AEAD tag (a padding block shows). */
    private int serverFlightBlock;

    /** @param cipherSuite the ServerHello's cipher suite (IANA code point) */
    Tls13RecordSizes(int cipherSuite) {
        this.cipherSuite = cipherSuite;
    }

    /** One more record of the server's encrypted flight, before any of the client's flight. */
    void serverFlightRecord(int length) {
        serverFlightLastRecord = length;
        serverFlightRecords++;
        serverFlightBlock = gcd(serverFlightBlock, length - aeadTagBytes());
    }

    /** AEAD tag length of the suite: 8 for TLS_AES_128_CCM_8_SHA256, else 16 (RFC 8446 appendix B.4). */
    int aeadTagBytes() {
        return cipherSuite == 0x1305 ? 8 : 16;
    }

    /** An unpadded alert's record: 2 bytes, the content type and the AEAD tag. */
    int alertBytes() {
        return 3 + aeadTagBytes();
    }

    /**
     * An unpadded empty Certificate's record: 8 bytes of handshake (RFC 8446 section 4.4.2: header, empty context,
     * empty list), the content type and the AEAD tag.
     */
    int emptyCertificateBytes() {
        return 8 + 1 + aeadTagBytes();
    }

    /**
     * An unpadded Finished's record: the message header, the HMAC of the suite's hash (48 bytes with SHA-384, 32
     * otherwise), the content type and the AEAD tag (RFC 8446 sections 4.4.4, 5.2).
     */
    int finishedRecordBytes() {
        int hash = cipherSuite == 0x1302 || cipherSuite == 0xc0b5 ? 48 : 32; // TLS_AES_256_GCM_SHA384, TLS_SHA384_SHA384 (RFC 9150)
        return 4 + hash + 1 + aeadTagBytes();
    }

    /**
     * Whether a record of {@code length} bytes from {@code from} has an alert's size: {@link #alertBytes}, or, from a
     * server that pads its records (RFC 8446 section 5.4: SunJSSE adds 16 bytes, OpenSSL's RecordPadding fills
     * blocks), no longer than its padded Finished, the shortest record of its flight. The server pads when, in a flight
     * of several records (a stack that packs its flight into one record shows nothing by that record's size), its
     * last record (its Finished) is a Finished and either {@link #SUNJSSE_RECORD_PADDING} bytes, or every record of the
     * flight less its tag is a multiple of one block of {@link #MIN_PADDING_BLOCK} bytes or more that the Finished's
     * padding is shorter than (block padding).
     */
    boolean alertSized(Side from, int length) {
        if (length == alertBytes()) {
            return true;
        }
        int padding = serverFlightLastRecord - finishedRecordBytes();
        boolean pads = padding == SUNJSSE_RECORD_PADDING
                || serverFlightBlock >= MIN_PADDING_BLOCK && padding > 0 && padding < serverFlightBlock;
        return from == Side.SERVER && serverFlightRecords >= 2 && pads && length <= serverFlightLastRecord;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
