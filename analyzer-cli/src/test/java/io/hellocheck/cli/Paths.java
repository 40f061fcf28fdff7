package io.hellocheck.cli;

import java.nio.file.Path;

/** Locations the build passes to the tests (see the parent pom's surefire configuration). */
final class Paths {
    private Paths() {
    }

    /** The repository root. */
    static Path root() {
        String r = System.getProperty("hellocheck.root");
        return r == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(r);
    }

    static Path samples() {
        return root().resolve("sample-captures");
    }
}
