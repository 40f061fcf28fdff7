package io.hellocheck.render;

/** The output formats, those of the command line's {@code --format}. */
public enum ReportFormat {
    /**
     * One JSON document: {@code {"schema_version", "tool", "inputs", "records": [...], "summary"}}, the
     * records as in {@link #JSON_LINES}.
     */
    JSON,
    /**
     * JSON Lines: one record per line ({@code connection}, {@code server}, {@code summary}, {@code warning},
     * {@code error}, as {@code schema/records.schema.json} defines them), the batch summary last.
     */
    JSON_LINES,
    /** CSV (RFC 4180) with a header: one row per connection record. */
    CSV,
    /** A plain-text report per capture, at most 100 columns wide, then the totals. */
    TEXT,
    /** One self-contained HTML page with a ladder diagram per failed handshake; written at the end. */
    HTML
}
