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
        // DTLS: the one's complement of 1.0 and 1.2 (RFC 4347 section 4.1, RFC 6347 section 4.1; RFC 9147 5.3)
        assertThat(TlsNames.version(0xfeff)).isEqualTo("DTLSv1.0");
        assertThat(TlsNames.version(0xfefd)).isEqualTo("DTLSv1.2");
        assertThat(TlsNames.version(0xfefc)).isEqualTo("DTLSv1.3");
        assertThat(TlsNames.version(0xfefe)).isEqualTo("0xfefe");
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
    void securityClassFollowsTheRulesOfTheRegistryGenerator() {
        // insecure: NULL, EXPORT, RC4, anonymous, single DES
        assertThat(TlsNames.cipherSuiteSecurity(0x0005)).as("RSA_WITH_RC4_128_SHA").isEqualTo("insecure");
        assertThat(TlsNames.cipherSuiteSecurity(0x0003)).as("RSA_EXPORT_WITH_RC4_40_MD5").isEqualTo("insecure");
        assertThat(TlsNames.cipherSuiteSecurity(0x0034)).as("DH_anon_WITH_AES_128_CBC_SHA").isEqualTo("insecure");
        assertThat(TlsNames.cipherSuiteSecurity(0x003b)).as("RSA_WITH_NULL_SHA256").isEqualTo("insecure");
        assertThat(TlsNames.cipherSuiteSecurity(0x0009)).as("RSA_WITH_DES_CBC_SHA").isEqualTo("insecure");
        // weak: 3DES, CBC with SHA-1, static RSA key exchange
        assertThat(TlsNames.cipherSuiteSecurity(0x000a)).as("RSA_WITH_3DES_EDE_CBC_SHA").isEqualTo("weak");
        assertThat(TlsNames.cipherSuiteSecurity(0xc013)).as("ECDHE_RSA_WITH_AES_128_CBC_SHA").isEqualTo("weak");
        assertThat(TlsNames.cipherSuiteSecurity(0x009c)).as("RSA_WITH_AES_128_GCM_SHA256").isEqualTo("weak");
        // secure, recommended (IANA's Recommended column)
        assertThat(TlsNames.cipherSuiteSecurity(0xc027)).as("ECDHE_RSA_WITH_AES_128_CBC_SHA256").isEqualTo("secure");
        assertThat(TlsNames.cipherSuiteSecurity(0x1305)).as("TLS_AES_128_CCM_8_SHA256").isEqualTo("secure");
        assertThat(TlsNames.cipherSuiteSecurity(0xc02c)).as("ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
                .isEqualTo("recommended");
        assertThat(TlsNames.cipherSuiteSecurity(0x1301)).as("TLS_AES_128_GCM_SHA256").isEqualTo("recommended");
        // not cipher suites
        assertThat(TlsNames.cipherSuiteSecurity(0x00ff)).isNull();
        assertThat(TlsNames.cipherSuiteSecurity(0x5600)).isNull();
        assertThat(TlsNames.cipherSuiteSecurity(0x0a0a)).isNull();
    }

    @Test
    void mozillaIntermediateAndModernSuitesAreAllSecureOrRecommended() {
        // An independent view: Mozilla's server-side TLS guidelines pick only suites with forward secrecy
        // and AEAD (5.7 intermediate also lists none of our "weak" or "insecure" suites).
        for (String id : List.of("mozilla-modern-5.7", "mozilla-intermediate-5.7", "mozilla-modern-6.0",
                "mozilla-intermediate-6.0")) {
            for (int s : io.hellocheck.profile.BuiltinProfiles.byId(id).orElseThrow().cipherSuites()) {
                assertThat(TlsNames.cipherSuiteSecurity(s)).as(id + " " + TlsNames.cipherSuite(s))
                        .isIn("secure", "recommended");
            }
        }
    }

    @Test
    void everyIanaRecommendedSuiteIsRecommendedAndEveryRc4SuiteInsecure() {
        for (int code = 0; code <= 0xffff; code++) {
            TlsNames.CipherSuiteInfo info = TlsNames.cipherSuiteInfo(code);
            if (info == null) {
                continue;
            }
            if ("Y".equals(info.recommended())) {
                assertThat(info.security()).as(info.ianaName()).isEqualTo("recommended");
            }
            if (info.ianaName() != null && (info.ianaName().contains("_RC4_") || info.ianaName().contains("_anon_")
                    || info.ianaName().contains("EXPORT") || info.ianaName().contains("_NULL_"))) {
                assertThat(info.security()).as(info.ianaName()).isEqualTo("insecure");
            }
        }
    }

    @Test
    void versionsASuiteWorksWith() {
        // RFC 8446 appendix B.4: TLS 1.3 suites; RFC 5288: GCM suites are TLS 1.2 only; RFC 4346 section 1.1:
        // TLS 1.1 must not negotiate EXPORT suites.
        assertThat(TlsNames.cipherSuiteInfo(0x1302).versions()).containsExactly("TLSv1.3");
        assertThat(TlsNames.cipherSuiteInfo(0xc02f).versions()).containsExactly("TLSv1.2");
        assertThat(TlsNames.cipherSuiteInfo(0x002f).versions()).containsExactly("SSLv3", "TLSv1.0", "TLSv1.1",
                "TLSv1.2");
        assertThat(TlsNames.cipherSuiteInfo(0x0003).versions()).containsExactly("SSLv3", "TLSv1.0");
        assertThat(TlsNames.cipherSuiteInfo(0x5600).versions()).isEmpty();
    }

    @Test
    void sslV2CipherSpecsHaveTheirOwnTable() {
        // SSL 2.0 (draft-hickman-netscape-ssl-00) appendix: SSL_CK_DES_192_EDE3_CBC_WITH_MD5 is 0x0700c0.
        assertThat(TlsNames.cipherSuite(0x0700c0)).isEqualTo("SSL_CK_DES_192_EDE3_CBC_WITH_MD5");
        assertThat(TlsNames.cipherSuite(0x010080)).isEqualTo("SSL_CK_RC4_128_WITH_MD5");
        assertThat(TlsNames.cipherSuite(0x123456)).isEqualTo("0x123456");
        assertThat(TlsNames.cipherSuiteInfo(0x010080).versions()).containsExactly("SSLv2");
        assertThat(TlsNames.cipherSuiteSecurity(0x010080)).isEqualTo("insecure");
        assertThat(TlsNames.openSslCipherName(0x0700c0)).isEqualTo("DES-CBC3-MD5");
    }

    @Test
    void postQuantumGroups() {
        assertThat(TlsNames.isPostQuantumGroup(0x11ec)).as("X25519MLKEM768").isTrue();
        assertThat(TlsNames.isPostQuantumGroup(0x11eb)).as("SecP256r1MLKEM768").isTrue();
        assertThat(TlsNames.isPostQuantumGroup(0x6399)).as("X25519Kyber768Draft00").isTrue();
        assertThat(TlsNames.isPostQuantumGroup(0x0201)).as("MLKEM768").isTrue();
        assertThat(TlsNames.isPostQuantumGroup(0x001d)).as("x25519").isFalse();
        assertThat(TlsNames.isPostQuantumGroup(0x0a0a)).as("GREASE").isFalse();
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

    /** The hex form of unknown code points is what the JDK's formatter gives for the same pattern. */
    @Test
    void hexIsWhatStringFormatGives() {
        int[] values = {0, 1, 0x03, 0x0f, 0x10, 0xff, 0x100, 0x0a0a, 0xfafa, 0xffff, 0x10000, 0x0700c0, 0xffffff,
            0x1000000, Integer.MAX_VALUE, -1, Integer.MIN_VALUE};
        for (int digits = 1; digits <= 8; digits++) {
            for (int v : values) {
                assertThat(TlsNames.hex(v, digits)).as("%d digits of %d", digits, v)
                        .isEqualTo(String.format("0x%0" + digits + "x", v));
            }
        }
        assertThat(TlsNames.cipherSuite(0x0a0a)).isEqualTo("GREASE(0x0a0a)");
        assertThat(TlsNames.cipherSuite(0x0900c1)).isEqualTo("0x0900c1");
    }
}
