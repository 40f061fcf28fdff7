package io.hellocheck.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hellocheck.tls.TlsNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Re-derives every built-in profile from {@code ../shared/reference} with code independent of the
 * generator (Jackson for the JSON, a CSV reader here, {@link TlsNames} for names) and compares. Needs
 * {@code ../shared}, so it runs in the suite that {@code .ci/run} starts explicitly, not on a fresh clone.
 */
@Tag("public-captures")
class BuiltinProfilesVsReferenceTest {

    private static final Path REF = Path.of(System.getProperty("hellocheck.shared", "../shared"), "reference");

    // profile id -> (label in the cipher suite CSV, label in the protocol CSV)
    private static final Map<String, String[]> WINDOWS = Map.of(
            "windows-server-2012-r2", new String[] {"Windows Server 2012 R2 / Windows 8.1",
                    "Windows 8.1/Windows Server 2012 R2"},
            "windows-server-2016", new String[] {"Windows Server 2016 / Windows 10 v1607",
                    "Windows 10, version 1607/Windows Server 2016 Standard"},
            "windows-server-2019", new String[] {"Windows Server 2019 / Windows 10 v1809",
                    "Windows 10, version 1809/Windows Server 2019"},
            "windows-server-2022", new String[] {"Windows Server 2022", "Windows Server 2022"},
            "windows-server-2025", new String[] {"Windows Server 2025 and later", "Windows Server 2025"});

    private static final Map<String, Integer> PROTOCOLS = Map.of("SSL2", 0x0002, "SSL3", 0x0300,
            "TLS 1.0", 0x0301, "TLS 1.1", 0x0302, "TLS 1.2", 0x0303, "TLS 1.3", 0x0304);

    @Test
    void mozillaProfilesMatchTheGuidelinesJson() throws IOException {
        assertThat(REF).as("../shared/reference").isDirectory();
        ObjectMapper m = new ObjectMapper();
        for (String version : List.of("5.7", "6.0")) {
            JsonNode configs = m.readTree(REF.resolve("mozilla/" + version + ".json").toFile()).get("configurations");
            List<String> names = new ArrayList<>();
            configs.fieldNames().forEachRemaining(names::add);
            for (String config : names) {
                JsonNode c = configs.get(config);
                ServerProfile p = BuiltinProfiles.byId("mozilla-" + config + "-" + version).orElseThrow();
                List<Integer> suites = new ArrayList<>();
                c.get("ciphers").get("iana").forEach(n -> suites.add(TlsNames.cipherSuiteCode(n.asText())));
                c.get("ciphersuites").forEach(n -> suites.add(TlsNames.cipherSuiteCode(n.asText())));
                assertThat(p.cipherSuites()).as(p.id()).containsExactlyElementsOf(suites);
                Set<Integer> versions = new TreeSet<>();
                c.get("tls_versions").forEach(n -> versions.add(switch (n.asText()) {
                    case "TLSv1" -> 0x0301;
                    case "TLSv1.1" -> 0x0302;
                    case "TLSv1.2" -> 0x0303;
                    case "TLSv1.3" -> 0x0304;
                    default -> throw new AssertionError(n.asText());
                }));
                assertThat(p.tlsVersions()).as(p.id()).containsExactlyElementsOf(versions);
                List<Integer> groups = new ArrayList<>();
                c.get("tls_curves").forEach(n -> groups.add(GroupNames.code(n.asText())));
                assertThat(p.groups()).as(p.id()).containsExactlyElementsOf(groups);
            }
        }
    }

    @Test
    void windowsProfilesMatchMicrosoftsCsv() throws IOException {
        assertThat(REF).as("../shared/reference").isDirectory();
        List<Map<String, String>> suites = csv(REF.resolve("microsoft/windows-schannel-default-cipher-suites.csv"));
        List<Map<String, String>> protocols = csv(REF.resolve("microsoft/windows-schannel-protocol-defaults.csv"));
        for (Map.Entry<String, String[]> w : WINDOWS.entrySet()) {
            ServerProfile p = BuiltinProfiles.byId(w.getKey()).orElseThrow();
            Set<Integer> expected = new LinkedHashSet<>();
            int defaultRows = 0;
            for (Map<String, String> r : suites) {
                if (r.get("os").equals(w.getValue()[0]) && r.get("list").equals("default")) {
                    defaultRows++;
                    // Microsoft: "Only used when application explicitly requests": not what a default server accepts
                    if (!r.get("iana_value").isEmpty()
                            && !r.get("note").startsWith("Only used when application explicitly requests")) {
                        String[] b = r.get("iana_value").split(",");
                        int code = Integer.parseInt(b[0].trim().substring(2), 16) << 8
                                | Integer.parseInt(b[1].trim().substring(2), 16);
                        assertThat(TlsNames.cipherSuite(code)).isEqualTo(r.get("iana_name"));
                        expected.add(code);
                    }
                }
            }
            assertThat(defaultRows).as(p.id()).isPositive();
            assertThat(p.cipherSuites()).as(p.id()).containsExactlyElementsOf(expected);
            Set<Integer> versions = new TreeSet<>();
            for (Map<String, String> r : protocols) {
                if (r.get("os").equals(w.getValue()[1]) && r.get("role").contains("Server")
                        && r.get("default_state").equals("Enabled") && PROTOCOLS.containsKey(r.get("protocol"))) {
                    versions.add(PROTOCOLS.get(r.get("protocol")));
                }
            }
            assertThat(p.tlsVersions()).as(p.id()).containsExactlyElementsOf(versions);
        }
    }

    /** RFC 4180 CSV with a header row; quoted fields may hold commas, quotes and newlines. */
    static List<Map<String, String>> csv(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (ch != '\r') {
                field.append(ch);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        List<String> header = rows.get(0);
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> r : rows.subList(1, rows.size())) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), i < r.size() ? r.get(i) : "");
            }
            out.add(m);
        }
        return out;
    }
}
