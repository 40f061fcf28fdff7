package io.hellocheck.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint keys of the connection record: {@code ja3}, {@code ja3_string}, {@code ja4}, {@code ja4_r}
 * in {@code client_hello}, {@code ja3s}, {@code ja3s_string} in {@code server_hello}. The JA3/JA3S values
 * are tshark's for the same sample captures:
 * {@code tshark -n -r FILE -Y 'tls.handshake.type==1 || tls.handshake.type==2' -T fields -e frame.number
 * -e tls.handshake.ja3 -e tls.handshake.ja3_full -e tls.handshake.ja3s -e tls.handshake.ja3s_full}
 * (TShark 4.0.17).
 */
class JsonRecordsFingerprintTest {

    private static Path sample(String name) {
        String root = System.getProperty("hellocheck.root");
        Path r = root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
        return r.resolve("sample-captures").resolve(name);
    }

    private static JsonNode connection(String name) throws IOException {
        List<ConnectionRecord> records = HelloCheck.builder().build().analyze(sample(name)).connections();
        assertThat(records).hasSize(1);
        return JsonRecords.connection(records.get(0));
    }

    @Test
    void clientHelloCarriesJa3AndJa4() throws IOException {
        JsonNode h = connection("server-alert-40-tls13-ipv6.pcap").get("client_hello");
        assertThat(h.get("ja3").asText()).isEqualTo("3e0b1bcdface5824963e725d9be6a5d3");
        assertThat(h.get("ja3_string").asText())
                .isEqualTo("771,4865-255,0-11-10-35-22-23-13-43-45-51,29-23-30-25-24-256-257-258-259-260,0-1-2");
        // JA4 from the same lists: TLS 1.3, SNI, 2 suites, 10 extensions, no ALPN; suites and extensions
        // (without server_name) in sorted hex, then the signature algorithms
        assertThat(h.get("ja4").asText()).matches("t13d021000_[0-9a-f]{12}_[0-9a-f]{12}");
        assertThat(h.get("ja4_r").asText()).startsWith("t13d021000_00ff,1301_000a,000b,000d,0016,0017,0023,002b,"
                + "002d,0033_");
    }

    @Test
    void serverHelloCarriesJa3s() throws IOException {
        JsonNode c = connection("client-alert-48-unknown-ca-tls12.pcap");
        assertThat(c.get("client_hello").get("ja3").asText()).isEqualTo("871a754af286dfb70c1b53c6887c62e0");
        JsonNode s = c.get("server_hello");
        assertThat(s.get("ja3s").asText()).isEqualTo("ec74a5c51106f0419184d0dd08fb05bc");
        assertThat(s.get("ja3s_string").asText()).isEqualTo("771,49200,65281-11-35-23");
    }
}
