package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.AlertInfo;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * hellocheck against tshark over the public capture corpus ({@code ../shared/captures/public}, see its
 * MANIFEST.md).
 *
 * <p>For every capture with a {@code FILE.tshark.tsv} beside it, and every TSV row of a TCP stream in which
 * tshark saw a ClientHello, our record for that {@code tcp.stream} must exist with the same client and server,
 * and agree with tshark on whether a ServerHello came back, on the alerts, and on the negotiated cipher suite.
 * tshark's TSV is an independent reference (TShark 4.0.17); nothing here is derived from our own output.
 *
 * <p>Each disagreement is either fixed or listed, with its reason, in
 * {@code src/test/resources/public-captures/known-differences.tsv}. The test fails on a disagreement that is
 * not listed and on a listed one that no longer occurs, so that file only shrinks.
 *
 * <p>Fields compared (the {@code field} column of the known-differences file):
 * <ul>
 *   <li>{@code file}: the capture could not be read at all;</li>
 *   <li>{@code record}: no connection record for the stream (or one with other endpoints);</li>
 *   <li>{@code server_hello}: ServerHello seen or not (a HelloRetryRequest is not one);</li>
 *   <li>{@code alert}: the plaintext alert descriptions must be the same set. An encrypted alert of ours must
 *       be one tshark saw too; tshark's encrypted alerts may be missing from a {@code COMPLETED} record, which
 *       is written when both sides start encrypting, before any later close_notify;</li>
 *   <li>{@code cipher}: the ServerHello's cipher suite, when both saw one.</li>
 * </ul>
 *
 * <p>Run with {@code mvn -B -o test -pl analyzer-cli -am -Dhellocheck.excludedGroups=
 * -Dhellocheck.groups=public-captures -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("public-captures")
class PublicCapturesTest {
    private static final String KNOWN = "/public-captures/known-differences.tsv";
    private static final Pattern TSHARK_ALERT = Pattern.compile("^[a-z_]+\\((\\d+)\\)$");
    private static final Pattern REASON = Pattern.compile("^(#\\d+|tshark) .+");

    /**
     * Measured on this corpus (347 rows compared, 346 agreeing, 1 known difference); raise them when a fix or
     * a new feature makes more connections agree.
     */
    private static final int MIN_COMPARED = 347;
    private static final int MIN_AGREEING = 346;

    private static final HelloCheck ANALYZER = HelloCheck.builder().build();

    /** One place where we and tshark disagree. */
    record Difference(String capture, String stream, String field, String detail) {
        String key() {
            return capture + "\t" + stream + "\t" + field;
        }
    }

    /** One line of the known-differences file. */
    record Known(int line, String capture, String stream, String field, String reason) {
        String key() {
            return capture + "\t" + stream + "\t" + field;
        }
    }

    static Path corpus() {
        String shared = System.getProperty("hellocheck.shared");
        Path base = shared == null ? Paths.root().resolve("../shared") : Path.of(shared);
        return base.resolve("captures/public").toAbsolutePath().normalize();
    }

    @Test
    void everyTsharkHandshakeAgreesOrIsAKnownDifference() throws IOException {
        Path corpus = corpus();
        assertThat(corpus).as("the public capture corpus (system property hellocheck.shared)").isDirectory();
        List<Path> tsvs;
        try (Stream<Path> s = Files.walk(corpus)) {
            tsvs = s.filter(p -> p.getFileName().toString().endsWith(".tshark.tsv")).sorted().toList();
        }
        assertThat(tsvs).as("tshark summaries under %s", corpus).isNotEmpty();

        List<Difference> differences = new ArrayList<>();
        int compared = 0;
        int agreeing = 0;
        int rowsOfUnreadFiles = 0;
        for (Path tsv : tsvs) {
            String tsvName = tsv.getFileName().toString();
            Path capture = tsv.resolveSibling(tsvName.substring(0, tsvName.length() - ".tshark.tsv".length()));
            String name = corpus.relativize(capture).toString().replace('\\', '/');
            List<Map<String, String>> rows = readTsharkRows(tsv);
            CaptureResult result;
            try {
                result = ANALYZER.analyze(capture);
            } catch (IOException | RuntimeException e) {
                differences.add(new Difference(name, "-", "file", "not read: " + e));
                rowsOfUnreadFiles += rows.size();
                continue;
            }
            Map<Integer, ConnectionRecord> byStream = new HashMap<>();
            for (ConnectionRecord c : result.connections()) {
                byStream.putIfAbsent(c.tcpStream(), c);
            }
            for (Map<String, String> row : rows) {
                compared++;
                List<Difference> found = compare(name, row, byStream.get(Integer.parseInt(row.get("tcp.stream"))));
                differences.addAll(found);
                if (found.isEmpty()) {
                    agreeing++;
                }
            }
        }

        List<Known> known = readKnown();
        Map<String, Known> knownByKey = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Known k : known) {
            if (knownByKey.putIfAbsent(k.key(), k) != null) {
                problems.add("known-differences.tsv line " + k.line() + " repeats line " + knownByKey.get(k.key()).line()
                        + ": delete it");
            }
        }
        Set<String> occurred = new TreeSet<>();
        for (Difference d : differences) {
            occurred.add(d.key());
            if (!knownByKey.containsKey(d.key())) {
                problems.add("new difference (fix it, or add this line with a reason to known-differences.tsv):\n    "
                        + d.capture() + "\t" + d.stream() + "\t" + d.field() + "\t<reason>\n    because " + d.detail());
            }
        }
        for (Known k : knownByKey.values()) {
            if (!occurred.contains(k.key())) {
                problems.add("known difference no longer occurs: delete line " + k.line() + " of known-differences.tsv: "
                        + k.capture() + " " + k.stream() + " " + k.field());
            }
        }

        Map<String, Integer> perReason = new TreeMap<>();
        for (Difference d : differences) {
            Known k = knownByKey.get(d.key());
            if (k != null) {
                perReason.merge(k.reason(), 1, Integer::sum);
            }
        }
        Map<String, Integer> perIssue = new TreeMap<>();
        perReason.forEach((reason, n) -> perIssue.merge(reason.substring(0, reason.indexOf(' ')), n, Integer::sum));
        StringBuilder summary = new StringBuilder();
        summary.append("public captures vs tshark: ").append(tsvs.size()).append(" captures, ")
                .append(compared).append(" connections compared, ").append(agreeing).append(" agreeing, ")
                .append(differences.size()).append(" differences (").append(rowsOfUnreadFiles)
                .append(" connections in unread files)\n");
        perIssue.forEach((issue, n) -> summary.append("  ").append(issue).append(": ").append(n).append('\n'));
        perReason.forEach((reason, n) -> summary.append(String.format("  %4d  %s%n", n, reason)));
        System.out.print(summary);

        assertThat(problems).as("differences from tshark (%d compared, %d agreeing)", compared, agreeing)
                .withFailMessage(() -> problems.size() + " problem(s):\n" + String.join("\n", problems))
                .isEmpty();
        assertThat(compared).as("connections compared").isGreaterThanOrEqualTo(MIN_COMPARED);
        assertThat(agreeing).as("connections agreeing with tshark").isGreaterThanOrEqualTo(MIN_AGREEING);
    }

    /** Rows of a tshark summary for TCP streams where tshark saw a ClientHello. */
    private static List<Map<String, String>> readTsharkRows(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split("\t", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < f.length ? f[i] : "");
            }
            if (row.get("client_hello_seen").equals("yes") && row.get("tcp.stream").matches("\\d+")) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<Difference> compare(String capture, Map<String, String> row, ConnectionRecord c) {
        String stream = row.get("tcp.stream");
        List<Difference> out = new ArrayList<>();
        if (c == null) {
            out.add(new Difference(capture, stream, "record", "tshark saw a ClientHello " + row.get("client") + " -> "
                    + row.get("server") + " but we have no record for tcp.stream " + stream));
            return out;
        }
        if (!c.client().toString().equals(row.get("client")) || !c.server().toString().equals(row.get("server"))) {
            out.add(new Difference(capture, stream, "record", "tshark's tcp.stream " + stream + " is "
                    + row.get("client") + " -> " + row.get("server") + ", ours is " + c.client() + " -> " + c.server()));
            return out;
        }
        boolean tsharkSh = row.get("server_hello_seen").equals("yes");
        boolean ourSh = c.serverHello() != null;
        if (tsharkSh != ourSh) {
            out.add(new Difference(capture, stream, "server_hello", "tshark " + (tsharkSh ? "saw" : "did not see")
                    + " a ServerHello, we " + (ourSh ? "did" : "did not") + " (outcome " + c.outcome() + ": "
                    + c.outcomeReason() + ")"));
        }
        String alertDifference = compareAlerts(row.get("alert_description"), c);
        if (alertDifference != null) {
            out.add(new Difference(capture, stream, "alert", alertDifference));
        }
        if (tsharkSh && ourSh) {
            String cipher = row.get("negotiated_cipher");
            int suite = c.serverHello().hello().cipherSuite();
            // tshark writes an SSLv2 cipher spec (chosen in CLIENT-MASTER-KEY) as six hex digits and "(sslv2)"
            String ours = suite > 0xffff ? String.format("0x%06x(sslv2)", suite) : String.format("0x%04x", suite);
            if (!cipher.equalsIgnoreCase(ours)) {
                out.add(new Difference(capture, stream, "cipher", "tshark's cipher suite is " + cipher + ", ours "
                        + ours));
            }
        }
        return out;
    }

    private static String compareAlerts(String tshark, ConnectionRecord c) {
        Set<Integer> theirPlain = new TreeSet<>();
        boolean theirEncrypted = false;
        if (!tshark.equals("none")) {
            for (String a : tshark.split(",")) {
                a = a.trim();
                Matcher m = TSHARK_ALERT.matcher(a);
                if (a.equals("encrypted")) {
                    theirEncrypted = true;
                } else if (m.matches()) {
                    theirPlain.add(Integer.parseInt(m.group(1)));
                } else {
                    return "unexpected alert_description in the TSV: " + tshark;
                }
            }
        }
        Set<Integer> ourPlain = new TreeSet<>();
        boolean ourEncrypted = false;
        for (AlertInfo a : c.alerts()) {
            if (a.likely()) {
                continue; // a TLS 1.3 application_data record of alert size: tshark sees application data there
            }
            if (a.encrypted()) {
                ourEncrypted = true;
            } else {
                ourPlain.add(a.description());
            }
        }
        boolean encryptedAgrees = ourEncrypted == theirEncrypted
                || (theirEncrypted && c.outcome() == Outcome.COMPLETED);
        if (ourPlain.equals(theirPlain) && encryptedAgrees) {
            return null;
        }
        String ours = c.alerts().isEmpty() ? "none" : c.alerts().stream()
                .map(a -> a.encrypted() ? "encrypted" : a.description() + "")
                .distinct().collect(Collectors.joining(","));
        return "tshark's alerts are " + tshark + ", ours " + ours + " (outcome " + c.outcome() + ")";
    }

    private static List<Known> readKnown() throws IOException {
        List<Known> known = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(PublicCapturesTest.class.getResourceAsStream(KNOWN), KNOWN)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            assertThat(lines[0]).as("header of known-differences.tsv").isEqualTo("capture\ttcp_stream\tfield\treason");
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                assertThat(f).as("known-differences.tsv line %d: four tab-separated columns", i + 1).hasSize(4);
                assertThat(f[2]).as("known-differences.tsv line %d: field", i + 1)
                        .isIn("file", "record", "server_hello", "alert", "cipher");
                assertThat(f[3]).as("known-differences.tsv line %d: reason names an issue (#N) or says why tshark "
                        + "is wrong (tshark ...)", i + 1).matches(REASON);
                known.add(new Known(i + 1, f[0], f[1], f[2], f[3]));
            }
        }
        return known;
    }
}
