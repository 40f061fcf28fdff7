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
 * Many TLS handshakes in flight at once ({@link InFlightCapture}: browser-sized ClientHellos of 1,759 bytes in two
 * segments, never answered), analyzed in a JVM of its own started with the launcher's options (read from the
 * {@code hellocheck} script at the repository root): issue 15 asks that 100,000 fit in the launcher's heap before
 * any eviction, and that the output never depend on the number of threads.
 */
class InFlightHandshakesTest {

    /** Handshakes in flight at once that the launcher's heap holds without eviction (issue 15). */
    static final int IN_FLIGHT = 100_000;

    @TempDir
    Path tmp;

    @Test
    void aHundredThousandHandshakesStayInFlightWithTheLaunchersHeap() throws Exception {
        List<String> jvm = launcherOptions();
        int cap = Integer.parseInt(fork(jvm, "limits").trim());
        assertThat(cap).as("connection cap with the launcher's options").isGreaterThanOrEqualTo(IN_FLIGHT);
        Path file = tmp.resolve("in-flight.pcap");
        InFlightCapture.write(file, IN_FLIGHT);
        String out = fork(jvm, "in-flight", file.toString());
        Matcher m = Pattern.compile("live=(\\d+) evictions=(\\d+) heap_per_connection=(\\d+) records=(\\d+)")
                .matcher(out);
        assertThat(m.find()).as(out).isTrue();
        System.out.println("launcher options " + jvm + ": " + out.trim());
        assertThat(Integer.parseInt(m.group(1))).as("connections in flight").isEqualTo(IN_FLIGHT);
        assertThat(Long.parseLong(m.group(2))).as("evictions").isZero();
        assertThat(Long.parseLong(m.group(3))).as("heap per handshake in flight, bytes")
                .isLessThan(MemoryBudget.BYTES_PER_CONNECTION);
        assertThat(Integer.parseInt(m.group(4))).as("records").isEqualTo(IN_FLIGHT);
    }

    /**
     * Two captures of more handshakes in flight than the cap, on 2 threads and on 1: the same bytes, each capture
     * evicting the same connections. With the launcher's options but {@code -Xmx192m} (its heap before issue 15):
     * the budget's rules are the same at every heap size, and at the launcher's own cap the four runs of some 100,000
     * handshakes each would take minutes.
     */
    @Test
    void twoHeavyCapturesGiveTheSameBytesOnOneThreadAndOnTwo() throws Exception {
        List<String> jvm = new ArrayList<>(launcherOptions());
        jvm.add("-Xmx192m");
        int cap = Integer.parseInt(fork(jvm, "limits").trim());
        int extra = 3000;
        Path a = tmp.resolve("a.pcap");
        Path b = tmp.resolve("b.pcap");
        InFlightCapture.write(a, cap + extra);
        InFlightCapture.write(b, cap + extra);
        String two = fork(jvm, "batch", "2", a.toString(), b.toString());
        String one = fork(jvm, "batch", "1", a.toString(), b.toString());
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

    /** Runs {@link LoadRun} with these arguments in a JVM with the options {@code jvm}; its standard output. */
    private static String fork(List<String> jvm, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
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
