package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import java.util.ArrayList;
import java.util.List;

/**
 * A ClientHello the client's TCP sent again (its retransmission timer, RFC 6298 section 5) before the server
 * acknowledged it or reacted, in a handshake the server then took part in: the earlier copies, or the server's
 * acknowledgments of them, were lost between client and server. The wait that follows is the path's (the timer doubles
 * at each copy: RFC 6298 section 5.5), not the server's; {@code server_reaction_ms} is timed from the last copy (Karn's
 * rule, RFC 6298 section 3).
 */
final class ResentHello {
    /** How the evidence line of each copy after the first starts (at most {@link #MAX_LINES} of them). */
    static final String EVIDENCE = "resent ClientHello from client";
    /** Copies after the first with an evidence line of their own. */
    static final int MAX_LINES = 8;

    private ResentHello() {
    }

    /**
     * The finding of a failed handshake whose ClientHello was sent again before the server acknowledged or answered a
     * copy of it, or null: none was sent again, or the server never took any copy (then {@code client_hello_not_acked}
     * names the loss already). Medium when the client gave up before the server's late answer (the loss made the wait
     * it gave up on), low otherwise.
     */
    static Finding finding(ConnectionRecord r) {
        List<Evidence> copies = new ArrayList<>();
        for (Evidence e : r.evidence()) {
            if (e.what().startsWith(EVIDENCE)) {
                copies.add(e);
            }
        }
        TcpFacts t = r.tcp();
        boolean taken = r.serverReactionNanos() != null || (t != null && "all".equals(t.clientHelloAcked()));
        List<Evidence> hello = Diagnoser.lastEvidence(r, "ClientHello");
        if (copies.isEmpty() || !taken || hello.isEmpty()) {
            return null;
        }
        Evidence last = copies.get(copies.size() - 1);
        String delay = Texts.seconds(last.timeNanos() - hello.get(0).timeNanos());
        List<Evidence> ev = new ArrayList<>(hello);
        ev.addAll(copies);
        Long reaction = r.serverReactionNanos();
        return new Finding(Cause.CLIENT_HELLO_NOT_ACKED, r.outcome() == Outcome.CLIENT_GAVE_UP ? Confidence.MEDIUM
                : Confidence.LOW, "The client's TCP sent the ClientHello " + (copies.size() < MAX_LINES
                ? copies.size() + 1 + " times" : "more than " + MAX_LINES + " times") + " before the server took it "
                + "(the copy in frame " + last.frame() + " came " + delay + " after the first): the earlier copies, or "
                + "the server's acknowledgments of them, were lost between client and server, and the retransmission "
                + "timer's back-off (RFC 6298 section 5.5) delayed the handshake by " + delay + (reaction == null ? ""
                : "; the server reacted " + Texts.millis(reaction) + " after the last copy") + ".", ev,
                "Look for packet loss between client and server: interface errors and drops on both hosts, a congested "
                        + "or lossy link (Wi-Fi, mobile), a firewall or IPS that drops some packets; a capture on the "
                        + "server's side shows which copies arrived.");
    }
}
