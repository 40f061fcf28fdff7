package io.hellocheck.report;

/** Time values as CONTRACT.md shapes them. */
public final class Times {
    /** Characters {@link #iso(long, int, char[])} writes at most: {@code 2262-04-11T23:47:16.854775807Z}. */
    public static final int ISO_MAX_CHARS = 30;

    private Times() {
    }

    /**
     * ISO-8601 UTC with {@code digits} fractional digits: {@code 2026-11-29T11:43:49.638572Z}.
     *
     * @param nanos  ns since the epoch
     * @param digits fractional digits to keep (0..9; more are 9), the capture's resolution
     */
    public static String iso(long nanos, int digits) {
        char[] c = new char[ISO_MAX_CHARS];
        return new String(c, 0, iso(nanos, digits, c));
    }

    /**
     * {@link #iso(long, int)} written into {@code out} from index 0, without allocating (a connection record
     * writes a dozen times, each was a {@code LocalDateTime}, a builder and a string per field before).
     * Nanoseconds in a {@code long} span the years 1677 to 2262, always four digits.
     *
     * @param out at least {@link #ISO_MAX_CHARS} characters
     * @return the count of characters written
     */
    public static int iso(long nanos, int digits, char[] out) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        long frac = Math.floorMod(nanos, 1_000_000_000L);
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // civil date from days since 1970-01-01, proleptic Gregorian (H. Hinnant, "chrono-Compatible Low-Level
        // Date Algorithms", civil_from_days): eras of 400 years starting on March 1st
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        int doe = (int) (z - era * 146_097L);
        int yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int mp = (5 * doy + 2) / 153;
        int day = doy - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yoe + era * 400) + (month <= 2 ? 1 : 0);
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3_600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int n = 19;
        int d = Math.min(9, digits);
        if (d > 0) {
            out[n++] = '.';
            long f = frac;
            for (int i = 9; i > d; i--) {
                f /= 10;
            }
            digits(out, n, (int) f, d);
            n += d;
        }
        out[n++] = 'Z';
        return n;
    }

    /** The last {@code width} decimal digits of {@code value} (not negative) at {@code out[at..]}, zero-padded. */
    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** A duration in milliseconds as a decimal number with microsecond precision. */
    public static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
