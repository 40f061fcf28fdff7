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
 * lifeline at x 170, server at 840, path at (170 + 840) / 2 = 505; first arrow at y 92, then 40 apart, 40 more
 * after a silence of 1 s or more; lifelines from 56 to 20 below the last arrow; the picture 8 taller.
 */
class LadderLayoutTest {

    @Test
    void threeArrowsWithoutSilenceAreFortyApart() {
        // SYN (client), SYN-ACK (server), ClientHello (client), 14 µs and 140 µs apart
        Ladder l = LadderLayout.layout(
                List.of(Direction.CLIENT_TO_SERVER, Direction.SERVER_TO_CLIENT, Direction.CLIENT_TO_SERVER),
                List.of(0L, 14_000L, 154_000L));

        // y: 92, 92 + 40 = 132, 132 + 40 = 172; labels 7 above (midpoint (170 + 840) / 2 = 505), frame 3 above,
        // time 12 below; heads 10 long and 5 either side, tip first
        assertThat(l.arrows()).containsExactly(
                new Arrow(170, 840, 92, "840,92 830,87 830,97", 505, 85, 89, 104),
                new Arrow(840, 170, 132, "170,132 180,127 180,137", 505, 125, 129, 144),
                new Arrow(170, 840, 172, "840,172 830,167 830,177", 505, 165, 169, 184));
        assertThat(l.breaks()).isEmpty();
        // lifelines 56 down to 172 + 20 = 192; height 192 + 8 = 200
        assertThat(l.lifelines()).containsExactly(new Segment(56, 192));
        assertThat(l.height()).isEqualTo(200);
    }

    @Test
    void aSilenceOfOneSecondOrMoreBreaksTheLifelines() {
        // ClientHello, ACK 0.5 ms later, then the client's FIN 3.94 s later (the no-response sample)
        Ladder l = LadderLayout.layout(
                List.of(Direction.CLIENT_TO_SERVER, Direction.SERVER_TO_CLIENT, Direction.CLIENT_TO_SERVER),
                List.of(1_000_000_000L, 1_000_500_000L, 4_940_500_000L));

        // y: 92, 132, then 132 + 40 + 40 = 212; the break's middle halfway: 132 + 80 / 2 = 172
        assertThat(l.arrows()).extracting(Arrow::y).containsExactly(92, 132, 212);
        // marks 8 either side of each lifeline, 3 up and down, at the gap's edges 172 - 12 = 160 and 172 + 12 = 184;
        // its label 4 below the middle
        assertThat(l.breaks()).containsExactly(new Break(172, 2, 3_940_000_000L,
                "M162,163 L178,157 M162,187 L178,181 M832,163 L848,157 M832,187 L848,181", 176));
        // lifelines interrupted from 160 to 184, ending at 212 + 20 = 232; height 240
        assertThat(l.lifelines()).containsExactly(new Segment(56, 160), new Segment(184, 232));
        assertThat(l.height()).isEqualTo(240);
    }

    @Test
    void justUnderOneSecondIsNoBreak() {
        Ladder l = LadderLayout.layout(List.of(Direction.CLIENT_TO_SERVER, Direction.CLIENT_TO_SERVER),
                List.of(0L, 999_999_999L));
        assertThat(l.breaks()).isEmpty();
        assertThat(l.arrows()).extracting(Arrow::y).containsExactly(92, 132);

        Ladder exactly = LadderLayout.layout(List.of(Direction.CLIENT_TO_SERVER, Direction.CLIENT_TO_SERVER),
                List.of(0L, 1_000_000_000L));
        assertThat(exactly.arrows()).extracting(Arrow::y).containsExactly(92, 172);
    }

    @Test
    void anInjectedResetStartsOnThePathAndANoteHasNoHead() {
        Ladder l = LadderLayout.layout(List.of(Direction.PATH_TO_CLIENT, Direction.NOTE), List.of(0L, 0L));
        // from x 505 to the client at 170: label at (505 + 170) / 2 = 337
        assertThat(l.arrows().get(0)).isEqualTo(new Arrow(505, 170, 92, "170,92 180,87 180,97", 337, 85, 89, 104));
        assertThat(l.arrows().get(1)).isEqualTo(new Arrow(170, 840, 132, "", 505, 125, 129, 144));
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
        // the lifelines end 20 below where an arrow before the first would be: 92 - 40 + 20 = 72
        assertThat(l.arrows()).isEmpty();
        assertThat(l.lifelines()).containsExactly(new Segment(56, 72));
        assertThat(l.height()).isEqualTo(80);
    }

    @Test
    void listsOfDifferentLengthsAreRefused() {
        assertThatThrownBy(() -> LadderLayout.layout(List.of(Direction.NOTE), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
