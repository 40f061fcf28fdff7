package io.hellocheck.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hellocheck.cli.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import javax.tools.ToolProvider;

/**
 * The analysis on Spark (local[2], one session for the class, one run over the sample captures, a tar.gz of two
 * of them, a file that is no capture and a missing path), against the command line's JSON Lines on the same
 * inputs and against sample-captures/EXPECTED.tsv (what each scenario was made to do).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkHelloCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private SparkSession spark;
    private SparkHelloCheck.Output output;
    private List<String> inputs;
    private Path samples;
    /** EXPECTED.tsv's rows: file, tcp_stream, client, server, outcome, ... */
    private List<String[]> expected;

    @BeforeAll
    void run() throws IOException {
        String root = System.getProperty("hellocheck.root");
        samples = (root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root)).resolve("sample-captures");
        expected = new ArrayList<>();
        for (String line : Files.readAllLines(samples.resolve("EXPECTED.tsv"))) {
            if (!line.isBlank() && !line.startsWith("file\t")) {
                expected.add(line.split("\t"));
            }
        }
        Path extra = Files.createDirectories(tmp.resolve("extra"));
        tarGz(extra.resolve("two.tar.gz"), "server-reset.pcap", "tls13-resumption.pcap");
        Files.writeString(extra.resolve("notes.pcap"), "not a capture\n");
        inputs = List.of(samples.toString(), extra.resolve("two.tar.gz").toString(),
                extra.resolve("notes.pcap").toString(), tmp.resolve("missing.pcap").toString());
        spark = SparkSession.builder().master("local[2]").appName("hellocheck-test")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        output = SparkHelloCheck.run(spark, inputs, tmp.resolve("out").toString());
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private void tarGz(Path file, String... captures) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (String c : captures) {
                byte[] bytes = Files.readAllBytes(samples.resolve(c));
                TarArchiveEntry e = new TarArchiveEntry(c);
                e.setSize(bytes.length);
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
    }

    /** The lines of the JSON Lines part files under {@code dir}, parsed. */
    private static List<ObjectNode> lines(Path dir) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    out.add((ObjectNode) JSON.readTree(line));
                }
            }
        }
        return out;
    }

    /**
     * "extra/two.tar.gz/server-reset.pcap 0": the record's capture from its input folder on (without the
     * temporary folder, the URI scheme or the path form), and its stream.
     */
    private static String key(JsonNode r) {
        String capture = r.get("capture").asText();
        int at = Math.max(capture.lastIndexOf("sample-captures/"), capture.lastIndexOf("extra/"));
        return capture.substring(at) + " " + r.get("tcp_stream").asInt();
    }

    private Map<String, ObjectNode> byKey(List<ObjectNode> records) {
        Map<String, ObjectNode> m = new TreeMap<>();
        for (ObjectNode r : records) {
            assertThat(m.put(key(r), r)).as("one record per capture and stream: %s", key(r)).isNull();
        }
        return m;
    }

    @Test
    void connectionRecordsAreTheCommandLinesRecordForRecord() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("analyze", "--format", "jsonl"));
        args.addAll(inputs);
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        new Cli(out, err, new ByteArrayInputStream(new byte[0])).run(args.toArray(String[]::new));
        List<ObjectNode> cli = new ArrayList<>();
        List<String> cliErrors = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            ObjectNode r = (ObjectNode) JSON.readTree(line);
            if (r.get("type").asText().equals("connection")) {
                cli.add(r);
            } else if (r.get("type").asText().equals("error")) {
                cliErrors.add(r.get("kind").asText());
            }
        }
        Map<String, ObjectNode> fromCli = byKey(cli);
        Map<String, ObjectNode> fromSpark = byKey(lines(tmp.resolve("out/connections")));
        // EXPECTED.tsv's 19 connections, and the 3 of the two captures in the tar.gz
        assertThat(fromCli).hasSize(expected.size() + 3);
        assertThat(fromSpark.keySet()).isEqualTo(fromCli.keySet());
        for (String k : fromCli.keySet()) {
            ObjectNode a = fromCli.get(k).deepCopy();
            ObjectNode b = fromSpark.get(k).deepCopy();
            assertThat(b.get("capture").asText()).startsWith("file:/");
            a.remove("capture");
            b.remove("capture");
            assertThat(b).as(k).isEqualTo(a);
        }
        List<String> sparkErrors = new ArrayList<>();
        lines(tmp.resolve("out/errors")).forEach(e -> sparkErrors.add(e.get("kind").asText()));
        assertThat(sparkErrors).containsExactlyInAnyOrder("not_a_capture", "missing");
        assertThat(cliErrors).containsExactlyInAnyOrderElementsOf(sparkErrors);
    }

    @Test
    void parquetRecordsHaveTheOutcomesOfExpectedTsv() {
        Map<String, String> outcomes = new HashMap<>();
        for (Row r : output.connections().select("capture", "tcp_stream", "outcome").collectAsList()) {
            String capture = r.getString(0);
            if (!capture.contains(".tar.gz")) {
                outcomes.put(capture.substring(capture.lastIndexOf('/') + 1) + " " + r.getLong(1), r.getString(2));
            }
        }
        Map<String, String> want = new HashMap<>();
        for (String[] e : expected) {
            want.put(e[0] + " " + e[1], e[4]);
        }
        assertThat(outcomes).isEqualTo(want);
        // nested structs with the JSON keys' names
        assertThat(output.connections().schema().apply("client_hello").dataType().typeName()).isEqualTo("struct");
        assertThat(output.connections().schema().apply("server").dataType().catalogString())
                .isEqualTo("struct<ip:string,port:bigint>");
    }

    /**
     * The Parquet file holds what the JSON lines hold, key for key: each Parquet row written back as JSON (Spark's
     * {@code toJSON}, which leaves null fields out) equals its JSON line with its nulls left out and its numbers
     * compared by value. A key the JSON Schema does not list (so not in the DataFrame's schema) fails here.
     */
    @Test
    void parquetRecordsHoldEveryKeyOfTheJsonLines() throws IOException {
        Map<String, ObjectNode> fromLines = byKey(lines(tmp.resolve("out/connections")));
        List<ObjectNode> parquet = new ArrayList<>();
        for (String json : output.connections().toJSON().collectAsList()) {
            parquet.add((ObjectNode) JSON.readTree(json));
        }
        Map<String, ObjectNode> fromParquet = byKey(parquet);
        assertThat(fromParquet.keySet()).isEqualTo(fromLines.keySet());
        for (String k : fromLines.keySet()) {
            assertThat(normalized(fromParquet.get(k))).as(k).isEqualTo(normalized(fromLines.get(k)));
        }
    }

    /** {@code node} without its null fields, numbers as their decimal value without trailing zeros. */
    private static JsonNode normalized(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    o.set(e.getKey(), normalized(e.getValue()));
                }
            });
            return o;
        } else if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = JSON.createArrayNode();
            node.forEach(v -> a.add(normalized(v)));
            return a;
        } else if (node.isNumber()) {
            return JSON.getNodeFactory().textNode(node.decimalValue().stripTrailingZeros().toPlainString());
        }
        return node;
    }

    @Test
    void serverRecordsPoolEveryFile() throws IOException {
        // per server of EXPECTED.tsv: connections, failed ones, captures, outcome counts; plus the tar.gz's
        // server-reset (127.0.0.1:443) and the two of tls13-resumption (127.0.0.1:4433)
        Map<String, long[]> want = new TreeMap<>();
        Map<String, Map<String, Long>> wantOutcomes = new TreeMap<>();
        Map<String, Set<String>> files = new TreeMap<>();
        List<String[]> rows = new ArrayList<>(expected);
        for (String[] e : expected) {
            if (e[0].equals("server-reset.pcap") || e[0].equals("tls13-resumption.pcap")) {
                String[] copy = e.clone();
                copy[0] = "two.tar.gz/" + e[0];
                rows.add(copy);
            }
        }
        for (String[] e : rows) {
            String server = e[3];
            long[] c = want.computeIfAbsent(server, k -> new long[2]);
            c[0]++;
            c[1] += e[4].equals("COMPLETED") ? 0 : 1;
            wantOutcomes.computeIfAbsent(server, k -> new TreeMap<>()).merge(e[4], 1L, Long::sum);
            files.computeIfAbsent(server, k -> new HashSet<>()).add(e[0]);
        }
        Map<String, long[]> got = new TreeMap<>();
        Map<String, Map<String, Long>> gotOutcomes = new TreeMap<>();
        Map<String, Long> captures = new TreeMap<>();
        for (ObjectNode s : lines(tmp.resolve("out/servers"))) {
            String ip = s.get("server").get("ip").asText();
            String server = (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + s.get("server").get("port").asInt();
            assertThat(got.put(server, new long[] {s.get("connections").asLong(), s.get("failed").asLong()})).isNull();
            Map<String, Long> o = new TreeMap<>();
            s.get("outcomes").fields().forEachRemaining(f -> o.put(f.getKey(), f.getValue().asLong()));
            gotOutcomes.put(server, o);
            captures.put(server, s.get("captures").asLong());
        }
        assertThat(got.keySet()).isEqualTo(want.keySet());
        want.forEach((k, v) -> assertThat(got.get(k)).as(k).containsExactly(v));
        assertThat(gotOutcomes).isEqualTo(wantOutcomes);
        Map<String, Long> wantCaptures = new TreeMap<>();
        files.forEach((k, v) -> wantCaptures.put(k, (long) v.size()));
        assertThat(captures).isEqualTo(wantCaptures);
    }

    @Test
    void summaryCountsEveryInput() {
        Row s = output.summary().first();
        Set<String> captureFiles = new HashSet<>();
        expected.forEach(e -> captureFiles.add(e[0]));
        long failed = expected.stream().filter(e -> !e[4].equals("COMPLETED")).count() + 1; // + the tar's reset
        assertThat(s.getLong(s.fieldIndex("captures"))).isEqualTo(captureFiles.size() + 2L);
        assertThat(s.getLong(s.fieldIndex("connection_records"))).isEqualTo(expected.size() + 3L);
        assertThat(s.getLong(s.fieldIndex("failed_handshakes"))).isEqualTo(failed);
        assertThat(s.getLong(s.fieldIndex("errors"))).isEqualTo(2);
        assertThat(s.getJavaMap(s.fieldIndex("outcomes")).get("SERVER_RESET")).isEqualTo(2L);
    }

    /**
     * The README's Spark example (its {@code java spark} block) compiles against this module and Spark, and
     * runs in this session on the sample captures ({@code captures/} replaced by their folder, {@code report/}
     * by a temporary one).
     */
    @Test
    void theReadmeExampleCompilesAndRuns() throws Exception {
        Path readme = samples.getParent().resolve("README.md");
        Matcher m = Pattern.compile("```java spark\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(readme));
        assertThat(m.find()).isTrue();
        Path report = tmp.resolve("readme-report");
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : m.group(1).split("\n")) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        String source = imports + "public class ReadmeSpark {\n    public static void main(String[] args) {\n"
                + body.toString().replace("\"captures/\"", "\"" + samples.toUri() + "\"")
                        .replace("\"report/\"", "\"" + report.toUri() + "\"")
                + "    }\n}\n";
        Path dir = Files.createDirectories(tmp.resolve("readme-src"));
        Files.writeString(dir.resolve("ReadmeSpark.java"), source);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        // Surefire's class path is a jar whose manifest lists every jar: javac follows it
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, diagnostics, "-classpath",
                System.getProperty("java.class.path"), "-d", dir.toString(), dir.resolve("ReadmeSpark.java").toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8) + "\n" + source).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("ReadmeSpark").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        }
        assertThat(spark.read().parquet(report.resolve("connections.parquet").toString()).count())
                .isEqualTo(expected.size());
    }
}
