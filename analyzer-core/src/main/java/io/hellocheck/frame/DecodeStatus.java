package io.hellocheck.frame;

/**
 * What {@link FrameDecoder#decode} found in a frame. {@link #TCP} and {@link #ICMP_QUOTED_TCP} fill the packet view,
 * and so does every UDP datagram (see {@link PacketView#isUdp()}).
 */
public enum DecodeStatus {
    /** A TCP segment; the view is filled. */
    TCP,
    /**
     * An ICMP or ICMPv6 error quoting at least the first 16 bytes of a TCP header, which Wireshark numbers in a
     * {@code tcp.stream}; the view holds the quoted header (addresses, ports, numbers, flags), no payload.
     */
    ICMP_QUOTED_TCP,
    /** UDP to or from port 443 (QUIC). */
    UDP_QUIC,
    /** UDP datagram that may be DTLS (first payload byte 20..25 then version 0xfeff, 0xfefd or 0xfefc), counted. */
    UDP_DTLS,
    /** Another IP protocol (ICMP, ESP, ...), or other UDP. */
    OTHER_IP,
    /** Not IP (ARP, LLDP, ...). */
    NOT_IP,
    /**
     * A link type, tunnel or encapsulation this version does not decode, or more than
     * {@link FrameDecoder#MAX_LAYERS} of them; {@link FrameDecoder#unsupported()} says which.
     */
    UNSUPPORTED,
    /** Headers cut by the snaplen or inconsistent lengths. */
    MALFORMED,
    /**
     * An IP fragment kept until its datagram is complete (or dropped, see {@link FrameDecoder#fragmentCounters()});
     * the fragment that completes a datagram gets the status of the datagram, decoded in its frame.
     */
    FRAGMENT
}
