package io.hellocheck.analysis;

import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Links a failed handshake to a completed one that the same client made to the same server shortly after
 * (a browser falling back to TLS 1.2, dropping its post-quantum group, retrying without SNI), and says what
 * the client changed. Bounded: it remembers the last failure of at most {@link #MAX_CLIENTS} client and server
 * pairs. Not thread-safe: one per capture.
 */
final class Retries {
    /** How long after a failure a completed handshake still counts as its retry: 60 s of capture time. */
    static final long WINDOW_NANOS = 60_000_000_000L;
    static final int MAX_CLIENTS = 10_000;

    private record Seen(int stream, Outcome outcome, long startNanos, HelloInfo hello) {
    }

    /** The last failed and the last completed handshake of each client and server pair. */
    private final Map<String, Seen[]> last = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen[]> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

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
        Seen[] pair = last.computeIfAbsent(key(r.client(), r.server()), k -> new Seen[2]);
        Seen self = new Seen(r.tcpStream(), r.outcome(), r.startTimeNanos(), h);
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
        return new ServerRecord.Retry(failure.stream(), failure.outcome(), success.stream(), after,
                differences(failure.hello(), success.hello()));
    }

    private static String key(Endpoint client, Endpoint server) {
        return client.ip() + "|" + server;
    }

    /** What changed from the failed ClientHello to the working one. */
    static List<String> differences(HelloInfo failed, HelloInfo worked) {
        ClientHello a = failed.hello();
        ClientHello b = worked.hello();
        List<String> out = new ArrayList<>();
        int va = Texts.maxVersion(a);
        int vb = Texts.maxVersion(b);
        if (va != vb) {
            out.add("highest version " + TlsNames.version(va) + " -> " + TlsNames.version(vb));
        }
        boolean pqa = Diagnoser.postQuantum(a);
        boolean pqb = Diagnoser.postQuantum(b);
        if (pqa != pqb) {
            out.add(pqa ? "post-quantum key share dropped" : "post-quantum key share added");
        }
        if (!a.cipherSuites().equals(b.cipherSuites())) {
            out.add("cipher suites changed (" + count(a.cipherSuites()) + " -> " + count(b.cipherSuites())
                    + " offered)");
        }
        if (!Objects.equals(a.serverName(), b.serverName())) {
            out.add(a.serverName() == null ? "SNI " + b.serverName() + " added"
                    : b.serverName() == null ? "SNI removed" : "SNI " + a.serverName() + " -> " + b.serverName());
        }
        if (!a.alpn().equals(b.alpn())) {
            out.add("ALPN " + a.alpn() + " -> " + b.alpn());
        }
        if (failed.frames().size() != worked.frames().size()) {
            out.add("ClientHello " + failed.lengthBytes() + " bytes in " + failed.frames().size() + " segments -> "
                    + worked.lengthBytes() + " bytes in " + worked.frames().size());
        }
        if (out.isEmpty()) {
            out.add("the same ClientHello: the failure was transient");
        }
        return out;
    }

    private static int count(List<Integer> suites) {
        int n = 0;
        for (int s : suites) {
            if (!TlsNames.isGrease(s)) {
                n++;
            }
        }
        return n;
    }
}
