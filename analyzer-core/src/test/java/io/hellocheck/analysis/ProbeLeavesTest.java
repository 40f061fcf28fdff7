package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.appData;
import static io.hellocheck.analysis.HandshakeDepthTest.ccs;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.tls13Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls13ServerHello;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.testing.Packets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A TLS 1.3 client that leaves right after its Finished (a certificate checker: Python's
 * {@code ssl.get_server_certificate}, {@code openssl s_client < /dev/null}) against a server 30 ms away, as tshark read
 * a capture of it: the client's Finished (frame 8), its close_notify (9, 19 bytes of ciphertext: an alert's size), its
 * FIN (10), then the server's two session tickets in one 510-byte segment (12). Without keys CONTRACT.md makes it
 * failed (a lone record of alert size and a close came before the server's next record), but the server's next record
 * is no alert: it accepted the client's Finished, so the client left, it rejected nothing. Frames as Wireshark numbers
 * them: SYN 1, SYN-ACK 2, ACK 3, then one frame per segment.
 */
class ProbeLeavesTest {
    private static final long T0 = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void aServerRecordOtherThanAnAlertAfterTheClientLeftShowsItAcceptedTheFinished() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + 30 * MS).ack(T0 + 31 * MS)
                .clientData(T0 + 32 * MS, tls13Hello())                                         // frame 4
                .serverData(T0 + 62 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(1200))) // frame 5
                .clientData(T0 + 63 * MS, Packets.concat(ccs(), appData(53)))                   // frame 6: Finished
                .clientData(T0 + 64 * MS, appData(19))                                          // frame 7: close_notify
                .clientFin(T0 + 65 * MS)                                                        // frame 8
                .serverData(T0 + 93 * MS, Packets.concat(appData(250), appData(250)))           // frame 9: tickets
                .serverFin(T0 + 95 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).as(top.explanation()).isEqualTo(Cause.CLIENT_ABANDONED_HANDSHAKE);
        assertThat(top.explanation()).contains("frame 9").contains("no alert");
        assertThat(top.evidence()).extracting(Evidence::frame).contains(7L, 9L);
    }
}
