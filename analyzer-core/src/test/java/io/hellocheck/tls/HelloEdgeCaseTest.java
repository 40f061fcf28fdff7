package io.hellocheck.tls;

import static io.hellocheck.tls.TestBytes.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hellocheck.tls.TestBytes.Writer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Hand-built hellos for the cases real captures rarely show. Each message is written field by field
 * per RFC 8446 section 4.1.2 / 4.1.3, so the expected values are the ones the test wrote.
 */
class HelloEdgeCaseTest {

    private static final byte[] RANDOM = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            RANDOM[i] = (byte) i;
        }
    }

    /** ClientHello up to and including compression methods: 0x0303, random, empty session id, 2 suites, null. */
    private static Writer chHead() {
        return w().u16(0x0303).raw(RANDOM).vec8(w())
                .vec16(w().u16(0x1301).u16(0xc02f))
                .vec8(w().u8(0));
    }

    private static Writer sni(String host) {
        byte[] h = host.getBytes(StandardCharsets.US_ASCII);
        return w().vec16(w().u8(0).vec16(w().raw(h)));
    }

    private static ClientHello ch(byte[] body) throws TlsDecodeException {
        return ClientHello.parse(body, 0, body.length);
    }

    @Test
    void noExtensionsBlockAsFromOldClients() throws TlsDecodeException {
        ClientHello ch = ch(chHead().bytes());
        assertThat(ch.legacyVersion()).isEqualTo(0x0303);
        assertThat(ch.random()).isEqualTo(RANDOM);
        assertThat(ch.cipherSuites()).containsExactly(0x1301, 0xc02f);
        assertThat(ch.compressionMethods()).containsExactly(0);
        assertThat(ch.extensionTypes()).isEmpty();
        assertThat(ch.serverName()).isNull();
        assertThat(ch.supportedVersions()).isEmpty();
        assertThat(ch.alpn()).isEmpty();
        assertThat(ch.anomalies()).isEmpty();
    }

    @Test
    void emptyExtensionsBlock() throws TlsDecodeException {
        ClientHello ch = ch(chHead().vec16(w()).bytes());
        assertThat(ch.extensionTypes()).isEmpty();
        assertThat(ch.anomalies()).isEmpty();
    }

    @Test
    void allDecodedExtensions() throws TlsDecodeException {
        byte[] body = chHead().vec16(w()
                .ext(0, sni("example.com"))
                .ext(0x0a0a, w())                                                   // GREASE, empty
                .ext(43, w().vec8(w().u16(0x7a7a).u16(0x0304).u16(0x0303)))
                .ext(10, w().vec16(w().u16(0x11ec).u16(29).u16(23)))
                .ext(51, w().vec16(w().u16(0x11ec).vec16(w().zeros(1216)).u16(29).vec16(w().zeros(32))))
                .ext(13, w().vec16(w().u16(0x0403).u16(0x0804)))
                .ext(16, w().vec16(w().vec8(w().raw("h2".getBytes(StandardCharsets.US_ASCII)))
                        .vec8(w().raw("http/1.1".getBytes(StandardCharsets.US_ASCII)))))
                .ext(11, w().vec8(w().u8(0).u8(1).u8(2)))
                .ext(0xfe0d, w().zeros(5))).bytes();                                // not decoded: ignored
        ClientHello ch = ch(body);
        assertThat(ch.extensionTypes()).containsExactly(0, 0x0a0a, 43, 10, 51, 13, 16, 11, 0xfe0d);
        assertThat(ch.serverName()).isEqualTo("example.com");
        assertThat(ch.supportedVersions()).containsExactly(0x7a7a, 0x0304, 0x0303);
        assertThat(ch.supportedGroups()).containsExactly(0x11ec, 29, 23);
        assertThat(ch.keyShareGroups()).containsExactly(0x11ec, 29);
        assertThat(ch.keyShareLengths()).containsExactly(1216, 32);
        assertThat(ch.signatureAlgorithms()).containsExactly(0x0403, 0x0804);
        assertThat(ch.alpn()).containsExactly("h2", "http/1.1");
        assertThat(ch.ecPointFormats()).containsExactly(0, 1, 2);
        assertThat(ch.hasExtension(0xfe0d)).isTrue();
        assertThat(ch.anomalies()).isEmpty();
    }

    @Test
    void malformedExtensionBodyIsNotedAndTheRestKept() throws TlsDecodeException {
        byte[] body = chHead().vec16(w()
                .ext(0, sni("kept.example"))
                .ext(10, w().vec16(w().u16(29).u8(23)))      // odd-length group list
                .ext(13, w().u16(10).u16(0x0403))            // list length 10 > 2 bytes left
                .ext(16, w().vec16(w().vec8(w())))           // empty protocol name
                .ext(43, w().vec8(w().u16(0x0304)).u8(0))    // trailing byte
                .ext(51, w().vec16(w().u16(29).vec16(w().zeros(32))))).bytes();
        ClientHello ch = ch(body);
        assertThat(ch.extensionTypes()).containsExactly(0, 10, 13, 16, 43, 51);
        assertThat(ch.serverName()).isEqualTo("kept.example");
        assertThat(ch.keyShareGroups()).containsExactly(29);
        assertThat(ch.supportedGroups()).isEmpty();
        assertThat(ch.signatureAlgorithms()).isEmpty();
        assertThat(ch.alpn()).isEmpty();
        assertThat(ch.supportedVersions()).isEmpty();
        assertThat(ch.anomalies()).hasSize(4);
        assertThat(ch.anomalies().get(0)).contains("supported_groups");
        assertThat(ch.anomalies().get(1)).contains("signature_algorithms");
        assertThat(ch.anomalies().get(2)).contains("application_layer_protocol_negotiation");
        assertThat(ch.anomalies().get(3)).contains("supported_versions");
    }

    @Test
    void serverNameOddities() throws TlsDecodeException {
        ClientHello empty = ch(chHead().vec16(w().ext(0, w().vec16(w().u8(0).vec16(w())))).bytes());
        assertThat(empty.serverName()).isNull();
        assertThat(empty.anomalies()).singleElement().asString().contains("empty host_name");

        ClientHello noHost = ch(chHead().vec16(w().ext(0, w().vec16(w()))).bytes());
        assertThat(noHost.serverName()).isNull();
        assertThat(noHost.anomalies()).singleElement().asString().contains("no host_name");

        ClientHello bare = ch(chHead().vec16(w().ext(0, w())).bytes());  // server's empty echo, in a ClientHello
        assertThat(bare.serverName()).isNull();
        assertThat(bare.anomalies()).singleElement().asString().contains("server_name");

        ClientHello binary = ch(chHead().vec16(w().ext(0, w().vec16(w().u8(0).vec16(w().u8('a').u8(0x01)))))
                .bytes());
        assertThat(binary.serverName()).isEqualTo("a\u0001");
        assertThat(binary.anomalies()).singleElement().asString().contains("printable ASCII");
    }

    @Test
    void duplicateExtensionKeepsTheFirst() throws TlsDecodeException {
        ClientHello ch = ch(chHead().vec16(w().ext(0, sni("first.example")).ext(0, sni("second.example")))
                .bytes());
        assertThat(ch.extensionTypes()).containsExactly(0, 0);
        assertThat(ch.serverName()).isEqualTo("first.example");
        assertThat(ch.anomalies()).singleElement().asString().contains("sent twice");
    }

    @Test
    void bytesAfterTheExtensionsBlock() throws TlsDecodeException {
        ClientHello ch = ch(chHead().vec16(w().ext(0, sni("a.example"))).u8(0xff).bytes());
        assertThat(ch.serverName()).isEqualTo("a.example");
        assertThat(ch.anomalies()).singleElement().asString().contains("after the extensions block");
    }

    @Test
    void longSessionIdAndEmptyListsAreNoted() throws TlsDecodeException {
        byte[] body = w().u16(0x0303).raw(RANDOM).vec8(w().zeros(33)).vec16(w()).vec8(w()).bytes();
        ClientHello ch = ch(body);
        assertThat(ch.sessionId()).hasSize(33);
        assertThat(ch.anomalies()).hasSize(3);
    }

    @Test
    void brokenOuterStructureThrowsWithTheOffset() {
        // extension header claims 100 bytes of data, the block has 4
        byte[] body = chHead().vec16(w().u16(0).u16(100).zeros(0)).bytes();
        int extAt = chHead().bytes().length + 2;
        assertThatThrownBy(() -> ch(body)).isInstanceOf(TlsDecodeException.class)
                .satisfies(e -> assertThat(((TlsDecodeException) e).offset()).isEqualTo(extAt + 2));
        // odd cipher suite vector
        byte[] odd = w().u16(0x0303).raw(RANDOM).vec8(w()).vec16(w().u8(0x13)).vec8(w().u8(0)).bytes();
        assertThatThrownBy(() -> ch(odd)).isInstanceOf(TlsDecodeException.class).hasMessageContaining("cipher_suites");
        // one stray byte where the extensions length should be
        byte[] stray = chHead().u8(0).bytes();
        assertThatThrownBy(() -> ch(stray)).isInstanceOf(TlsDecodeException.class);
    }

    @Test
    void offsetsAreRelativeToTheMessageStartInsideALargerBuffer() throws TlsDecodeException {
        byte[] body = chHead().vec16(w().ext(0, sni("x.example"))).bytes();
        byte[] buf = new byte[body.length + 20];
        System.arraycopy(body, 0, buf, 10, body.length);
        assertThat(ClientHello.parse(buf, 10, body.length).serverName()).isEqualTo("x.example");
        // cut in the middle of the random: offset 2 + 30 from the message start, whatever the buffer position
        assertThatThrownBy(() -> ClientHello.parse(buf, 10, 32)).isInstanceOf(TlsDecodeException.class)
                .satisfies(e -> assertThat(((TlsDecodeException) e).offset()).isEqualTo(2));
        assertThatThrownBy(() -> ClientHello.parse(buf, 30, buf.length)).isInstanceOf(TlsDecodeException.class);
        assertThatThrownBy(() -> ServerHello.parse(buf, -1, 4)).isInstanceOf(TlsDecodeException.class);
    }

    @Test
    void everyPrefixEitherDecodesOrThrowsTheCheckedException() {
        byte[] body = chHead().vec16(w().ext(0, sni("prefix.example")).ext(43, w().vec8(w().u16(0x0304))))
                .bytes();
        int headLength = chHead().bytes().length;
        for (int n = 0; n < body.length; n++) {
            try {
                ClientHello ch = ClientHello.parse(body, 0, n);
                assertThat(n).as("only the prefix ending after compression_methods is a whole message")
                        .isEqualTo(headLength);
                assertThat(ch.extensionTypes()).isEmpty();
            } catch (TlsDecodeException e) {
                assertThat(e.offset()).isBetween(0, n);
            }
        }
    }

    @Test
    void valuesAreImmutable() throws TlsDecodeException {
        ClientHello ch = ch(chHead().bytes());
        ch.random()[0] = 99;
        assertThat(ch.random()[0]).isZero();
        assertThatThrownBy(() -> ch.cipherSuites().add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ch).isEqualTo(ch(chHead().bytes()));
        assertThat(ch.hashCode()).isEqualTo(ch(chHead().bytes()).hashCode());
        assertThat(ch.toString()).contains("TLS_AES_128_GCM_SHA256", "TLSv1.2");
    }

    // ---- ServerHello ----

    private static Writer shHead(byte[] random) {
        return w().u16(0x0303).raw(random).vec8(w().zeros(32)).u16(0x1301).u8(0);
    }

    private static ServerHello sh(byte[] body) throws TlsDecodeException {
        return ServerHello.parse(body, 0, body.length);
    }

    @Test
    void tls12ServerHelloWithoutExtensions() throws TlsDecodeException {
        ServerHello sh = sh(w().u16(0x0303).raw(RANDOM).vec8(w()).u16(0xc02f).u8(0).bytes());
        assertThat(sh.cipherSuite()).isEqualTo(0xc02f);
        assertThat(sh.extensionTypes()).isEmpty();
        assertThat(sh.selectedVersion()).isEqualTo(-1);
        assertThat(sh.negotiatedVersion()).isEqualTo(0x0303);
        assertThat(sh.keyShareGroup()).isEqualTo(-1);
        assertThat(sh.keyShareLength()).isEqualTo(-1);
        assertThat(sh.helloRetryRequest()).isFalse();
        assertThat(sh.anomalies()).isEmpty();
    }

    @Test
    void helloRetryRequestKeyShareIsTheSelectedGroupOnly() throws TlsDecodeException {
        byte[] hrrRandom = TestBytes.hex("CF 21 AD 74 E5 9A 61 11 BE 1D 8C 02 1E 65 B8 91"
                + " C2 A2 11 16 7A BB 8C 5E 07 9E 09 E2 C8 A8 33 9C");   // RFC 8446 section 4.1.3
        ServerHello hrr = sh(shHead(hrrRandom).vec16(w().ext(43, w().u16(0x0304)).ext(51, w().u16(0x11ec)))
                .bytes());
        assertThat(hrr.helloRetryRequest()).isTrue();
        assertThat(hrr.keyShareGroup()).isEqualTo(0x11ec);
        assertThat(hrr.keyShareLength()).isEqualTo(-1);
        assertThat(hrr.anomalies()).isEmpty();
        assertThat(hrr.toString()).startsWith("HelloRetryRequest");

        // the same two bytes in an ordinary ServerHello are a truncated KeyShareEntry
        ServerHello sh = sh(shHead(RANDOM).vec16(w().ext(43, w().u16(0x0304)).ext(51, w().u16(0x11ec)))
                .bytes());
        assertThat(sh.helloRetryRequest()).isFalse();
        assertThat(sh.keyShareGroup()).isEqualTo(-1);
        assertThat(sh.selectedVersion()).isEqualTo(0x0304);
        assertThat(sh.anomalies()).singleElement().asString().contains("key_share");
    }

    @Test
    void serverKeyShareAndMalformedSupportedVersions() throws TlsDecodeException {
        ServerHello sh = sh(shHead(RANDOM).vec16(w()
                .ext(51, w().u16(0x11ec).vec16(w().zeros(1120)))
                .ext(43, w().u16(0x0304).u8(0))).bytes());
        assertThat(sh.keyShareGroup()).isEqualTo(0x11ec);
        assertThat(sh.keyShareLength()).isEqualTo(1120);
        assertThat(sh.selectedVersion()).isEqualTo(-1);
        assertThat(sh.anomalies()).singleElement().asString().contains("supported_versions");
    }

    @Test
    void preDraft22ServerHelloLayout() throws TlsDecodeException {
        // draft-ietf-tls-tls13-18: version, random, cipher_suite, extensions (key_share was 40)
        ServerHello sh = sh(w().u16(0x7f12).raw(RANDOM).u16(0x1301)
                .vec16(w().ext(40, w().u16(29).vec16(w().zeros(32)))).bytes());
        assertThat(sh.sessionId()).isEmpty();
        assertThat(sh.cipherSuite()).isEqualTo(0x1301);
        assertThat(sh.compressionMethod()).isEqualTo(-1);
        assertThat(sh.negotiatedVersion()).isEqualTo(0x7f12);
        assertThat(sh.keyShareGroup()).isEqualTo(29);
        assertThat(sh.keyShareLength()).isEqualTo(32);
    }

    @Test
    void extension40IsNotAKeyShareInFinalTls13() throws TlsDecodeException {
        ServerHello sh = sh(shHead(RANDOM).vec16(w().ext(43, w().u16(0x0304))
                .ext(40, w().u16(29).vec16(w().zeros(32)))).bytes());
        assertThat(sh.keyShareGroup()).isEqualTo(-1);
    }
}
