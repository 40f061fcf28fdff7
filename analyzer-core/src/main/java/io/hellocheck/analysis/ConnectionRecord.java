package io.hellocheck.analysis;

import io.hellocheck.tcp.Endpoint;
import java.util.List;

/**
 * The story of one TLS handshake attempt: one per TCP connection that carried a ClientHello, and one per
 * failed connection attempt to a TLS port. Field meanings follow CONTRACT.md's {@code connection} record.
 *
 * @param capture             the capture's name as given
 * @param tcpStream           Wireshark's {@code tcp.stream} index, from 0
 * @param client              the side that opened the connection
 * @param server              the side that accepted it
 * @param startTimeNanos      capture time of the connection's first frame, ns since the epoch
 * @param timeDigits          fractional-second digits the capture's timestamps carry (6 or 9)
 * @param outcome             the outcome
 * @param outcomeReason       one plain sentence saying why
 * @param clientHello         the first ClientHello, or null for a failed connection attempt
 * @param retryClientHello    a second ClientHello (after a HelloRetryRequest, or a duplicate), or null
 * @param serverHello         the ServerHello, or null (a HelloRetryRequest is not one)
 * @param helloRetryRequest   the HelloRetryRequest, or null
 * @param serverReactionNanos from the last ClientHello byte to the server's first data, FIN or RST after
 *                            it, in nanoseconds, or null
 * @param alert               the first fatal alert of the handshake, else its first alert, or null
 * @param alerts              every alert seen, in order
 * @param closedBy            the first FIN or RST of either side, or null when none was seen before the
 *                            record was written
 * @param evidence            the facts the outcome rests on, in frame order
 * @param cipherOverlap       offered suites the server is known to accept, or null without a ClientHello
 * @param serverPreamble      bytes the server sent before the ClientHello, or null
 * @param partial             whether the capture started after the connection opened (no SYN seen)
 * @param clientMissedBytes   bytes of the client's stream missing from the capture
 * @param serverMissedBytes   bytes of the server's stream missing from the capture
 * @param rttNanos            client SYN to server SYN-ACK time, in nanoseconds, or null
 * @param tcp                 what the TCP layer shows (ACK coverage of the ClientHello, the server's RST, ...)
 * @param diagnosis           likely causes, most likely first; empty for a completed handshake unless the client most
 *                            likely refused its certificate after it ({@link LateCertificateRejection})
 * @param serverFlight        the server's clear-text messages after its ServerHello and the resumption, or null
 *                            without a ServerHello
 * @param preamble            what the client sent before TLS (PROXY header, HTTP CONNECT, STARTTLS dialogue ...),
 *                            or null when it began with TLS
 * @param wiresharkFilter     a display filter selecting exactly this connection's frames in Wireshark, in the whole
 *                            capture file: {@code tcp.stream eq N}, or, when a BPF filter hid frames from the
 *                            analysis (so that {@code tcpStream} counts only the connections it kept), the
 *                            addresses and ports from the connection's first frame on ({@link #tupleFilter});
 *                            for QUIC and DTLS, {@code udp.stream eq N}
 * @param clientWaitNanos     for {@link Outcome#CLIENT_GAVE_UP}: from the last ClientHello byte to the client's
 *                            FIN or RST, in nanoseconds; else null
 * @param udp                 for a QUIC or DTLS flow, what it shows beyond the common fields (its {@code udp.stream}
 *                            among them; {@code tcpStream} is then -1); null for TCP
 * @param decryption          what the session's keys showed (a key log or a pcapng Decryption Secrets Block), or null
 *                            when the key log has no entry for the session
 * @param alertsLeftOut       alerts seen after the first 16, which {@code alerts} leaves out (CONTRACT.md)
 */
public record ConnectionRecord(
        String capture,
        int tcpStream,
        Endpoint client,
        Endpoint server,
        long startTimeNanos,
        int timeDigits,
        Outcome outcome,
        String outcomeReason,
        HelloInfo clientHello,
        HelloInfo retryClientHello,
        ServerHelloInfo serverHello,
        ServerHelloInfo helloRetryRequest,
        Long serverReactionNanos,
        AlertInfo alert,
        List<AlertInfo> alerts,
        ClosedBy closedBy,
        List<Evidence> evidence,
        CipherOverlap cipherOverlap,
        ServerPreamble serverPreamble,
        boolean partial,
        long clientMissedBytes,
        long serverMissedBytes,
        Long rttNanos,
        TcpFacts tcp,
        List<Finding> diagnosis,
        ServerFlight serverFlight,
        io.hellocheck.tls.Preamble preamble,
        String wiresharkFilter,
        Long clientWaitNanos,
        UdpFacts udp,
        DecryptedHandshake decryption,
        int alertsLeftOut) {

    /** How long a client must have waited for its giving up to count as a failure (CONTRACT.md): 1 s. */
    public static final long GAVE_UP_FAILURE_NANOS = 1_000_000_000L;

    /** A TCP connection's record ({@code udp} null) without decryption. */
    public ConnectionRecord(String capture, int tcpStream, Endpoint client, Endpoint server, long startTimeNanos,
                            int timeDigits, Outcome outcome, String outcomeReason, HelloInfo clientHello,
                            HelloInfo retryClientHello, ServerHelloInfo serverHello, ServerHelloInfo helloRetryRequest,
                            Long serverReactionNanos, AlertInfo alert, List<AlertInfo> alerts, ClosedBy closedBy,
                            List<Evidence> evidence, CipherOverlap cipherOverlap, ServerPreamble serverPreamble,
                            boolean partial, long clientMissedBytes, long serverMissedBytes, Long rttNanos, TcpFacts tcp,
                            List<Finding> diagnosis, ServerFlight serverFlight, io.hellocheck.tls.Preamble preamble,
                            String wiresharkFilter, Long clientWaitNanos) {
        this(capture, tcpStream, client, server, startTimeNanos, timeDigits, outcome, outcomeReason, clientHello,
                retryClientHello, serverHello, helloRetryRequest, serverReactionNanos, alert, alerts, closedBy, evidence,
                cipherOverlap, serverPreamble, partial, clientMissedBytes, serverMissedBytes, rttNanos, tcp, diagnosis,
                serverFlight, preamble, wiresharkFilter, clientWaitNanos, null, null, 0);
    }

    public ConnectionRecord {
        alerts = List.copyOf(alerts);
        evidence = List.copyOf(evidence);
        diagnosis = List.copyOf(diagnosis);
    }

    /**
     * Whether this record is a failed handshake (CONTRACT.md, "Failed handshake"): its outcome always counts as
     * one, or it is {@link Outcome#CLIENT_GAVE_UP} after the client waited {@link #GAVE_UP_FAILURE_NANOS} or more.
     */
    public boolean failed() {
        if (outcome == Outcome.CLIENT_GAVE_UP) {
            return clientWaitNanos != null && clientWaitNanos >= GAVE_UP_FAILURE_NANOS;
        }
        return outcome.isFailure();
    }

    /** This record with another diagnosis. */
    public ConnectionRecord withDiagnosis(List<Finding> findings) {
        return new ConnectionRecord(capture, tcpStream, client, server, startTimeNanos, timeDigits, outcome,
                outcomeReason, clientHello, retryClientHello, serverHello, helloRetryRequest, serverReactionNanos,
                alert, alerts, closedBy, evidence, cipherOverlap, serverPreamble, partial, clientMissedBytes,
                serverMissedBytes, rttNanos, tcp, findings, serverFlight, preamble, wiresharkFilter, clientWaitNanos,
                udp, decryption, alertsLeftOut);
    }

    /** This record with another outcome and reason (the capture's end re-judged it: a one-sided capture). */
    public ConnectionRecord withOutcome(Outcome newOutcome, String reason) {
        return new ConnectionRecord(capture, tcpStream, client, server, startTimeNanos, timeDigits, newOutcome,
                reason, clientHello, retryClientHello, serverHello, helloRetryRequest, serverReactionNanos,
                alert, alerts, closedBy, evidence, cipherOverlap, serverPreamble, partial, clientMissedBytes,
                serverMissedBytes, rttNanos, tcp, diagnosis, serverFlight, preamble, wiresharkFilter, clientWaitNanos,
                udp, decryption, alertsLeftOut);
    }

    /** {@code "tcp"}, {@code "quic"} or {@code "dtls"}. */
    public String transport() {
        return udp == null ? "tcp" : udp.transport();
    }

    /** This record with another cipher-suite overlap (made again from every handshake of the capture). */
    public ConnectionRecord withCipherOverlap(CipherOverlap overlap) {
        return new ConnectionRecord(capture, tcpStream, client, server, startTimeNanos, timeDigits, outcome,
                outcomeReason, clientHello, retryClientHello, serverHello, helloRetryRequest, serverReactionNanos,
                alert, alerts, closedBy, evidence, overlap, serverPreamble, partial, clientMissedBytes,
                serverMissedBytes, rttNanos, tcp, diagnosis, serverFlight, preamble, wiresharkFilter, clientWaitNanos,
                udp, decryption, alertsLeftOut);
    }

    /** This record with another outcome reason. */
    public ConnectionRecord withOutcomeReason(String reason) {
        return new ConnectionRecord(capture, tcpStream, client, server, startTimeNanos, timeDigits, outcome,
                reason, clientHello, retryClientHello, serverHello, helloRetryRequest, serverReactionNanos,
                alert, alerts, closedBy, evidence, cipherOverlap, serverPreamble, partial, clientMissedBytes,
                serverMissedBytes, rttNanos, tcp, diagnosis, serverFlight, preamble, wiresharkFilter, clientWaitNanos,
                udp, decryption, alertsLeftOut);
    }

    /** This record with one more fact in its evidence, kept in frame order. */
    public ConnectionRecord withEvidence(Evidence fact) {
        List<Evidence> facts = new java.util.ArrayList<>(evidence);
        facts.add(fact);
        facts.sort(java.util.Comparator.comparingLong(Evidence::frame));
        return new ConnectionRecord(capture, tcpStream, client, server, startTimeNanos, timeDigits, outcome,
                outcomeReason, clientHello, retryClientHello, serverHello, helloRetryRequest, serverReactionNanos,
                alert, alerts, closedBy, facts, cipherOverlap, serverPreamble, partial, clientMissedBytes,
                serverMissedBytes, rttNanos, tcp, diagnosis, serverFlight, preamble, wiresharkFilter, clientWaitNanos,
                udp, decryption, alertsLeftOut);
    }

    /** {@code tcp.stream eq N}: Wireshark's filter for the connection numbered N over the whole capture. */
    public static String streamFilter(int tcpStream) {
        return "tcp.stream eq " + tcpStream;
    }

    /**
     * The connection's addresses and ports, from its first frame (counted from 1) on: {@code ip.addr == 10.0.0.1
     * && ip.addr == 10.0.0.2 && tcp.port == 50000 && tcp.port == 443 && frame.number >= 4} ({@code ipv6.addr}
     * for IPv6). A later connection reusing the same ports matches it too.
     */
    public static String tupleFilter(Endpoint client, Endpoint server, long firstFrame) {
        String ip = client.ip().indexOf(':') >= 0 ? "ipv6.addr" : "ip.addr";
        return ip + " == " + client.ip() + " && " + ip + " == " + server.ip() + " && tcp.port == " + client.port()
                + " && tcp.port == " + server.port() + " && frame.number >= " + firstFrame;
    }
}
