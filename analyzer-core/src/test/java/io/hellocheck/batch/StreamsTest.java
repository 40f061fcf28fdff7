package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hellocheck.capture.Cancellation;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The stream wrappers and names of the batch. */
class StreamsTest {

    @Test
    void cancellableStopsWithinAMebibyteOfTheCancel() throws IOException {
        Cancellation cancellation = new Cancellation();
        InputStream in = new Streams.Cancellable(new ByteArrayInputStream(new byte[8 << 20]), cancellation);
        byte[] block = new byte[4096];
        long read = 0;
        while (read < (3 << 20) / 2) {
            read += in.read(block);
        }
        cancellation.cancel();
        long afterCancel = 0;
        try {
            while (in.read(block) > 0) {
                afterCancel += block.length;
            }
        } catch (CancellationException e) {
            assertThat(afterCancel).isLessThanOrEqualTo(Streams.Cancellable.CHECK_BYTES);
            assertThatThrownBy(() -> in.skip(Streams.Cancellable.CHECK_BYTES))
                    .isInstanceOf(CancellationException.class);
            return;
        }
        throw new AssertionError("read to the end after the cancel");
    }

    @Test
    void limitedStopsAtItsBoundAndChargesTheArchiveBudget() throws IOException {
        InputStream in = new Streams.Limited(new ByteArrayInputStream(new byte[100]), 50, "per archive entry", null,
                null, 1000);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("50 bytes (the limit per archive entry)");
        Streams.ArchiveBudget budget = new Streams.ArchiveBudget(150);
        new Streams.Limited(new ByteArrayInputStream(new byte[100]), 1000, "e", budget, null, 1000).readAllBytes();
        assertThatThrownBy(() -> new Streams.Limited(new ByteArrayInputStream(new byte[100]), 1000, "e", budget,
                null, 1000).readAllBytes()).isInstanceOf(LimitExceededException.class).hasMessageContaining("per archive");
    }

    @Test
    void theRatioIsCheckedOnceEnoughWasProduced() throws IOException {
        long after = ArchiveLimits.RATIO_CHECK_AFTER_BYTES;
        InputStream zeros = new InputStream() {
            long left = after + (1 << 20);

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                left -= n;
                return n;
            }
        };
        InputStream limited = new Streams.Limited(zeros, Long.MAX_VALUE, "e", null, () -> after / 2000, 1000);
        assertThatThrownBy(() -> limited.transferTo(java.io.OutputStream.nullOutputStream()))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("1000 times");
    }

    @Test
    void aTruncationBecomesAnEndOfStreamAndIsRemembered() throws IOException {
        InputStream cut = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ < 10) {
                    return 'x';
                }
                throw new EOFException("Unexpected end of ZLIB input stream");
            }
        };
        Streams.TruncationGuard guard = new Streams.TruncationGuard(cut, "the gzip stream is cut short");
        assertThat(guard.readAllBytes()).hasSize(10);
        assertThat(guard.cutAt()).isEqualTo(10);
        InputStream corrupt = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("invalid block type");
            }
        };
        assertThatThrownBy(() -> new Streams.TruncationGuard(corrupt, "x").read()).hasMessage("invalid block type");
        InputStream bomb = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new LimitExceededException("expands to more than 4 GiB");
            }
        };
        assertThatThrownBy(() -> new Streams.TruncationGuard(bomb, "x").read())
                .isInstanceOf(LimitExceededException.class);
    }

    @Test
    void entryNamesAreMadeSafeForDisplay() {
        assertThat(Names.safe("dir/trace.pcap")).isEqualTo("dir/trace.pcap");
        assertThat(Names.safe("a\u001b[2Jb\rc\u202ed.pcap")).isEqualTo("a?[2Jb?c?d.pcap");
        assertThat(Names.safe("x".repeat(1000))).hasSize(403).endsWith("...");
    }

    @Test
    void namesAndMagicNumbers() {
        assertThat(Magic.looksLikeCaptureOrArchive("trace.pcapng")).isTrue();
        assertThat(Magic.looksLikeCaptureOrArchive("trace.pcap3.gz")).isTrue();
        assertThat(Magic.looksLikeCaptureOrArchive("dump.CAP")).isTrue();
        assertThat(Magic.looksLikeCaptureOrArchive("captures.tgz")).isTrue();
        assertThat(Magic.looksLikeCaptureOrArchive("README.md")).isFalse();
        assertThat(Magic.looksLikeCaptureOrArchive("notes.txt.gz")).isFalse();
        assertThat(Magic.isEtl("C:\\PktMon.ETL")).isTrue();
        assertThat(Magic.of(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1}, 4))
                .isEqualTo(Magic.Kind.CAPTURE);
        assertThat(Magic.of(new byte[] {0x0a, 0x0d, 0x0d, 0x0a}, 4)).isEqualTo(Magic.Kind.CAPTURE);
        assertThat(Magic.of(new byte[] {0x1f, (byte) 0x8b, 8, 0}, 4)).isEqualTo(Magic.Kind.GZIP);
        assertThat(Magic.of(new byte[] {'P', 'K', 3, 4}, 4)).isEqualTo(Magic.Kind.ZIP);
        assertThat(Magic.of(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, 6)).isEqualTo(Magic.Kind.XZ);
        assertThat(Magic.of(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 4)).isEqualTo(Magic.Kind.ZSTD);
        assertThat(Magic.of(new byte[0], 0)).isEqualTo(Magic.Kind.EMPTY);
        assertThat(Magic.of("hello".getBytes(), 5)).isEqualTo(Magic.Kind.OTHER);
    }
}
