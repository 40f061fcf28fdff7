package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.alert;
import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.certificateMessage;
import static io.hellocheck.analysis.HandshakeDepthTest.clientHello;
import static io.hellocheck.analysis.HandshakeDepthTest.der;
import static io.hellocheck.analysis.HandshakeDepthTest.ext;
import static io.hellocheck.analysis.HandshakeDepthTest.handshake;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.vec8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.testing.Packets;
import org.junit.jupiter.api.Test;

/**
 * An old server without RFC 5746 secure renegotiation and an OpenSSL 3 client, as tshark read a tester's capture
 * (client-refuses-legacy-reneg.pcap, tcp.stream 0; gnutls-serv with %DISABLE_SAFE_RENEGOTIATION, curl -k, which
 * printed "unsafe legacy renegotiation disabled"): frame 4 the Client Hello, its suites ending with
 * TLS_EMPTY_RENEGOTIATION_INFO_SCSV (0x00ff); frame 6 Server Hello (TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, extensions
 * 11 and 23 only: no renegotiation_info, 0xff01), Certificate, Server Key Exchange, Server Hello Done; frame 8 the
 * client's fatal handshake_failure (40). The client checked no certificate (-k).
 */
class InsecureRenegotiationTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;

    private static ConnectionRecord refused(byte[] serverExtensions) {
        byte[] flight = record(22, Packets.concat(serverHello(0x0303, 0xc030, new byte[0], serverExtensions),
                certificateMessage(der("leaf")), handshake(12, new byte[0]), handshake(14, new byte[0])));
        return only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, clientHello(new byte[0], new byte[0], 0xc030, 0xc02f, 0x00ff))
                .serverData(T0 + 4 * MS, flight).clientData(T0 + 5 * MS, alert(2, 40))
                .clientFin(T0 + 6 * MS).serverFin(T0 + 7 * MS)));
    }

    @Test
    void aServerHelloWithoutRenegotiationInfoIsWhatTheClientRefused() {
        ConnectionRecord c = refused(Packets.concat(ext(11, vec8(new byte[] {0})), ext(23, new byte[0])));
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        Finding first = c.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_HELLO);
        assertThat(first.explanation()).contains("renegotiation_info", "RFC 5746");
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
    }

    @Test
    void aServerHelloWithRenegotiationInfoIsNoSuchCase() {
        ConnectionRecord c = refused(Packets.concat(ext(0xff01, vec8(new byte[0])), ext(11, vec8(new byte[] {0}))));
        assertThat(c.diagnosis()).noneMatch(f -> f.explanation().contains("RFC 5746"));
    }
}
