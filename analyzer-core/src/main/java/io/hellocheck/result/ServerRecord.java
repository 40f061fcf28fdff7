package io.hellocheck.result;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One server (address and port) over one capture: what its handshakes did (JSON {@code "type": "server"}).
 * Immutable.
 */
public final class ServerRecord {
    private final String capture;
    private final io.hellocheck.analysis.ServerRecord record;

    ServerRecord(String capture, io.hellocheck.analysis.ServerRecord record) {
        this.capture = capture;
        this.record = record;
    }

    io.hellocheck.analysis.ServerRecord internal() {
        return record;
    }

    /** {@return the capture's name as given} */
    public String capture() {
        return capture;
    }

    /** {@return the server's address and port} */
    public Endpoint server() {
        return new Endpoint(record.server());
    }

    /** {@return its connection records} */
    public int connections() {
        return record.connections();
    }

    /** {@return of which completed} */
    public int completed() {
        return record.completed();
    }

    /** {@return of which failed} */
    public int failed() {
        return record.failed();
    }

    /** {@return records per outcome}, only outcomes seen, in the enum's order */
    public Map<Outcome, Integer> outcomes() {
        Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
        record.outcomes().forEach((k, v) -> m.put(Outcome.of(k), v));
        return Collections.unmodifiableMap(m);
    }

    /**
     * {@return the cipher suites it chose in the capture's completed handshakes} (JSON
     * {@code accepted_cipher_suites.suites})
     */
    public List<CodePoint> acceptedCipherSuites() {
        return Convert.codes(record.acceptedCipherSuites(), CodePoint::cipherSuite);
    }

    /** {@return the versions it negotiated} */
    public List<CodePoint> negotiatedVersions() {
        return Convert.codes(record.negotiatedVersions(), CodePoint::version);
    }

    /** {@return the SNI values clients sent it}, in order first seen */
    public List<String> serverNames() {
        return List.copyOf(record.serverNames());
    }

    /** {@return failed handshakes whose ClientHello offered none of {@link #acceptedCipherSuites()}} */
    public int failedWithoutCommonSuite() {
        return record.failedWithoutCommonSuite();
    }

    /**
     * {@return the first diagnosed causes of its failures and how often} (ids such as
     * {@code no_shared_cipher_suite}), most frequent first
     */
    public Map<String, Integer> topCauses() {
        Map<String, Integer> m = new LinkedHashMap<>();
        record.causes().entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue())
                .forEach(e -> m.put(e.getKey().id(), e.getValue()));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** {@return {@code server: connections, failed}} */
    @Override
    public String toString() {
        return server() + ": " + connections() + " connections, " + failed() + " failed";
    }
}
