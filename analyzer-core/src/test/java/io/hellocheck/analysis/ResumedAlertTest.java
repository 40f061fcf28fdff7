package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.appData;
import static io.hellocheck.analysis.HandshakeDepthTest.ccs;
import static io.hellocheck.analysis.HandshakeDepthTest.clientHello;
import static io.hellocheck.analysis.HandshakeDepthTest.ext;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.u16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.testing.Packets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A server's encrypted alert that ends a resumed session is no client-certificate problem: a resumption asks for no
 * client certificate (RFC 5246 section 7.3, Figure 2: the abbreviated handshake has no Certificate or
 * CertificateRequest; RFC 8446 section 4.3.2: a server authenticating with a PSK sends no CertificateRequest). In the
 * abbreviated TLS 1.2 handshake the server's ChangeCipherSpec and Finished come first, the client's after them, so
 * the diagnosis says which Finished the alert followed. No public capture has one (the resumed handshakes of the
 * zeek, wireshark, ja4 and nDPI captures all complete), so the capture writer builds them; frames as Wireshark numbers
 * them: SYN 1, SYN-ACK 2, ACK 3, then one frame per segment.
 */
class ResumedAlertTest {
    private static final long T0 = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long MS = 1_000_000L;
    /** A TLS 1.2 Finished (12 bytes of verify_data and the handshake header) under AES-128-GCM: 8 + 16 + 16 bytes. */
    private static final byte[] FINISHED = record(22, new byte[40]);
    /** An alert (2 bytes) under AES-128-GCM: explicit nonce 8, alert 2, tag 16 bytes (RFC 5288 section 3). */
    private static final byte[] ENCRYPTED_ALERT = record(21, new byte[26]);

    @Test
    void anAlertRightAfterTheServersOwnFinishedInAnAbbreviatedHandshakeSaysSo() {
        byte[] sid = new byte[32];
        sid[0] = 7;
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, clientHello(sid, new byte[0], 0xc02f))          // frame 4
                .serverData(T0 + 4 * MS, Packets.concat(record(22, serverHello(0x0303, 0xc02f, sid, new byte[0])),
                        ccs(), FINISHED))                                               // frame 5: the session id echoed
                .serverData(T0 + 5 * MS, ENCRYPTED_ALERT)                               // frame 6
                .serverFin(T0 + 6 * MS)
                .clientData(T0 + 7 * MS, Packets.concat(ccs(), FINISHED)).clientFin(T0 + 8 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.serverFlight().resumption()).isEqualTo("session_id");
        assertThat(c.outcomeReason()).contains("resumed the session")
                .contains("before the client's ChangeCipherSpec and Finished").doesNotContain("client's flight");
        Finding top = c.diagnosis().get(0);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.CLIENT_CERTIFICATE_REQUIRED);
        assertThat(top.cause().id()).isEqualTo("resumption_failed");
        assertThat(top.explanation()).contains("frame 6").contains("right after its own Finished")
                .contains("RFC 5246 section 7.3").doesNotContain("after the client's");
        assertThat(top.evidence()).extracting(Evidence::frame).contains(6L);
    }

    @Test
    void aLikelyAlertAfterTheClientsFinishedInAPskResumptionIsNoClientCertificate() {
        // TLS 1.3 (supported_versions 0x0304), pre_shared_key selected_identity 0 (RFC 8446 section 4.2.11)
        byte[] hello = clientHello(new byte[32], Packets.concat(ext(43, vec8(u16(0x0304))),
                ext(51, vec16(Packets.concat(u16(0x001d), vec16(new byte[32])))), ext(45, vec8(new byte[] {1})),
                ext(41, Packets.concat(vec16(Packets.concat(vec16(new byte[16]), new byte[4])),
                        vec16(vec8(new byte[32]))))), 0x1301);
        byte[] sh = record(22, serverHello(0x0303, 0x1301, new byte[32], Packets.concat(ext(43, u16(0x0304)),
                ext(51, Packets.concat(u16(0x001d), vec16(new byte[32]))), ext(41, u16(0)))));
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, hello)                                         // frame 4
                .serverData(T0 + 4 * MS, Packets.concat(sh, ccs(), appData(100)))        // frame 5
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), appData(53)))             // frame 6: the client's Finished
                .serverData(T0 + 6 * MS, appData(19))                                   // frame 7: alert size
                .serverFin(T0 + 7 * MS).clientFin(T0 + 8 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.serverFlight().resumption()).isEqualTo("psk");
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.CLIENT_CERTIFICATE_REQUIRED);
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause().id()).isEqualTo("resumption_failed");
        assertThat(top.explanation()).contains("frame 7").contains("after the client's Finished")
                .contains("RFC 8446 section 4.3.2");
    }
}
