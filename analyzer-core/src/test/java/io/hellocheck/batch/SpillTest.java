package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hellocheck.analysis.Outcome;
import io.hellocheck.tcp.Endpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The spill protocol of {@link Events.Sink}, driven by hand on one thread. Each record weighs 1 KiB in the
 * queue (768 bytes + 256), as does {@code Started}: the queue takes {@code Started} and records 0 to 1,022
 * (1 MiB), then records from 1,023 on go to the spill file.
 */
class SpillTest {
    private static final int QUEUED = 1023;

    private static Events.Connection record(int i, String serverName) {
        byte[] line = new byte[768];
        byte[] id = ("r" + i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, line, 0, id.length);
        SummaryBuilder.Tally t = new SummaryBuilder.Tally(Outcome.TCP_REFUSED, true, new Endpoint("10.0.0.2", 443),
                "TCP_REFUSED", serverName, null, List.of(), List.of(), "port_not_listening");
        return new Events.Connection(null, new Events.Prepared(t, line));
    }

    private static Events.Connection record(int i) {
        return record(i, "s" + i);
    }

    private static String id(Object event) {
        byte[] line = (byte[]) ((Events.Connection) event).prepared().value();
        int end = 0;
        while (line[end] != 0) {
            end++;
        }
        return new String(line, 0, end, StandardCharsets.US_ASCII);
    }

    private static long spillFiles() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("hellocheck-batch-")).count();
        }
    }

    /** A sink whose spill file accepts {@code room} bytes, then fails as a full disk does. */
    private static Events.Sink failingAfter(int room) {
        return new Events.Sink(Long.MAX_VALUE, null) {
            @Override
            SpillFile newSpillFile() {
                OutputStream full = new OutputStream() {
                    private int written;

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (written + len > room) {
                            throw new IOException("No space left on device");
                        }
                        written += len;
                    }
                };
                return new SpillFile(null, full, new ByteArrayInputStream(new byte[0]));
            }
        };
    }

    /**
     * A server name of 40,000 non-ASCII chars is 80,000 bytes of modified UTF-8, past what writeUTF takes:
     * it used to fail the capture ("internal error") when spilled, and only then (so it depended on timing).
     */
    @Test
    void aLongNonAsciiServerNameIsSpilledAndReadBack() throws Exception {
        Events.Sink sink = new Events.Sink(Long.MAX_VALUE, null);
        String longName = "\u00e9".repeat(40_000);
        try {
            sink.started("a");
            for (int i = 0; i < 1200; i++) {
                sink.put(record(i, i == 1100 ? longName : "s" + i));
            }
            sink.put(Events.END);
            assertThat(sink.take()).isEqualTo(new Events.Started("a"));
            List<String> ids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Object e = sink.take(); e != Events.END; e = sink.take()) {
                ids.add(id(e));
                names.add(((Events.Connection) e).prepared().tally().serverName());
            }
            assertThat(ids).hasSize(1200);
            assertThat(ids.get(1199)).isEqualTo("r1199");
            assertThat(names.get(1100)).isEqualTo(longName);
            assertThat(names.get(1099)).isEqualTo("s1099");
            assertThat(names.get(1101)).isEqualTo("s1101");
            assertThat(sink.spilledBytes()).isGreaterThan(80_000L);
        } finally {
            sink.close();
        }
    }

    /**
     * The producer spilled records then went on analyzing without putting anything: a waiting consumer takes
     * them (it used to wait until the producer's next event, possibly the end of a long capture).
     */
    @Test
    void aWaitingConsumerGetsTheRecordsSpilledBeforeTheProducersNextEvent() {
        Events.Sink sink = new Events.Sink(Long.MAX_VALUE, null);
        try {
            sink.started("a");
            for (int i = 0; i < 1100; i++) {
                sink.put(record(i));
            }
            List<String> ids = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                sink.take();
                List<String> taken = new ArrayList<>();
                for (int i = 0; i < 1100; i++) {
                    taken.add(id(sink.take()));
                }
                return taken;
            });
            assertThat(ids.get(QUEUED - 1)).isEqualTo("r1022");
            assertThat(ids.get(QUEUED)).isEqualTo("r1023");
            assertThat(ids.get(1099)).isEqualTo("r1099");
            // the producer goes on after the run the consumer ended
            sink.put(record(1100));
            sink.put(Events.END);
            assertThat(id(assertTimeoutPreemptively(Duration.ofSeconds(10), sink::take))).isEqualTo("r1100");
        } finally {
            sink.close();
        }
    }

    /**
     * The disk fills up in a run: the record's put fails, the task reports its capture's error and ends. It
     * used to fail again at that error (the flush of the same buffer), so the task never put its END and the
     * consumer waited for ever.
     */
    @Test
    void aFullDiskFailsTheCaptureAndTheTaskStillEnds() throws Exception {
        Events.Sink sink = failingAfter(100_000);
        sink.started("a");
        int failedAt = -1;
        for (int i = 0; i < 2000 && failedAt < 0; i++) {
            try {
                sink.put(record(i));
            } catch (UncheckedIOException e) {
                failedAt = i;
                assertThat(e).hasMessageContaining("records lost").hasMessageContaining("No space left on device");
            }
        }
        assertThat(failedAt).isBetween(QUEUED + 1, 1999);
        InputError error = InputError.of("a", InputError.Kind.INTERNAL, "internal error", -1);
        sink.error(error);
        // further records wait in the heap (here: room without limit)
        sink.put(record(5000));
        sink.put(Events.END);
        assertThat(sink.take()).isEqualTo(new Events.Started("a"));
        List<String> ids = new ArrayList<>();
        Object e = sink.take();
        for (; e instanceof Events.Connection; e = sink.take()) {
            ids.add(id(e));
        }
        assertThat(ids).hasSize(QUEUED);
        assertThat(ids.get(QUEUED - 1)).isEqualTo("r1022");
        assertThat(e).isEqualTo(new Events.Failed(error));
        assertThat(id(sink.take())).isEqualTo("r5000");
        assertThat(sink.take()).isSameAs(Events.END);
        sink.close();
    }

    /**
     * Once the consumer closed the sink (it gave up on the run), the producer is cancelled: it used to write to
     * the closed file (an I/O error) or, with no spill file yet, create one that nothing deleted.
     */
    @Test
    void aClosedSinkCancelsItsProducerAndCreatesNoFile() throws Exception {
        long before = spillFiles();
        int[] created = {0};
        Events.Sink fresh = new Events.Sink(Long.MAX_VALUE, null) {
            @Override
            SpillFile newSpillFile() throws IOException {
                created[0]++;
                return super.newSpillFile();
            }
        };
        fresh.close();
        assertThatThrownBy(() -> fresh.started("a")).isInstanceOf(Events.Cancelled.class);
        assertThat(created[0]).isZero();

        Events.Sink spilling = new Events.Sink(Long.MAX_VALUE, null);
        spilling.started("a");
        for (int i = 0; i < 1100; i++) {
            spilling.put(record(i));
        }
        spilling.close();
        assertThatThrownBy(() -> spilling.put(record(1100))).isInstanceOf(Events.Cancelled.class);
        assertThat(spillFiles()).isEqualTo(before);
    }

    /** A spilling producer never waits, so it looks for the interruption by which the run cancels it. */
    @Test
    void anInterruptedSpillingProducerIsCancelled() {
        Events.Sink sink = new Events.Sink(Long.MAX_VALUE, null);
        try {
            sink.started("a");
            for (int i = 0; i < 1100; i++) {
                sink.put(record(i));
            }
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> sink.put(record(1100))).isInstanceOf(Events.Cancelled.class);
        } finally {
            Thread.interrupted();
            sink.close();
        }
    }

    /**
     * The spill file has no name in the temporary folder while in use (POSIX), so that nothing is left there
     * when the process is killed (SIGTERM, SIGKILL); its records still read back.
     */
    @Test
    void theSpillFileLeavesNoNameBehind() throws Exception {
        long before = spillFiles();
        Events.Sink sink = new Events.Sink(Long.MAX_VALUE, null);
        try {
            sink.started("a");
            for (int i = 0; i < 1100; i++) {
                sink.put(record(i));
            }
            sink.put(Events.END);
            assertThat(sink.spilledBytes()).isGreaterThan(0L);
            assertThat(spillFiles()).isEqualTo(before);
            sink.take();
            String last = null;
            int n = 0;
            for (Object e = sink.take(); e != Events.END; e = sink.take()) {
                last = id(e);
                n++;
            }
            assertThat(n).isEqualTo(1100);
            assertThat(last).isEqualTo("r1099");
        } finally {
            sink.close();
        }
    }
}
