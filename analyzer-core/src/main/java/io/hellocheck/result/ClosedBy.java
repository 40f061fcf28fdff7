package io.hellocheck.result;

/** The first FIN or RST of either side of a connection (JSON {@code closed_by}). Immutable. */
public final class ClosedBy {
    private final io.hellocheck.analysis.ClosedBy closedBy;

    ClosedBy(io.hellocheck.analysis.ClosedBy closedBy) {
        this.closedBy = closedBy;
    }

    /** {@return the side that closed} */
    public Side side() {
        return Side.of(closedBy.side());
    }

    /** {@return {@code FIN} or {@code RST}} */
    public String how() {
        return closedBy.how();
    }

    /** {@return the frame of the FIN or RST}, from 1 */
    public long frame() {
        return closedBy.frame();
    }

    /** {@return {@code side how (frame N)}} */
    @Override
    public String toString() {
        return side() + " " + how() + " (frame " + frame() + ")";
    }
}
