package io.hellocheck.tls.decrypt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * QUIC packet keys from a key log's handshake secrets. A packet protection key comes from its secret the same way at
 * every encryption level (RFC 9001 section 5.1), so the RFCs' Initial examples check the derivation: the client
 * Initial secret of RFC 9001 appendix A.1 and of RFC 9369 appendix A.1 (QUIC version 2), logged here as a client
 * handshake traffic secret, give their key, iv and hp.
 */
class QuicPacketKeysTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String RANDOM = "0a".repeat(32);
    private static final int TLS_AES_128_GCM_SHA256 = 0x1301;

    private static KeyLog log(String label, String secret) {
        return KeyLog.parse((label + " " + RANDOM + " " + secret + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void version1KeysAreThoseOfRfc9001AppendixA() {
        KeyLog log = log("CLIENT_HANDSHAKE_TRAFFIC_SECRET",
                "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea");
        QuicPacketKeys k = QuicPacketKeys.handshake(log, HEX.parseHex(RANDOM), TLS_AES_128_GCM_SHA256, "quic ", true);
        assertThat(HEX.formatHex(k.key())).isEqualTo("1f369613dd76d5467730efcbe3b1a22d");
        assertThat(HEX.formatHex(k.iv())).isEqualTo("fa044b2f42a3fd3b46fb255c");
        assertThat(HEX.formatHex(k.hp())).isEqualTo("9f50449e04a0e810283a1e9933adedd2");
    }

    @Test
    void version2KeysAreThoseOfRfc9369AppendixA() {
        KeyLog log = log("CLIENT_HANDSHAKE_TRAFFIC_SECRET",
                "14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b");
        QuicPacketKeys k = QuicPacketKeys.handshake(log, HEX.parseHex(RANDOM), TLS_AES_128_GCM_SHA256, "quicv2 ",
                true);
        assertThat(HEX.formatHex(k.key())).isEqualTo("8b1a0bc121284290a29e0971b5cd045d");
        assertThat(HEX.formatHex(k.iv())).isEqualTo("91f73e2351d8fa91660e909f");
        assertThat(HEX.formatHex(k.hp())).isEqualTo("45b95e15235d6f45a6b19cbcb0294ba9");
    }

    @Test
    void noKeysWithoutTheSideSecretOrForChaCha20() {
        KeyLog log = log("CLIENT_HANDSHAKE_TRAFFIC_SECRET",
                "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea");
        byte[] random = HEX.parseHex(RANDOM);
        assertThat(QuicPacketKeys.handshake(log, random, TLS_AES_128_GCM_SHA256, "quic ", false)).isNull();
        assertThat(QuicPacketKeys.handshake(log, random, 0x1303, "quic ", true)).isNull();
        assertThat(QuicPacketKeys.handshake(log, HEX.parseHex("0b".repeat(32)), TLS_AES_128_GCM_SHA256, "quic ", true))
                .isNull();
    }
}
