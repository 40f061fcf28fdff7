package io.hellocheck.testing;

/**
 * One TCP connection written through a {@link CaptureWriter}: keeps both sides' next sequence numbers so
 * that fixtures read like the story they tell.
 *
 * <pre>{@code
 * TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).clientIsn(1000).serverIsn(5000);
 * f.syn(t).synAck(t + 1_000_000).ack(t + 2_000_000)
 *  .clientData(t + 3_000_000, hello)        // PSH|ACK, seq 1001
 *  .serverRst(t + 4_000_000);               // RST|ACK
 * f.segment(Dir.CLIENT, 1001, 5001, Packets.PSH | Packets.ACK, hello, t + 5_000_000); // a retransmission
 * }</pre>
 *
 * <p>The helpers advance the sender's next sequence number by the payload length (+1 for SYN and FIN),
 * and acknowledge everything the other side sent so far. {@link #segment} writes exactly what it is told
 * and changes no state, for out-of-order, retransmitted or wrapped-around fixtures. The SYN and SYN-ACK
 * carry an MSS option (1460); the client's TTL is 64, the server's 57 (hop limit for IPv6); IPv4
 * identification counts up per side from 0x1000 (client) and 0x5000 (server).
 */
public final class TcpFlow {

    /** Which side sends. */
    public enum Dir { CLIENT, SERVER }

    private static final byte[] MSS_1460 = {2, 4, 0x05, (byte) 0xB4};

    private final CaptureWriter w;
    private final byte[] clientIp;
    private final byte[] serverIp;
    private final int clientPort;
    private final int serverPort;
    private long clientNext;
    private long serverNext;
    private boolean clientSynSent;
    private boolean serverSynSent;
    private int clientWindow = 64240;
    private int serverWindow = 65160;
    private int clientTtl = 64;
    private int serverTtl = 57;
    private int clientIpId = 0x1000;
    private int serverIpId = 0x5000;

    TcpFlow(CaptureWriter w, String clientIp, int clientPort, String serverIp, int serverPort) {
        this.w = w;
        this.clientIp = Packets.address(clientIp);
        this.serverIp = Packets.address(serverIp);
        if (this.clientIp.length != this.serverIp.length) {
            throw new IllegalArgumentException("client and server must both be IPv4 or both IPv6");
        }
        this.clientPort = clientPort;
        this.serverPort = serverPort;
        this.clientNext = 1000;
        this.serverNext = 5000;
    }

    /** The client's initial sequence number (default 1000). */
    public TcpFlow clientIsn(long isn) {
        clientNext = isn & 0xFFFFFFFFL;
        return this;
    }

    /** The server's initial sequence number (default 5000). */
    public TcpFlow serverIsn(long isn) {
        serverNext = isn & 0xFFFFFFFFL;
        return this;
    }

    public TcpFlow clientWindow(int window) {
        clientWindow = window;
        return this;
    }

    public TcpFlow serverWindow(int window) {
        serverWindow = window;
        return this;
    }

    public TcpFlow clientTtl(int ttl) {
        clientTtl = ttl;
        return this;
    }

    public TcpFlow serverTtl(int ttl) {
        serverTtl = ttl;
        return this;
    }

    /** Client SYN (with MSS option). A retransmitted SYN (called again) reuses the same ISN. */
    public TcpFlow syn(long t) {
        long seq = clientSynSent ? (clientNext - 1) & 0xFFFFFFFFL : clientNext;
        write(Dir.CLIENT, seq, 0, Packets.SYN, MSS_1460, new byte[0], t);
        if (!clientSynSent) {
            clientSynSent = true;
            clientNext = (clientNext + 1) & 0xFFFFFFFFL;
        }
        return this;
    }

    /** Server SYN-ACK (with MSS option). A retransmitted SYN-ACK (called again) reuses the same ISN. */
    public TcpFlow synAck(long t) {
        long seq = serverSynSent ? (serverNext - 1) & 0xFFFFFFFFL : serverNext;
        write(Dir.SERVER, seq, clientNext, Packets.SYN | Packets.ACK, MSS_1460, new byte[0], t);
        if (!serverSynSent) {
            serverSynSent = true;
            serverNext = (serverNext + 1) & 0xFFFFFFFFL;
        }
        return this;
    }

    /**
     * Client SYN carrying data (TCP Fast Open): the given options (say MSS and a TFO cookie) and payload; the
     * client's next sequence number moves past the SYN and the payload.
     */
    public TcpFlow synData(long t, byte[] options, byte[] payload) {
        write(Dir.CLIENT, clientNext, 0, Packets.SYN, options, payload, t);
        clientSynSent = true;
        clientNext = (clientNext + 1 + payload.length) & 0xFFFFFFFFL;
        return this;
    }

    /**
     * The client's next sequence number moves on by {@code bytes}; nothing is written: bytes written with
     * {@link #segment}, or sent but never captured.
     */
    public TcpFlow clientAdvance(int bytes) {
        clientNext = (clientNext + bytes) & 0xFFFFFFFFL;
        return this;
    }

    /**
     * The server's next sequence number moves on by {@code bytes}; nothing is written: bytes written with
     * {@link #segment}, or sent but never captured.
     */
    public TcpFlow serverAdvance(int bytes) {
        serverNext = (serverNext + bytes) & 0xFFFFFFFFL;
        return this;
    }

    /** Client pure ACK (the third packet of the handshake, or later). */
    public TcpFlow ack(long t) {
        return clientAck(t);
    }

    public TcpFlow clientAck(long t) {
        write(Dir.CLIENT, clientNext, serverNext, Packets.ACK, new byte[0], new byte[0], t);
        return this;
    }

    public TcpFlow serverAck(long t) {
        write(Dir.SERVER, serverNext, clientNext, Packets.ACK, new byte[0], new byte[0], t);
        return this;
    }

    /** Client data segment (PSH|ACK). */
    public TcpFlow clientData(long t, byte[] payload) {
        write(Dir.CLIENT, clientNext, serverNext, Packets.PSH | Packets.ACK, new byte[0], payload, t);
        clientNext = (clientNext + payload.length) & 0xFFFFFFFFL;
        return this;
    }

    /** Server data segment (PSH|ACK). */
    public TcpFlow serverData(long t, byte[] payload) {
        write(Dir.SERVER, serverNext, clientNext, Packets.PSH | Packets.ACK, new byte[0], payload, t);
        serverNext = (serverNext + payload.length) & 0xFFFFFFFFL;
        return this;
    }

    public TcpFlow clientFin(long t) {
        write(Dir.CLIENT, clientNext, serverNext, Packets.FIN | Packets.ACK, new byte[0], new byte[0], t);
        clientNext = (clientNext + 1) & 0xFFFFFFFFL;
        return this;
    }

    public TcpFlow serverFin(long t) {
        write(Dir.SERVER, serverNext, clientNext, Packets.FIN | Packets.ACK, new byte[0], new byte[0], t);
        serverNext = (serverNext + 1) & 0xFFFFFFFFL;
        return this;
    }

    /** Client RST|ACK. */
    public TcpFlow clientRst(long t) {
        write(Dir.CLIENT, clientNext, serverNext, Packets.RST | Packets.ACK, new byte[0], new byte[0], t);
        return this;
    }

    /** Server RST|ACK. */
    public TcpFlow serverRst(long t) {
        write(Dir.SERVER, serverNext, clientNext, Packets.RST | Packets.ACK, new byte[0], new byte[0], t);
        return this;
    }

    /** Server answer to a SYN on a closed port: RST|ACK with seq 0, acknowledging the SYN. */
    public TcpFlow refuse(long t) {
        write(Dir.SERVER, 0, clientNext, Packets.RST | Packets.ACK, new byte[0], new byte[0], t);
        return this;
    }

    /** Writes exactly this segment; changes no state. Sequence numbers are taken modulo 2^32. */
    public TcpFlow segment(Dir dir, long seq, long ack, int flags, byte[] payload, long t) {
        write(dir, seq, ack, flags, new byte[0], payload, t);
        return this;
    }

    /** Like {@link #segment(Dir, long, long, int, byte[], long)} with TCP options. */
    public TcpFlow segment(Dir dir, long seq, long ack, int flags, byte[] options, byte[] payload, long t) {
        write(dir, seq, ack, flags, options, payload, t);
        return this;
    }

    /** The next frame of this flow (or of the writer) is cut to {@code capturedBytes}. */
    public TcpFlow cutNextFrame(int capturedBytes) {
        w.cutNextFrame(capturedBytes);
        return this;
    }

    /** The client's next sequence number (unsigned 32 bits). */
    public long clientNext() {
        return clientNext;
    }

    /** The server's next sequence number (unsigned 32 bits). */
    public long serverNext() {
        return serverNext;
    }

    /** The underlying writer. */
    public CaptureWriter writer() {
        return w;
    }

    private void write(Dir dir, long seq, long ack, int flags, byte[] options, byte[] payload, long t) {
        boolean c = dir == Dir.CLIENT;
        byte[] src = c ? clientIp : serverIp;
        byte[] dst = c ? serverIp : clientIp;
        byte[] seg = Packets.tcp(src, dst, c ? clientPort : serverPort, c ? serverPort : clientPort, seq, ack,
                flags, c ? clientWindow : serverWindow, options, payload);
        byte[] ip;
        if (src.length == 4) {
            int id = c ? clientIpId++ : serverIpId++;
            ip = Packets.ipv4(src, dst, Packets.PROTO_TCP, c ? clientTtl : serverTtl, id & 0xFFFF, seg);
        } else {
            ip = Packets.ipv6(src, dst, Packets.PROTO_TCP, c ? clientTtl : serverTtl, seg);
        }
        w.ip(t, ip, c);
    }
}
