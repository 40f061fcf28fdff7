package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** --redact: no real address, port or server name is left, and pseudonyms are stable. */
class RedactTest {

    @Test
    void noRealAddressPortOrServerNameIsLeft() {
        String samples = Paths.samples().toString();
        Runs.Run plain = Runs.run("analyze", "--format", "jsonl", samples);
        Runs.Run redacted = Runs.run("analyze", "--format", "jsonl", "--redact", samples);
        assertThat(redacted.code()).isEqualTo(plain.code());
        Set<String> ips = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (JsonNode c : plain.ofType("connection")) {
            for (String side : List.of("client", "server")) {
                ips.add(c.get(side).get("ip").asText());
                int port = c.get(side).get("port").asInt();
                // ports under 1024 and CONTRACT.md's well-known TLS ports identify nothing: kept (issue 13)
                if (port >= 1024 && !io.hellocheck.analysis.AnalysisOptions.WELL_KNOWN_TLS_PORTS.contains(port)) {
                    ports.add(port);
                }
            }
            if (!c.get("client_hello").isNull() && c.get("client_hello").hasNonNull("server_name")) {
                names.add(c.get("client_hello").get("server_name").asText());
            }
        }
        assertThat(ips).contains("127.0.0.1", "::1");
        assertThat(names).contains("localhost");
        assertThat(plain.out()).contains("127.0.0.1").contains("localhost").contains("port 8443")
                .contains("O=hellocheck samples");
        // certificate names: the whole DN is replaced, not only its CN
        assertThat(redacted.out()).doesNotContain("hellocheck sample").doesNotContain("O=")
                .contains("\"subject\":\"CN=server-1.invalid\"");
        for (String ip : ips) {
            assertThat(redacted.out()).doesNotContain("\"" + ip + "\"").doesNotContain(" " + ip + " ");
        }
        for (String name : names) {
            assertThat(redacted.out()).doesNotContain(name);
        }
        for (int port : ports) {
            assertThat(redacted.out()).doesNotContain("port " + port + ".").doesNotContain("port " + port + " ");
        }
        for (JsonNode n : redacted.records()) {
            for (JsonNode endpoint : n.findValues("server")) {
                if (endpoint.has("ip")) {
                    assertThat(ips).doesNotContain(endpoint.get("ip").asText());
                    assertThat(ports).doesNotContain(endpoint.get("port").asInt());
                }
            }
            for (JsonNode endpoint : n.findValues("client")) {
                assertThat(ips).doesNotContain(endpoint.get("ip").asText());
                assertThat(ports).doesNotContain(endpoint.get("port").asInt());
            }
        }
        // the refused sample's port 8443 is in the TLS list: its explanation keeps it
        assertThat(redacted.out()).contains("port 8443");
        Runs.Run text = Runs.run("analyze", "--redact", samples);
        for (String name : names) {
            assertThat(text.out()).doesNotContain(name);
        }
        assertThat(text.out()).doesNotContain("127.0.0.1").doesNotContain("[::1]");
        Runs.Run csv = Runs.run("analyze", "--format", "csv", "--redact", samples);
        assertThat(csv.out()).doesNotContain("127.0.0.1").doesNotContain("localhost");
    }

    @Test
    void pseudonymsAreStableWithinAReportAndAcrossRuns() {
        String samples = Paths.samples().toString();
        List<JsonNode> plain = Runs.run("analyze", "--format", "jsonl", samples).ofType("connection");
        Runs.Run first = Runs.run("analyze", "--format", "jsonl", "--redact", samples);
        Runs.Run second = Runs.run("analyze", "--format", "jsonl", "--redact", "--threads", "3", samples);
        assertThat(second.out()).isEqualTo(first.out());
        List<JsonNode> redacted = first.ofType("connection");
        assertThat(redacted).hasSameSizeAs(plain);
        Map<String, String> ipMap = new HashMap<>();
        Map<Integer, Integer> portMap = new HashMap<>();
        Map<String, String> nameMap = new HashMap<>();
        for (int i = 0; i < plain.size(); i++) {
            for (String side : List.of("client", "server")) {
                String real = plain.get(i).get(side).get("ip").asText();
                String pseudo = redacted.get(i).get(side).get("ip").asText();
                assertThat(ipMap.computeIfAbsent(real, k -> pseudo)).as(real).isEqualTo(pseudo);
                int realPort = plain.get(i).get(side).get("port").asInt();
                int pseudoPort = redacted.get(i).get(side).get("port").asInt();
                assertThat(portMap.computeIfAbsent(realPort, k -> pseudoPort)).isEqualTo(pseudoPort);
            }
            JsonNode h = plain.get(i).get("client_hello");
            if (!h.isNull() && h.hasNonNull("server_name")) {
                String pseudo = redacted.get(i).get("client_hello").get("server_name").asText();
                assertThat(pseudo).endsWith(".invalid");
                assertThat(nameMap.computeIfAbsent(h.get("server_name").asText(), k -> pseudo)).isEqualTo(pseudo);
            }
            // Everything else is kept.
            assertThat(redacted.get(i).get("outcome")).isEqualTo(plain.get(i).get("outcome"));
            assertThat(redacted.get(i).get("evidence").size()).isEqualTo(plain.get(i).get("evidence").size());
        }
        // Different real values, different pseudonyms.
        assertThat(new HashSet<>(ipMap.values())).hasSameSizeAs(ipMap.keySet());
        assertThat(new HashSet<>(portMap.values())).hasSameSizeAs(portMap.keySet());
        assertThat(ipMap.get("127.0.0.1")).matches("240\\.0\\.\\d+\\.\\d+");
        assertThat(ipMap.get("::1")).startsWith("2001:db8::");
    }
}
