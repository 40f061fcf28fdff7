package io.hellocheck.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReaderVsLibpcapTest} over the public capture corpus in {@code ../shared/captures/public}
 * (read-only; gzipped files are decompressed into a temporary folder for libpcap). Run with
 * {@code mvn -pl analyzer-core -am test -Dhellocheck.excludedGroups= -Dhellocheck.groups=public-captures}.
 */
@Tag("public-captures")
class ReaderVsLibpcapPublicCapturesTest {

    @TempDir
    Path tmp;

    @Test
    void everyPublicCaptureReadsLikeLibpcap(TestReporter reporter) throws IOException {
        Path dir = Path.of(System.getProperty("hellocheck.shared", "../shared"), "captures", "public");
        List<Path> files = LibpcapComparison.capturesUnder(dir);
        assertThat(files).as("captures under " + dir).isNotEmpty();
        List<LibpcapComparison.Outcome> outcomes = LibpcapComparison.compareAll(files, tmp);
        ReaderVsLibpcapTest.report(reporter, dir, outcomes);
        assertThat(outcomes).anyMatch(LibpcapComparison.Outcome::compared);
    }
}
