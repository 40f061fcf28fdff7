package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.alert;
import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.ccs;
import static io.hellocheck.analysis.HandshakeDepthTest.clientHello;
import static io.hellocheck.analysis.HandshakeDepthTest.ext;
import static io.hellocheck.analysis.HandshakeDepthTest.handshake;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.u16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.tcp.Side;
import io.hellocheck.testing.Packets;
import org.junit.jupiter.api.Test;

/**
 * A HelloRetryRequest the client does not answer with a second ClientHello (RFC 8446 section 4.1.4): the server
 * answered, so it is not NO_RESPONSE nor the server's close; the handshake failed after the server's hello, and
 * the diagnosis says whether the request was valid (a group the client offered, without a key share) or not
 * (section 4.2.8: a group the client did not offer; 4.1.4: one it already sent a key share for).
 */
class UnansweredRetryTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;
    /** RFC 8446 section 4.1.3: a ServerHello with this random is a HelloRetryRequest. */
    private static final String HRR_RANDOM = "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C";

    /** A TLS 1.3 ClientHello: supported_groups x25519 and secp256r1, one key share, for x25519. */
    private static byte[] hello() {
        return clientHello(new byte[32], Packets.concat(ext(10, vec16(Packets.concat(u16(0x001d), u16(0x0017)))),
                ext(43, vec8(u16(0x0304))), ext(51, vec16(Packets.concat(u16(0x001d), vec16(new byte[32]))))),
                0x1301);
    }

    /** A HelloRetryRequest for {@code group} (key_share with selected_group only, section 4.2.8). */
    private static byte[] retry(int group) {
        byte[] exts = Packets.concat(ext(43, u16(0x0304)), ext(51, u16(group)));
        return record(22, handshake(2, Packets.concat(u16(0x0303), Packets.hex(HRR_RANDOM), vec8(new byte[0]),
                u16(0x1301), new byte[] {0}, vec16(exts))));
    }

    @Test
    void aClientAlertInsteadOfASecondClientHelloFailedAfterTheServersHello() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, hello()).serverData(T0 + 4 * MS, Packets.concat(retry(0x0017), ccs()))
                .clientData(T0 + 5 * MS, alert(2, 47)).clientFin(T0 + 6 * MS).serverFin(T0 + 7 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.outcomeReason()).contains("HelloRetryRequest (group secp256r1)")
                .contains("fatal illegal_parameter alert (47) instead of a second ClientHello");
        assertThat(c.serverHello()).isNull();
        assertThat(c.helloRetryRequest().frame()).isEqualTo(5);
        assertThat(c.alert().from()).isEqualTo(Side.CLIENT);
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_HELLO);
        assertThat(top.explanation()).contains("a group the client offered without a key share");
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.SERVER_SILENT_AFTER_ACK);
    }

    /**
     * As tshark read a capture of s_server -groups P-256 behind a front end that refuses the second ClientHello: 4
     * Client Hello, 6 Hello Retry Request (TLS_AES_256_GCM_SHA384, secp256r1) and Change Cipher Spec, 8 Change Cipher
     * Spec and Client Hello, 10 Alert (Level: Fatal, Description: Handshake Failure). The retry chose a suite of the
     * client's, so alert 40 is no cipher-suite mismatch.
     */
    @Test
    void alert40AfterTheSecondClientHelloIsNoCipherSuiteMismatch() {
        byte[] second = clientHello(new byte[32], Packets.concat(ext(10, vec16(Packets.concat(u16(0x001d),
                u16(0x0017)))), ext(43, vec8(u16(0x0304))), ext(51, vec16(Packets.concat(u16(0x0017),
                vec16(new byte[65]))))), 0x1301);
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, hello())                                       // frame 4
                .serverData(T0 + 4 * MS, Packets.concat(retry(0x0017), ccs()))          // frame 5
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), second))                 // frame 6
                .serverData(T0 + 6 * MS, alert(2, 40))                                  // frame 7
                .clientFin(T0 + 7 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.SERVER_ALERT);
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM);
        assertThat(top.explanation()).contains("frame 5").contains("TLS_AES_128_GCM_SHA256");
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.NO_SHARED_CIPHER_SUITE);
    }

    @Test
    void aRetryForAGroupTheClientDidNotOfferIsTheServersFault() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, hello()).serverData(T0 + 4 * MS, retry(0x0018))
                .clientData(T0 + 5 * MS, alert(2, 47)).clientFin(T0 + 6 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM);
        assertThat(top.explanation()).contains("secp384r1").contains("it offers x25519, secp256r1");
    }

    @Test
    void aRetryForTheGroupOfTheKeyShareSentIsTheServersFault() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, hello()).serverData(T0 + 4 * MS, retry(0x001d))
                .clientFin(T0 + 6 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.outcomeReason()).contains("the client closed (FIN) the connection instead of sending a second");
        assertThat(c.diagnosis().get(0).explanation()).contains("already carried one");
    }

    @Test
    void aClientSilentAfterTheRetryUntilTheServerClosesIsNotTheServersRejection() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, hello()).serverData(T0 + 4 * MS, retry(0x0017))
                .clientAck(T0 + 5 * MS).serverFin(T0 + 10_004 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.outcomeReason()).contains("the client sent no second ClientHello, and the server closed (FIN)")
                .contains("10.000 s after its request");
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.SERVER_REJECTED_CLIENT_HELLO);
    }

    @Test
    void aCaptureEndingSoonAfterTheRetryIsInconclusive() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, hello()).serverData(T0 + 4 * MS, retry(0x0017)).clientAck(T0 + 5 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(c.outcomeReason()).contains("HelloRetryRequest").contains("no second ClientHello");
    }

    @Test
    void aSecondClientHelloAfterTheRetryIsJudgedAsBefore() {
        // the retry answered: the server's answer to the second ClientHello decides (CONTRACT.md)
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, hello()).serverData(T0 + 4 * MS, Packets.concat(retry(0x0017), ccs()))
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), hello())).serverData(T0 + 6 * MS, alert(2, 40))
                .serverFin(T0 + 7 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.SERVER_ALERT);
    }
}
