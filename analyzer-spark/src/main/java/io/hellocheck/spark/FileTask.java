package io.hellocheck.spark;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.ServerRecord;
import io.hellocheck.batch.BatchAnalyzer;
import io.hellocheck.batch.BatchListener;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.batch.InputError;
import io.hellocheck.report.JsonRecords;
import io.hellocheck.report.RecordTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The items of one input file, as an iterator that Spark pulls while the core's push-style analysis runs on a
 * thread of its own: the file is streamed (never held whole in memory), archive entries are analyzed in this
 * same task, and the records wait in a bounded queue ({@value #QUEUE} items), so memory does not grow with
 * the file. Order: the connection and error records as decided, then one item per server of each capture,
 * then the file's counts. {@link #close()} (Spark's task completion) stops the analysis early.
 */
final class FileTask implements Iterator<Item>, AutoCloseable {
    static final int QUEUE = 1024;
    private static final Object END = new Object();
    private static final JsonFactory FACTORY = new JsonFactory();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread producer;
    private final InputStream in;
    private volatile boolean closed;
    private Object next;

    /**
     * Starts analyzing {@code in} (closed when done) as the input {@code name}.
     *
     * @param explicit named by the user, not found in a folder (see {@link BatchAnalyzer#runStream})
     */
    FileTask(BatchAnalyzer batch, InputStream in, String name, boolean explicit) {
        this.in = in;
        producer = new Thread(() -> run(batch, in, name, explicit), "hellocheck-spark-" + name);
        producer.setDaemon(true);
        producer.start();
    }

    private void run(BatchAnalyzer batch, InputStream in, String name, boolean explicit) {
        Listener listener = new Listener();
        try (in) {
            BatchSummary summary = batch.runStream(in, name, explicit, listener);
            offer(Item.counts(SummaryCounts.of(summary)));
        } catch (IOException | RuntimeException e) {
            offer(new Failure(e));
        } finally {
            offer(END);
        }
    }

    /** Hands an item over, waiting while the queue is full; drops it once the task is closed. */
    private void offer(Object item) {
        try {
            while (!closed) {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** What the producer threw: rethrown on Spark's thread, failing the task. */
    private record Failure(Exception cause) {
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted", e);
            }
            if (next instanceof Failure f) {
                next = END;
                throw new IllegalStateException("analysis failed: " + f.cause(), f.cause());
            }
        }
        return next != END;
    }

    @Override
    public Item next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Item item = (Item) next;
        next = null;
        return item;
    }

    /** Stops the analysis: its input is closed (its next read fails) and what it still produces is dropped. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        try {
            in.close();
        } catch (IOException e) {
            // closing is all that was asked: the analysis ends either way
        }
    }

    /** Renders each record on the producer thread into an item. */
    private final class Listener implements BatchListener {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
        private final JsonGenerator generator;

        Listener() {
            try {
                generator = FACTORY.createGenerator(buffer, JsonEncoding.UTF8);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // no I/O into a byte array
            }
            generator.setRootValueSeparator(null);
        }

        @Override
        public void connection(ConnectionRecord record) {
            try {
                JsonRecords.writeConnection(generator, record);
                generator.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] line = buffer.toByteArray();
            buffer.reset();
            offer(Item.connection(line));
        }

        @Override
        public void captureFinished(CaptureResult result) {
            servers(result);
        }

        @Override
        public void captureFailed(CaptureResult partial, InputError error) {
            servers(partial);
            error(error);
        }

        private void servers(CaptureResult result) {
            String capture = result.summary().capture();
            for (ServerRecord s : result.servers()) {
                offer(Item.server(ServerPartial.of(capture, s)));
            }
        }

        @Override
        public void error(InputError error) {
            offer(Item.error(RecordTrees.error(error).toString()));
        }
    }
}
