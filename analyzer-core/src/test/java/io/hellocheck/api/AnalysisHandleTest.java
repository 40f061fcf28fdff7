package io.hellocheck.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hellocheck.Analysis;
import io.hellocheck.AnalysisListener;
import io.hellocheck.HelloCheck;
import io.hellocheck.result.BatchSummary;
import io.hellocheck.result.CaptureResult;
import io.hellocheck.result.ConnectionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The {@link Analysis} handle: its end, and a cancel that stops the listener's calls. */
class AnalysisHandleTest {
    private static final Path SAMPLES = ApiBaselineTest.root().resolve("sample-captures");

    @Test
    void awaitGivesTheTotalsTheListenerHad() throws Exception {
        AtomicInteger records = new AtomicInteger();
        BatchSummary[] finished = new BatchSummary[1];
        Analysis a = HelloCheck.builder().threads(2).build().start(List.of(SAMPLES), new AnalysisListener() {
            @Override
            public void connection(ConnectionRecord record) {
                records.incrementAndGet();
            }

            @Override
            public void finished(BatchSummary summary) {
                finished[0] = summary;
            }
        });
        BatchSummary s = a.await(Duration.ofMinutes(2));
        assertThat(a.isDone()).isTrue();
        assertThat(a.isCancelled()).isFalse();
        assertThat(s.connectionRecords()).isEqualTo(records.get()).isEqualTo(finished[0].connectionRecords());
        // every capture file of the folder (the gen/ scripts and the notes are skipped)
        long files;
        try (Stream<Path> all = Files.walk(SAMPLES)) {
            files = all.filter(f -> f.toString().matches(".*\\.(pcap|pcapng|pcap\\.gz)$")).count();
        }
        assertThat((long) s.captures()).isEqualTo(files);
    }

    @Test
    void aCancelStopsTheListenersCalls() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicInteger capturesAfterCancel = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Analysis a = HelloCheck.builder().threads(1).build().start(List.of(SAMPLES), new AnalysisListener() {
            @Override
            public void connection(ConnectionRecord record) {
                first.countDown();
                try {
                    cancelled.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void captureFinished(CaptureResult result) {
                if (cancelled.getCount() == 0) {
                    capturesAfterCancel.incrementAndGet();
                }
            }

            @Override
            public void finished(BatchSummary summary) {
                finished.incrementAndGet();
            }
        });
        assertThat(first.await(1, TimeUnit.MINUTES)).isTrue();
        a.cancel();
        cancelled.countDown();
        assertThatThrownBy(() -> a.await(Duration.ofMinutes(1))).isInstanceOf(CancellationException.class);
        assertThat(a.isCancelled()).isTrue();
        assertThat(a.isDone()).isTrue();
        assertThat(capturesAfterCancel.get()).isZero();
        assertThat(finished.get()).isZero();
    }

    @Test
    void anInterruptStopsASynchronousAnalysis() throws Exception {
        AtomicInteger after = new AtomicInteger();
        boolean[] interrupted = new boolean[1];
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                HelloCheck.builder().threads(1).build().analyze(List.of(SAMPLES), new AnalysisListener() {
                    @Override
                    public void connection(ConnectionRecord record) {
                        if (Thread.currentThread().isInterrupted()) {
                            after.incrementAndGet();
                        }
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Throwable e) {
                thrown[0] = e;
            }
            interrupted[0] = Thread.currentThread().isInterrupted();
        });
        t.start();
        t.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(thrown[0]).isInstanceOf(CancellationException.class);
        assertThat(interrupted[0]).as("the interrupt status is kept").isTrue();
        assertThat(after.get()).isZero();
    }
}
