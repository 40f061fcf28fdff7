package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected names are facts of the IANA registries (tls-parameters, tls-extensiontype-values) and of
 * testssl.sh's cipher table, and the version/GREASE/hex spellings of CONTRACT.md.
 */
class TlsNamesTest {

    @Test
    void cipherSuitesByIanaName() {
        assertThat(TlsNames.cipherSuite(0xc02f)).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(TlsNames.cipherSuite(0x1301)).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(TlsNames.cipherSuite(0x1303)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
        assertThat(TlsNames.cipherSuite(0x0004)).isEqualTo("TLS_RSA_WITH_RC4_128_MD5");
        assertThat(TlsNames.cipherSuite(0x00ff)).isEqualTo("TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
        assertThat(TlsNames.cipherSuite(0x5600)).isEqualTo("TLS_FALLBACK_SCSV");
        assertThat(TlsNames.cipherSuite(0xcca8)).isEqualTo("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void codesIanaDoesNotRegisterAreHexEvenWhenTestsslNamesThem() {
        // 0xcc14: the pre-RFC 7905 ChaCha20 suite; OpenSSL name only
        assertThat(TlsNames.cipherSuite(0xcc14)).isEqualTo("0xcc14");
        assertThat(TlsNames.openSslCipherName(0xcc14)).isEqualTo("ECDHE-ECDSA-CHACHA20-POLY1305-OLD");
    }

    @Test
    void groups() {
        assertThat(TlsNames.group(29)).isEqualTo("x25519");
        assertThat(TlsNames.group(0x11ec)).isEqualTo("X25519MLKEM768");
        assertThat(TlsNames.group(23)).isEqualTo("secp256r1");
        assertThat(TlsNames.group(0x0100)).isEqualTo("ffdhe2048");
        // registered as "X25519Kyber768Draft00 (OBSOLETE)": the annotation is not part of the name
        assertThat(TlsNames.group(0x6399)).isEqualTo("X25519Kyber768Draft00");
    }

    @Test
    void extensionsAndSignatureSchemes() {
        assertThat(TlsNames.extension(0)).isEqualTo("server_name");
        assertThat(TlsNames.extension(10)).isEqualTo("supported_groups"); // "(renamed from ...)" dropped
        assertThat(TlsNames.extension(16)).isEqualTo("application_layer_protocol_negotiation");
        assertThat(TlsNames.extension(43)).isEqualTo("supported_versions");
        assertThat(TlsNames.extension(51)).isEqualTo("key_share");
        assertThat(TlsNames.extension(0xff01)).isEqualTo("renegotiation_info");
        assertThat(TlsNames.signatureScheme(0x0403)).isEqualTo("ecdsa_secp256r1_sha256");
        assertThat(TlsNames.signatureScheme(0x0804)).isEqualTo("rsa_pss_rsae_sha256");
        assertThat(TlsNames.signatureScheme(0x0807)).isEqualTo("ed25519");
    }

    @Test
    void alertsAndHandshakeTypes() {
        assertThat(TlsNames.alert(40)).isEqualTo("handshake_failure");
        assertThat(TlsNames.alert(112)).isEqualTo("unrecognized_name");
        assertThat(TlsNames.alert(0)).isEqualTo("close_notify");
        assertThat(TlsNames.alert(70)).isEqualTo("protocol_version");
        assertThat(TlsNames.alert(255)).isEqualTo("0xff");
        assertThat(TlsNames.handshakeType(1)).isEqualTo("client_hello");
        assertThat(TlsNames.handshakeType(2)).isEqualTo("server_hello");
        assertThat(TlsNames.handshakeType(99)).isEqualTo("0x63");
        assertThat(TlsNames.contentType(22)).isEqualTo("handshake");
        assertThat(TlsNames.contentType(21)).isEqualTo("alert");
    }

    @Test
    void greaseAndUnknownCodePoints() {
        assertThat(TlsNames.cipherSuite(0x0a0a)).isEqualTo("GREASE(0x0a0a)");
        assertThat(TlsNames.group(0x0a0a)).isEqualTo("GREASE(0x0a0a)");
        assertThat(TlsNames.extension(0xfafa)).isEqualTo("GREASE(0xfafa)");
        assertThat(TlsNames.signatureScheme(0x3a3a)).isEqualTo("GREASE(0x3a3a)");
        assertThat(TlsNames.cipherSuite(0x1a2b)).isEqualTo("0x1a2b");
        assertThat(TlsNames.group(0x1a2b)).isEqualTo("0x1a2b");
        assertThat(TlsNames.extension(0x1a2b)).isEqualTo("0x1a2b");
        assertThat(TlsNames.signatureScheme(0x1a2b)).isEqualTo("0x1a2b");
        assertThat(TlsNames.signatureScheme(0x0202)).isEqualTo("0x0202"); // "Reserved for backward compatibility"
    }

    @Test
    void greaseValuesOfRfc8701() {
        for (int i = 0; i < 16; i++) {
            int v = (i << 12) | 0x0a00 | (i << 4) | 0x0a;
            assertThat(TlsNames.isGrease(v)).as("0x%04x", v).isTrue();
        }
        assertThat(TlsNames.isGrease(0x0a1a)).isFalse();
        assertThat(TlsNames.isGrease(0x1301)).isFalse();
    }

    @Test
    void versions() {
        assertThat(TlsNames.version(0x0002)).isEqualTo("SSLv2");
        assertThat(TlsNames.version(0x0300)).isEqualTo("SSLv3");
        assertThat(TlsNames.version(0x0301)).isEqualTo("TLSv1.0");
        assertThat(TlsNames.version(0x0302)).isEqualTo("TLSv1.1");
        assertThat(TlsNames.version(0x0303)).isEqualTo("TLSv1.2");
        assertThat(TlsNames.version(0x0304)).isEqualTo("TLSv1.3");
        assertThat(TlsNames.version(0x7f1c)).isEqualTo("0x7f1c");
        assertThat(TlsNames.version(0xfeff)).isEqualTo("0xfeff");
        assertThat(TlsNames.version(0x0a0a)).isEqualTo("GREASE(0x0a0a)");
    }

    @Test
    void openSslNamesAndLookupByName() {
        assertThat(TlsNames.openSslCipherName(0xc02f)).isEqualTo("ECDHE-RSA-AES128-GCM-SHA256");
        assertThat(TlsNames.openSslCipherName(0x002f)).isEqualTo("AES128-SHA");
        assertThat(TlsNames.openSslCipherName(0x00ff)).isNull();
        assertThat(TlsNames.openSslCipherName(0x1a2b)).isNull();
        assertThat(TlsNames.cipherSuiteCode("ECDHE-RSA-AES128-GCM-SHA256")).isEqualTo(0xc02f);
        assertThat(TlsNames.cipherSuiteCode("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).isEqualTo(0xc02f);
        assertThat(TlsNames.cipherSuiteCode("ecdhe-rsa-aes128-gcm-sha256")).isEqualTo(0xc02f);
        assertThat(TlsNames.cipherSuiteCode("TLS_AES_256_GCM_SHA384")).isEqualTo(0x1302);
        assertThat(TlsNames.cipherSuiteCode("SSL_RSA_WITH_3DES_EDE_CBC_SHA")).isEqualTo(0x000a);
        assertThat(TlsNames.cipherSuiteCode("DES-CBC3-SHA")).isEqualTo(0x000a);
        assertThat(TlsNames.cipherSuiteCode("NO-SUCH-CIPHER")).isEqualTo(-1);
        assertThat(TlsNames.cipherSuiteCode(null)).isEqualTo(-1);
    }

    @Test
    void cipherSuiteInfoCarriesTestsslColumnsAndIanaRecommendation() {
        TlsNames.CipherSuiteInfo info = TlsNames.cipherSuiteInfo(0xc02f);
        assertThat(info.kx()).isEqualTo("ECDH");
        assertThat(info.au()).isEqualTo("RSA");
        assertThat(info.enc()).isEqualTo("AESGCM(128)");
        assertThat(info.mac()).isEqualTo("AEAD");
        assertThat(info.recommended()).isEqualTo("Y");
        assertThat(TlsNames.cipherSuiteInfo(0x0004).recommended()).isEqualTo("D");
        assertThat(TlsNames.cipherSuiteInfo(0x1a2b)).isNull();
    }

    @Test
    void namesOfAList() {
        assertThat(TlsNames.names(List.of(0x0a0a, 0x1301), TlsNames::cipherSuite))
                .containsExactly("GREASE(0x0a0a)", "TLS_AES_128_GCM_SHA256");
    }

    @Test
    void noMutableStaticState() {
        for (Field f : TlsNames.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                assertThat(Modifier.isFinal(f.getModifiers())).as(f.getName()).isTrue();
                assertThat(f.getType().isArray()).as(f.getName()).isFalse();
            }
        }
    }
}
