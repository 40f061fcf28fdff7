package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.tls13Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls13ServerHello;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow.Dir;
import org.junit.jupiter.api.Test;

/**
 * Times taken after a lost segment follow Karn's rule (RFC 6298 section 3): no round trip is measured from a segment
 * that was sent more than once, and the copy that got through is the last one sent before the answer. The stories
 * are the breaker's captures (s_client against a server in a network namespace, losses made with iptables, captured
 * on the client's side), frame for frame and to the microsecond as tshark printed them; the server's TTL and IPv4
 * identification are the capture writer's (one TTL, consecutive IDs: the server's own packets).
 */
class RetransmissionTimingTest {
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;

    /**
     * syn-lost-then-reset.pcap, tshark: 1 SYN 0 s; 2 SYN [TCP Retransmission] 1.011156 s; 3 SYN-ACK 1.011240 s;
     * 4 ACK; 5 Client Hello 1.011806 s; 6 server ACK 1.011821 s; 7 server RST 1.012072 s (TTL 64 on all, server IP
     * ID 0xc21a then 0xc21b). The SYN-ACK answers frame 2: the round trip is 84 us, and a RST 266 us after the hello
     * is no quicker than the server could have sent it.
     */
    @Test
    void afterALostSynTheRoundTripIsTakenFromTheSynTheSynAckAnswers() {
        ConnectionRecord c = only(analyze(47569, f -> f.syn(T0).syn(T0 + 1_011_156 * US)
                .synAck(T0 + 1_011_240 * US).ack(T0 + 1_011_273 * US)
                .clientData(T0 + 1_011_806 * US, tls13Hello())
                .serverAck(T0 + 1_011_821 * US).serverRst(T0 + 1_012_072 * US)));
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(c.rttNanos()).isEqualTo(84 * US);
        assertThat(c.evidence()).filteredOn(e -> e.frame() == 3).extracting(Evidence::what)
                .containsExactly("SYN-ACK from server (RTT 0.084 ms from SYN attempt 2)");
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.INJECTED_RESET);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.SERVER_REJECTED_CLIENT_HELLO);
    }

    /**
     * ch-lost-four-times-then-reset.pcap, tshark: 1 SYN; 2 SYN-ACK 52 us; 3 ACK; 4 Client Hello 0.440 ms; 5, 6, 7, 8
     * [TCP Retransmission] of it at 201.300, 405.306, 817.353, 1649.255 ms; 9 server ACK (Ack=298) 1649.339 ms;
     * 10 server RST 1653.549 ms. The server had the hello from frame 8 on and reset 4.294 ms later: a TLS stack's
     * rejection, not a proxy giving up on its backend after 1.653 s. The ClientHello stays frame 4, as in tshark.
     */
    private static ConnectionRecord helloLostFourTimesThenReset() {
        byte[] hello = tls13Hello();
        return only(analyze(47567, f -> {
            f.syn(T0).synAck(T0 + 52 * US).ack(T0 + 73 * US).clientData(T0 + 440 * US, hello);
            for (long at : new long[] {201_300, 405_306, 817_353, 1_649_255}) {
                f.segment(Dir.CLIENT, 1001, 5001, Packets.PSH | Packets.ACK, hello, T0 + at * US);
            }
            f.serverAck(T0 + 1_649_339 * US).serverRst(T0 + 1_653_549 * US);
        }));
    }

    @Test
    void aRetransmittedClientHelloTimesTheServersReactionFromTheCopyThatGotThrough() {
        ConnectionRecord c = helloLostFourTimesThenReset();
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(c.clientHello().frame()).isEqualTo(4);
        assertThat(c.clientHello().timeNanos()).isEqualTo(T0 + 440 * US);
        assertThat(c.serverReactionNanos()).isEqualTo(4_294 * US);
        assertThat(c.outcomeReason()).contains("sent the ClientHello 5 times").contains("frame 8");
        assertThat(c.evidence()).extracting(Evidence::frame).contains(5L, 6L, 7L, 8L);
        assertThat(c.diagnosis()).filteredOn(f -> f.cause() == Cause.SNI_PROBLEM).flatExtracting(Finding::evidence)
                .extracting(Evidence::frame).containsExactly(4L);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.BACKEND_UNAVAILABLE,
                Cause.INJECTED_RESET);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.SERVER_REJECTED_CLIENT_HELLO);
    }

    /** The same story: the copies the path lost are a finding of their own, after the server's rejection. */
    @Test
    void aClientHelloSentFiveTimesIsALossOnThePathToTheServer() {
        ConnectionRecord c = helloLostFourTimesThenReset();
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.SERVER_REJECTED_CLIENT_HELLO);
        Finding lost = c.diagnosis().stream().filter(f -> f.cause() == Cause.CLIENT_HELLO_NOT_ACKED).findFirst()
                .orElseThrow();
        assertThat(lost.confidence()).isEqualTo(Finding.Confidence.LOW);
        assertThat(lost.explanation()).contains("5 times").contains("frame 8").contains("1.649 s after the first")
                .contains("4.294 ms after the last copy");
        assertThat(lost.evidence()).extracting(Evidence::frame).containsExactly(4L, 5L, 6L, 7L, 8L);
    }

    /**
     * The same lost copies, then a client that gives up 1.2 s after its first copy, before the server's ServerHello
     * (sent 0.3 s after the copy of frame 7 reached it): the client's wait counts from its first copy (the timeout its
     * user saw), and the reason and findings put the wait on the path, not on a slow server.
     */
    @Test
    void aClientThatGaveUpAfterItsHelloWasResentWaitedOnThePath() {
        byte[] hello = tls13Hello();
        ConnectionRecord c = only(analyze(47567, f -> {
            f.syn(T0).synAck(T0 + 52 * US).ack(T0 + 73 * US).clientData(T0 + 440 * US, hello);
            for (long at : new long[] {201_300, 405_306, 817_353}) {
                f.segment(Dir.CLIENT, 1001, 5001, Packets.PSH | Packets.ACK, hello, T0 + at * US);
            }
            f.serverAck(T0 + 817_400 * US).clientFin(T0 + 1_200_440 * US)
                    .serverData(T0 + 1_117_353 * US + 100 * MS, tls13ServerHello());
        }));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.CLIENT_GAVE_UP);
        assertThat(c.failed()).isTrue();
        assertThat(c.clientWaitNanos()).isEqualTo(1_200 * MS);
        assertThat(c.outcomeReason()).contains("had to be sent again").doesNotContain("answered more slowly");
        assertThat(c.diagnosis()).extracting(Finding::cause)
                .containsExactly(Cause.CLIENT_TIMEOUT, Cause.CLIENT_HELLO_NOT_ACKED);
        assertThat(c.diagnosis().get(1).confidence()).isEqualTo(Finding.Confidence.MEDIUM);
    }

    /**
     * ch-and-sh-retransmitted.pcap, tshark: 4 Client Hello 0.290 ms; 5 [TCP Retransmission] 202.923 ms; 6 server ACK
     * (Ack=298) 202.956 ms; 7 Server Hello 205.050 ms: the server answered 2.127 ms after the copy it got.
     */
    @Test
    void aServerHelloAfterARetransmittedClientHelloIsTimedFromTheLastCopy() {
        byte[] hello = tls13Hello();
        ConnectionRecord c = only(analyze(47523, f -> f.syn(T0).synAck(T0 + 20 * US).ack(T0 + 35 * US)
                .clientData(T0 + 290 * US, hello)
                .segment(Dir.CLIENT, 1001, 5001, Packets.PSH | Packets.ACK, hello, T0 + 202_923 * US)
                .serverAck(T0 + 202_956 * US).serverData(T0 + 205_050 * US, tls13ServerHello())));
        assertThat(c.serverHello().frame()).isEqualTo(7);
        assertThat(c.serverReactionNanos()).isEqualTo(2_127 * US);
        assertThat(c.clientHello().frame()).isEqualTo(4);
    }

    /**
     * high-rtt-reset.pcap, tshark: 1 SYN 0 s; 2 SYN-ACK 1.1 s; 3 ACK; 4 Client Hello 1.1004 s; 5 server ACK 2.2004 s;
     * 6 server RST 2.2021 s: one round trip of 1.1 s and 1.7 ms at the server, no backend timeout.
     */
    @Test
    void aResetOneRoundTripAfterTheHelloOnASlowPathIsNoBackendTimeout() {
        ConnectionRecord c = only(analyze(47570, f -> f.syn(T0).synAck(T0 + 1_100 * MS).ack(T0 + 1_100_020 * US)
                .clientData(T0 + 1_100_400 * US, tls13Hello())
                .serverAck(T0 + 2_200_400 * US).serverRst(T0 + 2_202_100 * US)));
        assertThat(c.rttNanos()).isEqualTo(1_100 * MS);
        assertThat(c.serverReactionNanos()).isEqualTo(1_101_700 * US);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.BACKEND_UNAVAILABLE);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.SERVER_REJECTED_CLIENT_HELLO);
    }

    /** The same slow path with 1.5 s at the server: the wait beyond the round trip is still a backend's. */
    @Test
    void aLongWaitBeyondTheRoundTripIsStillABackendTimeout() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + 1_100 * MS).ack(T0 + 1_100_020 * US)
                .clientData(T0 + 1_100_400 * US, tls13Hello())
                .serverAck(T0 + 2_200_400 * US).serverRst(T0 + 3_700_400 * US)));
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.BACKEND_UNAVAILABLE);
        assertThat(c.diagnosis().get(0).explanation())
                .contains("2.600 s after the ClientHello (1.500 s without the 1100.000 ms round trip)");
    }
}
