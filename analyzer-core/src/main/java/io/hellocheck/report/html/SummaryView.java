package io.hellocheck.report.html;

import io.hellocheck.analysis.Outcome;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.batch.InputError;
import io.hellocheck.report.TextReport;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The top of the page, from the batch summary, as the text report's summary has it: totals, counts per
 * outcome, the servers and the client configurations with the most failures (at most
 * {@link TextReport#SUMMARY_ROWS} rows each) with their top causes, and the files with errors.
 *
 * @param inputs      "2 captures analyzed, 0 with errors"
 * @param totals      "123 frames, 4 TCP connections, 4 connection records, 2 failed handshakes"
 * @param outcomes    count per outcome, in the outcomes' order
 * @param servers     the servers with the most failures
 * @param moreServers servers not in {@code servers}
 * @param clientsBy   how clients are grouped ("JA4 fingerprint")
 * @param clients     the client configurations with the most failures
 * @param moreClients client configurations not in {@code clients}
 * @param errors      one line per file with an error
 */
public record SummaryView(String inputs, String totals, List<OutcomeCount> outcomes, List<ServerRow> servers,
                          int moreServers, String clientsBy, List<ClientRow> clients, int moreClients,
                          List<String> errors) {

    public SummaryView {
        outcomes = List.copyOf(outcomes);
        servers = List.copyOf(servers);
        clients = List.copyOf(clients);
        errors = List.copyOf(errors);
    }

    /**
     * @param outcome its name
     * @param count   records with it
     * @param failed  whether it always counts as a failure ({@link Outcome#isFailure()}: CLIENT_GAVE_UP does only
     *                after a long wait)
     */
    public record OutcomeCount(String outcome, long count, boolean failed) {
    }

    /**
     * @param server    address and port
     * @param records   connection records
     * @param completed of which completed
     * @param failed    of which failed
     * @param causes    the top causes, "cause: count"
     */
    public record ServerRow(String server, long records, long completed, long failed, List<String> causes) {
        public ServerRow {
            causes = List.copyOf(causes);
        }
    }

    /**
     * @param key    the client key (a JA4 fingerprint)
     * @param offers "TLSv1.0-1.3, 31 suites"
     * @param failed "2 of 5"
     * @param causes the top causes, "cause: count"
     */
    public record ClientRow(String key, String offers, String failed, List<String> causes) {
        public ClientRow {
            causes = List.copyOf(causes);
        }
    }

    /** The view of a batch summary. */
    public static SummaryView of(BatchSummary s) {
        String inputs = count(s.captures(), "capture", "captures") + " analyzed, "
                + String.format(Locale.ROOT, "%,d", s.errors()) + " with errors"
                + (s.skippedFiles() == 0 ? "" : ", " + count(s.skippedFiles(), "file", "files") + " skipped");
        String totals = count(s.frames(), "frame", "frames") + ", "
                + count(s.tcpConnections(), "TCP connection", "TCP connections") + ", "
                + count(s.connectionRecords(), "connection record", "connection records") + ", "
                + count(s.failedHandshakes(), "failed handshake", "failed handshakes");
        List<OutcomeCount> outcomes = new ArrayList<>();
        s.outcomes().entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(Outcome::ordinal)))
                .forEach(e -> outcomes.add(new OutcomeCount(e.getKey().name(), e.getValue(), e.getKey().isFailure())));
        List<ServerRow> servers = new ArrayList<>();
        int rows = TextReport.SUMMARY_ROWS;
        for (BatchSummary.ServerTotals t : s.servers().subList(0, Math.min(rows, s.servers().size()))) {
            servers.add(new ServerRow(t.server().toString(), t.connections(), t.completed(), t.failed(),
                    causes(t.topCauses(), t.failed())));
        }
        List<ClientRow> clients = new ArrayList<>();
        for (BatchSummary.ClientTotals t : s.clients().subList(0, Math.min(rows, s.clients().size()))) {
            long suites = t.cipherSuites().stream().filter(x -> !TlsNames.isGrease(x)).count();
            clients.add(new ClientRow(t.key(), TextReport.versionRange(t.versions()) + ", "
                    + count(suites, "suite", "suites"), t.failed() + " of " + t.connections(), causes(t.topCauses(), t.failed())));
        }
        List<String> errors = new ArrayList<>();
        for (InputError e : s.errorList()) {
            errors.add(e.capture() + ": " + e.message());
        }
        if (s.errorsNotListed() > 0) {
            errors.add("... and " + s.errorsNotListed() + " more");
        }
        String by = switch (s.clientKeyKind()) {
            case "ja4" -> "JA4 fingerprint";
            case "suites_versions" -> "offered cipher suites and versions";
            default -> s.clientKeyKind() + " key";
        };
        int moreServers = s.servers().size() - servers.size() + s.serversNotListed();
        int moreClients = s.clients().size() - clients.size() + s.clientsNotListed();
        return new SummaryView(inputs, totals, outcomes, servers, moreServers, by, clients, moreClients, errors);
    }

    private static List<String> causes(List<BatchSummary.Cause> causes, long failed) {
        List<String> lines = new ArrayList<>();
        for (BatchSummary.Cause c : causes) {
            lines.add(c.cause() + ": " + c.count());
        }
        long other = BatchSummary.Cause.notListed(failed, causes);
        if (other > 0) {
            lines.add("other: " + other);
        }
        return lines;
    }

    private static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d", n) + ' ' + (n == 1 ? one : many);
    }
}
