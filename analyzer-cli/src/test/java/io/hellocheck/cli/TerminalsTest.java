package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link Main#terminals()} without the launcher's answers: the names Linux gives a descriptor's file in
 * {@code /proc/self/fd} against the shell's {@code test -t} (isatty(3)), on a real pseudo-terminal made by
 * {@code script(1)} and on this JVM's own streams.
 */
class TerminalsTest {
    /** What {@code command} prints when run by {@code script} on a new pseudo-terminal, its lines. */
    private static List<String> onPseudoTerminal(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().map(String::strip).toList();
    }

    @Test
    @EnabledOnOs(OS.LINUX) // util-linux's script(1) and /proc/self/fd
    void aPseudoTerminalIsATerminalDeviceAndAPipeOrAFileIsNot() throws Exception {
        List<String> tty = onPseudoTerminal("test -t 1 && echo isatty; readlink /proc/self/fd/1");
        assertThat(tty.get(0)).isEqualTo("isatty");
        assertThat(tty.get(1)).startsWith("/dev/");
        assertThat(Main.isTerminalDevice(tty.get(1))).isTrue();
        List<String> pipe = onPseudoTerminal("(test -t 1 || echo notatty; readlink /proc/self/fd/1) | cat");
        assertThat(pipe.get(0)).isEqualTo("notatty");
        assertThat(pipe.get(1)).startsWith("pipe:[");
        assertThat(Main.isTerminalDevice(pipe.get(1))).isFalse();
        List<String> file = onPseudoTerminal("(test -t 0 || echo notatty; readlink /proc/self/fd/0) < /dev/null");
        assertThat(file).containsExactly("notatty", "/dev/null");
        assertThat(Main.isTerminalDevice(file.get(1))).isFalse();
    }

    @Test
    void namesOfOtherTerminalsAndFiles() {
        assertThat(List.of("/dev/tty1", "/dev/ttyS0", "/dev/tty", "/dev/console", "/dev/pts/12", "/dev/hvc0"))
                .allMatch(Main::isTerminalDevice);
        assertThat(List.of("/dev/null", "/tmp/report.jsonl", "socket:[8812]", "pipe:[4242]"))
                .noneMatch(Main::isTerminalDevice);
    }

    /** The descriptor of this process open on {@code device}, found in {@code /proc/self/fd}. */
    private static int descriptorOf(String device) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(device)) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (IOException e) {
                    // the descriptor of the listing itself, closed by now
                }
            }
        }
        throw new IllegalStateException("no descriptor open on " + device);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void otherCharacterDevicesAreNotTerminalsOrAreLeftToTheShell() throws IOException {
        try (FileInputStream empty = new FileInputStream("/dev/null");
             FileInputStream zeros = new FileInputStream("/dev/zero")) {
            assertThat(Main.procTerminal(descriptorOf("/dev/null"))).isFalse();
            assertThat(Main.procTerminal(descriptorOf("/dev/zero"))).isNull();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thisJvmsStreamsAsTheShellSeesThem() {
        boolean[] shell = Main.shellTerminals();
        assertThat(shell).isNotNull();
        assertThat(new Boolean[] {Main.procTerminal(2), Main.procTerminal(1)})
                .containsExactly(shell[0], shell[1]);
    }
}
