package io.hellocheck.batch;

/**
 * An input that is not a readable capture: one per failed file or archive entry. Whatever a capture
 * yielded before the failure (connection records) has already been handed over.
 *
 * @param capture    the input's name (a path as given, {@code -}, or {@code archive.zip!/entry.pcap})
 * @param kind       what kind of failure
 * @param message    what went wrong, one plain phrase (with the byte offset where there is one)
 * @param byteOffset offset in the (decompressed) input where reading failed, or -1
 * @param hint       what to do about it, one plain phrase
 */
public record InputError(String capture, Kind kind, String message, long byteOffset, String hint) {

    /** Kinds of failure, each with its standard hint. */
    public enum Kind {
        /** The path does not exist. */
        MISSING("check the path"),
        /** The file exists but cannot be read. */
        UNREADABLE("check that the file is readable"),
        /** The input is not a pcap or pcapng capture (nor an archive of them). */
        NOT_A_CAPTURE("check that it is a .pcap or .pcapng capture, plain or compressed (gzip, xz, zstd, bzip2)"),
        /** A capture that is damaged after its start; everything before the damage was reported. */
        CORRUPT("the capture is damaged from that offset on (records before it were reported); copy it again "
                + "or cut it before the offset with editcap"),
        /** A Windows ETW trace. */
        ETL_TRACE("convert it to pcapng with etl2pcapng first (https://github.com/microsoft/etl2pcapng)"),
        /** An archive or compressed stream that cannot be read. */
        ARCHIVE_CORRUPT("check the archive with its own tool (unzip -t, tar -tf, gzip -t, xz -t)"),
        /** A decompression bound of {@link ArchiveLimits} was hit. */
        ARCHIVE_LIMIT("if you trust the file, decompress or extract it first, or raise --max-entry-size or "
                + "--max-archive-size (the library's maxEntrySize and maxArchiveSize)"),
        /** An archive nested deeper than one level. */
        NESTED_ARCHIVE("extract the outer archive first; archives are opened one level deep"),
        /** An archive entry that is encrypted or uses a compression method that cannot be streamed. */
        UNSUPPORTED_ENTRY("extract the archive with its own tool first"),
        /** The BPF filter does not compile for this capture's link type. */
        FILTER("adjust --filter (the library's filter) to this capture's link type"),
        /** An unexpected failure of hellocheck itself. */
        INTERNAL("please report it as a bug, with the capture if you can share it");

        private final String hint;

        Kind(String hint) {
            this.hint = hint;
        }

        /** The standard hint of this kind. */
        public String hint() {
            return hint;
        }
    }

    /** An error with the standard hint of its kind. */
    public static InputError of(String capture, Kind kind, String message, long byteOffset) {
        return new InputError(capture, kind, message, byteOffset, kind.hint());
    }
}
