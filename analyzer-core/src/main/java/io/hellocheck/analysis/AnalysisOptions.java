package io.hellocheck.analysis;

import java.util.Set;

/**
 * How outcomes are decided where the capture leaves room.
 *
 * @param noAnswerTimeoutNanos a ClientHello (or SYN) with no answer is {@code NO_RESPONSE}
 *                             ({@code TCP_NO_ANSWER}) only when the capture goes on at least this long
 *                             after it; otherwise {@code INCONCLUSIVE}. Default 3 s (CONTRACT.md).
 * @param closeWaitNanos       after a failure is decided, how long (capture time) its record waits for
 *                             the connection's close so that {@code closed_by} can be reported. Default 2 s.
 * @param extraTlsPorts        ports that count as TLS ports for failed connection attempts, beyond the
 *                             well-known ones and the ports that carry TLS elsewhere in the capture
 */
public record AnalysisOptions(long noAnswerTimeoutNanos, long closeWaitNanos, Set<Integer> extraTlsPorts) {

    /** Well-known TLS ports (CONTRACT.md). */
    public static final Set<Integer> WELL_KNOWN_TLS_PORTS = Set.of(443, 465, 563, 636, 853, 989, 990, 992,
            993, 994, 995, 3269, 5061, 5223, 5986, 6514, 8443, 8883);

    public AnalysisOptions {
        if (noAnswerTimeoutNanos < 0 || closeWaitNanos < 0) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
        extraTlsPorts = Set.copyOf(extraTlsPorts);
    }

    /** 3 s no-answer timeout, 2 s close wait, no extra ports. */
    public static AnalysisOptions defaults() {
        return new AnalysisOptions(3_000_000_000L, 2_000_000_000L, Set.of());
    }
}
