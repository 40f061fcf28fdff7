package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hellocheck analyze ... | head -1}: the command line, in a JVM of its own, is given 300 captures and then
 * standard input, which never ends; its reader takes one line and closes the pipe. The run must end at once: reading
 * on would wait for standard input forever. Its exit code covers the records written before the pipe closed
 * (CONTRACT.md): 1 when a failed handshake was among them, 2 when an error record was, else 0, whatever the inputs
 * after standard input hold (never written).
 */
class ClosedOutputTest {

    @TempDir
    Path tmp;

    @Test
    void aClosedStandardOutputAfterFailedHandshakesEndsTheRunAtOnceWithExitCode1() throws Exception {
        // server-alert-40-tls12.pcap: SERVER_ALERT handshake_failure (sample-captures/EXPECTED.tsv, from tshark)
        List<String> inputs = copies("server-alert-40-tls12.pcap", 300);
        inputs.add("-");
        assertThat(runUntilFirstLine(inputs)).isEqualTo(ExitCodes.FAILED_HANDSHAKE);
    }

    @Test
    void aClosedStandardOutputAfterCompletedHandshakesOnlyExitsWith0() throws Exception {
        // tls13-ok.pcap: one completed TLS 1.3 handshake; the failed one after standard input is never written
        List<String> inputs = copies("tls13-ok.pcap", 300);
        inputs.add("-");
        inputs.add(Paths.samples().resolve("server-alert-40-tls12.pcap").toString());
        assertThat(runUntilFirstLine(inputs)).isEqualTo(ExitCodes.OK);
    }

    @Test
    void aClosedStandardOutputAfterAnErrorRecordExitsWith2() throws Exception {
        Path notACapture = tmp.resolve("notes.pcap");
        Files.writeString(notACapture, "not a capture, a text file with a capture's name\n");
        List<String> inputs = new ArrayList<>(List.of(notACapture.toString()));
        inputs.addAll(copies("tls13-ok.pcap", 300));
        inputs.add("-");
        assertThat(runUntilFirstLine(inputs)).isEqualTo(ExitCodes.USAGE_OR_UNREADABLE);
    }

    private List<String> copies(String sample, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path copy = tmp.resolve(String.format("%s-%03d.pcap", sample, i));
            Files.copy(Paths.samples().resolve(sample), copy);
            out.add(copy.toString());
        }
        return out;
    }

    /** Runs {@code analyze --format jsonl INPUTS}, reads one line, closes the pipe; the exit code. */
    private static int runUntilFirstLine(List<String> inputs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dhellocheck.stderr.tty=false", "-Dhellocheck.stdout.tty=false",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "analyze", "--format", "jsonl", "--threads", "2"));
        cmd.addAll(inputs);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // standard input stays open: that input never ends
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).startsWith("{\"type\":");
        }
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("the run ended once its output was closed").isTrue();
        return p.exitValue();
    }
}
