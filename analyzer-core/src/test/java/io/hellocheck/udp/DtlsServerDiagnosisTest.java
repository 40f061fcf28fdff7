package io.hellocheck.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.analysis.Cause;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The diagnosis of DTLS flows against what the capture's other flows show of their server. A server that answers
 * the first ClientHello with a HelloVerifyRequest, then drops the handshake without an alert (gnutls-serv --udp with
 * no cipher suite in common, the scenario lab's dtls-server-silent.pcap): its datagrams came back, so UDP is not
 * blocked. A handshake_failure alert (40) to a client offering DTLS 1.2 from a server that completed DTLS 1.2 (the
 * lab's dtls-no-shared-cipher.pcap): no shared suite, not a version mismatch. Records from RFC 6347: the record header (4.1: type, version 0xfefd,
 * epoch, 48-bit sequence number, length), the handshake header (4.2.2: type, length, message_seq, fragment offset
 * and length), the ClientHello with its cookie and the HelloVerifyRequest (4.2.1); suites by their IANA values.
 */
class DtlsServerDiagnosisTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final String CLIENT = "10.0.0.1";
    private static final String SERVER = "10.0.0.2";
    private static final int TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xc02f;
    private static final int TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xc030;
    private static final byte[] COOKIE = Packets.hex("00112233445566778899aabbccddeeff");

    private static byte[] record(int type, int epoch, int seq, byte[] body) {
        return Packets.concat(new byte[] {(byte) type, (byte) 0xfe, (byte) 0xfd, 0, (byte) epoch, 0, 0, 0, 0,
                0, (byte) seq, (byte) (body.length >> 8), (byte) body.length}, body);
    }

    private static byte[] handshake(int type, int messageSeq, byte[] body) {
        return fragment(type, messageSeq, body.length, 0, body);
    }

    /** A fragment of a handshake message of {@code length} bytes, starting at {@code offset} (RFC 6347 4.2.2). */
    private static byte[] fragment(int type, int messageSeq, int length, int offset, byte[] body) {
        int n = body.length;
        return Packets.concat(new byte[] {(byte) type, 0, (byte) (length >> 8), (byte) length, 0, (byte) messageSeq,
                0, (byte) (offset >> 8), (byte) offset, 0, (byte) (n >> 8), (byte) n}, body);
    }

    private static byte[] clientHello(int messageSeq, byte[] cookie, int suite) {
        return clientHello(messageSeq, messageSeq, cookie, suite);
    }

    /** A ClientHello in a record of its own sequence number: a resent flight is a new record (RFC 6347 4.2.4). */
    private static byte[] clientHello(int recordSeq, int messageSeq, byte[] cookie, int suite) {
        byte[] body = Packets.concat(Packets.hex("fefd"), new byte[32], new byte[] {0, (byte) cookie.length},
                cookie, new byte[] {0, 2, (byte) (suite >> 8), (byte) suite, 1, 0});
        return record(22, 0, recordSeq, handshake(1, messageSeq, body));
    }

    private static byte[] helloVerifyRequest() {
        return record(22, 0, 0, handshake(3, 0, Packets.concat(Packets.hex("feff"),
                new byte[] {(byte) COOKIE.length}, COOKIE)));
    }

    private static byte[] serverHello(int suite) {
        return record(22, 0, 1, serverHelloMessage(suite));
    }

    private static byte[] serverHelloMessage(int suite) {
        byte[] body = Packets.concat(Packets.hex("fefd"), new byte[32], new byte[] {0, (byte) (suite >> 8),
                (byte) suite, 0});
        return handshake(2, 1, body);
    }

    private static Consumer<CaptureWriter> datagram(long t, int clientPort, boolean fromClient, byte[] payload) {
        return w -> w.ip(t, fromClient ? Packets.ipUdp(CLIENT, clientPort, SERVER, 4433, payload)
                : Packets.ipUdp(SERVER, 4433, CLIENT, clientPort, payload), fromClient);
    }

    /** The failing flow from port 50000, offering only AES-128-GCM, sent again after 1 and 3 s. */
    private static List<Consumer<CaptureWriter>> silentAfterTheCookie() {
        return List.of(datagram(T0, 50000, true, clientHello(0, new byte[0], TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)),
                datagram(T0 + MS, 50000, false, helloVerifyRequest()),
                datagram(T0 + 2 * MS, 50000, true, clientHello(1, COOKIE, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)),
                datagram(T0 + 1002 * MS, 50000, true, clientHello(1, COOKIE, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)),
                datagram(T0 + 3002 * MS, 50000, true, clientHello(1, COOKIE, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)));
    }

    private static CaptureResult analyze(List<Consumer<CaptureWriter>> datagrams) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            datagrams.forEach(d -> d.accept(w));
        }
        return HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
    }

    /** A flow from port 50001 at {@code t} that completes with AES-256-GCM: ChangeCipherSpec (20) both ways. */
    private static List<Consumer<CaptureWriter>> completed(long t) {
        return List.of(datagram(t, 50001, true, clientHello(0, new byte[0], TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)),
                datagram(t + MS, 50001, false, helloVerifyRequest()),
                datagram(t + 2 * MS, 50001, true, clientHello(1, COOKIE, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)),
                datagram(t + 3 * MS, 50001, false, serverHello(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)),
                datagram(t + 4 * MS, 50001, true, record(20, 0, 2, new byte[] {1})),
                datagram(t + 5 * MS, 50001, false, record(20, 0, 2, new byte[] {1})));
    }

    @Test
    void aServerThatCompletedWithAnotherSuiteAndDroppedThisHelloHasNoSharedSuiteNotABlockedPath() throws IOException {
        List<Consumer<CaptureWriter>> all = new java.util.ArrayList<>(silentAfterTheCookie());
        all.addAll(completed(T0 + 4000 * MS));
        CaptureResult r = analyze(all);
        assertThat(r.connections()).extracting(ConnectionRecord::outcome)
                .containsExactly(Outcome.NO_RESPONSE, Outcome.COMPLETED);
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.transport()).isEqualTo("dtls");
        assertThat(c.udp().helloVerifyRequest().frame()).isEqualTo(2);
        assertThat(c.outcomeReason()).startsWith("The server answered the first ClientHello with a "
                + "HelloVerifyRequest (frame 2), then sent no datagram after the ClientHello with its cookie");
        Finding first = c.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.NO_SHARED_CIPHER_SUITE);
        assertThat(first.confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(first.explanation()).contains("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384").contains("without an alert");
        assertThat(first.evidence()).extracting(Evidence::frame).containsExactly(2L, 3L);
        assertThat(c.diagnosis()).extracting(Finding::cause).contains(Cause.SERVER_SILENT_AFTER_ACK)
                .doesNotContain(Cause.UDP_BLOCKED);
    }

    @Test
    void aHandshakeFailureAlertFromAServerThatCompletedDtls12IsNoSharedSuite() throws IOException {
        // the failing flow comes first: its diagnosis still knows the later completed flow (RFC 6347 4.1: the
        // ClientHello's client_version 0xfefd is DTLS 1.2, the version the server completed with)
        List<Consumer<CaptureWriter>> all = new java.util.ArrayList<>(List.of(
                datagram(T0, 50000, true, clientHello(0, new byte[0], TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)),
                datagram(T0 + MS, 50000, false, helloVerifyRequest()),
                datagram(T0 + 2 * MS, 50000, true, clientHello(1, COOKIE, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)),
                datagram(T0 + 3 * MS, 50000, false, record(21, 0, 1, new byte[] {2, 40}))));
        all.addAll(completed(T0 + 1000 * MS));
        ConnectionRecord c = analyze(all).connections().get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.NO_SHARED_CIPHER_SUITE);
        assertThat(c.diagnosis().get(0).explanation()).contains("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.VERSION_MISMATCH);
    }

    @Test
    void withNothingKnownOfTheServerItIsSilentAfterItsHelloVerifyRequest() throws IOException {
        ConnectionRecord c = analyze(silentAfterTheCookie()).connections().get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.NO_RESPONSE);
        Finding first = c.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.SERVER_SILENT_AFTER_ACK);
        assertThat(first.explanation()).startsWith("The server answered an earlier ClientHello with a "
                + "HelloVerifyRequest (frame 2), so UDP passes both ways");
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.UDP_BLOCKED);
    }
    /** The cookie round of a flow from {@code clientPort}: ClientHello, HelloVerifyRequest, ClientHello with cookie. */
    private static List<Consumer<CaptureWriter>> cookieRound(int clientPort) {
        return List.of(datagram(T0, clientPort, true, clientHello(0, new byte[0], TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)),
                datagram(T0 + 3_592_000L, clientPort, false, helloVerifyRequest()),
                datagram(T0 + 3_681_000L, clientPort, true, clientHello(1, COOKIE, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)));
    }

    @Test
    void theClientsUnknownCaAlertAfterTheServersFlightFailsTheHandshakeAsOverTcp() throws IOException {
        // the breaker's dtls-client-rejects.pcap, udp.stream 0 (openssl s_client -dtls1_2 -CAfile of another CA):
        // tshark 4 Server Hello ..., 11 Server Hello Done, 9 Alert (Level: Fatal, Description: Unknown CA) from the
        // client; a default s_client completes 4 s later, so the capture goes on past the alert
        List<Consumer<CaptureWriter>> all = new java.util.ArrayList<>(cookieRound(50000));
        all.add(datagram(T0 + 10 * MS, 50000, false, Packets.concat(serverHello(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
                record(22, 0, 2, handshake(14, 2, new byte[0])))));
        all.add(datagram(T0 + 21 * MS, 50000, true, record(21, 0, 2, new byte[] {2, 48})));
        all.addAll(completed(T0 + 4000 * MS));
        ConnectionRecord c = analyze(all).connections().get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.failed()).isTrue();
        assertThat(c.alert().from()).isEqualTo(io.hellocheck.tcp.Side.CLIENT);
        assertThat(c.alert().description()).isEqualTo(48);
        assertThat(c.alert().frame()).isEqualTo(5);
        assertThat(c.alert().meaning()).isNotNull();
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
        // tshark names 0xfefd "DTLS 1.2" (RFC 6347 section 4.1); the records write versions as "TLSv1.2" does
        assertThat(io.hellocheck.report.JsonRecords.versionName(c.serverHello().hello().negotiatedVersion()))
                .isEqualTo("DTLSv1.2");
    }

    @Test
    void aServerAskingForAClientCertificateThatEndsTheHandshakeAfterTheClientsFlightWantsOne() throws IOException {
        // the breaker's dtls-mtls-required.pcap (s_server -dtls1_2 -Verify 1, s_client without a certificate):
        // tshark 10 Certificate Request (its body copied), Server Hello Done; 11 client Certificate (empty), Client
        // Key Exchange, Change Cipher Spec, Encrypted Handshake Message (epoch 1); 12 Alert fatal Handshake Failure
        byte[] certificateRequest = Packets.hex("030102400028040305030603080708080809080a080b0804080508060401050106010"
                + "30303010302040205020602" + "0000");
        List<Consumer<CaptureWriter>> all = new java.util.ArrayList<>(cookieRound(50000));
        all.add(datagram(T0 + 10 * MS, 50000, false, Packets.concat(serverHello(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
                record(22, 0, 2, handshake(13, 2, certificateRequest)), record(22, 0, 3, handshake(14, 3, new byte[0])))));
        all.add(datagram(T0 + 11 * MS, 50000, true, Packets.concat(record(22, 0, 2, handshake(11, 2, new byte[3])),
                record(22, 0, 3, handshake(16, 3, Packets.concat(new byte[] {32}, new byte[32]))),
                record(20, 0, 4, new byte[] {1}), record(22, 1, 0, new byte[40]))));
        all.add(datagram(T0 + 12 * MS, 50000, false, record(21, 0, 4, new byte[] {2, 40})));
        ConnectionRecord c = analyze(all).connections().get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.serverFlight().certificateRequest()).isNotNull();
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_CERTIFICATE_REQUIRED);
    }

    @Test
    void aServerFlightCutOnThePathWhileTheClientResendsItsHelloIsNoCaptureEnd() throws IOException {
        // the breaker's dtls-server-flight-cut.pcap: tshark 4 (0.004124 s) Server Hello, Certificate (Fragment:
        // offset 0, 161 of 809 bytes), then only the client: 5, 6, 7 Client Hello again at 1.025252, 3.041270,
        // 7.120630 s (the timer doubling, RFC 6347 section 4.2.4); no datagram from the server after frame 4
        List<Consumer<CaptureWriter>> all = new java.util.ArrayList<>(cookieRound(50000));
        byte[] first = Packets.concat(record(22, 0, 1, serverHelloMessage(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)),
                record(22, 0, 2, fragment(11, 2, 809, 0, new byte[161])));
        all.add(datagram(T0 + 4_124_000L, 50000, false, first));
        long[] resent = {1_025_252_000L, 3_041_270_000L, 7_120_630_000L};
        for (int i = 0; i < resent.length; i++) {
            all.add(datagram(T0 + resent[i], 50000, true, clientHello(2 + i, 1, COOKIE,
                    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)));
        }
        ConnectionRecord c = analyze(all).connections().get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(c.outcomeReason()).doesNotStartWith("The capture ends")
                .contains("7.117 s after its last datagram (frame 4)").contains("(the last in frame 7");
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.SERVER_FLIGHT_LOST);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.CAPTURE_ARTEFACT);
    }
}
