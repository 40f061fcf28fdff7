package io.hellocheck.spark;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.analysis.ServerRecord;
import io.hellocheck.report.JsonRecords;
import io.hellocheck.report.Times;
import io.hellocheck.tls.TlsNames;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What can be pooled of the core's {@link ServerRecord}s of one server (address and port) over several
 * captures: every count is a sum over the captures, every set a union. Combined with {@link #plus} in any
 * order and grouping with the same result (a commutative, associative merge for Spark's reduceByKey), so the
 * sets are kept sorted (cipher suites and versions by code point, names alphabetically), not in the order
 * first seen as in one capture's record. Bounded as the core's record is: at most {@value #MAX_NAMES} server
 * names and names in {@code accepted_cipher_suites_by_server_name}, at most {@value #MAX_RETRIES} retries
 * (the first by capture and tcp.stream).
 *
 * <p>Differences: the counts of each factor (ClientHello property) are summed. For the ClientHello properties
 * this is exact. For "offers a cipher suite this server chose in a completed handshake", each capture compared
 * with the suites chosen in that capture. For "client JA4 ...", a capture lists only its 3 JA4 fingerprints with
 * the most failures, so the sums cover the captures that listed it. The one-sentence {@code finding} of a
 * capture's difference is not pooled (it depends on the counts); pooled differences have none.
 */
final class ServerPartial implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int MAX_NAMES = 32;
    static final int MAX_RETRIES = 32;

    final String ip;
    final int port;
    private long captures;
    private long connections;
    private long completed;
    private long failed;
    private final long[] outcomes = new long[Outcome.values().length];
    private final TreeSet<Integer> acceptedSuites = new TreeSet<>();
    private final TreeSet<Integer> versions = new TreeSet<>();
    private final TreeSet<String> serverNames = new TreeSet<>();
    private long failedWithoutCommonSuite;
    private final TreeMap<String, TreeSet<Integer>> acceptedByServerName = new TreeMap<>();
    private final TreeMap<String, Long> causes = new TreeMap<>();
    /** Per factor: failed with, completed with, failed without, completed without. */
    private final TreeMap<String, long[]> differences = new TreeMap<>();
    private final TreeSet<Retry> retries = new TreeSet<>();

    /** A failed handshake followed by a completed one, in its capture. */
    record Retry(String capture, int failedStream, String failedOutcome, int completedStream, double afterMs,
                 List<String> differences) implements Serializable, Comparable<Retry> {
        private static final Comparator<Retry> ORDER = Comparator.comparing(Retry::capture)
                .thenComparingInt(Retry::failedStream).thenComparingInt(Retry::completedStream);

        @Override
        public int compareTo(Retry o) {
            return ORDER.compare(this, o);
        }
    }

    private ServerPartial(String ip, int port) {
        this.ip = ip;
        this.port = port;
    }

    /** The key servers are pooled by: "ip port" (an IPv6 address has colons). */
    String key() {
        return ip + " " + port;
    }

    /** One capture's record of a server. */
    static ServerPartial of(String capture, ServerRecord s) {
        ServerPartial p = new ServerPartial(s.server().ip(), s.server().port());
        p.captures = 1;
        p.connections = s.connections();
        p.completed = s.completed();
        p.failed = s.failed();
        s.outcomes().forEach((k, n) -> p.outcomes[k.ordinal()] += n);
        p.acceptedSuites.addAll(s.acceptedCipherSuites());
        p.versions.addAll(s.negotiatedVersions());
        addBounded(p.serverNames, s.serverNames());
        p.failedWithoutCommonSuite = s.failedWithoutCommonSuite();
        s.acceptedByServerName().forEach((name, suites) -> p.acceptedByServerName.put(name, new TreeSet<>(suites)));
        trimNames(p.acceptedByServerName);
        s.causes().forEach((k, n) -> p.causes.merge(k.id(), (long) n, Long::sum));
        for (ServerRecord.Difference d : s.differences()) {
            p.differences.put(d.factor(), new long[] {d.failedWith(), d.completedWith(), d.failedWithout(),
                d.completedWithout()});
        }
        for (ServerRecord.Retry r : s.retries()) {
            p.retries.add(new Retry(capture, r.failedStream(), r.failedOutcome().name(), r.completedStream(),
                    Times.millis(r.afterNanos()), List.copyOf(r.differences())));
        }
        trimRetries(p.retries);
        return p;
    }

    private static void addBounded(TreeSet<String> to, Iterable<String> from) {
        for (String s : from) {
            to.add(s);
        }
        while (to.size() > MAX_NAMES) {
            to.pollLast();
        }
    }

    private static void trimNames(TreeMap<String, ?> m) {
        while (m.size() > MAX_NAMES) {
            m.pollLastEntry();
        }
    }

    private static void trimRetries(TreeSet<Retry> r) {
        while (r.size() > MAX_RETRIES) {
            r.pollLast();
        }
    }

    /** Both pooled (a new object; neither is changed). */
    ServerPartial plus(ServerPartial o) {
        ServerPartial p = new ServerPartial(ip, port);
        for (ServerPartial x : List.of(this, o)) {
            p.captures += x.captures;
            p.connections += x.connections;
            p.completed += x.completed;
            p.failed += x.failed;
            for (int i = 0; i < p.outcomes.length; i++) {
                p.outcomes[i] += x.outcomes[i];
            }
            p.acceptedSuites.addAll(x.acceptedSuites);
            p.versions.addAll(x.versions);
            addBounded(p.serverNames, x.serverNames);
            p.failedWithoutCommonSuite += x.failedWithoutCommonSuite;
            x.acceptedByServerName.forEach((name, suites) ->
                    p.acceptedByServerName.computeIfAbsent(name, k -> new TreeSet<>()).addAll(suites));
            x.causes.forEach((k, n) -> p.causes.merge(k, n, Long::sum));
            x.differences.forEach((factor, c) -> {
                long[] sum = p.differences.computeIfAbsent(factor, k -> new long[4]);
                for (int i = 0; i < 4; i++) {
                    sum[i] += c[i];
                }
            });
            p.retries.addAll(x.retries);
        }
        trimNames(p.acceptedByServerName);
        trimRetries(p.retries);
        return p;
    }

    /**
     * The pooled {@code server} record: the keys of the core's server record (CONTRACT.md), with
     * {@code capture} null, {@code captures} (how many captures have the server), the accepted suites' source
     * {@code completed_handshakes_in_all_captures}, and {@code capture} in each retry.
     */
    ObjectNode json() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("type", "server");
        o.put("schema_version", JsonRecords.SCHEMA_VERSION);
        o.putNull("capture");
        o.put("scope", "pooled");
        o.put("captures", captures);
        ObjectNode server = o.putObject("server");
        server.put("ip", ip);
        server.put("port", port);
        o.put("connections", connections);
        o.put("completed", completed);
        o.put("failed", failed);
        ObjectNode out = o.putObject("outcomes");
        for (Outcome k : Outcome.values()) {
            if (outcomes[k.ordinal()] > 0) {
                out.put(k.name(), outcomes[k.ordinal()]);
            }
        }
        ObjectNode acc = o.putObject("accepted_cipher_suites");
        acc.put("source", "completed_handshakes_in_all_captures");
        acc.set("suites", names(acceptedSuites, true));
        o.set("negotiated_versions", names(versions, false));
        ArrayNode sn = o.putArray("server_names");
        serverNames.forEach(sn::add);
        o.put("failed_without_common_suite", failedWithoutCommonSuite);
        ObjectNode bySni = o.putObject("accepted_cipher_suites_by_server_name");
        acceptedByServerName.forEach((k, v) -> bySni.set(k, names(v, true)));
        ObjectNode top = o.putObject("top_causes");
        causes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        ArrayNode rs = o.putArray("retries");
        for (Retry r : retries) {
            ObjectNode n = rs.addObject();
            n.put("capture", r.capture());
            n.put("failed_tcp_stream", r.failedStream());
            n.put("failed_outcome", r.failedOutcome());
            n.put("completed_tcp_stream", r.completedStream());
            n.put("after_ms", r.afterMs());
            ArrayNode d = n.putArray("differences");
            r.differences().forEach(d::add);
        }
        ArrayNode diffs = o.putArray("differences");
        differences.forEach((factor, c) -> {
            ObjectNode n = diffs.addObject();
            n.put("factor", factor);
            n.put("failed_with", c[0]);
            n.put("completed_with", c[1]);
            n.put("failed_without", c[2]);
            n.put("completed_without", c[3]);
            n.putNull("finding");
        });
        return o;
    }

    private static ArrayNode names(Iterable<Integer> codes, boolean suites) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int c : codes) {
            a.add(suites ? TlsNames.cipherSuite(c) : TlsNames.version(c));
        }
        return a;
    }
}
