package io.hellocheck.analysis;

import io.hellocheck.tls.Certificates;
import io.hellocheck.tls.Memos;
import io.hellocheck.tls.TlsDecodeException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Certificate messages already decoded, by their bytes: the servers of a capture send the same chain in
 * every full handshake, and decoding it (X.509, SHA-256) each time was a fifth of the analysis of the
 * benchmark capture. {@link Certificates#parse} is a pure function of the bytes and the layout, and its
 * result is immutable, so a decoded message is shared. Shared by every thread; messages up to 32 KiB, at
 * most 64 of them (the map is emptied beyond); a message that does not decode is not kept.
 */
final class CertificateCache {
    private static final int MAX_ENTRIES = 64;
    private static final int MAX_MESSAGE_BYTES = 32 * 1024;
    private static final Map<Key, Certificates> DECODED = new ConcurrentHashMap<>();

    private CertificateCache() {
    }

    /** {@link Certificates#parse(byte[], int, int, boolean)}, once per distinct message. */
    static Certificates parse(byte[] body, int off, int len, boolean tls13) throws TlsDecodeException {
        if (len > MAX_MESSAGE_BYTES || off < 0 || len < 0 || off > body.length - len) {
            return Certificates.parse(body, off, len, tls13);
        }
        Certificates chain = DECODED.get(new Key(tls13, ByteBuffer.wrap(body, off, len)));
        if (chain == null) {
            chain = Certificates.parse(body, off, len, tls13);
            Memos.keep(DECODED, new Key(tls13, ByteBuffer.wrap(Arrays.copyOfRange(body, off, off + len))), chain,
                    MAX_ENTRIES);
        }
        return chain;
    }

    /**
     * The layout and the message's bytes (a buffer's remaining bytes, compared by content). The hash reads the
     * length, the first {@value #HASHED_HEAD} bytes (the leaf certificate's serial number is among them) and the
     * last {@value #HASHED_TAIL} (the last certificate's signature), not the whole message, which is hashed for
     * every full handshake; equal messages still need equal bytes.
     */
    private static final class Key {
        private static final int HASHED_HEAD = 128;
        private static final int HASHED_TAIL = 64;
        private final boolean tls13;
        private final ByteBuffer bytes;
        private final int hash;

        Key(boolean tls13, ByteBuffer bytes) {
            this.tls13 = tls13;
            this.bytes = bytes;
            int from = bytes.position();
            int to = bytes.limit();
            int h = 31 * (to - from) + (tls13 ? 1 : 0);
            for (int i = from, end = Math.min(to, from + HASHED_HEAD); i < end; i++) {
                h = 31 * h + bytes.get(i);
            }
            for (int i = Math.max(from + HASHED_HEAD, to - HASHED_TAIL); i < to; i++) {
                h = 31 * h + bytes.get(i);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.tls13 == tls13 && k.bytes.equals(bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
