package io.hellocheck.report;

import java.util.Locale;

/** Time values as CONTRACT.md shapes them. */
public final class Times {
    private Times() {
    }

    /**
     * ISO-8601 UTC with {@code digits} fractional digits: {@code 2026-11-29T11:43:49.638572Z}.
     *
     * @param nanos  ns since the epoch
     * @param digits fractional digits to keep (0..9), the capture's resolution
     */
    public static String iso(long nanos, int digits) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        long frac = Math.floorMod(nanos, 1_000_000_000L);
        String base = java.time.Instant.ofEpochSecond(seconds).toString();
        base = base.substring(0, base.length() - 1);
        if (digits <= 0) {
            return base + "Z";
        }
        String f = String.format(Locale.ROOT, "%09d", frac).substring(0, Math.min(9, digits));
        return base + "." + f + "Z";
    }

    /** A duration in milliseconds as a decimal number with microsecond precision. */
    public static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
