package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture damaged in the middle (a record header appended whose captured length is 0x7fffffff) keeps the
 * records decided before the damage in every format, and the counts agree; CSV tells about warnings on
 * standard error.
 */
class DamagedCaptureCliTest {

    /** The sample with one corrupt pcap record header (16 bytes) appended. */
    static Path damaged(Path dir, String sample) throws IOException {
        byte[] b = TestArchives.sample(sample);
        byte[] out = Arrays.copyOf(b, b.length + 16);
        ByteBuffer.wrap(out, b.length, 16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0).putInt(0).putInt(0x7fffffff).putInt(0x7fffffff);
        return TestArchives.write(dir.resolve("damaged-" + sample), out);
    }

    @Test
    void theServerResetBeforeTheDamageIsReportedAndCounted(@TempDir Path dir) throws IOException {
        Path f = damaged(dir, "server-reset.pcap");
        Runs.Run text = Runs.run("analyze", f.toString());
        assertThat(text.code()).isEqualTo(2);
        // the header as for the whole capture (server-reset.pcap: 6 frames), the failure, then the error
        assertThat(text.out()).startsWith("== " + f + "\n   pcap, 6 frames, 1 TCP connection, 1 connection record\n"
                        + "   outcomes: SERVER_RESET 1\n\nFAILED SERVER_RESET  tcp.stream 0  ")
                .contains("  Wireshark filter: tcp.stream eq 0\n\n   error: pcap record with captured length "
                        + "2147483647 bytes, above the 16777216-byte limit at byte\n     offset 847; the capture is "
                        + "damaged from that offset on")
                .contains("FAILED SERVER_RESET  tcp.stream 0  127.0.0.1:60636 -> 127.0.0.1:443")
                .contains("closed       frame 6  RST from server")
                .contains("   0 captures analyzed, 1 capture with errors (counted up to the error)\n"
                        + "   6 frames, 1 TCP connection, 1 connection record, 1 failed handshake\n")
                .contains("   outcomes: SERVER_RESET 1\n");
        assertThat(text.errLines()).containsExactly("hellocheck: " + f + ": pcap record with captured length "
                + "2147483647 bytes, above the 16777216-byte limit at byte offset 847; "
                + "the capture is damaged from that offset on (records before it were reported); copy it again "
                + "or cut it before the offset with editcap");

        Runs.Run jsonl = Runs.run("analyze", "--format", "jsonl", f.toString());
        assertThat(jsonl.code()).isEqualTo(2);
        // per capture, as for one read to its end: connection, server, summary; then the error
        assertThat(jsonl.records()).extracting(r -> r.get("type").asText() + " " + r.path("scope").asText(""))
                .containsExactly("connection ", "server ", "summary capture", "error ", "summary batch");
        // the server and summary records of the undamaged capture, but for the damage's offset
        Path whole = TestArchives.write(dir.resolve("server-reset.pcap"), TestArchives.sample("server-reset.pcap"));
        Runs.Run undamaged = Runs.run("analyze", "--format", "jsonl", whole.toString());
        assertThat(undamaged.code()).isEqualTo(1);
        ObjectNode server = (ObjectNode) undamaged.ofType("server").get(0).deepCopy();
        server.put("capture", f.toString());
        assertThat(jsonl.ofType("server")).containsExactly(server);
        ObjectNode summary = (ObjectNode) undamaged.ofType("summary").get(0).deepCopy();
        summary.put("capture", f.toString());
        summary.put("damaged_at_offset", 847);
        assertThat(jsonl.ofType("summary").get(0)).isEqualTo(summary);
        JsonNode cs = jsonl.ofType("summary").get(0);
        assertThat(cs.get("frames").asLong()).isEqualTo(6);
        assertThat(cs.get("bytes").asLong()).isEqualTo(727);
        assertThat(cs.get("tcp_connections").asInt()).isEqualTo(1);
        assertThat(cs.get("connection_records").asInt()).isEqualTo(1);
        assertThat(cs.get("failed_handshakes").asInt()).isEqualTo(1);
        assertThat(cs.get("outcomes").get("SERVER_RESET").asInt()).isEqualTo(1);
        assertThat(cs.get("truncated_at_offset").isNull()).isTrue();
        assertThat(undamaged.ofType("summary").get(0).get("damaged_at_offset").isNull()).isTrue();
        assertThat(jsonl.errLines()).isEqualTo(text.errLines());

        // --format json: the same records, in the same order
        Runs.Run json = Runs.run("analyze", "--format", "json", f.toString());
        assertThat(json.code()).isEqualTo(2);
        JsonNode records = Runs.JSON.readTree(json.out()).get("records");
        assertThat(records).containsExactlyElementsOf(jsonl.records().subList(0, 4));
        assertThat(jsonl.ofType("connection")).singleElement().satisfies(c -> {
            assertThat(c.get("outcome").asText()).isEqualTo("SERVER_RESET");
            assertThat(c.get("client_hello").get("frame").asLong()).isEqualTo(4);
            assertThat(c.get("closed_by").get("side").asText()).isEqualTo("server");
            assertThat(c.get("closed_by").get("how").asText()).isEqualTo("RST");
            assertThat(c.get("closed_by").get("frame").asLong()).isEqualTo(6);
        });
        assertThat(jsonl.ofType("error")).singleElement().satisfies(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("corrupt");
            assertThat(e.get("byte_offset").asLong()).isEqualTo(847);
        });
        JsonNode s = jsonl.batchSummary();
        assertThat(s.get("captures").asInt()).isZero();
        assertThat(s.get("errors").asInt()).isEqualTo(1);
        assertThat(s.get("captures_with_errors").asInt()).isEqualTo(1);
        assertThat(s.get("frames").asLong()).isEqualTo(6);
        assertThat(s.get("tcp_connections").asLong()).isEqualTo(1);
        assertThat(s.get("connection_records").asLong()).isEqualTo(1);
        assertThat(s.get("failed_handshakes").asLong()).isEqualTo(1);
    }

    @Test
    void aDamagedCaptureAmongOthersIsCountedApartFromInputsThatAreNotCaptures(@TempDir Path dir)
            throws IOException {
        Path reset = damaged(dir, "server-reset.pcap");
        Path ok = TestArchives.write(dir.resolve("tls13-ok.pcap"), TestArchives.sample("tls13-ok.pcap"));
        Path junk = TestArchives.write(dir.resolve("junk.pcap"), TestArchives.text("not a capture"));
        Runs.Run text = Runs.run("analyze", ok.toString(), reset.toString(), junk.toString());
        assertThat(text.code()).isEqualTo(2);
        // tls13-ok: 25 frames, 1 connection; server-reset: 6 frames, 1 connection
        assertThat(text.out()).contains("   1 capture analyzed, 1 capture with errors (counted up to the error), "
                + "1 other input with errors\n   31 frames, 2 TCP connections, 2 connection records, "
                + "1 failed handshake\n");
    }

    @Test
    void theTextReportOfADamagedCaptureHasTheTableOfItsOtherHandshakes(@TempDir Path dir) throws IOException {
        Path ok = damaged(dir, "tls13-ok.pcap");
        Runs.Run r = Runs.run("analyze", ok.toString());
        assertThat(r.code()).isEqualTo(2);
        // tls13-ok.pcap: 25 frames; the header, the table, then the error
        assertThat(r.out()).startsWith("== " + ok + "\n   pcap, 25 frames, 1 TCP connection, 1 connection record\n"
                        + "   outcomes: COMPLETED 1\n")
                .contains("\nHandshakes before the error\n"
                        + " stream | server         | outcome   | version | cipher suite\n"
                        + "--------+----------------+-----------+---------+------------------------\n"
                        + "      0 | 127.0.0.1:4433 | COMPLETED | TLSv1.3 | TLS_AES_256_GCM_SHA384\n"
                        + "\n   error: pcap record with captured length 2147483647 bytes")
                .doesNotContain("other handshake before the error")
                .contains("   0 captures analyzed, 1 capture with errors (counted up to the error)\n"
                        + "   25 frames, 1 TCP connection, 1 connection record, 0 failed handshakes\n");
        // --only-failures leaves the table out, as for a whole capture
        assertThat(Runs.run("analyze", "--only-failures", ok.toString()).out())
                .doesNotContain("Handshakes before the error");
    }

    @Test
    void theTextReportOfADamagedCaptureListsItsFailuresThenTheOtherHandshakes(@TempDir Path dir)
            throws IOException {
        byte[] reset = TestArchives.sample("server-reset.pcap");
        byte[] ok = TestArchives.sample("tls13-ok.pcap");
        // two captures in one file: the records of the second (its file header skipped) follow the first's
        byte[] both = Arrays.copyOf(ok, ok.length + reset.length - 24 + 16);
        System.arraycopy(reset, 24, both, ok.length, reset.length - 24);
        ByteBuffer.wrap(both, both.length - 16, 16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0).putInt(0).putInt(0x7fffffff).putInt(0x7fffffff);
        Path f = TestArchives.write(dir.resolve("both.pcap"), both);
        Runs.Run r = Runs.run("analyze", f.toString());
        assertThat(r.code()).isEqualTo(2);
        String out = r.out();
        assertThat(out).contains("FAILED SERVER_RESET  tcp.stream 1  127.0.0.1:60636 -> 127.0.0.1:443")
                .contains("\nOther handshakes before the error\n")
                .contains("      0 | 127.0.0.1:4433 | COMPLETED | TLSv1.3 | TLS_AES_256_GCM_SHA384\n");
        assertThat(out.indexOf("FAILED SERVER_RESET")).isLessThan(out.indexOf("Other handshakes before the error"));
        assertThat(r.errLines()).singleElement().asString().contains("at byte offset " + (both.length - 16));
    }

    @Test
    void csvWritesWarningsOnStandardErrorAndKeepsTheExitCode(@TempDir Path dir) throws IOException {
        // tls13-ok cut at 8,000 bytes: its record at byte offset 6,603 is incomplete; the handshake completed
        Path cut = TestArchives.write(dir.resolve("cut.pcap"), TestArchives.cut("tls13-ok.pcap", 8000));
        Runs.Run r = Runs.run("analyze", "--format", "csv", cut.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(2).element(1).asString().contains(",COMPLETED,");
        assertThat(r.errLines()).containsExactly("hellocheck: warning: " + cut + ": capture cut short: the record at "
                + "byte offset 6603 is incomplete; everything before it was analyzed");
        assertThat(Runs.run("analyze", "-q", "--format", "csv", cut.toString()).err()).isEmpty();

        // a zip cut inside its first entry
        Map<String, byte[]> entries = TestArchives.entries();
        entries.put("tls13-ok.pcap", TestArchives.sample("tls13-ok.pcap"));
        entries.put("server-reset.pcap", TestArchives.sample("server-reset.pcap"));
        byte[] zip = TestArchives.zip(entries);
        Path cutZip = TestArchives.write(dir.resolve("cut.zip"), Arrays.copyOf(zip, 3000));
        Runs.Run z = Runs.run("analyze", "--format", "csv", cutZip.toString());
        assertThat(z.code()).isZero();
        assertThat(z.errLines()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("hellocheck: warning: "))
                .contains("hellocheck: warning: " + cutZip + ": the archive is cut short after 1 entry; everything "
                        + "before was analyzed");
        // the same warnings as the JSON Lines records
        Runs.Run jsonl = Runs.run("analyze", "--format", "jsonl", cutZip.toString());
        assertThat(z.errLines()).hasSameSizeAs(jsonl.ofType("warning"));

        // an error stays one line, the records before it are rows, exit 2
        Path damaged = damaged(dir, "server-reset.pcap");
        Runs.Run d = Runs.run("analyze", "--format", "csv", damaged.toString());
        assertThat(d.code()).isEqualTo(2);
        assertThat(d.out().lines()).hasSize(2).element(1).asString().contains(",SERVER_RESET,");
        assertThat(d.errLines()).singleElement().asString().startsWith("hellocheck: " + damaged + ": ")
                .contains("at byte offset 847");
    }
}
