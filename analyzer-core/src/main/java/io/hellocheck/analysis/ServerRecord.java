package io.hellocheck.analysis;

import io.hellocheck.tcp.Endpoint;
import java.util.List;
import java.util.Map;

/**
 * What one server (address and port) did over the whole capture, written after its connections.
 *
 * @param server             the server's address and port
 * @param connections        connection records with this server
 * @param completed          of which {@code COMPLETED}
 * @param failed             of which a failed outcome
 * @param outcomes           count per outcome, in {@link Outcome} order
 * @param acceptedCipherSuites cipher suites the server chose in completed handshakes (a lower bound of
 *                           what it accepts), in order first seen
 * @param negotiatedVersions TLS versions of completed handshakes, in order first seen
 * @param serverNames        SNI values clients sent to this server (at most 32), in order first seen
 * @param failedWithoutCommonSuite failed handshakes whose ClientHello offered none of {@code acceptedCipherSuites}
 *                           (each counted, identical ClientHellos too; 0 when the server completed no handshake)
 * @param causes             how often each cause ranked first in the diagnosis of this server's failures
 * @param differences        what tells this server's failing ClientHellos from its working ones: the
 *                           ClientHello properties, then (when it completed a handshake) whether the
 *                           ClientHello offered one of {@code acceptedCipherSuites}, then the JA4 fingerprints
 *                           with the most failures (at most 3, "client JA4 ...")
 * @param acceptedByServerName the suites chosen in completed handshakes, per SNI value sent (at most 32 names)
 * @param retries            failed handshakes that the same client followed within 60 s by a completed one to
 *                           this server, with what it changed (at most 32)
 */
public record ServerRecord(Endpoint server, int connections, int completed, int failed, Map<Outcome, Integer> outcomes,
                           List<Integer> acceptedCipherSuites, List<Integer> negotiatedVersions,
                           List<String> serverNames, int failedWithoutCommonSuite, Map<Cause, Integer> causes,
                           List<Difference> differences, Map<String, List<Integer>> acceptedByServerName,
                           List<Retry> retries) {

    /**
     * How the factor of a server name starts in {@link #differences()}: "asks for server name www.example.com"; its
     * finding names no other server name.
     */
    public static final String SERVER_NAME_FACTOR = "asks for server name ";

    /**
     * A failed handshake followed by a completed one from the same client address to the same server.
     *
     * @param failedStream    tcp.stream of the failed connection
     * @param failedOutcome   its outcome
     * @param completedStream tcp.stream of the completed connection
     * @param afterNanos      from the failed connection's start to the completed one's, in nanoseconds
     * @param differences     what changed in the ClientHello or before it, in plain words ("highest version
     *                        TLSv1.3 -> TLSv1.2"); when nothing did, a sentence saying so for the same client, and
     *                        empty for another client whose failure came after the ServerHello
     * @param otherClientJa4  the completed connection's JA4 (client_hello.ja4) when it differs from the failed one's:
     *                        another program from the same address completed; null when it is the same client
     */
    public record Retry(int failedStream, Outcome failedOutcome, int completedStream, long afterNanos,
                        List<String> differences, String otherClientJa4) {
        public Retry {
            differences = List.copyOf(differences);
        }
    }

    /**
     * A property of ClientHellos, and how the server's handshakes went with and without it.
     *
     * @param factor           the property, in plain words ("offers TLSv1.3", "sends SNI", ...)
     * @param failedWith       failed handshakes whose ClientHello has it
     * @param completedWith    completed handshakes whose ClientHello has it
     * @param failedWithout    failed handshakes whose ClientHello lacks it
     * @param completedWithout completed handshakes whose ClientHello lacks it
     * @param finding          one sentence when the property separates failures from successes, else null
     */
    public record Difference(String factor, int failedWith, int completedWith, int failedWithout,
                             int completedWithout, String finding) {
    }
}
