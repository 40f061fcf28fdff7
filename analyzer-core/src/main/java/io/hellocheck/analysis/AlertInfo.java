package io.hellocheck.analysis;

import io.hellocheck.tcp.Side;

/**
 * A TLS alert (RFC 8446 section 6).
 *
 * @param from        who sent it
 * @param level       1 warning, 2 fatal; 0 when encrypted
 * @param description AlertDescription code; -1 when encrypted
 * @param frame       frame carrying the alert record (from 1)
 * @param timeNanos   capture time of that frame, ns since the epoch
 * @param encrypted   whether the alert was in an encrypted record (level and description unknown)
 */
public record AlertInfo(Side from, int level, int description, long frame, long timeNanos, boolean encrypted) {

    /** Whether this is a fatal alert (level 2). */
    public boolean isFatal() {
        return level == 2;
    }
}
