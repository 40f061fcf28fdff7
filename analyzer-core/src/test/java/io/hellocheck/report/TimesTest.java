package io.hellocheck.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CONTRACT.md's time shapes; java.time's ISO-8601 rendering is the reference. */
class TimesTest {

    @Test
    void isoKeepsTheCapturesDigits() {
        assertThat(Times.iso(0, 6)).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(Times.iso(1_795_261_429_638_572_123L, 9)).isEqualTo("2026-11-21T11:43:49.638572123Z");
        assertThat(Times.iso(1_795_261_429_638_572_123L, 6)).isEqualTo("2026-11-21T11:43:49.638572Z");
        assertThat(Times.iso(-1L, 9)).isEqualTo("1969-12-31T23:59:59.999999999Z");
    }

    @Test
    void isoAgreesWithJavaTimeOnRandomInstants() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long nanos = random.nextLong() % 4_000_000_000_000_000_000L;
            if (nanos < 0) {
                nanos = -nanos;
            }
            String expected = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L).toString();
            String nine = Times.iso(nanos, 9);
            assertThat(nine.substring(0, 19)).isEqualTo(expected.substring(0, 19));
            assertThat(Long.parseLong(nine.substring(20, 29))).isEqualTo(nanos % 1_000_000_000L);
        }
    }

    @Test
    void isoAgreesWithJavaTimeOverTheWholeRangeOfNanos() {
        DateTimeFormatter seconds = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
        Random random = new Random(11);
        char[] chars = new char[Times.ISO_MAX_CHARS];
        for (int i = 0; i < 20_000; i++) {
            long nanos = switch (i) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> -86_400_000_000_000L;
                default -> random.nextLong();
            };
            int digits = i % 11;
            long frac = Math.floorMod(nanos, 1_000_000_000L);
            String fraction = String.format("%09d", frac).substring(0, Math.min(9, digits));
            String expected = LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), 0, ZoneOffset.UTC)
                    .format(seconds) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
            assertThat(Times.iso(nanos, digits)).isEqualTo(expected);
            assertThat(new String(chars, 0, Times.iso(nanos, digits, chars))).isEqualTo(expected);
        }
    }

    @Test
    void millisRoundToTheMicrosecond() {
        assertThat(Times.millis(812_345L)).isEqualTo(0.812);
        assertThat(Times.millis(1_500L)).isEqualTo(0.002);
    }
}
