package io.hellocheck.report.html;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of a ladder diagram (Wireshark's Flow Graph): two lifelines, client on the left and server on
 * the right, and one horizontal arrow per step, top to bottom in time order. Coordinates are SVG user units
 * (pixels at 100% zoom), integers.
 *
 * <p>The rule: a title line at the top, the endpoints' names under it; the client's lifeline is at x
 * {@value #CLIENT_X}, the server's at {@value #SERVER_X}, the path between them at {@value #PATH_X}; the margin
 * left of the client holds each step's frame number and time. The first arrow is at y {@value #FIRST_Y}, each
 * next one {@value #ROW} lower, plus {@value #BREAK} when at least {@link #LONG_SILENCE_NANOS} passed since the
 * step before: that silence is drawn as a break of both lifelines ({@value #BREAK_GAP} either side of the
 * middle between the two arrows). The lifelines start at {@value #LIFELINE_TOP} and end {@value #LIFELINE_END}
 * below the last arrow; the picture is {@value #BOTTOM} taller than that end. The steps are evenly spaced
 * whatever their times: the times are in the labels, so that a 4 s wait does not push 40 µs of handshake into
 * one line.
 */
public final class LadderLayout {
    /** Width of the picture. */
    public static final int WIDTH = 940;
    /** x of the client's lifeline. */
    public static final int CLIENT_X = 170;
    /** x of the server's lifeline. */
    public static final int SERVER_X = 840;
    /** x of the network path, halfway between the lifelines: where an injected reset comes from. */
    public static final int PATH_X = (CLIENT_X + SERVER_X) / 2;
    /** y where the lifelines start, under the endpoints' names. */
    public static final int LIFELINE_TOP = 56;
    /** y of the first arrow. */
    public static final int FIRST_Y = 92;
    /** Distance between two consecutive arrows. */
    public static final int ROW = 40;
    /** Extra distance for a long silence between two arrows. */
    public static final int BREAK = 40;
    /** Half the height of the interruption of the lifelines at a break. */
    public static final int BREAK_GAP = 12;
    /** Length of the lifelines below the last arrow. */
    public static final int LIFELINE_END = 20;
    /** Room below the end of the lifelines. */
    public static final int BOTTOM = 8;
    /** Length of an arrowhead, along the arrow. */
    public static final int HEAD_LENGTH = 10;
    /** Half the width of an arrowhead, across the arrow. */
    public static final int HEAD_HALF_WIDTH = 5;
    /** Distance of an arrow's label above the arrow (the text's baseline). */
    public static final int LABEL_RISE = 7;
    /** x where the frame number and time of each arrow end (right-aligned, in the margin left of the client). */
    public static final int FRAME_X = CLIENT_X - 16;
    /** Distance of the frame number's baseline above its arrow. */
    public static final int FRAME_RISE = 3;
    /** Distance of the time's baseline below its arrow. */
    public static final int TIME_DROP = 12;
    /** y of the title's baseline (the outcome and the connection, from x {@value #TITLE_X}). */
    public static final int TITLE_Y = 18;
    /** x where the title starts. */
    public static final int TITLE_X = 4;
    /** y of the endpoints' names' baseline. */
    public static final int NAME_Y = 44;
    /** x where the client's name starts (it runs right). */
    public static final int CLIENT_NAME_X = CLIENT_X - 20;
    /** x where the server's name ends (it runs left). */
    public static final int SERVER_NAME_X = SERVER_X + 20;
    /** Half the width of the slanted marks that cut a lifeline at a break. */
    public static final int MARK_HALF_WIDTH = 8;
    /** Half the height of those marks. */
    public static final int MARK_HALF_HEIGHT = 3;
    /** Distance of a break's label's baseline below its middle. */
    public static final int BREAK_LABEL_DROP = 4;
    /** A silence this long or longer, in nanoseconds, between two steps is drawn as a break (1 s). */
    public static final long LONG_SILENCE_NANOS = 1_000_000_000L;

    /** Where a step's arrow starts and ends. */
    public enum Direction {
        /** From the client's lifeline to the server's. */
        CLIENT_TO_SERVER,
        /** From the server's lifeline to the client's. */
        SERVER_TO_CLIENT,
        /** From the path (halfway) to the client's lifeline: a reset injected by a middlebox. */
        PATH_TO_CLIENT,
        /** A fact about the connection rather than a packet: across both lifelines, without a head. */
        NOTE
    }

    /**
     * One arrow.
     *
     * @param x1     x where it starts
     * @param x2     x where it ends (where the head points)
     * @param y      its y
     * @param head   the arrowhead's triangle as an SVG {@code points} value ("x,y x,y x,y"), tip first; empty for a
     *               {@link Direction#NOTE}
     * @param labelX x of its label's middle (halfway along the arrow)
     * @param labelY y of its label's baseline
     * @param frameY y of its frame number's baseline (at {@link #FRAME_X})
     * @param timeY  y of its time's baseline (at {@link #FRAME_X})
     */
    public record Arrow(int x1, int x2, int y, String head, int labelX, int labelY, int frameY, int timeY) {
    }

    /**
     * A long silence before an arrow.
     *
     * @param y             its middle, halfway between the arrow before and the arrow after it
     * @param before        index of the arrow after it
     * @param durationNanos how long, in nanoseconds
     * @param marks         the SVG path ({@code d}) of the slanted marks where the break cuts each lifeline, one
     *                      above and one below the gap, client's first
     * @param labelY        y of its label's baseline (at {@link #PATH_X}, centred)
     */
    public record Break(int y, int before, long durationNanos, String marks, int labelY) {
    }

    /**
     * A piece of lifeline, from {@code y1} down to {@code y2} (both lifelines have the same pieces).
     */
    public record Segment(int y1, int y2) {
    }

    /**
     * The whole picture.
     *
     * @param height    its height
     * @param arrows    one per step, in order
     * @param breaks    the long silences, top to bottom
     * @param lifelines the pieces of each lifeline, top to bottom
     */
    public record Ladder(int height, List<Arrow> arrows, List<Break> breaks, List<Segment> lifelines) {
        public Ladder {
            arrows = List.copyOf(arrows);
            breaks = List.copyOf(breaks);
            lifelines = List.copyOf(lifelines);
        }
    }

    private LadderLayout() {
    }

    /**
     * Lays out one arrow per step.
     *
     * @param directions where each step's arrow goes, in time order
     * @param timesNanos each step's capture time, in nanoseconds (same length as {@code directions}); a time
     *                   earlier than the step before (out of frame order) counts as no silence
     * @throws IllegalArgumentException when the two lists differ in length
     */
    public static Ladder layout(List<Direction> directions, List<Long> timesNanos) {
        if (directions.size() != timesNanos.size()) {
            throw new IllegalArgumentException(directions.size() + " directions for " + timesNanos.size() + " times");
        }
        List<Arrow> arrows = new ArrayList<>();
        List<Break> breaks = new ArrayList<>();
        List<Segment> lifelines = new ArrayList<>();
        int segmentTop = LIFELINE_TOP;
        int y = FIRST_Y - ROW;
        for (int i = 0; i < directions.size(); i++) {
            long silence = i == 0 ? 0 : timesNanos.get(i) - timesNanos.get(i - 1);
            if (silence >= LONG_SILENCE_NANOS) {
                int middle = y + (ROW + BREAK) / 2;
                breaks.add(new Break(middle, i, silence, marks(middle), middle + BREAK_LABEL_DROP));
                lifelines.add(new Segment(segmentTop, middle - BREAK_GAP));
                segmentTop = middle + BREAK_GAP;
                y += ROW + BREAK;
            } else {
                y += ROW;
            }
            arrows.add(arrow(directions.get(i), y));
        }
        int end = (arrows.isEmpty() ? FIRST_Y - ROW : y) + LIFELINE_END;
        lifelines.add(new Segment(segmentTop, end));
        return new Ladder(end + BOTTOM, arrows, breaks, lifelines);
    }

    private static Arrow arrow(Direction d, int y) {
        int x1 = switch (d) {
            case CLIENT_TO_SERVER, NOTE -> CLIENT_X;
            case SERVER_TO_CLIENT -> SERVER_X;
            case PATH_TO_CLIENT -> PATH_X;
        };
        int x2 = d == Direction.CLIENT_TO_SERVER || d == Direction.NOTE ? SERVER_X : CLIENT_X;
        String head = "";
        if (d != Direction.NOTE) {
            int back = x2 > x1 ? x2 - HEAD_LENGTH : x2 + HEAD_LENGTH;
            head = x2 + "," + y + " " + back + "," + (y - HEAD_HALF_WIDTH) + " " + back + "," + (y + HEAD_HALF_WIDTH);
        }
        return new Arrow(x1, x2, y, head, (x1 + x2) / 2, y - LABEL_RISE, y - FRAME_RISE, y + TIME_DROP);
    }

    /** "M162,139 L178,133 ..." : a mark rising to the right across each lifeline at each edge of the gap. */
    private static String marks(int middle) {
        StringBuilder d = new StringBuilder();
        for (int x : new int[] {CLIENT_X, SERVER_X}) {
            for (int edge : new int[] {middle - BREAK_GAP, middle + BREAK_GAP}) {
                if (d.length() > 0) {
                    d.append(' ');
                }
                d.append('M').append(x - MARK_HALF_WIDTH).append(',').append(edge + MARK_HALF_HEIGHT)
                        .append(" L").append(x + MARK_HALF_WIDTH).append(',').append(edge - MARK_HALF_HEIGHT);
            }
        }
        return d.toString();
    }
}
