package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 320 seeded mutants of the sample captures ({@link Mutants}), each analyzed in one run beside an untouched
 * capture ({@code --format jsonl --threads 2}): the run ends with exit code 0, 1 or 2; every line is one JSON
 * object; no error is internal and no line says "internal error"; and the untouched capture's lines are byte for
 * byte those it gets alone.
 */
class MutatedSamplesTest {
    private static final long SEED = 0x12_2026_1207L;
    private static final int MUTANTS = 320;

    private static List<String> linesOf(Run run, String capture) {
        List<String> out = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            if (line.contains("\"capture\":\"" + capture + "\"")) {
                out.add(line);
            }
        }
        return out;
    }

    private record Run(int code, String out) {
    }

    private static Run analyze(String... inputs) {
        List<String> args = new ArrayList<>(List.of("analyze", "--format", "jsonl", "--threads", "2"));
        args.addAll(List.of(inputs));
        Runs.Run r = Runs.run(args.toArray(String[]::new));
        return new Run(r.code(), r.out());
    }

    @Test
    void mutantsNeitherCrashNorTouchTheOtherInput(@TempDir Path dir) throws IOException {
        List<Path> samples;
        try (Stream<Path> s = Files.list(Paths.samples())) {
            samples = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                    .toList();
        }
        Path untouched = Files.copy(Paths.samples().resolve("tls12-ok.pcap"), dir.resolve("untouched.pcap"));
        List<String> alone = linesOf(analyze(untouched.toString()), untouched.toString());
        assertThat(alone).isNotEmpty();
        Random rnd = new Random(SEED);
        int[] codes = new int[3];
        for (int i = 0; i < MUTANTS; i++) {
            Path sample = samples.get(i % samples.size());
            int kind = i % Mutants.KINDS.length;
            Path mutant = dir.resolve("m" + i + "-" + Mutants.KINDS[kind] + ".pcap");
            Files.write(mutant, Mutants.mutate(Files.readAllBytes(sample), kind, rnd));
            Run r = analyze(mutant.toString(), untouched.toString());
            String what = "mutant " + i + " (" + Mutants.KINDS[kind] + " of " + sample.getFileName() + ")";
            assertThat(r.code()).as(what).isBetween(0, 2);
            codes[r.code()]++;
            for (String line : r.out().split("\n")) {
                JsonNode n = Runs.JSON.readTree(line);
                assertThat(n.isObject()).as(what + ": " + line).isTrue();
                assertThat(n.path("kind").asText()).as(what + ": " + line).isNotEqualTo("internal");
            }
            assertThat(r.out()).as(what).doesNotContain("internal error");
            assertThat(linesOf(r, untouched.toString())).as(what).isEqualTo(alone);
            Files.delete(mutant);
        }
        assertThat(codes[2]).as("mutants that are errors").isPositive();
        assertThat(codes[0] + codes[1]).as("mutants read to their end").isPositive();
    }
}
