package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A SYN sent again on a long path before the first one's SYN-ACK came back (the initial retransmission timeout of
 * 1 s, RFC 6298 section 2.1, on a 1.1 s round trip): the SYN-ACK may answer either SYN (Karn's ambiguity, RFC 6298
 * section 3). A server that resets one round trip after the ClientHello answered at once, so no load balancer gave
 * up on a backend. Frames: SYN 1, SYN 2 at 1.000 s, SYN-ACK 3 at 1.100 s, ACK 4, ClientHello 5, RST 6 1.100 s later.
 */
class SpuriousSynTest {
    private static final long T0 = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void aResetOneLongRoundTripAfterTheHelloIsNoBackendTimeout() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).syn(T0 + 1_000 * MS).synAck(T0 + 1_100 * MS)
                .ack(T0 + 1_101 * MS).clientData(T0 + 1_102 * MS, tls12Hello()).serverRst(T0 + 2_202 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.BACKEND_UNAVAILABLE);
    }
}
