package io.hellocheck.result;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Counts over one capture (JSON {@code "type": "summary", "scope": "capture"}). Immutable. */
public final class CaptureSummary {
    private final io.hellocheck.engine.CaptureSummary summary;
    private final long damagedAtOffset;

    CaptureSummary(io.hellocheck.engine.CaptureSummary summary, long damagedAtOffset) {
        this.summary = summary;
        this.damagedAtOffset = damagedAtOffset;
    }

    /** {@return the capture's name as given} */
    public String capture() {
        return summary.capture();
    }

    /** {@return {@code pcap} or {@code pcapng}, with {@code +gzip}, {@code +xz}, {@code +zstd} or {@code +bzip2}} */
    public String format() {
        return summary.format();
    }

    /** {@return frames read} */
    public long frames() {
        return summary.frames();
    }

    /** {@return captured bytes of those frames} */
    public long bytes() {
        return summary.bytes();
    }

    /** {@return the capture time of the first frame}, empty without frames */
    public Optional<Instant> firstTime() {
        return summary.frames() == 0 ? Optional.empty() : Optional.of(Convert.instant(summary.firstTimeNanos()));
    }

    /** {@return the capture time of the last frame}, empty without frames */
    public Optional<Instant> lastTime() {
        return summary.frames() == 0 ? Optional.empty() : Optional.of(Convert.instant(summary.lastTimeNanos()));
    }

    /** {@return TCP connections seen} (Wireshark's {@code tcp.stream} count) */
    public int tcpConnections() {
        return summary.tcpConnections();
    }

    /** {@return connection records} */
    public int connectionRecords() {
        return summary.connectionRecords();
    }

    /** {@return records with a failed handshake} */
    public int failedHandshakes() {
        return summary.failedHandshakes();
    }

    /** {@return records per outcome}, only outcomes seen, in the enum's order */
    public Map<Outcome, Integer> outcomes() {
        Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
        summary.outcomes().forEach((k, v) -> {
            if (v > 0) {
                m.put(Outcome.of(k), v);
            }
        });
        return Collections.unmodifiableMap(m);
    }

    /**
     * {@return frames by what the frame decoder found}: {@code TCP}, {@code UDP_QUIC}, {@code UDP_DTLS},
     * {@code OTHER_IP}, {@code NOT_IP}, {@code UNSUPPORTED}, {@code MALFORMED}, {@code FRAGMENT}; only kinds seen
     */
    public Map<String, Long> frameKinds() {
        return Map.copyOf(summary.frameKinds());
    }

    /** {@return frames per link type the decoder does not read}, by {@code LINKTYPE_} value */
    public Map<Integer, Long> unsupportedLinkTypes() {
        return Map.copyOf(summary.unsupportedLinkTypes());
    }

    /** {@return frames the BPF filter dropped} */
    public long filteredOutFrames() {
        return summary.filteredOut();
    }

    /** {@return connections evicted at the connection cap or the memory budget} */
    public long evictedConnections() {
        return summary.evictedConnections();
    }

    /** {@return the byte offset of a record cut by the end of the capture}, or empty */
    public OptionalLong truncatedAtOffset() {
        return summary.truncatedAtOffset() < 0 ? OptionalLong.empty() : OptionalLong.of(summary.truncatedAtOffset());
    }

    /** {@return the byte offset where the capture is damaged}, empty when it was read to its end */
    public OptionalLong damagedAtOffset() {
        return damagedAtOffset < 0 ? OptionalLong.empty() : OptionalLong.of(damagedAtOffset);
    }

    /** {@return {@code capture: N frames, N records, N failed}}, singular for 1 ("1 record") */
    @Override
    public String toString() {
        return capture() + ": " + Counts.of(frames(), "frame") + ", " + Counts.of(connectionRecords(), "record") + ", "
                + failedHandshakes() + " failed";
    }
}
