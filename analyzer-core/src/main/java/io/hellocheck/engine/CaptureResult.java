package io.hellocheck.engine;

import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.ServerRecord;
import java.util.List;

/**
 * Everything hellocheck found in one capture. Immutable.
 *
 * @param connections connection records in the order they were decided
 * @param servers     one record per server, in order of first connection record
 * @param summary     counts over the capture
 * @param warnings    things the user should know (a capture cut short, with its byte offset)
 */
public record CaptureResult(List<ConnectionRecord> connections, List<ServerRecord> servers, CaptureSummary summary,
                            List<CaptureWarning> warnings) {

    public CaptureResult {
        connections = List.copyOf(connections);
        servers = List.copyOf(servers);
        warnings = List.copyOf(warnings);
    }

    /** Whether at least one handshake failed (CONTRACT.md's failed outcomes). */
    public boolean hasFailures() {
        return summary.failedHandshakes() > 0;
    }
}
