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
 * standard input, which never ends; its reader takes one line and closes the pipe. The run must end at once with
 * exit code 0: reading on would wait for standard input forever.
 */
class ClosedOutputTest {

    @TempDir
    Path tmp;

    @Test
    void aClosedStandardOutputEndsTheRunAtOnceWithExitCode0() throws Exception {
        Path sample = Paths.samples().resolve("server-alert-40-tls12.pcap");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dhellocheck.stderr.tty=false", "-Dhellocheck.stdout.tty=false",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "analyze", "--format", "jsonl", "--threads", "2"));
        for (int i = 0; i < 300; i++) {
            Path copy = tmp.resolve(String.format("c%03d.pcap", i));
            Files.copy(sample, copy);
            cmd.add(copy.toString());
        }
        cmd.add("-");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // standard input stays open: the last input never ends
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).startsWith("{\"type\":");
        }
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("the run ended once its output was closed").isTrue();
        assertThat(p.exitValue()).isZero();
    }
}
