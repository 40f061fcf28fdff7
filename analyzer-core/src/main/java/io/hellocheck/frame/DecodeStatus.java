package io.hellocheck.frame;

/** What {@link FrameDecoder#decode} found in a frame. Only {@link #TCP} fills the packet view. */
public enum DecodeStatus {
    /** A TCP segment; the view is filled. */
    TCP,
    /** UDP to or from port 443 (QUIC), counted, not analyzed yet. */
    UDP_QUIC,
    /** UDP datagram that may be DTLS (first payload byte 20..25 then version 0xfeff, 0xfefd or 0xfefc), counted. */
    UDP_DTLS,
    /** Another IP protocol (ICMP, ESP, ...), or other UDP. */
    OTHER_IP,
    /** Not IP (ARP, LLDP, ...). */
    NOT_IP,
    /** A link type, tunnel or encapsulation this version does not decode. */
    UNSUPPORTED,
    /** Headers cut by the snaplen or inconsistent lengths. */
    MALFORMED,
    /** A non-first IP fragment or a fragment kept for later; not a segment on its own. */
    FRAGMENT
}
