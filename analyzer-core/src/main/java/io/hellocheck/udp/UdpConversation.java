package io.hellocheck.udp;

import io.hellocheck.frame.PacketView;

/**
 * What a QUIC or DTLS handshake flow knows of its UDP conversation whatever the protocol: Wireshark's
 * {@code udp.stream}; the client (the sender of the datagram the flow began with) and the server, addresses as
 * high and low 64 bits (IPv4 mapped) as {@link PacketView} gives them; that first datagram; the datagrams each
 * side sent; the first ICMP port unreachable (RFC 792, RFC 4443) answering the client. Not thread-safe.
 */
public final class UdpConversation {
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

    /** Counts the datagram {@code p} of the conversation; returns whether the client sent it. */
    public boolean count(PacketView p) {
        boolean fromClient = isClient(p);
        lastTimeNanos = Math.max(lastTimeNanos, p.timestampNanos());
        if (fromClient) {
            clientDatagrams++;
        } else {
            serverDatagrams++;
        }
        return fromClient;
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
