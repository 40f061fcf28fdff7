package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process: exit codes, JSON Lines records, error and warning lines. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {
        List<JsonNode> records() throws IOException {
            List<JsonNode> r = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    r.add(JSON.readTree(line));
                }
            }
            return r;
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0])).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyFolderExitsZeroWithAWarning(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Run r = run("analyze", dir.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.err()).isEqualTo("hellocheck: warning: no capture found in " + dir + "\n");
    }

    /**
     * With --filter, the record names its connection by addresses, ports and first frame, valid in the whole
     * file. tshark on server-alert-40-tls12.pcap followed by tls12-ok.pcap (mergecap -a): the failed handshake is
     * tcp.stream 1 of the whole file, frames 22-31, client port 55242; the filter keeps it alone (stream 0).
     */
    @Test
    void withAFilterTheWiresharkFilterNamesTheConnectionInTheWholeFile(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws IOException {
        java.nio.file.Path merged = dir.resolve("m.pcap");
        byte[] a = Files.readAllBytes(Paths.samples().resolve("tls12-ok.pcap"));
        byte[] b = Files.readAllBytes(Paths.samples().resolve("server-alert-40-tls12.pcap"));
        // both are little-endian microsecond pcaps of link type 1 with the same header: concatenate the records
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(a);
        out.write(b, 24, b.length - 24);
        Files.write(merged, out.toByteArray());
        List<JsonNode> records = run("analyze", "--format", "jsonl", "--filter", "tcp port 55242", merged.toString())
                .records().stream().filter(n -> n.get("type").asText().equals("connection")).toList();
        assertThat(records).singleElement().satisfies(n -> {
            assertThat(n.get("tcp_stream").asInt()).isEqualTo(0);
            assertThat(n.get("wireshark_filter").asText()).isEqualTo("ip.addr == 127.0.0.1 && ip.addr == 127.0.0.1"
                    + " && tcp.port == 55242 && tcp.port == 4433 && frame.number >= 22");
        });
        assertThat(run("analyze", "--filter", "tcp port 55242", merged.toString()).out())
                .contains("FAILED SERVER_ALERT  filtered stream 0  127.0.0.1:55242 -> 127.0.0.1:4433\n");
        assertThat(run("analyze", "--format", "jsonl", merged.toString()).records().stream()
                .filter(n -> n.get("type").asText().equals("connection")).map(n -> n.get("wireshark_filter").asText()))
                .containsExactly("tcp.stream eq 0", "tcp.stream eq 1");
    }

    /** tshark: 21 frames in tls12-ok.pcap, 2 of them with SYN set (tcp.flags.syn==1). */
    @Test
    void theTextReportSaysHowManyFramesTheFilterLeftOut() {
        String capture = Paths.samples().resolve("tls12-ok.pcap").toString();
        assertThat(run("analyze", "--filter", "tcp[13] & 2 != 0", capture).out())
                .contains("\n   19 frames left out by --filter\n");
        assertThat(run("analyze", "--filter", "udp", capture).out())
                .contains("\n   every frame left out by --filter\n");
    }

    @Test
    void samplesFolderExitsOneBecauseItHoldsFailedHandshakes() throws IOException {
        Run r = run("analyze", "--format", "jsonl", Paths.samples().toString());
        assertThat(r.code()).isEqualTo(1);
        List<JsonNode> records = r.records();
        long expectedConnections = Files.readAllLines(Paths.samples().resolve("EXPECTED.tsv")).stream()
                .skip(1).filter(l -> !l.isBlank()).count();
        assertThat(records).allSatisfy(n -> {
            assertThat(n.get("schema_version").asInt()).isEqualTo(1);
            assertThat(n.get("type").asText()).isIn("connection", "server", "summary", "warning", "error");
        });
        assertThat(records.stream().filter(n -> n.get("type").asText().equals("connection")))
                .hasSize((int) expectedConnections);
        assertThat(records.stream().filter(n -> n.get("type").asText().equals("summary")
                && n.get("scope").asText().equals("capture"))).hasSize(18);
        JsonNode last = records.get(records.size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("summary");
        assertThat(last.get("scope").asText()).isEqualTo("batch");
        assertThat(last.get("connection_records").asLong()).isEqualTo(expectedConnections);
        assertThat(records.stream().filter(n -> n.get("type").asText().equals("error"))).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void connectionRecordHasTheContractKeysAndShapes() throws IOException {
        Run r = run("analyze", "--format", "jsonl",
                Paths.samples().resolve("server-alert-40-tls13-ipv6.pcap").toString());
        assertThat(r.code()).isEqualTo(1);
        JsonNode c = r.records().get(0);
        assertThat(c.get("type").asText()).isEqualTo("connection");
        assertThat(c.get("tcp_stream").asInt()).isEqualTo(0);
        assertThat(c.get("wireshark_filter").asText()).isEqualTo("tcp.stream eq 0");
        assertThat(c.get("client").get("ip").asText()).isEqualTo("::1");
        assertThat(c.get("server").get("port").asInt()).isEqualTo(4433);
        assertThat(c.get("outcome").asText()).isEqualTo("SERVER_ALERT");
        assertThat(c.get("start_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        JsonNode hello = c.get("client_hello");
        assertThat(hello.get("frame").asLong()).isEqualTo(4);
        assertThat(hello.get("cipher_suites").get(0).asText()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(hello.get("supported_versions").toString()).contains("\"TLSv1.3\"");
        for (String key : List.of("length_bytes", "legacy_version", "server_name", "supported_groups",
                "key_share_groups", "signature_algorithms", "alpn", "frames", "time")) {
            assertThat(hello.has(key)).as(key).isTrue();
        }
        assertThat(c.get("alert").get("description").asText()).isEqualTo("handshake_failure");
        assertThat(c.get("alert").get("code").asInt()).isEqualTo(40);
        assertThat(c.get("alert").get("level").asText()).isEqualTo("fatal");
        assertThat(c.get("alert").get("from").asText()).isEqualTo("server");
        assertThat(c.get("server_hello").isNull()).isTrue();
        assertThat(c.get("server_reaction_ms").isNumber()).isTrue();
        for (String key : List.of("retry_client_hello", "hello_retry_request", "alerts", "closed_by", "evidence",
                "cipher_overlap", "diagnosis", "outcome_reason", "capture")) {
            assertThat(c.has(key)).as(key).isTrue();
        }
    }

    @Test
    void emptyFileIsOneErrorLineAndExitTwo(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.pcap"));
        Run r = run("analyze", empty.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("empty.pcap").contains("byte offset 0");
    }

    @Test
    void aFileThatIsNotACaptureIsOneErrorAndTheOthersAreStillAnalyzed(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.pcap");
        Files.writeString(text, "this is not a capture\n");
        Run r = run("analyze", "--format", "jsonl", text.toString(),
                Paths.samples().resolve("tls13-ok.pcap").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        List<JsonNode> records = r.records();
        assertThat(records.get(0).get("type").asText()).isEqualTo("error");
        assertThat(records.get(0).get("byte_offset").asLong()).isEqualTo(0);
        assertThat(records.stream().filter(n -> n.get("type").asText().equals("connection"))
                .map(n -> n.get("outcome").asText())).containsExactly("COMPLETED");
    }

    /** Offsets of the pcap records, walked from the 24-byte file header and 16-byte record headers. */
    private static List<Integer> pcapRecordOffsets(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> offsets = new ArrayList<>();
        int off = 24;
        while (off + 16 <= file.length) {
            offsets.add(off);
            off += 16 + b.getInt(off + 8);
        }
        return offsets;
    }

    @Test
    void aCaptureCutMidRecordIsReportedUpToTheCutWithAWarning(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(Paths.samples().resolve("tls13-ok.pcap"));
        List<Integer> offsets = pcapRecordOffsets(whole);
        int cutRecord = offsets.get(offsets.size() - 3);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, cutRecord + 20));
        Run r = run("analyze", "--format", "jsonl", cut.toString());
        assertThat(r.code()).isEqualTo(0);
        List<JsonNode> warnings = r.records().stream().filter(n -> n.get("type").asText().equals("warning")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).get("byte_offset").asLong()).isEqualTo(cutRecord);
        JsonNode summary = r.records().stream().filter(n -> n.get("type").asText().equals("summary")).findFirst()
                .orElseThrow();
        assertThat(summary.get("frames").asInt()).isEqualTo(offsets.size() - 3);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("analyze").code()).isEqualTo(2);
        assertThat(run("analyze", "--format", "xml", "x.pcap").code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
        Run help = run("--help");
        assertThat(help.code()).isEqualTo(0);
        assertThat(help.out()).contains("Exit codes").contains("--format");
        assertThat(help.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void textReportFitsOneHundredColumns() {
        Run r = run("analyze", Paths.samples().toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED SERVER_ALERT").contains("handshake_failure");
        assertThat(r.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void textReportCountsInWordsAndKeepsShortCellsOnOneLine() {
        String out = run("analyze", Paths.samples().toString()).out();
        assertThat(out).contains("   pcap, 21 frames, 1 TCP connection, 1 connection record\n")
                .contains("   pcap, 45 frames, 2 TCP connections, 2 connection records\n")
                .contains("   18 captures analyzed, 0 with errors, 5 files skipped as not captures\n")
                .contains("   265 frames, 19 TCP connections, 19 connection records, 12 failed handshakes\n")
                // a wrapped list keeps each name with its count
                .contains("\n     SERVER_CLOSED 1, NON_TLS_RESPONSE 1,")
                .contains("\n    mozilla-intermediate-6.0 6, ")
                .doesNotContain("(s)").doesNotContain("\u00a0");
        // per client: the offer and "failed of all" on one line, one cause a line, wrapped at words
        assertThat(out).contains("\n t12d280700_d943125447b4_e7e480e5a997 | TLSv1.2, 28 suites     | 2 of 2 "
                        + "| FAILED_AFTER_SERVER_HELLO\n")
                .contains("|        | unknown_ca (48)\n")
                .contains("|        | from client: 1\n")
                .contains("\n t13d311000_e8f1e7e78f70_1f22a2ca17c4 | TLSv1.0-1.3, 31 suites | 3 of 3 | NO_RESPONSE: 1\n")
                .contains("\n t13d041000_16476d049b0b_78f1d400d464 | TLSv1.3, 4 suites      | 0 of 5 |\n");
        assertThat(out).contains("tls12-ok.pcap\n   pcap, 21 frames, 1 TCP connection, 1 connection record\n"
                + "   outcomes: COMPLETED 1\n\nHandshakes\n");
        assertThat(run("analyze", Paths.samples().resolve("tls12-ok.pcap").toString()).out())
                .contains("\n   1 capture analyzed, 0 with errors\n   21 frames, 1 TCP connection, 1 connection record, "
                        + "0 failed handshakes\n");
        assertThat(out).contains("\n 127.0.0.1:4433 |      11 |         6 |      5 | SERVER_ALERT handshake_failure (40) "
                + "from server: 3\n");
    }
}
