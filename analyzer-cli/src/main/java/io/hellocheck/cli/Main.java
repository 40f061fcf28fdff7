package io.hellocheck.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Entry point of the {@code hellocheck} command line. The only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        // Progress on standard error only on a terminal (System.console() is null when redirected).
        int code = new Cli(out, err, System.in, System.console() != null).run(args);
        out.flush();
        System.exit(code);
    }
}
