package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts and closes at once: as tshark read a loopback capture of a listener that closes every
 * connection it accepts (tcp.stream 0): 1 SYN, 2 SYN-ACK, 3 ACK, 4 the server's FIN, 6 the Client Hello, 7 the server's
 * RST (TCP's answer to data on a closed connection). The server never read the hello. Frames as Wireshark numbers
 * them: SYN 1, SYN-ACK 2, ACK 3, then one frame per segment.
 */
class ClosedBeforeHelloTest {
    private static final long T0 = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void aServerFinBeforeTheClientHelloMeansTheServerNeverReadIt() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .serverFin(T0 + 3 * MS)                                 // frame 4
                .clientData(T0 + 4 * MS, tls12Hello())                  // frame 5
                .serverRst(T0 + 5 * MS)));                              // frame 6
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.SERVER_RESET);
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).as(top.explanation()).isEqualTo(Cause.SERVER_CLOSED_BEFORE_CLIENT_HELLO);
        assertThat(top.evidence()).extracting(Evidence::frame).containsExactly(4L, 5L, 6L);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.SERVER_REJECTED_CLIENT_HELLO);
    }

    /**
     * A server that half-closes at accept and keeps reading (OpenSSL s_server's close of a connection whose first
     * bytes are no TLS, nginx's lingering close): tshark of the tester's server-fin-before-hello.pcap, tcp.stream 0:
     * 4 the server's FIN (Seq=1), 5 the client's ACK (Ack=2), 6 the Client Hello (Seq=1, Ack=2, 517 bytes), 7 the
     * server's ACK (Seq=2, Ack=518), 8 the client's FIN, 9 the server's ACK. Seq=2 is past the FIN's own sequence
     * number (RFC 9293 section 3.4), not past a byte lost on the path.
     */
    @Test
    void aServerThatClosedItsSideFirstAndOnlyAcksLostNothing() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .serverFin(T0 + 3 * MS).clientAck(T0 + 6 * MS)          // frames 4, 5
                .clientData(T0 + 10 * MS, tls12Hello())                 // frame 6
                .serverAck(T0 + 10 * MS + 15_000)                       // frame 7
                .clientFin(T0 + 11 * MS).serverAck(T0 + 11 * MS + 12_000)));
        assertThat(c.outcome()).as("nothing but ACKs after the hello: CONTRACT.md").isEqualTo(Outcome.NO_RESPONSE);
        assertThat(c.tcp().serverBytesLost()).isNull();
        assertThat(c.outcomeReason()).endsWith("the server had closed the connection (FIN, frame 4) before the "
                + "ClientHello.");
        assertThat(c.diagnosis()).extracting(Finding::cause).containsExactly(Cause.SERVER_CLOSED_BEFORE_CLIENT_HELLO);
    }

    @Test
    void aServerResetAfterReadingTheHelloIsNoSuchCase() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())
                .serverRst(T0 + 4 * MS)));
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.SERVER_CLOSED_BEFORE_CLIENT_HELLO);
    }
}
