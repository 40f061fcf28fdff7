package io.hellocheck;

import io.hellocheck.result.BatchSummary;
import io.hellocheck.result.CaptureResult;
import io.hellocheck.result.CaptureWarning;
import io.hellocheck.result.ConnectionRecord;
import io.hellocheck.result.InputError;
import java.util.List;

/**
 * Receives what an analysis finds as it finds it, so that memory does not grow with the input: for each
 * capture, {@link #captureStarted}, its {@link #connection} records as soon as their outcome is decided, then
 * {@link #captureFinished}. Calls come from one thread at a time, in input order whatever the number of threads.
 * Every method does nothing by default.
 *
 * <p>A runtime exception out of {@link #connection} costs only that record: it becomes an {@link InputError}
 * of kind {@code INTERNAL} of its capture; an {@link java.io.UncheckedIOException} (the output failed) ends the
 * analysis.
 */
public interface AnalysisListener {

    /**
     * The inputs were expanded (folders walked); called once, before anything else.
     *
     * @param inputs the files to read, in order: captures, archives, the stream's name
     */
    default void started(List<String> inputs) {
    }

    /**
     * A capture is about to be read.
     *
     * @param capture its name: a path as given, or {@code archive.zip!/entry.pcap}
     */
    default void captureStarted(String capture) {
    }

    /**
     * A connection record of the current capture, as soon as its outcome is decided.
     *
     * @param record the record
     */
    default void connection(ConnectionRecord record) {
    }

    /**
     * The current capture ended: read to its end, or damaged after its start ({@link CaptureResult#error()}
     * present). Its connection records came through {@link #connection}: {@code result.connections()} is
     * empty; the servers, summary and warnings are there.
     *
     * @param result the capture's result without its connection records
     */
    default void captureFinished(CaptureResult result) {
    }

    /**
     * An input or archive entry is not a readable capture, or one connection record could not be handed over
     * (kind {@code INTERNAL}; the capture goes on).
     *
     * @param error what failed
     */
    default void error(InputError error) {
    }

    /**
     * Something to know about an archive as a whole (cut short, too many entries).
     *
     * @param input   the archive's name
     * @param warning what to know
     */
    default void warning(String input, CaptureWarning warning) {
    }

    /**
     * A file in a folder or archive that is not a capture was skipped.
     *
     * @param name its name
     */
    default void skipped(String name) {
    }

    /**
     * The analysis ended; called once, last, unless it was cancelled or failed.
     *
     * @param summary the totals
     */
    default void finished(BatchSummary summary) {
    }
}
