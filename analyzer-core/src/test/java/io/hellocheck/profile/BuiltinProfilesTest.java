package io.hellocheck.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hellocheck.tls.TlsNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in profiles against facts of the reference files, typed here from the sources themselves:
 * Mozilla's guidelines JSON ({@code ciphers.iana} then {@code ciphersuites}, {@code tls_versions},
 * {@code tls_curves}) and Microsoft's published Schannel lists (tls-cipher-suites-in-windows-10-v1809.md
 * and siblings), Microsoft's protocol table (protocols-in-tls-ssl--schannel-ssp-.md) and curve table
 * (tls-elliptic-curves-in-windows-10-1607-and-later.md). {@link BuiltinProfilesVsReferenceTest} re-derives
 * every profile from {@code ../shared/reference} when it is present.
 */
class BuiltinProfilesTest {

    static int c(String ianaName) {
        int code = TlsNames.cipherSuiteCode(ianaName);
        assertThat(code).as(ianaName).isNotNegative();
        return code;
    }

    static List<Integer> codes(String... ianaNames) {
        List<Integer> out = new ArrayList<>();
        for (String n : ianaNames) {
            out.add(c(n));
        }
        return out;
    }

    static ServerProfile profile(String id) {
        return BuiltinProfiles.byId(id).orElseThrow();
    }

    @Test
    void theProfilesAndTheirOrder() {
        assertThat(BuiltinProfiles.ids()).containsExactly(
                "mozilla-modern-5.7", "mozilla-intermediate-5.7", "mozilla-old-5.7",
                "mozilla-modern-6.0", "mozilla-intermediate-6.0",
                "windows-server-2012-r2", "windows-server-2016", "windows-server-2019",
                "windows-server-2022", "windows-server-2025");
        assertThat(BuiltinProfiles.all()).extracting(ServerProfile::id).isEqualTo(BuiltinProfiles.ids());
    }

    @Test
    void mozillaIntermediate57IsCiphersIanaThenCiphersuites() {
        // 5.7.json configurations.intermediate: 9 ciphers.iana + 3 ciphersuites = 12
        ServerProfile p = profile("mozilla-intermediate-5.7");
        assertThat(p.cipherSuites()).containsExactlyElementsOf(codes(
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256"));
        assertThat(p.tlsVersions()).containsExactly(0x0303, 0x0304);          // TLSv1.2, TLSv1.3
        assertThat(p.groups()).containsExactly(0x001d, 0x0017, 0x0018);        // X25519, prime256v1, secp384r1
        assertThat(p.source().kind()).isEqualTo(ProfileSource.Kind.BUILTIN);
        assertThat(p.source().reference()).contains("mozilla/5.7.json", "b2a5a068fbfbe46007c16dd6528c7ada56bcf20f");
    }

    @Test
    void mozillaModernAndOld57() {
        ServerProfile modern = profile("mozilla-modern-5.7");
        assertThat(modern.cipherSuites()).containsExactly(0x1301, 0x1302, 0x1303);
        assertThat(modern.tlsVersions()).containsExactly(0x0304);

        ServerProfile old = profile("mozilla-old-5.7");
        assertThat(old.cipherSuites()).hasSize(26 + 3);
        assertThat(old.cipherSuites().get(0)).isEqualTo(c("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
        // the last of ciphers.iana, then the three TLS 1.3 suites
        assertThat(old.cipherSuites().subList(25, 29)).containsExactlyElementsOf(codes(
                "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256"));
        assertThat(old.tlsVersions()).containsExactly(0x0301, 0x0302, 0x0303, 0x0304);
        assertThat(old.notes()).anyMatch(n -> n.contains("server_preferred_order is true"));
    }

    @Test
    void mozilla60HasX25519Mlkem768AndNoOld() {
        ServerProfile p = profile("mozilla-intermediate-6.0");
        assertThat(p.cipherSuites()).containsExactlyElementsOf(codes(
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256"));
        assertThat(p.groups()).containsExactly(0x11ec, 0x001d, 0x0017, 0x0018); // X25519MLKEM768 first
        assertThat(profile("mozilla-modern-6.0").tlsVersions()).containsExactly(0x0304);
        assertThat(BuiltinProfiles.byId("mozilla-old-6.0")).isEmpty();
    }

    @Test
    void windowsServer2019IsMicrosoftsDefaultList() {
        ServerProfile p = profile("windows-server-2019");
        // tls-cipher-suites-in-windows-10-v1809.md: 23 suites enabled by default, in this priority order, the last
        // two "only used when application explicitly requests" (NULL encryption): left out of what a server accepts
        assertThat(p.cipherSuites()).hasSize(23 - 2);
        assertThat(p.cipherSuites().subList(0, 6)).containsExactlyElementsOf(codes(
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertThat(p.cipherSuites().get(20)).isEqualTo(c("TLS_RSA_WITH_3DES_EDE_CBC_SHA"));
        assertThat(p.cipherSuites()).doesNotContain(c("TLS_RSA_WITH_NULL_SHA256"), c("TLS_RSA_WITH_NULL_SHA"));
        assertThat(p.cipherSuites()).doesNotContain(c("TLS_DHE_RSA_WITH_AES_256_CBC_SHA")); // not enabled by default
        assertThat(p.tlsVersions()).containsExactly(0x0301, 0x0302, 0x0303);  // no TLS 1.3 before Server 2022
        assertThat(p.groups()).containsExactly(0x001d, 0x0017, 0x0018);        // curve25519, NistP256, NistP384
        assertThat(p.notes()).anyMatch(n -> n.contains("only used when application explicitly requests")
                && n.contains("TLS_RSA_WITH_NULL_SHA256"));
    }

    @Test
    void windowsServer2012R2KeepsTheFirstOfTheCurveSuffixDuplicates() {
        ServerProfile p = profile("windows-server-2012-r2");
        // tls-cipher-suites-in-windows-8-1.md: 40 default entries, 8 of them a second curve suffix of a suite
        // listed just before, 2 SSL 2.0 cipher kinds (SSL_CK_*) without a TLS code point, 2 NULL suites "only used
        // when application explicitly requests"
        assertThat(p.cipherSuites()).hasSize(40 - 8 - 2 - 2);
        assertThat(p.cipherSuites().subList(0, 5)).containsExactlyElementsOf(codes(
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",   // _P256, then _P384 dropped
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"));
        assertThat(p.cipherSuites()).contains(c("TLS_RSA_WITH_RC4_128_MD5"));
        assertThat(p.tlsVersions()).containsExactly(0x0300, 0x0301, 0x0302, 0x0303); // SSL 3.0 enabled on 8.1
        assertThat(p.groups()).isEmpty();
        assertThat(p.groupsKnown()).isFalse();
        assertThat(p.notes()).anyMatch(n -> n.contains("SSL_CK_RC4_128_WITH_MD5"));
    }

    @Test
    void windowsServer2016And2022And2025() {
        ServerProfile s2016 = profile("windows-server-2016");
        // each list has the two NULL suites "only used when application explicitly requests", left out
        assertThat(s2016.cipherSuites()).hasSize(32 - 2);
        assertThat(s2016.tlsVersions()).containsExactly(0x0301, 0x0302, 0x0303);

        ServerProfile s2022 = profile("windows-server-2022");
        assertThat(s2022.cipherSuites()).hasSize(25 - 2);
        assertThat(s2022.cipherSuites().subList(0, 2)).containsExactly(0x1302, 0x1301);
        assertThat(s2022.cipherSuites()).doesNotContain(0x1303); // ChaCha20: supported, not enabled by default
        assertThat(s2022.tlsVersions()).containsExactly(0x0301, 0x0302, 0x0303, 0x0304);
        assertThat(s2022.notes()).anyMatch(n -> n.contains("23H2"));

        ServerProfile s2025 = profile("windows-server-2025");
        assertThat(s2025.cipherSuites()).hasSize(22 - 2);
        assertThat(s2025.cipherSuites()).doesNotContain(c("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
                c("TLS_RSA_WITH_3DES_EDE_CBC_SHA"));
        assertThat(s2025.groups()).containsExactly(0x001d, 0x0017, 0x0018); // ML-KEM hybrids not by default
    }

    @Test
    void everyProfileIsUsable() {
        for (ServerProfile p : BuiltinProfiles.all()) {
            assertThat(p.cipherSuites()).as(p.id()).isNotEmpty();
            assertThat(p.tlsVersions()).as(p.id()).isNotEmpty().isSorted();
            assertThat(p.name()).as(p.id()).isNotBlank();
            assertThat(p.source().kind()).isEqualTo(ProfileSource.Kind.BUILTIN);
            assertThat(p.source().reference()).as(p.id()).startsWith("reference/");
            for (int s : p.cipherSuites()) {
                assertThat(TlsNames.cipherSuite(s)).as(p.id() + " suite " + s).startsWith("TLS_");
            }
            for (int g : p.groups()) {
                assertThat(TlsNames.group(g)).as(p.id() + " group " + g).doesNotStartWith("0x");
            }
        }
    }

    @Test
    void resourceRowsNameTheSuitesAsTheRegistryDoes() throws IOException {
        for (String id : BuiltinProfiles.ids()) {
            try (InputStream in = BuiltinProfiles.class.getResourceAsStream(id + ".tsv")) {
                assertThat(in).as(id).isNotNull();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                assertThat(r.readLine()).startsWith("# hellocheck built-in server profile");
                String line;
                int suites = 0;
                while ((line = r.readLine()) != null) {
                    String[] f = line.split("\t");
                    if (f[0].equals("suite")) {
                        suites++;
                        assertThat(f[2]).isEqualTo(TlsNames.cipherSuite(Integer.parseInt(f[1].substring(2), 16)));
                    } else if (f[0].equals("group")) {
                        assertThat(f[2]).isEqualTo(TlsNames.group(Integer.parseInt(f[1].substring(2), 16)));
                    }
                }
                assertThat(suites).isEqualTo(profile(id).cipherSuites().size());
            }
        }
    }

    @Test
    void lookupAndImmutability() {
        assertThat(BuiltinProfiles.byId(" Windows-Server-2019 ")).contains(profile("windows-server-2019"));
        assertThat(BuiltinProfiles.byId("windows-server-2008")).isEmpty();
        assertThat(BuiltinProfiles.byId(null)).isEmpty();
        ServerProfile p = profile("windows-server-2019");
        assertThatThrownBy(() -> p.cipherSuites().add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> BuiltinProfiles.all().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(p.label()).isEqualTo("windows-server-2019 (builtin)");
    }

    @Test
    void groupNamesCoverEverySpellingInTheSources() {
        // Mozilla's tls_curves, Windows' names, testssl.sh's FS_ECDHE_curves, NIST names
        assertThat(GroupNames.code("X25519")).isEqualTo(0x001d);
        assertThat(GroupNames.code("prime256v1")).isEqualTo(0x0017);
        assertThat(GroupNames.code("secp384r1")).isEqualTo(0x0018);
        assertThat(GroupNames.code("X25519MLKEM768")).isEqualTo(0x11ec);
        assertThat(GroupNames.code("curve25519")).isEqualTo(0x001d);
        assertThat(GroupNames.code("NistP256")).isEqualTo(0x0017);
        assertThat(GroupNames.code("P-384")).isEqualTo(0x0018);
        assertThat(GroupNames.code("X448")).isEqualTo(0x001e);
        assertThat(GroupNames.code("ffdhe2048")).isEqualTo(0x0100);
        assertThat(GroupNames.code("x25519_mlkem768")).isEqualTo(0x11ec);
        assertThat(GroupNames.code("nonsense")).isEqualTo(-1);
    }
}
