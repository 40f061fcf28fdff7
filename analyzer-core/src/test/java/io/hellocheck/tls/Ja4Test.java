package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JA4 against the worked examples of FoxIO's specification (FoxIO-LLC/ja4 technical_details/JA4.md).
 * Real hellos are checked against FoxIO's, nDPI's, Arkime's and suricata-verify's published values in
 * {@link FingerprintFixtureTest} and {@code PublicCaptureFingerprintTest}.
 */
class Ja4Test {

    // JA4.md "Cipher hash" and "Extension hash": the example lists in wire order
    private static final List<Integer> EXAMPLE_CIPHERS = hexList(
            "1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035");
    private static final List<Integer> EXAMPLE_EXTENSIONS = hexList(
            "001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015");
    private static final List<Integer> EXAMPLE_SIGNATURES = hexList("0403,0804,0401,0503,0805,0501,0806,0601");

    static List<Integer> hexList(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isEmpty()) {
                out.add(Integer.parseInt(s, 16));
            }
        }
        return out;
    }

    static ClientHello hello(int legacyVersion, List<Integer> supportedVersions, List<Integer> ciphers,
                             List<Integer> extensions, List<Integer> signatures, List<String> alpn) {
        return new ClientHello(legacyVersion, new byte[32], new byte[0], ciphers, List.of(0), extensions,
                extensions.contains(0) ? "example.com" : null, supportedVersions, List.of(), List.of(), List.of(),
                signatures, alpn, List.of(), List.of());
    }

    private static ClientHello example() {
        return hello(0x0303, List.of(0x0304, 0x0303), EXAMPLE_CIPHERS, EXAMPLE_EXTENSIONS, EXAMPLE_SIGNATURES,
                List.of("h2", "http/1.1"));
    }

    @Test
    void specificationExample() {
        ClientHello h = example();
        assertThat(Ja4.ja4(h)).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
        assertThat(Ja4.ja4R(h)).isEqualTo("t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,"
                + "c030,cca8,cca9_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,"
                + "0401,0503,0805,0501,0806,0601");
    }

    @Test
    void specificationExampleOriginalOrderKeepsSniAndAlpn() {
        // JA4.md "Raw Output": the -o variant keeps the original order and SNI (0000) and ALPN (0010)
        ClientHello h = example();
        assertThat(Ja4.ja4Ro(h)).isEqualTo("t13d1516h2_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,"
                + "009d,002f,0035_001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015_"
                + "0403,0804,0401,0503,0805,0501,0806,0601");
        assertThat(Ja4.ja4O(h)).isEqualTo("t13d1516h2_acb858a92679_18f69afefd3d");
    }

    @Test
    void withoutSignatureAlgorithmsTheExtensionStringHasNoUnderscore() {
        // JA4.md: "0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01 = 6d807ffa2a79"
        ClientHello h = hello(0x0303, List.of(0x0304), EXAMPLE_CIPHERS, EXAMPLE_EXTENSIONS, List.of(),
                List.of("h2"));
        assertThat(Ja4.ja4(h)).isEqualTo("t13d1516h2_8daaf6152771_6d807ffa2a79");
        assertThat(Ja4.ja4R(h)).endsWith("_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01");
    }

    @Test
    void greaseIsLeftOutEverywhereIncludingCountsVersionsAndSignatures() {
        List<Integer> ciphers = new ArrayList<>(EXAMPLE_CIPHERS);
        ciphers.add(0, 0x0a0a);
        List<Integer> extensions = new ArrayList<>(EXAMPLE_EXTENSIONS);
        extensions.add(0, 0x2a2a);
        extensions.add(0xfafa);
        List<Integer> signatures = new ArrayList<>(EXAMPLE_SIGNATURES);
        signatures.add(3, 0x5a5a);
        ClientHello h = hello(0x0303, List.of(0x7a7a, 0x0304, 0x0303), ciphers, extensions, signatures,
                List.of("h2"));
        assertThat(Ja4.ja4(h)).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
        assertThat(Ja4.ja4R(h)).isEqualTo(Ja4.ja4R(example()));
        assertThat(Ja4.ja4Ro(h)).isEqualTo(Ja4.ja4Ro(example()));
    }

    @Test
    void emptyListsHashToZeros() {
        // JA4.md: no ciphers -> JA4_b 000000000000; no extensions -> JA4_c 000000000000
        ClientHello h = hello(0x0300, List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(Ja4.ja4(h)).isEqualTo("ts3i000000_000000000000_000000000000");
        assertThat(Ja4.ja4R(h)).isEqualTo("ts3i000000__");
        // SNI and ALPN only: nothing left for the sorted extension hash, but they count
        ClientHello sniAlpn = hello(0x0303, List.of(), List.of(0x002f), List.of(0x0000, 0x0010), List.of(),
                List.of("h2"));
        assertThat(Ja4.ja4(sniAlpn)).startsWith("t12d0102h2_").endsWith("_000000000000");
    }

    @Test
    void countsStopAt99() {
        List<Integer> ciphers = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            ciphers.add(i);
        }
        ClientHello h = hello(0x0303, List.of(), ciphers, List.of(0x000a), List.of(), List.of());
        assertThat(Ja4.ja4(h)).startsWith("t12i9901");
    }

    @ParameterizedTest
    @CsvSource({
        // supported_versions (highest non-GREASE wins), legacy_version, version field
        "'0304 0303', 0303, 13",
        "'0303', 0301, 12",
        "'', 0302, 11",
        "'', 0301, 10",
        "'', 0300, s3",
        "'', 0002, s2",
        "'', feff, d1",
        "'', fefd, d2",
        "'', fefc, d3",
        "'7f17 0304 0303', 0303, 00",   // a TLS 1.3 draft is the highest: unknown
        "'', 7f12, 00",
        "'1a1a', 0303, 12",             // only GREASE in supported_versions: legacy_version
    })
    void version(String supported, String legacy, String expected) {
        List<Integer> versions = new ArrayList<>();
        for (String v : supported.trim().split(" ")) {
            if (!v.isEmpty()) {
                versions.add(Integer.parseInt(v, 16));
            }
        }
        ClientHello h = hello(Integer.parseInt(legacy, 16), versions, List.of(0x002f), List.of(0x000a), List.of(),
                List.of());
        assertThat(Ja4.ja4(h).substring(1, 3)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        // JA4.md "ALPN Extension Value": first ALPN value as hex bytes -> the two characters
        "6832, h2",
        "687474702f312e31, h1",  // http/1.1
        "61, aa",                // a single character is both first and last
        "ab, ab",                // non-alphanumeric: first and last character of the hex
        "abcd, ad",
        "30ab, 3b",
        "3031abcd, 3d",
        "30abcd31, 01",          // first and last bytes alphanumeric: the characters themselves
    })
    void alpn(String hex, String expected) {
        byte[] b = java.util.HexFormat.of().parseHex(hex);
        String name = new String(b, StandardCharsets.ISO_8859_1);
        assertThat(Ja4.alpn(List.of(name, "ignored"))).isEqualTo(expected);
    }

    @Test
    void noAlpnIsZeroZero() {
        assertThat(Ja4.alpn(List.of())).isEqualTo("00");
        assertThat(Ja4.alpn(Arrays.asList(""))).isEqualTo("00");
    }

    @Test
    void sniMarkerFollowsTheExtensionNotTheName() {
        // JA4.md: 'd' when the SNI extension (0x0000) exists, else 'i'
        ClientHello withExtension = new ClientHello(0x0303, new byte[32], new byte[0], List.of(0x002f), List.of(0),
                List.of(0x0000), null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of());
        assertThat(Ja4.ja4(withExtension)).startsWith("t12d");
        ClientHello without = hello(0x0303, List.of(), List.of(0x002f), List.of(0xffce), List.of(), List.of());
        assertThat(Ja4.ja4(without)).startsWith("t12i");
    }

    /** The memo gives each input its own JA4 and JA4_r: JA4.md's example and its variant without signatures. */
    @Test
    void memoKeepsEachInputsFingerprints() {
        ClientHello withSignatures = example();
        ClientHello without = hello(0x0303, List.of(0x0304), EXAMPLE_CIPHERS, EXAMPLE_EXTENSIONS, List.of(),
                List.of("h2"));
        Ja4.Memo memo = new Ja4.Memo();
        for (int round = 0; round < 2; round++) {
            assertThat(memo.of(withSignatures).ja4()).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
            assertThat(memo.of(withSignatures).ja4R()).endsWith("_0403,0804,0401,0503,0805,0501,0806,0601");
            assertThat(memo.of(without).ja4()).isEqualTo("t13d1516h2_8daaf6152771_6d807ffa2a79");
            assertThat(memo.of(without).ja4R()).endsWith("_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,"
                    + "0033,4469,ff01");
            assertThat(memo.ja4(without)).isEqualTo("t13d1516h2_8daaf6152771_6d807ffa2a79");
        }
    }

    /**
     * Connections of a client that draws its GREASE values and extension order anew each time (Chrome) are new
     * inputs of the memo each time; JA4.md: GREASE is ignored and the extensions are sorted, so their JA4 and
     * JA4_r are the example's.
     */
    @Test
    void memoGivesTheSameFingerprintsToGreasedAndShuffledInputs() {
        Ja4.Memo memo = new Ja4.Memo();
        List<Integer> reversed = new java.util.ArrayList<>(EXAMPLE_EXTENSIONS);
        java.util.Collections.reverse(reversed);
        for (int grease : new int[] {0x0a0a, 0x3a3a, 0xfafa}) {
            List<Integer> ciphers = new java.util.ArrayList<>(EXAMPLE_CIPHERS);
            ciphers.add(0, grease);
            List<Integer> extensions = new java.util.ArrayList<>(grease == 0x3a3a ? reversed : EXAMPLE_EXTENSIONS);
            extensions.add(0, grease);
            ClientHello h = hello(0x0303, List.of(grease, 0x0304, 0x0303), ciphers, extensions, EXAMPLE_SIGNATURES,
                    List.of("h2", "http/1.1"));
            assertThat(memo.of(h).ja4()).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
            assertThat(memo.of(h).ja4R()).isEqualTo(Ja4.ja4R(example()));
        }
    }
}
