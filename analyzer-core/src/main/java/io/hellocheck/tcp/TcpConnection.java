package io.hellocheck.tcp;

import io.hellocheck.frame.IpAddresses;

/**
 * One TCP connection as the tracker sees it: its endpoints, roles, and the two half streams.
 *
 * <p>The client is the side that sent the SYN. When the capture starts mid-connection (no SYN), the
 * roles are guessed from the ports and may be swapped once by the listener, when the first
 * ClientHello shows which side is the client ({@link #swapRoles()}).
 */
public final class TcpConnection {
    final FlowKey key;
    final int streamIndex;
    /** Whether FlowKey endpoint A is the client. */
    boolean aIsClient;
    HalfStream client = new HalfStream(Side.CLIENT);
    HalfStream server = new HalfStream(Side.SERVER);
    final long firstFrame;
    final long firstTimeNanos;
    long lastTimeNanos;
    long lastFrame;
    boolean partial;
    boolean delivering = true;
    boolean closed;
    /** The pending deadline set with {@link #wakeAt}, or null. */
    TcpTracker.Timer timer;
    StreamListener listener;
    TcpTracker tracker;
    /** The tracker's list this live connection is in (null once it ended), and its neighbours there. */
    TcpTracker.Lru lru;
    TcpConnection older;
    TcpConnection newer;
    private Endpoint clientEndpoint;
    private Endpoint serverEndpoint;
    final boolean ipv6;

    TcpConnection(FlowKey key, int streamIndex, boolean aIsClient, boolean partial, long firstFrame,
                  long firstTimeNanos, boolean ipv6) {
        this.key = key;
        this.streamIndex = streamIndex;
        this.aIsClient = aIsClient;
        this.partial = partial;
        this.firstFrame = firstFrame;
        this.firstTimeNanos = firstTimeNanos;
        this.lastTimeNanos = firstTimeNanos;
        this.lastFrame = firstFrame;
        this.ipv6 = ipv6;
    }

    /** Wireshark's {@code tcp.stream} index of this connection, from 0 in order of first frame. */
    public int streamIndex() { return streamIndex; }

    /** The side that opened the connection (or was guessed to, see {@link #isPartial()}). */
    public Endpoint client() {
        if (clientEndpoint == null) {
            clientEndpoint = aIsClient ? new Endpoint(IpAddresses.format(key.aHi, key.aLo), key.aPort)
                    : new Endpoint(IpAddresses.format(key.bHi, key.bLo), key.bPort);
        }
        return clientEndpoint;
    }

    /** The side that accepted the connection. */
    public Endpoint server() {
        if (serverEndpoint == null) {
            serverEndpoint = aIsClient ? new Endpoint(IpAddresses.format(key.bHi, key.bLo), key.bPort)
                    : new Endpoint(IpAddresses.format(key.aHi, key.aLo), key.aPort);
        }
        return serverEndpoint;
    }

    /** The server's TCP port. */
    public int serverPort() { return aIsClient ? key.bPort : key.aPort; }

    /** Whether the addresses are IPv6. */
    public boolean isIpv6() { return ipv6; }

    /** The client's half: bytes the client sent. */
    public HalfStream clientStream() { return client; }

    /** The server's half: bytes the server sent. */
    public HalfStream serverStream() { return server; }

    /** The half stream of {@code side}. */
    public HalfStream stream(Side side) { return side == Side.CLIENT ? client : server; }

    /** Number of the connection's first frame in the capture. */
    public long firstFrame() { return firstFrame; }

    /** Capture time of the first frame, ns since the epoch. */
    public long firstTimeNanos() { return firstTimeNanos; }

    /** Capture time of the latest frame, ns since the epoch. */
    public long lastTimeNanos() { return lastTimeNanos; }

    /** Number of the connection's latest frame in the capture (from 1). */
    public long lastFrame() { return lastFrame; }

    /** Whether the capture began after the connection opened (no SYN seen at its start). */
    public boolean isPartial() { return partial; }

    /** Whether the three-way handshake's SYN from the client was seen. */
    public boolean synSeen() { return client.synSeen; }

    /** Whether the server's SYN-ACK was seen. */
    public boolean synAckSeen() { return server.synSeen; }

    /** Whether a RST was seen, or a FIN from both sides. */
    public boolean isClosed() { return closed; }

    /**
     * Swaps client and server; allowed only when no SYN was seen (the roles were a guess).
     *
     * @return whether the roles were swapped
     */
    public boolean swapRoles() {
        if (client.synSeen || server.synSeen) {
            return false;
        }
        aIsClient = !aIsClient;
        HalfStream c = client;
        client = server;
        server = c;
        client.sender = Side.CLIENT;
        server.sender = Side.SERVER;
        clientEndpoint = null;
        serverEndpoint = null;
        return true;
    }

    /**
     * Stops delivering stream bytes and frees held out-of-order data: the listener has what it needs.
     * Segments keep coming through {@link StreamListener#onSegment} for FIN, RST and ACK bookkeeping.
     */
    public void stopDelivery() {
        delivering = false;
        long held = client.heldMemory() + server.heldMemory();
        client.dropPending();
        server.dropPending();
        if (tracker != null) {
            tracker.released(this, held);
        }
    }

    /** Whether stream bytes are still delivered. */
    public boolean isDelivering() { return delivering; }

    /**
     * Asks for {@link StreamListener#onTimer} once capture time reaches {@code deadlineNanos}
     * (checked as frames are read). A later call replaces the deadline.
     */
    public void wakeAt(long deadlineNanos) {
        if (tracker != null) {
            tracker.schedule(this, deadlineNanos);
        }
    }

    /**
     * Says that a SOCKS proxy granted this connection's tunnel: Wireshark 4.0's SOCKS dissector then sets up a
     * conversation that takes a {@code tcp.stream} index (checked with tshark on the scenario lab's socks4.pcap and
     * socks5.pcap: the connection after a granted tunnel is stream 2, not 1), so the later connections' indexes
     * move on by one, as in tshark.
     */
    public void socksTunnelGranted() {
        if (tracker != null) {
            tracker.takeTunnelIndex();
        }
    }
}
