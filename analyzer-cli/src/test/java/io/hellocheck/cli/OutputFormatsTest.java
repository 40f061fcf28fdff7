package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.hellocheck.report.CsvRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The output formats: the same output whatever --threads, JSON Lines and the JSON document valid against
 * schema/records.schema.json, CSV read back.
 */
class OutputFormatsTest {
    @TempDir
    static Path dir;
    static Path mixed;
    static Schema schema;

    @BeforeAll
    static void setUp() throws IOException {
        mixed = ArchiveCliTest.mixedFolder(Files.createDirectories(dir.resolve("mixed")));
        // A capture cut short, for warning records.
        TestArchives.write(mixed.resolve("cut.pcap"), TestArchives.cut("tls13-ok.pcap", 3000));
        try (InputStream in = Files.newInputStream(Paths.root().resolve("schema/records.schema.json"))) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "json", "text", "csv"})
    void theOutputIsTheSameWhateverTheNumberOfThreads(String format) {
        String samples = Paths.samples().toString();
        Runs.Run one = Runs.run("analyze", "--format", format, "--threads", "1", samples, mixed.toString());
        Runs.Run four = Runs.run("analyze", "--format", format, "--threads", "4", samples, mixed.toString());
        assertThat(one.code()).isEqualTo(2);
        assertThat(four.code()).isEqualTo(one.code());
        assertThat(four.out()).isEqualTo(one.out());
        assertThat(four.err()).isEqualTo(one.err());
        Runs.Run redacted1 = Runs.run("analyze", "--format", format, "--threads", "1", "--redact", samples);
        Runs.Run redacted4 = Runs.run("analyze", "--format", format, "--threads", "4", "--redact", samples);
        assertThat(redacted4.out()).isEqualTo(redacted1.out());
    }

    private static List<String> violations(JsonNode record) {
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(record)) {
            out.add(e.toString());
        }
        return out;
    }

    @Test
    void everyJsonLinesRecordIsValidAgainstTheSchema() {
        Runs.Run r = Runs.run("analyze", "--format", "jsonl", Paths.samples().toString(), mixed.toString());
        List<JsonNode> records = r.records();
        assertThat(records).extracting(n -> n.get("type").asText())
                .contains("connection", "server", "summary", "warning", "error");
        for (JsonNode record : records) {
            assertThat(violations(record)).as(record.toString()).isEmpty();
        }
    }

    @Test
    void theSchemaRejectsRecordsThatBreakTheContract() throws IOException {
        Runs.Run r = Runs.run("analyze", "--format", "jsonl", Paths.samples().resolve("tls13-ok.pcap").toString());
        com.fasterxml.jackson.databind.node.ObjectNode c = (com.fasterxml.jackson.databind.node.ObjectNode)
                r.ofType("connection").get(0).deepCopy();
        assertThat(violations(c)).isEmpty();
        c.remove("wireshark_filter");
        assertThat(violations(c)).isNotEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode d = (com.fasterxml.jackson.databind.node.ObjectNode)
                r.ofType("connection").get(0).deepCopy();
        d.put("outcome", "MAYBE");
        assertThat(violations(d)).isNotEmpty();
    }

    @Test
    void theJsonDocumentHoldsInputsRecordsAndOneSummary() throws IOException {
        Runs.Run r = Runs.run("analyze", "--format", "json", Paths.samples().toString(), mixed.toString());
        assertThat(r.code()).isEqualTo(2);
        JsonNode doc = Runs.JSON.readTree(r.out());
        assertThat(doc.get("schema_version").asInt()).isEqualTo(1);
        assertThat(doc.get("tool").asText()).startsWith("hellocheck ");
        assertThat(doc.get("inputs")).anySatisfy(i -> assertThat(i.asText()).endsWith("bundle.zip"));
        assertThat(doc.get("inputs")).noneSatisfy(i -> assertThat(i.asText()).endsWith("README.md"));
        JsonNode jsonl = Runs.run("analyze", "--format", "jsonl", Paths.samples().toString(), mixed.toString())
                .batchSummary();
        assertThat(doc.get("summary")).isEqualTo(jsonl);
        assertThat(violations(doc.get("summary"))).isEmpty();
        for (JsonNode record : doc.get("records")) {
            assertThat(violations(record)).as(record.toString()).isEmpty();
            assertThat(record.path("scope").asText()).isNotEqualTo("batch");
        }
        assertThat(doc.get("records")).hasSize(Runs.run("analyze", "--format", "jsonl", Paths.samples().toString(),
                mixed.toString()).records().size() - 1);
    }

    @Test
    void csvReadsBackAsOneRowPerConnectionRecord() throws IOException {
        String samples = Paths.samples().toString();
        Runs.Run csv = Runs.run("analyze", "--format", "csv", samples);
        assertThat(csv.code()).isEqualTo(1);
        List<JsonNode> connections = Runs.run("analyze", "--format", "jsonl", samples).ofType("connection");
        CsvMapper mapper = new CsvMapper();
        List<Map<String, String>> rows;
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.out())) {
            rows = it.readAll();
        }
        assertThat(rows).hasSize(connections.size());
        assertThat(rows.get(0).keySet()).containsExactlyElementsOf(
                CsvRecords.COLUMNS.stream().map(c -> c[0]).toList());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            JsonNode c = connections.get(i);
            assertThat(row.get("capture")).isEqualTo(c.get("capture").asText());
            assertThat(row.get("tcp_stream")).isEqualTo(c.get("tcp_stream").asText());
            assertThat(row.get("outcome")).isEqualTo(c.get("outcome").asText());
            assertThat(row.get("outcome_reason")).isEqualTo(c.get("outcome_reason").asText());
            assertThat(row.get("client_ip")).isEqualTo(c.get("client").get("ip").asText());
            assertThat(row.get("server_port")).isEqualTo(c.get("server").get("port").asText());
            assertThat(row.get("failed")).isEqualTo(c.get("failed").asText());
            if (c.get("client_hello").isNull()) {
                assertThat(row.get("client_hello_frame")).isEmpty();
            } else {
                JsonNode h = c.get("client_hello");
                assertThat(row.get("client_hello_frame")).isEqualTo(h.get("frame").asText());
                assertThat(row.get("client_hello_server_name"))
                        .isEqualTo(h.get("server_name").isNull() ? "" : h.get("server_name").asText());
                List<String> suites = new ArrayList<>();
                h.get("cipher_suites").forEach(s -> suites.add(s.asText()));
                assertThat(row.get("client_hello_cipher_suites")).isEqualTo(String.join(" ", suites));
            }
            if (!c.get("alert").isNull()) {
                assertThat(row.get("alert_description")).isEqualTo(c.get("alert").get("description").asText());
            }
        }
        Runs.Run failures = Runs.run("analyze", "--format", "csv", "--only-failures", samples);
        assertThat(failures.out().lines().count() - 1)
                .isEqualTo(connections.stream().filter(c -> c.get("failed").asBoolean()).count());
    }
}
