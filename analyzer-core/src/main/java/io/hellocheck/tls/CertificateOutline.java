package io.hellocheck.tls;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The outer fields of a DER certificate that {@code java.security.cert} refused (RFC 5280 section 4.1): its serial
 * number, issuer and subject names, and whether its public key carries explicit elliptic-curve parameters, which is
 * the usual reason the JDK refuses one ("Only named ECParameters supported").
 *
 * <pre>
 * Certificate  ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
 * TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber INTEGER, signature AlgorithmIdentifier,
 *                               issuer Name, validity SEQUENCE, subject Name, subjectPublicKeyInfo, ... }
 * </pre>
 *
 * @param serial               serial number, lowercase hex as {@link BigInteger#toString(int)} writes it
 * @param issuer               DER encoding of the issuer Name
 * @param subject              DER encoding of the subject Name
 * @param explicitEcParameters the key is id-ecPublicKey with specifiedCurve parameters (a SEQUENCE) instead of a
 *                             namedCurve OID, which RFC 5480 section 2.1.1 forbids (the CurveBall attack,
 *                             CVE-2020-0601, spoofed a root this way)
 */
record CertificateOutline(String serial, byte[] issuer, byte[] subject, boolean explicitEcParameters) {
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int OID = 0x06;
    private static final int VERSION = 0xa0;
    /** id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 section 2.1.1), as DER content bytes. */
    private static final byte[] EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    /**
     * Reads the outline of the certificate in {@code der[off, off + len)}.
     *
     * @return the outline, or null when the bytes are not a certificate's DER structure; never throws
     */
    static CertificateOutline read(byte[] der, int off, int len) {
        Der top = new Der(der, off, off + len);
        Der cert = top.enter(SEQUENCE);
        Der tbs = cert == null ? null : cert.enter(SEQUENCE);
        if (tbs == null || tbs.peek() == VERSION && !tbs.skip()) {
            return null;
        }
        int[] serial = tbs.next(INTEGER);
        if (serial == null || !tbs.skip()) {
            return null;
        }
        int[] issuer = tbs.element(SEQUENCE);
        if (issuer == null || !tbs.skip()) {
            return null;
        }
        int[] subject = tbs.element(SEQUENCE);
        Der spki = tbs.enter(SEQUENCE);
        Der algorithm = spki == null ? null : spki.enter(SEQUENCE);
        if (subject == null || algorithm == null) {
            return null;
        }
        int[] oid = algorithm.next(OID);
        boolean ec = oid != null && Arrays.equals(der, oid[0], oid[1], EC_PUBLIC_KEY, 0, EC_PUBLIC_KEY.length);
        if (serial[0] == serial[1]) {
            return null;
        }
        return new CertificateOutline(new BigInteger(der, serial[0], serial[1] - serial[0]).toString(16),
                Arrays.copyOfRange(der, issuer[0], issuer[1]), Arrays.copyOfRange(der, subject[0], subject[1]),
                ec && algorithm.peek() == SEQUENCE);
    }

    /** A cursor over the DER elements in {@code [pos, end)}; definite lengths only, as DER requires. */
    private static final class Der {
        private final byte[] b;
        private int pos;
        private final int end;

        Der(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        /** The next element's tag, or -1 at the end. */
        int peek() {
            return pos < end ? b[pos] & 0xff : -1;
        }

        /** {start of the header, start of the content, end} of the next element, or null when malformed. */
        private int[] bounds() {
            if (pos + 2 > end) {
                return null;
            }
            int first = b[pos + 1] & 0xff;
            int content = pos + 2;
            long length = first;
            if (first > 0x80) {
                int n = first & 0x7f;
                if (n > 4 || content + n > end) {
                    return null;
                }
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = length << 8 | b[content + i] & 0xff;
                }
                content += n;
            } else if (first == 0x80) {
                return null;
            }
            return length > end - content ? null : new int[] {pos, content, content + (int) length};
        }

        /** Moves past the next element; false when malformed. */
        boolean skip() {
            int[] e = bounds();
            if (e == null) {
                return false;
            }
            pos = e[2];
            return true;
        }

        /** The next element's content {start, end} when it has {@code tag}, moving past it; else null. */
        int[] next(int tag) {
            int[] e = take(tag);
            return e == null ? null : new int[] {e[1], e[2]};
        }

        /** The whole next element, header included, {start, end}, when it has {@code tag}, moving past it. */
        int[] element(int tag) {
            int[] e = take(tag);
            return e == null ? null : new int[] {e[0], e[2]};
        }

        /** {@link #bounds} of the next element when it has {@code tag}, moving past it; else null. */
        private int[] take(int tag) {
            int[] e = peek() == tag ? bounds() : null;
            if (e != null) {
                pos = e[2];
            }
            return e;
        }

        /** A cursor over the next element's content when it has {@code tag}, moving past it; else null. */
        Der enter(int tag) {
            int[] c = next(tag);
            return c == null ? null : new Der(b, c[0], c[1]);
        }
    }
}
