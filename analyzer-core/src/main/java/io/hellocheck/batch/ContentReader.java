package io.hellocheck.batch;

import io.hellocheck.engine.AnalysisBugException;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureSummary;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.capture.Cancellation;
import io.hellocheck.capture.CaptureFormatException;
import io.hellocheck.capture.CaptureReadException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.utils.InputStreamStatistics;

/**
 * Reads one input of a task, whatever it holds: a capture, a compressed capture, an archive (streamed,
 * entry after entry), or something else. Hands everything to the task's {@link Events.Sink}; never throws
 * (but {@link Events.Cancelled}, and {@link CancellationException} once its {@link Cancellation} is cancelled
 * or its thread interrupted: checked between archive entries, every {@link Cancellation#CHECK_INTERVAL_FRAMES}
 * frames of a capture, and every {@link Streams.Cancellable#CHECK_BYTES} bytes read or decompressed).
 * Not thread-safe: one per task.
 */
final class ContentReader {
    private static final int BUFFER = 1 << 16;

    private final HelloCheck analyzer;
    private final ArchiveLimits limits;
    private final Events.Sink sink;
    private final Cancellation cancellation;
    /** A decompression bound was hit: an archive being streamed is not read further. */
    private boolean limitHit;

    /**
     * Where an input sits.
     *
     * @param depth    archives around it (0: a file or standard input)
     * @param explicit named on the command line (not found in a folder or archive): never skipped
     * @param budget   the enclosing archive's decompression budget, or null
     * @param guard    the nearest truncation guard around it, or null
     */
    record Ctx(int depth, boolean explicit, Streams.ArchiveBudget budget, Streams.TruncationGuard guard) {
        static Ctx top(boolean explicit) {
            return new Ctx(0, explicit, null, null);
        }
    }

    ContentReader(HelloCheck analyzer, ArchiveLimits limits, Events.Sink sink, Cancellation cancellation) {
        this.analyzer = analyzer;
        this.limits = limits;
        this.sink = sink;
        this.cancellation = cancellation;
    }

    private void error(String name, InputError.Kind kind, String message, long offset) {
        sink.error(InputError.of(name, kind, message, offset));
        if (kind == InputError.Kind.ARCHIVE_LIMIT) {
            limitHit = true;
        }
    }

    /** Reads {@code raw} (not closed here) as the input {@code name}. */
    void read(InputStream raw, String name, Ctx ctx) {
        if (Magic.isEtl(name)) {
            error(name, InputError.Kind.ETL_TRACE, "a Windows ETW trace (.etl) is not a pcap or pcapng capture", -1);
            return;
        }
        Magic.Kind kind;
        BufferedInputStream in = new BufferedInputStream(new Streams.Cancellable(raw, cancellation), BUFFER);
        try {
            int[] n = new int[1];
            byte[] head = Magic.peek(in, n);
            kind = Magic.of(head, n[0]);
        } catch (LimitExceededException e) {
            error(name, InputError.Kind.ARCHIVE_LIMIT, e.getMessage(), -1);
            return;
        } catch (IOException e) {
            error(name, ctx.depth() > 0 ? InputError.Kind.ARCHIVE_CORRUPT : InputError.Kind.UNREADABLE,
                    "cannot be read: " + message(e), -1);
            return;
        }
        if (kind == Magic.Kind.CAPTURE) {
            capture(in, name, null, ctx);
        } else if (kind.isArchive()) {
            archive(kind, in, name, ctx, ctx.guard());
        } else if (kind.isCompressor()) {
            compressed(kind, in, name, ctx);
        } else if (ctx.explicit() || Magic.looksLikeCaptureOrArchive(name)) {
            capture(in, name, null, ctx); // the capture reader says what is wrong, with the offset
        } else {
            sink.skipped(name);
        }
    }

    private void compressed(Magic.Kind codec, InputStream in, String name, Ctx ctx) {
        Streams.Counting counted = new Streams.Counting(in, null);
        InputStream decompressed;
        try {
            decompressed = Magic.decompress(codec, counted);
        } catch (IOException e) {
            error(name, InputError.Kind.ARCHIVE_CORRUPT, Streams.isTruncation(e)
                    ? "the " + codec.codec() + " stream is cut short before any capture data could be decoded"
                    : "corrupt " + codec.codec() + " header: " + message(e), 0);
            return;
        } catch (LinkageError e) {
            error(name, InputError.Kind.UNSUPPORTED_ENTRY, codec.codec() + " decompression is not available on this "
                    + "platform: " + e.getMessage(), -1);
            return;
        }
        boolean inArchive = ctx.depth() > 0;
        Streams.Limited limited = new Streams.Limited(new Streams.Cancellable(decompressed, cancellation),
                inArchive ? limits.maxEntryBytes() : Long.MAX_VALUE, "per archive entry", ctx.budget(),
                counted::count, limits.maxRatio());
        Streams.TruncationGuard guard = new Streams.TruncationGuard(limited, "the " + codec.codec()
                + " stream is cut short");
        BufferedInputStream din = new BufferedInputStream(guard, BUFFER);
        Magic.Kind kind;
        try {
            int[] n = new int[1];
            byte[] head = Magic.peek(din, n);
            kind = Magic.of(head, n[0]);
        } catch (LimitExceededException e) {
            error(name, InputError.Kind.ARCHIVE_LIMIT, e.getMessage(), -1);
            return;
        } catch (IOException e) {
            error(name, InputError.Kind.ARCHIVE_CORRUPT, "corrupt " + codec.codec() + " data: " + message(e), -1);
            return;
        }
        Ctx inner = new Ctx(ctx.depth(), ctx.explicit(), ctx.budget(), guard);
        if (kind == Magic.Kind.CAPTURE) {
            capture(din, name, codec.codec(), inner);
        } else if (kind.isArchive()) {
            Streams.ArchiveBudget budget = ctx.budget();
            if (budget == null) {
                // A compressed archive (.tar.gz): everything it expands to counts against a new archive budget.
                budget = new Streams.ArchiveBudget(limits.maxArchiveBytes());
                try {
                    limited.rebound(Long.MAX_VALUE, "per archive", budget);
                } catch (LimitExceededException e) {
                    error(name, InputError.Kind.ARCHIVE_LIMIT, e.getMessage(), -1);
                    return;
                }
            }
            archive(kind, din, name, new Ctx(ctx.depth(), ctx.explicit(), budget, guard), guard);
        } else if (kind.isCompressor()) {
            error(name, InputError.Kind.NOT_A_CAPTURE, "compressed twice (" + codec.codec() + ", then "
                    + kind.codec() + "); decompress it once first", -1);
        } else if (ctx.explicit() || Magic.looksLikeCaptureOrArchive(name)) {
            capture(din, name, codec.codec(), inner);
        } else {
            sink.skipped(name);
        }
    }

    /** Several captures read as one in time order ({@link HelloCheck#analyzeMerged}); the streams are closed. */
    void merged(List<InputStream> streams, String name) {
        sink.started(name);
        try {
            sink.finished(analyzer.analyzeMerged(streams, name, sink::connection, cancellation));
        } catch (CaptureFormatException e) {
            InputError.Kind kind = e.byteOffset() == 0 ? InputError.Kind.NOT_A_CAPTURE : InputError.Kind.CORRUPT;
            InputError error = InputError.of(name, kind, e.getMessage(), e.byteOffset());
            if (e.partialResult() != null) {
                sink.error(error, e.partialResult());
            } else {
                sink.error(error);
            }
        } catch (CaptureReadException e) {
            sink.error(InputError.of(name, InputError.Kind.UNREADABLE, "cannot be read: " + message(e.getCause()),
                    -1), e.partialResult());
        } catch (IOException e) {
            sink.error(InputError.of(name, InputError.Kind.UNREADABLE, "cannot be read: " + message(e), -1));
        }
    }

    private void capture(InputStream in, String name, String codec, Ctx ctx) {
        sink.started(name);
        try {
            CaptureResult r = analyzer.analyze(in, name, sink::connection, cancellation);
            Streams.TruncationGuard guard = ctx.guard();
            if (codec != null || (guard != null && guard.cutAt() >= 0)) {
                List<CaptureWarning> warnings = new ArrayList<>(r.warnings());
                if (guard != null && guard.cutAt() >= 0) {
                    warnings.add(new CaptureWarning(guard.label() + " after " + guard.cutAt()
                            + " bytes; everything before was analyzed", guard.cutAt()));
                }
                r = new CaptureResult(r.connections(), r.servers(), codec == null ? r.summary()
                        : withFormat(r.summary(), codec), warnings);
            }
            sink.finished(r);
        } catch (CaptureFormatException e) {
            String where = codec == null ? "" : " of the decompressed " + codec + " content";
            Streams.TruncationGuard guard = ctx.guard();
            boolean cutBeforeData = guard != null && guard.cutAt() >= 0 && e.byteOffset() == 0;
            InputError.Kind kind = cutBeforeData ? InputError.Kind.ARCHIVE_CORRUPT
                    : e.byteOffset() == 0 ? InputError.Kind.NOT_A_CAPTURE : InputError.Kind.CORRUPT;
            if (cutBeforeData) {
                // Nothing usable came before the cut (xz decodes an LZMA2 chunk, up to 2 MiB, only whole): the
                // compressed file is cut short, not a file of another kind.
                error(name, kind, "the " + codec + " stream is cut short before any capture data could be decoded",
                        0);
                return;
            }
            if (e.partialResult() != null) {
                // damaged after its start: its records came through already; its servers, summary (what was
                // read before the damage) and warnings go with the error
                CaptureResult p = e.partialResult();
                CaptureResult partial = codec == null ? p
                        : new CaptureResult(p.connections(), p.servers(), withFormat(p.summary(), codec), p.warnings());
                sink.error(InputError.of(name, kind, e.getMessage() + where, e.byteOffset()), partial);
            } else {
                error(name, kind, e.getMessage() + where, e.byteOffset());
            }
        } catch (CaptureReadException e) {
            // the stream failed after the capture started: its records came through already; its servers and
            // summary (what was read before) go with the error
            CaptureResult p = e.partialResult();
            CaptureResult partial = codec == null ? p
                    : new CaptureResult(p.connections(), p.servers(), withFormat(p.summary(), codec), p.warnings());
            Streams.TruncationGuard guard = ctx.guard();
            long offset = guard == null ? -1 : guard.delivered();
            sink.error(streamError(e.getCause(), name, codec, ctx, offset), partial);
        } catch (LimitExceededException e) {
            error(name, InputError.Kind.ARCHIVE_LIMIT, e.getMessage(), -1);
        } catch (IOException e) {
            if (codec != null || ctx.depth() > 0) {
                error(name, InputError.Kind.ARCHIVE_CORRUPT, "corrupt " + (codec == null ? "archive" : codec)
                        + " data: " + message(e), -1);
            } else {
                error(name, InputError.Kind.UNREADABLE, "cannot be read: " + message(e), -1);
            }
        } catch (IllegalArgumentException e) {
            error(name, InputError.Kind.FILTER, message(e), -1);
        } catch (Events.Cancelled | CancellationException e) {
            throw e;
        } catch (UncheckedIOException e) {
            // the batch's spill file (records of a task ahead) could not be written: say where
            error(name, InputError.Kind.INTERNAL, e.getMessage() + ", in " + System.getProperty("java.io.tmpdir")
                    + ": free space there, or point Java elsewhere (HELLOCHECK_JAVA_OPTS=-Djava.io.tmpdir=DIR)", -1);
        } catch (AnalysisBugException e) {
            error(name, InputError.Kind.INTERNAL, e.getMessage(), e.byteOffset());
        } catch (RuntimeException e) {
            error(name, InputError.Kind.INTERNAL, "internal error: " + e, -1);
        }
    }

    /** The error of a stream that failed after its capture started. */
    /** {@code offset}: decompressed bytes delivered before the failure, or -1 when unknown. */
    private static InputError streamError(IOException e, String name, String codec, Ctx ctx, long offset) {
        String where = offset < 0 ? "" : " at byte offset " + offset + (codec == null ? "" : " of the decompressed "
                + codec + " content");
        if (e instanceof LimitExceededException) {
            return InputError.of(name, InputError.Kind.ARCHIVE_LIMIT, e.getMessage(), -1);
        }
        if (codec != null || ctx.depth() > 0) {
            return InputError.of(name, InputError.Kind.ARCHIVE_CORRUPT, "corrupt " + (codec == null ? "archive" : codec)
                    + " data: " + message(e) + where, offset);
        }
        return InputError.of(name, InputError.Kind.UNREADABLE, "cannot be read: " + message(e) + where, offset);
    }

    private static CaptureSummary withFormat(CaptureSummary s, String codec) {
        return new CaptureSummary(s.capture(), s.format() + "+" + codec, s.frames(), s.bytes(), s.firstTimeNanos(),
                s.lastTimeNanos(), s.tcpConnections(), s.connectionRecords(), s.outcomes(), s.failedHandshakes(),
                s.frameKinds(), s.unsupportedLinkTypes(), s.filteredOut(), s.evictedConnections(),
                s.truncatedAtOffset(), s.timeDigits(), s.unsupportedEncapsulations(), s.encapsulations(),
                s.ipFragments());
    }

    /** Streams the entries of a zip or tar archive, each read as an input of its own. */
    private void archive(Magic.Kind kind, InputStream in, String name, Ctx ctx, Streams.TruncationGuard outer) {
        if (ctx.depth() >= 2) {
            error(name, InputError.Kind.NESTED_ARCHIVE, "an archive inside an archive inside an archive is not opened",
                    -1);
            return;
        }
        Streams.ArchiveBudget budget = ctx.budget() != null ? ctx.budget()
                : new Streams.ArchiveBudget(limits.maxArchiveBytes());
        InputStream shielded = new Streams.CloseShield(in);
        @SuppressWarnings("resource") // the archive stream only wraps ours, which the caller closes
        ArchiveInputStream<?> archive = kind == Magic.Kind.ZIP
                ? new ZipArchiveInputStream(shielded, "UTF-8", true, true)
                : new TarArchiveInputStream(shielded);
        int entries = 0;
        while (true) {
            cancellation.check();
            ArchiveEntry entry;
            try {
                entry = archive.getNextEntry();
            } catch (LimitExceededException e) {
                error(name, InputError.Kind.ARCHIVE_LIMIT, e.getMessage(), -1);
                return;
            } catch (IOException e) {
                if ((outer != null && outer.cutAt() >= 0) || Streams.isTruncation(e)) {
                    cutShort(name, entries);
                } else {
                    error(name, InputError.Kind.ARCHIVE_CORRUPT, "unreadable " + kind.codec() + " archive after "
                            + entries + " entries: " + message(e), -1);
                }
                return;
            }
            if (entry == null) {
                if (outer != null && outer.cutAt() >= 0) {
                    cutShort(name, entries);
                }
                return;
            }
            if (!isRegularFile(entry)) {
                continue;
            }
            if (++entries > limits.maxEntries()) {
                error(name, InputError.Kind.ARCHIVE_LIMIT, Expander.tooManyEntries(name, limits).message(), -1);
                return;
            }
            String entryName = name + "!/" + Names.safe(entry.getName());
            if (!archive.canReadEntryData(entry)) {
                error(entryName, InputError.Kind.UNSUPPORTED_ENTRY, "the entry is encrypted or compressed with a "
                        + "method that cannot be streamed", -1);
                continue;
            }
            InputStream entryIn = new Streams.CloseShield(archive);
            if (kind == Magic.Kind.ZIP) {
                // the ratio against the compressed bytes actually read for the entry, not the size its header
                // declares (which whoever made the archive sets)
                InputStreamStatistics read = (InputStreamStatistics) archive;
                entryIn = new Streams.Limited(entryIn, limits.maxEntryBytes(), "per archive entry", budget,
                        read::getCompressedCount, limits.maxRatio());
            } else {
                entryIn = new Streams.Limited(entryIn, limits.maxEntryBytes(), "per archive entry", null, null,
                        limits.maxRatio());
            }
            Streams.TruncationGuard guard = new Streams.TruncationGuard(entryIn, "the archive ends inside this entry");
            read(guard, entryName, new Ctx(ctx.depth() + 1, false, budget, guard));
            if (limitHit) {
                sink.warning(name, new CaptureWarning("a decompression limit was hit: the rest of the archive "
                        + "was not read", -1));
                return;
            }
            if (guard.cutAt() >= 0) {
                cutShort(name, entries);
                return;
            }
        }
    }

    private void cutShort(String name, int entries) {
        sink.warning(name, new CaptureWarning("the archive is cut short after " + entries + " entr"
                + (entries == 1 ? "y" : "ies") + "; everything before was analyzed", -1));
    }

    private static boolean isRegularFile(ArchiveEntry e) {
        if (e instanceof TarArchiveEntry t) {
            return t.isFile();
        }
        if (e instanceof ZipArchiveEntry z) {
            return !z.isDirectory() && !z.isUnixSymlink();
        }
        return !e.isDirectory();
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
