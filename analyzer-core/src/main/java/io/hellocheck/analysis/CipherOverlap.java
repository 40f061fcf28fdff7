package io.hellocheck.analysis;

import java.util.List;

/**
 * Which of the offered cipher suites the server is known to accept, when the record was written.
 *
 * <p>First form (issue #2): the server's accepted set is inferred from the suites it chose in completed
 * handshakes earlier in the same capture (same address and port); that set is a lower bound.
 *
 * @param source              where the accepted set comes from ("completed_handshakes_in_capture")
 * @param serverAccepted      cipher suite code points the server chose in completed handshakes, in order first seen
 * @param offeredAndAccepted  the ClientHello's suites that are in {@code serverAccepted}, in offer order;
 *                            empty means no common suite was seen
 * @param completedHandshakes how many completed handshakes with this server the set is based on
 */
public record CipherOverlap(String source, List<Integer> serverAccepted, List<Integer> offeredAndAccepted,
                            int completedHandshakes) {
}
