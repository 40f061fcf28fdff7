package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.certificateMessage;
import static io.hellocheck.analysis.HandshakeDepthTest.der;
import static io.hellocheck.analysis.HandshakeDepthTest.handshake;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static io.hellocheck.analysis.LabCaptures.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.testing.Packets;
import org.junit.jupiter.api.Test;

/**
 * A server certificate whose keyUsage lacks digitalSignature (breaker3's finding 7). The test certificate
 * {@code ku-keyencipherment.der} is made by OpenSSL ({@code certs/generate.sh}); {@code openssl x509 -ext keyUsage}
 * prints "X509v3 Key Usage: critical / Key Encipherment". RFC 5280 section 4.2.1.3 and RFC 5246 section 7.4.3: with
 * ECDHE_RSA (0xc02f) the key signs the ServerKeyExchange, so it needs digitalSignature; with static RSA key exchange
 * (TLS_RSA_WITH_AES_128_GCM_SHA256, 0x009c) it does not sign. The lab capture {@code chrome-keyusage-TLSv12.pcap}:
 * curl completed in tcp.stream 0; Chromium's net log ends sockets 1 and 2 with ERR_SSL_KEY_USAGE_INCOMPATIBLE, tshark
 * frame 28 shows "digitalSignature: False", "keyEncipherment: True", cipher suite 0xc02f, the client's FIN next.
 */
class KeyUsageTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;

    private static ConnectionRecord closedSilently(int suite) {
        byte[] flight = record(22, Packets.concat(serverHello(0x0303, suite, new byte[0], new byte[0]),
                certificateMessage(der("ku-keyencipherment"), der("ku-ca")), handshake(14, new byte[0])));
        return only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello()).serverData(T0 + 4 * MS, flight)
                .clientFin(T0 + 6 * MS).serverFin(T0 + 7 * MS)));
    }

    @Test
    void theKeyUsageIsReadAsOpensslPrintsIt() {
        ConnectionRecord c = closedSilently(0xc02f);
        assertThat(c.serverFlight().certificates().get(0).keyUsage()).containsExactly("keyEncipherment");
        assertThat(c.serverFlight().certificates().get(1).keyUsage()).isNull(); // the CA was made without keyUsage
    }

    @Test
    void anEcdheRsaSuiteNeedsDigitalSignature() {
        ConnectionRecord c = closedSilently(0xc02f);
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        Finding first = c.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
        assertThat(first.confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(first.explanation()).contains("keyUsage extension without digitalSignature (keyEncipherment)")
                .contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void staticRsaKeyExchangeSignsNothing() {
        ConnectionRecord c = closedSilently(0x009c);
        assertThat(c.diagnosis()).noneMatch(f -> f.explanation().contains("digitalSignature"));
    }

    @Test
    void chromiumRefusesWhatCurlTookAndTheChainIsNotBlamed() {
        CaptureResult r = LabCaptures.analyze("chrome-keyusage-TLSv12.pcap", null);
        assertThat(stream(r, 0).outcome()).isEqualTo(Outcome.COMPLETED);
        for (int s = 1; s <= 2; s++) {
            ConnectionRecord c = stream(r, s);
            assertThat(c.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
            assertThat(c.diagnosis().get(0).explanation()).contains("without digitalSignature (keyEncipherment)");
            // the same chain completed in tcp.stream 0: no missing intermediate
            assertThat(c.diagnosis()).noneMatch(f -> f.explanation().contains("without the intermediate"));
        }
    }
}
