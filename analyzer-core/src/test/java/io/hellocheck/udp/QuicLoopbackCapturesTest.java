package io.hellocheck.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.Cause;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.tcp.Side;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The QUIC captures made by {@code tools/make-quic-loopback-captures.sh} with Kwik 0.9.1 (server and client) on
 * loopback. Expected values are tshark 4.0.17's ({@code quic.long.packet_type}, {@code tls.handshake.type},
 * {@code quic.cc.error_code} 376 = 0x0100 + {@code quic.cc.error_code.tls_alert} 120) and what the client printed
 * ({@code *.client.txt}).
 */
class QuicLoopbackCapturesTest {

    private static ConnectionRecord only(String name) throws IOException {
        try (InputStream in = QuicLoopbackCapturesTest.class.getResourceAsStream(name)) {
            CaptureResult r = HelloCheck.builder().build().analyze(in, name);
            assertThat(r.connections()).hasSize(1);
            return r.connections().get(0);
        }
    }

    @Test
    void aRefusedAlpnIsAServerAlertFromTheConnectionClose() throws IOException {
        ConnectionRecord r = only("quic-alpn-refused.pcap");
        assertThat(r.transport()).isEqualTo("quic");
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(r.clientHello().frame()).isEqualTo(1);
        assertThat(r.clientHello().hello().alpn()).containsExactly("h3");
        assertThat(r.serverHello()).isNull();
        assertThat(r.udp().connectionClose().errorCode()).isEqualTo(376);
        assertThat(r.udp().connectionClose().frame()).isEqualTo(2);
        assertThat(r.alert().from()).isEqualTo(Side.SERVER);
        assertThat(r.alert().description()).isEqualTo(120);
        assertThat(r.alert().frame()).isEqualTo(2);
        assertThat(r.diagnosis()).noneMatch(f -> f.cause() == Cause.UDP_BLOCKED);
        // Kwik's server, configured for another protocol, refused the client's "h3" (RFC 9001 section 8.1: alert
        // 120 as CRYPTO_ERROR 0x178); the advice names HTTP/3's token, not HTTP/2's
        assertThat(r.diagnosis().get(0).cause()).isEqualTo(Cause.ALPN_MISMATCH);
        assertThat(r.diagnosis().get(0).nextStep()).contains("\"h3\"").doesNotContain("h2");
    }

    @Test
    void aRetryMakesTheSecondClientHelloTheLastAndTheHandshakeCompletes() throws IOException {
        ConnectionRecord r = only("quic-retry.pcap");
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.udp().retry().frame()).isEqualTo(2);
        assertThat(r.clientHello().frame()).isEqualTo(1);
        assertThat(r.retryClientHello().frame()).isEqualTo(3);
        // after the Retry, the Initial keys come from the Retry's Source Connection ID (frame 3's DCID)
        assertThat(r.udp().dcid()).isEqualTo("c93498db94db98c0");
        assertThat(r.serverHello().frame()).isEqualTo(4);
        assertThat(r.serverHello().hello().cipherSuite()).isEqualTo(0x1301);
        assertThat(r.diagnosis()).isEmpty();
    }
}
