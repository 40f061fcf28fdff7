package io.hellocheck.tls;

import static io.hellocheck.tls.TestBytes.w;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.tls.TestBytes.Writer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * ClientHello extensions beyond the basics, on hellos built by hand from the RFC structures: GREASE (RFC 8701),
 * encrypted_client_hello (RFC 9849 section 5), post-quantum key shares (X25519MLKEM768, RFC 10024's code point
 * 0x11ec, 1216-byte share), SessionTicket (RFC 5077 section 3.2).
 */
class ClientHelloExtensionsTest {

    private static ClientHello hello(Consumer<Writer> extensions) throws TlsDecodeException {
        Writer exts = w();
        extensions.accept(exts);
        byte[] body = w().u16(0x0303).zeros(32).vec8(w()).vec16(w().u16(0x0a0a).u16(0x1301)).vec8(w().u8(0))
                .vec16(exts).bytes();
        return ClientHello.parse(body, 0, body.length);
    }

    private static Writer sni(String host) {
        byte[] h = host.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return w().vec16(w().u8(0).vec16(w().raw(h)));
    }

    @Test
    void outerNameOfAnEncryptedClientHello() throws TlsDecodeException {
        // ECHClientHello { ECHClientHelloType type = outer(0); HpkeSymmetricCipherSuite; config_id; enc; payload }
        ClientHello outer = hello(x -> x.ext(0, sni("public.example")).ext(0xfe0d,
                w().u8(0).u16(1).u16(1).u8(7).vec16(w().zeros(32)).vec16(w().zeros(100))));
        assertThat(outer.echPresent()).isTrue();
        assertThat(outer.echType()).isZero();
        assertThat(outer.serverName()).isEqualTo("public.example");
        assertThat(outer.serverNameIsOuter()).isTrue();

        ClientHello inner = hello(x -> x.ext(0, sni("secret.example")).ext(0xfe0d, w().u8(1)));
        assertThat(inner.echType()).isEqualTo(1);
        assertThat(inner.serverNameIsOuter()).isFalse();

        ClientHello none = hello(x -> x.ext(0, sni("a.example")));
        assertThat(none.echPresent()).isFalse();
        assertThat(none.echType()).isEqualTo(-1);
    }

    @Test
    void postQuantumKeySharesAreFlagged() throws TlsDecodeException {
        ClientHello h = hello(x -> x.ext(51, w().vec16(w().u16(0x1a1a).vec16(w().u8(0))
                .u16(0x11ec).vec16(w().zeros(1216)).u16(0x001d).vec16(w().zeros(32)))));
        assertThat(h.keyShareGroups()).containsExactly(0x1a1a, 0x11ec, 0x001d);
        assertThat(h.keyShareLengths()).containsExactly(1, 1216, 32);
        assertThat(h.postQuantumKeyShare()).isTrue();

        ClientHello kyber = hello(x -> x.ext(51, w().vec16(w().u16(0x6399).vec16(w().zeros(1120)))));
        assertThat(kyber.postQuantumKeyShare()).isTrue();
        ClientHello classic = hello(x -> x.ext(51, w().vec16(w().u16(0x0017).vec16(w().zeros(65)))));
        assertThat(classic.postQuantumKeyShare()).isFalse();
    }

    @Test
    void sessionTicketAndPaddingLengths() throws TlsDecodeException {
        ClientHello empty = hello(x -> x.ext(35, w()).ext(21, w().zeros(5)));
        assertThat(empty.sessionTicketBytes()).as("an empty SessionTicket asks for a ticket").isZero();
        assertThat(empty.paddingBytes()).isEqualTo(5);
        ClientHello offered = hello(x -> x.ext(35, w().zeros(192)));
        assertThat(offered.sessionTicketBytes()).isEqualTo(192);
        assertThat(offered.paddingBytes()).isEqualTo(-1);
    }

    @Test
    void malformedPskExtensionsAreAnomaliesNotErrors() throws TlsDecodeException {
        // identities vector says 10 bytes but holds 3
        ClientHello h = hello(x -> x.ext(41, w().u16(10).u8(1).u16(2)).ext(45, w().u8(5)));
        assertThat(h.pskOffered()).isTrue();
        assertThat(h.pskIdentities()).isZero();
        assertThat(h.anomalies()).anyMatch(a -> a.contains("pre_shared_key"))
                .anyMatch(a -> a.contains("psk_key_exchange_modes"));
    }

    @Test
    void greaseValuesStayInWireOrder() throws TlsDecodeException {
        ClientHello h = hello(x -> x.ext(0xdada, w()).ext(43, w().vec8(w().u16(0x7a7a).u16(0x0304))));
        assertThat(h.cipherSuites()).containsExactly(0x0a0a, 0x1301);
        assertThat(h.extensionTypes()).containsExactly(0xdada, 43);
        assertThat(h.supportedVersions()).containsExactly(0x7a7a, 0x0304);
        assertThat(h.cipherSuites().stream().filter(TlsNames::isGrease)).hasSize(1);
    }
}
