package io.hellocheck.analysis;

import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.Ja4;
import io.hellocheck.tls.Preamble;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Links a failed handshake to a completed one from the same client address to the same server shortly after
 * (a browser falling back to TLS 1.2, dropping its post-quantum group, retrying without SNI, or another program
 * on the same host), and says what changed. Bounded: it remembers the last failure of at most
 * {@link #MAX_CLIENTS} client and server pairs. Not thread-safe: one per capture.
 */
final class Retries {
    /** How long after a failure a completed handshake still counts as its retry: 60 s of capture time. */
    static final long WINDOW_NANOS = 60_000_000_000L;
    static final int MAX_CLIENTS = 10_000;

    /** Said when no ClientHello field and no preamble differ; the failure could not have been transient. */
    static final String UNCHANGED = "the ClientHello did not change; what changed is outside it (a client certificate,"
            + " the trust store, the client's timeout, a PROXY header)";
    /** {@link #UNCHANGED} for a failure before the ServerHello that the client did not abandon itself. */
    static final String UNCHANGED_OR_TRANSIENT = UNCHANGED + " or the failure was transient";

    /**
     * @param ja4              JA4 of the connection's first ClientHello (client_hello.ja4), or null (SSLv2)
     * @param afterServerHello whether the server had sent its ServerHello when the connection failed
     */
    private record Seen(int stream, Outcome outcome, long startNanos, HelloInfo hello, String ja4, Preamble preamble,
                        boolean afterServerHello) {
    }

    private final Ja4.Memo ja4s;

    /** The last failed and the last completed handshake of each client and server pair. */
    private final Map<Pair, Seen[]> last = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Pair, Seen[]> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    /** @param ja4s the capture's JA4 memo, shared with the server statistics */
    Retries(Ja4.Memo ja4s) {
        this.ja4s = ja4s;
    }

    /**
     * Notes a decided record; returns the retry it makes with an earlier-written record, or null. Records are
     * written in decision order, so the completed retry may come before or after its failure.
     */
    ServerRecord.Retry note(ConnectionRecord r) {
        HelloInfo h = r.retryClientHello() != null ? r.retryClientHello() : r.clientHello();
        boolean failed = r.failed();
        if (h == null || h.hello() == null || !(failed || r.outcome() == Outcome.COMPLETED)) {
            return null;
        }
        Seen[] pair = last.computeIfAbsent(new Pair(r.client().ip(), r.server()), k -> new Seen[2]);
        Seen self = new Seen(r.tcpStream(), r.outcome(), r.startTimeNanos(), h, ja4(r, h), r.preamble(),
                r.serverHello() != null);
        Seen other = pair[failed ? 1 : 0];
        pair[failed ? 0 : 1] = self;
        Seen failure = failed ? self : other;
        Seen success = failed ? other : self;
        if (failure == null || success == null) {
            return null;
        }
        long after = success.startNanos() - failure.startNanos();
        if (after <= 0 || after > WINDOW_NANOS) {
            return null;
        }
        pair[0] = null;
        pair[1] = null;
        boolean sameClient = Objects.equals(failure.ja4(), success.ja4());
        List<String> differences;
        if (!sameClient && failure.afterServerHello()) {
            // what another program offered did not fix a failure after the ServerHello (a certificate, an alert)
            differences = List.of();
        } else {
            differences = differences(failure.hello(), failure.preamble(), success.hello(), success.preamble());
            if (differences.isEmpty() && sameClient) {
                differences = List.of(failure.afterServerHello() || failure.outcome() == Outcome.CLIENT_GAVE_UP
                        ? UNCHANGED : UNCHANGED_OR_TRANSIENT);
            }
        }
        return new ServerRecord.Retry(failure.stream(), failure.outcome(), success.stream(), after, differences,
                sameClient ? null : success.ja4());
    }

    /** The JA4 of the connection's first ClientHello, as client_hello.ja4 (null for an SSLv2 CLIENT-HELLO). */
    private String ja4(ConnectionRecord r, HelloInfo h) {
        ClientHello first = r.clientHello() != null && r.clientHello().hello() != null ? r.clientHello().hello()
                : h.hello();
        return first.sslV2() ? null : Ja4.forTransport(ja4s.ja4(first), r.transport());
    }

    /**
     * A client host and a server: the key of {@link #last}. Equals and hashCode written out (a record's generated
     * ones go through method handles, slow under C1).
     */
    private record Pair(String clientIp, Endpoint server) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && clientIp.equals(p.clientIp) && server.equals(p.server);
        }

        @Override
        public int hashCode() {
            return clientIp.hashCode() * 31 + server.hashCode();
        }
    }

    /**
     * What changed from the failed ClientHello (and what the client sent before it) to the working one, in plain
     * words, versions first; empty when nothing compared differs.
     */
    static List<String> differences(HelloInfo failed, Preamble failedPreamble, HelloInfo worked,
                                    Preamble workedPreamble) {
        ClientHello a = failed.hello();
        ClientHello b = worked.hello();
        List<String> out = new ArrayList<>();
        int va = Texts.maxVersion(a);
        int vb = Texts.maxVersion(b);
        if (va != vb) {
            out.add("highest version " + TlsNames.version(va) + " -> " + TlsNames.version(vb));
        } else if (!offeredVersions(a).equals(offeredVersions(b))) {
            out.add(listChange("offered versions", offeredVersions(a), offeredVersions(b), TlsNames::version));
        }
        String pa = preamble(failedPreamble);
        String pb = preamble(workedPreamble);
        if (!Objects.equals(pa, pb)) {
            out.add(pa == null ? pb + " added before the ClientHello" : pb == null
                    ? pa + " before the ClientHello removed" : "before the ClientHello " + pa + " -> " + pb);
        }
        boolean pqa = Diagnoser.postQuantum(a);
        boolean pqb = Diagnoser.postQuantum(b);
        if (pqa != pqb) {
            out.add(pqa ? "post-quantum key share dropped" : "post-quantum key share added");
        }
        List<Integer> ga = withoutGrease(a.supportedGroups(), false);
        List<Integer> gb = withoutGrease(b.supportedGroups(), false);
        if (!ga.equals(gb)) {
            out.add(listChange("supported groups", ga, gb, TlsNames::group));
        }
        List<Integer> ka = withoutGrease(a.keyShareGroups(), true);
        List<Integer> kb = withoutGrease(b.keyShareGroups(), true);
        if (!ka.equals(kb)) {
            out.add(listChange("key shares", ka, kb, TlsNames::group));
        }
        if (!a.cipherSuites().equals(b.cipherSuites())) {
            out.add("cipher suites changed (" + withoutGrease(a.cipherSuites(), false).size() + " -> "
                    + withoutGrease(b.cipherSuites(), false).size() + " offered)");
        }
        if (!Objects.equals(a.serverName(), b.serverName())) {
            out.add(a.serverName() == null ? "SNI " + b.serverName() + " added"
                    : b.serverName() == null ? "SNI removed" : "SNI " + a.serverName() + " -> " + b.serverName());
        }
        if (!a.alpn().equals(b.alpn())) {
            out.add("ALPN " + a.alpn() + " -> " + b.alpn());
        }
        if (failed.lengthBytes() != worked.lengthBytes() || failed.frames().size() != worked.frames().size()) {
            out.add("ClientHello " + failed.lengthBytes() + " bytes in " + segments(failed.frames().size()) + " -> "
                    + worked.lengthBytes() + " bytes in " + segments(worked.frames().size()));
        }
        return out;
    }

    /** supported_versions without GREASE, or legacy_version alone when the extension is absent (RFC 8446 4.2.1). */
    private static List<Integer> offeredVersions(ClientHello h) {
        List<Integer> v = withoutGrease(h.supportedVersions(), false);
        return v.isEmpty() ? List.of(h.legacyVersion()) : v;
    }

    /** "PROXY v1", "HTTP CONNECT": what the client sent before its ClientHello, or null. */
    private static String preamble(Preamble p) {
        return p == null ? null : p.protocol();
    }

    /** The code points without GREASE values (RFC 8701), and without post-quantum groups when {@code noPq}. */
    private static List<Integer> withoutGrease(List<Integer> codes, boolean noPq) {
        List<Integer> out = new ArrayList<>(codes.size());
        for (int c : codes) {
            if (!TlsNames.isGrease(c) && !(noPq && TlsNames.isPostQuantumGroup(c))) {
                out.add(c);
            }
        }
        return out;
    }

    /** "supported groups: secp384r1 added", "offered versions: TLSv1.2 added; TLSv1.1 removed", or "... reordered". */
    private static String listChange(String what, List<Integer> a, List<Integer> b, IntFunction<String> name) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (int x : b) {
            if (!a.contains(x)) {
                added.add(name.apply(x));
            }
        }
        for (int x : a) {
            if (!b.contains(x)) {
                removed.add(name.apply(x));
            }
        }
        if (added.isEmpty() && removed.isEmpty()) {
            return what + " reordered";
        }
        return what + ": " + (added.isEmpty() ? "" : String.join(", ", added) + " added")
                + (added.isEmpty() || removed.isEmpty() ? "" : "; ")
                + (removed.isEmpty() ? "" : String.join(", ", removed) + " removed");
    }

    private static String segments(int n) {
        return n + (n == 1 ? " segment" : " segments");
    }
}
