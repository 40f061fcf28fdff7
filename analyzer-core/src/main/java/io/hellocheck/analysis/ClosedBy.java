package io.hellocheck.analysis;

import io.hellocheck.tcp.Side;

/**
 * Who closed the connection first, and how.
 *
 * @param side  the side that sent the first FIN or RST
 * @param how   "FIN" or "RST"
 * @param frame frame of that segment (from 1)
 * @param timeNanos capture time of that segment
 */
public record ClosedBy(Side side, String how, long frame, long timeNanos) {
}
