package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.alert;
import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12ServerFlight;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.tcp.Side;
import io.hellocheck.testing.Packets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An alert sent after the other side closed answers the close; it did not end the handshake. OpenSSL's s_server
 * (and nginx, HAProxy, Apache on it) answers a client's FIN in the middle of a TLS 1.2 handshake with a fatal
 * decode_error (RFC 5246 section 7.2.2): a client that read the server's flight and closed without an alert, as tshark
 * read it on a loopback capture of s_server and such a client (tcp.stream 2): 22 Client Hello; 24 Server Hello,
 * Certificate, Server Key Exchange, Server Hello Done; 26 client FIN; 27 server Alert fatal decode_error; 28 client RST.
 * The same story here, frames as Wireshark numbers them: SYN 1, SYN-ACK 2, ACK 3, then one frame per segment.
 */
class AlertAfterCloseTest {
    private static final long T0 = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void aServerAlertAnsweringTheClientsFinLeavesTheRejectionToTheClient() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())                  // frame 4
                .serverData(T0 + 4 * MS, tls12ServerFlight())  // frame 5
                .clientFin(T0 + 5 * MS)                                 // frame 6
                .serverData(T0 + 6 * MS, alert(2, 50))                  // frame 7: decode_error
                .clientRst(T0 + 7 * MS)));                              // frame 8
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.closedBy().side()).isEqualTo(Side.CLIENT);
        assertThat(c.closedBy().frame()).isEqualTo(6);
        assertThat(c.alert().frame()).isEqualTo(7);
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).as(top.explanation()).isIn(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE,
                Cause.CLIENT_REJECTED_SERVER_HELLO);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.SERVER_REJECTED_CLIENT_HELLO);
        assertThat(top.evidence()).extracting(Evidence::frame).contains(6L).doesNotContain(7L);
    }

    @Test
    void aServerAlertBeforeTheClientsCloseStillEndsTheHandshake() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())                  // frame 4
                .serverData(T0 + 4 * MS, Packets.concat(tls12ServerFlight(), alert(2, 50)))  // frame 5
                .clientFin(T0 + 5 * MS)));                              // frame 6
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.SERVER_REJECTED_CLIENT_HELLO);
    }
}
