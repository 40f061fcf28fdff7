package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.profile.ProfileMatch;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a decided connection the way an experienced engineer reads a trace: which causes most likely explain
 * a failed (or inconclusive) handshake, ranked by confidence, each with its evidence and a next step.
 *
 * <p>A pure function of the {@link ConnectionRecord} (its outcome, alerts, TCP facts and cipher-suite overlap)
 * and of what completed handshakes showed about the same server; no state. Alert meanings follow RFC 8446
 * section 6.2 and RFC 5246 section 7.2.2.
 */
public final class Diagnoser {
    private static final Pattern NON_TLS = Pattern.compile("not TLS \\(([^)]+)\\)");
    private static final int ALERT_HANDSHAKE_FAILURE = 40;
    private static final int ALERT_PROTOCOL_VERSION = 70;
    /** TLS_FALLBACK_SCSV, the signalling cipher suite value of RFC 7507 section 6. */
    private static final int TLS_FALLBACK_SCSV = 0x5600;
    private static final int ALERT_INSUFFICIENT_SECURITY = 71;
    private static final int ALERT_INTERNAL_ERROR = 80;
    private static final int ALERT_UNRECOGNIZED_NAME = 112;
    private static final int ALERT_CERTIFICATE_REQUIRED = 116;
    private static final int ALERT_NO_APPLICATION_PROTOCOL = 120;
    private static final int DTLS10 = 0xfeff;
    private static final int DTLS12 = 0xfefd;

    /** A server reaction at least this late is a proxy waiting on its backend, not a TLS stack: 1 s. */
    static final long LONG_WAIT_NANOS = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private Diagnoser() {
    }

    /**
     * The likely causes of {@code r}'s outcome, most likely first, one finding per cause; for a completed handshake
     * only a certificate the client most likely refused after it ({@link LateCertificateRejection}). Causes that the user's server profile rules out are not ranked.
     *
     * @param server what the capture showed of the same server (every handshake with it), or
     *               {@link ServerEvidence#NONE}
     */
    public static List<Finding> diagnose(ConnectionRecord r, ServerEvidence server) {
        List<Finding> out = new ArrayList<>();
        List<Integer> negotiatedVersions = server.negotiatedVersions();
        boolean roleConflict = roleConflict(r, out);
        switch (r.outcome()) {
            case COMPLETED -> {
                return LateCertificateRejection.diagnose(r);
            }
            case SERVER_ALERT -> serverAlert(r, negotiatedVersions, out);
            case SERVER_RESET, SERVER_CLOSED -> silentRejection(r, server, out);
            case NON_TLS_RESPONSE -> {
                List<Evidence> back = lastEvidence(r, ReflectedHello.EVIDENCE);
                if (r.outcomeReason().startsWith(ReflectedHello.REASON) && !back.isEmpty()) {
                    out.add(ReflectedHello.finding(r, back.get(0)));
                } else if (!roleConflict) {
                    nonTls(r, out);
                }
            }
            case NO_RESPONSE -> noResponse(r, server, roleConflict, out);
            case TCP_REFUSED -> out.add(new Finding(Cause.PORT_NOT_LISTENING, Confidence.HIGH,
                    "The SYN to port " + r.server().port() + " was answered by a RST: nothing listens there, or a "
                            + "firewall refuses the connection.",
                    firstEvidence(r, Texts.from(Texts.RST, Side.SERVER)),
                    "Check that the service runs and listens on " + r.server() + ", and that no firewall "
                            + "rejects the port."));
            case TCP_NO_ANSWER -> out.add(new Finding(Cause.HOST_NOT_ANSWERING, Confidence.HIGH,
                    "The SYN was never answered: the host is down or unreachable, or a firewall drops the "
                            + "connection silently.",
                    lastEvidence(r, Texts.from(Texts.SYN, Side.CLIENT)),
                    "Check the address and route to " + r.server().ip() + ", and firewalls that drop port "
                            + r.server().port() + "."));
            case PROXY_REFUSED -> out.add(new Finding(Cause.PROXY_REFUSED, Confidence.HIGH,
                    r.outcomeReason(), lastEvidence(r, ""),
                    proxyAdvice(r.preamble() == null ? -1 : r.preamble().statusCode())));
            case FAILED_AFTER_SERVER_HELLO -> AfterServerHello.diagnose(r, server, out);
            case CLIENT_GAVE_UP -> {
                if (r.failed()) {
                    out.add(new Finding(Cause.CLIENT_TIMEOUT, Confidence.HIGH, r.outcomeReason(),
                            r.closedBy() == null ? lastEvidence(r, "ClientHello") : closeEvidence(r),
                            "The server answered, but later than the client waited: look at what slows the server "
                                    + "(load, a slow backend or OCSP/CRL lookup, reverse DNS) or the path, or raise the "
                                    + "client's timeout."));
                }
            }
            case STARTTLS_REFUSED -> out.add(startTlsRefused(r));
            case INCONCLUSIVE -> {
                if (!FlightNeverAcked.diagnose(r, out)) {
                    out.add(undecided(r));
                }
            }
            default -> {
            }
        }
        Finding resent = r.failed() ? ResentHello.finding(r) : null;
        if (resent != null) {
            out.add(resent);
        }
        ServerFindings.add(r, server, out);
        captureArtefacts(r, out);
        return rank(r, out);
    }

    /**
     * Ranks findings high confidence first (stable), keeps the first finding of each cause, and leaves out the
     * causes the user's server profile rules out: no shared cipher suite when it shares a usable one, a version
     * mismatch when it accepts one of the client's versions.
     */
    private static List<Finding> rank(ConnectionRecord r, List<Finding> findings) {
        CipherOverlap c = r.cipherOverlap();
        ProfileMatch user = c == null ? null : c.userProfile();
        List<Finding> sorted = new ArrayList<>(findings);
        // at equal confidence, a cause that names what went wrong before one that only says who rejected
        sorted.sort(Comparator.comparing(Finding::confidence).thenComparing(f -> f.cause()
                == Cause.SERVER_REJECTED_CLIENT_HELLO || f.cause() == Cause.CLIENT_REJECTED_SERVER_HELLO));
        List<Finding> out = new ArrayList<>();
        java.util.EnumSet<Cause> seen = java.util.EnumSet.noneOf(Cause.class);
        for (Finding f : sorted) {
            boolean ruledOut = user != null && ((f.cause() == Cause.NO_SHARED_CIPHER_SUITE
                    && !user.usableSuites().isEmpty()) || (f.cause() == Cause.VERSION_MISMATCH
                    && user.versions() == ProfileMatch.Overlap.YES && r.outcome() != Outcome.FAILED_AFTER_SERVER_HELLO));
            if (!ruledOut && seen.add(f.cause())) {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }

    /** What to do about a proxy that refused the tunnel, by its status code. */
    private static String proxyAdvice(int status) {
        return switch (status) {
            case 407 -> "Give the client the proxy's credentials (proxy authentication), or ask for an exception "
                    + "for this destination.";
            case 403 -> "The proxy's policy forbids this destination or port: ask its administrators to allow it, or "
                    + "go around the proxy if policy permits.";
            case 502, 503, 504 -> "The proxy could not reach the destination: check the name, the port and the "
                    + "proxy's own route and DNS to it.";
            default -> "Check the proxy's log for this request and the client's proxy settings.";
        };
    }

    // ------------------------------------------------------------------ outcomes

    private static void serverAlert(ConnectionRecord r, List<Integer> negotiated, List<Finding> out) {
        // the server's alert answered the ClientHello; the record's alert is the first fatal one (CONTRACT.md), the
        // client's when it ended the handshake on the server's warning unrecognized_name
        AlertInfo a = r.alert() == null || r.alert().from() == Side.SERVER ? r.alert()
                : r.alerts().stream().filter(x -> x.from() == Side.SERVER).findFirst().orElse(r.alert());
        List<Evidence> ev = evidence(r, a);
        int d = a == null ? -1 : a.description();
        ClientHello ch = lastHello(r);
        switch (d) {
            case ALERT_HANDSHAKE_FAILURE -> handshakeFailure(r, ch, negotiated, ev, out);
            case ALERT_PROTOCOL_VERSION -> out.add(new Finding(Cause.VERSION_MISMATCH, Confidence.HIGH,
                    "The server rejected the protocol version (alert 70 protocol_version). The client offers "
                            + offeredOnly(ch) + "; " + serverVersions(r, negotiated) + "." + fallback(ch),
                    ev, versionAdvice(r, ch, negotiated)));
            case ALERT_INSUFFICIENT_SECURITY -> out.add(new Finding(Cause.NO_SHARED_CIPHER_SUITE, Confidence.HIGH,
                    "The server requires stronger cipher suites than the client offers (alert 71 "
                            + "insufficient_security).",
                    ev, "Offer modern suites (ECDHE with AES-GCM or ChaCha20) from the client."));
            case ALERT_UNRECOGNIZED_NAME -> out.add(ch != null && ch.serverName() == null
                    ? new Finding(Cause.SNI_REQUIRED, Confidence.HIGH, "The client sent no server name (SNI) and the "
                            + "server refuses a ClientHello without one (" + Texts.level(a.level())
                            + " unrecognized_name).",
                            ev, "Connect by host name, not by address, so that the client sends SNI; or configure a "
                                    + "default certificate on the server for clients without SNI.")
                    : new Finding(Cause.SNI_PROBLEM, Confidence.HIGH,
                            "The server does not know the requested name " + sni(ch) + " (" + Texts.level(a.level())
                                    + " unrecognized_name)." + (a.level() == 1 ? " A warning lets the handshake go on "
                                    + "(RFC 6066 section 3), but the client ended it there, as clients that treat the "
                                    + "warning as fatal do (Java 7)." : ""),
                            ev, "Check the host name the client uses against the names the server is configured for"
                                    + (a.level() == 1 ? " (with the name configured the server sends no warning), or "
                                    + "let the client go on after a warning unrecognized_name." : ".")));
            case ALERT_CERTIFICATE_REQUIRED -> out.add(new Finding(Cause.CLIENT_CERTIFICATE_REQUIRED,
                    Confidence.HIGH, "The server requires a client certificate (alert 116 certificate_required).",
                    ev, "Configure the client with a certificate the server trusts."));
            case ALERT_NO_APPLICATION_PROTOCOL -> out.add(alpnMismatch(ch, "quic".equals(r.transport()), ev));
            case ALERT_INTERNAL_ERROR -> out.add(new Finding(Cause.SERVER_REJECTED_CLIENT_HELLO, Confidence.MEDIUM,
                    "The server ended the handshake with alert 80 internal_error: an error inside the server, "
                            + "unrelated to the client (RFC 8446 section 6.2), such as a certificate or key it could "
                            + "not find or load for the requested name " + sni(ch) + ".",
                    ev, "Check the server's error log at this time: its certificates and keys for this name, and "
                            + "the services its TLS stack depends on."));
            default -> out.add(new Finding(Cause.SERVER_REJECTED_CLIENT_HELLO, Confidence.MEDIUM,
                    "The server rejected the ClientHello with " + alertName(a) + ": its TLS stack could not parse "
                            + "or accept something the client sent.",
                    ev, "Compare this ClientHello with one the server accepts (extensions, size, versions); a "
                            + "middlebox rewriting the hello can also cause this."));
        }
        if (ch != null && ch.serverName() == null && d != ALERT_UNRECOGNIZED_NAME) {
            out.add(new Finding(Cause.SNI_PROBLEM, Confidence.LOW,
                    "The ClientHello carries no server name (SNI); servers hosting several names may refuse it.",
                    helloEvidence(r), "Connect by host name, not by address, so that the client sends SNI."));
        }
    }

    /**
     * Alert 120 no_application_protocol: the server supports none of the protocols the client offered in its
     * application_layer_protocol_negotiation extension (RFC 7301 section 3.2), or requires the extension.
     */
    private static Finding alpnMismatch(ClientHello ch, boolean quic, List<Evidence> ev) {
        List<String> offered = ch == null ? List.of() : ch.alpn();
        String what = offered.isEmpty() ? "The client offers no application protocol (no ALPN extension) and the "
                + "server requires one" : "The server supports none of the application protocols the client offers "
                + "in ALPN (" + String.join(", ", offered) + ")";
        return new Finding(Cause.ALPN_MISMATCH, Confidence.HIGH, what + ": it ended the handshake with alert 120 "
                + "no_application_protocol (RFC 7301 section 3.2).", ev,
                "Offer a protocol the server is configured for (" + (quic ? "for HTTP/3: \"h3\"; " : "for HTTPS: "
                        + "\"h2\" for HTTP/2, \"http/1.1\"; ") + "the client's HTTP version setting chooses them), "
                        + "or add " + (offered.isEmpty()
                        ? "a default protocol for clients without ALPN" : String.join(", ", offered))
                        + " to the server's ALPN list.");
    }

    private static void handshakeFailure(ConnectionRecord r, ClientHello ch, List<Integer> negotiated, List<Evidence> ev,
                                         List<Finding> out) {
        CipherOverlap c = r.cipherOverlap();
        ProfileMatch user = c == null ? null : c.userProfile();
        if (user != null) {
            if (user.commonSuites().isEmpty()) {
                out.add(noSharedSuite(Confidence.HIGH, "none of the offered cipher suites is in the server profile "
                        + user.profile().id(), ev, user != null));
            } else if (user.versions() == ProfileMatch.Overlap.NO) {
                out.add(new Finding(Cause.VERSION_MISMATCH, Confidence.HIGH, "The offered versions (" + offered(ch)
                        + ") are not in the server profile " + user.profile().id() + ".", ev,
                        "Enable a common TLS version on the client or the server."));
            } else if (user.usableSuites().isEmpty()) {
                out.add(noSharedSuite(Confidence.HIGH, "the suites in common need a TLS version the other side "
                        + "does not offer", ev, user != null));
            } else if (user.groups() == ProfileMatch.Overlap.NO) {
                out.add(noSharedGroup(Confidence.HIGH, "the cipher suites overlap but the supported groups "
                        + "(key exchange curves) do not", ev));
            } else {
                out.add(noSharedGroup(Confidence.MEDIUM, "cipher suites overlap with the server profile, so the "
                        + "group or signature algorithm is the likely mismatch", ev));
            }
            return;
        }
        List<Integer> unencrypted = nullSuitesOnly(ch);
        if (unencrypted != null) {
            out.add(new Finding(Cause.NO_SHARED_CIPHER_SUITE, Confidence.HIGH, "No shared cipher suite: the client "
                    + "offers only cipher suites without encryption (" + names(unencrypted) + "), which servers "
                    + "refuse unless configured for them (Schannel only when an application asks for them; OpenSSL "
                    + "only at security level 0).", ev, "Fix the client's cipher configuration: it offers no suite "
                    + "that encrypts (a NULL suite sends the data in clear), so no server on its defaults will "
                    + "accept it; do not enable NULL suites on the server."));
            return;
        }
        ServerHelloInfo hrr = r.helloRetryRequest();
        if (hrr != null && r.retryClientHello() != null) {
            // the HelloRetryRequest carries the suite the server chose among the client's (RFC 8446 section 4.1.4),
            // which the second ClientHello offers again: the suites are shared
            out.add(noSharedGroup(Confidence.MEDIUM, "the server's HelloRetryRequest (frame " + hrr.frame()
                    + ") chose " + TlsNames.cipherSuite(hrr.hello().cipherSuite()) + " and the group "
                    + TlsNames.group(hrr.hello().keyShareGroup()) + ", so the cipher suites are shared; the alert 40 "
                    + "after the second ClientHello points at its key share, its signature algorithms, or a front "
                    + "end that refuses a second ClientHello", ev));
            return;
        }
        Finding gap = versionGap(r, ch, negotiated, ev);
        Finding tls13 = Tls13SuiteGap.finding(r, ch, ev);
        if (tls13 != null && (gap != null || !c.offeredAndAccepted().isEmpty())) {
            // the suites in common, or the versions the server completed, are TLS 1.2 ones: they say nothing of the
            // TLS 1.3 suites a server selecting TLS 1.3 needs
            out.add(tls13);
            if (gap != null) {
                out.add(gap);
            }
            out.add(noSharedGroup(Confidence.LOW, "alert 40 can also mean that a TLS 1.3 suite is shared but the "
                    + "supported groups or the signature algorithms are not", ev));
            return;
        }
        if (gap != null) {
            // alert 40 with no version in common: GnuTLS answers a missing version so (the lab's
            // gnutls-protocol-version), while RFC 8446 appendix D.1 asks for alert 70; OpenSSL sends 40 when no suite
            // is shared, whatever versions the server completed with other clients
            out.add(gap);
            out.add(noSharedSuite(Confidence.MEDIUM, "the server answered alert 40 handshake_failure, not 70 "
                    + "protocol_version (RFC 8446 appendix D.1), and OpenSSL sends 40 when no cipher suite is shared "
                    + "even with a version in common: the versions the server completed with other clients do not "
                    + "show the ones it lacks" + builtinHint(c), ev, false));
            return;
        }
        if (c != null && c.completedHandshakes() > 0) {
            if (c.offeredAndAccepted().isEmpty()) {
                out.add(noSharedSuite(Confidence.HIGH, "this server chose " + names(c.serverAccepted())
                        + " in completed handshakes, and this ClientHello " + noneOf(c.serverAccepted()), ev, user != null));
            } else {
                out.add(noSharedGroup(Confidence.MEDIUM, "the offered suites include "
                        + TlsNames.cipherSuite(c.offeredAndAccepted().get(0)) + ", which this server accepted "
                        + "elsewhere in the capture", ev));
            }
            return;
        }
        if (c != null && usableEverywhere(c)) {
            // a hello that every built-in profile can serve (a TLS 1.3 one offering its mandatory suites, RFC 8446
            // section 9.1) shares suites with any server on common settings; the wire does not tell a server with
            // unusual suites (nginx with DHE-only suites) from one with unusual groups (secp521r1 only): both alike
            out.add(noSharedSuite(Confidence.MEDIUM, "alert 40 right after a ClientHello usually means no common "
                    + "cipher suite; each of the " + c.builtinProfiles().size() + " built-in server profiles (Mozilla, "
                    + "Windows Schannel defaults) would accept an offered suite, so the server's suites are unusual "
                    + "(DHE-only, CBC-only) if that is it", ev, user != null));
            out.add(noSharedGroup(Confidence.MEDIUM, "with suites any common server accepts, the supported groups "
                    + "(key exchange curves, a server set to secp521r1 or ffdhe only) or the signature algorithms are "
                    + "as likely a mismatch", ev));
            return;
        }
        out.add(noSharedSuite(Confidence.MEDIUM, "alert 40 right after a ClientHello usually means no common cipher "
                + "suite" + builtinHint(c), ev, user != null));
        out.add(noSharedGroup(Confidence.LOW, "alert 40 can also mean that the cipher suites overlap but the "
                + "supported groups (key exchange curves) or the signature algorithms do not", ev));
    }

    /**
     * The offered cipher suites when every one of them (GREASE and signalling values aside) has no bulk cipher
     * (IANA's "_WITH_NULL_" suites, encryption "None"), else null.
     */
    private static List<Integer> nullSuitesOnly(ClientHello ch) {
        if (ch == null) {
            return null;
        }
        List<Integer> suites = new ArrayList<>();
        for (int s : ch.cipherSuites()) {
            TlsNames.CipherSuiteInfo info = TlsNames.cipherSuiteInfo(s);
            if (TlsNames.isGrease(s) || info != null && info.versions().isEmpty()) {
                continue; // GREASE (RFC 8701) and signalling values (SCSV) select no cipher
            }
            if (info == null || !"None".equals(info.enc())) {
                return null;
            }
            suites.add(s);
        }
        return suites.isEmpty() ? null : suites;
    }

    /**
     * A version mismatch when none of the versions the client offers is one the server negotiated in the
     * capture's completed handshakes. Null when they share a version, or nothing was negotiated.
     */
    private static Finding versionGap(ConnectionRecord r, ClientHello ch, List<Integer> negotiated,
                                      List<Evidence> ev) {
        if (ch == null || negotiated.isEmpty()) {
            return null;
        }
        List<Integer> offered = offeredVersions(ch);
        if (offered.isEmpty()) {
            return null; // a legacy_version we cannot read says nothing of what the client offers
        }
        for (int v : negotiated) {
            if (offered.contains(v)) {
                return null;
            }
        }
        return new Finding(Cause.VERSION_MISMATCH, Confidence.MEDIUM, "The server completed handshakes in this "
                + "capture only with " + names(negotiated, TlsNames::version) + ", and this ClientHello offers "
                + offeredOnly(ch) + ": no version in common.",
                ev, versionAdvice(r, ch, negotiated));
    }

    /** "offers none of them", or "does not offer it" for a single suite. */
    static String noneOf(List<Integer> suites) {
        return suites.size() == 1 ? "does not offer it" : "offers none of them";
    }

    /**
     * The server closed the connection (its FIN) before the ClientHello reached it: it never read the hello, and a RST
     * after the hello is its TCP stack's answer to data on a closed socket (RFC 9293 section 3.10.7.4). A server that
     * accepts and closes at once: a connection limit, an access rule, a load balancer without a backend. Returns
     * whether it was so.
     */
    private static boolean closedBeforeHello(ConnectionRecord r, boolean reset, List<Finding> out) {
        List<Evidence> fin = firstEvidence(r, Texts.from(Texts.FIN, Side.SERVER));
        HelloInfo h = r.clientHello();
        if (fin.isEmpty() || h == null || fin.get(0).frame() >= h.frame()) {
            return false;
        }
        List<Evidence> ev = new ArrayList<>(fin);
        ev.addAll(lastEvidence(r, "ClientHello"));
        ev.addAll(firstEvidence(r, reset ? Texts.from(Texts.RST, Side.SERVER) : Texts.from(Texts.FIN, Side.SERVER)));
        ev = ev.stream().distinct().sorted(Comparator.comparingLong(Evidence::frame)).toList();
        out.add(new Finding(Cause.SERVER_CLOSED_BEFORE_CLIENT_HELLO, Confidence.HIGH, "The server closed the "
                + "connection (FIN, frame " + fin.get(0).frame() + ") before the ClientHello (frame " + h.frame()
                + ") reached it, so it never read the hello" + (reset ? "; its RST is the TCP stack's answer to data "
                + "on a closed connection (RFC 9293 section 3.10.7.4)" : "") + (r.serverPreamble() == null ? ""
                : "; before closing it said \"" + r.serverPreamble().firstBytes() + "\"") + ": the server accepts "
                + "connections and drops them at once.", ev, "Look at the server or load balancer in front of it: a connection limit "
                + "reached (worker, file descriptor or per-client limits), an access rule (allow list, tcp wrappers), "
                + "a load balancer with no healthy backend, or a service that expects the client to wait for a "
                + "banner; its log names the reason."));
        return true;
    }

    /** {@code profileGiven}: the user gave the server's configuration (then the next step does not ask for it). */
    static Finding noSharedSuite(Confidence confidence, String why, List<Evidence> ev, boolean profileGiven) {
        return new Finding(Cause.NO_SHARED_CIPHER_SUITE, confidence,
                "No shared cipher suite: " + why + ".", ev,
                "Compare the client's cipher_suites with the server's configuration"
                        + (profileGiven ? "" : " (give it with --server-profile)")
                        + " and enable a common suite on one side.");
    }

    private static Finding noSharedGroup(Confidence confidence, String why, List<Evidence> ev) {
        return new Finding(Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM, confidence,
                "No shared group or signature algorithm: " + why + ".", ev,
                "Compare supported_groups and signature_algorithms with the server's curves and certificate key "
                        + "type (an ECDSA certificate needs an ECDSA signature algorithm offered).");
    }

    /** A RST or FIN instead of any TLS answer. */
    private static void silentRejection(ConnectionRecord r, ServerEvidence server, List<Finding> out) {
        TcpFacts t = r.tcp();
        boolean reset = r.outcome() == Outcome.SERVER_RESET;
        if (closedBeforeHello(r, reset, out)) {
            return; // nothing of the hello can explain what the server did before it came
        }
        if (reset && t != null && t.serverReset() != null) {
            injectedReset(r, t, out);
        }
        splitHello(r, server, out, reset ? "reset" : "closed");
        CipherOverlap c = r.cipherOverlap();
        ProfileMatch user = c == null ? null : c.userProfile();
        List<Evidence> ev = firstEvidence(r, reset ? Texts.from(Texts.RST, Side.SERVER) : Texts.from(Texts.FIN, Side.SERVER));
        Finding gap = null;
        if (user != null && user.versions() == ProfileMatch.Overlap.NO) {
            out.add(new Finding(Cause.VERSION_MISMATCH, Confidence.HIGH, "The offered versions (" + offered(lastHello(r))
                    + ") are not in the server profile " + user.profile().id() + " (" + names(user.profile()
                    .tlsVersions(), TlsNames::version) + "); some stacks " + (reset ? "reset" : "close")
                    + " instead of sending alert 70.", ev, "Enable a common TLS version on the client or the server."));
        }
        if (user != null && user.commonSuites().isEmpty()) {
            out.add(noSharedSuite(Confidence.HIGH, "none of the offered suites is in the server profile "
                    + user.profile().id() + ", and Windows Schannel answers that with a "
                    + (reset ? "reset" : "close") + " instead of an alert", ev, user != null));
        } else if ((gap = versionGap(r, lastHello(r), server.negotiatedVersions(), ev)) != null) {
            out.add(gap);
        } else if (c != null && c.completedHandshakes() > 0 && c.offeredAndAccepted().isEmpty()) {
            out.add(noSharedSuite(Confidence.HIGH, "this server chose " + names(c.serverAccepted())
                    + " in completed handshakes and this ClientHello " + noneOf(c.serverAccepted()) + " (Windows Schannel "
                    + (reset ? "resets" : "closes") + " instead of sending an alert)", ev, user != null));
        } else if (c != null && noWindowsProfileUsable(c)) {
            out.add(noSharedSuite(Confidence.MEDIUM, "none of the offered suites is usable with any default "
                    + "Windows Schannel list; if the server runs Windows, that explains a "
                    + (reset ? "reset" : "close") + " without an alert", ev, user != null));
        }
        if (server.windowsLike()) {
            for (int i = 0; i < out.size(); i++) {
                Finding f = out.get(i);
                if (f.cause() == Cause.NO_SHARED_CIPHER_SUITE) {
                    out.set(i, new Finding(f.cause(), f.confidence(), f.explanation(), f.evidence(), f.nextStep()
                            + " The server looks like Windows: Get-TlsCipherSuite lists its suites, IIS Crypto or "
                            + "Enable-TlsCipherSuite changes them."));
                }
            }
        }
        Long waited = r.serverReactionNanos();
        // after a SYN sent again, the SYN-ACK may answer the first SYN (a spurious retransmission on a long path) or
        // the last (a lost SYN): the longer round trip is the cautious one for calling a wait long
        long rtt = r.rttNanos() == null ? 0 : r.rttNanos();
        List<Evidence> syn = firstEvidence(r, Texts.from(Texts.SYN, Side.CLIENT));
        List<Evidence> synAck = firstEvidence(r, Texts.from(Texts.SYN_ACK, Side.SERVER));
        if (!syn.isEmpty() && !synAck.isEmpty() && synAck.get(0).frame() > syn.get(0).frame()) {
            rtt = Math.max(rtt, synAck.get(0).timeNanos() - syn.get(0).timeNanos());
        }
        if (waited != null && waited - rtt >= LONG_WAIT_NANOS) {
            out.add(new Finding(Cause.BACKEND_UNAVAILABLE, Confidence.MEDIUM,
                    "The server " + (reset ? "reset" : "closed") + " the connection " + Texts.seconds(waited)
                            + " after the ClientHello" + (rtt >= MS ? " (" + Texts.seconds(waited - rtt)
                            + " without the " + Texts.millis(rtt) + " round trip)" : "")
                            + ": a TLS stack rejects a hello at once, so this is most likely a "
                            + "load balancer or proxy that accepted the connection and gave up on its backend.",
                    ev, "Check the load balancer's or proxy's backend health and connect timeouts for this "
                            + "service, and the backend's own logs for this time."));
        }
        out.add(new Finding(Cause.SERVER_REJECTED_CLIENT_HELLO, Confidence.MEDIUM,
                "The server " + (reset ? "reset" : "closed") + " the connection without a TLS answer: its TLS stack "
                        + "or a policy rejected the ClientHello without saying why.",
                ev, server.windowsLike()
                        ? "The server looks like Windows (" + (server.windowsBanner() ? "an IIS or HTTP.sys banner"
                                : "SYN-ACK TTL " + server.synAckTtl() + ", from an initial 128") + "): check its "
                                + "System event log for Schannel events 36874/36888 at this time, and its cipher "
                                + "suite and protocol configuration (IIS Crypto, Get-TlsCipherSuite)."
                        : "Check the server's TLS error log for this time, and its cipher suite and protocol "
                                + "version configuration (for example with openssl s_client or testssl.sh)."));
        if (lastHello(r) != null && lastHello(r).serverName() == null) {
            out.add(new Finding(Cause.SNI_PROBLEM, Confidence.LOW,
                    "The ClientHello carries no server name (SNI); servers and load balancers that route by "
                            + "name often drop such connections.",
                    helloEvidence(r), "Connect by host name so that the client sends SNI."));
        }
    }

    /**
     * Adds injected_reset when the server's first RST does not look like the server's own (README, "injected_reset"):
     * server data after it, a TTL other than the SYN-ACK's, sooner after the ClientHello than half the round trip, an
     * IP ID far from the SYN-ACK's. Before the ServerHello (SERVER_RESET) and after it (a firewall that lets the
     * server's flight through and forges a RST once it has read the certificate).
     */
    static void injectedReset(ConnectionRecord r, TcpFacts t, List<Finding> out) {
        TcpFacts.ResetFacts rst = t.serverReset();
        List<Evidence> ev = new ArrayList<>(firstEvidence(r, Texts.from(Texts.RST, Side.SERVER)));
        List<String> why = new ArrayList<>();
        Confidence confidence = null;
        if (t.serverDataAfterReset()) {
            why.add("the server still sent data after the RST");
            confidence = Confidence.HIGH;
            ev.addAll(lastEvidence(r, "ServerHello arrived after"));
        }
        if (t.synAckTtl() >= 0 && rst.ttl() != t.synAckTtl()) {
            why.add("its TTL " + rst.ttl() + " differs from the SYN-ACK's " + t.synAckTtl());
            confidence = confidence == null ? Confidence.MEDIUM : confidence;
        }
        // timed from the hello's first copy: after a lost copy, the later the start, the more RSTs look too quick
        if (r.rttNanos() != null && rst.afterClientHelloNanos() >= 0 && r.rttNanos() > 0
                && rst.afterClientHelloNanos() * 2 < r.rttNanos()) {
            why.add(String.format(Locale.ROOT, "it came %.3f ms after the ClientHello, sooner than half the "
                    + "%.3f ms round trip allows", rst.afterClientHelloNanos() / 1e6, r.rttNanos() / 1e6));
            confidence = confidence == null ? Confidence.MEDIUM : confidence;
        }
        if (t.synAckIpId() > 0 && rst.ipId() > 0 && Math.abs(rst.ipId() - t.synAckIpId()) > 1000
                && Math.abs(rst.ipId() - t.synAckIpId()) < 64536) {
            why.add("its IP ID " + rst.ipId() + " is far from the SYN-ACK's " + t.synAckIpId());
            confidence = confidence == null ? Confidence.LOW : confidence;
        }
        if (confidence != null) {
            out.add(new Finding(Cause.INJECTED_RESET, confidence,
                    "The RST does not look like the server's own: " + String.join("; ", why) + ".", ev,
                    "Look for a firewall, IPS or proxy on the path that inspects TLS (by SNI or ClientHello "
                            + "size) and compare with a capture taken at the server."));
        }
    }

    /**
     * A ClientHello in several segments that the server took only in part; or one with a post-quantum key share, at
     * low confidence (every current browser sends one) and not at all when the server completed a handshake whose
     * ClientHello carried one, over several segments when this one spans several: its TLS stack and the path take
     * such hellos.
     */
    private static void splitHello(ConnectionRecord r, ServerEvidence server, List<Finding> out, String what) {
        HelloInfo h = r.retryClientHello() != null ? r.retryClientHello() : r.clientHello();
        TcpFacts t = r.tcp();
        if (h == null || t == null || h.frames().size() < 2) {
            return;
        }
        boolean pq = postQuantum(h.hello());
        List<Evidence> ev = helloEvidence(r);
        if ("partial".equals(t.clientHelloAcked())) {
            out.add(new Finding(Cause.LARGE_OR_SPLIT_CLIENT_HELLO, Confidence.HIGH,
                    "The ClientHello (" + h.lengthBytes() + " bytes) spans " + h.frames().size() + " segments and "
                            + "the server acknowledged only frames " + t.clientHelloAckedFrames() + " before it "
                            + what + " the connection" + (pq ? "; it carries a post-quantum key share" : "") + ".",
                    ev, pq ? "Retry without the post-quantum group (e.g. disable X25519MLKEM768 on the client) "
                            + "and look for a middlebox that cannot reassemble a ClientHello split over segments."
                            : "Look for a middlebox or MTU problem that drops the second segment of a large "
                            + "ClientHello; retry with fewer extensions."));
        } else if (pq && (server.completedWith(ServerEvidence.POST_QUANTUM_FACTOR) == 0
                || server.completedWith(ServerEvidence.SPLIT_FACTOR) == 0)) {
            out.add(new Finding(Cause.LARGE_OR_SPLIT_CLIENT_HELLO, Confidence.LOW,
                    "The ClientHello carries a post-quantum key share (" + h.lengthBytes() + " bytes in "
                            + h.frames().size() + " segments); some servers and middleboxes reject such hellos, though "
                            + "every current browser sends one.",
                    ev, "Retry without the post-quantum group (e.g. disable X25519MLKEM768 on the client)."));
        }
    }

    /**
     * Adds the role_conflict finding first when the server sent a ClientHello of its own (its evidence line
     * {@link Texts#SERVER_CLIENT_HELLO}) and then gave no ServerHello: whatever the server did next (nothing, an
     * alert, a reset, a close) is its TLS client's doing, so the conflict explains it; returns whether it did.
     */
    private static boolean roleConflict(ConnectionRecord r, List<Finding> out) {
        switch (r.outcome()) {
            case NON_TLS_RESPONSE, NO_RESPONSE, SERVER_ALERT, SERVER_RESET, SERVER_CLOSED -> {
                List<Evidence> peerHello = lastEvidence(r, Texts.SERVER_CLIENT_HELLO);
                if (!peerHello.isEmpty()) {
                    out.add(RoleConflict.finding(r, peerHello.get(0)));
                    return true;
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static void nonTls(ConnectionRecord r, List<Finding> out) {
        Matcher m = NON_TLS.matcher(r.outcomeReason());
        String protocol = m.find() ? m.group(1) : "unknown";
        out.add(new Finding(Cause.NON_TLS_SERVICE, Confidence.HIGH,
                "The server on port " + r.server().port() + " speaks " + ("unknown".equals(protocol)
                        ? "a protocol that is not TLS" : protocol + ", not TLS") + ".",
                lastEvidence(r, "server answered with non-TLS bytes"),
                AnalysisOptions.WELL_KNOWN_TLS_PORTS.contains(r.server().port())
                        ? "Port " + r.server().port() + " should speak TLS: check the listener of the server or load "
                                + "balancer on this port (TLS turned off, or the wrong backend) and any proxy in the "
                                + "path that answers in " + protocol + "."
                        : "Use the TLS port of the service (e.g. 443 for HTTPS)" + ("unknown".equals(protocol) ? ""
                                : ", or plain " + protocol + " on this one") + "; check for STARTTLS if the protocol "
                                + "upgrades in-band."));
    }

    private static void noResponse(ConnectionRecord r, ServerEvidence server, boolean roleConflict, List<Finding> out) {
        // a server that ended its side before the hello and then only drained (a half-close: OpenSSL s_server's,
        // nginx's lingering close) sends nothing but ACKs after it: its FIN, not the hello, is what to explain
        boolean closedFirst = closedBeforeHello(r, false, out);
        if (!roleConflict && !closedFirst && r.serverPreamble() != null) {
            ServerPreamble p = r.serverPreamble();
            out.add(new Finding(Cause.NON_TLS_SERVICE, Confidence.HIGH,
                    "The server spoke first, in " + ("unknown".equals(p.protocol()) ? "a protocol that is not TLS"
                            : p.protocol()) + " (\"" + p.firstBytes() + "\"), and waited for that protocol, not a "
                            + "ClientHello.",
                    lastEvidence(r, "server sent"),
                    "Use the service's TLS port, or its STARTTLS command before the handshake."));
        }
        if (closedFirst) {
            return;
        }
        TcpFacts t = r.tcp();
        String acked = t == null ? null : t.clientHelloAcked();
        splitHello(r, server, out, "went silent on");
        Finding lost = ServerAnswerLoss.finding(r);
        Finding stalled = ZeroWindowStall.finding(r);
        List<Finding> unacked = UnackedClientFin.findings(r);
        if (lost != null || stalled != null) {
            out.add(lost != null ? lost : stalled);
        } else if (!unacked.isEmpty()) {
            out.addAll(unacked);
        } else if ("all".equals(acked)) {
            out.add(new Finding(Cause.SERVER_SILENT_AFTER_ACK, Confidence.HIGH,
                    "The server acknowledged the ClientHello and then said nothing: the TCP connection works, the "
                            + "TLS layer does not answer.",
                    lastEvidence(r, "server ACKed the ClientHello"),
                    "Check the server's TLS stack and policy: a service that expects a PROXY protocol header or a "
                            + "STARTTLS command first, an overloaded or hung TLS terminator."));
        } else if ("none".equals(acked)) {
            HelloInfo h = r.clientHello();
            boolean large = h != null && (h.frames().size() > 1 || h.lengthBytes() > 1200);
            String name = h == null || h.hello() == null ? null : h.hello().serverName();
            out.add(new Finding(Cause.CLIENT_HELLO_NOT_ACKED, Confidence.HIGH,
                    "The server never acknowledged the ClientHello: it did not arrive (a blackhole, a firewall that "
                            + "drops TLS" + (large ? ", or an MTU problem for this " + h.lengthBytes() + "-byte hello"
                            : name != null ? " or filters on the server name " + name : "") + ").",
                    helloEvidence(r), "Check firewalls and IPS rules between client and server; " + (large
                            ? "test path MTU (e.g. ping with DF set) and retry with a smaller ClientHello."
                            : name != null ? "retry with another server name to the same address: if that one gets "
                            + "through, a filter drops hellos naming " + name + "." : "look for a rule that drops "
                            + "TLS to this port.")));
        }
    }

    /**
     * For a TLS 1.3 handshake that failed without the session's keys: what a key log would show and how to get
     * one (its records after the ServerHello are encrypted: certificates, alerts). Empty otherwise.
     */
    static String keyLogHint(ConnectionRecord r) {
        ServerHelloInfo sh = r.serverHello();
        if (sh == null || sh.hello().selectedVersion() != 0x0304 || r.decryption() != null) {
            return "";
        }
        return " A TLS key log would show what the encrypted records hold (the certificates of both sides, the "
                + "alert's name, both Finished messages): run the client again with SSLKEYLOGFILE=FILE set (browsers, "
                + "curl) or with `openssl s_client -keylogfile FILE`, capture, then `hellocheck analyze --keylog FILE`.";
    }

    private static void captureArtefacts(ConnectionRecord r, List<Finding> out) {
        if (r.outcome() == Outcome.INCONCLUSIVE) {
            return;
        }
        TcpFacts t = r.tcp();
        // bytes lost on the path are no capture gap; a loss seen only from a sequence number was never counted missed
        long missed = r.clientMissedBytes() + Math.max(0, r.serverMissedBytes()
                - (t == null || t.serverBytesLost() == null ? 0 : t.serverBytesLost().bytes()));
        long unseen = t == null ? 0 : t.clientAckedNotCaptured() + t.serverAckedNotCaptured();
        if (missed + unseen > 0) {
            out.add(new Finding(Cause.CAPTURE_ARTEFACT, Confidence.LOW,
                    "The capture misses bytes of this connection (" + missed + " bytes in gaps, " + unseen
                            + " bytes acknowledged but not captured): part of the story may not be in the trace.",
                    List.of(), "Capture with a full snaplen and enough buffer (tcpdump -s 0 -B 8192)."));
        }
    }

    /**
     * An undecided record: the capture is what falls short (a missing direction, a cut, a damaged file), except
     * for a QUIC server that fell silent after the client's Handshake flight while the client kept sending, where
     * the capture is whole and UDP was lost on the way.
     */
    private static Finding undecided(ConnectionRecord r) {
        String reason = r.outcomeReason();
        if (reason.startsWith(QuicRecords.SILENT_AFTER_CLIENT_FLIGHT)) {
            return new Finding(Cause.UDP_BLOCKED, Confidence.LOW, reason,
                    lastEvidence(r, "Handshake packet from client"), "Look for what drops UDP between client and "
                    + "server once the handshake has begun (a firewall's or NAT's short UDP state timeout, datagrams "
                    + "of 1,200 bytes or more dropped on the path), and capture on the server's side to see whether "
                    + "the client's Handshake packets arrive.");
        }
        return new Finding(Cause.CAPTURE_ARTEFACT, Confidence.HIGH, reason, List.of(),
                reason.startsWith(HandshakeAnalysis.DAMAGED)
                        ? "Copy the capture again: the file is damaged from the offset its error names; what came "
                                + "before was analyzed."
                        : reason.startsWith(FlowEnd.NOTHING_MORE)
                        ? "Take the capture again without a capture or display filter (or use the original file, "
                                + "before it was cut or trimmed): the capture went on, but what it kept of this "
                                + "connection stops before the handshake's end."
                        : "Capture on the client itself, in both directions, with a full snaplen, and keep the "
                                + "capture running until the connection closes.");
    }

    // ------------------------------------------------------------------ helpers

    private static ClientHello lastHello(ConnectionRecord r) {
        HelloInfo h = r.retryClientHello() != null ? r.retryClientHello() : r.clientHello();
        return h == null ? null : h.hello();
    }

    /** Whether a key share uses a post-quantum (ML-KEM or Kyber) hybrid group. */
    static boolean postQuantum(ClientHello ch) {
        if (ch == null) {
            return false;
        }
        for (int g : ch.keyShareGroups()) {
            String n = TlsNames.group(g);
            if (n.contains("MLKEM") || n.contains("Kyber")) {
                return true;
            }
        }
        return false;
    }

    private static String offered(ClientHello ch) {
        if (ch == null) {
            return "unknown versions";
        }
        List<String> v = new ArrayList<>();
        for (int x : ch.supportedVersions()) {
            if (!TlsNames.isGrease(x)) {
                v.add(TlsNames.version(x));
            }
        }
        return v.isEmpty() ? "up to " + TlsNames.version(ch.legacyVersion()) : String.join(", ", v);
    }

    private static String serverVersions(ConnectionRecord r, List<Integer> negotiated) {
        CipherOverlap c = r.cipherOverlap();
        ProfileMatch user = c == null ? null : c.userProfile();
        if (user != null && user.profile().versionsKnown()) {
            return "the server profile " + user.profile().id() + " accepts " + names(user.profile().tlsVersions(),
                    TlsNames::version);
        }
        if (!negotiated.isEmpty()) {
            return "the server negotiated " + names(negotiated, TlsNames::version) + " in completed handshakes";
        }
        return "the server's versions are not known from this capture";
    }

    /**
     * Which way to move for a version both sides support: the server's accepted versions come from the user's
     * profile or the completed handshakes; when the server accepts an older version than the client offers,
     * the server should enable the client's; when it accepts a newer one, the client should allow it.
     */
    static String versionAdvice(ConnectionRecord r, ClientHello ch, List<Integer> negotiated) {
        CipherOverlap c = r.cipherOverlap();
        ProfileMatch user = c == null ? null : c.userProfile();
        List<Integer> accepted = user != null && user.profile().versionsKnown() ? user.profile().tlsVersions()
                : negotiated;
        List<Integer> offered = offeredVersions(ch);
        if (!offered.isEmpty() && offered.stream().allMatch(v -> versionRank(v) < versionRank(0x0303))) {
            return (fallback(ch).isEmpty() ? "" : "Find why the client's first attempt, at a higher version, failed: "
                    + "that is the failure to fix. ") + "The client offers " + offeredOnly(ch) + ", which RFC 8996 "
                    + "deprecates: update the client or allow TLS 1.2 and 1.3 on it; enabling "
                    + TlsNames.version(Collections.max(offered, Comparator.comparingInt(Diagnoser::versionRank)))
                    + " on the server only as a last resort.";
        }
        if (accepted.isEmpty() || offered.isEmpty()) {
            return "Compare the versions the client offers (" + offered(ch) + ") with those the server enables "
                    + "(openssl s_client -tls1_2 / -tls1_3, or testssl.sh), and enable a common one on the server.";
        }
        int clientMax = Collections.max(offered, Comparator.comparingInt(Diagnoser::versionRank));
        int serverMax = Collections.max(accepted, Comparator.comparingInt(Diagnoser::versionRank));
        if (versionRank(serverMax) > versionRank(clientMax)) {
            return "Allow " + TlsNames.version(serverMax) + " on the client (it offers only " + offered(ch)
                    + "), or enable " + TlsNames.version(clientMax) + " on the server.";
        }
        List<String> newer = new ArrayList<>();
        offered.stream().filter(v -> versionRank(v) > versionRank(serverMax) && versionRank(v) <= versionRank(0x0304))
                .sorted(Comparator.comparingInt(Diagnoser::versionRank)).forEach(v -> newer.add(TlsNames.version(v)));
        String enable = "Enable " + (newer.isEmpty() ? TlsNames.version(clientMax) : String.join(" or ", newer))
                + " on the server";
        String facts = "the server accepts " + names(accepted, TlsNames::version) + "; the client offers "
                + offeredOnly(ch);
        return versionRank(serverMax) >= versionRank(0x0303)
                ? enable + ", or allow " + TlsNames.version(serverMax) + " on the client (" + facts + ")."
                : enable + " (" + facts + ").";
    }

    /**
     * " This ClientHello is a fallback retry ..." when it carries TLS_FALLBACK_SCSV (0x5600): the client had tried a
     * higher version and retried lower (RFC 7507 section 4); else "".
     */
    static String fallback(ClientHello ch) {
        return ch == null || !ch.cipherSuites().contains(TLS_FALLBACK_SCSV) ? "" : " This ClientHello is a fallback "
                + "retry: it carries TLS_FALLBACK_SCSV, so the client had already tried a higher version and failed "
                + "(RFC 7507 section 4).";
    }

    /** "only TLSv1.3" when the client offers a single version, else the list of {@link #offered}. */
    private static String offeredOnly(ClientHello ch) {
        return offeredVersions(ch).size() == 1 ? "only " + offered(ch) : offered(ch);
    }

    /**
     * The versions the client offers, GREASE left out: supported_versions, else up to legacy_version (for DTLS,
     * DTLS 1.0 up to it); empty when legacy_version is none of these.
     */
    static List<Integer> offeredVersions(ClientHello ch) {
        List<Integer> v = new ArrayList<>();
        if (ch == null) {
            return v;
        }
        for (int x : ch.supportedVersions()) {
            if (!TlsNames.isGrease(x)) {
                v.add(x);
            }
        }
        if (v.isEmpty()) {
            // RFC 6347 section 4.1: DTLS 1.2 is {254, 253}, DTLS 1.0 {254, 255}, and there is no DTLS 1.1
            v.addAll(ch.legacyVersion() == DTLS12 ? List.of(DTLS10, DTLS12) : ch.legacyVersion() == DTLS10
                    ? List.of(DTLS10) : ProfileMatch.legacyVersionRange(ch.legacyVersion()));
        }
        return v;
    }

    /** Orders versions: SSL 3.0 below TLS 1.0 ... TLS 1.3; others (drafts) as TLS 1.3. */
    static int versionRank(int v) {
        return v >= 0x0300 && v <= 0x0304 ? v - 0x0300 : v == 0x0002 ? -1 : 4;
    }

    private static String sni(ClientHello ch) {
        return ch == null || ch.serverName() == null ? "(no SNI)" : ch.serverName();
    }

    private static String alertName(AlertInfo a) {
        if (a == null) {
            return "an alert";
        }
        if (a.encrypted()) {
            return "an encrypted alert";
        }
        return "alert " + a.description() + " " + TlsNames.alert(a.description());
    }

    private static String builtinHint(CipherOverlap c) {
        if (c == null) {
            return "";
        }
        int builtin = 0;
        for (ProfileMatch m : c.builtinProfiles()) {
            builtin++;
            if (!m.usableSuites().isEmpty()) {
                return "";
            }
        }
        return builtin == 0 ? "" : "; none of the " + builtin + " built-in server profiles (Mozilla, Windows "
                + "Schannel defaults) would accept any of the offered suites";
    }

    /** Whether there are built-in profiles and each finds a usable offered suite. */
    private static boolean usableEverywhere(CipherOverlap c) {
        for (ProfileMatch m : c.builtinProfiles()) {
            if (m.usableSuites().isEmpty()) {
                return false;
            }
        }
        return !c.builtinProfiles().isEmpty();
    }

    private static boolean noWindowsProfileUsable(CipherOverlap c) {
        boolean any = false;
        for (ProfileMatch m : c.builtinProfiles()) {
            if (m.profile().id().startsWith("windows-")) {
                any = true;
                if (!m.usableSuites().isEmpty()) {
                    return false;
                }
            }
        }
        return any;
    }

    static String names(List<Integer> codes) {
        return names(codes, TlsNames::cipherSuite);
    }

    static String names(List<Integer> codes, java.util.function.IntFunction<String> name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < codes.size() && i < 4; i++) {
            out.add(name.apply(codes.get(i)));
        }
        return String.join(", ", out) + (codes.size() > 4 ? " and " + (codes.size() - 4) + " more" : "");
    }

    private static List<Evidence> helloEvidence(ConnectionRecord r) {
        return lastEvidence(r, "ClientHello");
    }

    /** The ClientHello and the alert's evidence lines. */
    private static List<Evidence> evidence(ConnectionRecord r, AlertInfo a) {
        List<Evidence> ev = new ArrayList<>(helloEvidence(r));
        if (a != null) {
            ev.addAll(alertEvidence(r, a));
        }
        return ev;
    }

    /**
     * The first evidence line of frame {@code frame} (from 1) starting with {@code prefix}, as a list of at most
     * one: the line of one message or segment where several lines share a prefix ("ServerHello" and
     * "ServerHelloDone", the FINs of both sides).
     */
    static List<Evidence> evidenceAt(ConnectionRecord r, long frame, String prefix) {
        for (Evidence e : r.evidence()) {
            if (e.frame() == frame && e.what().startsWith(prefix)) {
                return List.of(e);
            }
        }
        return List.of();
    }

    /**
     * The evidence line of alert {@code a}, as a list of at most one: for a likely encrypted alert the line that gives
     * the record's size (the fact the inference rests on), else the alert's own line.
     */
    static List<Evidence> alertEvidence(ConnectionRecord r, AlertInfo a) {
        if (a.likely()) {
            for (Evidence e : r.evidence()) {
                if (e.frame() == a.frame() && e.what().contains(Texts.ALERT_SIZED)) {
                    return List.of(e);
                }
            }
        }
        return evidenceAt(r, a.frame(), Texts.alert(a));
    }

    /** The first evidence line starting with {@code prefix} (the server's RST or FIN that decided), or none. */
    static List<Evidence> firstEvidence(ConnectionRecord r, String prefix) {
        for (Evidence e : r.evidence()) {
            if (e.what().startsWith(prefix)) {
                return List.of(e);
            }
        }
        return List.of();
    }

    /**
     * STARTTLS_REFUSED: the server's refusal; when the client then went on in the clear protocol (libpq's
     * {@code sslmode=prefer}, an MTA's opportunistic STARTTLS, RFC 3207 section 4.1), the session ran unencrypted and
     * the fix is on both sides, or none when that was meant.
     */
    private static Finding startTlsRefused(ConnectionRecord r) {
        long clear = r.preamble().continuedWithoutTlsFrame();
        String explanation = "The server refused to start TLS (" + r.preamble().refusalSummary() + "): TLS is not set "
                + "up for this service, or not offered to this client.";
        String setup = "Check the server's TLS setup for this service: STARTTLS enabled, its certificate and key "
                + "present and readable (SMTP 454 usually means they could not be loaded), and any per-client policy; "
                + "its log at the time of the refusal says which.";
        if (clear > 0) {
            explanation += " The client then went on without TLS (frame " + clear + "), as a client that only prefers "
                    + "TLS does (libpq's sslmode=prefer, an MTA's opportunistic STARTTLS): the session ran unencrypted.";
            setup += " If the session must be encrypted, also make the client require TLS (libpq sslmode=require or "
                    + "verify-full; the MTA's TLS policy for this destination), so that it fails instead of going on in "
                    + "clear.";
        }
        return new Finding(Cause.STARTTLS_REFUSED, Confidence.HIGH, explanation, lastEvidence(r, "the server refused"),
                setup);
    }

    /** The evidence line of the first FIN or RST ({@code closed_by}), or none. */
    static List<Evidence> closeEvidence(ConnectionRecord r) {
        return r.closedBy() == null ? List.of() : evidenceAt(r, r.closedBy().frame(), Texts.from(r.closedBy().how(), r.closedBy().side()));
    }

    /** The last evidence line starting with {@code prefix}, as a list of at most one. */
    static List<Evidence> lastEvidence(ConnectionRecord r, String prefix) {
        Evidence found = null;
        for (Evidence e : r.evidence()) {
            if (e.what().startsWith(prefix)) {
                found = e;
            }
        }
        return found == null ? List.of() : List.of(found);
    }
}
