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
 * @param likely      whether it is only likely an alert: a lone TLS 1.3 application_data record of alert size
 *                    followed by a close (TLS 1.3 hides the content type)
 * @param meaning     one plain line on what the alert means where it was sent, or null
 * @param decrypted   whether the alert was read from an encrypted record with the session's keys (a key log)
 */
public record AlertInfo(Side from, int level, int description, long frame, long timeNanos, boolean encrypted,
                        boolean likely, String meaning, boolean decrypted) {

    /** An alert not read through decryption. */
    public AlertInfo(Side from, int level, int description, long frame, long timeNanos, boolean encrypted,
                     boolean likely, String meaning) {
        this(from, level, description, frame, timeNanos, encrypted, likely, meaning, false);
    }

    /** An alert without the likely mark and meaning. */
    public AlertInfo(Side from, int level, int description, long frame, long timeNanos, boolean encrypted) {
        this(from, level, description, frame, timeNanos, encrypted, false, null);
    }

    /** Whether this is a fatal alert (level 2). */
    public boolean isFatal() {
        return level == 2;
    }
}
