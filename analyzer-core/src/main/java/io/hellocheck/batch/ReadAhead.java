package io.hellocheck.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a file's bytes ahead, on a thread of its own, while the thread that reads this stream analyzes the bytes
 * before them: the system calls, the copies out of the page cache and any decompression run beside the analysis
 * instead of within it. Used when a run has a thread to spare (one capture file, two threads or more): reading
 * was a quarter of the analyzing thread's time on the 1.2 GB bench capture.
 *
 * <p>At most {@value #CHUNKS} chunks of {@value #CHUNK_BYTES} bytes are read ahead of what was consumed. What the
 * underlying stream throws (a read error, a cut-short gzip stream, a {@link java.util.concurrent.CancellationException}
 * of its cancellation check) comes out of {@link #read} after the bytes read before it, as it would have without
 * the thread. {@link #close()} stops the thread, waits for it, then closes the underlying stream. An interrupt
 * of the reading thread while it waits for a chunk ends the wait with an {@link InterruptedIOException}, its
 * interrupt status kept.
 *
 * <p>Not for standard input or other streams whose reads may block without end: {@link #close()} waits for
 * the read under way.
 */
final class ReadAhead extends InputStream {
    /** Bytes per chunk. */
    static final int CHUNK_BYTES = 1 << 20;
    /** Chunks read ahead at most (one more is being consumed). */
    static final int CHUNKS = 2;

    /** A filled chunk, or the end ({@code length} -1), or what the stream threw ({@code failure}). */
    private record Chunk(byte[] bytes, int length, Throwable failure) {
    }

    private static final Chunk END = new Chunk(null, -1, null);

    private final InputStream in;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final Thread thread;
    private volatile boolean closed;
    private Chunk current;
    private int pos;
    /** The end or the failure, once reached: every later read says it again. */
    private Chunk last;

    /**
     * Starts reading {@code in} ahead; this stream owns it from now on.
     *
     * @param name the input's name, in the reading thread's name
     */
    ReadAhead(InputStream in, String name) {
        this.in = in;
        for (int i = 0; i <= CHUNKS; i++) {
            free.add(new byte[CHUNK_BYTES]);
        }
        thread = new Thread(this::fill, "hellocheck-read-ahead " + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The reading thread: fills free chunks in order until the end, a failure or {@link #close()}. */
    private void fill() {
        try {
            while (!closed) {
                byte[] b = free.take();
                int n = 0;
                Throwable failure = null;
                try {
                    while (n < b.length) {
                        int r = in.read(b, n, b.length - n);
                        if (r < 0) {
                            break;
                        }
                        n += r;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                }
                if (n > 0) {
                    filled.put(new Chunk(b, n, null));
                }
                if (failure != null) {
                    filled.put(new Chunk(null, -1, failure));
                    return;
                }
                if (n < b.length) {
                    filled.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed: nobody takes what would be read
        }
    }

    @Override
    public int read() throws IOException {
        if (!ready()) {
            return -1;
        }
        return current.bytes[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!ready()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current.bytes, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Whether a byte is there at {@link #pos} of {@link #current}; false at the end; throws what the stream threw. */
    private boolean ready() throws IOException {
        if (current != null && pos < current.length) {
            return true;
        }
        if (last == null) {
            if (current != null) {
                free.add(current.bytes);
                current = null;
            }
            Chunk c;
            try {
                c = filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the input's next bytes");
            }
            if (c.length >= 0) {
                current = c;
                pos = 0;
                return true;
            }
            last = c;
        }
        Throwable f = last.failure;
        if (f == null) {
            return false;
        }
        if (f instanceof IOException e) {
            throw e;
        }
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("the input failed", f); // not reached: fill() keeps only the three kinds
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            thread.interrupt();
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        in.close();
    }
}
