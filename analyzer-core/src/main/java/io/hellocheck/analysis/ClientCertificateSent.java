package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * TLS 1.3 without the session's keys: the client's first encrypted record after the server's flight is far larger than
 * any Finished, so it holds a Certificate with a certificate in it (then its CertificateVerify, then its Finished). A
 * client sends a Certificate only when the server asked for one (RFC 8446 section 4.4.2: a CertificateRequest, hidden
 * in the server's encrypted flight), and the client's first message after the server's Finished is either that
 * Certificate or its own Finished (section 4.4.4), whose record has a known size. When the server then ends the
 * handshake, it rejected the certificate (an untrusted issuer, a failed check after the handshake, as Node.js does
 * with {@code rejectUnauthorized}). Lengths are a record's bytes without its header.
 */
final class ClientCertificateSent {
    /** How the evidence line of the client's first record starts. */
    static final String EVIDENCE = "client's first encrypted record is larger than any Finished";
    /** The end of the reason when the server closed after such a flight. */
    static final String REASON = "The client's first encrypted record is larger than any Finished: it sent a "
            + "certificate, which a client does only when the server asks (RFC 8446 section 4.4.2), and the server "
            + "ended the handshake after it.";
    /**
     * Bytes a first record must exceed a Finished's record by to hold a certificate: far more than any padding of a
     * Finished seen (SunJSSE's 16 bytes) and far less than a DER certificate (a few hundred bytes at least).
     */
    private static final int MARGIN_BYTES = 128;

    private ClientCertificateSent() {
    }

    /**
     * Whether the client's first encrypted record of {@code length} bytes holds a certificate.
     *
     * @param padding        the client's record padding as its Finished showed, or 0
     * @param finishedRecord an unpadded Finished's record under the suite
     */
    static boolean bySize(int length, int padding, int finishedRecord) {
        return length > finishedRecord + padding + MARGIN_BYTES;
    }

    /** The evidence line at the client's first encrypted record ({@link #bySize}). */
    static String evidence(int length, int finishedRecord) {
        return EVIDENCE + " (" + length + " bytes, a Finished's is " + finishedRecord + "): a Certificate with a "
                + "certificate in it, which a client sends only when the server asked for one (RFC 8446 section 4.4.2)";
    }

    /**
     * The diagnosis of a TLS 1.3 handshake the server ended (by alert or close) after such a client flight, or null.
     *
     * @param a the decisive alert, or null
     */
    static Finding finding(ConnectionRecord r, AlertInfo a, List<Evidence> ev) {
        List<Evidence> sent = Diagnoser.lastEvidence(r, EVIDENCE);
        if (sent.isEmpty() || r.closedBy() == null && a == null) {
            return null;
        }
        List<Evidence> evidence = new ArrayList<>(ev);
        evidence.addAll(sent);
        for (Evidence e : Diagnoser.closeEvidence(r)) {
            if (!evidence.contains(e)) {
                evidence.add(e);
            }
        }
        evidence.sort(Comparator.comparingLong(Evidence::frame));
        String how = a != null ? "an encrypted alert" : "a " + r.closedBy().how();
        return new Finding(Cause.CLIENT_CERTIFICATE_REQUIRED, Confidence.MEDIUM,
                "The client sent a certificate, by its flight's record sizes (its first encrypted record, frame "
                        + sent.get(0).frame() + ", is far larger than a Finished), which it does only when the server "
                        + "asks for one (RFC 8446 section 4.4.2), and the server ended the handshake with " + how
                        + ": it rejected the certificate (an issuer it does not trust, an expired certificate, or a "
                        + "check after the handshake, as Node.js makes with rejectUnauthorized).",
                evidence, "Check the client's certificate against what the server trusts (its client-CA list, the "
                        + "certificate's validity and key usage) and the server's log for this connection."
                        + Diagnoser.keyLogHint(r));
    }
}
