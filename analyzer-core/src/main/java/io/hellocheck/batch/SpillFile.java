package io.hellocheck.batch;

import io.hellocheck.analysis.Outcome;
import io.hellocheck.tcp.Endpoint;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * opened for writing and for reading, then at once deleted where the file system allows it (POSIX): its data
 * live while it is open and go with the process whatever ends it (SIGTERM, SIGKILL). Elsewhere it is deleted
 * by {@link #close()}. One writer thread and one reader thread; the reader reads only what the writer has
 * {@linkplain #flush() flushed}, which the queue's monitor orders before the read.
 */
final class SpillFile implements Closeable {
    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final int BUFFER_BYTES = 64 << 10;

    /** Tags of a string: null, in modified UTF-8 (up to 64 KiB of it), as chars. */
    private static final int NULL = 0;
    private static final int UTF = 1;
    private static final int CHARS = 2;
    /** Longest string sure to fit {@link DataOutputStream#writeUTF} (3 bytes a char at most). */
    private static final int MAX_UTF_CHARS = 65535 / 3;

    /** The file's name while it has one (deleted at creation where the file system allows), else null. */
    private final Path path;
    private final DataOutputStream out;
    private final DataInputStream in;
    /** Counts what is written (DataOutputStream's own count stops at 2 GiB). */
    private final Counting counting;

    /**
     * @param path the file's name, to delete at {@link #close()}, or null when it has none left
     * @param out  what writes the file
     * @param in   what reads it, from its start
     */
    SpillFile(Path path, OutputStream out, InputStream in) {
        this.path = path;
        this.counting = new Counting(new BufferedOutputStream(out, BUFFER_BYTES));
        this.out = new DataOutputStream(counting);
        this.in = new DataInputStream(new BufferedInputStream(in, BUFFER_BYTES));
    }

    /**
     * A new, empty spill file.
     *
     * @throws IOException when the temporary file cannot be created
     */
    static SpillFile create() throws IOException {
        Path p = Files.createTempFile("hellocheck-batch-", ".spill");
        OutputStream out = null;
        try {
            out = Files.newOutputStream(p);
            InputStream in = Files.newInputStream(p);
            Path name = p;
            try {
                // open, the file lives on without its name; nothing is left behind if the process is killed
                Files.delete(p);
                name = null;
            } catch (IOException e) {
                // not on this file system (an open file cannot be deleted): deleted by close()
            }
            return new SpillFile(name, out, in);
        } catch (IOException e) {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException x) {
                    e.addSuppressed(x);
                }
            }
            Files.deleteIfExists(p);
            throw e;
        }
    }

    /** Bytes appended so far. */
    long written() {
        return counting.count;
    }

    /** Appends a record's tally and its prepared bytes (writer thread). */
    void write(SummaryBuilder.Tally t, byte[] bytes) throws IOException {
        out.writeByte(t.outcome().ordinal());
        out.writeBoolean(t.failed());
        writeString(t.server().ip());
        out.writeShort(t.server().port());
        writeString(t.cause());
        writeString(t.serverName());
        writeString(t.clientKey());
        writeCodes(t.versions());
        writeCodes(t.suites());
        writeString(t.diagnosis());
        out.writeInt(bytes.length);
        out.write(bytes);

    }

    /** Makes what was written readable (writer thread). */
    void flush() throws IOException {
        out.flush();
    }

    /** The next record written (reader thread): its tally and bytes, as a connection without its record. */
    Events.Connection read() throws IOException {
        Outcome outcome = OUTCOMES[in.readUnsignedByte()];
        boolean failed = in.readBoolean();
        Endpoint server = new Endpoint(readString(), in.readUnsignedShort());
        String cause = readString();
        String serverName = readString();
        String clientKey = readString();
        List<Integer> versions = readCodes();
        List<Integer> suites = readCodes();
        String diagnosis = readString();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        SummaryBuilder.Tally t = new SummaryBuilder.Tally(outcome, failed, server, cause, serverName, clientKey,
                versions, suites, diagnosis);
        return new Events.Connection(null, new Events.Prepared(t, bytes));
    }

    /** Any string, or null: writeUTF alone fails past 64 KiB of modified UTF-8 (a long, non-ASCII SNI). */
    private void writeString(String s) throws IOException {
        if (s == null) {
            out.writeByte(NULL);
        } else if (s.length() <= MAX_UTF_CHARS) {
            out.writeByte(UTF);
            out.writeUTF(s);
        } else {
            out.writeByte(CHARS);
            out.writeInt(s.length());
            out.writeChars(s);
        }
    }

    private String readString() throws IOException {
        int tag = in.readUnsignedByte();
        if (tag == NULL) {
            return null;
        }
        if (tag == UTF) {
            return in.readUTF();
        }
        char[] chars = new char[in.readInt()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = in.readChar();
        }
        return new String(chars);
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
            in.close();
        } catch (IOException e) {
            // deleted below all the same
        }
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            path.toFile().deleteOnExit();
        }
    }

    /** Counts the bytes written through it. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
