package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.List;

/**
 * What the server's other handshakes say about one failed connection: a property that separates the server's
 * failing ClientHellos from its working ones ({@link ServerRecord#differences()}) and that this ClientHello has
 * (TLS 1.3 offered to a TLS 1.3-intolerant box, no SNI to SNI-only bindings, a server name no completed hello asked
 * for, a post-quantum or split hello, no suite the server chose), what every working ClientHello offered and this one
 * lacks ({@link MissingOffers}), and working connections that began with a PROXY protocol header when this one did not.
 */
final class ServerFindings {
    private static final int ALERT_HANDSHAKE_FAILURE = 40;
    private static final int ALERT_INTERNAL_ERROR = 80;

    private ServerFindings() {
    }

    /** Adds the findings that the server's other handshakes support for {@code r} to {@code out}. */
    static void add(ConnectionRecord r, ServerEvidence s, List<Finding> out) {
        HelloInfo h = r.retryClientHello() != null ? r.retryClientHello() : r.clientHello();
        if (!r.failed()) {
            return;
        }
        proxyHeader(r, s, out);
        if (h == null || h.hello() == null || r.outcome() == Outcome.FAILED_AFTER_SERVER_HELLO) {
            return;
        }
        ClientHello ch = h.hello();
        List<Evidence> ev = new ArrayList<>(Diagnoser.evidenceAt(r, h.frame(), "ClientHello"));
        if (r.alert() != null && r.alert().from() == Side.SERVER) {
            ev.addAll(Diagnoser.evidenceAt(r, r.alert().frame(), Texts.alert(r.alert())));
        } else if (r.closedBy() != null && r.closedBy().side() == Side.SERVER) {
            ev.addAll(Diagnoser.closeEvidence(r));
        }
        String tls13 = s.finding("offers TLSv1.3");
        if (tls13 != null && tls13.contains("only when the ClientHello offers") && ch.supportedVersions().contains(0x0304)) {
            // alert 40 is how a server that parsed the ClientHello refuses it for want of common parameters (RFC 8446
            // section 4.1.1), a TLS 1.3 suite among them; an intolerant box closes or resets
            boolean answered = r.alert() != null && r.alert().from() == Side.SERVER && !r.alert().encrypted()
                    && r.alert().description() == ALERT_HANDSHAKE_FAILURE;
            Confidence confidence = confidence(tls13);
            out.add(new Finding(Cause.TLS13_INTOLERANT_MIDDLEBOX, answered ? lower(confidence) : confidence,
                    "This ClientHello offers TLS 1.3, and on this server " + lower(tls13)
                            + " The server, or a middlebox in front of it, does not tolerate a TLS 1.3 ClientHello."
                            + (answered ? " But it answered with alert 40 handshake_failure, as a server that parsed "
                            + "the ClientHello and found no TLS 1.3 cipher suite in common does (RFC 8446 section "
                            + "4.1.1), where an intolerant box closes or resets." : ""),
                    ev, "Update or reconfigure the server or the middlebox (firewall, load balancer) in front of "
                            + "it so that it answers a TLS 1.3 ClientHello with TLS 1.2; meanwhile cap the client at "
                            + "TLS 1.2 for this server."));
        }
        String sni = s.finding("sends SNI");
        if (sni != null && sni.contains("does not send SNI") && ch.serverName() == null) {
            out.add(new Finding(Cause.SNI_REQUIRED, confidence(sni),
                    "This ClientHello carries no server name, and on this server " + lower(sni)
                            + " The server (or its load balancer) has certificates bound to names only.",
                    ev, "Connect by host name so that the client sends SNI, or give the server a default "
                            + "certificate for clients without SNI (IIS: a binding without host name; nginx: "
                            + "default_server)."));
        }
        Finding missing = MissingOffers.finding(r, ch, s, ev);
        if (missing != null) {
            out.add(missing);
        }
        String name = ch.serverName() == null ? null : s.finding(ServerNameFactors.FACTOR + ch.serverName());
        if (name != null) {
            out.add(serverName(r, ch.serverName(), name, ev));
        }
        String pq = s.finding(ServerEvidence.POST_QUANTUM_FACTOR);
        String split = s.finding(ServerEvidence.SPLIT_FACTOR);
        String big = pq != null && pq.contains("only when the ClientHello carries") && Diagnoser.postQuantum(ch) ? pq
                : split != null && split.contains("only when the ClientHello spans") && h.frames().size() > 1
                ? split : null;
        // a server that answered with a TLS alert read the whole ClientHello and parsed it: a hello lost or refused for
        // its size or its segments gets silence, a close or a reset
        if (big != null && r.outcome() != Outcome.SERVER_ALERT) {
            out.add(new Finding(Cause.LARGE_OR_SPLIT_CLIENT_HELLO, confidence(big),
                    "This ClientHello is " + h.lengthBytes() + " bytes in " + h.frames().size() + " segments, and on "
                            + "this server " + lower(big),
                    ev, "Look for a middlebox that cannot take a ClientHello over several segments; "
                            + (Diagnoser.postQuantum(ch) ? "retry without the post-quantum group (e.g. disable "
                            + "X25519MLKEM768 on the client)." : "retry with a smaller key share (this ClientHello "
                            + "sends " + keyShares(ch) + ").")));
        }
    }

    /**
     * SNI_PROBLEM for a server that failed every ClientHello asking for {@code name} and completed others: alert 80
     * internal_error is an error inside the server, unrelated to the peer (RFC 8446 section 6.2), which Go's crypto/tls
     * sends when the server's GetCertificate fails for the name (Caddy: "no certificate available").
     */
    private static Finding serverName(ConnectionRecord r, String name, String finding, List<Evidence> ev) {
        boolean internal = r.outcome() == Outcome.SERVER_ALERT && r.alert() != null && !r.alert().encrypted()
                && r.alert().description() == ALERT_INTERNAL_ERROR;
        return new Finding(Cause.SNI_PROBLEM, confidence(finding), finding + (internal
                ? " The server answered alert 80 internal_error, an error inside it unrelated to the client (RFC 8446 "
                + "section 6.2), as Go's crypto/tls does when the server finds no certificate for the name (Caddy, a "
                + "GetCertificate that fails): the server has no certificate for " + name + "."
                : " Something keyed on the name fails it: the server's setup for " + name + " (its certificate, "
                + "virtual host, or the backend a load balancer routes the name to), or a firewall or IPS on the path "
                + "that filters by server name."),
                ev, internal ? "Give the server a certificate for " + name + " (or add the name to a certificate it "
                        + "has), or point the client at a name the server serves; the server's log at this time names "
                        + "the name it lacks a certificate for."
                        : "Compare the server's or load balancer's configuration for " + name + " with a name that "
                        + "works (certificate, virtual host, route), and look for a firewall or IPS rule naming it; "
                        + "the server's log at this time shows whether the hello reached it.");
    }

    /** The key_share entries as "x25519 of 32 bytes and ffdhe8192 of 1024 bytes" (RFC 8446 section 4.2.8). */
    private static String keyShares(ClientHello ch) {
        List<String> shares = new ArrayList<>();
        for (int i = 0; i < ch.keyShareGroups().size(); i++) {
            shares.add(TlsNames.group(ch.keyShareGroups().get(i))
                    + (i < ch.keyShareLengths().size() ? " of " + ch.keyShareLengths().get(i) + " bytes" : ""));
        }
        return shares.isEmpty() ? "no key share" : String.join(" and ", shares);
    }

    /** The working connections to this server all began with a PROXY header, and this one did not. */
    private static void proxyHeader(ConnectionRecord r, ServerEvidence s, List<Finding> out) {
        boolean sent = r.preamble() != null && r.preamble().protocol() != null
                && r.preamble().protocol().startsWith("PROXY");
        if (sent || s.proxyHeaderCompleted() == 0 || s.proxyHeaderCompleted() < s.completed()) {
            return;
        }
        out.add(new Finding(Cause.PROXY_PROTOCOL_EXPECTED, Confidence.HIGH,
                "The " + (s.completed() == 1 ? "completed handshake" : s.completed() + " completed handshakes")
                        + " with this server began with a PROXY protocol header, and this connection sent its "
                        + "ClientHello without one: the listener expects the PROXY protocol and takes the hello "
                        + "for a broken header.",
                r.evidence().isEmpty() ? List.of() : List.of(r.evidence().get(r.evidence().size() - 1)),
                "Connect through the load balancer that adds the PROXY header, or accept connections without it on "
                        + "this listener (nginx: a listen without proxy_protocol; HAProxy: accept-proxy off)."));
    }

    /** HIGH, or MEDIUM when the finding says there are too few handshakes to rule out chance. */
    private static Confidence confidence(String finding) {
        return finding.contains("too few") ? Confidence.MEDIUM : Confidence.HIGH;
    }

    /** One step less sure: HIGH to MEDIUM, MEDIUM (and LOW) to LOW. */
    private static Confidence lower(Confidence c) {
        return c == Confidence.HIGH ? Confidence.MEDIUM : Confidence.LOW;
    }

    private static String lower(String finding) {
        return Character.toLowerCase(finding.charAt(0)) + finding.substring(1);
    }
}
