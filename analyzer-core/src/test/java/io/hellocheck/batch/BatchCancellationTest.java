package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.capture.Cancellation;
import io.hellocheck.testing.CaptureWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling a parallel batch (2 threads, several inputs), by {@link Cancellation#cancel()} from the listener
 * or an interrupt of the calling thread: the run throws, the listener hears nothing more, no worker thread is
 * left and no spill file stays open.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BatchCancellationTest {
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final Path FDS = Path.of("/proc/self/fd");

    @TempDir
    static Path dir;
    private static List<String> inputs;

    /** Four captures of 30,000 refused connections each (60,000 frames, 30,000 TCP_REFUSED records). */
    @BeforeAll
    static void write() throws IOException {
        inputs = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Path f = dir.resolve("part" + c + ".pcap");
            try (CaptureWriter w = CaptureWriter.pcap(f)) {
                for (int i = 0; i < 30_000; i++) {
                    long t = T0 + i * 10_000L;
                    w.tcp("10.0." + c + ".1", 20000 + i, "10.1.0.2", 443).syn(t).refuse(t + 1_000);
                }
            }
            inputs.add(f.toString());
        }
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /**
     * Renders each record as 1 KiB of bytes it does not need the record beside, so that a task ahead spills;
     * at its {@code stopAt}-th record, waits until a spill file is open, then runs {@code stop}. Counts what it
     * hears after that.
     */
    private static final class Listener implements BatchListener {
        private final int stopAt;
        private final Runnable stop;
        private int records;
        final AtomicInteger heardAfterStop = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        volatile boolean stopped;
        volatile long stopNanos;
        volatile boolean spilled;

        Listener(int stopAt, Runnable stop) {
            this.stopAt = stopAt;
            this.stop = stop;
        }

        @Override
        public Object prepare(ConnectionRecord record) {
            byte[] line = new byte[1024];
            byte[] id = record.wiresharkFilter().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(id, 0, line, 0, Math.min(id.length, line.length));
            return line;
        }

        @Override
        public boolean recordNeededWhenPrepared() {
            return false;
        }

        @Override
        public void connection(ConnectionRecord record, Object prepared) {
            if (stopped) {
                heardAfterStop.incrementAndGet();
                return;
            }
            if (++records == stopAt) {
                spilled = waitForSpillFile();
                stopped = true;
                stopNanos = System.nanoTime();
                stop.run();
            }
        }

        @Override
        public void captureFinished(CaptureResult result) {
            if (stopped) {
                heardAfterStop.incrementAndGet();
            }
        }

        @Override
        public void error(InputError error) {
            errors.incrementAndGet();
            if (stopped) {
                heardAfterStop.incrementAndGet();
            }
        }
    }

    /** Spill files open in this process (deleted at creation on Linux, so only their descriptors show them). */
    private static long openSpillFiles() throws IOException {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("hellocheck-batch-");
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // closed meanwhile, or not a link
                }
            }).count();
        }
    }

    private static boolean waitForSpillFile() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try {
            while (System.nanoTime() < deadline) {
                if (openSpillFiles() > 0) {
                    return true;
                }
                Thread.sleep(10);
            }
        } catch (IOException | InterruptedException e) {
            return false;
        }
        return false;
    }

    private static Set<Thread> threads() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /** The batch's worker threads started since {@code before} still alive after a short grace for their exit. */
    private static List<Thread> workersLeft(Set<Thread> before) throws InterruptedException {
        List<Thread> left = new ArrayList<>();
        for (Thread t : threads()) {
            if (!before.contains(t) && t.getName().startsWith("hellocheck-worker-")) {
                // the pool has terminated when run returns; the thread itself may still be returning
                t.join(1000);
                if (t.isAlive()) {
                    left.add(t);
                }
            }
        }
        return left;
    }

    @Test
    void aCancelFromTheListenerStopsEveryTaskAndLeavesNothingBehind() throws Exception {
        assumeTrue(Files.isDirectory(FDS), "needs /proc/self/fd to see the spill files");
        Cancellation cancellation = new Cancellation();
        BatchAnalyzer batch = BatchAnalyzer.builder(HelloCheck.builder().build()).threads(2)
                .cancellation(cancellation).build();
        Listener listener = new Listener(100, cancellation::cancel);
        Set<Thread> before = threads();

        assertThatThrownBy(() -> batch.run(inputs, null, listener)).isInstanceOf(CancellationException.class);
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - listener.stopNanos);

        assertThat(listener.spilled).as("a task ahead spilled before the cancel").isTrue();
        assertThat(listener.heardAfterStop.get()).isZero();
        assertThat(listener.errors.get()).isZero();
        assertThat(workersLeft(before)).isEmpty();
        assertThat(openSpillFiles()).isZero();
        assertThat(latencyMillis).isLessThan(10_000);
        // a cancelled batch stays cancelled: a later run stops before reading anything
        assertThatThrownBy(() -> batch.run(inputs, null, new BatchListener() { }))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void anInterruptOfTheCallingThreadStopsTheBatchAsACancelDoes() throws Exception {
        assumeTrue(Files.isDirectory(FDS), "needs /proc/self/fd to see the spill files");
        BatchAnalyzer batch = BatchAnalyzer.builder(HelloCheck.builder().build()).threads(2).build();
        Thread self = Thread.currentThread();
        Listener listener = new Listener(100, self::interrupt);
        Set<Thread> before = threads();

        assertThatThrownBy(() -> batch.run(inputs, null, listener)).isInstanceOf(InterruptedException.class);

        assertThat(listener.spilled).isTrue();
        assertThat(listener.heardAfterStop.get()).isZero();
        assertThat(listener.errors.get()).isZero();
        assertThat(workersLeft(before)).isEmpty();
        assertThat(openSpillFiles()).isZero();
    }

    @Test
    void runStreamStopsOnTheCallingThreadAndThrows() throws Exception {
        Cancellation cancellation = new Cancellation();
        BatchAnalyzer batch = BatchAnalyzer.builder(HelloCheck.builder().build()).cancellation(cancellation).build();
        AtomicInteger heard = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        BatchListener listener = new BatchListener() {
            @Override
            public void connection(ConnectionRecord record) {
                if (heard.incrementAndGet() == 10) {
                    cancellation.cancel();
                }
            }

            @Override
            public void error(InputError error) {
                errors.incrementAndGet();
            }
        };
        try (var in = Files.newInputStream(Path.of(inputs.get(0)))) {
            assertThatThrownBy(() -> batch.runStream(in, "part0.pcap", true, listener))
                    .isInstanceOf(CancellationException.class);
        }
        assertThat(heard.get()).isEqualTo(10);
        assertThat(errors.get()).isZero();
    }

    /**
     * A tar of 200 captures of 300 frames each, read by one task: each entry is far under 4,096 frames, so it is
     * the check between entries (or every MiB read) that stops the task, long before the end of the tar.
     */
    @Test
    void aTaskReadingAnArchiveStopsBetweenItsEntries() throws Exception {
        Path tar = dir.resolve("many.tar");
        try (OutputStream out = Files.newOutputStream(tar);
             TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (int e = 0; e < 200; e++) {
                Path entry = dir.resolve("entry.pcap");
                try (CaptureWriter w = CaptureWriter.pcap(entry)) {
                    for (int i = 0; i < 150; i++) {
                        long time = T0 + i * 10_000L;
                        w.tcp("10.0.9.1", 20000 + i, "10.1.0.2", 443).syn(time).refuse(time + 1_000);
                    }
                }
                TarArchiveEntry te = new TarArchiveEntry(entry.toFile(), "c" + e + ".pcap");
                t.putArchiveEntry(te);
                Files.copy(entry, t);
                t.closeArchiveEntry();
            }
        }
        Cancellation cancellation = new Cancellation();
        // records may wait 1 MiB ahead of the listener: the task cannot be far ahead when the cancel comes
        BatchAnalyzer batch = BatchAnalyzer.builder(HelloCheck.builder().build()).threads(2)
                .cancellation(cancellation).bufferBytes(1 << 20).build();
        AtomicInteger started = new AtomicInteger();
        AtomicLong read = new AtomicLong();
        BatchListener listener = new BatchListener() {
            @Override
            public void captureStarted(String capture) {
                if (started.incrementAndGet() == 3) {
                    cancellation.cancel();
                }
            }
        };
        ProgressListener progress = new ProgressListener() {
            @Override
            public void bytesRead(long bytes) {
                read.addAndGet(bytes);
            }
        };
        Set<Thread> before = threads();

        assertThatThrownBy(() -> batch.run(List.of(tar.toString()), null, listener, progress))
                .isInstanceOf(CancellationException.class);

        assertThat(started.get()).isEqualTo(3);
        assertThat(read.get()).isLessThan(Files.size(tar) / 2);
        assertThat(workersLeft(before)).isEmpty();
    }
}
