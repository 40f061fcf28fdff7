package io.hellocheck.udp;

import io.hellocheck.frame.PacketView;
import java.util.zip.CRC32C;

/**
 * What a QUIC or DTLS handshake flow knows of its UDP conversation whatever the protocol: Wireshark's
 * {@code udp.stream}; the client (the sender of the datagram the flow began with) and the server, addresses as
 * high and low 64 bits (IPv4 mapped) as {@link PacketView} gives them; that first datagram; the datagrams each
 * side sent; the first ICMP port unreachable (RFC 792, RFC 4443) answering the client.
 *
 * <p>A datagram whose UDP payload equals, byte for byte, the one its side sent just before, within
 * {@value #DUPLICATE_WINDOW_NANOS} ns, is the same datagram captured twice (Wireshark's duplicate frames, which
 * {@code editcap -d} removes; nDPI's {@code dtls.pcap} frames 1 and 2: the same time, IP ID 0x16d0 and DTLS record
 * sequence number), not a datagram sent again: a DTLS or QUIC resend is a new record or packet with a new sequence or
 * packet number (RFC 6347 section 4.1, RFC 9000 section 12.3). It is counted in {@link #duplicateFrames()}, not in the
 * datagrams of its side. Compared while the conversation holds fewer than {@value #DEDUP_DATAGRAMS} datagrams (the
 * handshake), by a CRC-32C of the payload. Not thread-safe.
 */
public final class UdpConversation {
    static final long DUPLICATE_WINDOW_NANOS = 5_000_000L;
    static final int DEDUP_DATAGRAMS = 64;
    /** A point in the capture: a frame (from 1) and its time (ns since the epoch). */
    public record Mark(long frame, long timeNanos) {
    }

    private final int udpStream;
    private final long clientHi;
    private final long clientLo;
    private final int clientPort;
    private final long serverHi;
    private final long serverLo;
    private final int serverPort;
    private final Mark start;
    private Mark portUnreachable;
    private long clientDatagrams;
    private long serverDatagrams;
    private long lastTimeNanos;
    private long duplicateFrames;
    /** The previous datagram of each side (client, server): its time, payload length and CRC-32C, or time -1. */
    private final long[] previous = {-1, 0, 0, -1, 0, 0};

    /**
     * Starts with the datagram the flow began with (not counted: {@link #count} it), whose source is the client.
     *
     * @param udpStream Wireshark's {@code udp.stream} of the conversation
     */
    public UdpConversation(int udpStream, PacketView first) {
        this.udpStream = udpStream;
        this.clientHi = first.srcHi();
        this.clientLo = first.srcLo();
        this.clientPort = first.srcPort();
        this.serverHi = first.dstHi();
        this.serverLo = first.dstLo();
        this.serverPort = first.dstPort();
        this.start = new Mark(first.frameNumber(), first.timestampNanos());
        this.lastTimeNanos = first.timestampNanos();
    }

    /**
     * Counts the datagram {@code p} of the conversation (a duplicate frame in {@link #duplicateFrames()}); returns
     * whether the client sent it.
     */
    public boolean count(PacketView p) {
        boolean fromClient = isClient(p);
        lastTimeNanos = Math.max(lastTimeNanos, p.timestampNanos());
        if (clientDatagrams + serverDatagrams < DEDUP_DATAGRAMS && duplicate(p, fromClient ? 0 : 3)) {
            duplicateFrames++;
            return fromClient;
        }
        if (fromClient) {
            clientDatagrams++;
        } else {
            serverDatagrams++;
        }
        return fromClient;
    }

    /** Whether {@code p} repeats the previous datagram of the side whose slot in {@link #previous} is {@code at}. */
    private boolean duplicate(PacketView p, int at) {
        CRC32C crc = new CRC32C();
        crc.update(p.data(), p.payloadOffset(), p.payloadLength());
        long t = p.timestampNanos();
        boolean same = previous[at] >= 0 && t - previous[at] <= DUPLICATE_WINDOW_NANOS && t >= previous[at]
                && previous[at + 1] == p.payloadLength() && previous[at + 2] == crc.getValue();
        previous[at] = t;
        previous[at + 1] = p.payloadLength();
        previous[at + 2] = crc.getValue();
        return same;
    }

    /**
     * An ICMP port unreachable quoting the datagram {@code quoted}: noted when the quoted datagram is the client's,
     * the first one only.
     */
    public void onPortUnreachable(PacketView quoted, long frame, long timeNanos) {
        if (portUnreachable == null && isClient(quoted)) {
            portUnreachable = new Mark(frame, timeNanos);
        }
    }

    private boolean isClient(PacketView p) {
        return p.srcHi() == clientHi && p.srcLo() == clientLo && p.srcPort() == clientPort;
    }

    /** Wireshark's {@code udp.stream} of the conversation. */
    public int udpStream() { return udpStream; }
    /** The datagram the flow began with. */
    public Mark start() { return start; }
    /** The time of the conversation's latest datagram counted, ns since the epoch. */
    public long lastTimeNanos() { return lastTimeNanos; }
    /** The first ICMP port unreachable answering a client datagram, or null. */
    public Mark portUnreachable() { return portUnreachable; }
    /** Datagrams the client sent. */
    public long clientDatagrams() { return clientDatagrams; }
    /** Frames that repeat the datagram before them: the same datagram captured twice, counted once. */
    public long duplicateFrames() { return duplicateFrames; }
    /** Datagrams the server sent. */
    public long serverDatagrams() { return serverDatagrams; }
    /** The client's address (high and low 64 bits, IPv4 mapped) and port. */
    public long clientHi() { return clientHi; }
    public long clientLo() { return clientLo; }
    public int clientPort() { return clientPort; }
    /** The server's address (as the client's) and port. */
    public long serverHi() { return serverHi; }
    public long serverLo() { return serverLo; }
    public int serverPort() { return serverPort; }
}
