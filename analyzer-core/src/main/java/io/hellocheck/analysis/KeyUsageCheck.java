package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tls.CertificateInfo;
import io.hellocheck.tls.TlsNames;
import java.util.List;

/**
 * A server certificate whose keyUsage extension forbids what the negotiated suite asks of its key: with an (EC)DHE
 * suite authenticated by RSA, ECDSA or DSS, the key signs the ServerKeyExchange (RFC 5246 section 7.4.3; RFC 8422
 * section 5.4), and in TLS 1.3 it signs the CertificateVerify (RFC 8446 section 4.4.3), so the certificate must
 * assert digitalSignature when it has a keyUsage extension (RFC 5280 section 4.2.1.3). Clients that enforce it refuse
 * the certificate: Chromium since version 124 (ERR_SSL_KEY_USAGE_INCOMPATIBLE, a close without an alert in TLS 1.2,
 * illegal_parameter in TLS 1.3), OpenSSL for ECDSA ("ecc cert not for signing"), Go.
 */
final class KeyUsageCheck {
    private static final int ALERT_HANDSHAKE_FAILURE = 40;
    private static final int ALERT_BAD_CERTIFICATE = 42;
    private static final int ALERT_UNSUPPORTED_CERTIFICATE = 43;
    private static final int ALERT_CERTIFICATE_UNKNOWN = 46;
    private static final int ALERT_ILLEGAL_PARAMETER = 47;

    private KeyUsageCheck() {
    }

    /**
     * Adds a finding when the leaf's keyUsage lacks digitalSignature, the suite makes the key sign, and the client's
     * alert fits (none readable, or 40, 42, 43, 46, 47).
     *
     * @param alert the client's alert description, or -1 when none can be read (a close, an encrypted alert)
     */
    static void diagnose(ConnectionRecord r, int alert, String how, List<Evidence> ev, List<Finding> out) {
        ServerFlight f = r.serverFlight();
        if (f == null || f.certificates().isEmpty() || r.serverHello() == null || !fits(alert)) {
            return;
        }
        CertificateInfo leaf = f.certificates().get(0);
        int suite = r.serverHello().hello().cipherSuite();
        if (!leaf.keyUsageLacksDigitalSignature() || !signs(suite, r.serverHello().hello().tls13())) {
            return;
        }
        String signed = r.serverHello().hello().tls13() ? "its CertificateVerify (RFC 8446 section 4.4.3)"
                : "the ServerKeyExchange of " + TlsNames.cipherSuite(suite) + " (RFC 5246 section 7.4.3)";
        out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, Confidence.HIGH,
                "The server's certificate (" + leaf.subject() + ") has a keyUsage extension without digitalSignature ("
                        + (leaf.keyUsage().isEmpty() ? "no bit set" : String.join(", ", leaf.keyUsage())) + "), so its "
                        + "key may not sign " + signed + ", which this suite requires (RFC 5280 section 4.2.1.3); the "
                        + "client ended the handshake with " + how + ", as clients that enforce key usage do (Chromium "
                        + "since version 124: ERR_SSL_KEY_USAGE_INCOMPATIBLE). Clients that do not check it (curl with "
                        + "OpenSSL and an RSA key) complete with the same certificate.",
                ev, "Reissue the certificate with keyUsage digitalSignature (with keyEncipherment for RSA if "
                        + "static RSA key exchange must stay: keyUsage = critical, digitalSignature, keyEncipherment), "
                        + "or drop the keyUsage extension."));
    }

    private static boolean fits(int alert) {
        return alert < 0 || alert == ALERT_HANDSHAKE_FAILURE || alert == ALERT_BAD_CERTIFICATE
                || alert == ALERT_UNSUPPORTED_CERTIFICATE || alert == ALERT_CERTIFICATE_UNKNOWN
                || alert == ALERT_ILLEGAL_PARAMETER;
    }

    /** Whether the suite's key exchange makes the certificate's key sign: (EC)DHE with RSA, ECDSA or DSS; TLS 1.3. */
    static boolean signs(int suite, boolean tls13) {
        if (tls13) {
            return true;
        }
        String name = TlsNames.cipherSuite(suite);
        return name.contains("_ECDHE_RSA_") || name.contains("_ECDHE_ECDSA_") || name.contains("_DHE_RSA_")
                || name.contains("_DHE_DSS_");
    }
}
