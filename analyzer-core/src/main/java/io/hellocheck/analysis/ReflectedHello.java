package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A ClientHello from the server's side that is the client's own, come back: its 32-byte random equals the client's.
 * Each (D)TLS client draws its random afresh from a secure generator (RFC 5246 section 7.4.1.2, RFC 8446 section
 * 4.1.2, RFC 6347 section 4.2.1), so two clients never send the same one: the datagram or segment was echoed or looped
 * back on the path (an echo service on the port, a NAT hairpin or routing loop, a test generator), and no (D)TLS peer
 * answered. nDPI's {@code dtls.pcap} udp.stream 2 (tshark): frame 5, from the server's address, carries the random
 * d35f80d7...919b of the client's frames 3 and 4, its DTLS payload byte-identical to frame 4's. Not a role conflict
 * ({@link RoleConflict}): cause {@code client_hello_reflected}.
 */
final class ReflectedHello {
    /** How the evidence names the looped-back hello; {@link Diagnoser} finds the line by it. */
    static final String EVIDENCE = "the client's own ClientHello came back from the server's side (the same random)";

    /** How the outcome reason starts. */
    static final String REASON = "The client's own ClientHello came back";

    private ReflectedHello() {
    }

    /**
     * Whether the ClientHello message {@code body} (from {@code randomAt}, where its random begins) carries
     * {@code clientRandom}; false when either is too short.
     */
    static boolean same(byte[] body, int randomAt, byte[] clientRandom) {
        return clientRandom != null && clientRandom.length == 32 && body.length >= randomAt + 32
                && Arrays.equals(body, randomAt, randomAt + 32, clientRandom, 0, 32);
    }

    /**
     * The outcome reason.
     *
     * @param frame       the frame of the hello that came back
     * @param clientFrame the frame of the client's ClientHello
     */
    static String reason(long frame, long clientFrame) {
        return REASON + " (frame " + frame + ", the same random as the client's in frame "
                + clientFrame + ") instead of a ServerHello: it was echoed or looped back on the path, and no server "
                + "answered it.";
    }

    /** The finding of a record whose evidence line {@code back} is {@link #EVIDENCE}. */
    static Finding finding(ConnectionRecord r, Evidence back) {
        List<Evidence> ev = new ArrayList<>(Diagnoser.lastEvidence(r, "ClientHello,"));
        ev.add(back);
        ev.sort(Comparator.comparingLong(Evidence::frame));
        return new Finding(Cause.CLIENT_HELLO_REFLECTED, Confidence.HIGH, "The ClientHello that came from the server's "
                + "side (frame " + back.frame() + ") carries the client's own 32-byte random: it is the client's "
                + "ClientHello echoed or looped back, since two clients never draw the same random (RFC 5246 section "
                + "7.4.1.2, RFC 8446 section 4.1.2). Something on the path sends the client's packets back (an echo "
                + "service on port " + r.server().port() + ", a NAT hairpin or routing loop, a test generator), and "
                + "no server answered as a server.", ev, "Check what answers at " + r.server().ip() + " port "
                + r.server().port() + " (an echo or reflector service) and the NAT and routes between client and "
                + "server (hairpinning, a loop); capture on the server's side to see whether the ClientHello arrives.");
    }
}
