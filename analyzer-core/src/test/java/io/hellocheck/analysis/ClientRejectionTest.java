package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.certificateMessage;
import static io.hellocheck.analysis.HandshakeDepthTest.der;
import static io.hellocheck.analysis.HandshakeDepthTest.ext;
import static io.hellocheck.analysis.HandshakeDepthTest.handshake;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.u16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.report.TextReport;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A client that ends the handshake after the ServerHello rejected the server's flight (issue 13, points 1
 * and 6): the diagnosis names the client's rejection and what in the flight explains it. The flights are
 * built so that one thing explains each failure; the certificates' names and dates are those openssl printed
 * (src/test/resources/io/hellocheck/tls/certs/*.openssl.txt).
 */
class ClientRejectionTest {
    /** Inside the test leaf's validity (2026-11-29 14:19:24 to 2026-11-30 14:19:24 GMT, leaf.openssl.txt). */
    private static final long T0 = Instant.parse("2026-11-29T20:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long MS = 1_000_000L;
    /** The leaf's issuer, as openssl prints it (ca.openssl.txt subject, leaf.openssl.txt issuer). */
    private static final String TEST_ROOT = "CN=Test Root CA,O=hellocheck tests,C=DE";

    private static byte[] sni(String name) {
        return ext(0, vec16(Packets.concat(new byte[] {0}, vec16(name.getBytes(StandardCharsets.US_ASCII)))));
    }

    /** A ClientHello for www.example.com offering {@code versions} (supported_versions) and x25519 only. */
    private static byte[] hello(int suite, int... versions) {
        byte[] v = new byte[0];
        for (int x : versions) {
            v = Packets.concat(v, u16(x));
        }
        byte[] exts = Packets.concat(sni("www.example.com"), ext(10, vec16(u16(0x001d))),
                ext(13, vec16(u16(0x0403))), versions.length == 0 ? new byte[0] : ext(43, vec8(v)));
        return HandshakeDepthTest.clientHello(new byte[0], exts, suite);
    }

    /** ServerHello (TLS 1.2, 0xc02f), Certificate with {@code certs}, ServerHelloDone, in one record. */
    private static byte[] flight(byte[]... certs) {
        return record(22, Packets.concat(serverHello(0x0303, 0xc02f, new byte[0], new byte[0]),
                certificateMessage(certs), handshake(14, new byte[0])));
    }

    private static CaptureResult analyze(List<Consumer<CaptureWriter>> stories) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            stories.forEach(s -> s.accept(w));
        }
        return HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
    }

    /** One connection: ClientHello, the server's {@code flight}, then the client's fatal {@code alert} and FIN. */
    private static Consumer<CaptureWriter> rejected(String client, byte[] hello, byte[] flight, int alert, long t) {
        return w -> w.tcp(client, 50000, "10.0.0.2", 443).syn(t).synAck(t + MS).ack(t + 2 * MS)
                .clientData(t + 3 * MS, hello).serverData(t + 4 * MS, flight)
                .clientData(t + 5 * MS, HandshakeDepthTest.alert(2, alert)).clientFin(t + 6 * MS);
    }

    private static ConnectionRecord only(CaptureResult r) {
        assertThat(r.connections()).hasSize(1);
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.SERVER_REJECTED_CLIENT_HELLO);
        return c;
    }

    @Test
    void tls10ChosenForAClientOfferingTls13DownToTls10IsTheClientRefusingTheVersion() throws IOException {
        // the server answers TLS 1.0 (0x0301) to a client offering 1.3, 1.2, 1.1 and 1.0 (RFC 8446 4.2.1);
        // the client then sends alert 70 protocol_version
        byte[] sh = record(22, serverHello(0x0301, 0x002f, new byte[0], new byte[0]));
        ConnectionRecord c = only(analyze(List.of(rejected("10.0.0.1",
                hello(0x002f, 0x0304, 0x0303, 0x0302, 0x0301), sh, 70, T0))));
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.VERSION_MISMATCH);
        assertThat(top.confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(top.explanation()).contains("The server chose TLSv1.0").contains("up to TLSv1.3")
                .contains("alert 70 protocol_version");
        assertThat(top.nextStep()).startsWith("Enable TLS 1.2 (and TLS 1.3) on the server");
    }

    @Test
    void internalErrorAfterATls11KeyExchangeIsTheClientRefusingTheVersionNotTheSelfSignedCertificate()
            throws IOException {
        // the breaker's client-refuses-tls11.pcap (finding 13), tcp.stream 0 as tshark reads it: s_client (no SNI,
        // TLS 1.3 down to 1.0) to s_server -tls1_1 with a self-signed certificate (CN=localhost); frame 6 Server Hello
        // (version 0x0302, 0xc014), Certificate (one), Server Key Exchange (x25519, the TLS 1.1 signature without an
        // algorithm field), Server Hello Done; frame 8 the client's Alert (Level: Fatal, Description: Internal Error);
        // curl printed "legacy sigalg disallowed or unsupported"
        byte[] exts = Packets.concat(ext(10, vec16(u16(0x001d))), ext(13, vec16(u16(0x0804))),
                ext(43, vec8(Packets.concat(u16(0x0304), u16(0x0303), u16(0x0302), u16(0x0301)))));
        byte[] hello = HandshakeDepthTest.clientHello(new byte[0], exts, 0x1302, 0xc030, 0xc014);
        byte[] ske = handshake(12, Packets.concat(new byte[] {3}, u16(0x001d), vec8(new byte[32]),
                vec16(new byte[256])));
        byte[] flight = record(22, Packets.concat(serverHello(0x0302, 0xc014, new byte[0], new byte[0]),
                certificateMessage(der("ca")), ske, handshake(14, new byte[0])));
        ConnectionRecord c = only(analyze(List.of(rejected("10.0.0.1", hello, flight, 80, T0))));
        assertThat(c.serverFlight().certificates().get(0).selfSigned()).isTrue();
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).as(c.diagnosis().toString()).isEqualTo(Cause.VERSION_MISMATCH);
        assertThat(top.confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(top.explanation()).contains("The server chose TLSv1.1").contains("alert 80 internal_error")
                .contains("RFC 4346 section 7.4.3");
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
    }

    @Test
    void aGroupTheClientDidNotOfferIsTheClientRejectingTheKeyExchange() throws IOException {
        // ServerKeyExchange (RFC 8422 5.4): named_curve secp384r1 (0x0018), a 97-byte point, ecdsa_secp256r1_sha256;
        // the client offered x25519 only and answers illegal_parameter (47)
        byte[] point = new byte[97];
        point[0] = 4;
        byte[] ske = handshake(12, Packets.concat(new byte[] {3}, u16(0x0018), vec8(point), u16(0x0403),
                vec16(new byte[64])));
        byte[] flight = record(22, Packets.concat(serverHello(0x0303, 0xc02f, new byte[0], new byte[0]),
                certificateMessage(der("leaf"), der("ca")), ske, handshake(14, new byte[0])));
        ConnectionRecord c = only(analyze(List.of(rejected("10.0.0.1", hello(0xc02f), flight, 47, T0))));
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM);
        assertThat(top.explanation()).contains("the group secp384r1, which the client did not offer")
                .contains("alert 47 illegal_parameter");
    }

    @Test
    void anUntrustedIssuerWithTheWholeChainIsNotAnIncompleteChain() throws IOException {
        ConnectionRecord c = only(analyze(List.of(rejected("10.0.0.1", hello(0xc02f),
                flight(der("leaf"), der("ca")), 48, T0))));
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
        assertThat(top.explanation()).contains("does not trust the issuer").contains("issued by " + TEST_ROOT);
        assertThat(top.nextStep()).contains("trust store").doesNotContain("full chain");
    }

    @Test
    void aLeafWithoutItsIssuerIsAMissingIntermediateOrAnUntrustedPrivateCa() throws IOException {
        // the leaf alone, signed by the test root: a missing intermediate and a private CA the client does not trust
        // look the same on the wire, so both are named (the rejection itself is certain: alert 48 unknown_ca)
        ConnectionRecord c = only(analyze(List.of(rejected("10.0.0.1", hello(0xc02f), flight(der("leaf")), 48, T0))));
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
        assertThat(top.explanation()).contains("not the certificate that issued it (" + TEST_ROOT + ")")
                .contains("an intermediate").contains("a private CA the client does not trust");
        assertThat(top.nextStep()).contains("send the full chain").contains("trust store");
    }

    @Test
    void anotherIssuerThanOtherClientsSawForTheSameNameIsTlsInterception() throws IOException {
        Consumer<CaptureWriter> working = w -> w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + MS)
                .ack(T0 + 2 * MS).clientData(T0 + 3 * MS, hello(0xc02f))
                .serverData(T0 + 4 * MS, flight(der("leaf"), der("ca"))).clientData(T0 + 5 * MS, DiagnoserTest.CCS)
                .serverData(T0 + 6 * MS, DiagnoserTest.CCS);
        // another client, behind an intercepting proxy, gets a certificate for the same name from CN=ed.example
        CaptureResult r = analyze(List.of(working,
                rejected("10.0.0.9", hello(0xc02f), flight(der("ed25519")), 48, T0 + 100 * MS)));
        assertThat(r.connections()).extracting(ConnectionRecord::outcome)
                .containsExactly(Outcome.COMPLETED, Outcome.FAILED_AFTER_SERVER_HELLO);
        Finding top = r.connections().get(1).diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.TLS_INTERCEPTION);
        assertThat(top.explanation()).contains("issued by CN=ed.example").contains("other clients received one issued by "
                + TEST_ROOT);
        assertThat(TextReport.render(r, true)).contains("issued by CN=ed.example (1 sent), self-signed");
    }

    @Test
    void aTls13ClientThatSentItsFlightAndClosedDroppedTheConnection() {
        // RFC 8446 4.4: a client sends its Finished only after verifying the server's CertificateVerify and
        // Finished. Here the client's Finished (4 + 32 + 1 + 16 = 53 bytes of ciphertext) and its request follow
        // the server's flight, then the client's FIN, with no record of alert size: it accepted the server
        ConnectionRecord c = only(HandshakeDepthTest.analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, HandshakeDepthTest.tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(HandshakeDepthTest.tls13ServerHello(), HandshakeDepthTest.ccs(),
                        HandshakeDepthTest.appData(2000)))
                .clientData(T0 + 5 * MS, Packets.concat(HandshakeDepthTest.ccs(), HandshakeDepthTest.appData(53)))
                .clientData(T0 + 6 * MS, HandshakeDepthTest.appData(117)).clientFin(T0 + 7 * MS)
                .serverFin(T0 + 10_000 * MS)));
        assertThat(c.alerts()).isEmpty();
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.CLIENT_ABANDONED_HANDSHAKE);
        assertThat(top.explanation()).contains("TLS 1.3").contains("before the server's next record")
                .doesNotContain("ChangeCipherSpec");
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.CLIENT_REJECTED_SERVER_HELLO,
                Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
    }

    @Test
    void aTls13ClientClosingAfterAnAlertSizedRecordIsNotTakenForADroppedConnection() {
        // the same flight, then a lone 19-byte record (2 + 1 + 16: an alert) before the FIN: curl's name check
        // after the handshake (the lab's client-rejects-name-mismatch-tls13.pcap), a rejection, not a drop
        ConnectionRecord c = only(HandshakeDepthTest.analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, HandshakeDepthTest.tls13Hello())
                .serverData(T0 + 4 * MS, Packets.concat(HandshakeDepthTest.tls13ServerHello(), HandshakeDepthTest.ccs(),
                        HandshakeDepthTest.appData(2000)))
                .clientData(T0 + 5 * MS, Packets.concat(HandshakeDepthTest.ccs(), HandshakeDepthTest.appData(53)))
                .clientData(T0 + 6 * MS, HandshakeDepthTest.appData(19)).clientFin(T0 + 7 * MS)));
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.CLIENT_ABANDONED_HANDSHAKE)
                .contains(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
    }

    @Test
    void theTextReportNamesTheIssuer() throws IOException {
        CaptureResult r = analyze(List.of(rejected("10.0.0.1", hello(0xc02f), flight(der("leaf"), der("ca")), 48, T0)));
        assertThat(TextReport.render(r, true).replaceAll("\\s+", " "))
                .contains("certificate frame 5 CN=www.example.com,O=Example\\, Inc.,C=US, issued by " + TEST_ROOT
                        + " (2 sent)");
    }
}
