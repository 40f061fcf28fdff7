package io.hellocheck.analysis;

import io.hellocheck.analysis.Finding.Confidence;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.CertificateInfo;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.ServerHello;
import io.hellocheck.tls.ServerKeyExchange;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The diagnosis of a handshake that failed after the ServerHello ({@link Outcome#FAILED_AFTER_SERVER_HELLO}):
 * first which side ended it (the sender of the first fatal alert, unless the other side had closed the connection
 * before it; else the side that closed), then what in the
 * other side's messages explains it. A client that ends the handshake rejected something in the server's
 * flight: the version chosen, the certificate (untrusted issuer, expired, another name, an interception
 * proxy's, a very large chain), the group or the signature algorithm (RFC 8446 sections 4.1.3, 4.4.2 and 6.2;
 * RFC 5246 section 7.4). A server that ends it rejected the client's certificate or its second flight.
 */
final class AfterServerHello {
    private static final int ALERT_HANDSHAKE_FAILURE = 40;
    private static final int ALERT_BAD_CERTIFICATE = 42;
    private static final int ALERT_CERTIFICATE_EXPIRED = 45;
    private static final int ALERT_UNKNOWN_CA = 48;
    private static final int ALERT_ILLEGAL_PARAMETER = 47;
    private static final int ALERT_PROTOCOL_VERSION = 70;
    private static final int ALERT_INSUFFICIENT_SECURITY = 71;
    private static final int ALERT_INTERNAL_ERROR = 80;
    private static final int ALERT_UNRECOGNIZED_NAME = 112;
    private static final int ALERT_CERTIFICATE_REQUIRED = 116;
    /** TLS_EMPTY_RENEGOTIATION_INFO_SCSV and the renegotiation_info extension (RFC 5746 sections 3.3, 3.2). */
    private static final int EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;
    private static final int RENEGOTIATION_INFO = 0xff01;
    /** A chain at least this long, in bytes, exceeds what some clients and middleboxes take (16 KiB). */
    private static final int LARGE_CHAIN_BYTES = 16_384;
    private static final int LARGE_CHAIN_CERTIFICATES = 6;
    /** The start of HandshakeAnalyzer's evidence line for a TLS 1.3 client flight with an empty Certificate. */
    private static final String EMPTY_CERTIFICATE = "client's first encrypted record has the size of an empty Certificate";
    /** Issuer words of TLS-intercepting products (their own CA signs the certificates they forge). */
    private static final List<String> INTERCEPTORS = List.of("fortinet", "fortigate", "zscaler", "palo alto",
            "blue coat", "bluecoat", "sophos", "mitmproxy", "netskope", "forcepoint", "squid", "kaspersky", "eset ",
            "avast", "bitdefender", "burp", "charles proxy", "fiddler", "do_not_trust", "cisco umbrella",
            "mcafee web gateway", "watchguard", "check point", "sonicwall", "untangle", "websense", "barracuda");

    private AfterServerHello() {
    }

    static void diagnose(ConnectionRecord r, ServerEvidence server, List<Finding> out) {
        AlertInfo a = decisiveAlert(r);
        Side ender = a != null ? a.from() : r.closedBy() != null ? r.closedBy().side() : null;
        List<Evidence> ev = evidence(r, a);
        Finding cut = ServerFlightCut.finding(r);
        if (cut != null) {
            out.add(cut); // the client waited for the rest of a record: no rejection by either side
            return;
        }
        if (r.serverHello() == null && r.helloRetryRequest() != null) {
            unansweredRetry(r, a, ev, out);
            return;
        }
        if (ender == Side.CLIENT) {
            clientRejected(r, server, a, ev, out);
        } else {
            if (a == null && r.tcp() != null && r.tcp().serverReset() != null && r.closedBy() != null
                    && Texts.RST.equals(r.closedBy().how())) {
                Diagnoser.injectedReset(r, r.tcp(), out);
            }
            serverRejected(r, a, ev, out);
        }
    }

    /** A client's wait after its flight from which the server is taken to have stalled: 1 s (CONTRACT.md). */
    private static final long STALL_SECONDS = 1;

    /**
     * TLS 1.2 and earlier: the client sent its ChangeCipherSpec and Finished and ended the handshake
     * {@value #STALL_SECONDS} s or more later without the server's (RFC 5246 section 7.3: the server owes its own):
     * the server stalled after the client's flight, and the client's timeout ended the wait (CONTRACT.md counts a
     * client's wait of 1 s as a failure of the server's side). Not for TLS 1.3, whose server owes nothing after the
     * client's Finished unless the client asked for something, which the records do not show without keys.
     */
    private static void serverStalled(ConnectionRecord r, AlertInfo a, String how, List<Evidence> ev,
                                      List<Finding> out) {
        Evidence flight = tls13(r) ? null : clientFlight(r);
        List<Evidence> end = a != null ? Diagnoser.evidenceAt(r, a.frame(), Texts.alert(a)) : Diagnoser.closeEvidence(r);
        if (flight == null || end.isEmpty() || end.get(0).timeNanos() - flight.timeNanos() < STALL_SECONDS * 1_000_000_000L) {
            return;
        }
        List<Evidence> evidence = new ArrayList<>(ev);
        for (Evidence e : List.of(flight, end.get(0))) {
            if (!evidence.contains(e)) {
                evidence.add(e);
            }
        }
        evidence.sort(Comparator.comparingLong(Evidence::frame));
        String waited = Texts.seconds(end.get(0).timeNanos() - flight.timeNanos());
        out.add(new Finding(Cause.CLIENT_TIMEOUT, Confidence.MEDIUM, "The client sent its ChangeCipherSpec and "
                + "Finished (frame " + flight.frame() + ") and waited " + waited + " for the server's, which never "
                + "came, then ended the handshake with " + how + ": the server stalled after the client's flight (a "
                + "slow backend, a client-certificate or OCSP check, its answer lost on the path), and the client's "
                + "timeout ended the wait.", evidence,
                "Look at what the server does after the client's Finished for this connection (its log, backend or "
                        + "certificate-verification latency) and at the path back to the client; the client gave up "
                        + "after " + waited + "."));
    }

    /**
     * The evidence line of the client's flight after the server's, or null: TLS 1.3, its first encrypted record after
     * the server's (its Finished, sent once it verified the server's certificate); TLS 1.2 and earlier, its
     * ChangeCipherSpec (or first encrypted record).
     */
    private static final String SERVER_ENCRYPTED = Texts.from(Texts.FIRST_ENCRYPTED_RECORD, Side.SERVER);
    private static final String CLIENT_ENCRYPTED = Texts.from(Texts.FIRST_ENCRYPTED_RECORD, Side.CLIENT);
    private static final String CLIENT_CHANGE_CIPHER_SPEC = Texts.from(Texts.CHANGE_CIPHER_SPEC, Side.CLIENT);

    static Evidence clientFlight(ConnectionRecord r) {
        boolean tls13 = tls13(r);
        boolean serverEncrypted = false;
        for (Evidence e : r.evidence()) {
            if (e.what().equals(SERVER_ENCRYPTED)) {
                serverEncrypted = true;
            } else if (tls13 ? serverEncrypted && e.what().equals(CLIENT_ENCRYPTED)
                    : e.what().equals(CLIENT_CHANGE_CIPHER_SPEC) || e.what().equals(CLIENT_ENCRYPTED)) {
                return e;
            }
        }
        return null;
    }

    /**
     * The server's warning unrecognized_name before its ServerHello (RFC 6066 section 3: it does not know the name and
     * goes on), when the client then ended the handshake without sending its flight: clients that treat the warning
     * as fatal (Java 7) do.
     */
    private static void sniWarning(ConnectionRecord r, String how, List<Evidence> ev, List<Finding> out) {
        if (clientFlight(r) != null) {
            return; // the client went on after the warning: it did not end the handshake on it
        }
        for (AlertInfo w : r.alerts()) {
            if (w.from() == Side.SERVER && !w.encrypted() && w.level() == 1 && w.description() == ALERT_UNRECOGNIZED_NAME
                    && r.serverHello() != null && w.frame() <= r.serverHello().frame()) {
                List<Evidence> evidence = new ArrayList<>(ev);
                evidence.addAll(Diagnoser.evidenceAt(r, w.frame(), "alert"));
                evidence.sort(Comparator.comparingLong(Evidence::frame));
                ClientHello ch = r.clientHello() == null ? null : r.clientHello().hello();
                String name = ch == null || ch.serverName() == null ? "the name" : ch.serverName();
                out.add(new Finding(Cause.SNI_PROBLEM, Confidence.MEDIUM, "The server does not know " + name
                        + ": it sent a warning unrecognized_name (frame " + w.frame() + ") before its ServerHello, "
                        + "which lets the handshake go on (RFC 6066 section 3), and the client ended the handshake "
                        + "with " + how + ", as clients that treat that warning as fatal do (Java 7).", evidence,
                        "Configure the server for the name " + name + " (it then sends no warning), or let the client "
                                + "go on after a warning unrecognized_name."));
                return;
            }
        }
    }

    /**
     * The record's first alert that is no plaintext warning, unless the other side had closed the connection before
     * it: an alert that answers
     * a FIN or RST (OpenSSL's decode_error to a client that closed in the middle of the handshake, RFC 5246 section
     * 7.2.2) did not end the handshake, the close did.
     */
    private static AlertInfo decisiveAlert(ConnectionRecord r) {
        AlertInfo a = null;
        for (AlertInfo x : r.alerts()) {
            if (x.encrypted() || x.level() != 1) { // a plaintext warning ends nothing (RFC 5246 section 7.2)
                a = x;
                break;
            }
        }
        ClosedBy c = r.closedBy();
        return a != null && c != null && c.side() != a.from() && c.frame() < a.frame() ? null : a;
    }

    // ------------------------------------------------------------------ no second ClientHello

    /**
     * The server answered with a HelloRetryRequest and the client sent no second ClientHello (RFC 8446 section
     * 4.1.4): the request was invalid when it names a group the client did not offer (section 4.2.8) or one it
     * already sent a key share for (4.1.4), and the client must then abort with illegal_parameter; otherwise the
     * client did not take a valid request.
     */
    private static void unansweredRetry(ConnectionRecord r, AlertInfo a, List<Evidence> ev, List<Finding> out) {
        List<Evidence> evidence = new ArrayList<>(ev);
        evidence.addAll(Diagnoser.lastEvidence(r, "HelloRetryRequest"));
        int group = r.helloRetryRequest().hello().keyShareGroup();
        String name = TlsNames.group(group);
        ClientHello ch = r.clientHello() == null ? null : r.clientHello().hello();
        String how = a != null ? "with " + Texts.alertPhrase(a) : r.closedBy() != null && r.closedBy().side()
                == Side.CLIENT ? "with a " + r.closedBy().how() : "by sending nothing more";
        if (ch != null && !ch.supportedGroups().contains(group)) {
            out.add(new Finding(Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM, Confidence.HIGH,
                    "The server's HelloRetryRequest asks for a key share in " + name + ", a group the client did not "
                            + "offer (" + (ch.supportedGroups().isEmpty() ? "its ClientHello has no supported_groups"
                            : "it offers " + String.join(", ", ch.supportedGroups().stream().map(TlsNames::group)
                            .toList())) + "); RFC 8446 section 4.2.8 bars that, and the client ended the handshake "
                            + how + ".",
                    evidence, "Configure the server (or the middlebox answering for it) to choose among the "
                            + "client's groups; check for a device that rewrites the ClientHello's groups."));
        } else if (ch != null && ch.keyShareGroups().contains(group)) {
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_HELLO, Confidence.HIGH,
                    "The server's HelloRetryRequest asks for a key share in " + name + ", for which the ClientHello "
                            + "already carried one: RFC 8446 section 4.1.4 bars that, and the client ended the "
                            + "handshake " + how + ".",
                    evidence, "Look at the server's TLS stack (or a middlebox that rewrites the key shares): it "
                            + "should accept the key share the client sent."));
        } else {
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_HELLO, Confidence.MEDIUM,
                    "The server asked for a key share in " + name + " (HelloRetryRequest), a group the client "
                            + "offered without a key share, which is a valid request (RFC 8446 section 4.1.4); the "
                            + "client did not send a second ClientHello and ended the handshake " + how + ": a client "
                            + "or middlebox that does not handle HelloRetryRequest.",
                    evidence, "Update the client's TLS library; or have the server prefer a group the client sends a "
                            + "key share for (x25519 for most clients), so that no retry is needed."));
        }
    }

    // ------------------------------------------------------------------ the client ended it

    private static void clientRejected(ConnectionRecord r, ServerEvidence server, AlertInfo a, List<Evidence> ev,
                                       List<Finding> out) {
        String how = a != null ? (a.encrypted() ? "an encrypted alert" : "alert " + a.description() + " "
                + TlsNames.alert(a.description())) : "a " + r.closedBy().how();
        int d = a == null || a.encrypted() ? -1 : a.description();
        // a DTLS HelloVerifyRequest asks for the second ClientHello too (RFC 6347 section 4.2.1)
        if (r.retryClientHello() != null && r.helloRetryRequest() == null
                && (r.udp() == null || r.udp().helloVerifyRequest() == null)) {
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_HELLO, Confidence.HIGH,
                    "The client sent a second ClientHello (frame " + r.retryClientHello().frame() + ") that no "
                            + "HelloRetryRequest asked for, then ended the handshake with " + how + ": a client that "
                            + "breaks the handshake's order, not a server that rejects it.",
                    ev, "Look at the client: a TLS library or proxy that sends its ClientHello twice (a retry on the "
                            + "same connection) needs fixing or updating."));
            return;
        }
        sniWarning(r, how, ev, out);
        serverStalled(r, a, how, ev, out);
        if (acceptedServerFlight(r, a)) {
            boolean tls13 = tls13(r);
            out.add(new Finding(Cause.CLIENT_ABANDONED_HANDSHAKE, Confidence.MEDIUM,
                    (tls13 ? "The client sent its encrypted flight (its Finished) after the server's, which a TLS 1.3 "
                            + "client does only once it has verified the server's certificate and Finished, so it "
                            + "accepted them, then closed with " + how + " before the server's next record"
                            : "The client sent its ChangeCipherSpec and Finished, so it accepted the server's "
                            + "certificate and parameters, then closed with " + how + " before the server's "
                            + "ChangeCipherSpec") + ": the client dropped the connection (a spare or raced browser "
                            + "connection, an application timeout), it did not reject the server.",
                    ev, "Nothing to fix on the server for this connection; if users see errors, look at the client's "
                            + "timeouts and whether other connections from it completed."));
            return;
        }
        List<Evidence> next = Diagnoser.lastEvidence(r, Texts.SERVER_NEXT_RECORD);
        if (a != null && a.likely() && !next.isEmpty()) {
            List<Evidence> evidence = new ArrayList<>(ev);
            evidence.addAll(next);
            boolean returned = next.get(0).what().contains(Texts.ALERT_SIZED);
            out.add(new Finding(Cause.CLIENT_ABANDONED_HANDSHAKE, Confidence.MEDIUM,
                    "The client sent its Finished, which a TLS 1.3 client does only once it has verified the server's "
                            + "certificate and Finished, then a lone record of alert size and a close; "
                            + (returned ? "the server answered with a record of alert size of its own (frame "
                            + next.get(0).frame() + "), as a server returns a close_notify and never answers a fatal "
                            + "alert (RFC 8446 section 6.1, 6.2)" : "the server's next record (frame "
                            + next.get(0).frame() + ") was no alert: it accepted the client's Finished")
                            + ". Most likely the client closed at once (a health check or probe that connects and "
                            + "leaves, an application that dropped the connection), not a rejection of the server.",
                    evidence, "Nothing to fix on the server for this connection. If the client reported an error, "
                            + "look at what it checks after the handshake (curl's name check, certificate pinning)."
                            + Diagnoser.keyLogHint(r)));
        }
        int before = out.size();
        boolean prompt = CertificatePrompt.diagnose(r, server, how, ev, out);
        insecureRenegotiation(r, d, how, ev, out);
        certificate(r, server, d, how, ev, out, prompt);
        version(r, d, how, ev, out);
        keyExchange(r, d, how, ev, out);
        if (d == ALERT_CERTIFICATE_REQUIRED || (d >= ALERT_BAD_CERTIFICATE && d <= ALERT_UNKNOWN_CA)) {
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, Confidence.HIGH,
                    "The client rejected the server's certificate (" + how + ").", ev, certificateAdvice(r, d)));
        }
        if (a != null && a.encrypted()) {
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, Confidence.LOW,
                    "The client ended the handshake with an encrypted alert after the server's encrypted flight; in "
                            + "TLS 1.3 this is most often the server's certificate, rejected.", ev,
                    "Read the client's error message, and check the server's certificate with `openssl s_client "
                            + "-connect " + r.server() + " -servername " + sni(r) + "`." + Diagnoser.keyLogHint(r)));
        }
        if (out.size() > before) {
            return;
        }
        out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_HELLO, Confidence.MEDIUM,
                "The client ended the handshake after the server's " + flight(r) + " with " + how
                        + ": the client rejected something in the server's answer, not the other way round.",
                ev, "Read the client's own error message or log for this connection (it names what it rejected: "
                        + "certificate, version, group, signature), then compare with the server's flight here."
                        + Diagnoser.keyLogHint(r)));
    }

    /**
     * TLS 1.2 and earlier: the ClientHello signals secure renegotiation (TLS_EMPTY_RENEGOTIATION_INFO_SCSV or the
     * renegotiation_info extension, RFC 5746 section 3.3) and the ServerHello carries no renegotiation_info, so the
     * server does not support it (section 3.4); clients that require it end the handshake there with
     * handshake_failure (RFC 5746 section 4.1; OpenSSL 3.0 and later by default: "unsafe legacy renegotiation
     * disabled"). Medium: other clients (Java, Go, NSS, Schannel) go on without it, and send handshake_failure for
     * other reasons (a small DH group, a signature scheme), which the findings after this one name.
     */
    private static void insecureRenegotiation(ConnectionRecord r, int alert, String how, List<Evidence> ev,
                                              List<Finding> out) {
        ClientHello ch = r.clientHello() == null ? null : r.clientHello().hello();
        if (ch == null || tls13(r) || r.serverHello() == null || alert != ALERT_HANDSHAKE_FAILURE
                || !(ch.cipherSuites().contains(EMPTY_RENEGOTIATION_INFO_SCSV)
                || ch.extensionTypes().contains(RENEGOTIATION_INFO))
                || r.serverHello().hello().extensionTypes().contains(RENEGOTIATION_INFO)) {
            return;
        }
        out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_HELLO, Confidence.MEDIUM,
                "The client signalled secure renegotiation (RFC 5746) and the ServerHello has no renegotiation_info "
                        + "extension: the server does not support it (RFC 5746 section 3.4), and the client ended the "
                        + "handshake with " + how + ", as clients that require it do (OpenSSL 3.0 and later: "
                        + "\"unsafe legacy renegotiation disabled\").",
                ev, "Update or reconfigure the server (or the load balancer that terminates TLS) to support RFC 5746 "
                        + "secure renegotiation; as a stopgap on an OpenSSL 3 client, Options = "
                        + "UnsafeLegacyServerConnect in openssl.cnf (s_client -legacy_server_connect)."));
    }

    /**
     * Whether the client went on with the handshake after the server's flight, which it does only after accepting
     * the certificate and the parameters. TLS 1.2 and earlier: its ChangeCipherSpec, or its first encrypted record
     * (RFC 5246 section 7.3). TLS 1.3: its first encrypted record after the server's, not of an alert's size (that
     * one is held as a likely alert, {@code a}), with no alert at all: the client's Certificate or Finished, sent
     * once the server's CertificateVerify and Finished are verified (RFC 8446 sections 4.4 and 4.4.4); its
     * ChangeCipherSpec is only for middlebox compatibility (appendix D.4) and says nothing.
     */
    private static boolean acceptedServerFlight(ConnectionRecord r, AlertInfo a) {
        return r.serverHello() != null && !(tls13(r) && a != null) && clientFlight(r) != null;
    }

    /** Whether the ServerHello chose TLS 1.3 (or one of its drafts), as the handshake's analysis took it. */
    private static boolean tls13(ConnectionRecord r) {
        return r.serverHello() != null && r.serverHello().hello().tls13();
    }

    /** "ServerHello, Certificate, ServerKeyExchange, ServerHelloDone" (at most five messages named). */
    private static String flight(ConnectionRecord r) {
        ServerFlight f = r.serverFlight();
        if (f == null || f.messages().isEmpty()) {
            return "ServerHello";
        }
        List<String> m = f.messages().subList(0, Math.min(5, f.messages().size()));
        return String.join(", ", m);
    }

    /**
     * The certificate the server sent in clear (TLS 1.2 and earlier) or decrypted, read for what a client rejects;
     * with {@code prompt} (the client closed on a CertificateRequest) its issuer and chain are not suspected.
     */
    private static void certificate(ConnectionRecord r, ServerEvidence server, int alert, String how,
                                    List<Evidence> ev, List<Finding> out, boolean prompt) {
        ServerFlight f = r.serverFlight();
        if (f == null || f.certificates().isEmpty()) {
            return;
        }
        largeChain(f, how, ev, out);
        if (aboutCertificate(alert) && explicitEcParameters(f, how, ev, out)
                || f.certificates().get(0).parseError() != null) {
            return;
        }
        KeyUsageCheck.diagnose(r, alert, how, ev, out);
        CertificateInfo leaf = f.certificates().get(0);
        String name = r.clientHello() == null || r.clientHello().hello() == null ? null
                : r.clientHello().hello().serverName();
        String other = otherIssuer(server, name, leaf.issuer(), r.client().ip());
        if (other != null || interceptor(leaf.issuer())) {
            out.add(new Finding(Cause.TLS_INTERCEPTION, Confidence.HIGH,
                    "The certificate for " + (name == null ? r.server().ip() : name) + " was issued by " + leaf.issuer()
                            + (other != null ? ", while other clients received one issued by " + other
                            : ", a TLS-intercepting product's CA") + ": a proxy on the path answered in the server's "
                            + "place, and the client (" + how + ") does not trust its CA.",
                    ev, "Install the interception proxy's CA in the client's trust store (managed devices), or "
                            + "exempt " + (name == null ? "this destination" : name) + " from TLS inspection."));
            return;
        }
        if (!aboutCertificate(alert)) {
            return; // the client named another reason: its alert is no certificate alert
        }
        long at = f.certificateTimeNanos();
        if (leaf.expiredAt(at) || leaf.notYetValidAt(at)) {
            boolean expired = leaf.expiredAt(at);
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, Confidence.HIGH,
                    "The server's certificate (" + leaf.subject() + ", issuer " + leaf.issuer() + ") was "
                            + (expired ? "expired (not after " + leaf.notAfter() : "not yet valid (not before "
                            + leaf.notBefore()) + ") at the capture time; the client ended the handshake with " + how
                            + ".",
                    ev, "Renew the server's certificate, or check the client's clock."));
        }
        Boolean matches = f.leafMatches(name);
        if (Boolean.FALSE.equals(matches)) {
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, Confidence.HIGH,
                    "The server's certificate does not name " + name + " (its names: " + String.join(", ",
                            leaf.sanDns().isEmpty() ? List.of(leaf.subject()) : leaf.sanDns()) + "); the client ended "
                            + "the handshake with " + how + ".",
                    ev, "Serve a certificate for " + name + " (check the server's SNI configuration), or have the "
                            + "client use a name the certificate carries."));
        }
        if (prompt) {
            return;
        }
        Integer sameChain = server.completedChains().get(ServerEvidence.chainKey(f));
        boolean incomplete = incompleteChain(f);
        boolean issuerAlert = alert == ALERT_UNKNOWN_CA || alert == ALERT_BAD_CERTIFICATE || alert == 46 || alert < 0;
        if (sameChain != null && issuerAlert) {
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, Confidence.LOW,
                    "The same certificate chain (" + leaf.subject() + ", issued by " + leaf.issuer() + "; "
                            + f.certificateCount() + " certificate" + (f.certificateCount() == 1 ? "" : "s")
                            + " sent) completed a handshake with this server in tcp.stream " + sameChain + ", so the "
                            + "chain is whole for that client; this client (" + how + ") may not trust its issuer, or "
                            + "rejected something else in the server's flight.",
                    ev, "Read this client's own error for the connection, and compare its trust store with that of "
                            + "the client that completed (tcp.stream " + sameChain + ")."));
        } else if (leaf.selfSigned() && f.certificates().size() == 1) {
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, Confidence.HIGH,
                    "The server sent a single self-signed certificate (" + leaf.subject() + "), which the client "
                            + "does not trust (" + how + ").",
                    ev, "Use a certificate from a CA the client trusts, or add this one to the client's trust store."));
        } else if (issuerAlert && incomplete && f.certificates().size() == 1) {
            // a leaf alone: its issuer is an intermediate the server left out, or a private CA that signs leaves
            // itself and the client does not trust; the capture cannot tell them apart (CA/Browser Forum Baseline
            // Requirements section 6.1.7: public roots do not sign server certificates directly); the client's
            // rejection is certain, which of the two fixes applies is not
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, alert < 0 ? Confidence.MEDIUM : Confidence.HIGH,
                    "The server sent only its own certificate (" + leaf.subject() + "), not the certificate that "
                            + "issued it (" + leaf.issuer() + "), and the client ended the handshake with " + how
                            + ": either that issuer is an intermediate the server leaves out (public CAs always issue "
                            + "through one), or it is a private CA the client does not trust.",
                    ev, "If " + leaf.issuer() + " is an intermediate, send the full chain from the server (its "
                            + "certificate followed by the intermediates, e.g. nginx ssl_certificate with the fullchain "
                            + "file); if it is your own CA, add it to the client's trust store."));
        } else if (issuerAlert) {
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, alert < 0 && !incomplete ? Confidence.MEDIUM
                    : Confidence.HIGH, incomplete
                    ? "The server sent its certificate (" + leaf.subject() + ") without the intermediate that issued "
                            + "it (" + leaf.issuer() + "): the client cannot build a path to a trusted root (" + how + ")."
                    : "The client does not trust the issuer of the server's certificate (" + leaf.subject()
                            + ", issued by " + leaf.issuer() + "; " + f.certificateCount() + " certificate"
                            + (f.certificateCount() == 1 ? "" : "s") + " sent) and ended the handshake with " + how + ".",
                    ev, incomplete ? "Send the full chain from the server (its certificate followed by the "
                            + "intermediates, e.g. nginx ssl_certificate with the fullchain file)."
                            : "Add the issuing CA (" + rootIssuer(f) + ") to the client's trust store, or use a "
                                    + "certificate from a CA the client already trusts."));
        }
    }

    /**
     * Whether the client's alert can be about the server's certificate: a certificate alert (bad_certificate 42 to
     * certificate_unknown 46, unknown_ca 48: RFC 5246 section 7.2.2, RFC 8446 section 6.2), or none that can be read
     * (-1: a close without an alert, an encrypted alert).
     */
    private static boolean aboutCertificate(int alert) {
        return alert < 0 || (alert >= ALERT_BAD_CERTIFICATE && alert <= ALERT_UNKNOWN_CA
                && alert != ALERT_ILLEGAL_PARAMETER);
    }

    /** A chain of 6 certificates or more, or of 16 KiB or more, which clients with smaller limits give up on. */
    private static void largeChain(ServerFlight f, String how, List<Evidence> ev, List<Finding> out) {
        long bytes = 0;
        for (CertificateInfo c : f.certificates()) {
            bytes += c.lengthBytes();
        }
        if (f.certificateCount() >= LARGE_CHAIN_CERTIFICATES || bytes >= LARGE_CHAIN_BYTES) {
            out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, Confidence.HIGH,
                    "The server sent a very large certificate chain (" + f.certificateCount() + " certificate"
                            + (f.certificateCount() == 1 ? "" : "s") + ", " + bytes + " bytes), and the client ended "
                            + "the handshake with " + how + " right after it: clients and middleboxes cap the "
                            + "certificate message (OpenSSL at 100 KiB, many at 16 KiB or 64 KiB).",
                    ev, "Send a normal-sized certificate, and only the leaf and its intermediates (not the root)."));
        }
    }

    /**
     * A certificate of the chain whose key has explicit elliptic-curve parameters: RFC 5480 section 2.1.1 forbids
     * them, clients refuse them (OpenSSL 3, Windows since CVE-2020-0601, Java), and a root spoofed with them is what
     * the CurveBall attack sends. Whether the chain is complete does not matter then.
     *
     * @return whether such a certificate was found (and its finding added)
     */
    private static boolean explicitEcParameters(ServerFlight f, String how, List<Evidence> ev, List<Finding> out) {
        for (int i = 0; i < f.certificates().size(); i++) {
            CertificateInfo c = f.certificates().get(i);
            if (c.parseError() != null && c.parseError().startsWith(CertificateInfo.EXPLICIT_EC_PARAMETERS)) {
                out.add(new Finding(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE, Confidence.HIGH,
                        "Certificate " + (i + 1) + " of the " + f.certificates().size() + " the server sent ("
                                + (c.subject() == null ? "subject unreadable" : c.subject()) + ") has a key with "
                                + "explicit elliptic-curve parameters, which RFC 5480 section 2.1.1 forbids and "
                                + "clients refuse: a CA certificate crafted to pass for a trusted root's (the "
                                + "CurveBall attack, CVE-2020-0601) or one made by a broken CA tool. The client ended "
                                + "the handshake with " + how + ".",
                        ev, "Reissue the chain with named curves (P-256, P-384); if the server is not yours, the "
                                + "client was right to refuse it: treat it as spoofing, not as a chain to fix."));
                return true;
            }
        }
        return false;
    }

    /** Whether no certificate sent issued the leaf (and the leaf is not self-signed). */
    static boolean incompleteChain(ServerFlight f) {
        CertificateInfo leaf = f.certificates().get(0);
        if (leaf.selfSigned() || leaf.issuer() == null || f.certificateCount() > f.certificates().size()) {
            return false;
        }
        for (CertificateInfo c : f.certificates().subList(1, f.certificates().size())) {
            if (leaf.issuer().equals(c.subject())) {
                return false;
            }
        }
        return true;
    }

    /** The issuer of the last certificate sent: the CA the client must trust. */
    private static String rootIssuer(ServerFlight f) {
        CertificateInfo last = f.certificates().get(f.certificates().size() - 1);
        return last.issuer() == null ? "its issuer" : last.issuer();
    }

    /** An issuer other clients (other addresses) received for the same name, when it differs from {@code issuer}. */
    private static String otherIssuer(ServerEvidence server, String name, String issuer, String client) {
        Map<String, Set<String>> byIssuer = name == null ? null : server.issuers().get(name);
        if (byIssuer == null || issuer == null) {
            return null;
        }
        for (Map.Entry<String, Set<String>> e : byIssuer.entrySet()) {
            if (!e.getKey().equals(issuer) && !(e.getValue().size() == 1 && e.getValue().contains(client))) {
                return e.getKey();
            }
        }
        return null;
    }

    private static boolean interceptor(String issuer) {
        if (issuer == null) {
            return false;
        }
        String i = issuer.toLowerCase(Locale.ROOT);
        for (String w : INTERCEPTORS) {
            if (i.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The server chose an old version that the client offers but refuses (TLS 1.0 and 1.1 are off by default). */
    private static void version(ConnectionRecord r, int alert, String how, List<Evidence> ev, List<Finding> out) {
        ServerHello sh = r.serverHello() == null ? null : r.serverHello().hello();
        ClientHello ch = r.clientHello() == null ? null : r.clientHello().hello();
        if (sh == null || ch == null) {
            return;
        }
        int chosen = sh.negotiatedVersion();
        List<Integer> offered = Diagnoser.offeredVersions(ch);
        int max = -1;
        for (int i = 0; i < offered.size(); i++) {
            int v = offered.get(i);
            if (i == 0 || Diagnoser.versionRank(v) > Diagnoser.versionRank(max)) {
                max = v;
            }
        }
        if (Diagnoser.versionRank(chosen) >= Diagnoser.versionRank(0x0303) || Diagnoser.versionRank(max)
                <= Diagnoser.versionRank(chosen)) {
            return;
        }
        boolean legacySignature = alert == ALERT_INTERNAL_ERROR && legacySignedKeyExchange(r);
        Confidence c = alert == ALERT_PROTOCOL_VERSION || alert == ALERT_INSUFFICIENT_SECURITY || alert < 0
                || alert == ALERT_HANDSHAKE_FAILURE || legacySignature ? Confidence.HIGH : Confidence.MEDIUM;
        out.add(new Finding(Cause.VERSION_MISMATCH, c,
                "The server chose " + TlsNames.version(chosen) + " although the client offers " + offered.size()
                        + " versions up to " + TlsNames.version(max) + ", and the client then ended the handshake with "
                        + how + ": it refuses " + TlsNames.version(chosen) + (legacySignature ? ". Its "
                        + "ServerKeyExchange carries the signature of TLS 1.0 and 1.1 (MD5 and SHA-1 for RSA, SHA-1 "
                        + "for ECDSA: RFC 4346 section 7.4.3), which RFC 8996 deprecates and which OpenSSL 3 refuses "
                        + "at its default security level with internal_error (\"legacy sigalg disallowed or "
                        + "unsupported\"), no certificate alert" : " (current TLS libraries disable "
                        + "TLS 1.0 and 1.1 by default, even where they still list them)") + ".",
                ev, "Enable TLS 1.2 (and TLS 1.3) on the server; only as a stopgap, allow "
                        + TlsNames.version(chosen) + " on the client (OpenSSL: MinProtocol and @SECLEVEL=0)."));
    }

    /**
     * Whether the server's flight has a signed ServerKeyExchange (ECDHE or DHE, not anonymous or PSK) under a version
     * before TLS 1.2, whose signature is the legacy MD5 and SHA-1 one (RFC 4346 section 7.4.3; RFC 8422 section 5.4).
     */
    private static boolean legacySignedKeyExchange(ConnectionRecord r) {
        ServerKeyExchange ske = r.serverFlight() == null ? null : r.serverFlight().keyExchange();
        if (ske == null || !("ECDHE".equals(ske.kind()) || "DHE".equals(ske.kind()))) {
            return false;
        }
        String suite = TlsNames.cipherSuite(r.serverHello().hello().cipherSuite());
        return !suite.contains("_anon_") && !suite.contains("PSK");
    }

    /** The server's group or signature algorithm, when the client did not offer it or it is too weak. */
    private static void keyExchange(ConnectionRecord r, int alert, String how, List<Evidence> ev, List<Finding> out) {
        ServerHello sh = r.serverHello() == null ? null : r.serverHello().hello();
        ClientHello ch = r.clientHello() == null ? null : r.clientHello().hello();
        ServerKeyExchange ske = r.serverFlight() == null ? null : r.serverFlight().keyExchange();
        if (sh == null || ch == null) {
            return;
        }
        List<String> why = new ArrayList<>();
        int group = sh.keyShareGroup() >= 0 ? sh.keyShareGroup() : ske != null ? ske.namedCurve() : -1;
        if (group >= 0 && !sh.helloRetryRequest() && !ch.supportedGroups().isEmpty()
                && !ch.supportedGroups().contains(group)) {
            why.add("the group " + TlsNames.group(group) + ", which the client did not offer");
        }
        if (ske != null && ske.dhPrimeBits() > 0 && ske.dhPrimeBits() < 2048) {
            why.add("a " + ske.dhPrimeBits() + "-bit DH group, which current clients refuse as too weak "
                    + "(Logjam; 2048 bits at least)");
        }
        if (ske != null && ske.signatureScheme() >= 0 && !ch.signatureAlgorithms().isEmpty()
                && !ch.signatureAlgorithms().contains(ske.signatureScheme())) {
            why.add("the signature algorithm " + TlsNames.signatureScheme(ske.signatureScheme())
                    + ", which the client did not offer");
        }
        if (why.isEmpty()) {
            return;
        }
        out.add(new Finding(Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM,
                alert == ALERT_ILLEGAL_PARAMETER || alert == ALERT_HANDSHAKE_FAILURE || alert
                        == ALERT_INSUFFICIENT_SECURITY || alert < 0 ? Confidence.HIGH : Confidence.MEDIUM,
                "The server picked " + String.join(" and ", why) + "; the client ended the handshake with " + how + ".",
                ev, "Configure the server's groups and signature algorithms to those the client offers (ECDHE with "
                        + "x25519 or secp256r1; DH groups of 2048 bits or more)."));
    }

    // ------------------------------------------------------------------ the server ended it

    private static void serverRejected(ConnectionRecord r, AlertInfo a, List<Evidence> ev, List<Finding> out) {
        ServerFlight f = r.serverFlight();
        if (f != null && f.certificateRequest() != null) {
            out.add(new Finding(Cause.CLIENT_CERTIFICATE_REQUIRED, Confidence.HIGH,
                    "The server asked for a client certificate (CertificateRequest) and ended the handshake after "
                            + "the client's answer.", ev, "Configure the client with a certificate the server "
                            + "trusts, or check that the one it sends is accepted (issuer, key usage, validity)."));
        }
        Finding sent = f != null && f.certificateRequest() != null ? null : ClientCertificateSent.finding(r, a, ev);
        if (sent != null) {
            out.add(sent);
        }
        if (a == null) {
            out.add(new Finding(Cause.SERVER_REJECTED_CLIENT_HELLO, Confidence.LOW,
                    "The connection was " + (r.closedBy() != null && "RST".equals(r.closedBy().how()) ? "reset"
                            : "closed") + " by the " + (r.closedBy() == null ? "peer" : r.closedBy().side().label())
                            + " after the ServerHello, without an alert.",
                    r.closedBy() == null ? ev : Diagnoser.closeEvidence(r),
                    "Look at the side that closed: its logs usually name the certificate or parameter it "
                            + "rejected." + Diagnoser.keyLogHint(r)));
            return;
        }
        if (a.encrypted() && f != null && f.resumed()) {
            out.add(ResumedAlert.finding(r, a, ev));
            return;
        }
        if (a.encrypted()) {
            List<Evidence> empty = Diagnoser.lastEvidence(r, EMPTY_CERTIFICATE);
            if (!empty.isEmpty()) {
                List<Evidence> withEmpty = new ArrayList<>(ev);
                withEmpty.addAll(empty);
                withEmpty.sort(Comparator.comparingLong(Evidence::frame));
                out.add(new Finding(Cause.CLIENT_CERTIFICATE_REQUIRED, Confidence.HIGH,
                        "The client's first encrypted record had the size of an empty Certificate (the server asked "
                                + "for a client certificate and the client sent none), and the server answered with "
                                + "an encrypted alert.",
                        withEmpty, "Configure the client with a certificate the server trusts."));
                return;
            }
            out.add(new Finding(Cause.CLIENT_CERTIFICATE_REQUIRED, Confidence.LOW,
                    "The server sent an encrypted alert after the client's flight; in TLS 1.3 this is most often a "
                            + "missing or rejected client certificate.",
                    ev, "Check the server's log for this connection, and whether it requires a client certificate."
                            + Diagnoser.keyLogHint(r)));
            return;
        }
        int d = a.description();
        if (d == ALERT_CERTIFICATE_REQUIRED || (d >= ALERT_BAD_CERTIFICATE && d <= ALERT_UNKNOWN_CA)) {
            out.add(new Finding(Cause.CLIENT_CERTIFICATE_REQUIRED, Confidence.HIGH,
                    "The server rejected the client's certificate, or its absence (alert " + d + " "
                            + TlsNames.alert(d) + ").", ev,
                    d == ALERT_UNKNOWN_CA ? "Have the client send a certificate from a CA the server trusts (and its "
                            + "intermediates), or add that CA to the server's client-CA list."
                            : d == ALERT_CERTIFICATE_EXPIRED ? "Renew the client's certificate."
                            : "Configure the client with a certificate the server trusts."));
        } else if (out.stream().noneMatch(x -> x.cause() == Cause.CLIENT_CERTIFICATE_REQUIRED)) {
            out.add(new Finding(Cause.SERVER_REJECTED_CLIENT_HELLO, Confidence.MEDIUM,
                    "The server ended the handshake after the ServerHello with alert " + d + " " + TlsNames.alert(d)
                            + ".", ev, "Check the server's logs for why it sent this alert."));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The next step for a client's certificate alert: what alert 45 and 48 name (RFC 8446 section 6.2). */
    private static String certificateAdvice(ConnectionRecord r, int alert) {
        String sClient = "`openssl s_client -connect " + r.server() + " -servername " + sni(r) + " -showcerts`";
        return switch (alert) {
            case ALERT_CERTIFICATE_EXPIRED -> "Check the server's certificate dates (notBefore, notAfter) with "
                    + sClient + ", and the client's clock.";
            case ALERT_UNKNOWN_CA -> "Check the issuer of the server's certificate against the client's trust store, "
                    + "whether the server sends its intermediates (a missing intermediate), and whether a proxy "
                    + "intercepts TLS on the path: run " + sClient + " from the failing client's host.";
            default -> "Check the server's certificate with " + sClient + ": its issuer against the client's trust "
                    + "store, its dates and its names.";
        };
    }

    private static String sni(ConnectionRecord r) {
        ClientHello ch = r.clientHello() == null ? null : r.clientHello().hello();
        return ch == null || ch.serverName() == null ? r.server().ip() : ch.serverName();
    }

    /** The ClientHello, ServerHello and alert (or close) evidence lines. */
    private static List<Evidence> evidence(ConnectionRecord r, AlertInfo a) {
        List<Evidence> ev = new ArrayList<>(Diagnoser.lastEvidence(r, "ClientHello"));
        if (r.serverHello() != null) {
            ev.addAll(Diagnoser.evidenceAt(r, r.serverHello().frame(), "ServerHello"));
        }
        if (a != null) {
            ev.addAll(Diagnoser.alertEvidence(r, a));
        } else if (r.closedBy() != null) {
            ev.addAll(Diagnoser.closeEvidence(r));
        }
        return ev;
    }
}
