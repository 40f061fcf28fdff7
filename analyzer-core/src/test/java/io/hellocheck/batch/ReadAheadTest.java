package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void givesTheBytesOfTheInputInOrder() throws IOException {
        byte[] content = randomBytes(5 * ReadAhead.CHUNK_BYTES + 777);
        try (InputStream in = new ReadAhead(new ByteArrayInputStream(content), "test")) {
            assertThat(in.read()).isEqualTo(content[0] & 0xff);
            byte[] rest = readAll(in, 100_003);
            assertThat(rest.length).isEqualTo(content.length - 1);
            assertThat(rest[rest.length - 1]).isEqualTo(content[content.length - 1]);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
        }
        try (InputStream in = new ReadAhead(new ByteArrayInputStream(new byte[0]), "empty")) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aFailureComesAfterTheBytesReadBeforeItAndStays() throws IOException {
        byte[] content = randomBytes(ReadAhead.CHUNK_BYTES + 10);
        IOException failure = new IOException("disk gone");
        InputStream failing = new InputStream() {
            private final InputStream bytes = new ByteArrayInputStream(content);

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = bytes.read(b, off, len);
                if (n < 0) {
                    throw failure;
                }
                return n;
            }
        };
        try (InputStream in = new ReadAhead(failing, "failing")) {
            assertThat(in.readNBytes(content.length)).isEqualTo(content);
            assertThatThrownBy(in::read).isSameAs(failure);
            assertThatThrownBy(() -> in.read(new byte[4], 0, 4)).isSameAs(failure);
        }
    }

    @Test
    void closeStopsTheReadingThreadAndClosesTheInput() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        ReadAhead in = new ReadAhead(endless, "endless");
        assertThat(in.read(new byte[1000], 0, 1000)).isEqualTo(1000);
        in.close();
        assertThat(closed).isTrue();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("hellocheck-read-ahead endless"));
    }

    @Test
    void anInterruptWhileWaitingEndsTheReadAndKeepsTheStatus() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InputStream slow = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                return -1;
            }
        };
        try (ReadAhead in = new ReadAhead(slow, "slow")) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(in::read).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.interrupted()).isTrue();
            release.countDown();
        }
    }
}
