package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.report.JsonRecords;
import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tcp.Side;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Handshakes in depth on hand-made captures: preambles before TLS (PROXY v1/v2 from haproxy's
 * proxy-protocol.txt, HTTP CONNECT refused or accepted, SMTP STARTTLS), SSLv2 hellos, the server's TLS 1.2
 * flight and resumption, TLS 1.3 likely encrypted alerts, alert meanings, and the JSON keys for them.
 */
class HandshakeDepthTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;

    // ------------------------------------------------------------------ TLS building blocks (RFC 8446, 5246)

    static byte[] record(int type, byte[] body) {
        return Packets.concat(new byte[] {(byte) type, 3, 3, (byte) (body.length >> 8), (byte) body.length}, body);
    }

    static byte[] handshake(int type, byte[] body) {
        return Packets.concat(new byte[] {(byte) type, (byte) (body.length >> 16), (byte) (body.length >> 8),
            (byte) body.length}, body);
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    static byte[] u24(int v) {
        return new byte[] {(byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    static byte[] vec8(byte[] b) {
        return Packets.concat(new byte[] {(byte) b.length}, b);
    }

    static byte[] vec16(byte[] b) {
        return Packets.concat(u16(b.length), b);
    }

    static byte[] ext(int type, byte[] data) {
        return Packets.concat(u16(type), vec16(data));
    }

    /** A ClientHello record: TLS 1.2 legacy version, the given session id, suites and extensions. */
    static byte[] clientHello(byte[] sessionId, byte[] extensions, int... suites) {
        return clientHello(0x0303, sessionId, extensions, suites);
    }

    /** A ClientHello record of {@code legacyVersion} (0x0301 for TLS 1.0). */
    static byte[] clientHello(int legacyVersion, byte[] sessionId, byte[] extensions, int... suites) {
        byte[] s = new byte[suites.length * 2];
        for (int i = 0; i < suites.length; i++) {
            s[2 * i] = (byte) (suites[i] >> 8);
            s[2 * i + 1] = (byte) suites[i];
        }
        byte[] body = Packets.concat(u16(legacyVersion), new byte[32], vec8(sessionId), vec16(s), vec8(new byte[] {0}),
                vec16(extensions));
        return record(22, handshake(1, body));
    }

    static byte[] tls12Hello() {
        return clientHello(new byte[0], ext(0, vec16(Packets.concat(new byte[] {0}, vec16(
                "www.example.com".getBytes(StandardCharsets.US_ASCII))))), 0xc02f);
    }

    static byte[] tls13Hello() {
        return clientHello(new byte[32], Packets.concat(ext(43, vec8(u16(0x0304))),
                ext(51, vec16(Packets.concat(u16(0x001d), vec16(new byte[32]))))), 0x1301);
    }

    static byte[] serverHello(int version, int suite, byte[] sessionId, byte[] extensions) {
        byte[] random = new byte[32];
        random[0] = 0x42;
        byte[] body = Packets.concat(u16(version), random, vec8(sessionId), u16(suite), new byte[] {0},
                vec16(extensions));
        return handshake(2, body);
    }

    static byte[] tls13ServerHello() {
        return record(22, serverHello(0x0303, 0x1301, new byte[32], Packets.concat(ext(43, u16(0x0304)),
                ext(51, Packets.concat(u16(0x001d), vec16(new byte[32]))))));
    }

    /** A TLS 1.2 server flight in one record: ServerHello (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256), an empty
     * Certificate, ServerHelloDone. */
    static byte[] tls12ServerFlight() {
        return record(22, Packets.concat(serverHello(0x0303, 0xc02f, new byte[0], new byte[0]),
                handshake(11, new byte[3]), handshake(14, new byte[0])));
    }

    /** A TLS 1.2 client's flight: ClientKeyExchange, ChangeCipherSpec, and its Finished under AES-GCM (40 bytes). */
    static byte[] tls12ClientFlight() {
        return Packets.concat(record(22, handshake(16, new byte[33])), ccs(), record(22, new byte[40]));
    }

    static byte[] ccs() {
        return record(20, new byte[] {1});
    }

    static byte[] appData(int length) {
        return Packets.concat(new byte[] {23, 3, 3, (byte) (length >> 8), (byte) length}, new byte[length]);
    }

    static byte[] alert(int level, int description) {
        return record(21, new byte[] {(byte) level, (byte) description});
    }

    static byte[] der(String name) {
        try (InputStream in = HandshakeDepthTest.class.getResourceAsStream("/io/hellocheck/tls/certs/" + name + ".der")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] certificateMessage(byte[]... certs) {
        byte[] list = new byte[0];
        for (byte[] c : certs) {
            list = Packets.concat(list, u24(c.length), c);
        }
        return handshake(11, Packets.concat(u24(list.length), list));
    }

    static CaptureResult analyze(int serverPort, Consumer<TcpFlow> story) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            story.accept(w.tcp("10.0.0.1", 50000, "10.0.0.2", serverPort));
        }
        try {
            return HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static ConnectionRecord only(CaptureResult r) {
        assertThat(r.connections()).hasSize(1);
        return r.connections().get(0);
    }

    // ------------------------------------------------------------------ preambles

    @Test
    void proxyV1HeaderAndClientHelloInOneSegment() {
        byte[] header = ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, Packets.concat(header, tls12Hello()))
                .serverData(T0 + 4 * MS, alert(2, 40)).serverFin(T0 + 5 * MS).clientFin(T0 + 6 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(c.clientHello().frame()).isEqualTo(4);
        assertThat(c.clientHello().hello().serverName()).isEqualTo("www.example.com");
        assertThat(c.preamble().protocol()).isEqualTo("PROXY v1");
        assertThat(c.preamble().proxiedSource()).isEqualTo(new Endpoint("192.168.0.1", 56324));
        assertThat(c.preamble().tlsStarted()).isTrue();
        assertThat(c.alert().meaning()).contains("no cipher suite, group or signature algorithm in common");
        JsonNode j = JsonRecords.connection(c);
        assertThat(j.at("/preamble/protocol").asText()).isEqualTo("PROXY v1");
        assertThat(j.at("/preamble/proxied_source/ip").asText()).isEqualTo("192.168.0.1");
        assertThat(j.at("/alert/meaning").asText()).contains("in common");
        assertThat(j.at("/alert/likely").asBoolean()).isFalse();
    }

    @Test
    void proxyV2HeaderThenTheTls12ServerFlight() {
        byte[] sig = Packets.hex("0d0a0d0a000d0a515549540a");
        byte[] v2 = Packets.concat(sig, new byte[] {0x21, 0x11}, u16(12), new byte[] {(byte) 203, 0, 113, 9},
                new byte[] {(byte) 198, 51, 100, 1}, u16(40000), u16(443));
        byte[] leaf = der("leaf");
        byte[] ca = der("ca");
        // ServerKeyExchange: named_curve secp256r1, a 65-byte point, rsa_pkcs1_sha256 signature
        byte[] ske = handshake(12, Packets.concat(new byte[] {3}, u16(23), vec8(new byte[65]), u16(0x0401),
                vec16(new byte[64])));
        byte[] creq = handshake(13, Packets.concat(vec8(new byte[] {1, 64}), vec16(u16(0x0403)), vec16(new byte[0])));
        byte[] flight = record(22, Packets.concat(serverHello(0x0303, 0xc02f, new byte[0], new byte[0]),
                certificateMessage(leaf, ca), ske, creq, handshake(14, new byte[0])));
        long capture = java.time.Instant.now().plusSeconds(10 * 86400).getEpochSecond() * 1_000_000_000L;
        ConnectionRecord c = only(analyze(443, f -> f.syn(capture).synAck(capture + MS).ack(capture + 2 * MS)
                .clientData(capture + 3 * MS, v2).clientData(capture + 4 * MS, tls12Hello())
                .serverData(capture + 5 * MS, flight).clientData(capture + 6 * MS, alert(2, 48))
                .clientFin(capture + 7 * MS).serverFin(capture + 8 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.preamble().protocol()).isEqualTo("PROXY v2");
        assertThat(c.preamble().proxiedDestination()).isEqualTo(new Endpoint("198.51.100.1", 443));
        ServerFlight fl = c.serverFlight();
        assertThat(fl.messages()).containsExactly("server_hello", "certificate", "server_key_exchange",
                "certificate_request", "server_hello_done");
        assertThat(fl.certificates()).hasSize(2);
        assertThat(fl.keyExchange().namedCurve()).isEqualTo(23);
        assertThat(fl.certificateRequest().certificateTypes()).containsExactly(1, 64);
        assertThat(fl.helloDone()).isTrue();
        assertThat(fl.resumed()).isFalse();
        // the leaf is valid for one day from its generation: ten days later it has expired
        assertThat(fl.certificates().get(0).expiredAt(fl.certificateTimeNanos())).isTrue();
        assertThat(fl.leafMatches("www.example.com")).isTrue();
        assertThat(c.alert().from()).isEqualTo(Side.CLIENT);
        assertThat(c.alert().meaning()).contains("does not trust the CA");
        JsonNode j = JsonRecords.connection(c);
        assertThat(j.at("/certificate_request").asBoolean()).isTrue();
        assertThat(j.at("/server_key_exchange_group").asText()).isEqualTo("secp256r1");
        assertThat(j.at("/server_certificates/0/expired").asBoolean()).isTrue();
        assertThat(j.at("/server_certificates/0/matches_sni").asBoolean()).isTrue();
        assertThat(j.at("/server_certificates/1/self_signed").asBoolean()).isTrue();
        assertThat(j.at("/server_certificates/1/matches_sni").isNull()).isTrue();
        assertThat(j.at("/server_hello_done").asBoolean()).isTrue();
        assertThat(j.at("/server_hello/resumed").asBoolean()).isFalse();
        assertThat(j.at("/server_hello/cipher_suite_info/security").asText()).isEqualTo("recommended");
    }

    @Test
    void aConnectRefusedWith407IsAProxyRefusedRecord() {
        CaptureResult r = analyze(3128, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, ascii("CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n\r\n"))
                .serverData(T0 + 4 * MS, ascii("HTTP/1.1 407 Proxy Authentication Required\r\n"
                        + "Proxy-Authenticate: Basic realm=\"corp\"\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))
                .serverFin(T0 + 5 * MS).clientFin(T0 + 6 * MS));
        ConnectionRecord c = only(r);
        assertThat(c.outcome()).isEqualTo(Outcome.PROXY_REFUSED);
        assertThat(c.outcome().isFailure()).isTrue();
        assertThat(c.outcomeReason()).contains("407").contains("api.example.com:443");
        assertThat(c.clientHello()).isNull();
        assertThat(c.preamble().statusCode()).isEqualTo(407);
        assertThat(c.preamble().tlsStarted()).isFalse();
        assertThat(c.closedBy().how()).isEqualTo("FIN");
        JsonNode j = JsonRecords.connection(c);
        assertThat(j.at("/outcome").asText()).isEqualTo("PROXY_REFUSED");
        assertThat(j.at("/preamble/status_code").asInt()).isEqualTo(407);
        assertThat(j.at("/preamble/server_reply").asText()).isEqualTo("HTTP/1.1 407 Proxy Authentication Required");
    }

    @Test
    void aRefusedConnectToAnyPortIsProxyRefused() {
        // CONTRACT.md defines PROXY_REFUSED by the refused tunnel, whatever its target port
        ConnectionRecord c = only(analyze(3128, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, ascii("CONNECT intranet.example:9443 HTTP/1.1\r\n\r\n"))
                .serverData(T0 + 4 * MS, ascii("HTTP/1.1 403 Forbidden\r\n\r\n")).serverRst(T0 + 5 * MS)));
        assertThat(c.outcome()).isEqualTo(Outcome.PROXY_REFUSED);
        assertThat(c.outcomeReason()).contains("403").contains("intranet.example:9443");
    }

    @Test
    void a407AnsweredByCredentialsOnTheSameConnectionIsNoFailure() {
        CaptureResult r = analyze(3128, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, ascii("CONNECT example.com:443 HTTP/1.1\r\n\r\n"))
                .serverData(T0 + 4 * MS, ascii("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n"))
                .clientData(T0 + 5 * MS, ascii("CONNECT example.com:443 HTTP/1.1\r\nProxy-Authorization: Basic eDp5\r\n\r\n"))
                .serverData(T0 + 6 * MS, ascii("HTTP/1.1 200 Connection established\r\n\r\n"))
                .clientData(T0 + 7 * MS, tls12Hello())
                .serverData(T0 + 8 * MS, record(22, serverHello(0x0303, 0xc02f, new byte[0], new byte[0])))
                .clientData(T0 + 9 * MS, ccs()).serverData(T0 + 10 * MS, ccs()));
        ConnectionRecord c = only(r);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.preamble().protocol()).isEqualTo("HTTP CONNECT");
        assertThat(c.preamble().statusCode()).isEqualTo(200);
        assertThat(c.preamble().frames()).containsExactly(4L, 6L);
        assertThat(c.clientHello().frame()).isEqualTo(8);
    }

    @Test
    void smtpStartTlsThenAServerReset() {
        ConnectionRecord c = only(analyze(587, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .serverData(T0 + 3 * MS, ascii("220 mail.example.com ESMTP ready\r\n"))
                .clientData(T0 + 4 * MS, ascii("EHLO client.example\r\n"))
                .serverData(T0 + 5 * MS, ascii("250-mail.example.com\r\n250 STARTTLS\r\n"))
                .clientData(T0 + 6 * MS, ascii("STARTTLS\r\n"))
                .serverData(T0 + 7 * MS, ascii("220 2.0.0 Ready to start TLS\r\n"))
                .clientData(T0 + 8 * MS, tls12Hello()).serverRst(T0 + 9 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(c.serverPreamble().protocol()).isEqualTo("SMTP");
        assertThat(c.preamble().protocol()).isEqualTo("SMTP STARTTLS");
        assertThat(c.preamble().serverReply()).isEqualTo("220 2.0.0 Ready to start TLS");
        assertThat(c.clientHello().frame()).isEqualTo(9);
        assertThat(c.evidence()).anyMatch(e -> e.what().startsWith("TLS starts after a SMTP STARTTLS preamble"));
    }

    // ------------------------------------------------------------------ SSLv2

    static byte[] v2Record(byte[] msg) {
        return Packets.concat(new byte[] {(byte) (0x80 | (msg.length >> 8)), (byte) msg.length}, msg);
    }

    static byte[] v2Hello(int version, String specs) {
        byte[] s = Packets.hex(specs);
        return v2Record(Packets.concat(new byte[] {1}, u16(version), u16(s.length), u16(0), u16(16), s, new byte[16]));
    }

    @Test
    void anSslV2CompatibleHelloAnsweredInTls() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, v2Hello(0x0301, "000039 000004 010080"))
                .serverData(T0 + 4 * MS, record(22, serverHello(0x0301, 0x0004, new byte[32], new byte[0])))
                .clientData(T0 + 5 * MS, ccs()).serverData(T0 + 6 * MS, ccs())));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.clientHello().hello().sslV2()).isTrue();
        assertThat(c.clientHello().hello().cipherSuites()).containsExactly(0x0039, 0x0004, 0x010080);
        JsonNode j = JsonRecords.connection(c);
        assertThat(j.at("/client_hello/sslv2_format").asBoolean()).isTrue();
        assertThat(j.at("/client_hello/cipher_suites/2").asText()).isEqualTo("SSL_CK_RC4_128_WITH_MD5");
        assertThat(j.at("/client_hello/ja3").isNull()).isTrue();
        assertThat(j.at("/server_hello/version").asText()).isEqualTo("TLSv1.0");
    }

    @Test
    void pureSslV2CompletesWithTheClientsChosenCipher() {
        byte[] sh = v2Record(Packets.concat(new byte[] {4, 0, 1}, u16(2), u16(0), u16(6), u16(16),
                Packets.hex("0700c0 010080"), new byte[16]));
        byte[] cmk = v2Record(Packets.concat(new byte[] {2}, Packets.hex("010080"), u16(0), u16(0), u16(0)));
        byte[] enc = Packets.concat(new byte[] {(byte) 0x80, 0x20}, new byte[0x20]);
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, v2Hello(0x0002, "0700c0 010080"))
                .serverData(T0 + 4 * MS, sh).clientData(T0 + 5 * MS, cmk)
                .serverData(T0 + 6 * MS, enc).clientData(T0 + 7 * MS, enc)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.serverHello().hello().legacyVersion()).isEqualTo(0x0002);
        assertThat(c.serverHello().hello().cipherSuite()).as("from CLIENT-MASTER-KEY").isEqualTo(0x010080);
        assertThat(JsonRecords.connection(c).at("/server_hello/version").asText()).isEqualTo("SSLv2");
    }

    @Test
    void anSslV2ErrorAnswerIsAServerAlertOutcome() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, v2Hello(0x0002, "0700c0"))
                .serverData(T0 + 4 * MS, v2Record(Packets.concat(new byte[] {0}, u16(1)))).serverFin(T0 + 5 * MS)));
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(c.outcomeReason()).contains("NO-CIPHER-ERROR");
    }

    // ------------------------------------------------------------------ TLS 1.3 likely encrypted alerts

    @Test
    void aTls13ClientsLoneAlertSizedRecordThenCloseIsALikelyAlert() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(2000)))
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), appData(19))).clientFin(T0 + 6 * MS)
                .serverFin(T0 + 7 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.outcomeReason()).contains("alert size");
        assertThat(c.alerts()).singleElement().satisfies(a -> {
            assertThat(a.likely()).isTrue();
            assertThat(a.encrypted()).isTrue();
            assertThat(a.from()).isEqualTo(Side.CLIENT);
        });
        JsonNode j = JsonRecords.connection(c);
        assertThat(j.at("/alerts/0/likely").asBoolean()).isTrue();
        assertThat(j.at("/alerts/0/meaning").asText()).contains("most likely an alert");
        assertThat(j.at("/server_hello/encrypted_handshake").asBoolean()).isTrue();
    }

    @Test
    void aTls13ServersLoneAlertSizedRecordAfterTheClientsFlightThenCloseIsALikelyAlert() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(2000)))
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), appData(53)))
                .serverData(T0 + 6 * MS, appData(19)).serverFin(T0 + 7 * MS).clientFin(T0 + 8 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.alerts()).singleElement().satisfies(a -> {
            assertThat(a.likely()).isTrue();
            assertThat(a.from()).isEqualTo(Side.SERVER);
        });
    }

    @Test
    void aTls13HandshakeCompletesWhenTheServerGoesOnAfterTheClientsFlight() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), ccs(), appData(2000)))
                .clientData(T0 + 5 * MS, Packets.concat(ccs(), appData(53), appData(80)))
                .serverData(T0 + 6 * MS, appData(250)).serverData(T0 + 7 * MS, appData(19))
                .serverFin(T0 + 8 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        // the server's last record of alert size before its FIN: a likely close_notify after the handshake
        assertThat(c.alerts()).singleElement().satisfies(a -> {
            assertThat(a.from()).isEqualTo(Side.SERVER);
            assertThat(a.likely()).isTrue();
        });
        // the client's flight, then its FIN before any record of the server (CONTRACT.md: a FIN came first)
        ConnectionRecord quiet = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(tls13ServerHello(), appData(2000)))
                .clientData(T0 + 5 * MS, appData(53)).clientFin(T0 + 6 * MS)));
        assertThat(quiet.outcome()).as(quiet.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
    }

    // ------------------------------------------------------------------ resumption, warnings

    @Test
    void tls12ResumptionBySessionIdAndByTicket() {
        byte[] sid = new byte[32];
        sid[0] = 7;
        byte[] hello = clientHello(sid, new byte[0], 0xc02f);
        ConnectionRecord byId = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, hello)
                .serverData(T0 + 4 * MS, Packets.concat(record(22, serverHello(0x0303, 0xc02f, sid, new byte[0])), ccs()))
                .clientData(T0 + 5 * MS, ccs())));
        assertThat(byId.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(byId.serverFlight().resumption()).isEqualTo("session_id");

        byte[] ticketHello = clientHello(new byte[0], ext(35, new byte[128]), 0xc02f);
        byte[] nst = handshake(4, Packets.concat(u16(0), u16(300), vec16(new byte[96])));
        ConnectionRecord byTicket = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, ticketHello)
                .serverData(T0 + 4 * MS, Packets.concat(record(22, Packets.concat(
                        serverHello(0x0303, 0xc02f, new byte[0], ext(35, new byte[0])), nst)), ccs()))
                .clientData(T0 + 5 * MS, ccs())));
        assertThat(byTicket.serverFlight().resumption()).isEqualTo("session_ticket");
        assertThat(byTicket.serverFlight().sessionTicket().lifetimeHintSeconds()).isEqualTo(300);
        JsonNode j = JsonRecords.connection(byTicket);
        assertThat(j.at("/server_hello/resumed").asBoolean()).isTrue();
        assertThat(j.at("/new_session_ticket/ticket_bytes").asInt()).isEqualTo(96);
        assertThat(j.at("/client_hello/session_ticket_bytes").asInt()).isEqualTo(128);
    }

    @Test
    void anUnrecognizedNameWarningIsNoFailureAndSaysSo() {
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())
                .serverData(T0 + 4 * MS, Packets.concat(alert(1, 112), record(22, serverHello(0x0303, 0xc02f,
                        new byte[0], new byte[0]))))
                .clientData(T0 + 5 * MS, ccs()).serverData(T0 + 6 * MS, ccs())));
        assertThat(c.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.alerts()).singleElement().satisfies(a -> assertThat(a.meaning()).contains("not a failure"));
    }

    @Test
    void alertsBeyondTheSixteenKeptAreCountedInAlertsLeftOut() {
        byte[][] warnings = new byte[20][];
        java.util.Arrays.fill(warnings, alert(1, 112));
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())
                .serverData(T0 + 4 * MS, Packets.concat(Packets.concat(warnings), record(22, serverHello(0x0303,
                        0xc02f, new byte[0], new byte[0]))))
                .clientData(T0 + 5 * MS, ccs()).serverData(T0 + 6 * MS, ccs())));
        assertThat(c.alerts()).hasSize(16);
        assertThat(c.alertsLeftOut()).isEqualTo(4);
        JsonNode j = JsonRecords.connection(c);
        assertThat(j.get("alerts")).hasSize(16);
        assertThat(j.get("alerts_left_out").asInt()).isEqualTo(4);
        assertThat(JsonRecords.connection(only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello()).serverData(T0 + 4 * MS, alert(2, 40)).serverFin(T0 + 5 * MS))))
                .has("alerts_left_out")).isFalse();
    }

    @Test
    void clientHelloJsonKeys() {
        byte[] hello = clientHello(new byte[0], Packets.concat(ext(0x0a0a, new byte[0]),
                ext(51, vec16(Packets.concat(u16(0x11ec), vec16(new byte[1216])))), ext(21, new byte[10]),
                ext(45, vec8(new byte[] {1})), ext(42, new byte[0])), 0x1a1a, 0x1301, 0x0005, 0x000a);
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, hello).serverData(T0 + 4 * MS, alert(2, 70)).serverFin(T0 + 5 * MS)));
        JsonNode ch = JsonRecords.connection(c).get("client_hello");
        assertThat(ch.at("/grease/cipher_suites").asInt()).isEqualTo(1);
        assertThat(ch.at("/grease/extensions").asInt()).isEqualTo(1);
        assertThat(ch.at("/key_shares/0/group").asText()).isEqualTo("X25519MLKEM768");
        assertThat(ch.at("/key_shares/0/length_bytes").asInt()).isEqualTo(1216);
        assertThat(ch.at("/key_shares/0/post_quantum").asBoolean()).isTrue();
        assertThat(ch.at("/post_quantum_key_share").asBoolean()).isTrue();
        assertThat(ch.at("/padding_bytes").asInt()).isEqualTo(10);
        assertThat(ch.at("/psk_key_exchange_modes/0").asText()).isEqualTo("psk_dhe_ke");
        assertThat(ch.at("/early_data").asBoolean()).isTrue();
        assertThat(ch.at("/psk_offered").asBoolean()).isFalse();
        assertThat(ch.at("/ech_present").asBoolean()).isFalse();
        assertThat(ch.at("/cipher_suite_security/insecure").asInt()).as("RC4").isEqualTo(1);
        assertThat(ch.at("/cipher_suite_security/weak").asInt()).as("3DES").isEqualTo(1);
        assertThat(ch.at("/cipher_suite_security/recommended").asInt()).isEqualTo(1);
        assertThat(c.alert().meaning()).contains("none of the TLS versions");
        assertThat(JsonRecords.connection(c).at("/server_certificates").isArray()).isTrue();
        assertThat(JsonRecords.connection(c).at("/preamble").isNull()).isTrue();
    }

}
