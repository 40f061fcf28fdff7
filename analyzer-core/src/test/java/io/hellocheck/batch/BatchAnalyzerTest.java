package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.testing.CaptureWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The batch at the library level: order, bounded buffering, failures kept per input, the summary. */
class BatchAnalyzerTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();
    private static final long T0 = 1_800_000_000_000_000_000L;

    static Path samples() {
        String r = System.getProperty("hellocheck.root");
        return (r == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(r)).resolve("sample-captures");
    }

    /** A capture with {@code n} refused connections to port 443: n TCP_REFUSED records. */
    static Path refused(Path file, int n) throws IOException {
        try (CaptureWriter w = CaptureWriter.pcap(file)) {
            for (int i = 0; i < n; i++) {
                long t = T0 + i * 1_000_000L;
                w.tcp("10.0.0.1", 20000 + i, "10.0.0.2", 443).syn(t).refuse(t + 100_000);
            }
        }
        return file;
    }

    /** Every event as one line, in the order the listener saw them. */
    static final class Log implements BatchListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void inputs(List<String> inputs, long totalBytes) {
            lines.add("inputs " + inputs);
        }

        @Override
        public void captureStarted(String capture) {
            lines.add("start " + capture);
        }

        @Override
        public void connection(ConnectionRecord r) {
            lines.add("connection " + r.capture() + " " + r.tcpStream() + " " + r.outcome());
        }

        @Override
        public void captureFinished(CaptureResult result) {
            lines.add("finish " + result.summary().capture() + " " + result.summary().connectionRecords());
        }

        @Override
        public void warning(String input, CaptureWarning warning) {
            lines.add("warning " + input);
        }

        @Override
        public void error(InputError error) {
            lines.add("error " + error.capture() + " " + error.kind());
        }

        @Override
        public void skipped(String name) {
            lines.add("skipped " + name);
        }
    }

    @Test
    void eventsComeInInputOrderWhateverTheThreads(@TempDir Path dir) throws Exception {
        refused(dir.resolve("many.pcap"), 600);
        Files.writeString(dir.resolve("bad.pcap"), "not a capture");
        List<String> inputs = List.of(samples().toString(), dir.toString());
        Log one = new Log();
        BatchSummary s1 = BatchAnalyzer.builder(ANALYZER).threads(1).build().run(inputs, null, one);
        Log eight = new Log();
        BatchSummary s8 = BatchAnalyzer.builder(ANALYZER).threads(8).build().run(inputs, null, eight);
        assertThat(eight.lines).isEqualTo(one.lines);
        assertThat(s8).isEqualTo(s1);
        assertThat(s1.errors()).isEqualTo(1);
        assertThat(s1.outcomes().get(Outcome.TCP_REFUSED)).isEqualTo(601L);
        // Each capture's records sit between its start and its finish.
        String current = null;
        for (String line : one.lines) {
            if (line.startsWith("start ")) {
                current = line.substring(6);
            } else if (line.startsWith("connection ")) {
                assertThat(line).startsWith("connection " + current + " ");
            } else if (line.startsWith("finish ") || line.startsWith("error ")) {
                current = null;
            }
        }
    }

    @Test
    void preparedWorkComesBackWithItsRecordOnTheListenersThread(@TempDir Path dir) throws Exception {
        refused(dir.resolve("a.pcap"), 300);
        refused(dir.resolve("b.pcap"), 300);
        for (List<String> inputs : List.of(List.of(dir.toString()), List.of(dir.resolve("a.pcap").toString()))) {
            Thread listenerThread = Thread.currentThread();
            Set<String> preparedOn = ConcurrentHashMap.newKeySet();
            List<String> seen = new ArrayList<>();
            BatchListener l = new BatchListener() {
                @Override
                public Object prepare(ConnectionRecord r) {
                    preparedOn.add(Thread.currentThread().getName());
                    return r.capture() + " " + r.tcpStream();
                }

                @Override
                public void connection(ConnectionRecord r, Object prepared) {
                    assertThat(Thread.currentThread()).isSameAs(listenerThread);
                    assertThat(prepared).isEqualTo(r.capture() + " " + r.tcpStream());
                    seen.add((String) prepared);
                }

                @Override
                public void error(InputError e) {
                    seen.add("error " + e.message());
                }
            };
            BatchAnalyzer.builder(ANALYZER).threads(2).build().run(inputs, null, l);
            boolean oneCapture = inputs.get(0).endsWith(".pcap");
            assertThat(seen).hasSize(oneCapture ? 300 : 600);
            // several captures: on the workers; one capture: on the listener's thread, beside the analysis
            if (oneCapture) {
                assertThat(preparedOn).containsExactly(listenerThread.getName());
            } else {
                assertThat(preparedOn).allMatch(n -> n.startsWith("hellocheck-worker-"));
            }
        }
    }

    @Test
    @Timeout(30)
    void aTaskFarAheadWaitsInsteadOfBufferingAllItsRecords(@TempDir Path dir) throws Exception {
        // three times what fits in the smallest share of the buffer (1 MiB per task), unprepared records
        int records = 3 * (int) ((1 << 20) / Events.Sink.RECORD_BYTES);
        assertThat(finishedWhileTheFirstWasWritten(dir, records, 0)).isFalse();
    }

    @Test
    @Timeout(30)
    void aTaskWithRoomFinishesWhileAnEarlierOneIsWritten(@TempDir Path dir) throws Exception {
        // a share of the default buffer holds hundreds of records: the second capture need not wait
        assertThat(finishedWhileTheFirstWasWritten(dir, 600, BatchAnalyzer.defaultBufferBytes())).isTrue();
    }

    /**
     * A listener that renders each record to bytes and does not need it afterwards: a task far ahead puts the
     * bytes in a spill file instead of waiting (the smallest buffer share, 1 MiB, holds about 800 of these
     * 1 KiB lines: 3,000 overflow it), and everything still arrives in order, counted in the summary, with the
     * spill file deleted.
     */
    @Test
    @Timeout(30)
    void aTaskFarAheadSpillsRenderedRecordsToDiskInsteadOfWaiting(@TempDir Path dir) throws Exception {
        Path first = refused(dir.resolve("a-first.pcap"), 1);
        Path big = refused(dir.resolve("b-big.pcap"), 3000);
        String pad = "x".repeat(1000);
        Set<String> done = ConcurrentHashMap.newKeySet();
        List<String> doneWhileStuck = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<ConnectionRecord> records = new ArrayList<>();
        BatchListener rendering = new BatchListener() {
            @Override
            public Object prepare(ConnectionRecord r) {
                return (Path.of(r.capture()).getFileName() + " " + r.tcpStream() + " " + pad)
                        .getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public boolean recordNeededWhenPrepared() {
                return false;
            }

            @Override
            public void connection(ConnectionRecord r, Object prepared) {
                String line = new String((byte[]) prepared, StandardCharsets.UTF_8);
                if (lines.isEmpty()) {
                    try {
                        // the consumer is stuck on the first capture while the big one runs on
                        Thread.sleep(1500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    doneWhileStuck.addAll(done);
                }
                records.add(r);
                lines.add(line.substring(0, line.length() - pad.length() - 1));
            }
        };
        ProgressListener progress = new ProgressListener() {
            @Override
            public void fileDone(String name, boolean failed) {
                done.add(name);
            }
        };
        long spillsBefore = spillFiles();
        BatchSummary s = BatchAnalyzer.builder(ANALYZER).threads(2).bufferBytes(0).build()
                .run(List.of(first.toString(), big.toString()), null, rendering, progress);
        assertThat(doneWhileStuck).contains(big.toString());
        List<String> expected = new ArrayList<>(List.of("a-first.pcap 0"));
        for (int i = 0; i < 3000; i++) {
            expected.add("b-big.pcap " + i);
        }
        assertThat(lines).isEqualTo(expected);
        assertThat(records).containsOnlyNulls();
        assertThat(s.connectionRecords()).isEqualTo(3001L);
        assertThat(s.outcomes()).containsExactly(Map.entry(Outcome.TCP_REFUSED, 3001L));
        assertThat(s.servers()).singleElement().satisfies(t -> {
            assertThat(t.server().toString()).isEqualTo("10.0.0.2:443");
            assertThat(t.failed()).isEqualTo(3001L);
            assertThat(t.topCauses()).containsExactly(new BatchSummary.Cause("TCP_REFUSED", 3001L));
        });
        assertThat(spillFiles()).isEqualTo(spillsBefore);
    }

    private static long spillFiles() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("hellocheck-batch-")).count();
        }
    }

    /** Whether a capture of {@code records} records is done while the listener is stuck on an earlier one. */
    private static boolean finishedWhileTheFirstWasWritten(Path dir, int records, long bufferBytes)
            throws Exception {
        Path first = refused(dir.resolve("a-first.pcap"), 1);
        Path big = refused(dir.resolve("b-big.pcap"), records);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> done = ConcurrentHashMap.newKeySet();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        BatchListener slow = new BatchListener() {
            @Override
            public void connection(ConnectionRecord r) {
                if (r.capture().equals(first.toString()) && release.getCount() > 0) {
                    try {
                        // The consumer is stuck on the first capture while the big one runs on.
                        Thread.sleep(1500);
                        seen.addAll(done);
                        release.countDown();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        ProgressListener progress = new ProgressListener() {
            @Override
            public void fileDone(String name, boolean failed) {
                done.add(name);
            }
        };
        BatchSummary s = BatchAnalyzer.builder(ANALYZER).threads(2).bufferBytes(bufferBytes).build()
                .run(List.of(first.toString(), big.toString()), null, slow, progress);
        assertThat(release.await(0, TimeUnit.SECONDS)).isTrue();
        assertThat(s.connectionRecords()).isEqualTo(1L + records);
        assertThat(done).contains(big.toString());
        return seen.contains(big.toString());
    }

    @Test
    @Timeout(30)
    void aFailingListenerStopsTheRunWithoutHanging(@TempDir Path dir) throws Exception {
        refused(dir.resolve("a.pcap"), 2000);
        refused(dir.resolve("b.pcap"), 2000);
        BatchListener failing = new BatchListener() {
            @Override
            public void connection(ConnectionRecord r) {
                // how the command line's renderers say that the output failed
                throw new java.io.UncheckedIOException(new IOException("disk full"));
            }
        };
        BatchAnalyzer batch = BatchAnalyzer.builder(ANALYZER).threads(2).build();
        assertThatThrownBy(() -> batch.run(List.of(dir.toString()), null, failing))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("disk full");
    }

    @Test
    void theSummaryCountsPerServerPerClientAndListsTheErrors(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x.pcap"), "nope");
        BatchSummary s = BatchAnalyzer.builder(ANALYZER).threads(3).build()
                .run(List.of(samples().toString(), dir.resolve("x.pcap").toString(), "-"),
                        new ByteArrayInputStream(Files.readAllBytes(samples().resolve("tls13-ok.pcap"))),
                        new BatchListener() { });
        assertThat(s.captures()).isEqualTo(19);
        assertThat(s.errors()).isEqualTo(1);
        assertThat(s.errorList()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(InputError.Kind.NOT_A_CAPTURE);
            assertThat(e.byteOffset()).isEqualTo(0);
        });
        assertThat(s.skippedFiles()).isPositive();
        assertThat(s.servers().get(0).failed()).isGreaterThanOrEqualTo(s.servers().get(1).failed());
        BatchSummary.ServerTotals alerting = s.servers().stream()
                .filter(t -> t.server().toString().equals("127.0.0.1:4433")).findFirst().orElseThrow();
        assertThat(alerting.topCauses().get(0).cause()).isEqualTo("SERVER_ALERT handshake_failure (40) from server");
        assertThat(alerting.serverNames()).containsExactly("localhost");
        assertThat(s.clientKeyKind()).isEqualTo("ja4");
        long clientRecords = s.clients().stream().mapToLong(BatchSummary.ClientTotals::connections).sum();
        assertThat(clientRecords + s.recordsWithoutClientHello()).isEqualTo(s.connectionRecords());
        assertThat(s.clients()).allSatisfy(c -> assertThat(c.key()).matches("t1[0-3][di]\\d{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}"));
    }

    @Test
    void clientKeysIgnoreOrderAndGrease() {
        ClientKey k = ClientKey.suitesAndVersions();
        var a = hello(List.of(0x1301, 0x1302, 0x0a0a), List.of(0x0304, 0x0303));
        var b = hello(List.of(0x1302, 0x1301), List.of(0x0303, 0x0304, 0x2a2a));
        var c = hello(List.of(0x1301), List.of(0x0304, 0x0303));
        assertThat(k.key(a)).isEqualTo(k.key(b)).isNotEqualTo(k.key(c));
    }

    private static io.hellocheck.tls.ClientHello hello(List<Integer> suites, List<Integer> versions) {
        return new io.hellocheck.tls.ClientHello(0x0303, new byte[32], new byte[0], suites, List.of(0), List.of(),
                null, versions, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
