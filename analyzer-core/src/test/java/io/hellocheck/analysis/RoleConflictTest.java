package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.alert;
import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A server that answers the ClientHello with a ClientHello of its own does not answer as a TLS server: both ends
 * act as the client (stunnel with {@code client = yes} on the accepting side), neither sends a ServerHello, and the
 * client ends with alert 10 unexpected_message (RFC 8446 section 6.2: "an inappropriate message (e.g., the wrong
 * handshake message ...) was received"). Frames as the capture writer numbers them, as Wireshark does: SYN 1,
 * SYN-ACK 2, ACK 3, then one frame per segment.
 */
class RoleConflictTest {
    private static final long T0 = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long MS = 1_000_000L;
    private static final int UNEXPECTED_MESSAGE = 10;

    @Test
    void aServerThatAnswersWithItsOwnClientHelloIsARoleConflict() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())          // frame 4
                .serverData(T0 + 4 * MS, peerHello())           // frame 5: the server's own ClientHello
                .clientData(T0 + 5 * MS, alert(2, UNEXPECTED_MESSAGE)) // frame 6
                .clientFin(T0 + 6 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NON_TLS_RESPONSE);
        assertThat(c.failed()).isTrue();
        assertThat(c.outcomeReason()).contains("ClientHello of its own (frame 5)")
                .contains("both sides act as the TLS client");
        assertThat(c.serverHello()).isNull();
        assertThat(c.evidence()).anySatisfy(e -> {
            assertThat(e.frame()).isEqualTo(5);
            assertThat(e.what()).startsWith("ClientHello from the server");
        });
        assertThat(c.alerts()).singleElement().satisfies(a -> {
            assertThat(a.from()).isEqualTo(io.hellocheck.tcp.Side.CLIENT);
            assertThat(a.description()).isEqualTo(UNEXPECTED_MESSAGE);
            assertThat(a.frame()).isEqualTo(6);
        });
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.ROLE_CONFLICT);
        assertThat(top.confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(top.explanation()).contains("Both sides act as the TLS client").contains("client = yes");
        assertThat(top.evidence()).extracting(Evidence::frame).containsExactly(4L, 5L, 6L);
        assertThat(top.nextStep()).contains("stunnel");
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.NON_TLS_SERVICE);
    }

    /** A ClientHello of another TLS client: {@link HandshakeDepthTest#tls12Hello} with a random of its own. */
    private static byte[] peerHello() {
        byte[] hello = tls12Hello();
        java.util.Arrays.fill(hello, 5 + 4 + 2, 5 + 4 + 2 + 32, (byte) 0x5a); // record, message header, version
        return hello;
    }

    @Test
    void theClientsOwnHelloComingBackIsNoRoleConflict() {
        // nDPI dtls.pcap udp.stream 2 over TCP: the "server's" ClientHello carries the client's random (tshark
        // tls.handshake.random equal in frames 4 and 5): the client's hello echoed back, not a second client
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())          // frame 4
                .serverData(T0 + 4 * MS, tls12Hello())          // frame 5: the same bytes, the same random
                .clientData(T0 + 5 * MS, alert(2, UNEXPECTED_MESSAGE)) // frame 6
                .clientFin(T0 + 6 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NON_TLS_RESPONSE);
        assertThat(c.outcomeReason()).isEqualTo("The client's own ClientHello came back (frame 5, the same random as "
                + "the client's in frame 4) instead of a ServerHello: it was echoed or looped back on the path, and no "
                + "server answered it.");
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.CLIENT_HELLO_REFLECTED);
        assertThat(top.evidence()).extracting(Evidence::frame).containsExactly(4L, 5L);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.ROLE_CONFLICT,
                Cause.NON_TLS_SERVICE);
    }

    @Test
    void aServerWhoseFirstBytesAreAClientHelloIsARoleConflictThatDecidesNoOutcome() {
        // the accepting side's ClientHello (frame 4) comes before the client's (frame 5): server bytes before the
        // ClientHello do not decide the outcome (CONTRACT.md), nothing answers the client's, which ends with alert 10
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .serverData(T0 + 3 * MS, tls12Hello())          // frame 4
                .clientData(T0 + 4 * MS, tls12Hello())          // frame 5
                .clientData(T0 + 5 * MS, alert(2, UNEXPECTED_MESSAGE)) // frame 6
                .clientFin(T0 + 6 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(c.clientHello().frame()).isEqualTo(5);
        assertThat(c.serverPreamble().protocol()).isEqualTo("TLS ClientHello");
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.ROLE_CONFLICT);
        assertThat(top.explanation()).contains("a ClientHello of its own (frame 4) before the client's (frame 5)");
        assertThat(top.evidence()).extracting(Evidence::frame).containsExactlyInAnyOrder(4L, 5L, 6L);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.NON_TLS_SERVICE);
    }

    @Test
    void aServerThatSpokeFirstAsAClientAndThenRefusedTheClientsHelloIsARoleConflict() {
        // both ends start TLS at once: the accepting side's ClientHello (frame 4), the client's (frame 5), then the
        // accepting side's TLS client refuses the client's ClientHello with alert 10 (frame 6), as in the scenario
        // lab's tls-role-conflict.pcap (tshark: frame 8 from 10.203.2.2, Alert (Level: Fatal, Description:
        // Unexpected Message)), or only closes (frame 6)
        ConnectionRecord alerted = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .serverData(T0 + 3 * MS, tls12Hello())
                .clientData(T0 + 4 * MS, tls12Hello())
                .serverData(T0 + 5 * MS, alert(2, UNEXPECTED_MESSAGE))
                .serverFin(T0 + 6 * MS)));
        assertThat(alerted.outcome()).as(alerted.outcomeReason()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(alerted.diagnosis().get(0).cause()).isEqualTo(Cause.ROLE_CONFLICT);
        assertThat(alerted.diagnosis().get(0).evidence()).extracting(Evidence::frame).containsExactly(4L, 5L, 6L);
        ConnectionRecord closed = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .serverData(T0 + 3 * MS, tls12Hello())
                .clientData(T0 + 4 * MS, tls12Hello())
                .serverFin(T0 + 5 * MS)));
        assertThat(closed.outcome()).as(closed.outcomeReason()).isEqualTo(Outcome.SERVER_CLOSED);
        assertThat(closed.outcomeReason()).contains("without answering it; it had spoken first (TLS ClientHello)")
                .doesNotContain("without sending any TLS bytes");
        assertThat(closed.diagnosis().get(0).cause()).isEqualTo(Cause.ROLE_CONFLICT);
    }

    @Test
    void aServerHelloIsNoRoleConflict() {
        // the control: the same connection with a ServerHello in frame 5 is not a role conflict
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())
                .serverData(T0 + 4 * MS, HandshakeDepthTest.record(22, HandshakeDepthTest.serverHello(0x0303, 0xc02f,
                        new byte[0], new byte[0])))
                .clientData(T0 + 5 * MS, alert(2, UNEXPECTED_MESSAGE)).clientFin(T0 + 6 * MS)));
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.ROLE_CONFLICT);
    }
}
