package io.hellocheck.result;

import java.util.List;
import java.util.Optional;

/**
 * Everything found in one capture: its connection records, server records, summary and warnings; for a capture
 * damaged after its start, what was read before the damage and the {@link #error()}. Immutable.
 */
public final class CaptureResult {
    private final io.hellocheck.engine.CaptureResult result;
    private final InputError error;

    CaptureResult(io.hellocheck.engine.CaptureResult result, InputError error) {
        this.result = result;
        this.error = error;
    }

    io.hellocheck.engine.CaptureResult internal() {
        return result;
    }

    /** {@return the capture's name as given} ({@code archive.zip!/entry.pcap} for an archive's entry) */
    public String capture() {
        return result.summary().capture();
    }

    /**
     * {@return the connection records in the order they were decided}; empty in what a listener receives, which
     * had them one by one
     */
    public List<ConnectionRecord> connections() {
        return result.connections().stream().map(ConnectionRecord::new).toList();
    }

    /** {@return one record per server}, in order of first connection */
    public List<ServerRecord> servers() {
        String capture = capture();
        return result.servers().stream().map(s -> new ServerRecord(capture, s)).toList();
    }

    /** {@return counts over the capture} (up to the damage, for a damaged capture) */
    public CaptureSummary summary() {
        return new CaptureSummary(result.summary(), error == null ? -1 : error.internal().byteOffset());
    }

    /** {@return what to know about the capture} (cut short, evictions, ...) */
    public List<CaptureWarning> warnings() {
        return result.warnings().stream().map(CaptureWarning::new).toList();
    }

    /**
     * {@return the damage that ended the capture early}, or empty: kind {@link InputError.Kind#CORRUPT} for a
     * damaged capture; {@code ARCHIVE_CORRUPT}, {@code ARCHIVE_LIMIT} or {@code UNREADABLE} for a compressed
     * capture whose stream failed or hit a decompression bound part way
     */
    public Optional<InputError> error() {
        return Optional.ofNullable(error);
    }

    /** {@return whether at least one handshake failed} */
    public boolean hasFailures() {
        return result.summary().failedHandshakes() > 0;
    }

    /** {@return the summary's text} */
    @Override
    public String toString() {
        return summary().toString();
    }
}
