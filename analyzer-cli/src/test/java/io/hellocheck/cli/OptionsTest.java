package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --server-profile, --help, usage errors, -o and --quiet, the progress bar. */
class OptionsTest {

    @Test
    void aServerProfileIsASecondCipherOverlapSource(@TempDir Path dir) throws IOException {
        Path profile = Files.writeString(dir.resolve("server.txt"), "# what the server is configured with\n"
                + "TLS_AES_256_GCM_SHA384\nECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384\n");
        Runs.Run r = Runs.run("analyze", "--format", "jsonl", "--server-profile", profile.toString(),
                Paths.samples().resolve("tls13-ok.pcap").toString(),
                Paths.samples().resolve("server-alert-40-tls12.pcap").toString());
        JsonNode ok = r.ofType("connection").get(0).get("cipher_overlap");
        assertThat(ok.get("source").asText()).isEqualTo("completed_handshakes_in_capture");
        assertThat(ok.get("sources")).hasSizeGreaterThan(2);
        assertThat(ok.get("sources").get(0).get("source").asText()).isEqualTo("completed_handshakes_in_capture");
        JsonNode fromProfile = ok.get("sources").get(1);
        assertThat(fromProfile.get("source").asText()).isEqualTo("server_profile");
        assertThat(fromProfile.get("profile").asText()).isEqualTo("user:server.txt");
        assertThat(fromProfile.get("reference").asText()).startsWith(profile.toString());
        assertThat(ok.get("sources").get(2).get("source").asText()).isEqualTo("builtin_profile");
        assertThat(fromProfile.get("server_accepted").toString()).isEqualTo("[\"TLS_AES_256_GCM_SHA384\","
                + "\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\",\"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\"]");
        assertThat(fromProfile.get("offered_and_accepted").toString()).isEqualTo("[\"TLS_AES_256_GCM_SHA384\"]");
        // The TLS 1.2 client offered only TLS_RSA_WITH_AES_128_CBC_SHA: nothing in common with the profile.
        JsonNode failed = r.ofType("connection").get(1).get("cipher_overlap").get("sources").get(1);
        assertThat(failed.get("offered_and_accepted")).isEmpty();
        Runs.Run text = Runs.run("analyze", "--server-profile", profile.toString(),
                Paths.samples().resolve("server-alert-40-tls12.pcap").toString());
        assertThat(text.out().replaceAll("\\s+", " "))
                .contains("offered suites in the server profile " + profile + " (cipher suite list): none");
    }

    @Test
    void anUnknownNameInAServerProfileIsAWarningAndAProfileWithoutSuitesAUsageError(@TempDir Path dir)
            throws IOException {
        Path profile = Files.writeString(dir.resolve("server.txt"), "TLS_AES_256_GCM_SHA384\nNOT_A_SUITE\n");
        Runs.Run r = Runs.run("analyze", "--server-profile", profile.toString(), Paths.samples().toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().contains("warning").contains("line 2")
                .contains("NOT_A_SUITE");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "NOT_A_SUITE\n");
        Runs.Run bad = Runs.run("analyze", "--server-profile", empty.toString(), Paths.samples().toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.errLines()).singleElement().asString().contains("empty.txt").contains("no cipher suite");
        Runs.Run missing = Runs.run("analyze", "--server-profile", dir.resolve("none.txt").toString(),
                Paths.samples().toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.errLines()).singleElement().asString().contains("none.txt");
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() {
        for (String[] args : new String[][] {
                {"analyze", "--threads", "0", "x.pcap"},
                {"analyze", "--threads", "many", "x.pcap"},
                {"analyze", "--max-entry-size", "big", "x.pcap"},
                {"analyze", "--format", "xml", "x.pcap"},
                {"analyze", "--tls-port", "70000", "x.pcap"},
                {"analyze", "--bogus", "x.pcap"},
                {"analyze"}}) {
            Runs.Run r = Runs.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.errLines()).as(String.join(" ", args)).hasSize(1);
        }
    }

    @Test
    void helpListsTheOptionsAndTheExitCodes() {
        Runs.Run help = Runs.run("analyze", "--help");
        assertThat(help.code()).isEqualTo(0);
        for (String option : new String[] {"--format", "--only-failures", "--filter", "--server-profile", "--tls-port",
                "--threads", "--redact", "-o", "--quiet", "--help", "--version", "csv"}) {
            assertThat(help.out()).contains(option);
        }
        assertThat(help.out()).contains("Exit codes: 0").contains("1 every input").contains("2 a usage error");
        assertThat(help.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
        assertThat(Runs.run("--version").out()).startsWith("hellocheck ");
    }

    @Test
    void quietPrintsNothingButStillWritesTheReportFile(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("report.jsonl");
        Runs.Run r = Runs.run("analyze", "-q", "--format", "jsonl", "-o", report.toString(),
                Paths.samples().toString(), dir.resolve("missing.pcap").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        assertThat(Files.readAllLines(report)).last().asString().contains("\"scope\":\"batch\"");
    }

    @Test
    void aProgressBarGoesToStandardErrorOnATerminal() {
        Runs.Run r = Runs.run(new ByteArrayInputStream(new byte[0]), true, "analyze", "--format", "jsonl",
                Paths.samples().toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("hellocheck").contains("files").contains("MiB");
        // The report itself is untouched.
        assertThat(r.out()).isEqualTo(Runs.run("analyze", "--format", "jsonl", Paths.samples().toString()).out());
    }
}
