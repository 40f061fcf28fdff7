package io.hellocheck.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Entry point of the {@code hellocheck} command line. The only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        boolean[] tty = terminals();
        WrittenRecords written = new WrittenRecords();
        OutputStream fd = new EndOnClosedOutput(new FileOutputStream(FileDescriptor.out), written);
        // A report to a file or a pipe is buffered; on a terminal it is written as it comes.
        PrintStream out = new PrintStream(written.accepting(tty[1] ? fd : new BufferedOutputStream(fd, 1 << 16)),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = new Cli(out, err, System.in, tty[0], tty[1], written).run(args);
        out.flush();
        System.exit(code);
    }

    /**
     * Standard output that ends the run at once when writing to it fails because its reader went away
     * ({@code hellocheck ... | head}): nothing more can be reported, so reading the rest of the inputs would only
     * waste time. The exit code covers the records the reader got ({@link WrittenRecords#exitCode()}): 1 when a
     * failed handshake's record was among them, 2 when an error record was, else 0. Another failure (a full disk)
     * is passed on.
     */
    static final class EndOnClosedOutput extends OutputStream {
        private final OutputStream out;
        private final WrittenRecords written;

        EndOnClosedOutput(OutputStream out, WrittenRecords written) {
            this.out = out;
            this.written = written;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
                written.delivered(1);
            } catch (IOException e) {
                endIfClosed(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
                written.delivered(len);
            } catch (IOException e) {
                endIfClosed(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                endIfClosed(e);
            }
        }

        private void endIfClosed(IOException e) throws IOException {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Broken pipe") || m.contains("pipe is being closed") || m.contains("pipe has been ended")) {
                System.exit(written.exitCode());      // deleteOnExit still removes spill files where they keep a name
            }
            throw e;
        }
    }

    /**
     * Whether standard error and standard output are terminals. Java 17 only tells whether standard input
     * and output both are ({@link System#console()}). The launcher asks the shell ([ -t 2 ], [ -t 1 ]: builtins)
     * and passes the answers as {@code -Dhellocheck.stderr.tty} and {@code -Dhellocheck.stdout.tty}; without
     * them, Linux's {@code /proc} tells what each descriptor is open on ({@link #procTerminal}), and elsewhere on
     * Unix-like systems {@code test -t} asks about each stream ({@link #shellTerminals}), so that the progress bar
     * also shows while the report is redirected to a file.
     *
     * @return {standard error is a terminal, standard output is a terminal}
     */
    static boolean[] terminals() {
        String errTty = System.getProperty("hellocheck.stderr.tty");
        String outTty = System.getProperty("hellocheck.stdout.tty");
        if (errTty != null && outTty != null) {
            return new boolean[] {Boolean.parseBoolean(errTty), Boolean.parseBoolean(outTty)};
        }
        boolean console = System.console() != null;
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return new boolean[] {console, console};
        }
        Boolean err = procTerminal(2);
        Boolean out = procTerminal(1);
        if (err != null && out != null) {
            return new boolean[] {err, out};
        }
        boolean[] shell = shellTerminals();
        return shell != null ? shell : new boolean[] {console, console};
    }

    /**
     * Whether this process's file descriptor {@code fd} is a terminal, from the symbolic link
     * {@code /proc/self/fd/FD} (Linux, proc(5)): the file it is open on, {@code pipe:[inode]} or
     * {@code socket:[inode]}. A terminal is a character device with a {@link #isTerminalDevice terminal's name};
     * a pipe, a socket, a file (one under {@code /dev} too) or {@code /dev/null} is not.
     *
     * @return null where there is no such link (not Linux, no /proc), or for a character device of another name
     *         (the shell is asked then)
     */
    static Boolean procTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String name = Files.readSymbolicLink(link).toString();
            if (!name.startsWith("/dev/")) {
                return false;
            }
            boolean characterDevice = ((int) Files.getAttribute(link, "unix:mode") & 0170000) == 0020000;
            if (!characterDevice || name.equals("/dev/null")) {
                return false;
            }
            return isTerminalDevice(name) ? Boolean.TRUE : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /**
     * Whether {@code path} names a terminal device on Linux: a pseudo-terminal ({@code /dev/pts/N}), a virtual
     * console or serial line ({@code /dev/ttyN}, {@code /dev/ttySN}, {@code /dev/tty}), a hypervisor console
     * ({@code /dev/hvcN}), or {@code /dev/console}.
     */
    static boolean isTerminalDevice(String path) {
        return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty") || path.startsWith("/dev/hvc")
                || path.equals("/dev/console");
    }

    /**
     * Whether standard error and output are terminals, asked of {@code sh}'s {@code test -t} (a process started
     * with this process's streams).
     *
     * @return {standard error, standard output}, or null when the shell did not answer within 2 seconds or could
     *         not be started
     */
    static boolean[] shellTerminals() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "test -t 2 || exit 2; test -t 1 || exit 1; exit 0")
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroy();
                return null;
            }
            int exit = p.exitValue();
            return new boolean[] {exit == 0 || exit == 1, exit == 0};
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
