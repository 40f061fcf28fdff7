package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line over archives built in the test (zip, tar.gz, gz) holding good captures, corrupt
 * captures and files that are not captures: records for the good ones, one error per bad file, the others
 * skipped and counted, exit codes.
 */
class ArchiveCliTest {

    /** zip: two good, one corrupt, one text named .pcap, one text; tar.gz: one good, one corrupt, one text and a folder; two .gz. */
    static Path mixedFolder(Path dir) throws IOException {
        Map<String, byte[]> zip = TestArchives.entries();
        zip.put("tls13-ok.pcap", TestArchives.sample("tls13-ok.pcap"));
        zip.put("alerts/server-alert-40-tls13.pcap", TestArchives.sample("server-alert-40-tls13.pcap"));
        zip.put("corrupt.pcap", TestArchives.corrupt("tls12-ok.pcap"));
        zip.put("fake.pcap", TestArchives.text("this is not a capture\n"));
        zip.put("notes.txt", TestArchives.text("captured on the proxy\n"));
        TestArchives.write(dir.resolve("bundle.zip"), TestArchives.zip(zip));
        Map<String, byte[]> tar = TestArchives.entries();
        tar.put("tls12-ok.pcap", TestArchives.sample("tls12-ok.pcap"));
        tar.put("broken.pcapng", TestArchives.corrupt("server-reset.pcap"));
        tar.put("readme.txt", TestArchives.text("read me\n"));
        TestArchives.write(dir.resolve("more.tar.gz"), TestArchives.gzip(TestArchives.tar(tar)));
        TestArchives.write(dir.resolve("reset.pcap.gz"), TestArchives.gzip(TestArchives.sample("server-reset.pcap")));
        TestArchives.write(dir.resolve("log.pcap.gz"), TestArchives.gzip(TestArchives.text("GET / HTTP/1.1\r\n")));
        TestArchives.write(dir.resolve("other.log.gz"), TestArchives.gzip(TestArchives.text("just a log\n")));
        return dir;
    }

    private static List<String> outcomes(Runs.Run r, String capture) {
        return r.ofType("connection").stream().filter(n -> n.get("capture").asText().equals(capture))
                .map(n -> n.get("outcome").asText()).toList();
    }

    @Test
    void archiveEntriesAreAnalyzedAndEachBadFileIsOneError(@TempDir Path dir) throws IOException {
        mixedFolder(dir);
        Runs.Run r = Runs.run("analyze", "--format", "jsonl", dir.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        String zip = dir.resolve("bundle.zip") + "!/";
        String tgz = dir.resolve("more.tar.gz") + "!/";
        assertThat(outcomes(r, zip + "tls13-ok.pcap")).containsExactly("COMPLETED");
        assertThat(outcomes(r, zip + "alerts/server-alert-40-tls13.pcap")).containsExactly("SERVER_ALERT");
        assertThat(outcomes(r, tgz + "tls12-ok.pcap")).containsExactly("COMPLETED");
        assertThat(outcomes(r, dir.resolve("reset.pcap.gz").toString())).containsExactly("SERVER_RESET");
        assertThat(r.ofType("connection")).hasSize(4);

        List<JsonNode> errors = r.ofType("error");
        assertThat(errors).extracting(n -> n.get("capture").asText()).containsExactly(
                zip + "corrupt.pcap", zip + "fake.pcap", dir.resolve("log.pcap.gz").toString(), tgz + "broken.pcapng");
        assertThat(errors).extracting(n -> n.get("kind").asText())
                .containsExactly("corrupt", "not_a_capture", "not_a_capture", "corrupt");
        assertThat(errors.get(0).get("byte_offset").asLong()).isEqualTo(24);
        assertThat(errors).allSatisfy(e -> assertThat(e.get("hint").asText()).isNotBlank());
        // One line on standard error per bad file: what, which file, what to do.
        assertThat(r.errLines()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(r.errLines().get(i)).startsWith("hellocheck: " + errors.get(i).get("capture").asText() + ": ")
                    .contains("; ");
        }
        List<JsonNode> summaries = r.ofType("summary");
        assertThat(summaries.stream().filter(n -> n.get("scope").asText().equals("capture"))
                .map(n -> n.get("format").asText())).contains("pcap+gzip");
        JsonNode batch = r.batchSummary();
        assertThat(batch.get("captures").asInt()).isEqualTo(4);
        assertThat(batch.get("errors").asInt()).isEqualTo(4);
        assertThat(batch.get("skipped_files").asInt()).as("notes.txt, readme.txt, other.log.gz").isEqualTo(3);
        assertThat(batch.get("files_with_errors")).hasSize(4);
        assertThat(batch.get("connection_records").asInt()).isEqualTo(4);
    }

    @Test
    void goodArchivesExitOneForFailedHandshakesAndZeroWithout(@TempDir Path dir) throws IOException {
        Map<String, byte[]> failing = TestArchives.entries();
        failing.put("a.pcap", TestArchives.sample("server-alert-40-tls12.pcap"));
        failing.put("b.pcap", TestArchives.sample("tls13-ok.pcap"));
        Path f = TestArchives.write(dir.resolve("failing.zip"), TestArchives.zip(failing));
        Map<String, byte[]> fine = TestArchives.entries();
        fine.put("ok.pcapng", TestArchives.sample("tls13-ok.pcapng"));
        Path ok = TestArchives.write(dir.resolve("fine.tgz"), TestArchives.gzip(TestArchives.tar(fine)));
        assertThat(Runs.run("analyze", "-q", f.toString()).code()).isEqualTo(1);
        Runs.Run r = Runs.run("analyze", ok.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("fine.tgz!/ok.pcapng").contains("== Summary");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void archivesNestOneLevel(@TempDir Path dir) throws IOException {
        Map<String, byte[]> inner = TestArchives.entries();
        inner.put("deep.pcap", TestArchives.sample("tls13-ok.pcap"));
        Map<String, byte[]> middle = TestArchives.entries();
        middle.put("inner.zip", TestArchives.zip(inner));
        middle.put("mid.pcap", TestArchives.sample("server-reset.pcap"));
        Map<String, byte[]> outer = TestArchives.entries();
        outer.put("middle.tar", TestArchives.tar(middle));
        outer.put("top.pcap", TestArchives.sample("tls12-ok.pcap"));
        Path zip = TestArchives.write(dir.resolve("outer.zip"), TestArchives.zip(outer));
        Runs.Run r = Runs.run("analyze", "--format", "jsonl", zip.toString());
        assertThat(outcomes(r, zip + "!/middle.tar!/mid.pcap")).containsExactly("SERVER_RESET");
        assertThat(outcomes(r, zip + "!/top.pcap")).containsExactly("COMPLETED");
        assertThat(r.ofType("error")).singleElement().satisfies(e -> {
            assertThat(e.get("capture").asText()).isEqualTo(zip + "!/middle.tar!/inner.zip");
            assertThat(e.get("kind").asText()).isEqualTo("nested_archive");
        });
        assertThat(r.code()).isEqualTo(2);
    }

    @Test
    void decompressionBombsAreOneErrorEachAndTheRestGoesOn(@TempDir Path dir) throws IOException {
        Map<String, byte[]> entries = TestArchives.entries();
        entries.put("zeros.pcap", TestArchives.zeroPcap(8 << 20));
        entries.put("ok.pcap", TestArchives.sample("tls13-ok.pcap"));
        Path zip = TestArchives.write(dir.resolve("bomb.zip"), TestArchives.zip(entries));
        // A standalone gzip past the ratio check (more than 64 MiB out of ~70 KiB).
        Path gz = TestArchives.write(dir.resolve("zeros.pcap.gz"), TestArchives.gzip(TestArchives.zeroPcap(70 << 20)));
        Runs.Run r = Runs.run("analyze", "--format", "jsonl", "--max-entry-size", "1m", zip.toString(), gz.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(outcomes(r, zip + "!/ok.pcap")).containsExactly("COMPLETED");
        List<JsonNode> errors = r.ofType("error");
        assertThat(errors).extracting(n -> n.get("capture").asText()).containsExactly(zip + "!/zeros.pcap", gz.toString());
        assertThat(errors).extracting(n -> n.get("kind").asText()).containsOnly("archive_limit");
        assertThat(errors.get(0).get("message").asText()).contains("1 MiB");
        assertThat(errors.get(1).get("message").asText()).contains("1000 times");
        // Without the option the 8 MiB entry is fine.
        assertThat(Runs.run("analyze", "-q", zip.toString()).code()).isEqualTo(0);
    }

    @Test
    void aTruncatedTarGzReportsWhatCameBeforeWithWarnings(@TempDir Path dir) throws IOException {
        Map<String, byte[]> entries = TestArchives.entries();
        entries.put("first.pcap", TestArchives.sample("server-alert-40-tls13.pcap"));
        entries.put("second.pcap", TestArchives.sample("tls13-resumption.pcap"));
        byte[] whole = TestArchives.gzip(TestArchives.tar(entries));
        Path cut = TestArchives.write(dir.resolve("cut.tgz"), java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        Runs.Run r = Runs.run("analyze", "--format", "jsonl", cut.toString());
        assertThat(r.ofType("error")).isEmpty();
        assertThat(outcomes(r, cut + "!/first.pcap")).containsExactly("SERVER_ALERT");
        assertThat(r.ofType("warning")).extracting(n -> n.get("capture").asText()).contains(cut.toString());
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void entryNamesAreDisplayedOnlyNeverUsedAsPaths(@TempDir Path dir) throws IOException {
        Map<String, byte[]> entries = TestArchives.entries();
        entries.put("../../escape.pcap", TestArchives.sample("tls13-ok.pcap"));
        entries.put("/abs/olute.pcap", TestArchives.sample("tls13-ok.pcap"));
        entries.put("ansi\u001b[31mred.pcap", TestArchives.sample("tls13-ok.pcap"));
        Path work = Files.createDirectories(dir.resolve("a/b"));
        Path tar = TestArchives.write(work.resolve("names.tar"), TestArchives.tar(entries));
        Runs.Run r = Runs.run("analyze", "--format", "jsonl", tar.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.ofType("connection")).extracting(n -> n.get("capture").asText()).containsExactly(
                tar + "!/../../escape.pcap", tar + "!//abs/olute.pcap", tar + "!/ansi?[31mred.pcap");
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(Files::isRegularFile)).containsExactly(tar);
        }
    }

    @Test
    void aWindowsTraceGetsOneLineSayingToConvertIt(@TempDir Path dir) throws IOException {
        Path etl = TestArchives.write(dir.resolve("PktMon.etl"), new byte[64]);
        Runs.Run r = Runs.run("analyze", etl.toString(), Paths.samples().resolve("tls13-ok.pcap").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("PktMon.etl").contains("etl2pcapng");
    }

    @Test
    void archivesAndCompressedCapturesCanComeFromStandardInput() throws IOException {
        Map<String, byte[]> entries = TestArchives.entries();
        entries.put("x.pcap", TestArchives.sample("server-closed.pcap"));
        byte[] tgz = TestArchives.gzip(TestArchives.tar(entries));
        Runs.Run r = Runs.run(new ByteArrayInputStream(tgz), false, "analyze", "--format", "jsonl", "-");
        assertThat(outcomes(r, "-!/x.pcap")).containsExactly("SERVER_CLOSED");
        assertThat(r.code()).isEqualTo(1);
        Runs.Run gz = Runs.run(new ByteArrayInputStream(TestArchives.gzip(TestArchives.sample("tls13-ok.pcap"))),
                false, "analyze", "--format", "jsonl", "-");
        assertThat(outcomes(gz, "-")).containsExactly("COMPLETED");
        assertThat(gz.code()).isEqualTo(0);
    }

    @Test
    void aMissingInputIsOneErrorAndTheOthersAreAnalyzed(@TempDir Path dir) {
        Runs.Run r = Runs.run("analyze", "--format", "jsonl", dir.resolve("nope.pcap").toString(),
                Paths.samples().resolve("tls13-ok.pcap").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.ofType("error")).singleElement().satisfies(e ->
                assertThat(e.get("kind").asText()).isEqualTo("missing"));
        assertThat(r.ofType("connection")).hasSize(1);
        assertThat(r.errLines()).singleElement().asString().contains("nope.pcap").contains("check the path");
    }

    @Test
    void aHundredCapturesWithAFewCorruptedGiveOneSummaryAndOneErrorPerCorruptFile(@TempDir Path dir)
            throws IOException {
        List<Path> samples;
        try (Stream<Path> s = Files.list(Paths.samples())) {
            samples = s.filter(p -> p.toString().matches(".*\\.(pcap|pcapng|pcap\\.gz)$")).sorted().toList();
        }
        List<String> corrupt = new java.util.ArrayList<>();
        int damaged = 0; // readable header, corrupt first record: captures with errors, 0 frames read
        for (int i = 0; i < 100; i++) {
            Path sample = samples.get(i % samples.size());
            Path copy = dir.resolve(String.format("%03d-%s", i, sample.getFileName()));
            byte[] bytes = Files.readAllBytes(sample);
            if (i % 30 == 7 && !sample.toString().endsWith(".gz") && !sample.toString().endsWith(".pcapng")) {
                bytes = TestArchives.corrupt(sample.getFileName().toString());
                corrupt.add(copy.toString());
                damaged++;
            } else if (i == 50) {
                bytes = java.util.Arrays.copyOf(bytes, 20);
                corrupt.add(copy.toString());
            }
            Files.write(copy, bytes);
        }
        assertThat(corrupt).hasSizeGreaterThanOrEqualTo(3);
        Runs.Run text = Runs.run("analyze", "--threads", "4", dir.toString());
        assertThat(text.code()).isEqualTo(2);
        assertThat(text.out().lines().filter(l -> l.equals("== Summary"))).hasSize(1);
        int others = corrupt.size() - damaged;
        assertThat(text.out()).contains((100 - corrupt.size()) + " captures analyzed, " + damaged
                + " captures with errors (counted up to the error), " + others + " other input"
                + (others == 1 ? "" : "s") + " with errors");
        assertThat(text.errLines()).hasSize(corrupt.size());
        for (String c : corrupt) {
            assertThat(text.errLines().stream().filter(l -> l.startsWith("hellocheck: " + c + ": "))).hasSize(1);
        }
        Runs.Run jsonl = Runs.run("analyze", "--format", "jsonl", dir.toString());
        assertThat(jsonl.ofType("error")).extracting(n -> n.get("capture").asText())
                .containsExactlyInAnyOrderElementsOf(corrupt);
        // a summary per capture read, damaged ones too (with their damaged_at_offset, 24: the first record)
        List<JsonNode> captureSummaries = jsonl.ofType("summary").stream()
                .filter(n -> n.get("scope").asText().equals("capture")).toList();
        assertThat(captureSummaries).hasSize(100 - corrupt.size() + damaged);
        assertThat(captureSummaries).filteredOn(n -> !n.get("damaged_at_offset").isNull()).hasSize(damaged)
                .allSatisfy(n -> {
                    assertThat(n.get("damaged_at_offset").asLong()).isEqualTo(24);
                    assertThat(n.get("frames").asLong()).isZero();
                });
        assertThat(jsonl.ofType("summary").stream().filter(n -> n.get("scope").asText().equals("batch")))
                .hasSize(1);
    }
}
