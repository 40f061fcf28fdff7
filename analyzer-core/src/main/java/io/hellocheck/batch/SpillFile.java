package io.hellocheck.batch;

import io.hellocheck.analysis.Outcome;
import io.hellocheck.tcp.Endpoint;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The records a task is ahead with, once its share of the heap is full, in a temporary file until their
 * turn comes: the task's worker appends, the consuming thread reads them back in the same order. Only
 * records the listener rendered to bytes and does not need as objects go there (their bytes and their
 * {@link SummaryBuilder.Tally}), so a worker never waits for an earlier, longer capture to be written.
 *
 * <p>The file is created in {@code java.io.tmpdir}, readable by its owner only where the file system allows,
 * and deleted by {@link #close()}. One writer thread and one reader thread; the reader reads only what the
 * writer has {@linkplain #flush() flushed}, which the queue's monitor orders before the read.
 */
final class SpillFile implements Closeable {
    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final int BUFFER_BYTES = 64 << 10;

    private final Path path;
    private final DataOutputStream out;
    private DataInputStream in;
    private long written;

    private SpillFile(Path path) throws IOException {
        this.path = path;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), BUFFER_BYTES));
    }

    /**
     * A new, empty spill file.
     *
     * @throws IOException when the temporary file cannot be created
     */
    static SpillFile create() throws IOException {
        Path p = Files.createTempFile("hellocheck-batch-", ".spill");
        try {
            return new SpillFile(p);
        } catch (IOException e) {
            Files.deleteIfExists(p);
            throw e;
        }
    }

    /** Bytes appended so far. */
    long written() {
        return written;
    }

    /** Appends a record's tally and its prepared bytes (writer thread). */
    void write(SummaryBuilder.Tally t, byte[] bytes) throws IOException {
        int before = out.size();
        out.writeByte(t.outcome().ordinal());
        out.writeUTF(t.server().ip());
        out.writeShort(t.server().port());
        out.writeUTF(t.cause());
        writeNullable(t.serverName());
        writeNullable(t.clientKey());
        writeCodes(t.versions());
        writeCodes(t.suites());
        out.writeInt(bytes.length);
        out.write(bytes);
        written += out.size() - before;
    }

    /** Makes what was written readable (writer thread). */
    void flush() throws IOException {
        out.flush();
    }

    /** The next record written (reader thread): its tally and bytes, as a connection without its record. */
    Events.Connection read() throws IOException {
        if (in == null) {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES));
        }
        Outcome outcome = OUTCOMES[in.readUnsignedByte()];
        Endpoint server = new Endpoint(in.readUTF(), in.readUnsignedShort());
        String cause = in.readUTF();
        String serverName = readNullable();
        String clientKey = readNullable();
        List<Integer> versions = readCodes();
        List<Integer> suites = readCodes();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        SummaryBuilder.Tally t = new SummaryBuilder.Tally(outcome, server, cause, serverName, clientKey, versions,
                suites);
        return new Events.Connection(null, new Events.Prepared(t, bytes));
    }

    private void writeNullable(String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private String readNullable() throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private void writeCodes(List<Integer> codes) throws IOException {
        out.writeShort(codes.size());
        for (int c : codes) {
            out.writeShort(c);
        }
    }

    private List<Integer> readCodes() throws IOException {
        int n = in.readUnsignedShort();
        List<Integer> codes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            codes.add(in.readUnsignedShort());
        }
        return List.copyOf(codes);
    }

    /** Closes both ends and deletes the file. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // deleted below all the same
        }
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            // deleted below all the same
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            path.toFile().deleteOnExit();
        }
    }
}
