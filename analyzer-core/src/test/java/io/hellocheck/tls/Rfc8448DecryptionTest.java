package io.hellocheck.tls;

import static io.hellocheck.tls.TestBytes.hex;
import static io.hellocheck.tls.TestBytes.hexResource;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.tls.decrypt.KeyDerivation;
import io.hellocheck.tls.decrypt.KeyLog;
import io.hellocheck.tls.decrypt.SessionKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Decryption of RFC 8448 section 3 ("Simple 1-RTT Handshake", TLS_AES_128_GCM_SHA256): the traffic secrets the
 * RFC prints, written as an NSS key log, must give the keys and IVs it prints (RFC 8446 section 7.3) and open its
 * records to the plaintexts it prints.
 */
class Rfc8448DecryptionTest {
    // the ClientHello and ServerHello randoms of the trace (also checked by Rfc8448Test)
    private static final String CLIENT_RANDOM = "cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d"
            + " ff a2 1a 8d 99 12 ec 18 a2 ef 62 83 02 4d ec e7";
    private static final String SERVER_RANDOM = "a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95"
            + " 93 0c 8a c5 cb 14 34 da c1 55 77 2e d3 e2 69 28";
    // "derive secret for handshake" (c hs traffic, s hs traffic) and "derive secret for master" (c ap, s ap)
    private static final String C_HS = "b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f"
            + " 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21";
    private static final String S_HS = "b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4"
            + " e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38";
    private static final String C_AP = "9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52"
            + " 87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5";
    private static final String S_AP = "a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32"
            + " 82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43";

    private static String compact(String spaced) {
        return spaced.replace(" ", "");
    }

    private static KeyLog keyLog() {
        String cr = compact(CLIENT_RANDOM);
        String text = "# RFC 8448 section 3\n"
                + "CLIENT_HANDSHAKE_TRAFFIC_SECRET " + cr + " " + compact(C_HS) + "\r\n"
                + "SERVER_HANDSHAKE_TRAFFIC_SECRET " + cr + " " + compact(S_HS) + "\n"
                + "CLIENT_TRAFFIC_SECRET_0 " + cr + " " + compact(C_AP) + "\n"
                + "SERVER_TRAFFIC_SECRET_0 " + cr + " " + compact(S_AP) + "\n"
                + "EXPORTER_SECRET " + cr + " fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50\n";
        return KeyLog.parse(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static SessionKeys session() {
        SessionKeys keys = SessionKeys.find(keyLog(), hex(CLIENT_RANDOM), hex(SERVER_RANDOM), 0x0304, 0x1301, false);
        assertThat(keys).isNotNull();
        assertThat(keys.problem()).isNull();
        return keys;
    }

    /** Opens a whole record (5-byte header first) and returns {inner content type} + plaintext. */
    private static byte[] open(RecordDecryptor d, byte[] record) {
        int type = record[0] & 0xff;
        int version = ((record[1] & 0xff) << 8) | (record[2] & 0xff);
        int length = ((record[3] & 0xff) << 8) | (record[4] & 0xff);
        assertThat(length).isEqualTo(record.length - 5);
        int n = d.open(type, version, Arrays.copyOfRange(record, 5, record.length), length);
        assertThat(n).as("record opens").isGreaterThanOrEqualTo(0);
        byte[] out = new byte[n + 1];
        out[0] = (byte) d.contentType();
        System.arraycopy(d.plaintext(), 0, out, 1, n);
        return out;
    }

    private static byte[] typed(int type, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = (byte) type;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    @Test
    void keyLogReadsTheFourTrafficSecretsAndIgnoresTheExporterSecret() {
        KeyLog log = keyLog();
        assertThat(log.sessions()).isEqualTo(1);
        assertThat(log.skippedLines()).isZero(); // EXPORTER_SECRET is not needed, and not a bad line either
        assertThat(KeyLog.parse("RSA 0011 2233\nCLIENT_RANDOM zz 00\n".getBytes(StandardCharsets.US_ASCII))
                .skippedLines()).isEqualTo(2);
        assertThat(log.has(hex(CLIENT_RANDOM))).isTrue();
        assertThat(log.has(hex(SERVER_RANDOM))).isFalse();
        assertThat(log.toString()).doesNotContain("b3ed").doesNotContain("b67b");
    }

    @Test
    void trafficKeysAndIvsAreTheRfcs() {
        HexFormat h = HexFormat.of();
        // "{server}  derive write traffic keys for handshake data"
        assertThat(h.formatHex(KeyDerivation.expandLabel("HmacSHA256", hex(S_HS), "key", new byte[0], 16)))
                .isEqualTo("3fce516009c21727d0f2e4e86ee403bc");
        assertThat(h.formatHex(KeyDerivation.expandLabel("HmacSHA256", hex(S_HS), "iv", new byte[0], 12)))
                .isEqualTo("5d313eb2671276ee13000b30");
        // "{client}  derive write traffic keys for handshake data"
        assertThat(h.formatHex(KeyDerivation.expandLabel("HmacSHA256", hex(C_HS), "key", new byte[0], 16)))
                .isEqualTo("dbfaa693d1762c5b666af5d950258d01");
        assertThat(h.formatHex(KeyDerivation.expandLabel("HmacSHA256", hex(C_HS), "iv", new byte[0], 12)))
                .isEqualTo("5bd3c71b836e0b76bb73265f");
        // "{server}  derive write traffic keys for application data"
        assertThat(h.formatHex(KeyDerivation.expandLabel("HmacSHA256", hex(S_AP), "key", new byte[0], 16)))
                .isEqualTo("9f02283b6c9c07efc26bb9f2ac92e356");
        assertThat(h.formatHex(KeyDerivation.expandLabel("HmacSHA256", hex(S_AP), "iv", new byte[0], 12)))
                .isEqualTo("cf782b88dd83549aadf1e984");
    }

    @Test
    void serverRecordsOpenToTheRfcsPlaintexts() {
        RecordDecryptor server = session().server();
        // handshake traffic keys: EncryptedExtensions, Certificate, CertificateVerify, Finished in one record
        assertThat(open(server, hexResource("rfc8448/section3-server-flight-record.hex")))
                .isEqualTo(typed(22, hexResource("rfc8448/section3-server-flight.hex")));
        // then application traffic keys (the switch after the Finished): NewSessionTicket, 04 00 00 c9 ...
        byte[] ticket = open(server, hexResource("rfc8448/section3-new-session-ticket-record.hex"));
        assertThat(ticket[0]).isEqualTo((byte) 22);
        assertThat(Arrays.copyOfRange(ticket, 1, 5)).isEqualTo(hex("04 00 00 c9"));
        assertThat(ticket).hasSize(1 + 4 + 0xc9);
        assertThat(open(server, hexResource("rfc8448/section3-server-application-data-record.hex")))
                .isEqualTo(typed(23, payload()));
        assertThat(open(server, hexResource("rfc8448/section3-server-alert-record.hex")))
                .isEqualTo(hex("15 01 00")); // alert(21): warning close_notify
    }

    @Test
    void clientRecordsOpenToTheRfcsPlaintexts() {
        RecordDecryptor client = session().client();
        assertThat(open(client, hexResource("rfc8448/section3-client-finished-record.hex")))
                .isEqualTo(typed(22, hex("14 00 00 20 a8 ec 43 6d 67 76 34 ae 52 5a c1 fc eb e1 1a 03 9e c1 76 94"
                        + " fa c6 e9 85 27 b6 42 f2 ed d5 ce 61")));
        assertThat(open(client, hexResource("rfc8448/section3-client-application-data-record.hex")))
                .isEqualTo(typed(23, payload()));
        assertThat(open(client, hexResource("rfc8448/section3-client-alert-record.hex")))
                .isEqualTo(hex("15 01 00"));
    }

    @Test
    void aRecordOfAnotherSessionDoesNotOpenAndConsumesNothing() {
        RecordDecryptor client = session().client();
        byte[] server = hexResource("rfc8448/section3-server-alert-record.hex");
        assertThat(client.open(23, 0x0303, Arrays.copyOfRange(server, 5, server.length), server.length - 5))
                .isEqualTo(-1);
        // the sequence number was not used up: the client's first record still opens
        assertThat(open(client, hexResource("rfc8448/section3-client-finished-record.hex"))[0]).isEqualTo((byte) 22);
    }

    @Test
    void noEntryForAnotherClientRandom() {
        assertThat(SessionKeys.find(keyLog(), hex(SERVER_RANDOM), hex(SERVER_RANDOM), 0x0304, 0x1301, false)).isNull();
    }

    /** RFC 8448: "the client sends 50 octets of application data: 00 01 02 ... 31". */
    private static byte[] payload() {
        byte[] p = new byte[50];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) i;
        }
        return p;
    }
}
