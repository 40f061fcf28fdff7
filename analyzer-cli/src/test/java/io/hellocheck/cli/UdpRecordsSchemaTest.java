package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The QUIC and DTLS captures the core tests use ({@code analyzer-core/src/test/resources/io/hellocheck/udp},
 * made by the tools/make-*-capture(s).sh scripts) through the CLI: every JSON Lines record is valid against
 * {@code schema/records.schema.json}, and the QUIC and DTLS records carry the keys CONTRACT.md names.
 */
class UdpRecordsSchemaTest {

    @Test
    void quicAndDtlsRecordsAreValidAgainstTheSchema() throws IOException {
        Schema schema;
        try (InputStream in = Files.newInputStream(Paths.root().resolve("schema/records.schema.json"))) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
        Runs.Run r = Runs.run("analyze", "--format", "jsonl",
                Paths.root().resolve("analyzer-core/src/test/resources/io/hellocheck/udp").toString());
        List<String> transports = new ArrayList<>();
        for (JsonNode record : r.records()) {
            List<String> violations = new ArrayList<>();
            for (Error e : schema.validate(record)) {
                violations.add(e.toString());
            }
            assertThat(violations).as(record.toString()).isEmpty();
            if (record.get("type").asText().equals("connection")) {
                String transport = record.get("transport").asText();
                transports.add(transport);
                if (!transport.equals("tcp")) {
                    assertThat(record.get("tcp_stream").isNull()).isTrue();
                    assertThat(record.get("udp_stream").isInt()).isTrue();
                    assertThat(record.get("wireshark_filter").asText())
                            .isEqualTo("udp.stream eq " + record.get("udp_stream").asInt());
                    assertThat(record.get(transport).isObject()).isTrue();
                }
            }
        }
        // quic-fallback (QUIC and its TCP fallback), quic-alpn-refused, quic-retry; four DTLS captures
        assertThat(transports).containsExactlyInAnyOrder("quic", "tcp", "quic", "quic", "dtls", "dtls", "dtls", "dtls");
    }
}
