package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tls.ClientHello;
import java.util.ArrayList;
import java.util.List;

/**
 * Alert 40 handshake_failure to a ClientHello that offers TLS 1.3, when none of its TLS 1.3 cipher suites (0x13xx,
 * RFC 8446 appendix B.4) is one the server chose in the capture's completed handshakes. A server that speaks TLS 1.3
 * selects it from supported_versions (RFC 8446 section 4.2.1) and then needs a TLS 1.3 suite in common: the
 * ClientHello's TLS 1.2 suites cannot be used with it, and a server that finds no common parameters aborts with
 * handshake_failure (section 4.1.1) rather than fall back to TLS 1.2. RFC 8446 section 9.1 makes
 * TLS_AES_128_GCM_SHA256 mandatory to implement, not to enable: a server limited by policy to
 * TLS_AES_256_GCM_SHA384 (CNSA, FIPS) refuses a client that offers only the others.
 */
final class Tls13SuiteGap {
    private static final int TLS13 = 0x0304;

    private Tls13SuiteGap() {
    }

    /**
     * The no_shared_cipher_suite finding for {@code ch}, answered by the server's alert 40, or null when it does not
     * offer TLS 1.3, when the server completed no handshake in the capture, or when one of its TLS 1.3 suites is one
     * the server chose. High confidence when the server's completed TLS 1.3 handshakes show its TLS 1.3 suites,
     * medium when it completed only older versions in the capture (its TLS 1.3 suites are then not known).
     *
     * @param ev the ClientHello and alert evidence lines
     */
    static Finding finding(ConnectionRecord r, ClientHello ch, List<Evidence> ev) {
        CipherOverlap c = r.cipherOverlap();
        if (ch == null || c == null || c.completedHandshakes() == 0 || !ch.supportedVersions().contains(TLS13)) {
            return null;
        }
        List<Integer> offered = tls13Suites(ch.cipherSuites());
        List<Integer> known = tls13Suites(c.serverAccepted());
        for (int s : offered) {
            if (known.contains(s)) {
                return null;
            }
        }
        String offers = offered.isEmpty() ? "offers TLS 1.3 without any TLS 1.3 cipher suite"
                : "offers TLS 1.3 with " + (offered.size() == 1 ? "the single TLS 1.3 suite " : "only the TLS 1.3 "
                + "suites ") + Diagnoser.names(offered);
        String why = known.isEmpty()
                ? "this ClientHello " + offers + "; the server's completed handshakes in this capture chose "
                        + Diagnoser.names(c.serverAccepted()) + ", none of them a TLS 1.3 suite. A server that speaks "
                        + "TLS 1.3 selects it and then needs a TLS 1.3 suite in common (RFC 8446 section 4.1.1): the "
                        + "TLS 1.2 suites cannot be used with it, and it refuses with alert 40 rather than fall back "
                        + "to TLS 1.2. TLS_AES_128_GCM_SHA256 is mandatory to implement (RFC 8446 section 9.1), not "
                        + "to enable: a server limited to TLS_AES_256_GCM_SHA384 (a CNSA or FIPS policy) refuses it"
                : "this server chose " + Diagnoser.names(known) + " in its completed TLS 1.3 handshakes, and this "
                        + "ClientHello " + offers + " (RFC 8446 section 4.1.1: with TLS 1.3 selected, only a TLS 1.3 "
                        + "suite can be chosen, and the server refuses with alert 40)";
        return new Finding(Cause.NO_SHARED_CIPHER_SUITE, known.isEmpty() ? Confidence.MEDIUM : Confidence.HIGH,
                "No shared cipher suite: " + why + ".", ev,
                "Enable a TLS 1.3 suite the client offers on the server (OpenSSL: -ciphersuites or "
                        + "Ciphersuites, apart from the TLS 1.2 cipher list), or offer the server's TLS 1.3 suites "
                        + "from the client" + (known.isEmpty() ? " (openssl s_client -tls1_3 -ciphersuites NAME "
                        + "tries one)" : "") + ".");
    }

    /** The TLS 1.3 suites (0x13xx) of {@code suites}, in order. */
    private static List<Integer> tls13Suites(List<Integer> suites) {
        List<Integer> out = new ArrayList<>();
        for (int s : suites) {
            if ((s & 0xff00) == 0x1300) {
                out.add(s);
            }
        }
        return out;
    }
}
