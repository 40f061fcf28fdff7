package io.hellocheck.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;

/** One task of a batch: a file, an entry of a zip file, standard input, or an error known beforehand. */
abstract class Unit {
    final String name;
    /** Size on disk (compressed size for a zip entry), 0 when unknown. */
    final long sizeBytes;

    Unit(String name, long sizeBytes) {
        this.name = name;
        this.sizeBytes = sizeBytes;
    }

    /** Runs the task; everything goes to {@code reader}'s sink. */
    abstract void run(ContentReader reader, Events.Sink sink, ProgressListener progress, InputStream stdin);

    /** A file (capture, compressed capture, tar archive, zip read as a stream, or not a capture). */
    static final class FileUnit extends Unit {
        final Path path;
        private final boolean explicit;

        FileUnit(Path path, String name, long size, boolean explicit) {
            super(name, size);
            this.path = path;
            this.explicit = explicit;
        }

        @Override
        void run(ContentReader reader, Events.Sink sink, ProgressListener progress, InputStream stdin) {
            try (InputStream in = new Streams.Counting(Files.newInputStream(path), progress::bytesRead)) {
                reader.read(in, name, ContentReader.Ctx.top(explicit));
            } catch (NoSuchFileException e) {
                sink.error(InputError.of(name, InputError.Kind.MISSING, "no such file", -1));
            } catch (AccessDeniedException e) {
                sink.error(InputError.of(name, InputError.Kind.UNREADABLE, "permission denied", -1));
            } catch (IOException e) {
                sink.error(InputError.of(name, InputError.Kind.UNREADABLE, "cannot be read: "
                        + ContentReader.message(e), -1));
            }
        }
    }

    /**
     * Capture files read as one capture in time order ({@code --merge}), named after them joined with " + ".
     * A file that is not a capture, or is damaged, fails the whole group: its records would be incomplete.
     */
    static final class MergedUnit extends Unit {
        private final List<FileUnit> files;

        MergedUnit(List<FileUnit> files) {
            super(String.join(" + ", files.stream().map(f -> f.name).toList()),
                    files.stream().mapToLong(f -> f.sizeBytes).sum());
            this.files = List.copyOf(files);
        }

        @Override
        void run(ContentReader reader, Events.Sink sink, ProgressListener progress, InputStream stdin) {
            List<InputStream> streams = new ArrayList<>();
            try {
                for (FileUnit f : files) {
                    streams.add(new Streams.Counting(Files.newInputStream(f.path), progress::bytesRead));
                }
            } catch (IOException e) {
                for (InputStream in : streams) {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // already failing
                    }
                }
                sink.error(InputError.of(name, InputError.Kind.UNREADABLE, "cannot be read: "
                        + ContentReader.message(e), -1));
                return;
            }
            reader.merged(streams, name);
        }
    }

    /** Standard input, read as a stream. */
    static final class StdinUnit extends Unit {
        StdinUnit() {
            super("-", 0);
        }

        @Override
        void run(ContentReader reader, Events.Sink sink, ProgressListener progress, InputStream stdin) {
            if (stdin == null) {
                sink.error(InputError.of(name, InputError.Kind.MISSING, "no standard input to read", -1));
                return;
            }
            reader.read(new Streams.Counting(new Streams.CloseShield(stdin), progress::bytesRead), name,
                    ContentReader.Ctx.top(true));
        }
    }

    /** An error found while expanding the inputs (a missing path, a Windows trace). */
    static final class ErrorUnit extends Unit {
        private final InputError error;

        ErrorUnit(InputError error) {
            super(error.capture(), 0);
            this.error = error;
        }

        @Override
        void run(ContentReader reader, Events.Sink sink, ProgressListener progress, InputStream stdin) {
            sink.error(error);
        }
    }

    /**
     * A zip file read with random access, shared by the tasks of its entries: opened by the first, closed by
     * the last (or at the end of the run).
     */
    static final class ZipHolder implements AutoCloseable {
        final Path path;
        final Streams.ArchiveBudget budget;
        private final AtomicInteger remaining;
        private ZipFile zip;
        private boolean closed;

        ZipHolder(Path path, long maxArchiveBytes, int entries) {
            this.path = path;
            this.budget = new Streams.ArchiveBudget(maxArchiveBytes);
            this.remaining = new AtomicInteger(entries);
        }

        synchronized ZipFile open() throws IOException {
            if (closed) {
                throw new IOException("the zip file was closed");
            }
            if (zip == null) {
                zip = ZipFile.builder().setPath(path).get();
            }
            return zip;
        }

        /** An entry's task is done. */
        void release() {
            if (remaining.decrementAndGet() == 0) {
                close();
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (zip != null) {
                try {
                    zip.close();
                } catch (IOException e) {
                    // nothing left to read from it
                }
                zip = null;
            }
        }
    }

    /** An entry of a zip file; entries of one zip run in parallel. */
    static final class ZipEntryUnit extends Unit {
        private final ZipHolder holder;
        private final ZipArchiveEntry entry;
        private final ArchiveLimits limits;

        ZipEntryUnit(ZipHolder holder, ZipArchiveEntry entry, String name, ArchiveLimits limits) {
            super(name, Math.max(0, entry.getCompressedSize()));
            this.holder = holder;
            this.entry = entry;
            this.limits = limits;
        }

        @Override
        void run(ContentReader reader, Events.Sink sink, ProgressListener progress, InputStream stdin) {
            try {
                ZipFile zip = holder.open();
                if (!zip.canReadEntryData(entry)) {
                    sink.error(InputError.of(name, InputError.Kind.UNSUPPORTED_ENTRY, "the entry is encrypted or "
                            + "compressed with an unsupported method", -1));
                    return;
                }
                InputStream opened;
                synchronized (holder) {
                    // Reads are positional (thread-safe); opening is kept to one thread at a time.
                    opened = zip.getInputStream(entry);
                }
                try (InputStream raw = opened) {
                    // the ratio against the compressed bytes actually read (the decompressing stream counts them),
                    // not the size the central directory declares, which whoever made the archive sets
                    LongSupplier compressed = entry.getMethod() != ZipArchiveEntry.STORED
                            && raw instanceof InputStreamStatistics read ? read::getCompressedCount : null;
                    Streams.Limited limited = new Streams.Limited(raw, limits.maxEntryBytes(), "per archive entry",
                            holder.budget, compressed, limits.maxRatio());
                    Streams.TruncationGuard guard = new Streams.TruncationGuard(limited,
                            "the archive ends inside this entry");
                    reader.read(guard, name, new ContentReader.Ctx(1, false, holder.budget, guard));
                }
            } catch (IOException e) {
                sink.error(InputError.of(name, InputError.Kind.ARCHIVE_CORRUPT, "cannot be read from the zip file: "
                        + ContentReader.message(e), -1));
            } finally {
                progress.bytesRead(sizeBytes);
                holder.release();
            }
        }
    }
}
