package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hellocheck.engine.HelloCheck;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target (Jazzer, see "Fuzzing" in README.md): the archive expander and decompressors (zip, tar, gzip, xz,
 * bzip2, zstd, nested) reading any bytes as standard input, with small bounds (1 MiB per entry, 4 MiB per
 * archive, ratio 100, 64 entries). The run ends; no error is an internal one; the summary counts no more
 * captures than entries the bounds allow.
 */
class ArchiveFuzzTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();
    private static final ArchiveLimits LIMITS = new ArchiveLimits(1 << 20, 4 << 20, 100, 64);

    @FuzzTest(maxDuration = "20s")
    void standardInput(byte[] data) throws Exception {
        List<InputError> errors = new ArrayList<>();
        BatchSummary s = BatchAnalyzer.builder(ANALYZER).threads(1).archiveLimits(LIMITS).build()
                .run(List.of("-"), new ByteArrayInputStream(data), new BatchListener() {
                    @Override
                    public void error(InputError e) {
                        errors.add(e);
                    }
                });
        assertThat(errors).noneMatch(e -> e.kind() == InputError.Kind.INTERNAL);
        assertThat(s.captures()).isLessThanOrEqualTo(LIMITS.maxEntries() * LIMITS.maxEntries() + 1);
    }
}
