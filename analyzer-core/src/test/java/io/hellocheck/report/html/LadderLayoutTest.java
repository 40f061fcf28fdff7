package io.hellocheck.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hellocheck.report.html.LadderLayout.Arrow;
import io.hellocheck.report.html.LadderLayout.Break;
import io.hellocheck.report.html.LadderLayout.Direction;
import io.hellocheck.report.html.LadderLayout.Ladder;
import io.hellocheck.report.html.LadderLayout.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ladder's coordinates, worked out by hand from the rule in {@link LadderLayout}'s documentation: client
 * lifeline at x 170, server at 840, path at (170 + 840) / 2 = 505; first arrow at y 84, then 40 apart, 40 more
 * after a silence of 1 s or more; lifelines from 48 to 20 below the last arrow; the picture 8 taller.
 */
class LadderLayoutTest {

    @Test
    void threeArrowsWithoutSilenceAreFortyApart() {
        // SYN (client), SYN-ACK (server), ClientHello (client), 14 µs and 140 µs apart
        Ladder l = LadderLayout.layout(
                List.of(Direction.CLIENT_TO_SERVER, Direction.SERVER_TO_CLIENT, Direction.CLIENT_TO_SERVER),
                List.of(0L, 14_000L, 154_000L));

        // y: 84, 84 + 40 = 124, 124 + 40 = 164; labels 7 above (midpoint (170 + 840) / 2 = 505), frame 3 above,
        // time 12 below; heads 10 long and 5 either side, tip first
        assertThat(l.arrows()).containsExactly(
                new Arrow(170, 840, 84, "840,84 830,79 830,89", 505, 77, 81, 96),
                new Arrow(840, 170, 124, "170,124 180,119 180,129", 505, 117, 121, 136),
                new Arrow(170, 840, 164, "840,164 830,159 830,169", 505, 157, 161, 176));
        assertThat(l.breaks()).isEmpty();
        // lifelines 48 down to 164 + 20 = 184; height 184 + 8 = 192
        assertThat(l.lifelines()).containsExactly(new Segment(48, 184));
        assertThat(l.height()).isEqualTo(192);
    }

    @Test
    void aSilenceOfOneSecondOrMoreBreaksTheLifelines() {
        // ClientHello, ACK 0.5 ms later, then the client's FIN 3.94 s later (the no-response sample)
        Ladder l = LadderLayout.layout(
                List.of(Direction.CLIENT_TO_SERVER, Direction.SERVER_TO_CLIENT, Direction.CLIENT_TO_SERVER),
                List.of(1_000_000_000L, 1_000_500_000L, 4_940_500_000L));

        // y: 84, 124, then 124 + 40 + 40 = 204; the break's middle halfway: 124 + 80 / 2 = 164
        assertThat(l.arrows()).extracting(Arrow::y).containsExactly(84, 124, 204);
        // marks 8 either side of each lifeline, 3 up and down, at the gap's edges 164 - 12 = 152 and 164 + 12 = 176;
        // its label 4 below the middle
        assertThat(l.breaks()).containsExactly(new Break(164, 2, 3_940_000_000L,
                "M162,155 L178,149 M162,179 L178,173 M832,155 L848,149 M832,179 L848,173", 168));
        // lifelines interrupted from 152 to 176, ending at 204 + 20 = 224; height 232
        assertThat(l.lifelines()).containsExactly(new Segment(48, 152), new Segment(176, 224));
        assertThat(l.height()).isEqualTo(232);
    }

    @Test
    void justUnderOneSecondIsNoBreak() {
        Ladder l = LadderLayout.layout(List.of(Direction.CLIENT_TO_SERVER, Direction.CLIENT_TO_SERVER),
                List.of(0L, 999_999_999L));
        assertThat(l.breaks()).isEmpty();
        assertThat(l.arrows()).extracting(Arrow::y).containsExactly(84, 124);

        Ladder exactly = LadderLayout.layout(List.of(Direction.CLIENT_TO_SERVER, Direction.CLIENT_TO_SERVER),
                List.of(0L, 1_000_000_000L));
        assertThat(exactly.arrows()).extracting(Arrow::y).containsExactly(84, 164);
    }

    @Test
    void anInjectedResetStartsOnThePathAndANoteHasNoHead() {
        Ladder l = LadderLayout.layout(List.of(Direction.PATH_TO_CLIENT, Direction.NOTE), List.of(0L, 0L));
        // from x 505 to the client at 170: label at (505 + 170) / 2 = 337
        assertThat(l.arrows().get(0)).isEqualTo(new Arrow(505, 170, 84, "170,84 180,79 180,89", 337, 77, 81, 96));
        assertThat(l.arrows().get(1)).isEqualTo(new Arrow(170, 840, 124, "", 505, 117, 121, 136));
    }

    @Test
    void timesOutOfOrderCountAsNoSilence() {
        Ladder l = LadderLayout.layout(List.of(Direction.CLIENT_TO_SERVER, Direction.SERVER_TO_CLIENT),
                List.of(5_000_000_000L, 1_000_000_000L));
        assertThat(l.breaks()).isEmpty();
    }

    @Test
    void noArrowsGiveEmptyLifelines() {
        Ladder l = LadderLayout.layout(List.of(), List.of());
        // the lifelines end 20 below where an arrow before the first would be: 84 - 40 + 20 = 64
        assertThat(l.arrows()).isEmpty();
        assertThat(l.lifelines()).containsExactly(new Segment(48, 64));
        assertThat(l.height()).isEqualTo(72);
    }

    @Test
    void listsOfDifferentLengthsAreRefused() {
        assertThatThrownBy(() -> LadderLayout.layout(List.of(Direction.NOTE), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
