package io.hellocheck.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.tcp.Endpoint;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RedactorTest {

    static Path sample(String name) {
        String r = System.getProperty("hellocheck.root");
        return (r == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(r)).resolve("sample-captures")
                .resolve(name);
    }

    @Test
    void pseudonymsAreNumberedInOrderOfFirstAppearance() {
        Redactor r = new Redactor();
        assertThat(r.ip("192.168.1.10")).isEqualTo("240.0.0.1");
        assertThat(r.ip("2001:db8:1::5")).isEqualTo("2001:db8::1");
        assertThat(r.ip("10.0.0.1")).isEqualTo("240.0.0.2");
        assertThat(r.ip("192.168.1.10")).isEqualTo("240.0.0.1");
        // 443 is in CONTRACT.md's list of well-known TLS ports, 22 is under 1024: both identify nothing and are kept
        assertThat(r.port(443)).isEqualTo(443);
        assertThat(r.port(22)).isEqualTo(22);
        assertThat(r.port(51000)).isEqualTo(1025);
        assertThat(r.port(51001)).isEqualTo(1026);
        assertThat(r.port(51000)).isEqualTo(1025);
        assertThat(r.serverName("Example.COM")).isEqualTo("server-1.invalid");
        assertThat(r.serverName("example.com")).isEqualTo("server-1.invalid");
        assertThat(r.endpoint(new Endpoint("10.0.0.1", 51000))).isEqualTo(new Endpoint("240.0.0.2", 1025));
    }

    @Test
    void freeTextLosesAddressesPortsNamesAndServerBytes() throws IOException {
        HelloCheck analyzer = HelloCheck.builder().build();
        Redactor r = new Redactor();
        CaptureResult refused = r.redact(analyzer.analyze(sample("tcp-refused-8443.pcap")));
        // 8443 is in CONTRACT.md's list of TLS ports: kept, in the reason too; the client's port is replaced
        ConnectionRecord c = refused.connections().get(0);
        assertThat(c.outcomeReason()).contains("port 8443.");
        assertThat(c.server().port()).isEqualTo(8443);
        assertThat(c.client().port()).isEqualTo(1025);
        ConnectionRecord alert = r.redact(analyzer.analyze(sample("server-alert-40-tls13.pcap")).connections().get(0));
        assertThat(alert.clientHello().hello().serverName()).isEqualTo("server-1.invalid");
        assertThat(alert.evidence()).extracting(Evidence::what).noneMatch(w -> w.contains("localhost"))
                .anyMatch(w -> w.contains("SNI server-1.invalid"));
        ConnectionRecord http = r.redact(analyzer.analyze(sample("non-tls-http-response.pcap")).connections().get(0));
        assertThat(http.evidence()).extracting(Evidence::what)
                .anyMatch(w -> w.startsWith("server answered with non-TLS bytes (HTTP): (redacted)"))
                .noneMatch(w -> w.contains("HTTP/1."));
    }

    @Test
    void csvCellsNeverStartLikeAFormula() throws IOException {
        HelloCheck analyzer = HelloCheck.builder().build();
        ConnectionRecord c = analyzer.analyze(sample("tls13-ok.pcap")).connections().get(0);
        var node = JsonRecords.connection(c);
        node.put("outcome_reason", "=HYPERLINK(\"http://x\")");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("client_hello")).put("server_name", "@evil");
        var row = CsvRecords.row(node);
        int reason = CsvRecords.COLUMNS.stream().map(x -> x[0]).toList().indexOf("outcome_reason");
        int sni = CsvRecords.COLUMNS.stream().map(x -> x[0]).toList().indexOf("client_hello_server_name");
        assertThat(row.get(reason)).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(row.get(sni)).isEqualTo("'@evil");
    }
}
