package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Alert 40 handshake_failure to a ClientHello that offers a cipher suite the server chose in a completed handshake,
 * but lacks signature algorithms or groups that every completed ClientHello with the server offered: a server that
 * parsed the hello found no signature algorithm for its certificate or no group in common (RFC 8446 sections 4.1.1,
 * 4.2.3 and 4.2.7). The usual case: an ECDSA P-521 certificate, which needs ecdsa_secp521r1_sha512, a scheme
 * browsers do not offer.
 */
final class MissingOffers {
    private static final int ALERT_HANDSHAKE_FAILURE = 40;
    /** ecdsa_secp521r1_sha512 (RFC 8446 section 4.2.3). */
    private static final int ECDSA_SECP521R1_SHA512 = 0x0603;

    private MissingOffers() {
    }

    /** The finding for {@code r}, whose (last) ClientHello is {@code ch}, or null when it does not apply. */
    static Finding finding(ConnectionRecord r, ClientHello ch, ServerEvidence s, List<Evidence> ev) {
        CipherOverlap c = r.cipherOverlap();
        if (r.outcome() != Outcome.SERVER_ALERT || r.alert() == null || r.alert().from() != Side.SERVER
                || r.alert().encrypted() || r.alert().description() != ALERT_HANDSHAKE_FAILURE || c == null
                || c.offeredAndAccepted().isEmpty()) {
            return null;
        }
        List<Integer> schemes = lacking(s.completedSignatureAlgorithms(), ch.signatureAlgorithms());
        List<Integer> groups = lacking(s.completedGroups(), ch.supportedGroups());
        if (schemes.isEmpty() && groups.isEmpty()) {
            return null;
        }
        List<String> what = new ArrayList<>();
        if (!schemes.isEmpty()) {
            what.add("signature algorithms " + Diagnoser.names(schemes, TlsNames::signatureScheme));
        }
        if (!groups.isEmpty()) {
            what.add("groups " + Diagnoser.names(groups, TlsNames::group));
        }
        String handshakes = s.completed() == 1 ? "The completed handshake" : "Every completed handshake";
        return new Finding(Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM, Confidence.HIGH,
                "No shared group or signature algorithm: this ClientHello offers "
                        + TlsNames.cipherSuite(c.offeredAndAccepted().get(0)) + ", a suite the server chose in a "
                        + "completed handshake, but lacks what " + handshakes.toLowerCase(java.util.Locale.ROOT)
                        + " with this server offered: " + String.join("; ", what) + ". The server answered alert 40 "
                        + "handshake_failure, as a server that parsed the hello and found no signature algorithm for "
                        + "its certificate or no group in common does (RFC 8446 section 4.1.1).",
                ev, schemes.contains(ECDSA_SECP521R1_SHA512)
                        ? "If the server's certificate is ECDSA P-521 (it needs ecdsa_secp521r1_sha512, which browsers "
                                + "do not offer), give it an RSA or ECDSA P-256/P-384 certificate, alone or beside the "
                                + "P-521 one; else compare its curve list with this client's supported_groups."
                        : "Compare the server's certificate key type and curve list with this client's "
                                + "signature_algorithms and supported_groups: give the server a certificate the client "
                                + "can verify (RSA or ECDSA P-256/P-384), or enable a group the client offers.");
    }

    /** The values of {@code completed} that {@code offered} lacks, in {@code completed}'s order. */
    private static List<Integer> lacking(List<Integer> completed, List<Integer> offered) {
        List<Integer> out = new ArrayList<>();
        for (int v : completed) {
            if (!offered.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
