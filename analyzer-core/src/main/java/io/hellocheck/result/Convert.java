package io.hellocheck.result;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/** Conversions from the analysis's representation (nanoseconds, -1 for none, code lists) to the API's. */
final class Convert {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Convert() {
    }

    /** A capture time, ns since the epoch. */
    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /** A duration in ns, or empty for null. */
    static Optional<Duration> duration(Long nanos) {
        return nanos == null ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    /** Each code as a code point. */
    static List<CodePoint> codes(List<Integer> codes, IntFunction<CodePoint> kind) {
        List<CodePoint> out = new ArrayList<>(codes.size());
        for (int c : codes) {
            out.add(kind.apply(c));
        }
        return List.copyOf(out);
    }
}
