package io.hellocheck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hellocheck.HelloCheck;
import io.hellocheck.render.ReportFormat;
import io.hellocheck.render.ReportWriter;
import io.hellocheck.result.Alert;
import io.hellocheck.result.CaptureSummary;
import io.hellocheck.result.CipherOverlap;
import io.hellocheck.result.ClientHello;
import io.hellocheck.result.ClosedBy;
import io.hellocheck.result.ConnectionRecord;
import io.hellocheck.result.Endpoint;
import io.hellocheck.result.Evidence;
import io.hellocheck.result.Finding;
import io.hellocheck.result.ServerHello;
import io.hellocheck.result.ServerRecord;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each record's shape is said once: the keys the JSON writer emits over the sample captures, the result types'
 * accessors (camelCase for snake_case; a {@link Duration} accessor {@code rtt()} for a key {@code rtt_ms}) and
 * {@code schema/records.schema.json} are the same set, for the connection, server and capture summary records
 * and the objects inside a connection record that have a result type. What differs on purpose is listed
 * below, each with its reason.
 */
class RecordShapeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Every record's header, written by the writer and declared once at the schema's top. */
    private static final Set<String> HEADER = Set.of("type", "schema_version");

    /** JSON keys the Java type does not carry (yet): read them from the JSON writers' output. */
    private static final Map<String, Set<String>> NOT_IN_JAVA = Map.of(
            // nested objects without a result type yet, and the server's flight after its ServerHello
            "connection", Set.of("server_preamble", "preamble", "tcp", "quic", "dtls", "decryption",
                    "server_handshake_messages", "server_certificates", "server_certificate_count",
                    "server_key_exchange", "server_key_exchange_group", "certificate_request", "server_hello_done",
                    "new_session_ticket"),
            "client_hello", Set.of("grease", "key_shares", "post_quantum_key_share", "psk_offered", "psk_identities",
                    "psk_key_exchange_modes", "early_data", "padding_bytes", "session_ticket_bytes", "ech_present",
                    "server_name_is_outer", "sslv2_format", "cipher_suite_security", "anomalies", "ja3_string",
                    "ja4_r", "changed_from_first"),
            "server_hello", Set.of("cipher_suite_info", "key_share", "ja3s", "ja3s_string", "resumed", "resumption",
                    "encrypted_handshake", "selected_group"),
            // the comparisons with server profiles: the profile option is not in the API yet
            "cipher_overlap", Set.of("sources"),
            // an alert's description is one CodePoint: its name is JSON "description", its value JSON "code"
            "alert", Set.of("code"),
            "server", Set.of("accepted_cipher_suites_by_server_name", "top_diagnoses", "retries", "differences"),
            // "scope" is the constant "capture"; the rest are counts of the UDP and IP layers not typed yet
            "capture_summary", Set.of("scope", "quic_frames_not_analyzed", "dtls_frames_not_analyzed",
                    "unsupported_encapsulations", "encapsulations", "ip_fragments", "ip_datagrams_reassembled",
                    "ip_fragment_overlaps", "ip_datagrams_timed_out", "ip_datagrams_evicted", "ip_datagrams_invalid",
                    "ip_datagrams_incomplete"));

    /**
     * Keys no sample capture makes the writer emit: no sample has an undecodable ClientHello, and
     * {@code decrypted} is written only for an alert a key log decrypted (sample-captures-keylog/).
     */
    private static final Map<String, Set<String>> NOT_IN_SAMPLES = Map.of("client_hello", Set.of("decode_error"),
            "alert", Set.of("decrypted"));

    /** Keys of the objects of the JSON output, by the name of their definition in the schema. */
    private static final Map<String, Set<String>> WRITTEN = new LinkedHashMap<>();

    @BeforeAll
    static void writeTheSamples() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path samples = ApiBaselineTest.root().resolve("sample-captures");
        HelloCheck.builder().threads(2).build().analyze(List.of(samples), ReportWriter.of(ReportFormat.JSON_LINES, out));
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode r = MAPPER.readTree(line);
            switch (r.get("type").asText()) {
                case "connection" -> connection(r);
                case "server" -> keys("server", r);
                case "summary" -> {
                    if (r.get("scope").asText().equals("capture")) {
                        keys("capture_summary", r);
                    }
                }
                default -> { }
            }
        }
        assertThat(WRITTEN).containsKeys("connection", "server", "capture_summary", "client_hello", "server_hello",
                "alert", "closed_by", "cipher_overlap", "finding", "evidence", "endpoint");
    }

    private static void connection(JsonNode r) {
        keys("connection", r);
        keys("endpoint", r.get("client"));
        for (String k : List.of("client_hello", "retry_client_hello")) {
            keys("client_hello", r.get(k));
        }
        for (String k : List.of("server_hello", "hello_retry_request")) {
            keys("server_hello", r.get(k));
        }
        keys("alert", r.get("alert"));
        r.get("alerts").forEach(a -> keys("alert", a));
        keys("closed_by", r.get("closed_by"));
        keys("cipher_overlap", r.get("cipher_overlap"));
        r.get("evidence").forEach(e -> keys("evidence", e));
        r.get("diagnosis").forEach(f -> {
            keys("finding", f);
            f.get("evidence").forEach(e -> keys("evidence", e));
        });
    }

    private static void keys(String def, JsonNode o) {
        if (o == null || !o.isObject()) {
            return;
        }
        Set<String> set = WRITTEN.computeIfAbsent(def, k -> new TreeSet<>());
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!HEADER.contains(k) && !k.endsWith("_left_out")) {
                set.add(k);
            }
        }
    }

    /** The JSON keys a result type's accessors stand for. */
    static Set<String> javaKeys(Class<?> type) {
        Set<String> out = new TreeSet<>();
        for (Method m : type.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())
                    || m.getParameterCount() > 0 || Set.of("toString", "hashCode").contains(m.getName())) {
                continue;
            }
            boolean duration = m.getReturnType() == Duration.class || (m.getReturnType() == Optional.class
                    && m.getGenericReturnType().getTypeName().contains(Duration.class.getName()));
            out.add(snake(m.getName()) + (duration ? "_ms" : ""));
        }
        return out;
    }

    static String snake(String camel) {
        StringBuilder s = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                s.append('_').append(Character.toLowerCase(c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /**
     * The properties a definition of the schema declares (the object branch of a nullable one); for
     * {@code server_hello}, with those of {@code hello_retry_request}, whose keys the same Java type carries.
     */
    static Set<String> schemaKeys(String def) throws Exception {
        JsonNode schema = MAPPER.readTree(Files.readString(ApiBaselineTest.root().resolve("schema/records.schema.json")));
        JsonNode conn = schema.get("$defs").get("connection").get("properties");
        List<JsonNode> nodes = switch (def) {
            case "server_hello" -> List.of(conn.get("server_hello"), conn.get("hello_retry_request"));
            case "closed_by" -> List.of(conn.get("closed_by"));
            case "cipher_overlap" -> List.of(conn.get("cipher_overlap"));
            case "evidence" -> List.of(schema.get("$defs").get("finding").get("properties").get("evidence").get("items"));
            default -> List.of(schema.get("$defs").get(def));
        };
        Set<String> out = new TreeSet<>();
        for (JsonNode node : nodes) {
            if (node.has("oneOf")) {
                for (JsonNode branch : node.get("oneOf")) {
                    if (branch.has("properties")) {
                        node = branch;
                    }
                }
            }
            node.get("properties").fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    private static void check(String def, Class<?> type) throws Exception {
        Set<String> written = new TreeSet<>(WRITTEN.get(def));
        written.addAll(NOT_IN_SAMPLES.getOrDefault(def, Set.of()));
        Set<String> java = javaKeys(type);
        Set<String> stale = new TreeSet<>(NOT_IN_JAVA.getOrDefault(def, Set.of()));
        stale.retainAll(java);
        assertThat(stale).as("%s: NOT_IN_JAVA lists keys the Java type has: take them out of the list", def).isEmpty();
        java.addAll(NOT_IN_JAVA.getOrDefault(def, Set.of()));
        Set<String> schema = schemaKeys(def);
        assertThat(minus(written, java)).as("%s: written keys without an accessor (or NOT_IN_JAVA)", def).isEmpty();
        assertThat(minus(java, written)).as("%s: accessors (or NOT_IN_JAVA) never written", def).isEmpty();
        assertThat(minus(written, schema)).as("%s: written keys the schema lacks", def).isEmpty();
        assertThat(minus(java, schema)).as("%s: accessors the schema lacks", def).isEmpty();
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    @Test
    void connection() throws Exception {
        check("connection", ConnectionRecord.class);
    }

    @Test
    void server() throws Exception {
        check("server", ServerRecord.class);
    }

    @Test
    void captureSummary() throws Exception {
        check("capture_summary", CaptureSummary.class);
    }

    @Test
    void nestedObjects() throws Exception {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        types.put("client_hello", ClientHello.class);
        types.put("server_hello", ServerHello.class);
        types.put("alert", Alert.class);
        types.put("closed_by", ClosedBy.class);
        types.put("cipher_overlap", CipherOverlap.class);
        types.put("finding", Finding.class);
        types.put("evidence", Evidence.class);
        types.put("endpoint", Endpoint.class);
        for (Map.Entry<String, Class<?>> e : types.entrySet()) {
            check(e.getKey(), e.getValue());
        }
    }

}
