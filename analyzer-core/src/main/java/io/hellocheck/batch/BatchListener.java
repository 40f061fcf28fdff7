package io.hellocheck.batch;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.analysis.ConnectionRecord;
import java.util.List;

/**
 * Receives what a {@link BatchAnalyzer} finds, on the thread that called
 * {@link BatchAnalyzer#run(List, java.io.InputStream, BatchListener)}, in input order whatever the number of
 * threads: for each capture {@link #captureStarted}, its {@link #connection} records as soon as their
 * outcome is decided, then {@link #captureFinished}, {@link #captureFailed} (damaged after its start) or
 * {@link #error}. All methods do nothing by default, but {@link #captureFailed}, which calls {@link #error}.
 */
public interface BatchListener {

    /**
     * The inputs were expanded (folders walked, archives listed); called once, before anything else.
     *
     * @param inputs     the files to read, in order: captures, archives, {@code -} for standard input
     * @param totalBytes their size on disk (0 for standard input)
     */
    default void inputs(List<String> inputs, long totalBytes) {
    }

    /** A capture is about to be read. */
    default void captureStarted(String capture) {
    }

    /** A connection record of the current capture, as soon as its outcome is decided. */
    default void connection(ConnectionRecord record) {
    }

    /**
     * Per-record work that need not wait for the record's turn (rendering it, say), so that it can run in
     * parallel: when the batch has more than one capture, it is called on the worker thread that analyzed the
     * record, as soon as the record is decided; with a single capture, on the listener's thread, just before
     * {@link #connection(ConnectionRecord, Object)} (then it runs in parallel with the analysis instead). The
     * result comes back with the record in {@link #connection(ConnectionRecord, Object)}. Must be thread-safe
     * and must not depend on the order of the records. A runtime exception out of it (a bug rendering this
     * record) costs only this record: in its turn, {@link #error} gets an {@code INTERNAL} error of its capture
     * naming the connection and its frame, instead of {@link #connection(ConnectionRecord, Object)}. Default: null.
     */
    default Object prepare(ConnectionRecord record) {
        return null;
    }

    /**
     * Whether {@link #connection(ConnectionRecord, Object)} needs the record when {@link #prepare} returned a
     * {@code byte[]}. When false, such records reach it as null with their bytes, and the batch may keep the
     * bytes of a capture far ahead of the one being handed over in a temporary file (in {@code java.io.tmpdir},
     * deleted once handed over) rather than in the heap or making its worker wait. Default: true.
     */
    default boolean recordNeededWhenPrepared() {
        return true;
    }

    /**
     * A connection record of the current capture, with what {@link #prepare} returned for it; the record is
     * null when {@code prepared} is a {@code byte[]} and {@link #recordNeededWhenPrepared()} is false.
     * An {@link java.io.UncheckedIOException} out of it (the output failed) ends the run; any other runtime
     * exception becomes an {@code INTERNAL} error of the record's capture, as for {@link #prepare}, so it must
     * write nothing of a record it fails on. Default: calls {@link #connection(ConnectionRecord)}.
     */
    default void connection(ConnectionRecord record, Object prepared) {
        connection(record);
    }

    /**
     * The current capture was read to its end. Its connection records came through {@link #connection};
     * {@code result.connections()} is empty, the servers, summary and warnings are there.
     */
    default void captureFinished(CaptureResult result) {
    }

    /**
     * The current capture is damaged after its start: it was analyzed as if it ended just before the damage,
     * then reading failed with {@code error} (kind {@code CORRUPT}, with the damage's byte offset). Its connection records up to the damage came through {@link #connection};
     * {@code partial.connections()} is empty, the servers, summary (the frames, bytes and connections read
     * before the damage) and warnings are there. Default: calls {@link #error(InputError)}.
     */
    default void captureFailed(CaptureResult partial, InputError error) {
        error(error);
    }

    /** Something to know about an archive as a whole (cut short, too many entries). */
    default void warning(String input, CaptureWarning warning) {
    }

    /**
     * An input, or an archive entry, is not a readable capture; or one connection record of the current
     * capture could not be prepared or written (kind {@code INTERNAL}; the capture's other records and its end
     * follow as usual). When it follows {@link #captureStarted}, the capture's records up to the failure were
     * handed over already.
     */
    default void error(InputError error) {
    }

    /** A file in a folder or archive that is not a capture was skipped. */
    default void skipped(String name) {
    }
}
