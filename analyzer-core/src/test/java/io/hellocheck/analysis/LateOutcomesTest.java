package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.appData;
import static io.hellocheck.analysis.HandshakeDepthTest.ccs;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls13Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls13ServerHello;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.tcp.Side;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The outcome rules CONTRACT.md added for what happens late: TLS 1.3 completion waits for the server's first
 * record after the client's whole flight; alerts after a completion are listed; a client that closed before the
 * server's late answer is CLIENT_GAVE_UP; one-sided is judged on the whole capture. Record sizes from RFC 8446:
 * an alert is 2 bytes + content type + 16-byte AEAD tag = 19 bytes of ciphertext, an empty Certificate 8 bytes
 * (section 4.4.2) + 1 + 16 = 25, a SHA-256 Finished 4 + 32 + 1 + 16 = 53.
 */
class LateOutcomesTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;

    @Test
    void aTls13ServerRejectingTheClientsFlightIsAFailureEvenWhenTheClientSentItsRequest() {
        // mTLS without a client certificate: empty Certificate, Finished, the HTTP request; then the server's
        // certificate_required alert (encrypted) and its FIN
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(2000)))
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), appData(25), appData(53)))
                .clientData(T0 + 6 * MS, appData(90))
                .serverData(T0 + 7 * MS, appData(19)).serverFin(T0 + 8 * MS).clientFin(T0 + 9 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.failed()).isTrue();
        assertThat(c.outcomeReason()).contains("empty Certificate").contains("in answer to the client's flight");
        assertThat(c.alerts()).singleElement().satisfies(a -> {
            assertThat(a.from()).isEqualTo(Side.SERVER);
            assertThat(a.likely()).isTrue();
        });
        assertThat(c.evidence()).extracting(Evidence::what).anyMatch(w -> w.contains("empty Certificate (25 bytes)"));
        // the finding's evidence in frame order, as the record's: the ClientHello (frame 4 after the handshake's
        // three), the ServerHello (5), the client's flight with the empty Certificate (6), the server's alert (8)
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_CERTIFICATE_REQUIRED);
        assertThat(c.diagnosis().get(0).evidence()).extracting(Evidence::frame).containsExactly(4L, 5L, 6L, 8L);
    }

    @Test
    void aTls13HandshakeCompletesOnlyWithTheServersRecordAfterTheClientsFlight() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(2000)))
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), appData(53)))
                .clientData(T0 + 6 * MS, appData(90))
                .serverData(T0 + 7 * MS, appData(250))
                .clientFin(T0 + 8 * MS).serverFin(T0 + 9 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.closedBy()).isNotNull();
        assertThat(c.closedBy().side()).isEqualTo(Side.CLIENT);
    }

    @Test
    void closeNotifyBothWaysRightAfterTheHandshakeIsANormalClose() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(2000)))
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), appData(53)))
                .serverData(T0 + 6 * MS, appData(19)).clientData(T0 + 7 * MS, appData(19))
                .serverFin(T0 + 8 * MS).clientFin(T0 + 9 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.alerts()).extracting(AlertInfo::from).containsExactly(Side.SERVER);
        assertThat(c.alerts()).allSatisfy(a -> assertThat(a.likely()).isTrue());
    }

    @Test
    void aServerClosingRightAfterTheClientsFlightWithoutARecordFailed() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(2000)))
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), appData(53), appData(90)))
                .serverRst(T0 + 6 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.outcomeReason()).contains("before any record from the server answered it");
    }

    @Test
    void alertsAfterACompletedTls12HandshakeAreListed() {
        // RFC 5246: after ChangeCipherSpec both ways, an alert record (content type 21) is encrypted
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())
                .serverData(T0 + 4 * MS, record(22, serverHello(0x0303, 0xc02f, new byte[32], new byte[0])))
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), record(22, new byte[40])))
                .serverData(T0 + 6 * MS, Packets.concat(ccs(), record(22, new byte[40])))
                .serverData(T0 + 7 * MS, record(21, new byte[26])).serverFin(T0 + 8 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.alerts()).singleElement().satisfies(a -> {
            assertThat(a.encrypted()).isTrue();
            assertThat(a.from()).isEqualTo(Side.SERVER);
        });
    }

    @Test
    void aServerHelloAfterTheClientsFinIsKeptAndTheClientGaveUp() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello()).serverAck(T0 + 4 * MS)
                .clientFin(T0 + 1_503 * MS)
                .serverData(T0 + 2_503 * MS, record(22, serverHello(0x0303, 0xc02f, new byte[32], new byte[0])))
                .clientRst(T0 + 2_504 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.CLIENT_GAVE_UP);
        assertThat(c.failed()).isTrue();
        assertThat(c.serverHello()).isNotNull();
        assertThat(c.serverHello().frame()).isEqualTo(7);
        assertThat(c.clientWaitNanos()).isEqualTo(1_500 * MS);
        assertThat(c.outcomeReason()).contains("1.500 s after its ClientHello").contains("2.500 s after the ClientHello");
        assertThat(c.evidence()).extracting(Evidence::what).noneMatch(w -> w.contains("inject"));
        assertThat(c.serverReactionNanos()).isEqualTo(2_500 * MS);
    }

    @Test
    void aClientThatDropsTheConnectionWithinASecondIsNotAFailure() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())
                .clientRst(T0 + 203 * MS)
                .serverData(T0 + 303 * MS, record(22, serverHello(0x0303, 0xc02f, new byte[32], new byte[0])))));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.CLIENT_GAVE_UP);
        assertThat(c.failed()).isFalse();
        assertThat(c.outcomeReason()).contains("connection racing");
    }

    @Test
    void aClientClosingFirstWithNoAnswerAtAllIsStillNoResponse() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello()).serverAck(T0 + 4 * MS)
                .clientFin(T0 + 2_003 * MS).serverFin(T0 + 2_004 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(c.failed()).isTrue();
    }

    @Test
    void oneSidedIsJudgedOnTheWholeCapture() throws IOException {
        // ndpi's zoom.pcap, stream 0: a ClientHello retransmitted with no answer while other connections of the
        // capture have both directions: NO_RESPONSE, not one-sided
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).ack(T0 + 10 * MS)
                    .clientData(T0 + 20 * MS, tls12Hello()).clientFin(T0 + 6_500 * MS);
            w.tcp("10.0.0.1", 50001, "10.0.0.3", 443).syn(T0 + 7_000 * MS).synAck(T0 + 7_001 * MS);
        }
        CaptureResult r = HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
        ConnectionRecord c = r.connections().stream().filter(x -> x.tcpStream() == 0).findFirst().orElseThrow();
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(c.outcomeReason()).doesNotContain("one-sided");
    }

    @Test
    void aClientAcknowledgingServerBytesNotInTheCaptureIsInconclusive() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).ack(T0 + 10 * MS)
                    .clientData(T0 + 20 * MS, tls12Hello()).serverAdvance(1400).clientAck(T0 + 40 * MS)
                    .clientFin(T0 + 6_500 * MS);
            w.tcp("10.0.0.1", 50001, "10.0.0.3", 443).syn(T0 + 7_000 * MS).synAck(T0 + 7_001 * MS);
        }
        CaptureResult r = HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
        ConnectionRecord c = r.connections().stream().filter(x -> x.tcpStream() == 0).findFirst().orElseThrow();
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(c.outcomeReason()).contains("acknowledged 1400 bytes");
    }

    @Test
    void bytesMissingAfterTheServerHelloDoNotHideACompletion() {
        // the server's Certificate segment is not in the capture (the client ACKs past it); both sides then send
        // ChangeCipherSpec and an encrypted Finished (RFC 5246 section 7.3): a full handshake that completed
        ConnectionRecord c = only(analyze(443, f -> {
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 3 * MS, tls12Hello())
                    .serverData(T0 + 4 * MS, Packets.concat(
                            record(22, serverHello(0x0303, 0xc02f, new byte[32], new byte[0])),
                            java.util.Arrays.copyOf(record(22, HandshakeDepthTest.handshake(11, new byte[1996])), 600)))
                    .serverAdvance(1405)
                    .serverData(T0 + 6 * MS, record(22, HandshakeDepthTest.handshake(14, new byte[0])))
                    .clientData(T0 + 7 * MS, Packets.concat(record(22, new byte[70]), ccs(), record(22, new byte[40])))
                    .serverData(T0 + 8 * MS, Packets.concat(ccs(), record(22, new byte[40])))
                    .clientData(T0 + 9 * MS, HandshakeDepthTest.appData(100));
        }));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.serverFlight().resumption()).isNull();
    }

    /** TLS 1.2: ServerHello, Certificate, ServerHelloDone: a full handshake (RFC 5246 section 7.3, figure 1). */
    private static byte[] fullFlight() {
        return record(22, Packets.concat(serverHello(0x0303, 0xc02f, new byte[32], new byte[0]),
                HandshakeDepthTest.handshake(11, new byte[3]), HandshakeDepthTest.handshake(14, new byte[0])));
    }

    @Test
    void aServerChangeCipherSpecAnswersAClientFlightTheCaptureMissed() {
        // the client's ClientKeyExchange, ChangeCipherSpec and Finished (120 bytes) are not in the capture, but the
        // server acknowledges them and sends its ChangeCipherSpec and Finished, which in a full handshake follow the
        // client's Finished (RFC 5246 section 7.3); application data both ways, the server's FIN 3 s later
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello()).serverData(T0 + 4 * MS, fullFlight())
                .clientAdvance(120)
                .serverData(T0 + 8 * MS, Packets.concat(ccs(), record(22, new byte[40])))
                .clientData(T0 + 9 * MS, appData(100)).serverData(T0 + 10 * MS, appData(500))
                .serverFin(T0 + 3_000 * MS).clientFin(T0 + 3_001 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.evidence()).extracting(Evidence::what)
                .anyMatch(w -> w.startsWith("the client's ChangeCipherSpec is not in the capture (120 bytes"));
    }

    @Test
    void aTls13ServerGoingOnPastAClientFlightTheCaptureMissedCompleted() {
        // ndpi's tls_2_reasms.pcapng in miniature (tshark: frame 7 "ACKed segment that wasn't captured", then the
        // server's 177-, 65- and 1,587-byte records): the client's CCS and Finished (6 + 58 bytes) are not in the
        // capture, the server acknowledges them and sends data records, which it sends only past the client's
        // Finished (RFC 8446 section 4.4.4)
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(2000)))
                .serverData(T0 + 5 * MS, appData(75))
                .clientAdvance(64)
                .serverData(T0 + 8 * MS, appData(177)).serverData(T0 + 9 * MS, appData(1587))
                .serverFin(T0 + 3_000 * MS).clientFin(T0 + 3_001 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.outcomeReason()).contains("the client's Finished is not in the capture");
        assertThat(c.evidence()).filteredOn(e -> e.what().startsWith("the client's flight is not in the capture (64 "
                + "bytes")).singleElement().extracting(Evidence::frame).isEqualTo(7L);
    }

    @Test
    void aTls13ServerAnsweringAMissedClientFlightWithAnAlertSizedRecordDidNotComplete() {
        // the same, but the server's next record has an alert's size (19 bytes: RFC 8446 section 5.2) and it closes
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(2000)))
                .clientAdvance(64)
                .serverData(T0 + 8 * MS, appData(19)).serverFin(T0 + 9 * MS).clientFin(T0 + 10 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isNotEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aTls13ServersFlightAfterEarlyDataTheCaptureMissedProvesNothing() {
        // the client's bytes the capture lacks were acknowledged before the server's flight began (early data, RFC
        // 8446 section 4.2.10): the flight's records that follow are not an answer to the client's Finished
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .clientAdvance(500)
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(100)))
                .serverData(T0 + 5 * MS, appData(2000)).serverData(T0 + 6 * MS, appData(300))
                .serverFin(T0 + 3_000 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isNotEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aServerChangeCipherSpecWithTheClientsWholeStreamInTheCaptureProvesNothing() {
        // every client byte is in the capture and none is a ChangeCipherSpec: nothing is inferred
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello()).serverData(T0 + 4 * MS, fullFlight())
                .clientData(T0 + 5 * MS, record(22, new byte[70]))
                .serverData(T0 + 8 * MS, Packets.concat(ccs(), record(22, new byte[40])))
                .serverFin(T0 + 3_000 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
    }

    @Test
    void aResumingServersChangeCipherSpecComesFirstAndProvesNothing() {
        // an abbreviated handshake (RFC 5246 section 7.3, figure 2): ServerHello, then the server's ChangeCipherSpec
        // and Finished before the client's; the client's bytes after it are missing and the server closes
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())
                .serverData(T0 + 4 * MS, Packets.concat(record(22, serverHello(0x0303, 0xc02f, new byte[32],
                        new byte[0])), ccs(), record(22, new byte[40])))
                .clientAdvance(60)
                .serverFin(T0 + 3_000 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isNotEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aClearTextAlertAfterATls13ServerHelloIsRead() {
        // tshark decodes a 2-byte alert record after the TLS 1.3 ServerHello as "Alert (Level: Fatal, Description:
        // Handshake Failure)": too short to be protected (RFC 8446 section 5.2)
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), HandshakeDepthTest.alert(2, 40)))
                .serverFin(T0 + 5 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.alert().encrypted()).isFalse();
        assertThat(c.alert().description()).isEqualTo(40);
        assertThat(c.outcomeReason()).contains("fatal handshake_failure alert (40)");
        assertThat(c.diagnosis()).extracting(Finding::explanation).noneMatch(e -> e.contains("client's flight"));
    }

    @Test
    void aClientClosingAfterItsFinishedWithAnAlertSizedRecordEndedTheHandshake() {
        // curl with a TLS 1.3 server whose certificate names another host (the lab's
        // client-rejects-name-mismatch-tls13.pcap, stream 0): Finished, a 19-byte record, FIN; then the server's
        // NewSessionTicket and the client's RST. curl printed "SSL: no alternative certificate subject name matches"
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(2000)))
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), appData(53)))
                .clientData(T0 + 6 * MS, appData(19)).clientFin(T0 + 7 * MS)
                .serverData(T0 + 15 * MS, appData(298)).clientRst(T0 + 16 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.outcomeReason()).startsWith("The client ended the handshake");
        assertThat(c.alerts()).singleElement().satisfies(a -> assertThat(a.from()).isEqualTo(Side.CLIENT));
    }
}
