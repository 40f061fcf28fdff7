package io.hellocheck.analysis;

import io.hellocheck.profile.ProfileMatch;
import java.util.List;

/**
 * Which of the offered cipher suites the server is known to accept, when the record was written, from every
 * source, each labelled.
 *
 * <p>The inferred source: the suites the same server (address and port) chose in completed handshakes earlier
 * in the same capture, a lower bound of what it accepts. Then one {@link ProfileMatch} per server profile:
 * the user's ({@code --server-profile}), and the built-in ones (Mozilla's guidelines, the Windows Schannel
 * defaults), each comparing suites, versions and groups.
 *
 * @param source              where the inferred set comes from ("completed_handshakes_in_capture")
 * @param serverAccepted      cipher suite code points the server chose in completed handshakes, in order first seen
 * @param offeredAndAccepted  the ClientHello's suites that are in {@code serverAccepted}, in offer order;
 *                            empty means no common suite was seen
 * @param completedHandshakes how many completed handshakes with this server the set is based on
 * @param userProfile         the comparison with the profile the user gave (a file, or a built-in profile chosen
 *                            by id), or null
 * @param builtinProfiles     the comparison with each built-in profile
 */
public record CipherOverlap(String source, List<Integer> serverAccepted, List<Integer> offeredAndAccepted,
                            int completedHandshakes, ProfileMatch userProfile, List<ProfileMatch> builtinProfiles) {

    /** The label of the inferred source. */
    public static final String INFERRED = "completed_handshakes_in_capture";

    public CipherOverlap {
        serverAccepted = List.copyOf(serverAccepted);
        offeredAndAccepted = List.copyOf(offeredAndAccepted);
        builtinProfiles = List.copyOf(builtinProfiles);
    }
}
