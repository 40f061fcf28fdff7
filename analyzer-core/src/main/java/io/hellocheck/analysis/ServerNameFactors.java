package io.hellocheck.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server names (SNI, RFC 6066 section 3) a server's failed and completed ClientHellos asked for, as differences
 * beside the other ClientHello properties of {@link ServerRecord#differences()}: one per name with failures (at most
 * 3, those with the most failures, ties in name order), factor "asks for server name NAME". A name counts at most
 * 32 distinct values; a ClientHello without SNI, or with a name past them, counts only as "without". The finding
 * names no other name than its factor's, so that a redacted record can replace that one.
 */
final class ServerNameFactors {
    /** How the factor of a name starts: "asks for server name www.example.com". */
    static final String FACTOR = ServerRecord.SERVER_NAME_FACTOR;
    private static final int MAX_NAMES = 32;
    private static final int MAX_FACTORS = 3;
    /** Fewer handshakes than this behind a finding: it says that it may be chance (as the other factors). */
    private static final int FEW_HANDSHAKES = 4;

    /** Per name: failed, completed. */
    private final Map<String, int[]> counts = new LinkedHashMap<>();
    /** Failed and completed handshakes counted, with a name kept or not. */
    private final int[] totals = new int[2];

    /** Counts a failed or completed ClientHello asking for {@code name} (null: no SNI). */
    void note(String name, boolean completed) {
        totals[completed ? 1 : 0]++;
        if (name == null || !counts.containsKey(name) && counts.size() >= MAX_NAMES) {
            return;
        }
        counts.computeIfAbsent(name, k -> new int[2])[completed ? 1 : 0]++;
    }

    /**
     * The differences of the names with failures; a finding when every failure asked for the name, no completion did
     * and some completed.
     */
    List<ServerRecord.Difference> differences() {
        List<Map.Entry<String, int[]>> failing = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            if (e.getValue()[0] > 0) {
                failing.add(e);
            }
        }
        failing.sort((x, y) -> x.getValue()[0] != y.getValue()[0] ? y.getValue()[0] - x.getValue()[0]
                : x.getKey().compareTo(y.getKey()));
        List<ServerRecord.Difference> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : failing.subList(0, Math.min(MAX_FACTORS, failing.size()))) {
            int failedWith = e.getValue()[0];
            int completedWith = e.getValue()[1];
            int failedWithout = totals[0] - failedWith;
            int completedWithout = totals[1] - completedWith;
            String finding = null;
            if (completedWith == 0 && failedWithout == 0 && completedWithout > 0) {
                finding = (failedWith == 1 ? "The failed handshake" : "Every failed handshake (" + failedWith + ")")
                        + " asked for server name " + e.getKey() + ", never seen completing; "
                        + (completedWithout == 1 ? "the completed one" : "the " + completedWithout + " completed ones")
                        + " asked for other names or none"
                        + (failedWith + completedWithout < FEW_HANDSHAKES ? " (too few to rule out chance)." : ".");
            }
            out.add(new ServerRecord.Difference(FACTOR + e.getKey(), failedWith, completedWith, failedWithout,
                    completedWithout, finding));
        }
        return out;
    }
}
