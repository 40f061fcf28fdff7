package io.hellocheck.engine;

import io.hellocheck.analysis.Outcome;
import io.hellocheck.frame.FragmentCounters;
import java.util.Map;

/**
 * Counts over one capture.
 *
 * @param capture            the capture's name as given
 * @param format             "pcap", "pcapng", with "+gzip" when it was gzipped
 * @param frames             frames read
 * @param bytes              captured bytes of those frames
 * @param firstTimeNanos     capture time of the first frame (ns since the epoch), or 0 when there is none
 * @param lastTimeNanos      capture time of the last frame, or 0
 * @param tcpConnections     TCP connections seen (Wireshark's tcp.stream count)
 * @param connectionRecords  connection records written
 * @param outcomes           connection records per outcome
 * @param failedHandshakes   records with a failed outcome
 * @param frameKinds         frames by what the frame decoder found ("TCP", "UDP_QUIC", "UDP_DTLS",
 *                           "OTHER_IP", "NOT_IP", "UNSUPPORTED", "MALFORMED", "FRAGMENT")
 * @param unsupportedLinkTypes frames per link type the decoder does not read, by LINKTYPE_ value
 * @param unsupportedEncapsulations frames per tunnel or encapsulation the decoder does not read, by what it
 *                           names ({@link io.hellocheck.frame.FrameDecoder#unsupported()})
 * @param filteredOut        frames dropped by the BPF filter
 * @param evictedConnections connections evicted at the connection cap
 * @param truncatedAtOffset  byte offset of a record cut by the end of the file, or -1
 * @param timeDigits         fractional-second digits of the capture's timestamps (6 or 9)
 * @param encapsulations     TCP segments per encapsulation chain they were found in
 *                           ({@link io.hellocheck.frame.PacketView#encapsulation()}, e.g. "802.1ad/PPPoE")
 * @param ipFragments        what IP fragment reassembly did
 */
public record CaptureSummary(String capture, String format, long frames, long bytes, long firstTimeNanos,
                             long lastTimeNanos, int tcpConnections, int connectionRecords,
                             Map<Outcome, Integer> outcomes, int failedHandshakes, Map<String, Long> frameKinds,
                             Map<Integer, Long> unsupportedLinkTypes, long filteredOut, long evictedConnections,
                             long truncatedAtOffset, int timeDigits, Map<String, Long> unsupportedEncapsulations,
                             Map<String, Long> encapsulations, FragmentCounters ipFragments) {

    /** A summary without encapsulation or fragment counts. */
    public CaptureSummary(String capture, String format, long frames, long bytes, long firstTimeNanos,
                          long lastTimeNanos, int tcpConnections, int connectionRecords,
                          Map<Outcome, Integer> outcomes, int failedHandshakes, Map<String, Long> frameKinds,
                          Map<Integer, Long> unsupportedLinkTypes, long filteredOut, long evictedConnections,
                          long truncatedAtOffset, int timeDigits) {
        this(capture, format, frames, bytes, firstTimeNanos, lastTimeNanos, tcpConnections, connectionRecords,
                outcomes, failedHandshakes, frameKinds, unsupportedLinkTypes, filteredOut, evictedConnections,
                truncatedAtOffset, timeDigits, Map.of(), Map.of(), FragmentCounters.NONE);
    }
}
