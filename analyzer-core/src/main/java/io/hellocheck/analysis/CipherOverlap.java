package io.hellocheck.analysis;

import java.util.List;

/**
 * Which of the offered cipher suites the server is known to accept, when the record was written.
 *
 * <p>First form (issue #2): the server's accepted set is inferred from the suites it chose in completed
 * handshakes earlier in the same capture (same address and port); that set is a lower bound. When a
 * {@link ServerProfile} was given, {@link #serverProfile()} is a second source: the offered suites that the
 * profile lists.
 *
 * @param source              where the accepted set comes from ("completed_handshakes_in_capture")
 * @param serverAccepted      cipher suite code points the server chose in completed handshakes, in order first seen
 * @param offeredAndAccepted  the ClientHello's suites that are in {@code serverAccepted}, in offer order;
 *                            empty means no common suite was seen
 * @param completedHandshakes how many completed handshakes with this server the set is based on
 * @param serverProfile       the same comparison against the user's server profile, or null without one
 */
public record CipherOverlap(String source, List<Integer> serverAccepted, List<Integer> offeredAndAccepted,
                            int completedHandshakes, ProfileOverlap serverProfile) {

    public CipherOverlap {
        serverAccepted = List.copyOf(serverAccepted);
        offeredAndAccepted = List.copyOf(offeredAndAccepted);
    }

    /** The inferred source alone, without a server profile. */
    public CipherOverlap(String source, List<Integer> serverAccepted, List<Integer> offeredAndAccepted,
                         int completedHandshakes) {
        this(source, serverAccepted, offeredAndAccepted, completedHandshakes, null);
    }

    /**
     * The offered suites compared with a user-given {@link ServerProfile} (source {@code "server_profile"}).
     *
     * @param profile            the profile's name (its file name)
     * @param serverAccepted     the suites the profile lists, in profile order
     * @param offeredAndAccepted the ClientHello's suites the profile lists, in offer order; empty means none
     */
    public record ProfileOverlap(String profile, List<Integer> serverAccepted, List<Integer> offeredAndAccepted) {
        /** The source label written into records. */
        public static final String SOURCE = "server_profile";

        public ProfileOverlap {
            serverAccepted = List.copyOf(serverAccepted);
            offeredAndAccepted = List.copyOf(offeredAndAccepted);
        }
    }
}
