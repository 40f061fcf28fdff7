package io.hellocheck.result;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * An input, or an archive entry, that is not a readable capture, or a capture damaged after its start (JSON
 * {@code "type": "error"}). Immutable.
 */
public final class InputError {
    private final io.hellocheck.batch.InputError error;

    InputError(io.hellocheck.batch.InputError error) {
        this.error = error;
    }

    io.hellocheck.batch.InputError internal() {
        return error;
    }

    /** What kind of failure; the JSON value is the constant's name in lower case. */
    public enum Kind {
        /** The path does not exist. */
        MISSING,
        /** The file exists but cannot be read. */
        UNREADABLE,
        /** Not a pcap or pcapng capture, plain or compressed, nor an archive of them. */
        NOT_A_CAPTURE,
        /** A capture damaged after its start; what came before the damage was analyzed. */
        CORRUPT,
        /** A Windows ETW trace (convert it with etl2pcapng). */
        ETL_TRACE,
        /** An archive or compressed stream that cannot be read. */
        ARCHIVE_CORRUPT,
        /** A decompression bound was hit (see {@code HelloCheck.Builder#maxEntrySize}). */
        ARCHIVE_LIMIT,
        /** An archive nested in an archive. */
        NESTED_ARCHIVE,
        /** An encrypted archive entry, or one whose compression cannot be streamed. */
        UNSUPPORTED_ENTRY,
        /** The BPF filter does not compile for this capture's link type. */
        FILTER,
        /** A bug of hellocheck. */
        INTERNAL;

        /** {@return the JSON value}, {@code not_a_capture} */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@return the input's name}: a path as given, {@code -}, or {@code archive.zip!/entry.pcap} */
    public String capture() {
        return error.capture();
    }

    /** {@return what kind of failure} */
    public Kind kind() {
        return Kind.valueOf(error.kind().name());
    }

    /** {@return what went wrong}, one plain phrase */
    public String message() {
        return error.message();
    }

    /** {@return the byte offset in the (decompressed) input where reading failed}, or empty */
    public OptionalLong byteOffset() {
        return error.byteOffset() < 0 ? OptionalLong.empty() : OptionalLong.of(error.byteOffset());
    }

    /** {@return what to do about it}, one plain phrase */
    public String hint() {
        return error.hint();
    }

    /** {@return {@code capture: message}} */
    @Override
    public String toString() {
        return capture() + ": " + message();
    }
}
