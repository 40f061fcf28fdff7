package io.hellocheck.frame;

/**
 * A decoded TCP segment or UDP datagram ({@link #isUdp()}: then seq, ack, flags and window are 0 and the
 * payload is the UDP payload, to the UDP length): a reusable, mutable cursor filled by {@link FrameDecoder} for each frame.
 *
 * <p>Addresses are held as two longs each, so no object is allocated per frame: an IPv4 address
 * {@code a.b.c.d} is stored as the IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d} (hi = 0,
 * lo = 0x0000_ffff_0000_0000L | ipv4). Sequence and acknowledgment numbers are unsigned 32-bit values
 * in a long. The TCP payload is {@code data()[payloadOffset() .. payloadOffset() + payloadLength())};
 * {@link #payloadMissingBytes()} counts payload bytes the IP header announces but the capture lacks
 * (snaplen cut).
 */
public final class PacketView {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    long frameNumber;
    long timestampNanos;
    boolean ipv6;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int srcPort;
    int dstPort;
    int ttl;
    int ipId;
    long seq;
    long ack;
    int flags;
    int window;
    byte[] data;
    int payloadOffset;
    int payloadLength;
    int payloadMissingBytes;
    String encapsulation;
    boolean udp;

    /** Frame number, from 1. */
    public long frameNumber() { return frameNumber; }
    /** Capture time in nanoseconds since the epoch. */
    public long timestampNanos() { return timestampNanos; }
    /** Whether the innermost IP header is IPv6. */
    public boolean isIpv6() { return ipv6; }
    public long srcHi() { return srcHi; }
    public long srcLo() { return srcLo; }
    public long dstHi() { return dstHi; }
    public long dstLo() { return dstLo; }
    public int srcPort() { return srcPort; }
    public int dstPort() { return dstPort; }
    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl() { return ttl; }
    /** IPv4 identification field, or -1 for IPv6. */
    public int ipId() { return ipId; }
    /** Sequence number, unsigned 32 bits. */
    public long seq() { return seq; }
    /** Acknowledgment number, unsigned 32 bits (meaningful when {@link #ACK} is set). */
    public long ack() { return ack; }
    /** TCP flags: the low 8 bits of the flags field ({@link #SYN}, {@link #ACK}, ...). */
    public int flags() { return flags; }
    public boolean has(int flag) { return (flags & flag) != 0; }
    /** Window field as sent (not scaled). */
    public int window() { return window; }
    public byte[] data() { return data; }
    public int payloadOffset() { return payloadOffset; }
    /** Captured TCP payload length in bytes. */
    public int payloadLength() { return payloadLength; }
    /** Payload bytes on the wire (per the IP length) that the capture does not hold. */
    public int payloadMissingBytes() { return payloadMissingBytes; }
    /** Whether this is a UDP datagram rather than a TCP segment. */
    public boolean isUdp() { return udp; }
    /** Tunnel or encapsulation the segment was found in (e.g. "802.1Q"), or null. */
    public String encapsulation() { return encapsulation; }

    /** Sets every field; used by the decoder and by tests. */
    public PacketView set(long frameNumber, long timestampNanos, boolean ipv6, long srcHi, long srcLo,
                          long dstHi, long dstLo, int srcPort, int dstPort, int ttl, int ipId, long seq,
                          long ack, int flags, int window, byte[] data, int payloadOffset,
                          int payloadLength, int payloadMissingBytes) {
        this.frameNumber = frameNumber;
        this.timestampNanos = timestampNanos;
        this.ipv6 = ipv6;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.ttl = ttl;
        this.ipId = ipId;
        this.seq = seq;
        this.ack = ack;
        this.flags = flags;
        this.window = window;
        this.data = data;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.payloadMissingBytes = payloadMissingBytes;
        this.encapsulation = null;
        this.udp = false;
        return this;
    }
}
