package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.HelloInfo;
import io.hellocheck.analysis.ServerHelloInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Analyzes the public captures in {@code ../shared/captures/public} with our pipeline, computes JA3, JA3S
 * and JA4 of every hello in the connection records, and compares them with the committed expectation
 * files ({@code fingerprints/*.tsv}, one per independent source, written by
 * {@code tools/generate-fingerprint-expectations.py}). A hello is found by capture, tcp.stream and message
 * (and by tshark's frame among the connection's ClientHellos).
 *
 * <p>Prints, per source file and fingerprint, how many values were compared and how many agree, and how
 * many hellos are known gaps of our pipeline (listed with their reason in the files). Fails on any
 * difference, and on any hello missing from our records that the files do not list as a known gap.
 *
 * <p>Run with {@code mvn -B -o test -pl analyzer-core -am -Dhellocheck.excludedGroups=
 * -Dhellocheck.groups=public-captures -Dsurefire.failIfNoSpecifiedTests=false}; the system property
 * {@code hellocheck.shared} names the shared directory.
 */
@Tag("public-captures")
class PublicCaptureFingerprintTest {

    /** One row of an expectation file. */
    record Row(String file, int line, String capture, int stream, String message, String frame, String fingerprint,
               String expected, String status, String knownGap) {
        boolean isGap() {
            return !knownGap.equals("-");
        }

        String where() {
            return file + ":" + line + " " + capture + " tcp.stream " + stream + " " + message
                    + (frame.equals("-") ? "" : " frame " + frame) + " " + fingerprint;
        }
    }

    /** Counts for one source file and fingerprint. */
    static final class Tally {
        int compared;
        int agreeing;
        int corrected;
        int gapsMissing;
        int gapsNowPresent;
    }

    private final HelloCheck helloCheck = HelloCheck.builder().build();
    private final Map<String, List<ConnectionRecord>> records = new HashMap<>();

    @Test
    void fingerprintsOfEveryPublicCaptureAgreeWithIndependentSources() throws IOException, URISyntaxException {
        Path shared = Paths.get(System.getProperty("hellocheck.shared", "../shared"));
        Path pub = shared.resolve("captures").resolve("public");
        assertThat(pub).as("public captures (system property hellocheck.shared)").isDirectory();

        Map<String, Tally> tallies = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<Path> files = FingerprintFixtureTest.list(FingerprintFixtureTest.dir("fingerprints"), ".tsv");
        int rows = 0;
        for (Path f : files) {
            for (Row r : read(f)) {
                rows++;
                Tally t = tallies.computeIfAbsent(r.file() + " " + r.fingerprint(), k -> new Tally());
                String actual = actual(pub, r);
                if (actual == null) {
                    if (r.isGap()) {
                        t.gapsMissing++;
                    } else {
                        failures.add(r.where() + ": no such hello in our records (expected " + r.expected() + ")");
                    }
                    continue;
                }
                t.compared++;
                if (r.status().equals("corrected")) {
                    t.corrected++;
                }
                if (r.isGap()) {
                    t.gapsNowPresent++;
                }
                if (actual.equals(r.expected())) {
                    t.agreeing++;
                } else {
                    failures.add(r.where() + ": expected " + r.expected() + " but computed " + actual);
                }
            }
        }
        System.out.println(report(tallies));
        assertThat(rows).isGreaterThan(1000);
        assertThat(failures).as("fingerprint differences and unexplained missing hellos").isEmpty();
    }

    private static String report(Map<String, Tally> tallies) {
        StringBuilder b = new StringBuilder("JA3/JA3S/JA4 against independent sources\n");
        b.append(String.format("%-36s %9s %9s %10s %12s %12s%n", "source file / fingerprint", "compared",
                "agreeing", "corrected", "gap-missing", "gap-present"));
        Tally total = new Tally();
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            b.append(String.format("%-36s %9d %9d %10d %12d %12d%n", e.getKey(), t.compared, t.agreeing,
                    t.corrected, t.gapsMissing, t.gapsNowPresent));
            total.compared += t.compared;
            total.agreeing += t.agreeing;
            total.corrected += t.corrected;
            total.gapsMissing += t.gapsMissing;
            total.gapsNowPresent += t.gapsNowPresent;
        }
        b.append(String.format("%-36s %9d %9d %10d %12d %12d%n", "total", total.compared, total.agreeing,
                total.corrected, total.gapsMissing, total.gapsNowPresent));
        b.append("(corrected: the source deviates from the definition and the file gives the definition's value; "
                + "gap: a known gap of our pipeline, missing from our records or now present and compared)");
        return b.toString();
    }

    /** Our value for the row's hello, "-" for a hello we could not decode, or null when we have no such hello. */
    private String actual(Path pub, Row r) {
        List<ConnectionRecord> conns = records.computeIfAbsent(r.capture(), c -> analyze(pub.resolve(c)));
        ConnectionRecord rec = null;
        for (ConnectionRecord c : conns) {
            if (c.tcpStream() == r.stream() && (rec == null || rec.clientHello() == null)) {
                rec = c;
            }
        }
        if (rec == null) {
            return null;
        }
        switch (r.message()) {
            case "client_hello":
            case "client_hello_2": {
                HelloInfo h = clientHello(rec, r);
                if (h == null) {
                    return null;
                }
                // JA3 and JA4 read TLS ClientHello records only: an SSLv2-format hello has none ("-", as in JSON)
                return h.hello() == null || h.hello().sslV2() ? "-"
                        : FingerprintFixtureTest.client(h.hello(), r.fingerprint());
            }
            case "server_hello":
            case "hello_retry_request": {
                ServerHelloInfo s = r.message().equals("server_hello") ? rec.serverHello() : rec.helloRetryRequest();
                if (s == null) {
                    return null;
                }
                return s.hello().legacyVersion() == SslV2.VERSION ? "-"
                        : FingerprintFixtureTest.server(s.hello(), r.fingerprint());
            }
            default:
                throw new IllegalArgumentException(r.where() + ": unknown message " + r.message());
        }
    }

    /** By tshark's frame (one the message spans) when the row has one, else by position. */
    private static HelloInfo clientHello(ConnectionRecord rec, Row r) {
        HelloInfo[] hellos = {rec.clientHello(), rec.retryClientHello()};
        if (!r.frame().equals("-")) {
            long frame = Long.parseLong(r.frame());
            for (HelloInfo h : hellos) {
                if (h != null && h.frames().contains(frame)) {
                    return h;
                }
            }
            return null;
        }
        return r.message().equals("client_hello") ? hellos[0] : hellos[1];
    }

    private List<ConnectionRecord> analyze(Path capture) {
        try {
            return helloCheck.analyze(capture).connections();
        } catch (IOException e) {
            throw new UncheckedIOException(capture.toString(), e);
        }
    }

    static List<Row> read(Path f) throws IOException {
        List<Row> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || line.startsWith("capture\t") || line.isBlank()) {
                continue;
            }
            String[] c = line.split("\t", -1);
            out.add(new Row(f.getFileName().toString(), i + 1, c[0], Integer.parseInt(c[1]), c[2], c[3], c[4], c[5],
                    c[6], c[7]));
        }
        return out;
    }
}
