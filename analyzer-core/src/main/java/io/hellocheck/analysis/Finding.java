package io.hellocheck.analysis;

import java.util.List;

/**
 * One likely cause of a failed (or inconclusive) handshake, with what supports it and what to check next.
 *
 * @param cause       the cause
 * @param confidence  how strongly the capture supports it
 * @param explanation one plain sentence
 * @param evidence    the facts it rests on (frames and times)
 * @param nextStep    what to check or try next, in plain words
 */
public record Finding(Cause cause, Confidence confidence, String explanation, List<Evidence> evidence,
                      String nextStep) {

    public Finding {
        evidence = List.copyOf(evidence);
    }

    /** How strongly the capture supports a finding; ranked high first. */
    public enum Confidence {
        HIGH, MEDIUM, LOW;

        /** "high", "medium" or "low". */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
