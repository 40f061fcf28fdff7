package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format html} over the sample captures, read back with jsoup: one element per connection record with
 * the outcomes of sample-captures/EXPECTED.tsv (cross-checked with tshark), failed ones first and open, each
 * with a ladder of one arrow per evidence entry, nothing fetched.
 */
class HtmlFormatTest {

    /** EXPECTED.tsv's rows: capture file name, tcp_stream, outcome, client_hello_frame. */
    private record Expected(String file, String stream, String server, String outcome, String clientHelloFrame) {
        boolean failed() {
            return !outcome.equals("COMPLETED") && !outcome.equals("INCONCLUSIVE");
        }
    }

    private static List<Expected> expected() throws IOException {
        List<Expected> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Paths.samples().resolve("EXPECTED.tsv"))) {
            String[] f = line.split("\t");
            if (!f[0].equals("file")) {
                rows.add(new Expected(f[0], f[1], f[3], f[4], f[6]));
            }
        }
        return rows;
    }

    static Document page(Path dir, String... options) throws IOException {
        Path html = dir.resolve("report.html");
        List<String> args = new ArrayList<>(List.of("analyze", "--format", "html", "-o", html.toString()));
        args.addAll(List.of(options));
        args.add(Paths.samples().toString());
        Runs.Run run = Runs.run(args.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        return Jsoup.parse(html.toFile(), "UTF-8");
    }

    @Test
    void everyRecordIsOneElementWithItsOutcomeFailedFirstAndOpen(@TempDir Path dir) throws IOException {
        Document doc = page(dir);
        List<Expected> expected = expected();

        Elements records = doc.select("main details.record");
        assertThat(records).hasSize(expected.size());
        Map<String, Integer> byOutcome = new TreeMap<>();
        expected.forEach(e -> byOutcome.merge(e.outcome(), 1, Integer::sum));
        Map<String, Integer> shown = new TreeMap<>();
        records.forEach(r -> shown.merge(r.attr("data-outcome"), 1, Integer::sum));
        assertThat(shown).isEqualTo(byOutcome);

        long failed = expected.stream().filter(Expected::failed).count();
        assertThat(doc.select("details.record.failed[open]")).hasSize((int) failed);
        assertThat(doc.select("details.record.other")).allSatisfy(r -> assertThat(r.hasAttr("open")).isFalse());
        assertThat(doc.select("svg.ladder")).hasSize((int) failed);
        for (Element section : doc.select("section.capture")) {
            // within a capture, no failed record after one that did not fail
            boolean other = false;
            for (Element r : section.select("details.record")) {
                assertThat(other && r.hasClass("failed")).as(section.selectFirst("h2").text()).isFalse();
                other |= r.hasClass("other");
            }
        }
        // per capture, the outcome of EXPECTED.tsv's connection
        for (Expected e : expected) {
            Element section = doc.select("section.capture").stream()
                    .filter(s -> s.selectFirst("h2").text().endsWith("/" + e.file())).findFirst().orElseThrow();
            Element r = section.select("details.record").stream()
                    .filter(x -> x.selectFirst(".stream").text().equals("tcp.stream " + e.stream())).findFirst()
                    .orElseThrow();
            assertThat(r.attr("data-outcome")).as(e.file()).isEqualTo(e.outcome());
            if (e.failed() && !e.clientHelloFrame().equals("-")) {
                assertThat(r.select("svg.ladder g.client-hello .frame").eachText()).as(e.file())
                        .containsExactly("frame " + e.clientHelloFrame());
            }
        }
    }

    @Test
    void oneArrowPerEvidenceEntryInFrameOrder(@TempDir Path dir) throws IOException {
        Document doc = page(dir);
        Runs.Run jsonl = Runs.run("analyze", "--format", "jsonl", Paths.samples().toString());
        List<JsonNode> failed = jsonl.ofType("connection").stream().filter(n -> n.get("failed").asBoolean()).toList();
        Elements ladders = doc.select("details.record.failed");
        assertThat(ladders).hasSize(failed.size());
        for (JsonNode record : failed) {
            Element section = doc.select("section.capture").stream()
                    .filter(s -> s.selectFirst("h2").text().equals(record.get("capture").asText())).findFirst()
                    .orElseThrow();
            Element ladder = section.selectFirst("details.record.failed svg.ladder");
            List<String> frames = new ArrayList<>();
            record.get("evidence").forEach(e -> frames.add("frame " + e.get("frame").asLong()));
            assertThat(ladder.select("g.arrow")).as(record.get("capture").asText()).hasSize(frames.size());
            assertThat(ladder.select("g.arrow > text.frame").eachText()).isEqualTo(frames);
            List<String> whats = new ArrayList<>();
            record.get("evidence").forEach(e -> whats.add(e.get("what").asText()));
            assertThat(ladder.select("g.arrow > title").eachText()).zipSatisfy(whats,
                    (title, what) -> assertThat(title).contains(what));
        }
    }

    @Test
    void theLadderDrawsDirectionsSilencesAndRetransmissions(@TempDir Path dir) throws IOException {
        Document doc = page(dir);
        // no-response.pcap (tshark): ClientHello in frame 4, the server's ACK in frame 5 at 30.455016, the client's
        // FIN in frame 6 at 34.394703: 3.939687 s of silence
        Element noResponse = ladderOf(doc, "no-response.pcap");
        assertThat(noResponse.select("g.break text").eachText()).containsExactly("3.940 s later");
        Element hello = noResponse.selectFirst("g.client-hello");
        assertThat(hello.selectFirst("line").attr("x1")).isEqualTo("170");
        assertThat(hello.selectFirst("line").attr("x2")).isEqualTo("840");
        assertThat(hello.selectFirst("text.label").text()).startsWith("ClientHello, 310 bytes").endsWith("1 segment");
        Element ack = noResponse.selectFirst("g.ack");
        assertThat(ack.selectFirst("line").attr("x1")).isEqualTo("840");
        assertThat(ack.selectFirst("text.label").text()).isEqualTo("server ACKed the ClientHello (whole)");
        assertThat(ack.selectFirst("text.time").text()).isEqualTo("+0.330 ms");

        // tcp-no-answer-443.pcap: the SYN and 4 retransmissions about 1 s apart
        Element noAnswer = ladderOf(doc, "tcp-no-answer-443.pcap");
        assertThat(noAnswer.select("g.arrow.syn")).hasSize(5);
        assertThat(noAnswer.select("g.arrow.syn.retransmission")).hasSize(4);
        assertThat(noAnswer.select("g.break")).hasSize(4);

        // server-alert-70: the alert goes from the server to the client
        Element alert = ladderOf(doc, "server-alert-70-protocol-version.pcap").selectFirst("g.arrow.alert");
        assertThat(alert.selectFirst("line").attr("x1")).isEqualTo("840");
        assertThat(alert.selectFirst("text.label").text()).isEqualTo("alert from server: fatal protocol_version (70)");
    }

    @Test
    void besideTheLadderTheReasonCausesOverlapAndFilter(@TempDir Path dir) throws IOException {
        Document doc = page(dir);
        Element r = ladderOf(doc, "server-reset.pcap").closest("details.record");
        assertThat(r.selectFirst(".reason").text()).isNotBlank();
        assertThat(r.select("ol.causes > li")).isNotEmpty();
        assertThat(r.select("ol.causes .next")).isNotEmpty();
        assertThat(r.select("ul.overlap li")).isNotEmpty();
        assertThat(r.selectFirst("code.filter").text()).isEqualTo("tcp.stream eq 0");
        assertThat(r.attr("data-causes"))
                .isEqualTo(String.join(" ", r.select("ol.causes > li").eachAttr("data-cause")));
    }

    @Test
    void theTopHasCountsServersAndClients(@TempDir Path dir) throws IOException {
        Document doc = page(dir);
        List<Expected> expected = expected();
        Map<String, Integer> byOutcome = new TreeMap<>();
        expected.forEach(e -> byOutcome.merge(e.outcome(), 1, Integer::sum));
        Map<String, Integer> counts = new TreeMap<>();
        for (Element li : doc.select("#outcome-counts li")) {
            counts.put(li.attr("data-outcome"), Integer.parseInt(li.ownText().strip()));
        }
        assertThat(counts).isEqualTo(byOutcome);
        // EXPECTED.tsv: 11 connections to 127.0.0.1:4433 of which 5 failed; most failures first
        assertThat(doc.select("#servers tbody tr").first().select("td").eachText().subList(0, 4))
                .containsExactly("127.0.0.1:4433", "11", "6", "5");
        // 127.0.0.1:443's failures have five outcomes: three are named with their counts, the rest counted as other,
        // so that the cell adds up to the server's failures in EXPECTED.tsv
        long failedAt443 = expected.stream().filter(e -> e.server().equals("127.0.0.1:443") && e.failed()).count();
        Element row = doc.select("#servers tbody tr").stream()
                .filter(tr -> tr.selectFirst("td").text().equals("127.0.0.1:443")).findFirst().orElseThrow();
        List<String> causes = java.util.Arrays.stream(row.select("td").last().html().split("<br>"))
                .map(String::strip).filter(c -> !c.isEmpty()).toList();
        assertThat(causes).hasSize(4).last().asString().startsWith("other: ");
        assertThat(causes.stream().mapToLong(c -> Long.parseLong(c.substring(c.lastIndexOf(' ') + 1))).sum())
                .isEqualTo(failedAt443);
        assertThat(doc.select("#clients tbody tr")).isNotEmpty();
        // the filters list what is there
        assertThat(doc.select("select[data-key=outcome] option").eachText()).containsAll(byOutcome.keySet());
    }

    @Test
    void nothingIsFetched(@TempDir Path dir) throws IOException {
        Document doc = page(dir);
        assertThat(doc.select("[src], link, iframe, object, embed, img")).isEmpty();
        assertThat(doc.select("style").html()).doesNotContain("url(").doesNotContain("@import");
        assertThat(doc.select("script").html()).doesNotContain("http").doesNotContain("fetch(");
        assertThat(doc.select("script")).hasSize(1);
    }

    @Test
    void redactApplies(@TempDir Path dir) throws IOException {
        Document doc = page(dir, "--redact");
        String html = doc.outerHtml();
        assertThat(html).doesNotContain("127.0.0.1").doesNotContain("[::1]").doesNotContain("localhost");
        assertThat(doc.select("svg.ladder text.endpoint").eachText()).allMatch(t -> t.contains("240.0.0.")
                || t.contains("2001:db8::"));
    }

    private static Element ladderOf(Document doc, String file) {
        return doc.select("section.capture").stream()
                .filter(s -> s.selectFirst("h2").text().endsWith("/" + file)).findFirst().orElseThrow()
                .selectFirst("svg.ladder");
    }
}
