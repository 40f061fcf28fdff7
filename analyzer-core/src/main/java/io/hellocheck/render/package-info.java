/**
 * The results' written forms: JSON, JSON Lines, CSV, text and HTML, byte for byte what the command line writes
 * ({@link io.hellocheck.render.ReportWriter}). The JSON records follow {@code schema/records.schema.json}.
 */
package io.hellocheck.render;
