package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.alert;
import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12ClientFlight;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12ServerFlight;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.tcp.Side;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A client that ends the handshake on the server's warning unrecognized_name (RFC 6066 section 3 lets the server go
 * on after it; Java 7 took it as fatal: "SSLProtocolException: handshake alert: unrecognized_name"). As tshark read
 * captures of openssl s_server -servername good.example and a client asking for another name: 4 Client Hello, 6 Alert
 * (Level: Warning, Description: Unrecognized Name), then the client's RST, FIN or fatal alert; or the Server Hello
 * arrives before the client's RST. Frames as Wireshark numbers them: SYN 1, SYN-ACK 2, ACK 3, then one per segment.
 */
class SniWarningAbortTest {
    private static final long T0 = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long MS = 1_000_000L;
    private static final byte[] WARNING_112 = alert(1, 112);

    @Test
    void aClientThatResetsOnTheWarningGotTheServersAlertAsItsAnswer() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())          // frame 4
                .serverData(T0 + 4 * MS, WARNING_112)           // frame 5
                .clientRst(T0 + 5 * MS)));                      // frame 6
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(c.alert().frame()).isEqualTo(5);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.SNI_PROBLEM);
    }

    @Test
    void aClientsFatalAlertOnTheWarningIsTheRecordsAlertAndTheServersWarningTheDiagnosis() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())          // frame 4
                .serverData(T0 + 4 * MS, WARNING_112)           // frame 5
                .clientData(T0 + 5 * MS, alert(2, 40))          // frame 6
                .clientFin(T0 + 6 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.SERVER_ALERT);
        // CONTRACT.md: alert is the first fatal alert of the handshake, the client's; the warning is in alerts
        assertThat(c.alert().from()).isEqualTo(Side.CLIENT);
        assertThat(c.alert().frame()).isEqualTo(6);
        assertThat(c.alerts()).extracting(AlertInfo::frame).containsExactly(5L, 6L);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.SNI_PROBLEM);
        assertThat(c.diagnosis().get(0).evidence()).extracting(Evidence::frame).contains(5L);
    }

    @Test
    void aWarningBeforeTheServerHelloIsNoRejectionByTheServer() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())          // frame 4
                .serverData(T0 + 4 * MS, WARNING_112)           // frame 5
                .serverData(T0 + 5 * MS, tls12ServerFlight())  // frame 6
                .clientRst(T0 + 6 * MS)));                      // frame 7
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.diagnosis()).extracting(Finding::cause).contains(Cause.SNI_PROBLEM)
                .doesNotContain(Cause.SERVER_REJECTED_CLIENT_HELLO);
        assertThat(c.diagnosis()).filteredOn(f -> f.cause() == Cause.SNI_PROBLEM).singleElement()
                .satisfies(f -> assertThat(f.explanation()).contains("frame 5").contains("www.example.com"));
    }

    @Test
    void aClientThatWentOnAfterTheWarningDidNotEndTheHandshakeOnIt() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())          // frame 4
                .serverData(T0 + 4 * MS, WARNING_112)           // frame 5
                .serverData(T0 + 5 * MS, tls12ServerFlight())  // frame 6
                .clientData(T0 + 6 * MS, tls12ClientFlight())  // frame 7: its flight, past the warning
                .clientFin(T0 + 3_000 * MS)));                  // frame 8
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.SNI_PROBLEM);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_TIMEOUT);
    }
}
