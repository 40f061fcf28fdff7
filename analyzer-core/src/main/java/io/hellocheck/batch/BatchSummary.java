package io.hellocheck.batch;

import io.hellocheck.analysis.Outcome;
import io.hellocheck.tcp.Endpoint;
import java.util.List;
import java.util.Map;

/**
 * One summary over every input of a batch: totals, counts per outcome, per server, per client
 * configuration, and the inputs that failed. Immutable. Lists are bounded (see the {@code *NotListed}
 * counts) so that the summary's size does not grow with the inputs.
 *
 * @param captures           captures read to their end
 * @param errors             inputs or archive entries that were not readable captures
 * @param warnings           warnings (captures or archives cut short, ...)
 * @param skippedFiles       files in folders and archives skipped because they are not captures
 * @param frames             frames read over all captures
 * @param bytes              captured bytes of those frames
 * @param tcpConnections     TCP connections seen
 * @param connectionRecords  connection records
 * @param failedHandshakes   records with a failed outcome
 * @param outcomes           records per outcome
 * @param servers            per server (address and port), most failures first
 * @param serversNotListed   servers beyond the bound of {@link #servers}
 * @param clientKeyKind      how clients are grouped ({@link ClientKey#kind()})
 * @param clients            per client configuration, most failures first
 * @param clientsNotListed   client configurations beyond the bound of {@link #clients}
 * @param recordsWithoutClientHello records with no decodable ClientHello (failed connection attempts, ...),
 *                           which belong to no client configuration
 * @param errorList          the failed inputs, in input order
 * @param errorsNotListed    failed inputs beyond the bound of {@link #errorList}
 * @param capturesWithErrors of the {@link #errors}, captures damaged after their start: their frames, bytes, TCP
 *                           connections and records before the damage are counted in the totals * @param completedWithFindings completed handshakes whose record carries a finding (a certificate the client most
 *                           likely refused after the handshake); not failures
 */
public record BatchSummary(int captures, int errors, int warnings, int skippedFiles, long frames, long bytes,
                           long tcpConnections, long connectionRecords, long failedHandshakes,
                           Map<Outcome, Long> outcomes, List<ServerTotals> servers, int serversNotListed,
                           String clientKeyKind, List<ClientTotals> clients, int clientsNotListed,
                           long recordsWithoutClientHello, List<InputError> errorList, int errorsNotListed,
                           int capturesWithErrors, long completedWithFindings) {

    /** A summary without completed handshakes that carry a finding. */
    public BatchSummary(int captures, int errors, int warnings, int skippedFiles, long frames, long bytes,
                        long tcpConnections, long connectionRecords, long failedHandshakes,
                        Map<Outcome, Long> outcomes, List<ServerTotals> servers, int serversNotListed,
                        String clientKeyKind, List<ClientTotals> clients, int clientsNotListed,
                        long recordsWithoutClientHello, List<InputError> errorList, int errorsNotListed,
                        int capturesWithErrors) {
        this(captures, errors, warnings, skippedFiles, frames, bytes, tcpConnections, connectionRecords,
                failedHandshakes, outcomes, servers, serversNotListed, clientKeyKind, clients, clientsNotListed,
                recordsWithoutClientHello, errorList, errorsNotListed, capturesWithErrors, 0);
    }

    /** A summary without captures damaged after their start. */
    public BatchSummary(int captures, int errors, int warnings, int skippedFiles, long frames, long bytes,
                        long tcpConnections, long connectionRecords, long failedHandshakes,
                        Map<Outcome, Long> outcomes, List<ServerTotals> servers, int serversNotListed,
                        String clientKeyKind, List<ClientTotals> clients, int clientsNotListed,
                        long recordsWithoutClientHello, List<InputError> errorList, int errorsNotListed) {
        this(captures, errors, warnings, skippedFiles, frames, bytes, tcpConnections, connectionRecords,
                failedHandshakes, outcomes, servers, serversNotListed, clientKeyKind, clients, clientsNotListed,
                recordsWithoutClientHello, errorList, errorsNotListed, 0);
    }

    public BatchSummary {
        outcomes = Map.copyOf(outcomes);
        servers = List.copyOf(servers);
        clients = List.copyOf(clients);
        errorList = List.copyOf(errorList);
    }

    /** Whether at least one handshake failed. */
    public boolean hasFailures() {
        return failedHandshakes > 0;
    }

    /**
     * A cause of failure and how often it was seen: the outcome, with the alert when there was one
     * ({@code "SERVER_ALERT handshake_failure (40) from server"}).
     */
    public record Cause(String cause, long count) {
        /** The failures of {@code failed} that {@code top} does not count (its causes beyond the first three). */
        public static long notListed(long failed, List<Cause> top) {
            long listed = 0;
            for (Cause c : top) {
                listed += c.count();
            }
            return Math.max(0, failed - listed);
        }
    }

    /**
     * One server over every capture.
     *
     * @param server      address and port
     * @param connections connection records
     * @param completed   of which {@code COMPLETED}
     * @param failed      of which failed
     * @param outcomes    records per outcome
     * @param topCauses   the most frequent causes of failure (at most 3), most frequent first
     * @param serverNames SNI values sent to it (at most 8), in order first seen
     * @param topDiagnoses the most frequent first diagnosed causes of its failures (at most 3, ids such as
     *                    {@code no_shared_cipher_suite}), most frequent first
     */
    public record ServerTotals(Endpoint server, long connections, long completed, long failed,
                               Map<Outcome, Long> outcomes, List<Cause> topCauses, List<String> serverNames,
                               List<Cause> topDiagnoses) {
        public ServerTotals {
            outcomes = Map.copyOf(outcomes);
            topCauses = List.copyOf(topCauses);
            topDiagnoses = List.copyOf(topDiagnoses);
            serverNames = List.copyOf(serverNames);
        }
    }

    /**
     * One client configuration (same {@link ClientKey}) over every capture.
     *
     * @param key          the key (a JA4 such as {@code t13d1516h2_8daaf6152771_e5627efa2ab1})
     * @param versions     TLS versions offered (supported_versions, else legacy_version), as sent
     * @param cipherSuites cipher suites offered, as sent in the first ClientHello seen with this key
     * @param connections  connection records
     * @param completed    of which {@code COMPLETED}
     * @param failed       of which failed
     * @param outcomes     records per outcome
     * @param topCauses    the most frequent causes of failure (at most 3)
     * @param servers      distinct servers it talked to (counted up to 1,000)
     */
    public record ClientTotals(String key, List<Integer> versions, List<Integer> cipherSuites, long connections,
                               long completed, long failed, Map<Outcome, Long> outcomes, List<Cause> topCauses,
                               int servers) {
        public ClientTotals {
            versions = List.copyOf(versions);
            cipherSuites = List.copyOf(cipherSuites);
            outcomes = Map.copyOf(outcomes);
            topCauses = List.copyOf(topCauses);
        }
    }
}
