package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow.Dir;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A server answer lost on the path toward the client (a path-MTU black hole) against a hole the capture missed and a
 * hole that a retransmission filled. The first story is the one tshark reads in scenarios/pmtu-blackhole.pcap,
 * tcp.stream 0: SYN, SYN-ACK, ACK (frames 1-3), the ClientHello (4), the server's ACK of it (5), the tail of the
 * server's flight flagged "previous segment not captured" at relative seq 1449 (6), the client's duplicate ACK with
 * ack 1 and a SACK block for the tail (7), the client's FIN 4 s later still with ack 1 (8), the server's ACK of it
 * with seq 2395 (9). The client's sequence numbers in frames 6-9 never pass the server's first byte.
 */
class ServerAnswerLossTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;
    /** The server's first byte: the default server ISN 5000 of the test flow, plus one for its SYN. */
    private static final long SERVER_FIRST_SEQ = 5001;
    private static final int FULL_SEGMENT = 1448;

    /** A TLS 1.2 flight longer than one full-size segment: the ServerHello, then a 2,000-byte handshake record. */
    private static byte[] flight() {
        return Packets.concat(record(22, serverHello(0x0303, 0xc02f, new byte[32], new byte[0])),
                record(22, new byte[2000]));
    }

    @Test
    void theStartOfTheServersAnswerLostOnThePathIsNoResponseWithServerFlightLost() {
        byte[] flight = flight();
        byte[] tail = Arrays.copyOfRange(flight, FULL_SEGMENT, flight.length);
        ConnectionRecord c = only(analyze(443, f -> {
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 3 * MS, tls12Hello()).serverAck(T0 + 4 * MS)
                    .serverAdvance(FULL_SEGMENT).serverData(T0 + 7 * MS, tail);
            long client = f.clientNext();
            f.segment(Dir.CLIENT, client, SERVER_FIRST_SEQ, Packets.ACK, new byte[0], T0 + 8 * MS)
                    .segment(Dir.CLIENT, client, SERVER_FIRST_SEQ, Packets.FIN | Packets.ACK, new byte[0],
                            T0 + 4_001 * MS)
                    .segment(Dir.SERVER, f.serverNext(), client + 1, Packets.ACK, new byte[0], T0 + 4_043 * MS);
        }));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(c.outcomeReason()).contains("never reached the client").contains("first 1448 bytes");
        assertThat(c.tcp().serverBytesLost()).isEqualTo(new TcpFacts.LostServerBytes(FULL_SEGMENT, 6, 7));
        assertThat(c.serverReactionNanos()).isEqualTo(4 * MS);
        assertThat(c.diagnosis()).extracting(Finding::cause).containsExactly(Cause.SERVER_FLIGHT_LOST);
        assertThat(c.diagnosis().get(0).evidence()).extracting(Evidence::frame).containsExactly(6L, 7L);
    }

    @Test
    void aServerAckPastBytesTheClientNeverGotShowsTheWholeFlightLost() {
        // scenarios/large-segment-drop.pcap, tcp.stream 0, as tshark reads it: the ClientHello (frame 4), the server's
        // ACK of it (5), the client's FIN 4 s later with ack 1 (6), the server's ACK of the FIN with relative seq 2395
        // (7, "previous segment not captured"): the server had sent 2394 bytes, none of which arrived
        ConnectionRecord c = only(analyze(443, f -> {
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 18 * MS, tls12Hello()).serverAck(T0 + 19 * MS)
                    .clientFin(T0 + 3_997 * MS);
            f.segment(Dir.SERVER, SERVER_FIRST_SEQ + 2394, f.clientNext(), Packets.ACK, new byte[0], T0 + 4_038 * MS);
        }));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(c.tcp().serverBytesLost()).isEqualTo(new TcpFacts.LostServerBytes(2394, 7, 6));
        assertThat(c.diagnosis()).extracting(Finding::cause).containsExactly(Cause.SERVER_FLIGHT_LOST);
        assertThat(c.diagnosis().get(0).evidence()).extracting(Evidence::frame).containsExactly(6L, 7L);
        // 2394 bytes are more than a full-size segment of any path: the MTU reading stands
        assertThat(c.diagnosis().get(0).explanation()).contains("path-MTU black hole");
        assertThat(c.diagnosis().get(0).nextStep()).contains("tracepath");
    }

    @Test
    void aLostAnswerSmallerThanAnyFullSizeSegmentIsADroppedAnswerNotAnMtuBlackHole() {
        // breaker3's mid-drops-small-server-flight.pcap, tcp.stream 1, as tshark reads it: SYN and SYN-ACK with MSS=1460
        // (frames 7, 8), the ClientHello of 222 bytes (10), the server's ACK of it (11), the client's FIN 5 s later
        // with ack 1 (13), the server's ACK of the FIN with relative seq 944 (14, "previous segment not captured"):
        // 943 bytes lost, less than the 1460-byte MSS and less than the 1,280-byte packets every path carries
        ConnectionRecord c = only(analyze(443, f -> {
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 7 * MS, tls12Hello()).serverAck(T0 + 8 * MS)
                    .clientFin(T0 + 5_002 * MS);
            f.segment(Dir.SERVER, SERVER_FIRST_SEQ + 943, f.clientNext(), Packets.ACK, new byte[0], T0 + 5_040 * MS);
        }));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(c.tcp().serverBytesLost().bytes()).isEqualTo(943);
        Finding f = c.diagnosis().get(0);
        assertThat(f.cause()).isEqualTo(Cause.SERVER_FLIGHT_LOST);
        assertThat(f.explanation()).doesNotContain("full-size segments are lost").contains("RFC 8200")
                .contains("firewall or IPS blocking the answer");
        assertThat(f.nextStep()).doesNotContain("tracepath").contains("firewalls and IPS");
    }

    @Test
    void aClientFinNeverAcknowledgedAfterTheServersAckNamesThePathAndAStoppedServerNotTheTlsStackAlone() {
        // the breaker's pmtu-blackhole-server-flight.pcap (finding 11; every server packet after its ACK of the
        // ClientHello dropped on the path), as tshark reads it: the ClientHello (frame 4, 0.014978 s), the server's ACK
        // of it (5, 0.015010 s), the client's FIN (6, 6.000537 s) and three "[TCP Retransmission]" of it (7, 8, 9 at
        // 6.212450, 6.420460, 6.852451 s), all with ack 1; nothing more from the server
        ConnectionRecord c = only(analyze(443, f -> {
            f.syn(T0).synAck(T0 + 36_000).ack(T0 + 86_000).clientData(T0 + 14_978_000, tls12Hello())
                    .serverAck(T0 + 15_010_000);
            long fin = f.clientNext();
            for (long at : new long[] {6_000_537_000L, 6_212_450_000L, 6_420_460_000L, 6_852_451_000L}) {
                f.segment(Dir.CLIENT, fin, SERVER_FIRST_SEQ, Packets.FIN | Packets.ACK, new byte[0], T0 + at);
            }
        }));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(c.evidence()).filteredOn(e -> e.what().startsWith(UnackedClientFin.EVIDENCE)).singleElement()
                .satisfies(e -> {
                    assertThat(e.frame()).isEqualTo(9);
                    assertThat(e.what()).contains("4 copies").contains("0.852 s after the first, frame 6");
                });
        assertThat(c.diagnosis()).extracting(Finding::cause)
                .containsExactly(Cause.SERVER_FLIGHT_LOST, Cause.SERVER_SILENT_AFTER_ACK);
        assertThat(c.diagnosis()).extracting(Finding::confidence).containsOnly(Finding.Confidence.MEDIUM);
        assertThat(c.diagnosis().get(0).evidence()).extracting(Evidence::frame).containsExactly(5L, 6L, 9L);
    }

    @Test
    void aClientFinTheServerAcknowledgedLeavesTheSilentServer() {
        // scenarios/tarpit.pcap, tcp.stream 0: the client's FIN (frame 6, 4.0016 s), the server's FIN/ACK 1.4 ms later
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello()).serverAck(T0 + 4 * MS).clientFin(T0 + 4_002 * MS)
                .serverFin(T0 + 4_003 * MS)));
        assertThat(c.evidence()).noneMatch(e -> e.what().startsWith(UnackedClientFin.EVIDENCE));
        assertThat(c.diagnosis()).extracting(Finding::cause).containsExactly(Cause.SERVER_SILENT_AFTER_ACK);
        assertThat(c.diagnosis().get(0).confidence()).isEqualTo(Finding.Confidence.HIGH);
    }

    @Test
    void aServerAckPastBytesTheClientAcknowledgedIsNoLoss() {
        // the client acknowledged the server's 2394 bytes (frame 6): they reached it, only the capture missed them
        ConnectionRecord c = only(analyze(443, f -> {
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 18 * MS, tls12Hello()).serverAck(T0 + 19 * MS)
                    .serverAdvance(2394).clientAck(T0 + 25 * MS).clientFin(T0 + 3_997 * MS).serverAck(T0 + 4_038 * MS);
        }));
        assertThat(c.tcp().serverBytesLost()).isNull();
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.SERVER_FLIGHT_LOST);
    }

    @Test
    void aHoleTheClientAcknowledgedIsTheCapturesNotThePaths() {
        // the client's ACK covers the whole flight: it got the first segment, the capture did not
        byte[] flight = flight();
        byte[] tail = Arrays.copyOfRange(flight, FULL_SEGMENT, flight.length);
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello()).serverAck(T0 + 4 * MS)
                .serverAdvance(FULL_SEGMENT).serverData(T0 + 7 * MS, tail).clientAck(T0 + 8 * MS)
                .clientFin(T0 + 4_001 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(c.tcp().serverBytesLost()).isNull();
    }

    @Test
    void aHoleARetransmissionFilledIsNoLoss() {
        // the duplicate ACK, then the server's first segment again (RTO): the ServerHello arrives late, whole
        byte[] flight = flight();
        byte[] head = Arrays.copyOf(flight, FULL_SEGMENT);
        byte[] tail = Arrays.copyOfRange(flight, FULL_SEGMENT, flight.length);
        ConnectionRecord c = only(analyze(443, f -> {
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 3 * MS, tls12Hello()).serverAck(T0 + 4 * MS)
                    .serverAdvance(FULL_SEGMENT).serverData(T0 + 7 * MS, tail);
            long client = f.clientNext();
            f.segment(Dir.CLIENT, client, SERVER_FIRST_SEQ, Packets.ACK, new byte[0], T0 + 8 * MS)
                    .segment(Dir.SERVER, SERVER_FIRST_SEQ, client, Packets.ACK, head, T0 + 210 * MS)
                    .clientAck(T0 + 211 * MS).clientFin(T0 + 4_001 * MS);
        }));
        assertThat(c.tcp().serverBytesLost()).isNull();
        assertThat(c.serverHello()).isNotNull();
        assertThat(c.serverHello().frame()).isEqualTo(8);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
    }
}
