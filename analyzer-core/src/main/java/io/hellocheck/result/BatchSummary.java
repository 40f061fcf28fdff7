package io.hellocheck.result;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Totals over every input of one analysis (JSON {@code "type": "summary", "scope": "batch"}). Immutable. */
public final class BatchSummary {
    private final io.hellocheck.batch.BatchSummary summary;

    BatchSummary(io.hellocheck.batch.BatchSummary summary) {
        this.summary = summary;
    }

    io.hellocheck.batch.BatchSummary internal() {
        return summary;
    }

    /** {@return captures read to their end} */
    public int captures() {
        return summary.captures();
    }

    /** {@return inputs or archive entries that were not readable captures, or were damaged} */
    public int errors() {
        return summary.errors();
    }

    /** {@return files in folders and archives skipped as not captures} */
    public int skippedFiles() {
        return summary.skippedFiles();
    }

    /** {@return frames read over all captures} */
    public long frames() {
        return summary.frames();
    }

    /** {@return connection records over all captures} */
    public long connectionRecords() {
        return summary.connectionRecords();
    }

    /** {@return records with a failed handshake} */
    public long failedHandshakes() {
        return summary.failedHandshakes();
    }

    /** {@return records per outcome}, only outcomes seen, in the enum's order */
    public Map<Outcome, Long> outcomes() {
        Map<Outcome, Long> m = new EnumMap<>(Outcome.class);
        summary.outcomes().forEach((k, v) -> {
            if (v > 0) {
                m.put(Outcome.of(k), v);
            }
        });
        return Collections.unmodifiableMap(m);
    }

    /** {@return whether at least one handshake failed} */
    public boolean hasFailures() {
        return summary.hasFailures();
    }

    /** {@return {@code N captures, N records, N failed, N errors}}, singular for 1 ("1 capture") */
    @Override
    public String toString() {
        return Counts.of(captures(), "capture") + ", " + Counts.of(connectionRecords(), "record") + ", "
                + failedHandshakes() + " failed, " + Counts.of(errors(), "error");
    }
}
