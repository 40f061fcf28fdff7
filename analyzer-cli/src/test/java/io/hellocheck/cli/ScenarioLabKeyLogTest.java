package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.tls.decrypt.KeyLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenario lab again, each capture analyzed with the key log its clients wrote (scenarios/keys/FILE.keys):
 * with the decrypted messages deciding, every connection keeps the outcome and first cause its scenario set up,
 * and no key log is left unmatched. Tagged "scenarios" like {@link ScenarioLabTest}.
 */
@Tag("scenarios")
class ScenarioLabKeyLogTest {
    private static final Map<String, CaptureResult> RESULTS = new HashMap<>();

    private static synchronized CaptureResult analyze(String file) throws IOException {
        CaptureResult r = RESULTS.get(file);
        if (r == null) {
            Path keys = ScenarioLabTest.lab().resolve("keys").resolve(file + ".keys");
            HelloCheck.Builder b = HelloCheck.builder();
            if (Files.exists(keys)) {
                b.keyLog(KeyLog.parse(Files.readAllBytes(keys)));
            }
            r = b.build().analyze(ScenarioLabTest.lab().resolve(file));
            RESULTS.put(file, r);
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.hellocheck.cli.ScenarioLabTest#rows")
    void withKeysEveryConnectionKeepsItsScenariosOutcomeAndCause(ScenarioLabTest.Row row) throws IOException {
        CaptureResult result = analyze(row.file());
        Optional<ConnectionRecord> found = result.connections().stream().filter(row::matches).findFirst();
        assertThat(found).as("record for %s", row).isPresent();
        ConnectionRecord c = found.get();
        assertThat(c.outcome().name()).as("%s; reason: %s; alerts %s", row.note(), c.outcomeReason(), c.alerts())
                .isEqualTo(row.outcome());
        if (row.causes().isEmpty()) {
            assertThat(c.diagnosis()).as(row.note()).isEmpty();
        } else {
            assertThat(c.diagnosis()).as("%s; reason: %s", row.note(), c.outcomeReason()).isNotEmpty();
            assertThat(c.diagnosis().get(0).cause().id()).as(row.note() + " " + c.diagnosis()).isIn(row.causes());
        }
    }
}
