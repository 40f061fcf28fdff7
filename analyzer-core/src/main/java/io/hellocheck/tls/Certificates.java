package io.hellocheck.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * The Certificate handshake message (RFC 5246 section 7.4.2; RFC 8446 section 4.4.2): the certificate chain,
 * each certificate read by {@link CertificateInfo#parse}.
 *
 * <pre>
 * TLS 1.2 and earlier: opaque ASN.1Cert&lt;1..2^24-1&gt;; struct { ASN.1Cert certificate_list&lt;0..2^24-1&gt;; } Certificate;
 * TLS 1.3: struct { opaque certificate_request_context&lt;0..2^8-1&gt;;
 *                   CertificateEntry certificate_list&lt;0..2^24-1&gt;; } Certificate;
 *          struct { opaque cert_data&lt;1..2^24-1&gt;; Extension extensions&lt;0..2^16-1&gt;; } CertificateEntry;
 * </pre>
 *
 * <p>Bounded: at most {@link #MAX_CERTIFICATES} certificates are read, each of at most
 * {@link #MAX_CERTIFICATE_BYTES}; longer ones are counted and listed with a parse error instead.
 *
 * @param count        certificates in the message (all of them, also those not read)
 * @param certificates the first {@link #MAX_CERTIFICATES}, leaf first
 */
public record Certificates(int count, List<CertificateInfo> certificates) {
    /** Certificates read from one message. */
    public static final int MAX_CERTIFICATES = 10;
    /** Largest certificate read, in bytes. */
    public static final int MAX_CERTIFICATE_BYTES = 64 * 1024;

    public Certificates {
        certificates = List.copyOf(certificates);
    }

    /**
     * Decodes a Certificate message body.
     *
     * @param tls13 whether the TLS 1.3 layout applies (request context and per-certificate extensions)
     * @throws TlsDecodeException when the message structure is malformed (a certificate Java cannot read is
     *                            not an error: its entry says why)
     */
    public static Certificates parse(byte[] body, int off, int len, boolean tls13) throws TlsDecodeException {
        return parse(body, off, len, tls13, false);
    }

    /**
     * Decodes the first bytes of a Certificate message too large to keep whole: the certificates complete
     * within {@code [off, off + len)} are read, {@link #count()} counts only those.
     */
    public static Certificates parsePrefix(byte[] prefix, int off, int len, boolean tls13) throws TlsDecodeException {
        return parse(prefix, off, len, tls13, true);
    }

    private static Certificates parse(byte[] body, int off, int len, boolean tls13, boolean prefix)
            throws TlsDecodeException {
        ByteCursor c = ByteCursor.window(body, off, len);
        if (tls13) {
            c.vector8();
        }
        ByteCursor list;
        if (prefix) {
            c.u24();
            list = c.rest();
        } else {
            list = c.vector24();
            c.expectEnd("Certificate");
        }
        List<CertificateInfo> out = new ArrayList<>();
        int count = 0;
        while (!list.isEmpty()) {
            int at = list.offset();
            if (prefix && (list.remaining() < 3 || list.remaining() < 3 + peekU24(body, off + at))) {
                if (list.remaining() >= 3 && peekU24(body, off + at) > MAX_CERTIFICATE_BYTES
                        && out.size() < MAX_CERTIFICATES) {
                    count++;
                    out.add(tooLarge(peekU24(body, off + at)));
                }
                break;
            }
            ByteCursor der = list.vector24();
            if (der.isEmpty()) {
                throw new TlsDecodeException("empty certificate in the chain", at);
            }
            if (tls13) {
                list.vector16();
            }
            count++;
            if (out.size() >= MAX_CERTIFICATES) {
                continue;
            }
            int n = der.remaining();
            if (n > MAX_CERTIFICATE_BYTES) {
                out.add(tooLarge(n));
                continue;
            }
            out.add(CertificateInfo.parse(body, off + der.offset(), n));
        }
        return new Certificates(count, out);
    }

    private static CertificateInfo tooLarge(int n) {
        return new CertificateInfo(n, null, null, null, null, null, null, List.of(), List.of(), null, -1, null, false,
                false, "certificate of " + n + " bytes, more than the " + MAX_CERTIFICATE_BYTES + " read");
    }

    private static int peekU24(byte[] b, int i) {
        return ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
    }
}
