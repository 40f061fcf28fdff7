package io.hellocheck.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many TLS handshakes in flight at once ({@link InFlightCapture}: browser-sized ClientHellos in two segments, never
 * answered), analyzed in a JVM of its own started with the launcher's options (read from the {@code hellocheck}
 * script at the repository root): every one up to the JVM's connection cap is kept without eviction, their state
 * fits in the heap the budget gives them, and the output does not depend on the number of threads.
 */
class InFlightHandshakesTest {

    @TempDir
    Path tmp;

    @Test
    void everyHandshakeUpToTheCapStaysInFlightWithTheLaunchersHeap() throws Exception {
        int cap = Integer.parseInt(fork("limits").trim());
        Path file = tmp.resolve("in-flight.pcap");
        InFlightCapture.write(file, cap);
        String out = fork("in-flight", file.toString());
        Matcher m = Pattern.compile("live=(\\d+) evictions=(\\d+) heap_per_connection=(\\d+) records=(\\d+)")
                .matcher(out);
        assertThat(m.find()).as(out).isTrue();
        System.out.println("launcher options " + launcherOptions() + ": " + out.trim());
        assertThat(Integer.parseInt(m.group(1))).as("connections in flight").isEqualTo(cap);
        assertThat(Long.parseLong(m.group(2))).as("evictions").isZero();
        assertThat(Long.parseLong(m.group(3))).as("heap per handshake in flight, bytes")
                .isLessThan(MemoryBudget.BYTES_PER_CONNECTION);
        assertThat(Integer.parseInt(m.group(4))).as("records").isEqualTo(cap);
    }

    @Test
    void twoHeavyCapturesGiveTheSameBytesOnOneThreadAndOnTwo() throws Exception {
        int cap = Integer.parseInt(fork("limits").trim());
        int extra = 3000;
        Path a = tmp.resolve("a.pcap");
        Path b = tmp.resolve("b.pcap");
        InFlightCapture.write(a, cap + extra);
        InFlightCapture.write(b, cap + extra);
        String two = fork("batch", "2", a.toString(), b.toString());
        String one = fork("batch", "1", a.toString(), b.toString());
        assertThat(two).as("output with 2 threads").isEqualTo(one);
        assertThat(one.lines().filter(l -> l.contains("\"type\":\"connection\""))).hasSize(2 * (cap + extra));
        assertThat(one.lines().filter(l -> l.contains("\"evicted_connections\":" + extra))).hasSize(2);
        assertThat(one.lines().filter(l -> l.contains("\"type\":\"warning\"") && l.contains("evicted"))).hasSize(2);
    }

    /** The JVM options of the {@code hellocheck} launcher (its {@code default_opts=(...)} line). */
    static List<String> launcherOptions() throws IOException {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("hellocheck");
        for (String line : Files.readAllLines(script)) {
            if (line.startsWith("default_opts=(") && line.endsWith(")")) {
                return Arrays.asList(line.substring("default_opts=(".length(), line.length() - 1).trim().split("\\s+"));
            }
        }
        throw new AssertionError("no default_opts=(...) line in " + script);
    }

    /** Runs {@link LoadRun} with these arguments in a JVM with the launcher's options; its standard output. */
    private static String fork(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(launcherOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LoadRun.class.getName());
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("the forked JVM ends").isTrue();
        assertThat(p.exitValue()).as("exit code of " + cmd.subList(cmd.size() - args.length - 1, cmd.size())).isZero();
        return new String(out.get(), StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
