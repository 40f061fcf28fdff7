package io.hellocheck.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What the exit code must cover when standard output closes early ({@code hellocheck ... | head}): CONTRACT.md says
 * "the exit code then covers the records written", so it is 2 when an {@code error} record reached the reader, else 1
 * when a failed handshake's record did, else 0, whatever the records analyzed but never written.
 *
 * <p>Positions are byte counts of standard output from its start: {@link #accepting} counts the bytes the report
 * hands over (before the buffer), {@link #delivered} those the operating system took (after it). A record with a
 * severity is marked at the position where the renderer's call that wrote it ended ({@link #pending},
 * {@link #settle}), so a format that writes a capture's records together (text, HTML, JSON) marks them when that
 * block is written. A record counts once every byte up to its mark was delivered. Used by the thread that writes the
 * report.
 */
final class WrittenRecords {
    /** A failed handshake's record. */
    static final int FAILED = ExitCodes.FAILED_HANDSHAKE;
    /** An {@code error} record. */
    static final int ERROR = ExitCodes.USAGE_OR_UNREADABLE;

    private long accepted;
    private long delivered;
    private long firstFailedEnd = Long.MAX_VALUE;
    private long firstErrorEnd = Long.MAX_VALUE;
    private int pending;
    private long pendingFrom;

    /** A stream that counts the bytes it passes to {@code out}: put it above the output's buffer. */
    OutputStream accepting(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                accepted++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                accepted += len;
            }
        };
    }

    /** {@code bytes} more bytes were taken by the operating system (counted below the buffer). */
    void delivered(long bytes) {
        delivered += bytes;
    }

    /** A record of {@code severity} ({@link #FAILED}, {@link #ERROR}) was handed to the renderer. */
    void pending(int severity) {
        if (pending == 0) {
            pendingFrom = accepted;
        }
        pending = Math.max(pending, severity);
    }

    /** A renderer's call ended: records pending since before the bytes it wrote are marked at their end. */
    void settle() {
        if (pending == 0 || accepted == pendingFrom) {
            return;
        }
        if (pending >= FAILED) {
            firstFailedEnd = Math.min(firstFailedEnd, accepted);
        }
        if (pending >= ERROR) {
            firstErrorEnd = Math.min(firstErrorEnd, accepted);
        }
        pending = 0;
    }

    /** The exit code of a run whose output closed now: by the records delivered whole. */
    int exitCode() {
        if (delivered >= firstErrorEnd) {
            return ExitCodes.USAGE_OR_UNREADABLE;
        }
        return delivered >= firstFailedEnd ? ExitCodes.FAILED_HANDSHAKE : ExitCodes.OK;
    }
}
