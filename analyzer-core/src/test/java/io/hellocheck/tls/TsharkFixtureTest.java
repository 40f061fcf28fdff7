package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Decodes real hellos and compares with tshark's decoding of the same bytes.
 *
 * <p>The fixtures in {@code tshark/} were written by {@code tools/extract-hello-fixtures.py} from
 * captures in {@code ../shared/captures/public} with TShark 4.0.17; each names its capture, frame and
 * tshark command. They are committed, so this test needs neither tshark nor {@code ../shared}.
 * Setting {@code -Dhellocheck.tshark.fixtures=DIR} also runs every fixture in DIR (for example the
 * output of {@code extract-hello-fixtures.py --all DIR}).
 */
class TsharkFixtureTest {

    @TestFactory
    Stream<DynamicTest> committedFixtures() throws IOException, URISyntaxException {
        URL dir = TsharkFixtureTest.class.getResource("tshark");
        assertThat(dir).as("tshark fixture directory on the test classpath").isNotNull();
        List<Path> files = list(Paths.get(dir.toURI()));
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    @TestFactory
    Stream<DynamicTest> extraFixtures() throws IOException {
        String extra = System.getProperty("hellocheck.tshark.fixtures");
        if (extra == null || extra.isBlank()) {
            return Stream.empty();
        }
        return list(Paths.get(extra)).stream()
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    /** The committed set covers what the brief asks for: GREASE, ALPN, HRR, TLS 1.2 and 1.3. */
    @Test
    void committedSetCoversGreaseAlpnAndHelloRetryRequest() throws IOException, URISyntaxException {
        List<Map<String, String>> all = new ArrayList<>();
        for (Path f : list(Paths.get(TsharkFixtureTest.class.getResource("tshark").toURI()))) {
            all.add(read(f));
        }
        assertThat(all).anySatisfy(m -> assertThat(m.get("cipher_suites")).startsWith("0x"))
                .anySatisfy(m -> assertThat(ints(m.get("cipher_suites"))).anyMatch(TlsNames::isGrease))
                .anySatisfy(m -> assertThat(m.get("alpn")).contains("h2"))
                .anySatisfy(m -> assertThat(m.get("key_share_selected_group")).isNotEmpty())
                .anySatisfy(m -> assertThat(m.get("supported_versions")).isEqualTo("0x0304"))
                .anySatisfy(m -> assertThat(m.get("legacy_version")).isEqualTo("0x0303"));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
    }

    static Map<String, String> read(Path f) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int eq = line.indexOf('=');
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** tshark prints code points as hex ("0x1301") or decimal ("29"); Integer.decode reads both. */
    static List<Integer> ints(String csv) {
        if (csv == null || csv.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(Integer::decode).toList();
    }

    static List<String> strings(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : List.of(csv.split(","));
    }

    private static void check(Path f) throws TlsDecodeException {
        Map<String, String> t = read(f);
        byte[] msg = HexFormat.of().parseHex(t.get("message"));
        int type = msg[0] & 0xff;
        int len = ((msg[1] & 0xff) << 16) | ((msg[2] & 0xff) << 8) | (msg[3] & 0xff);
        assertThat(len).as("handshake length").isEqualTo(msg.length - 4);
        if (!t.getOrDefault("tshark_malformed", "").isEmpty()) {
            // tshark found the message malformed. We agree when we throw or note an anomaly; when we do
            // neither, the fault must lie in a part we do not decode (e.g. a cookie extension's body),
            // so every field we do decode must still equal tshark's.
            List<String> anomalies;
            try {
                anomalies = type == 1 ? ClientHello.parse(msg, 4, len).anomalies()
                        : ServerHello.parse(msg, 4, len).anomalies();
            } catch (TlsDecodeException e) {
                return;
            }
            if (!anomalies.isEmpty()) {
                return;
            }
        }
        HexFormat hex = HexFormat.of();
        if (type == 1) {
            ClientHello ch = ClientHello.parse(msg, 4, len);
            assertThat(ch.legacyVersion()).as("legacy_version").isEqualTo(Integer.decode(t.get("legacy_version")));
            assertThat(hex.formatHex(ch.random())).as("random").isEqualTo(t.get("random"));
            assertThat(hex.formatHex(ch.sessionId())).as("session_id").isEqualTo(t.get("session_id"));
            assertThat(ch.cipherSuites()).as("cipher_suites").isEqualTo(ints(t.get("cipher_suites")));
            assertThat(ch.compressionMethods()).as("compression_methods").isEqualTo(ints(t.get("compression_methods")));
            assertThat(ch.extensionTypes()).as("extension_types").isEqualTo(ints(t.get("extension_types")));
            String sni = t.get("server_name");
            assertThat(ch.serverName()).as("server_name").isEqualTo(sni.isEmpty() ? null : sni);
            assertThat(ch.supportedVersions()).as("supported_versions").isEqualTo(ints(t.get("supported_versions")));
            assertThat(ch.supportedGroups()).as("supported_groups").isEqualTo(ints(t.get("supported_groups")));
            assertThat(ch.keyShareGroups()).as("key_share_groups").isEqualTo(ints(t.get("key_share_groups")));
            assertThat(ch.keyShareLengths()).as("key_share_lengths").isEqualTo(ints(t.get("key_share_lengths")));
            assertThat(ch.signatureAlgorithms()).as("signature_algorithms")
                    .isEqualTo(ints(t.get("signature_algorithms")));
            assertThat(ch.alpn()).as("alpn").isEqualTo(strings(t.get("alpn")));
            assertThat(ch.ecPointFormats()).as("ec_point_formats").isEqualTo(ints(t.get("ec_point_formats")));
            assertThat(ch.anomalies()).as("anomalies").isEmpty();
        } else {
            assertThat(type).as("handshake type").isEqualTo(2);
            ServerHello sh = ServerHello.parse(msg, 4, len);
            assertThat(sh.legacyVersion()).as("legacy_version").isEqualTo(Integer.decode(t.get("legacy_version")));
            assertThat(hex.formatHex(sh.random())).as("random").isEqualTo(t.get("random"));
            assertThat(hex.formatHex(sh.sessionId())).as("session_id").isEqualTo(t.get("session_id"));
            assertThat(List.of(sh.cipherSuite())).as("cipher_suite").isEqualTo(ints(t.get("cipher_suites")));
            if (sh.compressionMethod() >= 0) {
                assertThat(List.of(sh.compressionMethod())).as("compression_method")
                        .isEqualTo(ints(t.get("compression_methods")));
            }
            assertThat(sh.extensionTypes()).as("extension_types").isEqualTo(ints(t.get("extension_types")));
            List<Integer> versions = ints(t.get("supported_versions"));
            assertThat(sh.selectedVersion()).as("selected_version")
                    .isEqualTo(versions.isEmpty() ? -1 : versions.get(0));
            List<Integer> selected = ints(t.get("key_share_selected_group"));
            List<Integer> groups = ints(t.get("key_share_groups"));
            List<Integer> lengths = ints(t.get("key_share_lengths"));
            // tshark decodes the key_share as a HelloRetryRequest's exactly when it recognises the HRR random
            if (sh.hasExtension(51)) {
                assertThat(sh.helloRetryRequest()).as("helloRetryRequest").isEqualTo(!selected.isEmpty());
            }
            if (sh.helloRetryRequest()) {
                assertThat(sh.keyShareGroup()).as("selected_group")
                        .isEqualTo(selected.isEmpty() ? -1 : selected.get(0));
                assertThat(sh.keyShareLength()).isEqualTo(-1);
            } else {
                assertThat(sh.keyShareGroup()).as("key_share group")
                        .isEqualTo(groups.isEmpty() ? -1 : groups.get(0));
                assertThat(sh.keyShareLength()).as("key_share length")
                        .isEqualTo(lengths.isEmpty() ? -1 : lengths.get(0));
            }
            assertThat(sh.anomalies()).as("anomalies").isEmpty();
        }
    }
}
