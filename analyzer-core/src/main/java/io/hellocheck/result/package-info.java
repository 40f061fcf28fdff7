/**
 * The results of an analysis: immutable values, one type per record of the JSON output ({@code connection},
 * {@code server}, {@code summary}, {@code warning}, {@code error}; see {@code schema/records.schema.json}). An
 * accessor carries its JSON key in camelCase ({@code outcome_reason} is {@link
 * io.hellocheck.result.ConnectionRecord#outcomeReason()}); a key ending in {@code _ms} is a {@link
 * java.time.Duration} without the suffix ({@code rtt_ms} is {@code rtt()}); times are {@link java.time.Instant}s;
 * an absent value is an empty {@link java.util.Optional} or an empty list, never null or -1. TLS code points
 * (cipher suites, groups, versions, alerts) are {@link io.hellocheck.result.CodePoint}s with their IANA names.
 *
 * <p>Types that may gain fields are final classes without public constructors, so a new accessor is not a
 * breaking change.
 */
package io.hellocheck.result;
