package io.hellocheck.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each capture source of a file ends: the latest frame time of each pcapng interface (its section and
 * interface id; a pcap file is one source). A file joined from several captures ends at another time for each: nDPI's
 * {@code sites.pcapng} holds 22 interfaces, each one capture, days to years apart and not in time order, and a flow's
 * capture ends with the last frame of its own capture, not with the file's last frame (CONTRACT.md, Outcomes, rule 1:
 * "the capture ends less than 3 s after the ClientHello"). Sources whose frames overlap in time or follow one
 * another within {@value #JOIN_GAP_SECONDS} s (interfaces captured together, {@code dumpcap -i eth0 -i eth1}, one of
 * them idle for a while) are one capture and end together, with the latest of them: only a gap longer than that
 * separates captures.
 *
 * <p>Keeps at most {@value #MAX_SOURCES} sources (a hostile file can begin any number of sections); a source beyond
 * them ends with the file. Not thread-safe.
 */
public final class CaptureEnds {
    static final int MAX_SOURCES = 1024;
    /** A pause longer than this between the frames of two sources separates two captures: one hour. */
    static final long JOIN_GAP_SECONDS = 3_600;
    private static final long JOIN_GAP_NANOS = JOIN_GAP_SECONDS * 1_000_000_000L;
    /** Sources of sections 0-15 and interfaces 0-63 are kept in an array, the others in a map. */
    private static final int SECTIONS = 16;
    private static final int INTERFACES = 64;

    /** First and last frame time of each source, ns: by {@link #slot} when it has one. */
    private final long[][] bySlot = new long[SECTIONS * INTERFACES][];
    private final Map<Long, long[]> others = new HashMap<>();
    private int sources;
    private long lastSource = -1;
    private long[] lastRange;
    private long fileEnd = Long.MIN_VALUE;
    /** Each range's capture end, set at the first {@link #end} call, after the last frame. */
    private Map<long[], Long> joined;

    /** The source key of a frame: its pcapng section (0 for pcap) and interface id. */
    public static long source(int section, int interfaceId) {
        return ((long) section << 32) | (interfaceId & 0xffffffffL);
    }

    private static int slot(long source) {
        long section = source >>> 32;
        long id = source & 0xffffffffL;
        return section < SECTIONS && id < INTERFACES ? (int) (section * INTERFACES + id) : -1;
    }

    private long[] range(long source) {
        int slot = slot(source);
        return slot >= 0 ? bySlot[slot] : others.get(source);
    }

    /** A frame of {@code source} captured at {@code timeNanos} (ns since the epoch). */
    public void frame(long source, long timeNanos) {
        fileEnd = Math.max(fileEnd, timeNanos);
        if (source != lastSource || lastRange == null) {
            lastSource = source;
            lastRange = range(source);
            if (lastRange == null && sources < MAX_SOURCES) {
                lastRange = new long[] {timeNanos, timeNanos};
                sources++;
                int slot = slot(source);
                if (slot >= 0) {
                    bySlot[slot] = lastRange;
                } else {
                    others.put(source, lastRange);
                }
            }
        }
        if (lastRange != null) {
            lastRange[0] = Math.min(lastRange[0], timeNanos);
            lastRange[1] = Math.max(lastRange[1], timeNanos);
        }
    }

    /**
     * When the capture of {@code source} ends, ns: the latest frame time of the sources captured with it (its own,
     * or a later one of a source whose frames overlap or follow its own within {@value #JOIN_GAP_SECONDS} s, step by
     * step); the file's latest when the source is not kept. Call after the last frame.
     */
    public long end(long source) {
        long[] r = range(source);
        if (r == null) {
            return fileEnd;
        }
        if (joined == null) {
            joined = join();
        }
        return joined.get(r);
    }

    /** Sweeps the ranges in start order into captures: a range that starts within the gap joins the one before. */
    private Map<long[], Long> join() {
        List<long[]> ranges = new ArrayList<>(others.values());
        for (long[] r : bySlot) {
            if (r != null) {
                ranges.add(r);
            }
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        Map<long[], Long> out = new HashMap<>();
        List<long[]> capture = new ArrayList<>();
        long end = Long.MIN_VALUE;
        for (long[] r : ranges) {
            if (!capture.isEmpty() && r[0] - end > JOIN_GAP_NANOS) {
                for (long[] c : capture) {
                    out.put(c, end);
                }
                capture.clear();
            }
            capture.add(r);
            end = capture.size() == 1 ? r[1] : Math.max(end, r[1]);
        }
        for (long[] c : capture) {
            out.put(c, end);
        }
        return out;
    }

    /** The latest frame time of the file, ns; {@link Long#MIN_VALUE} before any frame. */
    public long fileEnd() {
        return fileEnd;
    }

    /** Whether the file holds frames of more than one source. */
    public boolean several() {
        return sources > 1;
    }
}
