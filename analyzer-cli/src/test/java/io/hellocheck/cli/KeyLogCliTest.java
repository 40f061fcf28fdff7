package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --keylog}: decrypted alerts in the records, no secret in any output format, and a key log that is not one
 * is a usage error. Expected values are tshark's (sample-captures-keylog/EXPECTED.tsv: the server's fatal alert
 * 116 certificate_required in frame 11 of tls13-client-cert-missing.pcap).
 */
class KeyLogCliTest {
    private static final Path DIR = Paths.root().resolve("sample-captures-keylog");
    private static final Path PCAP = DIR.resolve("tls13-client-cert-missing.pcap");
    private static final Path KEYS = DIR.resolve("tls13-client-cert-missing.keys");

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0])).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> secrets() throws IOException {
        List<String> s = new ArrayList<>();
        for (String line : Files.readAllLines(KEYS)) {
            String[] v = line.trim().split("\\s+");
            if (v.length == 3) {
                s.add(v[2].toLowerCase());
                s.add(v[2].toLowerCase().substring(0, 16));
            }
        }
        return s;
    }

    @Test
    void theDecryptedAlertIsInTheRecordAndNoSecretInAnyFormat() throws IOException {
        Run r = run("analyze", "--format", "jsonl", "--keylog", KEYS.toString(), PCAP.toString());
        assertThat(r.code()).isEqualTo(1);
        JsonNode c = new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow());
        assertThat(c.get("outcome").asText()).isEqualTo("FAILED_AFTER_SERVER_HELLO");
        JsonNode a = c.get("alert");
        assertThat(a.get("description").asText()).isEqualTo("certificate_required");
        assertThat(a.get("code").asInt()).isEqualTo(116);
        assertThat(a.get("frame").asLong()).isEqualTo(11);
        assertThat(a.get("decrypted").asBoolean()).isTrue();
        assertThat(c.get("decryption").get("client_finished_frame").asLong()).isEqualTo(10);
        try (InputStream in = Files.newInputStream(Paths.root().resolve("schema/records.schema.json"))) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            for (String line : r.out().lines().toList()) {
                assertThat(schema.validate(new ObjectMapper().readTree(line))).as(line).isEmpty();
            }
        }
        for (String format : List.of("jsonl", "json", "csv", "text")) {
            for (boolean redact : new boolean[] {false, true}) {
                Run f = redact ? run("analyze", "--format", format, "--redact", "--keylog", KEYS.toString(), PCAP.toString())
                        : run("analyze", "--format", format, "--keylog", KEYS.toString(), PCAP.toString());
                for (String s : secrets()) {
                    assertThat(f.out().toLowerCase()).as(format).doesNotContain(s);
                    assertThat(f.err().toLowerCase()).as(format).doesNotContain(s);
                }
            }
        }
    }

    @Test
    void aFileWithoutSecretsIsAUsageError(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("not-a-keylog.txt");
        Files.writeString(bad, "hello\n");
        Run r = run("analyze", "--keylog", bad.toString(), PCAP.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("has no TLS secret line");
    }

    @Test
    void aKeyLogOfAnotherCaptureIsOneWarning() {
        Run r = run("analyze", "--format", "jsonl", "--keylog", DIR.resolve("tls13-curl-ok.keys").toString(),
                PCAP.toString());
        assertThat(r.out().lines().filter(l -> l.contains("\"type\":\"warning\"")).toList()).hasSize(1)
                .allMatch(l -> l.contains("matches none of the 1 TLS session"));
    }
}
