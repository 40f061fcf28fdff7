package io.hellocheck.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.ServerRecord;
import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tls.Preamble;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code --redact} replaces identifying values and nothing else: for every sample capture, the JSON of each
 * record with and without redaction differs only at the paths of {@link #CONNECTION_PATHS} and
 * {@link #SERVER_PATHS}. A field added to a record later, and dropped or changed by the {@link Redactor}, fails
 * here; so does a real name or address that survives redaction.
 */
class RedactionKeepsFactsTest {

    /** The paths of a connection record that carry identifying values (README's redaction paragraph). */
    static final Set<String> CONNECTION_PATHS = Set.of(
            "client.ip", "client.port", "server.ip", "server.port",
            "outcome_reason",
            "client_hello.server_name", "retry_client_hello.server_name",
            "evidence[].what",
            "diagnosis[].explanation", "diagnosis[].next_step", "diagnosis[].evidence[].what",
            "server_preamble.first_bytes",
            "server_certificates[].sha256", "server_certificates[].serial",
            "server_certificates[].subject", "server_certificates[].issuer",
            "server_certificates[].san_dns[]", "server_certificates[].san_ip[]",
            "preamble.client_command", "preamble.server_reply", "preamble.target",
            "preamble.proxied_source.ip", "preamble.proxied_source.port",
            "preamble.proxied_destination.ip", "preamble.proxied_destination.port");

    /** The paths of a server record that carry identifying values ({@code {}} stands for a server name key). */
    static final Set<String> SERVER_PATHS = Set.of(
            "server.ip", "server.port", "server_names[]", "accepted_cipher_suites_by_server_name.{}",
            "retries[].differences[]", "differences[].factor", "differences[].finding");

    /** Objects whose keys are server names: compared by their values in order, keys written as {@code {}}. */
    static final Set<String> NAME_KEYED = Set.of("accepted_cipher_suites_by_server_name");

    static List<Path> captures() throws IOException {
        try (Stream<Path> s = Files.list(RedactorTest.sample("."))) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.pcap(ng)?(\\.gz)?"))
                    .sorted().toList();
        }
    }

    static CaptureResult analyze(Path p) throws IOException {
        HelloCheck analyzer = HelloCheck.builder().build();
        if (!p.toString().endsWith(".gz")) {
            return analyzer.analyze(p);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return analyzer.analyze(in, p.toString());
        }
    }

    @Test
    void onlyIdentifyingValuesDifferInEveryRecordOfEverySample() throws IOException {
        List<Path> captures = captures();
        assertThat(captures).hasSizeGreaterThan(15);
        TreeMap<String, String> unexpected = new TreeMap<>();
        Set<String> differing = new TreeSet<>();
        int records = 0;
        for (Path p : captures) {
            CaptureResult plain = analyze(p);
            // one Redactor per report, as the command line does; the same analysis twice so that no
            // record is shared between the two sides
            CaptureResult redacted = new Redactor().redact(analyze(p));
            assertThat(redacted.connections()).hasSameSizeAs(plain.connections());
            assertThat(redacted.servers()).hasSameSizeAs(plain.servers());
            for (int i = 0; i < plain.connections().size(); i++) {
                ConnectionRecord a = plain.connections().get(i);
                JsonNode x = JsonRecords.connection(a);
                JsonNode y = JsonRecords.connection(redacted.connections().get(i));
                String where = p.getFileName() + " stream " + a.tcpStream() + ": ";
                collect(x, y, "", CONNECTION_PATHS, where, unexpected, differing);
                assertNoRealNames(a, y.toString(), where);
                records++;
            }
            for (int i = 0; i < plain.servers().size(); i++) {
                ServerRecord s = plain.servers().get(i);
                JsonNode x = RecordTrees.server(p.toString(), s);
                JsonNode y = RecordTrees.server(p.toString(), redacted.servers().get(i));
                collect(x, y, "", SERVER_PATHS, p.getFileName() + " server " + s.server() + ": ", unexpected,
                        differing);
                assertThat(y.toString()).doesNotContain("localhost").doesNotContain("127.0.0.1");
                records++;
            }
            assertThat(RecordTrees.summary(redacted.summary())).isEqualTo(RecordTrees.summary(plain.summary()));
        }
        assertThat(unexpected).as("facts changed by redaction (path: plain => redacted)").isEmpty();
        assertThat(records).isGreaterThan(30);
        // the identifying values are replaced, not merely allowed to be
        assertThat(differing).contains("client.ip", "server.port", "client_hello.server_name",
                "server_certificates[].subject", "server_certificates[].issuer", "server_certificates[].san_dns[]",
                "server_names[]");
    }

    /** The names and addresses of the plain record appear nowhere in the redacted one's JSON. */
    private static void assertNoRealNames(ConnectionRecord a, String redacted, String where) {
        List<String> real = new ArrayList<>();
        for (String ip : List.of(a.client().ip(), a.server().ip())) {
            real.add("\"" + ip + "\"");
            real.add(" " + ip);
        }
        if (a.clientHello() != null && a.clientHello().hello() != null && a.clientHello().hello().serverName() != null) {
            real.add("\"" + a.clientHello().hello().serverName());
            real.add(" " + a.clientHello().hello().serverName());
        }
        if (a.serverFlight() != null) {
            a.serverFlight().certificates().forEach(c -> {
                if (c.subject() != null) {
                    real.add(c.subject());
                    real.add(String.valueOf(c.issuer()));
                    real.add("O=");
                }
                c.sanDns().forEach(n -> real.add("\"" + n + "\""));
                c.sanIp().forEach(n -> real.add("\"" + n + "\""));
                if (c.sha256() != null) {
                    real.add(c.sha256());
                }
            });
        }
        for (String r : real) {
            assertThat(redacted).as(where + "redacted record contains " + r).doesNotContain(r);
        }
    }

    /** Records in {@code unexpected} each path outside {@code allowed} where {@code x} and {@code y} differ. */
    private static void collect(JsonNode x, JsonNode y, String path, Set<String> allowed, String where,
                                TreeMap<String, String> unexpected, Set<String> differing) {
        if (x.isObject() && y.isObject()) {
            String last = path.substring(path.lastIndexOf('.') + 1);
            if (NAME_KEYED.contains(last)) {
                List<JsonNode> xv = new ArrayList<>();
                List<JsonNode> yv = new ArrayList<>();
                x.elements().forEachRemaining(xv::add);
                y.elements().forEachRemaining(yv::add);
                note(path + ".{}", allowed, where, "keys " + fieldNames(x), "keys " + fieldNames(y), unexpected,
                        differing, !fieldNames(x).equals(fieldNames(y)));
                note(path + " (values)", Set.of(), where, xv.toString(), yv.toString(), unexpected, differing,
                        !xv.equals(yv));
                return;
            }
            List<String> xk = fieldNames(x);
            List<String> yk = fieldNames(y);
            if (!xk.equals(yk)) {
                note(path + " (keys)", Set.of(), where, xk.toString(), yk.toString(), unexpected, differing, true);
            }
            for (String k : xk) {
                if (y.has(k)) {
                    collect(x.get(k), y.get(k), path.isEmpty() ? k : path + "." + k, allowed, where, unexpected,
                            differing);
                }
            }
            return;
        }
        if (x.isArray() && y.isArray() && x.size() == y.size()) {
            for (int i = 0; i < x.size(); i++) {
                collect(x.get(i), y.get(i), path + "[]", allowed, where, unexpected, differing);
            }
            return;
        }
        note(path, allowed, where, x.toString(), y.toString(), unexpected, differing, !x.equals(y));
    }

    private static void note(String path, Set<String> allowed, String where, String x, String y,
                             TreeMap<String, String> unexpected, Set<String> differing, boolean differs) {
        if (!differs) {
            return;
        }
        differing.add(path);
        if (!allowed.contains(path)) {
            unexpected.putIfAbsent(path, where + x + " => " + y);
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    static ConnectionRecord stream(CaptureResult r, int stream) {
        return r.connections().stream().filter(c -> c.tcpStream() == stream).findFirst().orElseThrow();
    }

    @Test
    void resumptionAndServerFlightSurviveRedaction() throws IOException {
        JsonNode resumed = JsonRecords.connection(new Redactor().redact(
                stream(analyze(RedactorTest.sample("tls13-resumption.pcap")), 1)));
        assertThat(resumed.at("/server_hello/resumed").asBoolean()).isTrue();
        assertThat(resumed.at("/server_hello/resumption").asText()).isEqualTo("psk");
        assertThat(resumed.at("/server_hello/encrypted_handshake").asBoolean()).isTrue();
        assertThat(resumed.at("/client_hello/psk_identities").asInt()).isEqualTo(1);
        assertThat(resumed.at("/client_hello/psk_key_exchange_modes")).isNotEmpty();
        assertThat(resumed.at("/server_handshake_messages")).isNotEmpty();

        ConnectionRecord tls12 = analyze(RedactorTest.sample("tls12-ok.pcap")).connections().get(0);
        JsonNode plain = JsonRecords.connection(tls12);
        JsonNode red = JsonRecords.connection(new Redactor().redact(tls12));
        assertThat(red.at("/server_hello_done").asBoolean()).isTrue();
        assertThat(red.get("server_key_exchange")).isEqualTo(plain.get("server_key_exchange")).isNotNull();
        assertThat(red.get("server_key_exchange").isNull()).isFalse();
        assertThat(red.get("server_certificate_count")).isEqualTo(plain.get("server_certificate_count"));
        JsonNode leaf = red.at("/server_certificates/0");
        assertThat(leaf.get("subject").asText()).isEqualTo("CN=server-1.invalid");
        assertThat(leaf.get("issuer").asText()).matches("CN=server-\\d+\\.invalid");
        assertThat(leaf.get("san_dns").get(0).asText()).isEqualTo("server-1.invalid");
        for (String kept : List.of("key_type", "key_bits", "not_before", "not_after", "expired", "not_yet_valid",
                "signature_algorithm", "self_signed", "ca", "matches_sni", "length_bytes")) {
            assertThat(leaf.get(kept)).as(kept).isEqualTo(plain.at("/server_certificates/0").get(kept));
        }
        assertThat(red.get("evidence").toString()).contains("leaf CN=server-1.invalid").doesNotContain("O=");
    }

    @Test
    void aWildcardMatchIsKeptThoughThePseudonymsNoLongerMatch() throws IOException {
        // the leaf's match with the SNI is judged before the names are replaced
        ConnectionRecord r = analyze(RedactorTest.sample("tls12-ok.pcap")).connections().get(0);
        ConnectionRecord red = new Redactor().redact(r);
        String sni = r.clientHello().hello().serverName();
        assertThat(red.serverFlight().leafMatchesSni(red.clientHello().hello().serverName()))
                .isEqualTo(r.serverFlight().leafMatches(sni));
    }

    @Test
    void aPreambleKeepsItsFactsAndLosesItsNames() throws IOException {
        ConnectionRecord r = analyze(RedactorTest.sample("tls13-ok.pcap")).connections().get(0);
        Preamble p = new Preamble("PROXY v1, HTTP CONNECT", List.of(4L, 6L), 120,
                "CONNECT secret.example.com:8443 HTTP/1.1", "HTTP/1.1 200 Connection established at proxy.corp",
                200, "secret.example.com:8443", new Endpoint("198.51.100.7", 50123),
                new Endpoint("203.0.113.9", 8443), true);
        ConnectionRecord with = new ConnectionRecord(r.capture(), r.tcpStream(), r.client(), r.server(),
                r.startTimeNanos(), r.timeDigits(), r.outcome(), r.outcomeReason(), r.clientHello(),
                r.retryClientHello(), r.serverHello(), r.helloRetryRequest(), r.serverReactionNanos(), r.alert(),
                r.alerts(), r.closedBy(), r.evidence(), r.cipherOverlap(), r.serverPreamble(), r.partial(),
                r.clientMissedBytes(), r.serverMissedBytes(), r.rttNanos(), r.tcp(), r.diagnosis(), r.serverFlight(),
                p, r.wiresharkFilter(), r.clientWaitNanos(), r.udp(), r.decryption(), r.alertsLeftOut());
        TreeMap<String, String> unexpected = new TreeMap<>();
        Set<String> differing = new TreeSet<>();
        JsonNode red = JsonRecords.connection(new Redactor().redact(with));
        collect(JsonRecords.connection(with), red, "", CONNECTION_PATHS, "", unexpected, differing);
        assertThat(unexpected).isEmpty();
        assertThat(differing).contains("preamble.target", "preamble.client_command", "preamble.server_reply",
                "preamble.proxied_source.ip", "preamble.proxied_source.port");
        // 8443 is in CONTRACT.md's list of TLS ports: it identifies nothing and is kept; 50123 is replaced
        assertThat(red.at("/preamble/proxied_destination/port").asInt()).isEqualTo(8443);
        String json = red.get("preamble").toString();
        assertThat(json).doesNotContain("secret").doesNotContain("50123").doesNotContain("198.51.100.7")
                .doesNotContain("proxy.corp").contains("\"status_code\":200").contains("\"tls_started\":true");
        assertThat(red.at("/preamble/target").asText()).matches("server-\\d+\\.invalid:8443");
        assertThat(red.at("/preamble/client_command").asText())
                .isEqualTo("CONNECT " + red.at("/preamble/target").asText() + " HTTP/1.1");
    }
}
