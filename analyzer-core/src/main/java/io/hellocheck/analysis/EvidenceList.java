package io.hellocheck.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The evidence of one TCP connection's record, in the order found and at most {@link #MAX_EVIDENCE} entries (the rest
 * counted, one line "N later facts left out"). An entry is an {@link Evidence}, or what its line is written from when
 * the record is made ({@link #lines}), so that a handshake in flight keeps no text it can render later: a
 * {@link HelloInfo} (the ClientHello's line, {@link Texts#clientHello}) or a {@link TcpFactsTracker.SynAck}.
 */
final class EvidenceList {
    private static final int MAX_EVIDENCE = 48;

    private List<Object> facts = new ArrayList<>(8);
    private int dropped;

    /** Adds an entry, or counts it beyond {@link #MAX_EVIDENCE}. */
    void add(Object fact) {
        if (facts.size() >= MAX_EVIDENCE) {
            dropped++;
            return;
        }
        facts.add(fact);
    }

    /** The record's evidence lines, by frame, then the count of those left out. */
    List<Evidence> lines() {
        List<Evidence> lines = new ArrayList<>(facts.size() + 1);
        for (Object fact : facts) {
            lines.add(evidence(fact));
        }
        lines.sort(Comparator.comparingLong(Evidence::frame));
        if (dropped > 0) {
            Evidence last = lines.get(lines.size() - 1);
            lines.add(new Evidence(last.frame(), last.timeNanos(), dropped + " later facts left out"));
        }
        return List.copyOf(lines);
    }

    /** Drops the entries once the record is written. */
    void release() {
        facts = List.of();
    }

    /** An entry as the record has it. */
    private static Evidence evidence(Object fact) {
        if (fact instanceof HelloInfo h) {
            return new Evidence(h.frame(), h.timeNanos(), Texts.clientHello(h));
        }
        return fact instanceof TcpFactsTracker.SynAck s ? s.evidence() : (Evidence) fact;
    }
}
