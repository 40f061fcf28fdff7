package io.hellocheck.batch;

/**
 * Progress of a batch, for a progress bar. Called from the worker threads: implementations must be
 * thread-safe. All methods do nothing by default.
 */
public interface ProgressListener {

    /**
     * The work is known.
     *
     * @param files      files and archive entries to read (an archive read as a stream counts once)
     * @param totalBytes their size on disk, or -1 when unknown (standard input)
     */
    default void started(int files, long totalBytes) {
    }

    /** More bytes of the inputs were read (compressed bytes, as on disk). */
    default void bytesRead(long bytes) {
    }

    /** A file or archive entry is done. */
    default void fileDone(String name, boolean failed) {
    }
}
