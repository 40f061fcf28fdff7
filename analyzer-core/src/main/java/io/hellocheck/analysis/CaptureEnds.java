package io.hellocheck.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * When each capture held in a file ends. A file joined from several captures ends at another time for each: nDPI's
 * {@code sites.pcapng} holds 22 interfaces, each one capture, days to years apart and not in time order; nDPI's
 * {@code dtls.pcap} holds on one interface a datagram of 2018 and a GTP capture of 2024 (tshark: frame 3 comes
 * 164,259,558 s after frame 2). A connection's capture ends with the last frame of its own capture, not with the
 * file's last frame (CONTRACT.md, Outcomes, rule 1: "the capture ends less than 3 s after the ClientHello").
 *
 * <p>A capture is a run of frames with no pause longer than {@value #JOIN_GAP_SECONDS} s: the frames of each source (a
 * pcapng interface, its section and interface id; a pcap file is one source) are cut into runs at such pauses, and
 * runs of any sources that overlap in time or follow one another within the pause (interfaces captured together,
 * {@code dumpcap -i eth0 -i eth1}, one of them idle for a while) are one capture and end together, with the latest of
 * them.
 *
 * <p>Keeps at most {@value #MAX_RUNS} runs (a hostile file can begin any number of sections or pauses); a frame of a
 * source beyond them ends with the file, one that would start a run beyond them extends its source's latest run. Not
 * thread-safe.
 */
public final class CaptureEnds {
    static final int MAX_RUNS = 1024;
    /** A pause longer than this between frames separates two captures: one hour. */
    static final long JOIN_GAP_SECONDS = 3_600;
    static final long JOIN_GAP_NANOS = JOIN_GAP_SECONDS * 1_000_000_000L;

    /** Runs of each source, in the order they began: {first, last} frame times, ns. */
    private final Map<Long, List<long[]>> runs = new HashMap<>();
    private int runCount;
    private long lastSource = Long.MIN_VALUE;
    private List<long[]> lastRuns;
    private long[] lastRun;
    private long fileEnd = Long.MIN_VALUE;
    /** Each run's capture (the runs captured together), set at a look-up after a run began. */
    private Map<long[], List<long[]>> captures;
    /** The captures in time order. */
    private List<List<long[]>> ordered;
    private int joinedRuns = -1;

    /** The source key of a frame: its pcapng section (0 for pcap) and interface id. */
    public static long source(int section, int interfaceId) {
        return ((long) section << 32) | (interfaceId & 0xffffffffL);
    }

    /** A frame of {@code source} captured at {@code timeNanos} (ns since the epoch). */
    public void frame(long source, long timeNanos) {
        fileEnd = Math.max(fileEnd, timeNanos);
        if (source == lastSource && lastRun != null && within(lastRun, timeNanos)) {
            extend(lastRun, timeNanos);
            return;
        }
        if (source != lastSource) {
            lastSource = source;
            lastRuns = runs.get(source);
            if (lastRuns == null && runCount < MAX_RUNS) {
                lastRuns = new ArrayList<>(1);
                runs.put(source, lastRuns);
            }
        }
        lastRun = null;
        if (lastRuns == null) {
            return;
        }
        for (long[] r : lastRuns) {
            if (within(r, timeNanos)) {
                lastRun = r;
            }
        }
        if (lastRun == null && runCount < MAX_RUNS) {
            lastRun = new long[] {timeNanos, timeNanos};
            lastRuns.add(lastRun);
            runCount++;
        } else if (lastRun == null && !lastRuns.isEmpty()) {
            lastRun = lastRuns.get(lastRuns.size() - 1);
        }
        if (lastRun != null) {
            extend(lastRun, timeNanos);
        }
    }

    private static boolean within(long[] run, long t) {
        return t >= run[0] - JOIN_GAP_NANOS && t <= run[1] + JOIN_GAP_NANOS;
    }

    private static void extend(long[] run, long t) {
        run[0] = Math.min(run[0], t);
        run[1] = Math.max(run[1], t);
    }

    /**
     * When the capture holding the frame of {@code source} at {@code timeNanos} ends, ns: the latest frame time of its
     * run and of the runs captured with it (overlapping or following within {@value #JOIN_GAP_SECONDS} s, step by
     * step); the file's latest when the source is not kept. Called before the last frame, it says what the frames so
     * far show.
     */
    public long end(long source, long timeNanos) {
        List<long[]> c = capture(source, timeNanos);
        return c == null ? fileEnd : last(c);
    }

    /**
     * How long after the end of the capture holding the frame of {@code source} at {@code timeNanos} the file's next
     * capture begins, ns (more than {@value #JOIN_GAP_SECONDS} s); -1 when no capture of the file begins later.
     */
    public long pauseAfter(long source, long timeNanos) {
        List<long[]> c = capture(source, timeNanos);
        if (c == null) {
            return -1;
        }
        int i = ordered.indexOf(c);
        return i + 1 < ordered.size() ? first(ordered.get(i + 1)) - last(c) : -1;
    }

    private static long first(List<long[]> capture) {
        long t = Long.MAX_VALUE;
        for (long[] r : capture) {
            t = Math.min(t, r[0]);
        }
        return t;
    }

    private static long last(List<long[]> capture) {
        long t = Long.MIN_VALUE;
        for (long[] r : capture) {
            t = Math.max(t, r[1]);
        }
        return t;
    }

    /** The capture of the run of {@code source} nearest to {@code timeNanos}; null when the source is not kept. */
    private List<long[]> capture(long source, long timeNanos) {
        List<long[]> own = runs.get(source);
        if (own == null || own.isEmpty()) {
            return null;
        }
        if (joinedRuns != runCount) {
            join();
        }
        long[] best = own.get(0);
        for (long[] r : own) {
            if (distance(r, timeNanos) < distance(best, timeNanos)) {
                best = r;
            }
        }
        return captures.get(best);
    }

    private static long distance(long[] run, long t) {
        return t < run[0] ? run[0] - t : t > run[1] ? t - run[1] : 0;
    }

    /**
     * Sweeps the runs in start order into captures: a run that starts within the gap joins the one before. Done again
     * when a run began since; runs grown since keep their capture.
     */
    private void join() {
        joinedRuns = runCount;
        List<long[]> all = new ArrayList<>(runCount);
        runs.values().forEach(all::addAll);
        all.sort(Comparator.comparingLong(r -> r[0]));
        captures = new IdentityHashMap<>();
        ordered = new ArrayList<>();
        List<long[]> capture = null;
        long end = Long.MIN_VALUE;
        for (long[] r : all) {
            if (capture == null || r[0] - end > JOIN_GAP_NANOS) {
                capture = new ArrayList<>();
                ordered.add(capture);
            }
            capture.add(r);
            end = capture.size() == 1 ? r[1] : Math.max(end, r[1]);
            captures.put(r, capture);
        }
    }

    /** The latest frame time of the file, ns; {@link Long#MIN_VALUE} before any frame. */
    public long fileEnd() {
        return fileEnd;
    }

    /** Whether the file holds frames of more than one source. */
    public boolean several() {
        return runs.size() > 1;
    }
}
