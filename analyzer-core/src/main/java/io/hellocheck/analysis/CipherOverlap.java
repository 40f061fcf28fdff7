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
 * @param likelyChoice        the suite the server would most likely pick: with a user profile, the first of its
 *                            suites (server preference order) that the client offers and a common version can
 *                            use; else the first offered suite the server chose in a completed handshake; -1 when
 *                            not known
 * @param offeredInsecure     offered suites of the registry's security class "insecure" (NULL, EXPORT, RC4,
 *                            anonymous, DES), in offer order
 * @param offeredWeak         offered suites of the class "weak" (3DES, CBC with SHA-1, static RSA key exchange)
 */
public record CipherOverlap(String source, List<Integer> serverAccepted, List<Integer> offeredAndAccepted,
                            int completedHandshakes, ProfileMatch userProfile, List<ProfileMatch> builtinProfiles,
                            int likelyChoice, List<Integer> offeredInsecure, List<Integer> offeredWeak) {

    /** The label of the inferred source. */
    public static final String INFERRED = "completed_handshakes_in_capture";

    public CipherOverlap {
        serverAccepted = List.copyOf(serverAccepted);
        offeredAndAccepted = List.copyOf(offeredAndAccepted);
        builtinProfiles = List.copyOf(builtinProfiles);
        offeredInsecure = List.copyOf(offeredInsecure);
        offeredWeak = List.copyOf(offeredWeak);
    }
}
