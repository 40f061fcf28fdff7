package io.hellocheck.analysis;

/**
 * Where the capture of one TCP connection or UDP flow ends, and how its reason says so (CONTRACT.md, Outcomes, rule
 * 1: "the capture ends less than 3 s after the ClientHello ... {@code outcome_reason} says which"). Three cases:
 * <ul>
 *   <li>the capture really ends there: "The capture ends ...", naming the connection's pcapng interface and the
 *       pause to the next capture when the file goes on with another capture joined to it ({@link CaptureEnds});</li>
 *   <li>the capture goes on for more than the no-answer wait after the connection's last frame, holding nothing more
 *       of it: the capture was filtered (FoxIO's JA4 {@code tls-handshake.pcapng} keeps only handshake packets,
 *       tshark: stream 0 is frames 1-2 at 0.0 s, the file runs to 21.5 s) or trimmed (nDPI's {@code sites.pcapng}
 *       keeps the first packets of each flow): "The capture holds nothing more of this connection ..., though it
 *       goes on for N s (filtered or trimmed)";</li>
 *   <li>the file is damaged there: {@link HandshakeAnalysis#DAMAGED}.</li>
 * </ul>
 *
 * @param nanos when the capture of the connection ends, ns since the epoch
 * @param start how the reason starts ("The capture ends")
 * @param tail   what the reason says after what the end left undecided ("" when the capture ends)
 * @param joined whether the file goes on, after a pause of more than {@link CaptureEnds#JOIN_GAP_SECONDS} s, with
 *               another capture joined to this one
 */
record FlowEnd(long nanos, String start, String tail, boolean joined) {
    /** How a reason starts when the capture went on without the connection; {@link Diagnoser} keys on it. */
    static final String NOTHING_MORE = "The capture holds nothing more of this ";

    /**
     * The reason for what the end left undecided: {@code start + what + tail + "."}.
     *
     * @param what what was undecided, with a leading space (" after the ServerHello")
     */
    String say(String what) {
        return start + what + tail + ".";
    }

    /**
     * The end of a connection at the end of the file (or at damage), or when it went idle (from the frames read so
     * far: the rest of its capture, read before a frame of a later capture made it idle).
     *
     * @param noun         "connection" (TCP) or "flow" (QUIC, DTLS)
     * @param source       the capture source of the connection's frames ({@link CaptureEnds#source})
     * @param lastNanos    the time of the connection's last frame
     * @param damaged      whether the file ends at damage
     * @param read         whether the file was read to its end (else the capture may go on longer than it shows)
     * @param goesOnNanos  how long the capture may go on after the connection's last frame before it is said to
     *                     hold nothing more of it (the no-answer wait)
     */
    static FlowEnd atEnd(CaptureEnds ends, String noun, long source, long lastNanos, boolean damaged, boolean read,
                         long goesOnNanos) {
        long end = Math.max(lastNanos, ends.end(source, lastNanos));
        if (damaged) {
            return new FlowEnd(end, HandshakeAnalysis.DAMAGED, "", false);
        }
        if (end - lastNanos > goesOnNanos) {
            return new FlowEnd(end, NOTHING_MORE + noun, ", though it goes on for " + (read ? "" : "at least ")
                    + Texts.seconds(end - lastNanos)
                    + " (filtered or trimmed)", false);
        }
        long pause = ends.pauseAfter(source, lastNanos);
        String joined = pause < 0 ? "" : "the file goes on " + Texts.seconds(pause) + " later with another capture "
                + "joined to it";
        if (ends.several() && pause >= 0) {
            int section = (int) (source >>> 32);
            return new FlowEnd(end, "The capture on this " + noun + "'s interface (pcapng interface " + (int) source
                    + (section > 1 ? " of section " + section : "") + "; " + joined + ") ends", "", true);
        }
        return new FlowEnd(end, pause < 0 ? "The capture ends" : "The capture (" + joined + ") ends", "", pause >= 0);
    }

}
