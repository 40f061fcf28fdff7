package io.hellocheck.result;

import java.time.Instant;

/** One fact an outcome or a diagnosis rests on: a frame and what it shows (JSON {@code evidence[]}). Immutable. */
public final class Evidence {
    private final io.hellocheck.analysis.Evidence evidence;

    Evidence(io.hellocheck.analysis.Evidence evidence) {
        this.evidence = evidence;
    }

    /** {@return the frame's number}, from 1 as Wireshark counts */
    public long frame() {
        return evidence.frame();
    }

    /** {@return the frame's capture time} */
    public Instant time() {
        return Convert.instant(evidence.timeNanos());
    }

    /** {@return what the frame shows}, one plain phrase */
    public String what() {
        return evidence.what();
    }

    /** {@return {@code frame N: what}} */
    @Override
    public String toString() {
        return "frame " + frame() + ": " + what();
    }
}
