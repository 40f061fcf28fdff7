package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every connection of the scenario lab (scenarios/EXPECTED.tsv, written by scenarios/generate.sh) gets the
 * outcome its scenario set up, checked there with tshark and the client's own messages, and a first diagnosis
 * cause among the (at most two) acceptable ones; "-" means no diagnosis (a handshake that did not fail). The stream
 * column is tshark's {@code tcp.stream}, or {@code udp:N} (its {@code udp.stream}) for a QUIC or DTLS flow.
 * Tagged "scenarios"; part of the default run ({@code mvn -B test}) since the analyzer meets every row, and run alone
 * with {@code -Dhellocheck.excludedGroups= -Dhellocheck.groups=scenarios}.
 */
@Tag("scenarios")
class ScenarioLabTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();
    private static final Map<String, CaptureResult> RESULTS = new HashMap<>();

    /**
     * One row of EXPECTED.tsv.
     *
     * @param udp    whether the row is a UDP flow (stream column {@code udp:N}): {@code stream} is then its
     *               {@code udp.stream}, else its {@code tcp.stream}
     */
    record Row(String file, boolean udp, int stream, String client, String server, String outcome,
               List<String> causes, String note) {
        @Override
        public String toString() {
            return file + (udp ? " udp.stream " : " stream ") + stream + " " + outcome + " " + causes;
        }

        /** Whether {@code c} is this row's connection: the same transport's stream index. */
        boolean matches(ConnectionRecord c) {
            return udp ? c.udp() != null && c.udp().udpStream() == stream : c.udp() == null && c.tcpStream() == stream;
        }
    }

    static Path lab() {
        return Paths.root().resolve("scenarios");
    }

    static List<Row> table() throws IOException {
        List<String> lines = Files.readAllLines(lab().resolve("EXPECTED.tsv"));
        assertThat(lines.get(0)).startsWith("file\ttcp_stream\tclient\tserver\toutcome\tcauses\t");
        return lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split("\t", -1))
                .map(f -> new Row(f[0], f[1].startsWith("udp:"), Integer.parseInt(f[1].replace("udp:", "")), f[2],
                        f[3], f[4], f[5].equals("-") ? List.of() : Arrays.asList(f[5].split(",")), f[7]))
                .toList();
    }

    static Stream<Arguments> rows() throws IOException {
        return table().stream().map(Arguments::of);
    }

    static Stream<String> files() throws IOException {
        return table().stream().map(Row::file).distinct();
    }

    private static synchronized CaptureResult analyze(String file) throws IOException {
        CaptureResult r = RESULTS.get(file);
        if (r == null) {
            r = ANALYZER.analyze(lab().resolve(file));
            RESULTS.put(file, r);
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void connectionHasItsScenariosOutcomeAndCause(Row row) throws IOException {
        Optional<ConnectionRecord> found = analyze(row.file()).connections().stream()
                .filter(row::matches).findFirst();
        assertThat(found).as("record for %s (%s)", row, row.note()).isPresent();
        ConnectionRecord c = found.get();
        assertThat(c.client().toString()).isEqualTo(row.client());
        assertThat(c.server().toString()).isEqualTo(row.server());
        assertThat(c.outcome().name()).as("%s; reason: %s", row.note(), c.outcomeReason()).isEqualTo(row.outcome());
        if (row.causes().isEmpty()) {
            assertThat(c.diagnosis()).as(row.note()).isEmpty();
        } else {
            assertThat(c.diagnosis()).as("%s; reason: %s", row.note(), c.outcomeReason()).isNotEmpty();
            assertThat(c.diagnosis().get(0).cause().id()).as(row.note()).isIn(row.causes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyConnectionOfACaptureIsInTheTable(String file) throws IOException {
        long expected = table().stream().filter(r -> r.file().equals(file)).count();
        assertThat(analyze(file).connections()).hasSize((int) expected);
    }
}
