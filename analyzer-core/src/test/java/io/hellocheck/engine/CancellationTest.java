package io.hellocheck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.capture.Cancellation;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling one capture's analysis, by {@link Cancellation#cancel()} or an interrupt: how many bytes are read
 * after the stop. The frame loop looks at the cancellation every {@link Cancellation#CHECK_INTERVAL_FRAMES}
 * (4,096) frames and the reader reads in blocks of at most its buffer (1 MiB); so after the stop, at most
 * 4,096 records and one buffer more are read: {@code 4096 * recordBytes + 1 MiB}. The streams here return at
 * most 64 KiB a read, as a socket or a pipe does (a file fills the whole buffer, whose 6,636 frames of 158
 * bytes always hold the next check: 0 bytes after the stop), so that the frames read after the stop are read
 * after it; then at most {@code 4096 * recordBytes + 64 KiB} are.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CancellationTest {
    /** CaptureReader's buffer: the most one read of the stream asks for. */
    private static final int READER_BUFFER = 1 << 20;
    /** The most the test streams return in one read. */
    private static final int READ_BYTES = 64 << 10;
    /** Frames of each capture. */
    private static final int FRAMES = 200_000;
    /**
     * A pcap record of the UDP capture: record header 16 + Ethernet 14 + IPv4 20 + UDP 8 + payload 100 bytes
     * (pcap-savefile(5), RFC 791, RFC 768).
     */
    private static final int UDP_RECORD = 16 + 14 + 20 + 8 + 100;
    /**
     * The largest pcap record of the refused-connections capture: the SYN, 16 + Ethernet 14 + IPv4 20 + TCP 20
     * + its MSS option 4 bytes (RFC 9293 3.2); the RST/ACK has no option.
     */
    private static final int SYN_RECORD = 16 + 14 + 20 + 20 + 4;
    private static final long T0 = 1_800_000_000_000_000_000L;

    @TempDir
    static Path dir;
    /** 200,000 UDP datagrams to the discard port (RFC 863): no record is ever decided, only frames are read. */
    private static Path udp;
    /** 100,000 refused connections (SYN, RST/ACK): 200,000 frames, 100,000 TCP_REFUSED records. */
    private static Path refused;

    @BeforeAll
    static void write() throws IOException {
        udp = dir.resolve("udp.pcap");
        byte[] src = Packets.address("10.0.0.1");
        byte[] dst = Packets.address("10.0.0.2");
        byte[] datagram = Packets.ipv4(src, dst, Packets.PROTO_UDP, 64, 1,
                Packets.udp(src, dst, 40000, 9, new byte[100]));
        try (CaptureWriter w = CaptureWriter.pcap(udp)) {
            for (int i = 0; i < FRAMES; i++) {
                w.ip(T0 + i * 1_000L, datagram);
            }
        }
        assertThat(Files.size(udp)).isEqualTo(24L + (long) FRAMES * UDP_RECORD);
        refused = dir.resolve("refused.pcap");
        try (CaptureWriter w = CaptureWriter.pcap(refused)) {
            for (int i = 0; i < FRAMES / 2; i++) {
                long t = T0 + i * 10_000L;
                w.tcp("10.0." + (1 + i / 40_000) + ".1", 20000 + i % 40_000, "10.1.0.2", 443).syn(t)
                        .refuse(t + 1_000);
            }
        }
        assertThat(Files.size(refused)).isEqualTo(24L + (long) FRAMES / 2 * (SYN_RECORD + SYN_RECORD - 4));
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** Bytes read through it; runs {@code atBytes} once, on the reading thread, when the count passes a mark. */
    private static class Counting extends FilterInputStream {
        private volatile long count;
        private final long mark;
        private final Runnable atMark;
        private volatile long atStop = -1;

        Counting(InputStream in, long mark, Runnable atMark) {
            super(in);
            this.mark = mark;
            this.atMark = atMark;
        }

        /** Remembers the count at the stop (the stop happens on the reading thread, or before this call). */
        void stopped() {
            atStop = count;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, Math.min(len, READ_BYTES));
            if (n > 0) {
                long before = count;
                count = before + n;
                if (before < mark && count >= mark) {
                    atStop = count;
                    atMark.run();
                }
            }
            return n;
        }
    }

    private static final HelloCheck ANALYZER = HelloCheck.builder().build();

    @Test
    void cancelWhileFramesAreReadStopsWithin4096FramesAndOneBuffer() throws IOException {
        Cancellation cancellation = new Cancellation();
        Counting in = new Counting(Files.newInputStream(udp), 5L << 20, cancellation::cancel);

        assertThatThrownBy(() -> ANALYZER.analyze(in, "udp.pcap", r -> { }, cancellation))
                .isInstanceOf(CancellationException.class);

        long bound = (long) Cancellation.CHECK_INTERVAL_FRAMES * UDP_RECORD + READER_BUFFER; // 1,695,744 bytes
        assertThat(in.atStop).isGreaterThanOrEqualTo(5L << 20);
        assertThat(in.count - in.atStop).isBetween(0L, bound)
                .isLessThanOrEqualTo((long) Cancellation.CHECK_INTERVAL_FRAMES * UDP_RECORD + READ_BYTES);
        assertThat(in.count).isLessThan(Files.size(udp) / 2);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptStopsAsACancelDoesAndStaysSet() throws IOException {
        Thread self = Thread.currentThread();
        // a file channel's stream: the interrupt closes it under the reader, which must read as the stop too
        Counting in = new Counting(Files.newInputStream(udp), 5L << 20, self::interrupt);

        assertThatThrownBy(() -> ANALYZER.analyze(in, "udp.pcap", r -> { }))
                .isInstanceOf(CancellationException.class);

        assertThat(Thread.interrupted()).isTrue();
        long bound = (long) Cancellation.CHECK_INTERVAL_FRAMES * UDP_RECORD + READER_BUFFER;
        assertThat(in.count - in.atStop).isBetween(0L, bound)
                .isLessThanOrEqualTo((long) Cancellation.CHECK_INTERVAL_FRAMES * UDP_RECORD + READ_BYTES);
    }

    @Test
    void noRecordReachesTheSinkAfterTheCancel() throws IOException {
        Cancellation cancellation = new Cancellation();
        Counting in = new Counting(Files.newInputStream(refused), Long.MAX_VALUE, () -> { });
        int[] records = new int[2];
        Consumer<ConnectionRecord> sink = r -> {
            if (cancellation.isCancelled()) {
                records[1]++;
                return;
            }
            if (++records[0] == 5_000) {
                in.stopped();
                cancellation.cancel();
            }
        };

        assertThatThrownBy(() -> ANALYZER.analyze(in, "refused.pcap", sink, cancellation))
                .isInstanceOf(CancellationException.class);

        assertThat(records[0]).isEqualTo(5_000);
        assertThat(records[1]).isZero();
        long bound = (long) Cancellation.CHECK_INTERVAL_FRAMES * SYN_RECORD + READER_BUFFER; // 1,351,680 bytes
        assertThat(in.count - in.atStop).isBetween(0L, bound);
        assertThat(in.count).isLessThan(Files.size(refused) / 2);
    }

    @Test
    void anInterruptFromTheSinkStopsAtTheNextRecord() {
        Thread self = Thread.currentThread();
        int[] records = new int[1];
        assertThatThrownBy(() -> ANALYZER.analyze(Files.newInputStream(refused), "refused.pcap", r -> {
            if (++records[0] == 2_000) {
                self.interrupt();
            }
        })).isInstanceOf(CancellationException.class);
        assertThat(records[0]).isEqualTo(2_000);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void aCancelBeforeTheStartReadsNothingAndClosesTheStream() throws IOException {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        boolean[] closed = new boolean[1];
        Counting in = new Counting(Files.newInputStream(udp), Long.MAX_VALUE, () -> { }) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };

        assertThatThrownBy(() -> ANALYZER.analyze(in, "udp.pcap", r -> { }, cancellation))
                .isInstanceOf(CancellationException.class);
        assertThat(in.count).isZero();
        assertThat(closed[0]).isTrue();
    }

    @Test
    void aMergedAnalysisStopsAndClosesEveryStream() throws IOException {
        Cancellation cancellation = new Cancellation();
        boolean[] closed = new boolean[2];
        Counting first = new Counting(Files.newInputStream(udp), 5L << 20, cancellation::cancel) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };
        Counting second = new Counting(Files.newInputStream(udp), Long.MAX_VALUE, () -> { }) {
            @Override
            public void close() throws IOException {
                closed[1] = true;
                super.close();
            }
        };

        assertThatThrownBy(() -> ANALYZER.analyzeMerged(java.util.List.of(first, second), "udp + udp", r -> { },
                cancellation)).isInstanceOf(CancellationException.class);

        // the 4,096 frames at most read after the stop, from both streams together, take at most 4,096 records
        // and one more buffer of each stream
        long bound = (long) Cancellation.CHECK_INTERVAL_FRAMES * UDP_RECORD + READER_BUFFER;
        assertThat(first.count - first.atStop).isBetween(0L, bound);
        assertThat(second.count).isLessThan(Files.size(udp) / 2);
        assertThat(closed).containsExactly(true, true);
    }

    @Test
    void withoutACancelTheWholeCaptureIsRead() throws IOException {
        Cancellation cancellation = new Cancellation();
        Counting in = new Counting(Files.newInputStream(udp), Long.MAX_VALUE, () -> { });
        CaptureResult r = ANALYZER.analyze(in, "udp.pcap", x -> { }, cancellation);
        assertThat(r.summary().frames()).isEqualTo(FRAMES);
        assertThat(in.count).isEqualTo(Files.size(udp));
    }
}
