package io.hellocheck.tls.decrypt;

/**
 * One direction of a TLS 1.0 to 1.2 connection after its ChangeCipherSpec: one key from the key block, sequence
 * numbers from 0 (RFC 5246 section 6.1). Renegotiation is not followed.
 */
final class Tls12Direction extends Direction {
    private final RecordKey key;
    private long seq;

    Tls12Direction(RecordKey key) {
        this.key = key;
    }

    @Override
    public int open(int type, int version, byte[] fragment, int length) {
        int n = key.open(type, version, seq, fragment, length, out);
        if (n < 0) {
            return -1;
        }
        seq++;
        contentType = type;
        return n;
    }
}
