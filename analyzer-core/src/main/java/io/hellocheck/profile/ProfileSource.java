package io.hellocheck.profile;

import java.util.Objects;

/**
 * Where a {@link ServerProfile} comes from, for labelling it in the output.
 *
 * <p>Shapes: {@code builtin: reference/mozilla/5.7.json configurations.intermediate
 * (mozilla/ssl-config-generator src/static/guidelines/5.7.json, commit b2a5a06...)} for a built-in
 * profile (the reference file, repository, path and commit, as {@code reference/README.md} gives them);
 * {@code user: /etc/hellocheck/server.json (testssl.sh --jsonfile output)} for a profile the user gave.
 *
 * @param kind      built in or given by the user
 * @param reference the file or reference it came from, one line
 */
public record ProfileSource(Kind kind, String reference) {

    /** The two kinds of profile source; {@link #label()} is the word used in output. */
    public enum Kind {
        /** Generated from the reference data and shipped with hellocheck ({@link BuiltinProfiles}). */
        BUILTIN,
        /** Read from a file the user gave ({@link ServerProfiles}). */
        USER;

        /** "builtin" or "user". */
        public String label() {
            return this == BUILTIN ? "builtin" : "user";
        }
    }

    /** Checks that both parts are present and the reference is one line. */
    public ProfileSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reference, "reference");
        if (reference.isBlank() || reference.indexOf('\n') >= 0 || reference.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("reference must be one non-blank line: " + reference);
        }
    }

    /** A built-in source. */
    public static ProfileSource builtin(String reference) {
        return new ProfileSource(Kind.BUILTIN, reference);
    }

    /** A user-given source. */
    public static ProfileSource user(String reference) {
        return new ProfileSource(Kind.USER, reference);
    }

    /** {@code "builtin: <reference>"} or {@code "user: <reference>"}. */
    @Override
    public String toString() {
        return kind.label() + ": " + reference;
    }
}
