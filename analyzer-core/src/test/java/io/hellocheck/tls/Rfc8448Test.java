package io.hellocheck.tls;

import static io.hellocheck.tls.TestBytes.hex;
import static io.hellocheck.tls.TestBytes.hexResource;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The hello messages of RFC 8448 ("Example Handshake Traces for TLS 1.3"), sections 3 and 5.
 *
 * <p>Expected values are read off the RFC's bytes by hand, field by field, per the structures of RFC 8446
 * section 4.1.2 / 4.1.3 and the extension sections cited; the comments quote the bytes.
 */
class Rfc8448Test {

    private static final byte[] S3_CH = hexResource("rfc8448/section3-client-hello.hex");
    private static final byte[] S3_SH = hexResource("rfc8448/section3-server-hello.hex");
    private static final byte[] S5_CH1 = hexResource("rfc8448/section5-client-hello-1.hex");
    private static final byte[] S5_HRR = hexResource("rfc8448/section5-hello-retry-request.hex");
    private static final byte[] S5_CH2 = hexResource("rfc8448/section5-client-hello-2.hex");
    private static final byte[] S5_SH = hexResource("rfc8448/section5-server-hello.hex");

    // Section 3 "{client} send handshake record": the 32 bytes after legacy_version 03 03
    private static final byte[] S3_CLIENT_RANDOM = hex(
            "cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef 62 83 02 4d ec e7");
    private static final byte[] S3_SERVER_RANDOM = hex(
            "a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95 93 0c 8a c5 cb 14 34 da c1 55 77 2e d3 e2 69 28");

    private static ClientHello clientHello(byte[] msg) throws TlsDecodeException {
        assertThat(msg[0]).as("handshake type client_hello(1)").isEqualTo((byte) 1);
        return ClientHello.parse(msg, 4, msg.length - 4);
    }

    private static ServerHello serverHello(byte[] msg) throws TlsDecodeException {
        assertThat(msg[0]).as("handshake type server_hello(2)").isEqualTo((byte) 2);
        return ServerHello.parse(msg, 4, msg.length - 4);
    }

    @Test
    void resourcesAreTheRfcBytes() throws NoSuchAlgorithmException {
        // RFC 8448 section 3 prints the transcript hash of ClientHello..ServerHello in its
        // "derive secret for handshake" steps: 86 0c 06 ed ... ca d8.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(S3_CH);
        sha.update(S3_SH);
        assertThat(HexFormat.of().formatHex(sha.digest()))
                .isEqualTo("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8");

        // Section 5: after a HelloRetryRequest the transcript starts with message_hash(ClientHello1)
        // (RFC 8446 section 4.4.1): fe 00 00 20 || SHA-256(ClientHello1); the RFC prints 8a a8 e8 28 ... 7b f8.
        byte[] ch1Hash = MessageDigest.getInstance("SHA-256").digest(S5_CH1);
        sha.reset();
        sha.update(new byte[] {(byte) 0xfe, 0, 0, 32});
        sha.update(ch1Hash);
        sha.update(S5_HRR);
        sha.update(S5_CH2);
        sha.update(S5_SH);
        assertThat(HexFormat.of().formatHex(sha.digest()))
                .isEqualTo("8aa8e828ec2f8a884fec95a3139de01c15a3daa7ff5bfc3f4bfcc21b438d7bf8");
    }

    @Test
    void section3ClientHello() throws TlsDecodeException {
        ClientHello ch = clientHello(S3_CH);
        assertThat(ch.legacyVersion()).isEqualTo(0x0303);                 // 03 03
        assertThat(ch.random()).isEqualTo(S3_CLIENT_RANDOM);
        assertThat(ch.sessionId()).isEmpty();                             // 00
        assertThat(ch.cipherSuites()).containsExactly(0x1301, 0x1303, 0x1302); // 00 06 13 01 13 03 13 02
        assertThat(ch.compressionMethods()).containsExactly(0);           // 01 00
        // extensions 00 91: 00 00, ff 01, 00 0a, 00 23, 00 33, 00 2b, 00 0d, 00 2d, 00 1c
        assertThat(ch.extensionTypes()).containsExactly(0, 0xff01, 10, 35, 51, 43, 13, 45, 28);
        // 00 00 00 0b 00 09 00 00 06 73 65 72 76 65 72: host_name "server"
        assertThat(ch.serverName()).isEqualTo("server");
        // 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04
        assertThat(ch.supportedGroups()).containsExactly(0x001d, 0x0017, 0x0018, 0x0019,
                0x0100, 0x0101, 0x0102, 0x0103, 0x0104);
        assertThat(TlsNames.names(ch.supportedGroups(), TlsNames::group)).containsExactly(
                "x25519", "secp256r1", "secp384r1", "secp521r1",
                "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192");
        // 00 33 00 26 00 24 00 1d 00 20 <32 bytes>: one x25519 share of 32 bytes
        assertThat(ch.keyShareGroups()).containsExactly(0x001d);
        assertThat(ch.keyShareLengths()).containsExactly(32);
        assertThat(ch.supportedVersions()).containsExactly(0x0304);     // 00 2b 00 03 02 03 04
        // 00 0d 00 20 00 1e 04 03 05 03 06 03 02 03 08 04 08 05 08 06 04 01 05 01 06 01 02 01 04 02 05 02 06 02 02 02
        assertThat(ch.signatureAlgorithms()).containsExactly(
                0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806,
                0x0401, 0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202);
        assertThat(TlsNames.signatureScheme(ch.signatureAlgorithms().get(0))).isEqualTo("ecdsa_secp256r1_sha256");
        assertThat(TlsNames.signatureScheme(ch.signatureAlgorithms().get(4))).isEqualTo("rsa_pss_rsae_sha256");
        assertThat(ch.alpn()).isEmpty();
        assertThat(ch.ecPointFormats()).isEmpty();
        assertThat(ch.anomalies()).isEmpty();
    }

    @Test
    void section3ServerHello() throws TlsDecodeException {
        ServerHello sh = serverHello(S3_SH);
        assertThat(sh.legacyVersion()).isEqualTo(0x0303);
        assertThat(sh.random()).isEqualTo(S3_SERVER_RANDOM);
        assertThat(sh.sessionId()).isEmpty();
        assertThat(sh.cipherSuite()).isEqualTo(0x1301);                    // 13 01
        assertThat(TlsNames.cipherSuite(sh.cipherSuite())).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(sh.compressionMethod()).isZero();
        assertThat(sh.extensionTypes()).containsExactly(51, 43);         // 00 33 ..., 00 2b ...
        assertThat(sh.keyShareGroup()).isEqualTo(0x001d);                // 00 1d 00 20 <32 bytes>
        assertThat(sh.keyShareLength()).isEqualTo(32);
        assertThat(sh.selectedVersion()).isEqualTo(0x0304);              // 00 2b 00 02 03 04
        assertThat(sh.negotiatedVersion()).isEqualTo(0x0304);
        assertThat(sh.helloRetryRequest()).isFalse();
        assertThat(sh.anomalies()).isEmpty();
    }

    @Test
    void section5HelloRetryRequestFlow() throws TlsDecodeException {
        ClientHello ch1 = clientHello(S5_CH1);
        assertThat(ch1.supportedGroups()).containsExactly(0x001d, 0x0017, 0x0018); // 00 08 00 06 00 1d 00 17 00 18
        assertThat(ch1.keyShareGroups()).containsExactly(0x001d);
        assertThat(ch1.keyShareLengths()).containsExactly(32);
        assertThat(ch1.serverName()).isEqualTo("server");
        assertThat(ch1.anomalies()).isEmpty();

        ServerHello hrr = serverHello(S5_HRR);
        assertThat(hrr.helloRetryRequest()).isTrue();                      // random cf 21 ad 74 ... 33 9c
        assertThat(hrr.cipherSuite()).isEqualTo(0x1301);
        assertThat(hrr.extensionTypes()).containsExactly(51, 44, 43);     // key_share, cookie, supported_versions
        assertThat(hrr.keyShareGroup()).isEqualTo(0x0017);               // 00 33 00 02 00 17: selected_group
        assertThat(TlsNames.group(hrr.keyShareGroup())).isEqualTo("secp256r1");
        assertThat(hrr.keyShareLength()).isEqualTo(-1);
        assertThat(hrr.selectedVersion()).isEqualTo(0x0304);
        assertThat(hrr.anomalies()).isEmpty();

        ClientHello ch2 = clientHello(S5_CH2);
        assertThat(ch2.random()).isEqualTo(ch1.random());
        assertThat(ch2.keyShareGroups()).containsExactly(0x0017);         // 00 17 00 41 04 ...: 65 bytes
        assertThat(ch2.keyShareLengths()).containsExactly(65);
        assertThat(ch2.extensionTypes()).contains(44, 21);              // echoes the cookie; padding
        assertThat(ch2.anomalies()).isEmpty();

        ServerHello sh = serverHello(S5_SH);
        assertThat(sh.helloRetryRequest()).isFalse();
        assertThat(sh.keyShareGroup()).isEqualTo(0x0017);
        assertThat(sh.keyShareLength()).isEqualTo(65);
        assertThat(sh.negotiatedVersion()).isEqualTo(0x0304);
    }
}
