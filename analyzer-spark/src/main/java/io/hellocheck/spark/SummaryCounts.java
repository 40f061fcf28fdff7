package io.hellocheck.spark;

import io.hellocheck.analysis.Outcome;
import io.hellocheck.batch.BatchSummary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The counts of the batch summary ({@code "scope": "batch"} in CONTRACT.md, same key names) over some inputs:
 * sums, so that the counts of the files add up to those of the whole input. The per-server and per-client
 * lists of the CLI's batch summary are not here (the pooled server records are).
 */
final class SummaryCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The counted fields, in the order of the CLI's batch summary. */
    static final List<String> FIELDS = List.of("captures", "errors", "captures_with_errors", "warnings",
            "skipped_files", "frames", "bytes", "tcp_connections", "connection_records", "failed_handshakes",
            "records_without_client_hello");

    private final long[] values = new long[FIELDS.size()];
    /** Records per outcome, indexed by {@link Outcome#ordinal()}. */
    private final long[] outcomes = new long[Outcome.values().length];

    static SummaryCounts of(BatchSummary s) {
        SummaryCounts c = new SummaryCounts();
        long[] v = {s.captures(), s.errors(), s.capturesWithErrors(), s.warnings(), s.skippedFiles(), s.frames(),
            s.bytes(), s.tcpConnections(), s.connectionRecords(), s.failedHandshakes(), s.recordsWithoutClientHello()};
        System.arraycopy(v, 0, c.values, 0, v.length);
        s.outcomes().forEach((k, n) -> c.outcomes[k.ordinal()] += n);
        return c;
    }

    /** The counts of an input that matches no file: one error. */
    static SummaryCounts ofMissing() {
        SummaryCounts c = new SummaryCounts();
        c.values[FIELDS.indexOf("errors")] = 1;
        return c;
    }

    /** The sum of both (a new object). */
    SummaryCounts plus(SummaryCounts o) {
        SummaryCounts c = new SummaryCounts();
        for (int i = 0; i < values.length; i++) {
            c.values[i] = values[i] + o.values[i];
        }
        for (int i = 0; i < outcomes.length; i++) {
            c.outcomes[i] = outcomes[i] + o.outcomes[i];
        }
        return c;
    }

    /** The schema of {@link #row()}: a long column per field, then {@code outcomes}, a map from outcome to count. */
    static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (String f : FIELDS) {
            fields.add(DataTypes.createStructField(f, DataTypes.LongType, false));
        }
        DataType map = DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false);
        fields.add(DataTypes.createStructField("outcomes", map, false));
        return DataTypes.createStructType(fields);
    }

    /** One row of {@link #schema()}; outcomes with no record are left out of the map, as in the CLI. */
    Row row() {
        Object[] cells = new Object[values.length + 1];
        for (int i = 0; i < values.length; i++) {
            cells[i] = values[i];
        }
        Map<String, Long> m = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            if (outcomes[o.ordinal()] > 0) {
                m.put(o.name(), outcomes[o.ordinal()]);
            }
        }
        cells[values.length] = m;
        return RowFactory.create(cells);
    }
}
