package io.hellocheck.analysis;

import java.util.HashMap;
import java.util.Map;

/**
 * When each capture source of a file ends: the latest frame time of each pcapng interface (its section and
 * interface id; a pcap file is one source). A file joined from several captures ends at another time for each: nDPI's
 * {@code sites.pcapng} holds 22 interfaces, each one capture, years apart and not in time order, and a flow's capture
 * ends with the last frame of its interface, not with the file's last frame (CONTRACT.md, Outcomes, rule 1: "the
 * capture ends less than 3 s after the ClientHello"). Interfaces captured at the same time (dumpcap {@code -i eth0
 * -i eth1}) are one capture: a source ends with the latest source whose frames overlap its own in time, so a
 * silent interface of a capture that went on is not taken for a capture that stopped.
 *
 * <p>Keeps at most {@value #MAX_SOURCES} sources (a hostile file can begin any number of sections); a source beyond
 * them ends with the file. Not thread-safe.
 */
public final class CaptureEnds {
    static final int MAX_SOURCES = 1024;

    /** First and last frame time of each source, ns. */
    private final Map<Long, long[]> ends = new HashMap<>();
    /** {@link #end} of each source, worked out at its first call, after the last frame. */
    private Map<Long, Long> overlapped;
    private long lastSource = -1;
    private long[] lastEnd;
    private long fileEnd = Long.MIN_VALUE;

    /** The source key of a frame: its pcapng section (0 for pcap) and interface id. */
    public static long source(int section, int interfaceId) {
        return ((long) section << 32) | (interfaceId & 0xffffffffL);
    }

    /** A frame of {@code source} captured at {@code timeNanos} (ns since the epoch). */
    public void frame(long source, long timeNanos) {
        fileEnd = Math.max(fileEnd, timeNanos);
        if (source != lastSource || lastEnd == null) {
            lastSource = source;
            lastEnd = ends.get(source);
            if (lastEnd == null && ends.size() < MAX_SOURCES) {
                lastEnd = new long[] {timeNanos, timeNanos};
                ends.put(source, lastEnd);
            }
        }
        if (lastEnd != null) {
            lastEnd[0] = Math.min(lastEnd[0], timeNanos);
            lastEnd[1] = Math.max(lastEnd[1], timeNanos);
        }
    }

    /**
     * When the capture of {@code source} ends, ns: its latest frame time, or a later one of a source whose frames
     * overlap its own in time (captured at the same time); the file's latest when the source is not kept. Call
     * after the last frame.
     */
    public long end(long source) {
        long[] e = ends.get(source);
        if (e == null) {
            return fileEnd;
        }
        if (overlapped == null) {
            overlapped = new HashMap<>();
            for (Map.Entry<Long, long[]> s : ends.entrySet()) {
                long[] r = s.getValue();
                long end = r[1];
                for (long[] o : ends.values()) {
                    if (o[0] <= r[1] && o[1] >= r[0]) {
                        end = Math.max(end, o[1]);
                    }
                }
                overlapped.put(s.getKey(), end);
            }
        }
        return overlapped.get(source);
    }

    /** The latest frame time of the file, ns; {@link Long#MIN_VALUE} before any frame. */
    public long fileEnd() {
        return fileEnd;
    }

    /** Whether the file holds frames of more than one source. */
    public boolean several() {
        return ends.size() > 1;
    }
}
