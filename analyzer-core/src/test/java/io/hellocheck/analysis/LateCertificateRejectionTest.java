package io.hellocheck.analysis;

import static io.hellocheck.analysis.LabCaptures.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.report.TextReport;
import org.junit.jupiter.api.Test;

/**
 * Node.js checks the server certificate after a TLS 1.2 handshake and destroys the socket (breaker3's finding 2).
 * {@code node-tls12-cert-rejected.pcap}: {@code node nodeget.js} against nginx printed DEPTH_ZERO_SELF_SIGNED_CERT
 * (port 443, tcp.stream 0), CERT_HAS_EXPIRED (444, stream 1; the certificate's notAfter 2021-01-01) and
 * ERR_TLS_CERT_ALTNAME_INVALID (445, stream 2; its name other.example.test); tshark shows each handshake complete
 * (Change Cipher Spec both ways) and the client's FIN next (frames 10, 22, 34), no alert. CONTRACT.md keeps them
 * COMPLETED and not failed.
 */
class LateCertificateRejectionTest {

    @Test
    void eachCompletedHandshakeNamesWhatNodeRefused() {
        CaptureResult r = LabCaptures.analyze("node-tls12-cert-rejected.pcap", null);
        String[] what = {"single self-signed certificate", "expired (not after 2021-01-01T00:00:00Z)",
                "does not name www.b3.test (its names: other.example.test)"};
        long[] fins = {10, 22, 34};
        for (int s = 0; s < 3; s++) {
            ConnectionRecord c = stream(r, s);
            assertThat(c.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(c.failed()).isFalse();
            assertThat(c.diagnosis()).hasSize(1);
            Finding f = c.diagnosis().get(0);
            assertThat(f.cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
            assertThat(f.confidence()).isEqualTo(Finding.Confidence.MEDIUM);
            assertThat(f.explanation()).contains(what[s]);
            long fin = fins[s];
            assertThat(f.evidence()).anyMatch(e -> e.frame() == fin && e.what().startsWith("FIN from client"));
        }
        assertThat(r.connections()).noneMatch(ConnectionRecord::failed);
        assertThat(TextReport.render(r, true)).contains("Completed handshakes with a finding")
                .contains("tcp.stream 1 ").contains("client_rejected_server_certificate");
    }
}
