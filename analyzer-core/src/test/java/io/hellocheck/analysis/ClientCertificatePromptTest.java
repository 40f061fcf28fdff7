package io.hellocheck.analysis;

import static io.hellocheck.analysis.LabCaptures.analyze;
import static io.hellocheck.analysis.LabCaptures.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import org.junit.jupiter.api.Test;

/**
 * Chromium asked for a client certificate (breaker3's finding 3): its net log shows sockets 1 and 2 ending with
 * ERR_SSL_CLIENT_AUTH_CERT_NEEDED and socket 3 completing (optional client authentication, nginx) or sending an empty
 * Certificate that Apache refused (ERR_BAD_SSL_CLIENT_AUTH_CERT). tshark: {@code chrome-mtls-optional-tls12.pcap}
 * frames 8 and 17 "Server Hello, Certificate, Server Key Exchange, Certificate Request, Server Hello Done" (tcp.stream
 * 0 and 1), the client's FIN without an alert, tcp.stream 2 "Certificate, Client Key Exchange, Change Cipher Spec" in
 * frame 34 then the server's Change Cipher Spec; {@code chrome-apache-mtls-required.pcap} with its key log: frames 15
 * and 19 "Server Hello, Change Cipher Spec, Encrypted Extensions, Certificate Request", tcp.stream 2 the client's
 * "Certificate, Finished" in frame 40. CONTRACT.md keeps the outcome: a FIN came first, FAILED_AFTER_SERVER_HELLO.
 */
class ClientCertificatePromptTest {

    /**
     * A prompt connection: failed after the ServerHello (CONTRACT.md: the client's FIN first), its first finding the
     * prompt at {@code confidence}, naming the same client's next connection (tcp.stream 2 in each of these captures).
     */
    private static Finding prompted(ConnectionRecord c, Finding.Confidence confidence) {
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        Finding first = c.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.CLIENT_CLOSED_ON_CERTIFICATE_REQUEST);
        assertThat(first.confidence()).isEqualTo(confidence);
        assertThat(first.explanation()).contains("tcp.stream 2 from the same client");
        return first;
    }

    @Test
    void tls12ThePromptIsNamedWithTheNextConnectionNotTheChain() {
        CaptureResult r = analyze("chrome-mtls-optional-tls12.pcap", null);
        long[] requestFrames = {8, 17};
        for (int s = 0; s < 2; s++) {
            ConnectionRecord c = stream(r, s);
            Finding first = prompted(c, Finding.Confidence.HIGH);
            assertThat(first.explanation()).contains("CertificateRequest, frame " + requestFrames[s])
                    .contains("completed");
            long frame = requestFrames[s];
            assertThat(first.evidence()).anyMatch(e -> e.frame() == frame && e.what().startsWith("CertificateRequest"));
            assertThat(c.diagnosis()).noneMatch(f -> f.explanation().contains("without the intermediate")
                    || f.explanation().contains("does not trust the issuer"));
        }
        assertThat(stream(r, 2).outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void tls13WithoutKeysTheNextConnectionInTheSameVersionMakesItLikely() {
        CaptureResult r = analyze("chrome-mtls-optional.pcap", null);
        for (int s = 0; s < 2; s++) {
            prompted(stream(r, s), Finding.Confidence.MEDIUM);
        }
    }

    @Test
    void tls13WithKeysTheDecryptedRequestIsNamedAndTheRealFailureKeepsItsCause() {
        CaptureResult r = analyze("chrome-apache-mtls-required.pcap", "chrome-apache-mtls-required.keys");
        long[] requestFrames = {15, 19};
        for (int s = 0; s < 2; s++) {
            ConnectionRecord c = stream(r, s);
            Finding first = prompted(c, Finding.Confidence.HIGH);
            assertThat(first.explanation()).contains("CertificateRequest, frame " + requestFrames[s])
                    .contains("sent an empty Certificate");
            assertThat(c.diagnosis()).noneMatch(f -> f.explanation().contains("does not trust the issuer"));
        }
        // socket 3: ERR_BAD_SSL_CLIENT_AUTH_CERT, Apache's "peer did not return a certificate"
        assertThat(stream(r, 2).diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_CERTIFICATE_REQUIRED);
    }
}
