package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JA3 and JA3S against the examples of Salesforce's JA3 README (github.com/salesforce/ja3), the
 * definition's own text. Real hellos are checked against tshark, nDPI, Arkime and suricata-verify in
 * {@link FingerprintFixtureTest} and {@code PublicCaptureFingerprintTest}.
 */
class Ja3Test {

    /** A ClientHello with the given JA3 inputs; extensionTypes null means no extensions block at all. */
    static ClientHello clientHello(int version, List<Integer> ciphers, List<Integer> extensions,
                                   List<Integer> groups, List<Integer> pointFormats) {
        return new ClientHello(version, new byte[32], new byte[0], ciphers, List.of(0), extensions, null,
                List.of(), groups, List.of(), List.of(), List.of(), List.of(), pointFormats, List.of());
    }

    static ServerHello serverHello(int version, int cipher, List<Integer> extensions) {
        return new ServerHello(version, new byte[32], new byte[0], cipher, 0, extensions, -1, -1, false, -1,
                List.of());
    }

    @Test
    void readmeExampleWithExtensions() {
        // README: "769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0
        //          --> ada70206e40642a3e4461f35503241d5"
        ClientHello h = clientHello(769, List.of(47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4),
                List.of(0, 10, 11), List.of(23, 24, 25), List.of(0));
        assertThat(Ja3.ja3String(h)).isEqualTo("769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0");
        assertThat(Ja3.ja3(h)).isEqualTo("ada70206e40642a3e4461f35503241d5");
    }

    @Test
    void readmeExampleWithoutExtensionsLeavesTheFieldsEmpty() {
        // README: "If there are no SSL Extensions in the Client Hello, the fields are left empty."
        //         "769,4-5-10-9-100-98-3-6-19-18-99,,, --> de350869b8c85de67a350c8d186f11e6"
        ClientHello h = clientHello(769, List.of(4, 5, 10, 9, 100, 98, 3, 6, 19, 18, 99), List.of(), List.of(),
                List.of());
        assertThat(Ja3.ja3String(h)).isEqualTo("769,4-5-10-9-100-98-3-6-19-18-99,,,");
        assertThat(Ja3.ja3(h)).isEqualTo("de350869b8c85de67a350c8d186f11e6");
    }

    @Test
    void greaseIsLeftOutOfEveryList() {
        ClientHello plain = clientHello(771, List.of(4865, 4866), List.of(0, 10, 11, 43), List.of(29, 23),
                List.of(0));
        ClientHello greased = clientHello(771, List.of(0x0a0a, 4865, 4866), List.of(0x1a1a, 0, 10, 11, 43, 0xfafa),
                List.of(0x2a2a, 29, 23), List.of(0));
        assertThat(Ja3.ja3String(greased)).isEqualTo("771,4865-4866,0-10-11-43,29-23,0")
                .isEqualTo(Ja3.ja3String(plain));
        assertThat(Ja3.ja3(greased)).isEqualTo(Ja3.ja3(plain));
    }

    @Test
    void versionIsLegacyVersionNotSupportedVersions() {
        ClientHello h = new ClientHello(0x0303, new byte[32], new byte[0], List.of(4865), List.of(0), List.of(43),
                null, List.of(0x0304), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(Ja3.ja3String(h)).isEqualTo("771,4865,43,,");
    }

    @Test
    void ja3sIsVersionCipherExtensions() {
        // salesforce/ja3 python/ja3s.py: version, cipher_suite, extension types in wire order
        ServerHello s = serverHello(771, 49199, List.of(65281, 11, 35));
        assertThat(Ja3.ja3sString(s)).isEqualTo("771,49199,65281-11-35");
        assertThat(Ja3.ja3s(s)).isEqualTo(Ja3.md5Hex("771,49199,65281-11-35"));
        assertThat(Ja3.ja3sString(serverHello(769, 4, List.of()))).isEqualTo("769,4,");
        Ja3.Memo memo = new Ja3.Memo();
        for (int round = 0; round < 2; round++) {
            assertThat(memo.ja3s("771,49199,65281-11-35")).isEqualTo(Ja3.md5Hex("771,49199,65281-11-35"));
            assertThat(memo.ja3s("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        }
    }

    @Test
    void md5IsLowerCaseHex() {
        // RFC 1321 appendix A.5 test suite: MD5("abc")
        assertThat(Ja3.md5Hex("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    /** The memo gives each input's own fingerprint: the README's two examples, each seen twice, in turn. */
    @Test
    void memoKeepsEachInputsFingerprint() {
        ClientHello withExtensions = clientHello(769, List.of(47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19,
                4), List.of(0, 10, 11), List.of(23, 24, 25), List.of(0));
        ClientHello withoutPointFormats = clientHello(769, List.of(47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56,
                19, 4), List.of(0, 10, 11), List.of(23, 24, 25), List.of());
        ClientHello without = clientHello(769, List.of(4, 5, 10, 9, 100, 98, 3, 6, 19, 18, 99), List.of(), List.of(),
                List.of());
        Ja3.Memo memo = new Ja3.Memo();
        for (int round = 0; round < 2; round++) {
            assertThat(memo.of(withExtensions)).isEqualTo(new Ja3.Prints("ada70206e40642a3e4461f35503241d5",
                    "769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0"));
            assertThat(memo.of(without)).isEqualTo(new Ja3.Prints("de350869b8c85de67a350c8d186f11e6",
                    "769,4-5-10-9-100-98-3-6-19-18-99,,,"));
            assertThat(memo.of(withoutPointFormats).ja3String())
                    .isEqualTo("769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,");
        }
    }

    /** Connections that differ only in their GREASE values are new inputs of the memo, with one JA3 (README). */
    @Test
    void memoGivesTheSameFingerprintToGreasedInputs() {
        Ja3.Memo memo = new Ja3.Memo();
        for (int grease : new int[] {0x0a0a, 0x5a5a}) {
            ClientHello h = clientHello(769, List.of(grease, 47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4),
                    List.of(0, grease, 10, 11), List.of(grease, 23, 24, 25), List.of(0));
            assertThat(memo.of(h)).isEqualTo(new Ja3.Prints("ada70206e40642a3e4461f35503241d5",
                    "769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0"));
        }
    }
}
