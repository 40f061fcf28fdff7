package io.hellocheck.profile;

import static io.hellocheck.profile.BuiltinProfilesTest.c;
import static io.hellocheck.profile.BuiltinProfilesTest.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.profile.ProfileMatch.Overlap;
import io.hellocheck.tls.ClientHello;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ProfileMatch on hand-made offers. The built-in profiles' contents are the facts checked in
 * {@link BuiltinProfilesTest} (Microsoft's and Mozilla's lists).
 */
class ProfileMatchTest {

    // A TLS 1.3 client offer in the shape of RFC 8446 section 4.1.2: GREASE first (RFC 8701), TLS 1.3 suites,
    // then TLS 1.2 ECDHE suites; supported_versions TLS 1.3 and 1.2; groups x25519, secp256r1, secp384r1.
    static final List<Integer> MODERN_SUITES = List.of(0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f,
            0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035);
    static final List<Integer> MODERN_VERSIONS = List.of(0x3a3a, 0x0304, 0x0303);
    static final List<Integer> MODERN_GROUPS = List.of(0x2a2a, 0x001d, 0x0017, 0x0018);

    @Test
    void modernClientAgainstWindowsServer2019() {
        ProfileMatch m = ProfileMatch.of(profile("windows-server-2019"), MODERN_SUITES, MODERN_VERSIONS,
                MODERN_GROUPS);
        // in the client's order; no TLS 1.3 suite (not in Server 2019's list), no ChaCha20
        assertThat(m.commonSuites()).containsExactly(0xc02b, 0xc02f, 0xc02c, 0xc030, 0xc013, 0xc014, 0x009c,
                0x009d, 0x002f, 0x0035);
        assertThat(m.versions()).isEqualTo(Overlap.YES);
        assertThat(m.commonVersions()).containsExactly(0x0303);
        assertThat(m.usableSuites()).isEqualTo(m.commonSuites());
        assertThat(m.groups()).isEqualTo(Overlap.YES);
        assertThat(m.commonGroups()).containsExactly(0x001d, 0x0017, 0x0018);
    }

    @Test
    void tls13OnlyClientAgainstWindowsServer2019HasNothingInCommon() {
        ProfileMatch m = ProfileMatch.of(profile("windows-server-2019"), List.of(0x1301, 0x1302, 0x1303),
                List.of(0x0304), List.of(0x001d));
        assertThat(m.commonSuites()).isEmpty();
        assertThat(m.versions()).isEqualTo(Overlap.NO);
        assertThat(m.commonVersions()).isEmpty();
        assertThat(m.usableSuites()).isEmpty();
    }

    @Test
    void commonTls13SuitesAreNotUsableWithoutTls13() {
        // Mozilla intermediate 5.7 accepts 0x1301 and 0xc02f; the client offers TLS 1.2 only
        ProfileMatch m = ProfileMatch.of(profile("mozilla-intermediate-5.7"), List.of(0x1301, 0xc02f),
                List.of(0x0303), List.of());
        assertThat(m.commonSuites()).containsExactly(0x1301, 0xc02f);
        assertThat(m.usableSuites()).containsExactly(0xc02f);
        assertThat(m.groups()).isEqualTo(Overlap.UNKNOWN); // the client sent no supported_groups
        // and a TLS 1.3-only profile with a TLS 1.2 suite offered: nothing usable
        ProfileMatch modern = ProfileMatch.of(profile("mozilla-modern-5.7"), List.of(0x1301, 0xc02f),
                List.of(0x0303), List.of());
        assertThat(modern.commonSuites()).containsExactly(0x1301);
        assertThat(modern.versions()).isEqualTo(Overlap.NO);
        assertThat(modern.usableSuites()).isEmpty();
    }

    @Test
    void unknownSidesStayUnknown() {
        ServerProfile suitesOnly = new ServerProfile("user:list.txt", "list", ProfileSource.user("list.txt"),
                List.of(0xc030, 0x009d), List.of(), List.of());
        ProfileMatch m = ProfileMatch.of(suitesOnly, List.of(0x009d, 0xc030, 0x00ff), List.of(0x0303),
                List.of(0x001d));
        assertThat(m.commonSuites()).containsExactly(0x009d, 0xc030);
        assertThat(m.usableSuites()).containsExactly(0x009d, 0xc030);
        assertThat(m.versions()).isEqualTo(Overlap.UNKNOWN);
        assertThat(m.commonVersions()).isEmpty();
        assertThat(m.groups()).isEqualTo(Overlap.UNKNOWN);

        // Windows Server 2012 R2: groups unknown (no Microsoft curve document covers it)
        ProfileMatch w = ProfileMatch.of(profile("windows-server-2012-r2"), MODERN_SUITES, MODERN_VERSIONS,
                MODERN_GROUPS);
        assertThat(w.groups()).isEqualTo(Overlap.UNKNOWN);
    }

    @Test
    void noCommonGroup() {
        ProfileMatch m = ProfileMatch.of(profile("mozilla-intermediate-6.0"), MODERN_SUITES, MODERN_VERSIONS,
                List.of(0x0019, 0x0100)); // secp521r1, ffdhe2048
        assertThat(m.groups()).isEqualTo(Overlap.NO);
        assertThat(m.commonGroups()).isEmpty();
    }

    @Test
    void legacyVersionRange() {
        // RFC 5246 Appendix E.1: the server may pick any version up to the client's legacy_version
        assertThat(ProfileMatch.legacyVersionRange(0x0303)).containsExactly(0x0303, 0x0302, 0x0301, 0x0300);
        assertThat(ProfileMatch.legacyVersionRange(0x0301)).containsExactly(0x0301, 0x0300);
        assertThat(ProfileMatch.legacyVersionRange(0x0300)).containsExactly(0x0300);
        assertThat(ProfileMatch.legacyVersionRange(0x0304)).containsExactly(0x0303, 0x0302, 0x0301, 0x0300);
        assertThat(ProfileMatch.legacyVersionRange(0x0002)).isEmpty();
        assertThat(ProfileMatch.legacyVersionRange(0x7f1c)).isEmpty();
    }

    @Test
    void fromADecodedClientHello() {
        // a TLS 1.0 client (legacy_version 0x0301, no supported_versions) offering RC4 and 3DES
        ClientHello old = new ClientHello(0x0301, new byte[32], new byte[0], List.of(0x0005, 0x000a, 0x0004),
                List.of(0), List.of(), null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of());
        ProfileMatch w2012 = ProfileMatch.of(profile("windows-server-2012-r2"), old);
        assertThat(w2012.commonSuites()).containsExactly(0x0005, 0x000a, 0x0004);
        assertThat(w2012.commonVersions()).containsExactly(0x0301, 0x0300);
        ProfileMatch w2019 = ProfileMatch.of(profile("windows-server-2019"), old);
        assertThat(w2019.commonSuites()).containsExactly(c("TLS_RSA_WITH_3DES_EDE_CBC_SHA"));
        assertThat(w2019.commonVersions()).containsExactly(0x0301);
        ProfileMatch mozilla = ProfileMatch.of(profile("mozilla-intermediate-5.7"), old);
        assertThat(mozilla.commonSuites()).isEmpty();
        assertThat(mozilla.versions()).isEqualTo(Overlap.NO);
    }

    @Test
    void tls13SuiteClassification() {
        assertThat(ProfileMatch.isTls13Suite(0x1301)).isTrue();
        assertThat(ProfileMatch.isTls13Suite(0x1307)).isTrue();  // TLS_AEGIS_128L_SHA256
        assertThat(ProfileMatch.isTls13Suite(0x00c6)).isTrue();  // TLS_SM4_GCM_SM3 (RFC 8998)
        assertThat(ProfileMatch.isTls13Suite(0xc0b4)).isTrue();  // TLS_SHA256_SHA256 (RFC 9150)
        assertThat(ProfileMatch.isTls13Suite(0xc02f)).isFalse();
        assertThat(ProfileMatch.isTls13Suite(0x00ff)).isFalse();
    }
}
