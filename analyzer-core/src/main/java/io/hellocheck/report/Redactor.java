package io.hellocheck.report;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.analysis.AnalysisOptions;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.DecryptedHandshake;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.HelloInfo;
import io.hellocheck.analysis.ServerPreamble;
import io.hellocheck.analysis.ServerFlight;
import io.hellocheck.analysis.ServerRecord;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tls.CertificateInfo;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.Preamble;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces addresses, ports and server names (SNI) by pseudonyms, so that a report can be handed to a
 * vendor: IPv4 addresses become {@code 240.0.0.1}, {@code 240.0.0.2}, ... (a reserved block, never
 * routed), IPv6 addresses {@code 2001:db8::1}, ... (the documentation prefix), ports {@code 1025}, {@code 1026},
 * ... (ports under 1024 and the well-known TLS ports identify nothing and are kept), server names {@code server-1.invalid}, ... The same real value always gets the same pseudonym,
 * numbered in order of first appearance: reports of the same inputs are identical whatever the number of
 * threads, and nothing is derived from the real values (no hash to reverse).
 *
 * <p>The server's certificates keep every fact but their names: subject and issuer become
 * {@code CN=<pseudonym>}, subjectAltName entries pseudonyms, serial and SHA-256 are left out; whether the leaf
 * is for the SNI is judged on the real names. A client preamble keeps its facts with its PROXY addresses and
 * CONNECT target replaced and the server's reply left out.
 *
 * <p>Free text is cleaned too: the evidence lines and the outcome reason of a record have its addresses,
 * ports ("port 8443"), server names and certificate names replaced, and bytes a server sent in clear
 * (banners, non-TLS answers) are left out. Capture file names are kept. Every other field is kept as it is
 * ({@code RedactionKeepsFactsTest} compares every record of the samples). Not thread-safe: one per report.
 */
public final class Redactor {
    private static final Pattern PORT_IN_TEXT = Pattern.compile("\\b([Pp]ort) (\\d{1,5})\\b");
    private static final Pattern FIRST_FRAME = Pattern.compile("frame\\.number >= (\\d+)$");
    private static final Pattern SERVER_BYTES = Pattern.compile(
            "^(server answered with non-TLS bytes \\([^)]*\\)|server sent .* bytes before any ClientHello): .*$",
            Pattern.DOTALL);

    private final Map<String, String> ips = new HashMap<>();
    private final Map<Integer, Integer> ports = new HashMap<>();
    private int nextPort = 1025;
    private final Map<String, String> names = new HashMap<>();
    private int v4;
    private int v6;

    /** The pseudonym of an address. */
    public String ip(String ip) {
        return ips.computeIfAbsent(ip, k -> k.indexOf(':') >= 0 ? ipv6(++v6) : ipv4(++v4));
    }

    private static String ipv4(int n) {
        long a = (240L << 24) + n;
        return ((a >> 24) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >> 8) & 0xff) + "." + (a & 0xff);
    }

    private static String ipv6(int n) {
        int hi = n >>> 16;
        int lo = n & 0xffff;
        return "2001:db8::" + (hi == 0 ? Integer.toHexString(lo) : Integer.toHexString(hi) + ":" + Integer.toHexString(lo));
    }

    /**
     * The pseudonym of a port: a port under 1024 or in the list of well-known TLS ports
     * ({@link AnalysisOptions#WELL_KNOWN_TLS_PORTS}) identifies nothing and is kept; any other gets 1025, 1026,
     * ... in order of first appearance, skipping the kept TLS ports.
     */
    public int port(int port) {
        if (kept(port)) {
            return port;
        }
        Integer p = ports.get(port);
        if (p == null) {
            p = nextPort;
            do {
                nextPort++;
            } while (kept(nextPort));
            ports.put(port, p);
        }
        return p;
    }

    private static boolean kept(int port) {
        return port < 1024 || AnalysisOptions.WELL_KNOWN_TLS_PORTS.contains(port);
    }

    /** The pseudonym of a server name (case-insensitive), or null for null. */
    public String serverName(String name) {
        if (name == null) {
            return null;
        }
        return names.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> "server-" + (names.size() + 1) + ".invalid");
    }

    /** The pseudonym of an endpoint. */
    public Endpoint endpoint(Endpoint e) {
        return new Endpoint(ip(e.ip()), port(e.port()));
    }

    /**
     * A connection record with its identifying values replaced: addresses, ports, server names, the names in
     * the server's certificates (subject and issuer become {@code CN=<pseudonym>}, subjectAltName entries
     * pseudonyms, serial and SHA-256 are left out), the client's preamble's addresses, target and the server's
     * reply, and clear-text server bytes. Every other fact is kept as it is: the record is rebuilt with its
     * canonical constructor and the components' own {@code with...} methods, so that a field added later is
     * carried over rather than dropped.
     */
    public ConnectionRecord redact(ConnectionRecord r) {
        Map<String, String> replace = new HashMap<>();
        Map<Integer, Integer> portMap = new HashMap<>();
        Endpoint client = endpoint(r.client(), replace, portMap);
        Endpoint server = endpoint(r.server(), replace, portMap);
        HelloInfo hello = hello(r.clientHello(), replace);
        HelloInfo retry = hello(r.retryClientHello(), replace);
        ServerFlight flight = flight(r.serverFlight(), r.clientHello(), replace);
        DecryptedHandshake decryption = decryption(r.decryption(), replace);
        Preamble preamble = preamble(r.preamble(), replace, portMap);
        List<Map.Entry<String, String>> order = longestFirst(replace);
        List<Evidence> evidence = new ArrayList<>(r.evidence().size());
        for (Evidence e : r.evidence()) {
            evidence.add(new Evidence(e.frame(), e.timeNanos(), text(e.what(), order, portMap)));
        }
        ServerPreamble serverPreamble = r.serverPreamble() == null ? null
                : new ServerPreamble(r.serverPreamble().protocol(), "(redacted)");
        return new ConnectionRecord(r.capture(), r.tcpStream(), client, server, r.startTimeNanos(), r.timeDigits(),
                r.outcome(), text(r.outcomeReason(), order, portMap), hello, retry, r.serverHello(),
                r.helloRetryRequest(), r.serverReactionNanos(), r.alert(), r.alerts(), r.closedBy(), evidence,
                r.cipherOverlap(), serverPreamble, r.partial(), r.clientMissedBytes(), r.serverMissedBytes(),
                r.rttNanos(), r.tcp(), findings(r.diagnosis(), order, portMap), flight, preamble,
                wiresharkFilter(r, client, server), r.clientWaitNanos(), r.udp(),
                decryption, r.alertsLeftOut());
    }

    /** The decrypted facts with the client's certificates' names replaced as the server's are. */
    private DecryptedHandshake decryption(DecryptedHandshake d, Map<String, String> replace) {
        if (d == null || d.clientCertificates() == null || d.clientCertificates().isEmpty()) {
            return d;
        }
        List<CertificateInfo> certs = new ArrayList<>(d.clientCertificates().size());
        for (CertificateInfo c : d.clientCertificates()) {
            certs.add(certificate(c, replace));
        }
        return new DecryptedHandshake(d.problem(), d.clientMessages(), d.serverMessages(), d.alpn(),
                d.serverNameAcknowledged(), certs, d.clientCertificateCount(), d.clientCertificateVerify(),
                d.serverCertificateVerify(), d.clientFinishedFrame(), d.serverFinishedFrame(), d.keyUpdates(),
                d.recordsDecrypted(), d.recordsNotDecrypted());
    }

    /** {@code tcp.stream eq N} as it is; a filter by addresses and ports with the pseudonyms. */
    private static String wiresharkFilter(ConnectionRecord r, Endpoint client, Endpoint server) {
        Matcher m = FIRST_FRAME.matcher(r.wiresharkFilter());
        if (!m.find()) {
            return r.wiresharkFilter();
        }
        String tuple = ConnectionRecord.tupleFilter(client, server, Long.parseLong(m.group(1)));
        return r.udp() == null ? tuple : tuple.replace("tcp.port", "udp.port");
    }

    /**
     * The replacements for free text, longest first (then in text order, for a stable result): a certificate's
     * DN before the name it contains, "10.0.0.1:443" before "10.0.0.1".
     */
    private static List<Map.Entry<String, String>> longestFirst(Map<String, String> replace) {
        List<Map.Entry<String, String>> order = new ArrayList<>(replace.entrySet());
        order.sort((x, y) -> x.getKey().length() != y.getKey().length() ? y.getKey().length() - x.getKey().length()
                : x.getKey().compareTo(y.getKey()));
        return order;
    }

    /** The pseudonym of an endpoint, noting its address, "ip:port" and port for the free text. */
    private Endpoint endpoint(Endpoint e, Map<String, String> replace, Map<Integer, Integer> portMap) {
        if (e == null) {
            return null;
        }
        Endpoint p = endpoint(e);
        replace.put(e.toString(), p.toString());
        replace.put(e.ip(), p.ip());
        portMap.put(e.port(), p.port());
        return p;
    }

    private List<Finding> findings(List<Finding> in, List<Map.Entry<String, String>> replace,
                                   Map<Integer, Integer> portMap) {
        List<Finding> out = new ArrayList<>(in.size());
        for (Finding f : in) {
            List<Evidence> ev = new ArrayList<>(f.evidence().size());
            for (Evidence e : f.evidence()) {
                ev.add(new Evidence(e.frame(), e.timeNanos(), text(e.what(), replace, portMap)));
            }
            out.add(new Finding(f.cause(), f.confidence(), text(f.explanation(), replace, portMap), ev,
                    text(f.nextStep(), replace, portMap)));
        }
        return out;
    }

    private HelloInfo hello(HelloInfo h, Map<String, String> replace) {
        if (h == null || h.hello() == null || h.hello().serverName() == null) {
            return h;
        }
        ClientHello c = h.hello();
        String pseudonym = serverName(c.serverName());
        replace.put(c.serverName(), pseudonym);
        return new HelloInfo(h.frame(), h.frames(), h.timeNanos(), h.lastFrame(), h.lastTimeNanos(), h.lengthBytes(),
                c.withServerName(pseudonym), h.decodeError());
    }

    /**
     * The server's flight with its certificates' names replaced; whether the leaf is for the server name is
     * judged on the real names first, since pseudonyms no longer match by RFC 6125's rules.
     */
    private ServerFlight flight(ServerFlight f, HelloInfo hello, Map<String, String> replace) {
        if (f == null || f.certificates().isEmpty()) {
            return f;
        }
        String sni = hello == null || hello.hello() == null ? null : hello.hello().serverName();
        Boolean match = f.leafMatchesSni(sni);
        List<CertificateInfo> certs = new ArrayList<>(f.certificates().size());
        for (CertificateInfo c : f.certificates()) {
            certs.add(certificate(c, replace));
        }
        return f.withCertificates(certs, match);
    }

    /**
     * A certificate with its subject and issuer replaced by {@code CN=<pseudonym>} (other attributes, such as
     * the organisation, are dropped), its subjectAltName entries by pseudonyms (a wildcard keeps its
     * {@code *.}), and its serial and SHA-256 left out (either finds the certificate, and its names, in
     * Certificate Transparency logs). Key, validity, signature algorithm and flags are kept.
     */
    private CertificateInfo certificate(CertificateInfo c, Map<String, String> replace) {
        String subject = dn(c.subject(), replace);
        String issuer = dn(c.issuer(), replace);
        List<String> dns = new ArrayList<>(c.sanDns().size());
        for (String n : c.sanDns()) {
            String p = n.startsWith("*.") && n.length() > 2 ? "*." + serverName(n.substring(2)) : serverName(n);
            replace.put(n, p);
            dns.add(p);
        }
        List<String> ips = new ArrayList<>(c.sanIp().size());
        for (String a : c.sanIp()) {
            String p = ip(a);
            replace.put(a, p);
            ips.add(p);
        }
        return new CertificateInfo(c.lengthBytes(), null, subject, issuer, null, c.notBefore(), c.notAfter(), dns,
                ips, c.keyType(), c.keyBits(), c.signatureAlgorithm(), c.selfSigned(), c.ca(), c.parseError(),
                c.keyUsage());
    }

    /** {@code CN=<pseudonym of the most specific CN>}, or of the whole name when it has no CN; null for null. */
    private String dn(String dn, Map<String, String> replace) {
        if (dn == null) {
            return null;
        }
        String cn = null;
        try {
            javax.naming.ldap.LdapName name = new javax.naming.ldap.LdapName(dn);
            for (int i = name.size() - 1; i >= 0 && cn == null; i--) {
                javax.naming.ldap.Rdn rdn = name.getRdns().get(i);
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException | RuntimeException e) {
            cn = null;
        }
        String p = "CN=" + serverName(cn == null ? dn : cn);
        replace.put(dn, p);
        if (cn != null && !cn.isEmpty()) {
            replace.put(cn, serverName(cn));
        }
        return p;
    }

    /**
     * The client's preamble with its identifying values replaced: the PROXY header's addresses, the CONNECT
     * target (host and port), the server's reply (a banner) left out, and the client's command cleaned like
     * free text; protocol, frames, lengths, status code and whether TLS followed are kept.
     */
    private Preamble preamble(Preamble p, Map<String, String> replace, Map<Integer, Integer> portMap) {
        if (p == null) {
            return null;
        }
        Endpoint source = endpoint(p.proxiedSource(), replace, portMap);
        Endpoint destination = endpoint(p.proxiedDestination(), replace, portMap);
        String target = target(p.target(), replace, portMap);
        List<Map.Entry<String, String>> order = longestFirst(replace);
        return new Preamble(p.protocol(), p.frames(), p.clientBytes(), text(p.clientCommand(), order, portMap),
                p.serverReply() == null ? null : "(redacted)", p.statusCode(), target, source, destination,
                p.tlsStarted(), p.refusalCode(), p.continuedWithoutTlsFrame());
    }

    /** "host:port", "[v6]:port", "host" with its host and port replaced. */
    private String target(String t, Map<String, String> replace, Map<Integer, Integer> portMap) {
        if (t == null) {
            return null;
        }
        String host = t;
        String port = null;
        int colon = t.lastIndexOf(':');
        if (colon > 0 && (t.startsWith("[") ? t.charAt(colon - 1) == ']' : t.indexOf(':') == colon)
                && t.substring(colon + 1).matches("\\d{1,5}")) {
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
        String bare = bracketed ? host.substring(1, host.length() - 1) : host;
        String p = bare.indexOf(':') >= 0 || bare.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? ip(bare) : serverName(bare);
        replace.put(bare, p);
        String out = bracketed ? "[" + p + "]" : p;
        if (port != null) {
            int real = Integer.parseInt(port);
            int pseudo = port(real);
            portMap.put(real, pseudo);
            out += ":" + pseudo;
        }
        replace.put(t, out);
        return out;
    }

    private static String text(String s, List<Map.Entry<String, String>> replace, Map<Integer, Integer> ports) {
        if (s == null) {
            return null;
        }
        Matcher bytes = SERVER_BYTES.matcher(s);
        if (bytes.matches()) {
            s = bytes.group(1) + ": (redacted)";
        }
        for (Map.Entry<String, String> e : replace) {
            s = replaceToken(s, e.getKey(), e.getValue());
        }
        Matcher m = PORT_IN_TEXT.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Integer p = ports.get(Integer.parseInt(m.group(2)));
            m.appendReplacement(sb, p == null ? m.group() : m.group(1) + " " + p);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Replaces {@code token} where it is not part of a longer name or address. */
    private static String replaceToken(String s, String token, String by) {
        if (token.isEmpty()) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        int at;
        while ((at = s.indexOf(token, from)) >= 0) {
            int end = at + token.length();
            boolean before = at == 0 || !isNameChar(s.charAt(at - 1));
            boolean after = end == s.length() || !isNameChar(s.charAt(end))
                    || (s.charAt(end) == '.' && (end + 1 == s.length() || !isNameChar(s.charAt(end + 1))));
            sb.append(s, from, at).append(before && after ? by : token);
            from = end;
        }
        return sb.append(s.substring(from)).toString();
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':' || c == '_';
    }

    /** A server record with its endpoint and server names replaced. */
    public ServerRecord redact(ServerRecord s) {
        return new ServerRecord(endpoint(s.server()), s.connections(), s.completed(), s.failed(), s.outcomes(),
                s.acceptedCipherSuites(), s.negotiatedVersions(), s.serverNames().stream().map(this::serverName).toList(),
                s.failedWithoutCommonSuite(), s.causes(), s.differences().stream().map(this::nameDifference).toList(),
                bySni(s.acceptedByServerName()),
                s.retries().stream().map(r -> new ServerRecord.Retry(r.failedStream(), r.failedOutcome(),
                        r.completedStream(), r.afterNanos(), r.differences().stream()
                        .map(this::sniDifference).toList(), r.otherClientJa4())).toList());
    }

    /** A difference "asks for server name NAME" with the name replaced in its factor and finding; others as they are. */
    private ServerRecord.Difference nameDifference(ServerRecord.Difference d) {
        if (!d.factor().startsWith(ServerRecord.SERVER_NAME_FACTOR)) {
            return d;
        }
        String name = d.factor().substring(ServerRecord.SERVER_NAME_FACTOR.length());
        String pseudonym = serverName(name);
        return new ServerRecord.Difference(ServerRecord.SERVER_NAME_FACTOR + pseudonym, d.failedWith(),
                d.completedWith(), d.failedWithout(), d.completedWithout(),
                d.finding() == null ? null : replaceToken(d.finding(), name, pseudonym));
    }

    /** "SNI a -> b", "SNI a added" with the names replaced; "SNI changed" when a name makes it ambiguous. */
    private String sniDifference(String d) {
        if (!d.startsWith("SNI ") || d.equals("SNI removed")) {
            return d;
        }
        String rest = d.substring(4);
        if (rest.endsWith(" added") && !rest.contains(" -> ")) {
            return "SNI " + serverName(rest.substring(0, rest.length() - 6)) + " added";
        }
        String[] names = rest.split(" -> ", -1);
        return names.length == 2 ? "SNI " + serverName(names[0]) + " -> " + serverName(names[1]) : "SNI changed";
    }

    private Map<String, List<Integer>> bySni(Map<String, List<Integer>> in) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(serverName(k), v));
        return out;
    }

    /** A capture's result with its records and server records replaced. */
    public CaptureResult redact(CaptureResult r) {
        return new CaptureResult(r.connections().stream().map(this::redact).toList(),
                r.servers().stream().map(this::redact).toList(), r.summary(), r.warnings());
    }

    /** A batch summary with its servers' endpoints and names replaced. */
    public BatchSummary redact(BatchSummary s) {
        List<BatchSummary.ServerTotals> servers = new ArrayList<>();
        for (BatchSummary.ServerTotals t : s.servers()) {
            servers.add(new BatchSummary.ServerTotals(endpoint(t.server()), t.connections(), t.completed(), t.failed(),
                    t.outcomes(), t.topCauses(), t.serverNames().stream().map(this::serverName).toList(),
                    t.topDiagnoses()));
        }
        return new BatchSummary(s.captures(), s.errors(), s.warnings(), s.skippedFiles(), s.frames(), s.bytes(),
                s.tcpConnections(), s.connectionRecords(), s.failedHandshakes(), s.outcomes(), servers,
                s.serversNotListed(), s.clientKeyKind(), s.clients(), s.clientsNotListed(),
                s.recordsWithoutClientHello(), s.errorList(), s.errorsNotListed(), s.capturesWithErrors(),
                s.completedWithFindings());
    }
}
