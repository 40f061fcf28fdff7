package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12ClientFlight;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12ServerFlight;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A server that stalls after the client's flight: as tshark read a TLS 1.2 capture through a relay that passed only
 * the server's first flight: 4 Client Hello; 6 Server Hello, Certificate, Server Key Exchange, Server Hello Done; 8 the
 * client's Client Key Exchange, Change Cipher Spec, Finished; 10 the client's FIN 3.840 s later, nothing from the
 * server between. The client accepted the server's flight and waited: no client that dropped a spare connection.
 * Frames as Wireshark numbers them: SYN 1, SYN-ACK 2, ACK 3, then one frame per segment.
 */
class ServerStallTest {
    private static final long T0 = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void aClientThatWaitedSecondsAfterItsFinishedPointsAtTheServer() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())                  // frame 4
                .serverData(T0 + 20 * MS, tls12ServerFlight())  // frame 5
                .clientData(T0 + 22 * MS, tls12ClientFlight())  // frame 6
                .clientFin(T0 + 3_862 * MS)));                          // frame 7
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).as(top.explanation()).isEqualTo(Cause.CLIENT_TIMEOUT);
        assertThat(top.explanation()).contains("frame 6").contains("3.840 s");
        assertThat(top.evidence()).extracting(Evidence::frame).containsExactly(4L, 5L, 6L, 7L);
    }

    @Test
    void aClientThatWaitedThenSentAnEncryptedAlertPointsAtTheServerToo() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())                  // frame 4
                .serverData(T0 + 20 * MS, tls12ServerFlight())  // frame 5
                .clientData(T0 + 22 * MS, tls12ClientFlight())  // frame 6
                .clientData(T0 + 3_022 * MS, record(21, new byte[26]))  // frame 7: an alert under AES-GCM
                .clientFin(T0 + 3_023 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).as(top.explanation()).isEqualTo(Cause.CLIENT_TIMEOUT);
        assertThat(top.explanation()).contains("3.000 s").contains("encrypted alert");
    }

    @Test
    void aClientThatClosedAtOnceAfterItsFinishedAbandonedTheHandshake() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())
                .serverData(T0 + 20 * MS, tls12ServerFlight())
                .clientData(T0 + 22 * MS, tls12ClientFlight())
                .clientFin(T0 + 25 * MS)));
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_ABANDONED_HANDSHAKE);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.CLIENT_TIMEOUT);
    }
}
