package io.hellocheck.report;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

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
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(32);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            sb.append(t.toLocalDate());
        } else {
            pad(sb, year, 4);
        }
        sb.append('-');
        pad(sb, t.getMonthValue(), 2);
        sb.append('-');
        pad(sb, t.getDayOfMonth(), 2);
        sb.append('T');
        pad(sb, t.getHour(), 2);
        sb.append(':');
        pad(sb, t.getMinute(), 2);
        sb.append(':');
        pad(sb, t.getSecond(), 2);
        int d = Math.min(9, digits);
        if (d > 0) {
            sb.append('.');
            long f = frac;
            for (int i = 9; i > d; i--) {
                f /= 10;
            }
            pad(sb, f, d);
        }
        return sb.append('Z').toString();
    }

    private static void pad(StringBuilder sb, long value, int width) {
        String v = Long.toString(value);
        for (int i = v.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(v);
    }

    /** A duration in milliseconds as a decimal number with microsecond precision. */
    public static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
