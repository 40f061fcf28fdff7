package io.hellocheck.batch;

/**
 * Bounds on decompression, against archives built to exhaust time or memory ("zip bombs").
 *
 * <p>Entries are streamed, never written to disk, so the bounds are about how much is read: an archive
 * entry may expand to at most {@code maxEntryBytes}, all entries of one archive (nested ones included) to
 * at most {@code maxArchiveBytes}, and no compressed stream may expand more than {@code maxRatio} times
 * once it has produced {@link #RATIO_CHECK_AFTER_BYTES}. A standalone compressed capture
 * ({@code trace.pcap.gz}, not in an archive) is bounded by the ratio only, so that a large legitimate
 * capture is never cut. An archive may hold at most {@code maxEntries} entries; archives nest one level
 * (an archive inside an archive is opened, one inside that is not).
 *
 * @param maxEntryBytes   decompressed bytes per archive entry (default 4 GiB)
 * @param maxArchiveBytes decompressed bytes per archive, all entries together (default 32 GiB)
 * @param maxRatio        largest decompressed-to-compressed ratio (default 1000)
 * @param maxEntries      entries read per archive (default 100,000)
 */
public record ArchiveLimits(long maxEntryBytes, long maxArchiveBytes, int maxRatio, int maxEntries) {
    /** The ratio is checked once a stream has produced this many bytes (64 MiB). */
    public static final long RATIO_CHECK_AFTER_BYTES = 64L << 20;

    public ArchiveLimits {
        if (maxEntryBytes <= 0 || maxArchiveBytes <= 0 || maxRatio <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }

    /** 4 GiB per entry, 32 GiB per archive, ratio 1000, 100,000 entries. */
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(4L << 30, 32L << 30, 1000, 100_000);
    }

    /** The same limits with another per-entry bound. */
    public ArchiveLimits withMaxEntryBytes(long bytes) {
        return new ArchiveLimits(bytes, maxArchiveBytes, maxRatio, maxEntries);
    }

    /** The same limits with another per-archive bound. */
    public ArchiveLimits withMaxArchiveBytes(long bytes) {
        return new ArchiveLimits(maxEntryBytes, bytes, maxRatio, maxEntries);
    }
}
