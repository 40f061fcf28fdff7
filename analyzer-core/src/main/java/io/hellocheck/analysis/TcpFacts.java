package io.hellocheck.analysis;

import java.util.List;

/**
 * What the TCP layer shows about a connection, as the diagnosis reads it. Counted up to the moment the
 * record was written.
 *
 * @param clientHelloAcked          whether the server's ACKs covered the ClientHello: {@code "all"},
 *                                  {@code "partial"} (only some of its segments), {@code "none"}, or null
 *                                  without a ClientHello
 * @param clientHelloAckedFrames    frames of the ClientHello whose bytes the server acknowledged
 * @param clientHelloUnackedFrames  frames of the ClientHello whose bytes it did not acknowledge
 * @param synAckTtl                 IP TTL (hop limit) of the server's SYN-ACK, or -1
 * @param synAckIpId                IPv4 identification of the server's SYN-ACK, or -1
 * @param serverReset               the server's first RST, or null
 * @param serverDataAfterReset      whether server payload arrived after that RST (one side of the path
 *                                  still talked: the mark of a reset injected on the path)
 * @param clientRetransmittedBytes  bytes the client sent again
 * @param serverRetransmittedBytes  bytes the server sent again
 * @param retransmissionMismatches  retransmitted copies carrying other bytes than the first copy, both ways
 * @param keepAlives                keep-alive segments, both ways
 * @param clientAckedNotCaptured    client bytes the server acknowledged that the capture does not hold
 * @param serverAckedNotCaptured    server bytes the client acknowledged that the capture does not hold
 * @param durationNanos             first to last frame of the connection seen when the record was written
 * @param maxIdleNanos              longest silence between two segments of the connection, in nanoseconds
 * @param encapsulation             tunnels and tags the segments came in (e.g. "802.1Q/PPPoE"), or null
 * @param outOfOrderSegments        segments held above a hole until it filled, both ways
 * @param zeroWindowProbes          zero-window probes, both ways (their byte is data and delivered once)
 * @param heldSegmentsDropped       out-of-order segments given up as a gap at the hold caps, both ways
 * @param serverBytesLost           the start of the server's answer lost on the path before the capture point
 *                                  ({@link ServerAnswerLoss}), or null
 */
public record TcpFacts(String clientHelloAcked, List<Long> clientHelloAckedFrames,
                       List<Long> clientHelloUnackedFrames, int synAckTtl, int synAckIpId, ResetFacts serverReset,
                       boolean serverDataAfterReset, long clientRetransmittedBytes, long serverRetransmittedBytes,
                       long retransmissionMismatches, long keepAlives, long clientAckedNotCaptured,
                       long serverAckedNotCaptured, long durationNanos, long maxIdleNanos, String encapsulation,
                       long outOfOrderSegments, long zeroWindowProbes, long heldSegmentsDropped,
                       LostServerBytes serverBytesLost) {

    public TcpFacts {
        clientHelloAckedFrames = List.copyOf(clientHelloAckedFrames);
        clientHelloUnackedFrames = List.copyOf(clientHelloUnackedFrames);
    }

    /**
     * A RST segment.
     *
     * @param frame                 frame number (from 1)
     * @param timeNanos             capture time, ns since the epoch
     * @param ttl                   IP TTL or hop limit
     * @param ipId                  IPv4 identification, or -1 for IPv6
     * @param afterClientHelloNanos time since the last ClientHello byte was first captured (a TCP retransmission of
     *                              it does not restart the clock), or -1 without a ClientHello
     */
    public record ResetFacts(long frame, long timeNanos, int ttl, int ipId, long afterClientHelloNanos) {
    }

    /**
     * Server bytes that never reached the client: a hole at the start of the server's answer that the client never
     * acknowledged, while bytes after it arrived (Wireshark: "previous segment not captured", then the client's
     * duplicate ACK, usually with a SACK block for the later bytes), or while a later server segment without payload
     * carried a sequence number past it.
     *
     * @param bytes          length of the hole, in bytes
     * @param frameAfter     the first frame carrying server bytes above the hole, or when none arrived, the server's
     *                       segment without payload whose sequence number is past it (from 1)
     * @param clientAckFrame the client's first ACK after those bytes that acknowledged only up to the hole (a duplicate
     *                       ACK); when no byte above the hole arrived, its latest ACK before the server's segment
     *                       whose sequence number is past the hole
     */
    public record LostServerBytes(long bytes, long frameAfter, long clientAckFrame) {
    }
}
