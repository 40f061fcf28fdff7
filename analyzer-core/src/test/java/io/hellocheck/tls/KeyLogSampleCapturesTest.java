package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.AlertInfo;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.DecryptedHandshake;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.report.JsonRecords;
import io.hellocheck.report.Redactor;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.decrypt.KeyLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The key-log sample captures ({@code sample-captures-keylog}, made on loopback by its generate.sh with
 * openssl, curl and gnutls-cli key logs) against what tshark decrypts with the same key logs
 * ({@code EXPECTED.tsv}, written by expected.py): per connection and side, the encrypted handshake messages
 * (hellocheck stops reading a connection once its outcome is decided, so its list is tshark's up to at least the
 * side's Finished), the alerts, the Finished frame and the certificate subjects (as openssl prints them). The
 * {@code -dsb.pcapng} capture is analyzed without a key log: its Decryption Secrets Block holds it.
 */
class KeyLogSampleCapturesTest {

    static Path dir() {
        String r = System.getProperty("hellocheck.root");
        return (r == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(r)).resolve("sample-captures-keylog");
    }

    private record Expected(String file, int stream, Side side, boolean tls13, List<Integer> types,
                            List<String> alerts, long finishedFrame, List<String> subjects) {
    }

    private static List<Expected> expected() throws IOException {
        List<Expected> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir().resolve("EXPECTED.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split("\t", -1);
            out.add(new Expected(v[0], Integer.parseInt(v[1]), v[2].equals("server") ? Side.SERVER : Side.CLIENT,
                    v[3].equals("1"), v[4].equals("-") ? List.of()
                    : Arrays.stream(v[4].split(",")).map(Integer::valueOf).toList(),
                    v[5].equals("-") ? List.of() : List.of(v[5].split(",")),
                    v[6].equals("-") ? -1 : Long.parseLong(v[6]),
                    v[7].equals("-") ? List.of() : List.of(v[7].split(" \\| "))));
        }
        return out;
    }

    private static final Map<String, Integer> TYPES = Map.of("new_session_ticket", 4, "encrypted_extensions", 8,
            "certificate", 11, "certificate_request", 13, "certificate_verify", 15, "finished", 20, "key_update", 24);

    @TestFactory
    List<DynamicTest> everyCaptureAgreesWithTshark() throws IOException {
        Map<String, List<Expected>> byFile = expected().stream()
                .collect(Collectors.groupingBy(Expected::file, LinkedHashMap::new, Collectors.toList()));
        assertThat(byFile).hasSizeGreaterThanOrEqualTo(20);
        List<DynamicTest> tests = new ArrayList<>();
        byFile.forEach((file, rows) -> tests.add(DynamicTest.dynamicTest(file, () -> check(file, rows))));
        return tests;
    }

    private static void check(String file, List<Expected> rows) throws IOException {
        HelloCheck.Builder b = HelloCheck.builder();
        String base = file.replaceAll("(-dsb)?\\.pcap(ng)?$", "");
        if (!file.endsWith("-dsb.pcapng")) {
            b.keyLog(KeyLog.parse(Files.readAllBytes(dir().resolve(base + ".keys"))));
        }
        CaptureResult r = b.build().analyze(dir().resolve(file));
        assertThat(r.warnings()).as(file + " warnings").isEmpty();
        for (ConnectionRecord c : r.connections()) {
            List<Expected> sides = rows.stream().filter(e -> e.stream() == c.tcpStream()).toList();
            boolean fatal = sides.stream().anyMatch(e -> e.alerts().stream().anyMatch(a -> a.startsWith("2:")));
            boolean bothFinished = sides.size() == 2 && sides.stream().allMatch(e -> e.finishedFrame() > 0);
            // CONTRACT.md with keys: a fatal alert fails the handshake; both Finished and none completes it
            assertThat(c.outcome()).as(file + " stream " + c.tcpStream() + ": " + c.outcomeReason())
                    .isEqualTo(fatal ? Outcome.FAILED_AFTER_SERVER_HELLO
                            : bothFinished ? Outcome.COMPLETED : c.outcome());
            String redacted = JsonRecords.connection(new Redactor().redact(c)).toString();
            for (Expected e : sides) {
                for (String subject : e.subjects()) {
                    assertThat(redacted).as(file + " redacted").doesNotContain(subject.substring(3));
                }
            }
        }
        for (Expected e : rows) {
            ConnectionRecord c = r.connections().stream().filter(x -> x.tcpStream() == e.stream()).findFirst()
                    .orElseThrow();
            String what = file + " stream " + e.stream() + " " + e.side().label() + " (" + c.outcome() + ": "
                    + c.outcomeReason() + ")";
            DecryptedHandshake d = c.decryption();
            assertThat(d).as(what + " decrypted").isNotNull();
            assertThat(d.problem()).as(what).isNull();
            List<Integer> ours = (e.side() == Side.SERVER ? d.serverMessages() : d.clientMessages()).stream()
                    .map(TYPES::get).toList();
            int finished = e.types().indexOf(20);
            List<Integer> upToFinished = finished < 0 ? e.types() : e.types().subList(0, finished + 1);
            assertThat(startsWith(ours, upToFinished)).as(what + " our encrypted handshake messages " + ours
                    + " begin with tshark's up to the Finished " + upToFinished).isTrue();
            assertThat(startsWith(e.types(), ours)).as(what + " tshark's messages " + e.types() + " begin with ours "
                    + ours).isTrue();
            long ourFinished = e.side() == Side.SERVER ? d.serverFinishedFrame() : d.clientFinishedFrame();
            assertThat(ourFinished).as(what + " Finished frame").isEqualTo(e.finishedFrame());
            List<String> ourAlerts = c.alerts().stream().filter(a -> a.from() == e.side())
                    .map(a -> a.level() + ":" + a.description()).toList();
            assertThat(startsWith(e.alerts(), ourAlerts)).as(what + " tshark's alerts " + e.alerts()
                    + " begin with ours " + ourAlerts).isTrue();
            for (AlertInfo a : c.alerts()) {
                if (a.from() == e.side()) {
                    assertThat(a.encrypted()).as(what + " alert not left encrypted").isFalse();
                }
            }
            if (c.outcome().isFailure() && e.alerts().stream().anyMatch(s -> s.startsWith("2:"))) {
                String fatal = e.alerts().stream().filter(s -> s.startsWith("2:")).findFirst().orElseThrow();
                assertThat(ourAlerts).as(what + " the fatal alert").contains(fatal);
            }
            List<String> subjects = e.side() == Side.SERVER
                    ? c.serverFlight().certificates().stream().map(x -> x.subject()).toList()
                    : d.clientCertificates() == null ? List.of()
                    : d.clientCertificates().stream().map(x -> x.subject()).toList();
            assertThat(subjects).as(what + " certificate subjects").isEqualTo(e.subjects());
        }
    }

    private static <T> boolean startsWith(List<T> list, List<T> prefix) {
        return list.size() >= prefix.size() && list.subList(0, prefix.size()).equals(prefix);
    }
}
