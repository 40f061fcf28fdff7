package io.hellocheck.tls;

import static io.hellocheck.tls.TestBytes.hex;
import static io.hellocheck.tls.TestBytes.hexResource;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.AlertInfo;
import io.hellocheck.analysis.Cause;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import io.hellocheck.tls.decrypt.KeyLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The RFC 8448 section 3 handshake as a capture (its records on one TCP connection), analyzed with the RFC's
 * traffic secrets as a key log or as a pcapng Decryption Secrets Block. Failure variants replace the RFC's later
 * records with alerts encrypted here under the keys and IVs RFC 8448 prints (AES-128-GCM, RFC 8446 section 5.2).
 */
class KeyLogCaptureTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final String CR = "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7";
    private static final String KEY_LOG = "CLIENT_HANDSHAKE_TRAFFIC_SECRET " + CR
            + " b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21\n"
            + "SERVER_HANDSHAKE_TRAFFIC_SECRET " + CR + " b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38\n"
            + "CLIENT_TRAFFIC_SECRET_0 " + CR + " 9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5\n"
            + "SERVER_TRAFFIC_SECRET_0 " + CR + " a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643\n";
    // RFC 8448 section 3: "{client} derive write traffic keys for handshake data", "{server} derive write traffic
    // keys for application data"
    private static final String CLIENT_HS_KEY = "dbfaa693d1762c5b666af5d950258d01";
    private static final String CLIENT_HS_IV = "5bd3c71b836e0b76bb73265f";
    private static final String SERVER_AP_KEY = "9f02283b6c9c07efc26bb9f2ac92e356";
    private static final String SERVER_AP_IV = "cf782b88dd83549aadf1e984";

    private static byte[] record(int type, int version, byte[] body) {
        return Packets.concat(new byte[] {(byte) type, (byte) (version >> 8), (byte) version,
                (byte) (body.length >> 8), (byte) body.length}, body);
    }

    private static byte[] clientHello() {
        return record(22, 0x0301, hexResource("rfc8448/section3-client-hello.hex"));
    }

    private static byte[] serverFlight() {
        return Packets.concat(record(22, 0x0303, hexResource("rfc8448/section3-server-hello.hex")),
                hexResource("rfc8448/section3-server-flight-record.hex"));
    }

    /** A TLS 1.3 alert record: TLSInnerPlaintext {level, description, 21} sealed with AES-128-GCM, sequence 0. */
    private static byte[] sealedAlert(String key, String iv, int level, int description) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(java.util.HexFormat.of().parseHex(key), "AES"),
                    new GCMParameterSpec(128, java.util.HexFormat.of().parseHex(iv)));
            c.updateAAD(hex("17 03 03 00 13"));
            return record(23, 0x0303, c.doFinal(new byte[] {(byte) level, (byte) description, 21}));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CaptureResult analyze(CaptureWriter.Format format, byte[] dsb, KeyLog log, Consumer<TcpFlow> story) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).format(format).build()) {
            if (dsb != null) {
                ByteBuffer b = ByteBuffer.allocate(8 + dsb.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.putInt(0x544c534b).putInt(dsb.length).put(dsb);
                w.block(10, b.array());
            }
            story.accept(w.tcp("10.0.0.1", 50000, "10.0.0.2", 443));
        }
        try {
            HelloCheck.Builder b = HelloCheck.builder();
            if (log != null) {
                b.keyLog(log);
            }
            return b.build().analyze(new ByteArrayInputStream(out.toByteArray()), "rfc8448");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CaptureResult analyze(KeyLog log, Consumer<TcpFlow> story) {
        return analyze(CaptureWriter.Format.PCAP_MICRO, null, log, story);
    }

    private static KeyLog keyLog() {
        return KeyLog.parse(KEY_LOG.getBytes(StandardCharsets.US_ASCII));
    }

    private static void handshake(TcpFlow f) {
        f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, clientHello())
                .serverData(T0 + 4 * MS, serverFlight());
    }

    private static void rfcHandshake(TcpFlow f) {
        handshake(f);
        f.clientData(T0 + 5 * MS, hexResource("rfc8448/section3-client-finished-record.hex"))
                .serverData(T0 + 6 * MS, hexResource("rfc8448/section3-new-session-ticket-record.hex"))
                .clientData(T0 + 7 * MS, hexResource("rfc8448/section3-client-application-data-record.hex"))
                .serverData(T0 + 8 * MS, hexResource("rfc8448/section3-server-application-data-record.hex"))
                .clientFin(T0 + 9 * MS).serverFin(T0 + 10 * MS);
    }

    private static ConnectionRecord only(CaptureResult r) {
        assertThat(r.connections()).hasSize(1);
        return r.connections().get(0);
    }

    @Test
    void theRfcHandshakeDecryptsAndCompletes() {
        ConnectionRecord c = only(analyze(keyLog(), KeyLogCaptureTest::rfcHandshake));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        var d = c.decryption();
        assertThat(d).isNotNull();
        assertThat(d.problem()).isNull();
        // RFC 8448: EncryptedExtensions, Certificate, CertificateVerify, Finished, then the NewSessionTicket
        assertThat(d.serverMessages()).containsExactly("encrypted_extensions", "certificate", "certificate_verify",
                "finished", "new_session_ticket");
        assertThat(d.clientMessages()).containsExactly("finished");
        assertThat(d.serverCertificateVerify()).isEqualTo("rsa_pss_rsae_sha256"); // 08 04
        assertThat(d.clientCertificates()).isNull();
        assertThat(d.alpn()).isNull();
        assertThat(d.serverFinishedFrame()).isEqualTo(5); // SYN, SYN-ACK, ACK, ClientHello, server flight
        assertThat(d.clientFinishedFrame()).isEqualTo(6);
        // the server's certificate, read from the decrypted Certificate: 30 0e 31 0c ... 13 03 72 73 61 = CN=rsa
        assertThat(c.serverFlight().certificates()).hasSize(1);
        assertThat(c.serverFlight().certificates().get(0).subject()).isEqualTo("CN=rsa");
        assertThat(c.evidence()).anyMatch(e -> e.what().startsWith("server Certificate: 1 certificate, leaf CN=rsa"));
        assertThat(c.toString()).doesNotContain("b3eddb12").doesNotContain("dbfaa693");
    }

    @Test
    void withoutKeysNothingIsDecrypted() {
        ConnectionRecord c = only(analyze(null, KeyLogCaptureTest::rfcHandshake));
        assertThat(c.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.decryption()).isNull();
        assertThat(c.serverFlight().certificates()).isEmpty();
    }

    @Test
    void theClientsEncryptedBadCertificateAlertIsNamed() {
        ConnectionRecord c = only(analyze(keyLog(), f -> {
            handshake(f);
            f.clientData(T0 + 5 * MS, sealedAlert(CLIENT_HS_KEY, CLIENT_HS_IV, 2, 42))
                    .clientFin(T0 + 6 * MS).serverFin(T0 + 7 * MS);
        }));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        AlertInfo a = c.alert();
        assertThat(a.from().label()).isEqualTo("client");
        assertThat(a.level()).isEqualTo(2);
        assertThat(TlsNames.alert(a.description())).isEqualTo("bad_certificate");
        assertThat(a.decrypted()).isTrue();
        assertThat(a.encrypted()).isFalse();
        assertThat(a.frame()).isEqualTo(6);
        // the decrypted server certificate (CN=rsa) does not name "server": the client's rejection (one finding
        // per cause, issue 13) names both the mismatch and the alert
        assertThat(c.diagnosis()).anyMatch(f -> f.cause() == Cause.CLIENT_REJECTED_SERVER_CERTIFICATE
                && f.explanation().contains("does not name server")
                && f.explanation().contains("alert 42 bad_certificate"));
    }

    @Test
    void theServersCertificateRequiredAfterTheClientsFinishedFailsTheHandshake() {
        ConnectionRecord c = only(analyze(keyLog(), f -> {
            handshake(f);
            f.clientData(T0 + 5 * MS, hexResource("rfc8448/section3-client-finished-record.hex"))
                    .serverData(T0 + 6 * MS, sealedAlert(SERVER_AP_KEY, SERVER_AP_IV, 2, 116))
                    .serverFin(T0 + 7 * MS).clientFin(T0 + 8 * MS);
        }));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(TlsNames.alert(c.alert().description())).isEqualTo("certificate_required");
        assertThat(c.alert().from().label()).isEqualTo("server");
        assertThat(c.alert().decrypted()).isTrue();
        assertThat(c.diagnosis()).anyMatch(f -> f.cause() == Cause.CLIENT_CERTIFICATE_REQUIRED
                && f.explanation().contains("alert 116 certificate_required"));
        assertThat(c.decryption().clientFinishedFrame()).isEqualTo(6);
    }

    @Test
    void aFinAfterTheClientsFinishedFailsTheHandshakeWithKeys() {
        ConnectionRecord c = only(analyze(keyLog(), f -> {
            handshake(f);
            f.clientData(T0 + 5 * MS, hexResource("rfc8448/section3-client-finished-record.hex"))
                    .serverFin(T0 + 6 * MS).clientFin(T0 + 7 * MS);
        }));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
    }

    @Test
    void aDecryptionSecretsBlockIsUsedWithoutAKeyLog() {
        ConnectionRecord c = only(analyze(CaptureWriter.Format.PCAPNG, KEY_LOG.getBytes(StandardCharsets.US_ASCII), null,
                KeyLogCaptureTest::rfcHandshake));
        assertThat(c.decryption()).isNotNull();
        assertThat(c.decryption().serverMessages()).contains("finished");
        assertThat(c.serverFlight().certificates().get(0).subject()).isEqualTo("CN=rsa");
    }

    @Test
    void aKeyLogOfOtherSessionsIsOneWarning() {
        String other = KEY_LOG.replace(CR, "00".repeat(32));
        CaptureResult r = analyze(KeyLog.parse(other.getBytes(StandardCharsets.US_ASCII)),
                KeyLogCaptureTest::rfcHandshake);
        assertThat(only(r).decryption()).isNull();
        assertThat(r.warnings()).hasSize(1);
        assertThat(r.warnings().get(0).message()).contains("matches none of the 1 TLS session");
    }

    @Test
    void withoutKeysAFailedTls13HandshakeSaysHowToGetAKeyLog() {
        ConnectionRecord c = only(analyze(null, f -> {
            handshake(f);
            f.clientData(T0 + 5 * MS, sealedAlert(CLIENT_HS_KEY, CLIENT_HS_IV, 2, 42))
                    .clientFin(T0 + 6 * MS).serverFin(T0 + 7 * MS);
        }));
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.alert().encrypted()).isTrue();
        assertThat(c.diagnosis()).anyMatch(f -> f.nextStep().contains("SSLKEYLOGFILE")
                && f.nextStep().contains("--keylog"));
        ConnectionRecord keyed = only(analyze(keyLog(), f -> {
            handshake(f);
            f.clientData(T0 + 5 * MS, sealedAlert(CLIENT_HS_KEY, CLIENT_HS_IV, 2, 42))
                    .clientFin(T0 + 6 * MS).serverFin(T0 + 7 * MS);
        }));
        assertThat(keyed.diagnosis()).noneMatch(f -> f.nextStep().contains("--keylog"));
    }
}
