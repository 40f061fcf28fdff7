package io.hellocheck.report;

import io.hellocheck.CaptureResult;
import io.hellocheck.analysis.CipherOverlap;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.HelloInfo;
import io.hellocheck.analysis.ServerPreamble;
import io.hellocheck.analysis.ServerRecord;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tls.ClientHello;
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
 * routed), IPv6 addresses {@code 2001:db8::1}, ... (the documentation prefix), ports {@code 1}, {@code 2},
 * ..., server names {@code server-1.invalid}, ... The same real value always gets the same pseudonym,
 * numbered in order of first appearance: reports of the same inputs are identical whatever the number of
 * threads, and nothing is derived from the real values (no hash to reverse).
 *
 * <p>Free text is cleaned too: the evidence lines and the outcome reason of a record have its addresses,
 * ports ("port 8443") and server names replaced, and bytes a server sent in clear (banners, non-TLS
 * answers) are left out. Capture file names are kept. Not thread-safe: one per report.
 */
public final class Redactor {
    private static final Pattern PORT_IN_TEXT = Pattern.compile("\\bport (\\d{1,5})\\b");
    private static final Pattern SERVER_BYTES = Pattern.compile(
            "^(server answered with non-TLS bytes \\([^)]*\\)|server sent .* bytes before any ClientHello): .*$",
            Pattern.DOTALL);

    private final Map<String, String> ips = new HashMap<>();
    private final Map<Integer, Integer> ports = new HashMap<>();
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

    /** The pseudonym of a port. */
    public int port(int port) {
        return ports.computeIfAbsent(port, k -> ports.size() + 1);
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
     * A connection record with its addresses, ports, server names and clear-text server bytes replaced. The
     * server's certificates and the client's preamble (PROXY addresses, CONNECT targets) are left out.
     */
    public ConnectionRecord redact(ConnectionRecord r) {
        Map<String, String> replace = new LinkedHashMap<>();
        Endpoint client = endpoint(r.client());
        Endpoint server = endpoint(r.server());
        replace.put(r.client().toString(), client.toString());
        replace.put(r.server().toString(), server.toString());
        replace.put(r.client().ip(), client.ip());
        replace.put(r.server().ip(), server.ip());
        Map<Integer, Integer> portMap = Map.of(r.client().port(), client.port(), r.server().port(), server.port());
        HelloInfo hello = hello(r.clientHello(), replace);
        HelloInfo retry = hello(r.retryClientHello(), replace);
        List<Evidence> evidence = new ArrayList<>(r.evidence().size());
        for (Evidence e : r.evidence()) {
            evidence.add(new Evidence(e.frame(), e.timeNanos(), text(e.what(), replace, portMap)));
        }
        ServerPreamble preamble = r.serverPreamble() == null ? null
                : new ServerPreamble(r.serverPreamble().protocol(), "(redacted)");
        CipherOverlap overlap = r.cipherOverlap();
        return new ConnectionRecord(r.capture(), r.tcpStream(), client, server, r.startTimeNanos(), r.timeDigits(),
                r.outcome(), text(r.outcomeReason(), replace, portMap), hello, retry, r.serverHello(),
                r.helloRetryRequest(), r.serverReactionNanos(), r.alert(), r.alerts(), r.closedBy(), evidence,
                overlap, preamble, r.partial(), r.clientMissedBytes(), r.serverMissedBytes(), r.rttNanos(), r.tcp(),
                findings(r.diagnosis(), replace, portMap), null, null);
    }

    private List<Finding> findings(List<Finding> in, Map<String, String> replace, Map<Integer, Integer> portMap) {
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
        ClientHello redacted = new ClientHello(c.legacyVersion(), c.random(), c.sessionId(), c.cipherSuites(),
                c.compressionMethods(), c.extensionTypes(), pseudonym, c.supportedVersions(), c.supportedGroups(),
                c.keyShareGroups(), c.keyShareLengths(), c.signatureAlgorithms(), c.alpn(), c.ecPointFormats(),
                c.anomalies());
        return new HelloInfo(h.frame(), h.frames(), h.timeNanos(), h.lastFrame(), h.lastTimeNanos(), h.lengthBytes(),
                redacted, h.decodeError());
    }

    private static String text(String s, Map<String, String> replace, Map<Integer, Integer> ports) {
        if (s == null) {
            return null;
        }
        Matcher bytes = SERVER_BYTES.matcher(s);
        if (bytes.matches()) {
            s = bytes.group(1) + ": (redacted)";
        }
        for (Map.Entry<String, String> e : replace.entrySet()) {
            s = replaceToken(s, e.getKey(), e.getValue());
        }
        Matcher m = PORT_IN_TEXT.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Integer p = ports.get(Integer.parseInt(m.group(1)));
            m.appendReplacement(sb, p == null ? m.group() : "port " + p);
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
                s.failedWithoutCommonSuite(), s.causes(), s.differences(), bySni(s.acceptedByServerName()),
                s.retries().stream().map(r -> new ServerRecord.Retry(r.failedStream(), r.failedOutcome(),
                        r.completedStream(), r.afterNanos(), r.differences().stream()
                        .map(d -> d.startsWith("SNI") ? "SNI changed" : d).toList())).toList());
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
                    t.outcomes(), t.topCauses(), t.serverNames().stream().map(this::serverName).toList()));
        }
        return new BatchSummary(s.captures(), s.errors(), s.warnings(), s.skippedFiles(), s.frames(), s.bytes(),
                s.tcpConnections(), s.connectionRecords(), s.failedHandshakes(), s.outcomes(), servers,
                s.serversNotListed(), s.clientKeyKind(), s.clients(), s.clientsNotListed(),
                s.recordsWithoutClientHello(), s.errorList(), s.errorsNotListed(), s.capturesWithErrors());
    }
}
