package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.appData;
import static io.hellocheck.analysis.HandshakeDepthTest.ccs;
import static io.hellocheck.analysis.HandshakeDepthTest.handshake;
import static io.hellocheck.analysis.HandshakeDepthTest.u16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec8;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.v2Hello;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.report.CsvRecords;
import io.hellocheck.report.JsonRecords;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Inputs that crashed the analysis or hid a connection (issue 12), built with the test-side capture writer:
 * an SSLv2 cipher spec missing from the SSLv2 table, a TLS error in the segment that decided the outcome, an
 * empty handshake record before the ClientHello.
 */
class HostileInputTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;

    static byte[] capture(List<Consumer<CaptureWriter>> flows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            flows.forEach(f -> f.accept(w));
        }
        return out.toByteArray();
    }

    static CaptureResult analyze(byte[] capture) throws IOException {
        return HelloCheck.builder().build().analyze(new ByteArrayInputStream(capture), "test");
    }

    /** A TLS 1.2 handshake that completes, on client port {@code port}, starting at {@code t}. */
    static Consumer<CaptureWriter> completedTls12(int port, long t) {
        return w -> w.tcp("10.0.0.1", port, "10.0.0.2", 443).syn(t).synAck(t + MS).ack(t + 2 * MS)
                .clientData(t + 3 * MS, tls12Hello())
                .serverData(t + 4 * MS, record(22, serverHello(0x0303, 0xc02f, new byte[0], new byte[0])))
                .clientData(t + 5 * MS, ccs()).serverData(t + 6 * MS, ccs())
                .clientData(t + 7 * MS, appData(40)).serverData(t + 8 * MS, appData(40));
    }

    @Test
    void anSslV2CipherSpecOutsideTheSslV2TableIsWrittenAsSixHexDigits() throws IOException {
        // 0x0700c0 is SSL_CK_DES_192_EDE3_CBC_WITH_MD5 (draft-hickman-netscape-ssl-00 appendix C); 0x7f0203 is no
        // SSLv2 cipher kind
        CaptureResult r = analyze(capture(List.of(w -> w.tcp("10.0.0.1", 50000, "10.0.0.2", 443)
                .syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, v2Hello(0x0002, "0700c0 7f0203")).serverRst(T0 + 4 * MS))));
        ConnectionRecord c = r.connections().get(0);
        JsonNode j = JsonRecords.connection(c);
        assertThat(j.at("/client_hello/cipher_suites/0").asText()).isEqualTo("SSL_CK_DES_192_EDE3_CBC_WITH_MD5");
        assertThat(j.at("/client_hello/cipher_suites/1").asText()).isEqualTo("0x7f0203");
        int classified = 0;
        for (JsonNode n : j.at("/client_hello/cipher_suite_security")) {
            classified += n.asInt();
        }
        assertThat(classified).as("only the spec of the SSLv2 table has a security class").isEqualTo(1);
        assertThat(String.join(",", CsvRecords.row(c))).contains("SERVER_RESET");
    }

    @Test
    void aTlsErrorInTheSegmentThatDecidedTheOutcomeEndsNothingButThatStream() throws IOException {
        // the server's ChangeCipherSpec completes the handshake; in the same segment, a record header whose
        // length (0xffff) is above RFC 8446's 2^14 + 256 bytes (section 5.2) stops decoding of that stream
        byte[] bad = Packets.concat(ccs(), new byte[] {22, 3, 3, (byte) 0xff, (byte) 0xff});
        CaptureResult r = analyze(capture(List.of(
                w -> w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                        .clientData(T0 + 3 * MS, tls12Hello())
                        .serverData(T0 + 4 * MS, record(22, serverHello(0x0303, 0xc02f, new byte[0], new byte[0])))
                        .clientData(T0 + 5 * MS, ccs()).serverData(T0 + 6 * MS, bad),
                completedTls12(50001, T0 + 10 * MS))));
        assertThat(r.connections()).extracting(ConnectionRecord::outcome)
                .containsExactly(Outcome.COMPLETED, Outcome.COMPLETED);
        assertThat(r.connections()).extracting(c -> c.client().port()).containsExactly(50000, 50001);
        assertThat(r.summary().connectionRecords()).isEqualTo(2);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void anEmptyHandshakeRecordBeforeTheClientHelloHidesNothing() throws IOException {
        // RFC 8446 section 5.1 forbids zero-length handshake fragments; tshark still dissects the ClientHello
        // after one, and so must the analysis
        byte[] hello = Packets.concat(new byte[] {22, 3, 1, 0, 0}, tls12Hello());
        CaptureResult r = analyze(capture(List.of(w -> w.tcp("10.0.0.1", 50000, "10.0.0.2", 443)
                .syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, hello).serverRst(T0 + 4 * MS))));
        assertThat(r.connections()).hasSize(1);
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(c.clientHello().frame()).isEqualTo(4);
        assertThat(c.clientHello().hello().serverName()).isEqualTo("www.example.com");
    }

    /** A handshake message in TLS records of at most 2^14 bytes each (RFC 8446 section 5.1). */
    static byte[] records(byte[] handshake) {
        byte[] out = new byte[0];
        for (int at = 0; at < handshake.length; at += 1 << 14) {
            out = Packets.concat(out, record(22, java.util.Arrays.copyOfRange(handshake, at,
                    Math.min(handshake.length, at + (1 << 14)))));
        }
        return out;
    }

    @Test
    void aClientHelloRepeatingOneExtension16383TimesGivesABoundedRecord() throws IOException {
        // 16,383 empty extended_main_secret extensions (type 23, RFC 7627; IANA renamed it from extended_master_secret) fill the 65,532 bytes an extensions
        // block of at most 2^16-1 bytes can hold
        int n = 16_383;
        byte[] exts = new byte[4 * n];
        for (int i = 0; i < n; i++) {
            exts[4 * i + 1] = 23;
        }
        byte[] body = Packets.concat(u16(0x0303), new byte[32], vec8(new byte[0]), vec16(u16(0xc02f)),
                vec8(new byte[] {0}), vec16(exts));
        byte[] hello = records(handshake(1, body));
        CaptureResult r = analyze(capture(List.of(w -> {
            TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS);
            for (int at = 0; at < hello.length; at += 1400) {
                f.clientData(T0 + 3 * MS, java.util.Arrays.copyOfRange(hello, at, Math.min(hello.length, at + 1400)));
            }
            f.serverRst(T0 + 4 * MS);
        })));
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.clientHello().hello().extensionTypes()).hasSize(n);
        JsonNode j = JsonRecords.connection(c);
        assertThat(j.at("/client_hello/extensions")).hasSize(JsonRecords.MAX_LISTED);
        assertThat(j.at("/client_hello/extensions_left_out").asInt()).isEqualTo(n - JsonRecords.MAX_LISTED);
        JsonNode anomalies = j.at("/client_hello/anomalies");
        assertThat(anomalies).hasSize(33);
        assertThat(anomalies.get(0).asText()).startsWith("extension extended_main_secret sent twice");
        assertThat(anomalies.get(32).asText()).isEqualTo((n - 1 - 32) + " more anomalies left out");
        // what is left is bounded by the input: ja3_string and ja4_r list every extension, as their definitions
        // say (was 1.8 MB, 27 times the ClientHello, with 16,382 anomalies)
        assertThat(j.toString().length()).as("the record's size").isLessThan(3 * hello.length);
    }
}
