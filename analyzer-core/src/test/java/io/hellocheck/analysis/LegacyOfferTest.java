package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.alert;
import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.clientHello;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * ClientHellos whose offer is the problem, so that the advice must point at the client, never at weakening the
 * server. Their offers are those tshark shows of two public captures: ndpi's tls_alert.pcap (frame 4: version
 * 0x0301, nine suites ending with TLS_FALLBACK_SCSV 0x5600; frame 6: alert 70) and zeek's
 * tls-1.2-handshake-failure.pcap (frame 4: eight NULL-encryption suites and TLS_EMPTY_RENEGOTIATION_INFO_SCSV;
 * frame 6: alert 40).
 */
class LegacyOfferTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;

    private static ConnectionRecord answered(byte[] hello, int alert) {
        return only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 3 * MS, hello)
                .serverData(T0 + 4 * MS, alert(2, alert)).serverFin(T0 + 5 * MS).clientFin(T0 + 6 * MS)));
    }

    @Test
    void aFallbackRetryAtTls10IsSentBackToTheClientsFirstAttempt() {
        ConnectionRecord c = answered(clientHello(0x0301, new byte[0], new byte[0], 0x002f, 0x0033, 0x0035, 0x0039,
                0xc009, 0xc00a, 0xc013, 0xc014, 0x5600), 70);
        Finding first = c.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.VERSION_MISMATCH);
        assertThat(first.explanation()).contains("TLS_FALLBACK_SCSV", "RFC 7507");
        assertThat(first.nextStep()).startsWith("Find why the client's first attempt, at a higher version, failed")
                .contains("RFC 8996").doesNotStartWith("Enable");
    }

    @Test
    void aTls10OfferWithoutTheFallbackSignalAsksToUpdateTheClient() {
        ConnectionRecord c = answered(clientHello(0x0301, new byte[0], new byte[0], 0x002f, 0x0035), 70);
        Finding first = c.diagnosis().get(0);
        assertThat(first.explanation()).doesNotContain("TLS_FALLBACK_SCSV");
        assertThat(first.nextStep()).startsWith("The client offers up to TLSv1.0, which RFC 8996 deprecates");
    }

    @Test
    void onlyNullEncryptionSuitesAreTheClientsToFix() {
        ConnectionRecord c = answered(clientHello(new byte[0], new byte[0], 0xc010, 0xc006, 0xc015, 0xc00b, 0xc001,
                0x003b, 0x0002, 0x0001, 0x00ff), 40);
        Finding first = c.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.NO_SHARED_CIPHER_SUITE);
        assertThat(first.explanation()).contains("only cipher suites without encryption",
                "TLS_ECDHE_RSA_WITH_NULL_SHA").doesNotContain("TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
        assertThat(first.nextStep()).startsWith("Fix the client's cipher configuration");
    }
}
