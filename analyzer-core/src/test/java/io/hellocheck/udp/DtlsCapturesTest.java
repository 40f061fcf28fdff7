package io.hellocheck.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.tcp.Side;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The DTLS captures made by {@code tools/make-dtls-captures.sh} with openssl 3.0 on loopback. Expected values
 * are what openssl's client printed ({@code *.client.txt} beside each capture: "Cipher is ...", "SSL alert
 * number 40") and the frames tshark 4.0.17 shows (1 ClientHello, 2 HelloVerifyRequest, 3 ClientHello with the
 * cookie, 4 ServerHello or the alert).
 */
class DtlsCapturesTest {

    private static ConnectionRecord only(String name) throws IOException {
        try (InputStream in = DtlsCapturesTest.class.getResourceAsStream(name)) {
            CaptureResult r = HelloCheck.builder().build().analyze(in, name);
            assertThat(r.connections()).hasSize(1);
            return r.connections().get(0);
        }
    }

    @Test
    void dtls12WithCookieRoundCompletes() throws IOException {
        ConnectionRecord r = only("dtls12-cookie.pcap");
        assertThat(r.transport()).isEqualTo("dtls");
        assertThat(r.udp().udpStream()).isZero();
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.clientHello().frame()).isEqualTo(1);
        assertThat(r.udp().helloVerifyRequest().frame()).isEqualTo(2);
        assertThat(r.retryClientHello().frame()).isEqualTo(3);
        assertThat(r.serverHello().frame()).isEqualTo(4);
        // "New, TLSv1.2, Cipher is ECDHE-RSA-AES256-GCM-SHA384"
        assertThat(r.serverHello().hello().cipherSuite()).isEqualTo(0xc030);
        assertThat(r.serverHello().hello().legacyVersion()).isEqualTo(0xfefd);
        assertThat(r.retryClientHello().hello().serverName()).isEqualTo("dtls.test");
    }

    @Test
    void noCommonSuiteIsAServerAlert() throws IOException {
        ConnectionRecord r = only("dtls12-alert.pcap");
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(r.serverHello()).isNull();
        // "sslv3 alert handshake failure ... SSL alert number 40", in frame 4
        assertThat(r.alert().from()).isEqualTo(Side.SERVER);
        assertThat(r.alert().description()).isEqualTo(40);
        assertThat(r.alert().frame()).isEqualTo(4);
        assertThat(r.retryClientHello().hello().cipherSuites()).contains(0x002f); // AES128-SHA offered
    }

    @Test
    void aClosedPortAnswersWithIcmpPortUnreachable() throws IOException {
        // tshark: 1 Client Hello, 2 ICMP Destination unreachable (Port unreachable); the client: "write:errno=111"
        ConnectionRecord r = only("dtls-closed-port.pcap");
        assertThat(r.transport()).isEqualTo("dtls");
        assertThat(r.outcome()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(r.udp().portUnreachable().frame()).isEqualTo(2);
        assertThat(r.diagnosis().get(0).cause()).isEqualTo(io.hellocheck.analysis.Cause.PORT_NOT_LISTENING);
    }

    @Test
    void dtls10WithFragmentedCertificateCompletes() throws IOException {
        ConnectionRecord r = only("dtls10.pcap");
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
        // "New, TLSv1.0, Cipher is ECDHE-RSA-AES256-SHA"
        assertThat(r.serverHello().hello().cipherSuite()).isEqualTo(0xc014);
        assertThat(r.serverHello().hello().legacyVersion()).isEqualTo(0xfeff);
        assertThat(r.serverHello().frame()).isEqualTo(4);
    }
}
