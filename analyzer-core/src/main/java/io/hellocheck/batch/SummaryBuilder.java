package io.hellocheck.batch;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureSummary;
import io.hellocheck.analysis.AlertInfo;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the {@link BatchSummary} from the events, in input order, on the consuming thread. Not thread-safe. */
final class SummaryBuilder {
    static final int MAX_SERVERS = 10_000;
    static final int MAX_CLIENTS = 10_000;
    static final int MAX_ERRORS = 1_000;
    private static final int MAX_NAMES = 8;
    private static final int MAX_CAUSES_KEPT = 64;
    private static final int TOP_CAUSES = 3;
    private static final int MAX_CLIENT_SERVERS = 1_000;

    private final ClientKey clientKey;
    private int captures;
    private int errors;
    private int capturesWithErrors;
    private int warnings;
    private int skipped;
    private long frames;
    private long bytes;
    private long tcpConnections;
    private long records;
    private long failed;
    private long completedWithFindings;
    private long withoutHello;
    private final EnumMap<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private final Map<Endpoint, Totals> servers = new LinkedHashMap<>();
    private int serversNotListed;
    private final Map<String, Totals> clients = new LinkedHashMap<>();
    private int clientsNotListed;
    private final List<InputError> errorList = new ArrayList<>();

    SummaryBuilder(ClientKey clientKey) {
        this.clientKey = clientKey;
    }

    /** Counters of one server or one client configuration. */
    private static final class Totals {
        long connections;
        long completed;
        long failed;
        final EnumMap<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        final Map<String, Long> causes = new HashMap<>();
        final Map<String, Long> diagnoses = new HashMap<>();
        final LinkedHashSet<String> names = new LinkedHashSet<>();
        List<Integer> versions = List.of();
        List<Integer> suites = List.of();
        final Set<Endpoint> peers = new HashSet<>();

        void add(Outcome outcome, boolean failedHandshake, String cause, String diagnosis) {
            connections++;
            outcomes.merge(outcome, 1L, Long::sum);
            if (outcome == Outcome.COMPLETED) {
                completed++;
            } else if (failedHandshake) {
                failed++;
                if (causes.containsKey(cause) || causes.size() < MAX_CAUSES_KEPT) {
                    causes.merge(cause, 1L, Long::sum);
                }
                if (diagnosis != null && (diagnoses.containsKey(diagnosis) || diagnoses.size() < MAX_CAUSES_KEPT)) {
                    diagnoses.merge(diagnosis, 1L, Long::sum);
                }
            }
        }

        List<BatchSummary.Cause> top() {
            return top(causes);
        }

        List<BatchSummary.Cause> topDiagnoses() {
            return top(diagnoses);
        }

        private static List<BatchSummary.Cause> top(Map<String, Long> causes) {
            return causes.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(TOP_CAUSES).map(e -> new BatchSummary.Cause(e.getKey(), e.getValue())).toList();
        }
    }

    /**
     * "SERVER_ALERT handshake_failure (40) from server", "SERVER_RESET", ...: the outcome, with the alert
     * when the alert is what decided it (a later alert, after the server closed, is not the cause).
     */
    static String cause(ConnectionRecord r) {
        AlertInfo a = r.alert();
        boolean alertDecided = r.outcome() == Outcome.SERVER_ALERT || r.outcome() == Outcome.FAILED_AFTER_SERVER_HELLO;
        if (a == null || a.encrypted() || !alertDecided) {
            return r.outcome().name();
        }
        return r.outcome().name() + " " + TlsNames.alert(a.description()) + " (" + a.description() + ") from "
                + a.from().label();
    }

    /**
     * What the summary takes from one connection record, made on the worker that analyzed it, so that the
     * record itself need not wait for its turn (and a record's tally can be written to a spill file).
     *
     * @param outcome    the record's outcome
     * @param failed     whether the record is a failed handshake ({@link ConnectionRecord#failed()})
     * @param server     its server
     * @param cause      {@link #cause(ConnectionRecord)}
     * @param serverName the ClientHello's SNI, or null
     * @param clientKey  the ClientHello's client key, or null without a ClientHello
     * @param versions   the versions it offers ({@link ClientKey.SuitesAndVersions#versions}), empty without one
     * @param suites     the cipher suites it offers, empty without one
     * @param diagnosis  the id of its first diagnosed cause ({@code no_shared_cipher_suite}), or null
     */
    record Tally(Outcome outcome, boolean failed, Endpoint server, String cause, String serverName, String clientKey,
                 List<Integer> versions, List<Integer> suites, String diagnosis) {

        /** The tally of {@code r}, whose ClientHello has the client key {@code key} (null without a ClientHello). */
        static Tally of(ConnectionRecord r, String key) {
            ClientHello hello = r.clientHello() == null ? null : r.clientHello().hello();
            if (hello == null) {
                return new Tally(r.outcome(), r.failed(), r.server(), SummaryBuilder.cause(r), null, null, List.of(),
                        List.of(), diagnosis(r));
            }
            return new Tally(r.outcome(), r.failed(), r.server(), SummaryBuilder.cause(r), hello.serverName(), key,
                    ClientKey.SuitesAndVersions.versions(hello), hello.cipherSuites(), diagnosis(r));
        }

        private static String diagnosis(ConnectionRecord r) {
            return r.diagnosis().isEmpty() ? null : r.diagnosis().get(0).cause().id();
        }
    }

    /** A record, by its tally. */
    void connection(Tally t) {
        records++;
        outcomes.merge(t.outcome(), 1L, Long::sum);
        if (t.failed()) {
            failed++;
        } else if (t.outcome() == Outcome.COMPLETED && t.diagnosis() != null) {
            completedWithFindings++;
        }
        Totals s = servers.get(t.server());
        if (s == null) {
            if (servers.size() < MAX_SERVERS) {
                s = new Totals();
                servers.put(t.server(), s);
            } else {
                serversNotListed++;
            }
        }
        if (s != null) {
            s.add(t.outcome(), t.failed(), t.cause(), t.diagnosis());
            if (t.serverName() != null && s.names.size() < MAX_NAMES) {
                s.names.add(t.serverName());
            }
        }
        if (t.clientKey() == null) {
            withoutHello++;
            return;
        }
        Totals c = clients.get(t.clientKey());
        if (c == null) {
            if (clients.size() >= MAX_CLIENTS) {
                clientsNotListed++;
                return;
            }
            c = new Totals();
            c.versions = t.versions();
            c.suites = t.suites();
            clients.put(t.clientKey(), c);
        }
        c.add(t.outcome(), t.failed(), t.cause(), t.diagnosis());
        if (c.peers.size() < MAX_CLIENT_SERVERS) {
            c.peers.add(t.server());
        }
    }

    void finished(CaptureResult result) {
        captures++;
        CaptureSummary s = result.summary();
        frames += s.frames();
        bytes += s.bytes();
        tcpConnections += s.tcpConnections();
        warnings += result.warnings().size();
    }

    /**
     * An input that is not a readable capture; {@code partial}, when not null, summarizes what was read of a
     * capture damaged after its start: its frames and TCP connections are counted, as its records were.
     */
    void error(InputError e, CaptureSummary partial) {
        if (partial != null) {
            capturesWithErrors++;
            frames += partial.frames();
            bytes += partial.bytes();
            tcpConnections += partial.tcpConnections();
        }
        error(e);
    }

    void error(InputError e) {
        errors++;
        if (errorList.size() < MAX_ERRORS) {
            errorList.add(e);
        }
    }

    void warning() {
        warnings++;
    }

    void skipped() {
        skipped++;
    }

    BatchSummary build() {
        Comparator<Map.Entry<?, Totals>> byFailures = Comparator
                .<Map.Entry<?, Totals>>comparingLong(e -> -e.getValue().failed)
                .thenComparingLong(e -> -e.getValue().connections);
        List<BatchSummary.ServerTotals> serverList = new ArrayList<>();
        servers.entrySet().stream()
                .sorted(byFailures.thenComparing(e -> e.getKey().toString()))
                .forEach(e -> {
                    Totals t = e.getValue();
                    serverList.add(new BatchSummary.ServerTotals(e.getKey(), t.connections, t.completed, t.failed,
                            t.outcomes, t.top(), new ArrayList<>(t.names), t.topDiagnoses()));
                });
        List<BatchSummary.ClientTotals> clientList = new ArrayList<>();
        clients.entrySet().stream()
                .sorted(byFailures.thenComparing(e -> e.getKey().toString()))
                .forEach(e -> {
                    Totals t = e.getValue();
                    clientList.add(new BatchSummary.ClientTotals((String) e.getKey(), t.versions, t.suites,
                            t.connections, t.completed, t.failed, t.outcomes, t.top(), t.peers.size()));
                });
        return new BatchSummary(captures, errors, warnings, skipped, frames, bytes, tcpConnections, records, failed,
                outcomes, serverList, serversNotListed, clientKey.kind(), clientList, clientsNotListed, withoutHello,
                errorList, Math.max(0, errors - errorList.size()), capturesWithErrors, completedWithFindings);
    }
}
