package io.hellocheck.result;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * What one analysis found over its inputs: one {@link CaptureResult} per capture (a file, an archive entry, or
 * a merged group), the inputs that were not readable captures, and the totals. Immutable.
 */
public final class AnalysisResult {
    private final List<String> inputs;
    private final List<CaptureResult> captures;
    private final List<InputError> errors;
    private final List<String> skipped;
    private final BatchSummary summary;

    AnalysisResult(List<String> inputs, List<CaptureResult> captures, List<InputError> errors, List<String> skipped,
                   BatchSummary summary) {
        this.inputs = List.copyOf(inputs);
        this.captures = List.copyOf(captures);
        this.errors = List.copyOf(errors);
        this.skipped = List.copyOf(skipped);
        this.summary = summary;
    }

    /** {@return the files read}, in order, after folders were walked: captures, archives, the name given for a stream */
    public List<String> inputs() {
        return inputs;
    }

    /** {@return one result per capture}, in input order (damaged captures too, with their error) */
    public List<CaptureResult> captures() {
        return captures;
    }

    /**
     * {@return the only capture's result}, for an input that is one capture
     *
     * @throws NoSuchElementException when there is not exactly one, with the first error's message if any
     */
    public CaptureResult capture() {
        if (captures.size() == 1) {
            return captures.get(0);
        }
        throw new NoSuchElementException(captures.isEmpty() && !errors.isEmpty() ? errors.get(0).toString()
                : captures.size() + " captures, not one");
    }

    /**
     * {@return the inputs and archive entries that yielded no capture}: missing, unreadable, not a capture,
     * corrupt archives, decompression limits; in input order (the damage of a capture that was read up to it is
     * its {@link CaptureResult#error()}, not here)
     */
    public List<InputError> errors() {
        return errors;
    }

    /** {@return files in folders and archives skipped because they are not captures} */
    public List<String> skipped() {
        return skipped;
    }

    /** {@return the totals} */
    public BatchSummary summary() {
        return summary;
    }

    /** {@return whether at least one handshake failed} */
    public boolean hasFailures() {
        return summary.hasFailures();
    }

    /** {@return the totals' text} */
    @Override
    public String toString() {
        return summary.toString();
    }
}
