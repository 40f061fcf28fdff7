package io.hellocheck.analysis;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The TCP handshakes of a capture that reached a server (a ServerHello came back), remembered so that a QUIC
 * flow left unanswered can be matched with the TCP connection the client fell back to. At most
 * {@value #MAX} are kept, the newest.
 */
final class TcpSightings {
    static final int MAX = 4096;

    /** One TCP handshake: client and server address, server port, SNI (or null), start, tcp.stream. */
    record Sighting(String clientIp, String serverIp, int serverPort, String serverName, long startNanos,
                    int tcpStream, Outcome outcome) {
    }

    private final Deque<Sighting> seen = new ArrayDeque<>();
    private boolean serverAnswered;

    /** Whether a server answered any TCP connection noted (its outcome needed a packet from the server). */
    boolean serverAnswered() {
        return serverAnswered;
    }

    /** Notes a TCP connection record; only those with a ServerHello are kept for {@link #fallback}. */
    void note(ConnectionRecord r) {
        if (r.udp() == null && r.outcome() != Outcome.INCONCLUSIVE && r.outcome() != Outcome.TCP_NO_ANSWER) {
            serverAnswered = true;
        }
        if (r.udp() != null || r.serverHello() == null) {
            return;
        }
        String sni = r.clientHello() == null || r.clientHello().hello() == null ? null
                : r.clientHello().hello().serverName();
        if (seen.size() >= MAX) {
            seen.removeFirst();
        }
        seen.addLast(new Sighting(r.client().ip(), r.server().ip(), r.server().port(), sni, r.startTimeNanos(),
                r.tcpStream(), r.outcome()));
    }

    /**
     * The TCP handshake from {@code clientIp} to {@code serverIp}, or to a server named {@code serverName}, that
     * started within {@code windowNanos} of {@code [fromNanos, toNanos]}, the nearest in time; null when none.
     */
    Sighting fallback(String clientIp, String serverIp, String serverName, long fromNanos, long toNanos,
                      long windowNanos) {
        Sighting best = null;
        long bestDistance = Long.MAX_VALUE;
        for (Sighting s : seen) {
            if (!s.clientIp().equals(clientIp)
                    || !(s.serverIp().equals(serverIp) || (serverName != null && serverName.equals(s.serverName())))) {
                continue;
            }
            long distance = s.startNanos() < fromNanos ? fromNanos - s.startNanos()
                    : Math.max(0, s.startNanos() - toNanos);
            if (distance <= windowNanos && distance < bestDistance) {
                best = s;
                bestDistance = distance;
            }
        }
        return best;
    }
}
