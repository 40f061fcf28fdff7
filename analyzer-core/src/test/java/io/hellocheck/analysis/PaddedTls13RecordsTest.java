package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.appData;
import static io.hellocheck.analysis.HandshakeDepthTest.ccs;
import static io.hellocheck.analysis.HandshakeDepthTest.ext;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls13Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.u16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec16;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.tcp.Side;
import io.hellocheck.testing.Packets;
import org.junit.jupiter.api.Test;

/**
 * TLS 1.3 stacks that pad their records (RFC 8446 section 5.4): SunJSSE (OpenJDK 17) adds 16 bytes to every record
 * it encrypts, so its Finished under TLS_AES_256_GCM_SHA384 is 85 bytes, not 69, and its alerts 35, not 19. Record
 * lengths are tshark's ({@code tls.record.length}) of a tester's loopback captures, decrypted with their key logs to
 * know what each record was:
 * <ul>
 *   <li>a Java server requiring a client certificate and a client with none (java-server-mtls13.pcap, tcp.stream 0):
 *   6 ServerHello (122), 8 ChangeCipherSpec, 10-18 the server's encrypted records 65, 14962, 849, 297, 85 (its
 *   Finished); 20 the client's ChangeCipherSpec, Certificate (25: empty), Finished (69); 22 its request (96);
 *   24 the server's Alert (fatal bad_certificate), 35 bytes; 25 the client's FIN, 26 the server's;</li>
 *   <li>a Java client refusing the server's certificate (java-client.pcap, tcp.stream 0): 6 ServerHello (122),
 *   ChangeCipherSpec and encrypted records 23, 833, 281, 69 (OpenSSL's Finished, unpadded); 8 the client's
 *   ChangeCipherSpec; 10 its Alert (fatal certificate_unknown), 35 bytes; 12 the server's FIN, 13 the client's.</li>
 * </ul>
 */
class PaddedTls13RecordsTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;

    private static byte[] serverHello1302() {
        return record(22, serverHello(0x0303, 0x1302, new byte[32], Packets.concat(ext(43, u16(0x0304)),
                ext(51, Packets.concat(u16(0x001d), vec16(new byte[32]))))));
    }

    @Test
    void aPaddingServersAlertAfterAnEmptyClientCertificateFailsTheHandshake() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello()).serverData(T0 + 4 * MS, serverHello1302())
                .serverData(T0 + 5 * MS, ccs()).serverData(T0 + 6 * MS, appData(65))
                .serverData(T0 + 7 * MS, appData(14962)).serverData(T0 + 8 * MS, appData(849))
                .serverData(T0 + 9 * MS, appData(297)).serverData(T0 + 10 * MS, appData(85))
                .clientData(T0 + 11 * MS, Packets.concat(ccs(), appData(25), appData(69)))
                .clientData(T0 + 12 * MS, appData(96)).serverData(T0 + 13 * MS, appData(35))
                .clientFin(T0 + 14 * MS).serverFin(T0 + 15 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.alert().from()).isEqualTo(Side.SERVER);
        assertThat(c.alert().likely()).isTrue();
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_CERTIFICATE_REQUIRED);
    }

    @Test
    void aPaddingServersLongerRecordAfterTheClientsFlightStillCompletes() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello()).serverData(T0 + 4 * MS, serverHello1302())
                .serverData(T0 + 5 * MS, Packets.concat(ccs(), appData(65), appData(849), appData(297), appData(85)))
                .clientData(T0 + 6 * MS, Packets.concat(ccs(), appData(85))).serverData(T0 + 7 * MS, appData(250))
                .clientFin(T0 + 8 * MS).serverFin(T0 + 9 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
    }

    /**
     * A flight whose last record is 6 bytes longer than a Finished with no common block (an unpadded stack whose last
     * record is not a lone Finished: a small 0.5-RTT record, a NewSessionTicket sent early): no padding, so the
     * server's short record before its close (an HTTP/2 GOAWAY, a small reply) is no alert.
     */
    @Test
    void aLastRecordThatIsNoPaddedFinishedShowsNoPadding() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello()).serverData(T0 + 4 * MS, serverHello1302())
                .serverData(T0 + 5 * MS, Packets.concat(ccs(), appData(49), appData(849), appData(297), appData(75)))
                .clientData(T0 + 6 * MS, Packets.concat(ccs(), appData(69))).serverData(T0 + 7 * MS, appData(50))
                .serverFin(T0 + 8 * MS).clientFin(T0 + 9 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aClientsLoneRecordShorterThanAnyFinishedIsItsAlertNotTheServersFault() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(serverHello1302(), ccs(), appData(23), appData(833),
                        appData(281), appData(69)))
                .clientData(T0 + 5 * MS, ccs()).clientData(T0 + 6 * MS, appData(35))
                .serverFin(T0 + 7 * MS).clientFin(T0 + 8 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.alert().from()).isEqualTo(Side.CLIENT);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.SERVER_REJECTED_CLIENT_HELLO);
    }
}
