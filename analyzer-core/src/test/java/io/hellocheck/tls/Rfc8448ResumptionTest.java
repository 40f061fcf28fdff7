package io.hellocheck.tls;

import static io.hellocheck.tls.TestBytes.hexResource;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * RFC 8448 section 4, "Resumed 0-RTT Handshake": a ClientHello offering a resumption PSK with early data and
 * padding, and the ServerHello accepting the PSK. Expected values read off the RFC's bytes by hand (quoted).
 */
class Rfc8448ResumptionTest {
    private static final byte[] CH = hexResource("rfc8448/section4-client-hello.hex");
    private static final byte[] SH = hexResource("rfc8448/section4-server-hello.hex");

    @Test
    void resourceIsTheRfcClientHello() throws Exception {
        // Section 4 prints the hash of the ClientHello truncated before its binders list (RFC 8446 section
        // 4.2.11.2), used for the PSK binder: 63 22 4b 2e ... 1e 92 4a 14. The binders list is the last 35 bytes.
        assertThat(CH).hasSize(512);
        byte[] truncated = Arrays.copyOf(CH, CH.length - 35);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(truncated)))
                .isEqualTo("63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14");
    }

    @Test
    void clientHelloOffersAPskWithEarlyDataAndPadding() throws TlsDecodeException {
        ClientHello h = ClientHello.parse(CH, 4, CH.length - 4);
        // extensions: 00 00 server_name, ff 01, 00 0a, 00 33, 00 2a early_data, 00 2b, 00 0d, 00 2d, 00 1c, 00 15 padding,
        // 00 29 pre_shared_key (last, RFC 8446 section 4.2.11)
        assertThat(h.extensionTypes()).containsExactly(0, 0xff01, 10, 51, 42, 43, 13, 45, 28, 21, 41);
        assertThat(h.pskOffered()).isTrue();
        assertThat(h.pskIdentities()).as("00 29 00 dd 00 b8: one identity of 0x00b2 bytes").isEqualTo(1);
        assertThat(h.pskKeyExchangeModes()).as("00 2d 00 02 01 01: psk_dhe_ke").containsExactly(1);
        assertThat(h.earlyData()).as("00 2a 00 00").isTrue();
        assertThat(h.paddingBytes()).as("00 15 00 57").isEqualTo(0x57);
        assertThat(h.sessionTicketBytes()).isEqualTo(-1);
        assertThat(h.echPresent()).isFalse();
        assertThat(h.serverNameIsOuter()).isFalse();
        assertThat(h.postQuantumKeyShare()).isFalse();
        assertThat(h.keyShareGroups()).containsExactly(0x001d);
        assertThat(h.keyShareLengths()).containsExactly(32);
        assertThat(h.anomalies()).isEmpty();
    }

    @Test
    void serverHelloAcceptsThePsk() throws TlsDecodeException {
        ServerHello s = ServerHello.parse(SH, 4, SH.length - 4);
        // 00 29 00 02 00 00: pre_shared_key, selected_identity 0
        assertThat(s.pskSelectedIdentity()).isEqualTo(0);
        assertThat(s.negotiatedVersion()).isEqualTo(0x0304);
        assertThat(s.keyShareGroup()).isEqualTo(0x001d);
        assertThat(s.cipherSuite()).isEqualTo(0x1301);
    }

    @Test
    void theFirstHandshakeOfSection3OffersNoPsk() throws TlsDecodeException {
        byte[] ch = hexResource("rfc8448/section3-client-hello.hex");
        ClientHello h = ClientHello.parse(ch, 4, ch.length - 4);
        assertThat(h.pskOffered()).isFalse();
        assertThat(h.pskIdentities()).isZero();
        assertThat(h.earlyData()).isFalse();
        assertThat(h.paddingBytes()).isEqualTo(-1);
        byte[] sh = hexResource("rfc8448/section3-server-hello.hex");
        assertThat(ServerHello.parse(sh, 4, sh.length - 4).pskSelectedIdentity()).isEqualTo(-1);
    }

    @Test
    void theRetryOfSection5DiffersFromTheFirstHelloInItsKeyShare() throws TlsDecodeException {
        byte[] a = hexResource("rfc8448/section5-client-hello-1.hex");
        byte[] b = hexResource("rfc8448/section5-client-hello-2.hex");
        ClientHello first = ClientHello.parse(a, 4, a.length - 4);
        ClientHello retry = ClientHello.parse(b, 4, b.length - 4);
        // RFC 8446 section 4.1.2: the second ClientHello replaces key_share with the HRR's group (secp256r1)
        // and adds the cookie; the random stays the same.
        assertThat(first.differencesFrom(retry)).contains("key_share_groups", "extensions").doesNotContain("random",
                "cipher_suites");
    }
}
