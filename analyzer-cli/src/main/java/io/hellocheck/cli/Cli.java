package io.hellocheck.cli;

import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.AnalysisOptions;
import io.hellocheck.batch.ArchiveLimits;
import io.hellocheck.batch.BatchAnalyzer;
import io.hellocheck.batch.BatchListener;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.batch.InputError;
import io.hellocheck.batch.ProgressListener;
import io.hellocheck.profile.BuiltinProfiles;
import io.hellocheck.profile.ParsedProfile;
import io.hellocheck.profile.ProfileFormatException;
import io.hellocheck.profile.ServerProfile;
import io.hellocheck.profile.ServerProfiles;
import io.hellocheck.report.Redactor;
import io.hellocheck.report.Renderer;
import io.hellocheck.tls.decrypt.KeyLog;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The command line: parses options with Commons CLI, calls the library ({@link BatchAnalyzer}), renders
 * ({@link Renderer}). Returns an exit code instead of exiting, so tests run it in-process.
 */
public final class Cli {
    static final String VERSION = Renderer.VERSION;
    private static final String USAGE = "hellocheck analyze [options] INPUT...";
    private static final String HEADER = "\nFor every TLS ClientHello in the captures, says whether a ServerHello came "
            + "back and, if not, what the server did instead. INPUT is a .pcap or .pcapng file (plain, or gzip, "
            + "xz, zstd or bzip2 compressed), a folder (searched recursively), an archive (.zip, .tar, .tar.gz, "
            + ".tgz, ...), or - for standard input.\n\n";
    private static final String FOOTER = "\nExit codes: 0 every input read, no failed handshake; 1 every input "
            + "read, at least one failed handshake; 2 a usage error, or an input that is not a readable capture "
            + "(the other inputs are still analyzed).\n";
    private static final List<String> FORMATS = List.of("text", "json", "jsonl", "csv", "html");
    /** Largest key log read, in bytes. */
    private static final long MAX_KEYLOG_BYTES = 256L << 20;

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream stdin;
    private final boolean errTerminal;
    private final boolean outTerminal;
    private final WrittenRecords written;

    /** A command line whose standard error is not a terminal (no progress bar). */
    public Cli(PrintStream out, PrintStream err, InputStream stdin) {
        this(out, err, stdin, false, false);
    }

    /**
     * @param errTerminal whether standard error is a terminal: then a progress bar is shown there
     * @param outTerminal whether standard output is that same terminal: then the report erases the bar's
     *                    line before it writes
     */
    public Cli(PrintStream out, PrintStream err, InputStream stdin, boolean errTerminal, boolean outTerminal) {
        this(out, err, stdin, errTerminal, outTerminal, new WrittenRecords());
    }

    /**
     * @param written where the records written to {@code out} are marked, for the exit code of a run whose standard
     *                output closes early ({@link Main})
     */
    Cli(PrintStream out, PrintStream err, InputStream stdin, boolean errTerminal, boolean outTerminal,
        WrittenRecords written) {
        this.out = out;
        this.written = written;
        this.err = err;
        this.stdin = stdin;
        this.errTerminal = errTerminal;
        this.outTerminal = outTerminal;
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("format").hasArg().argName("FORMAT")
                .desc("text (default: a report per capture, then a summary), json (one document: inputs, "
                        + "records, summary), jsonl (one record per line), csv (one row per connection) or html (one "
                        + "self-contained page with a ladder diagram per failed handshake)").get());
        o.addOption(Option.builder().longOpt("only-failures").desc("report failed handshakes only "
                + "(the summary still counts every handshake)").get());
        o.addOption(Option.builder().longOpt("filter").hasArg().argName("BPF")
                .desc("analyze only frames matching this libpcap filter expression, e.g. 'tcp port 443' "
                        + "(needs libpcap, or Npcap on Windows)").get());
        o.addOption(Option.builder().longOpt("server-profile").hasArg().argName("FILE|ID")
                .desc("what the server accepts: a list of IANA or OpenSSL cipher suite names, a testssl.sh "
                        + "--jsonfile, nmap ssl-enum-ciphers XML, Get-TlsCipherSuite output, or a built-in "
                        + "profile id (mozilla-intermediate-5.7, windows-server-2019, ...); compared with each "
                        + "ClientHello in cipher_overlap and used by the diagnosis").get());
        o.addOption(Option.builder().longOpt("keylog").hasArg().argName("FILE")
                .desc("TLS key log (NSS SSLKEYLOGFILE format, as browsers, curl, openssl -keylogfile write it): "
                        + "decrypts the handshakes it has secrets for, so that certificates, Finished messages and "
                        + "alerts after the ServerHello are read; pcapng Decryption Secrets Blocks are always used. "
                        + "Keys never appear in the output").get());
        o.addOption(Option.builder().longOpt("tls-port").hasArg().argName("PORT")
                .desc("also report refused or unanswered connections to this port (repeatable)").get());
        o.addOption(Option.builder().longOpt("merge").desc("the capture files given are one capture in time "
                + "order (tcpdump -C/-G rotations, several interfaces): analyze them as one, frames merged by time "
                + "as mergecap does, so that a connection crossing files and every handshake to a server count "
                + "together").get());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("files analyzed at once (default: the number of processors); the output is the same "
                        + "whatever N").get());
        o.addOption(Option.builder().longOpt("redact").desc("replace addresses, ports, server names and "
                + "certificate names by stable pseudonyms (240.0.0.1, 2001:db8::1, port 1025, server-1.invalid; ports under 1024 and the well-known TLS ports are kept) and leave "
                + "out bytes servers sent in clear, to share a report; every other fact is kept").get());
        o.addOption(Option.builder().longOpt("max-entry-size").hasArg().argName("SIZE")
                .desc("largest decompressed size of an archive entry (default 4g)").get());
        o.addOption(Option.builder().longOpt("max-archive-size").hasArg().argName("SIZE")
                .desc("largest decompressed size of a whole archive (default 32g)").get());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("FILE")
                .desc("write the report to FILE instead of standard output").get());
        o.addOption(Option.builder("q").longOpt("quiet").desc("print nothing on the terminal (a report "
                + "still goes to -o FILE); the exit code tells").get());
        o.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
        o.addOption(Option.builder().longOpt("version").desc("show the version").get());
        return o;
    }

    /** A usage error: one line on standard error, exit code 2. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Runs the command line; returns the exit code. */
    public int run(String[] args) {
        Options options = options();
        if (args.length == 0) {
            help(err, options);
            return ExitCodes.USAGE_OR_UNREADABLE;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            help(out, options);
            return ExitCodes.OK;
        }
        if (command.equals("--version")) {
            out.println("hellocheck " + VERSION);
            return ExitCodes.OK;
        }
        if (!command.equals("analyze")) {
            err.println("hellocheck: unknown command '" + command + "'; use: " + USAGE + " (see --help)");
            return ExitCodes.USAGE_OR_UNREADABLE;
        }
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options, rest);
        } catch (ParseException e) {
            err.println("hellocheck: " + e.getMessage() + "; see hellocheck --help");
            return ExitCodes.USAGE_OR_UNREADABLE;
        }
        if (cl.hasOption("help")) {
            help(out, options);
            return ExitCodes.OK;
        }
        if (cl.hasOption("version")) {
            out.println("hellocheck " + VERSION);
            return ExitCodes.OK;
        }
        boolean quiet = cl.hasOption("quiet");
        try {
            return analyze(cl, quiet);
        } catch (UsageException e) {
            if (!quiet) {
                err.println("hellocheck: " + e.getMessage());
            }
            return ExitCodes.USAGE_OR_UNREADABLE;
        }
    }

    /** A built-in profile by id, or a profile file in any format {@link ServerProfiles} reads. */
    private ServerProfile serverProfile(String arg, boolean quiet) throws UsageException {
        var builtin = BuiltinProfiles.byId(arg);
        if (builtin.isPresent() && !Files.exists(Path.of(arg))) {
            return builtin.get();
        }
        try {
            ParsedProfile parsed = ServerProfiles.read(Path.of(arg));
            if (!quiet) {
                parsed.warnings().forEach(w -> err.println("hellocheck: warning: server profile " + arg + ": " + w));
            }
            return parsed.profile();
        } catch (ProfileFormatException e) {
            throw new UsageException(e.getMessage() + "; give IANA or OpenSSL cipher suite names, a testssl.sh "
                    + "--jsonfile, an nmap ssl-enum-ciphers XML, Get-TlsCipherSuite output, or a built-in id ("
                    + String.join(", ", BuiltinProfiles.ids()) + ")");
        } catch (IOException e) {
            throw new UsageException("cannot read the server profile " + arg + ": " + e.getMessage()
                    + "; check the path, or name a built-in profile (" + String.join(", ", BuiltinProfiles.ids())
                    + ")");
        }
    }

    /** The key log file; a file without one usable line is a usage error (a wrong file). */
    private KeyLog keyLog(String arg, boolean quiet) throws UsageException {
        byte[] text;
        try {
            if (Files.size(Path.of(arg)) > MAX_KEYLOG_BYTES) {
                throw new UsageException("the key log " + arg + " is larger than " + (MAX_KEYLOG_BYTES >> 20)
                        + " MiB; keep only the lines of the sessions in the capture");
            }
            text = Files.readAllBytes(Path.of(arg));
        } catch (IOException e) {
            throw new UsageException("cannot read the key log " + arg + ": " + e.getMessage() + "; check the path");
        }
        KeyLog log = KeyLog.parse(text);
        if (log.isEmpty()) {
            throw new UsageException("the key log " + arg + " has no TLS secret line (CLIENT_RANDOM, "
                    + "CLIENT_HANDSHAKE_TRAFFIC_SECRET, ...); give the file SSLKEYLOGFILE or -keylogfile wrote");
        }
        if (log.skippedLines() > 0 && !quiet) {
            err.println("hellocheck: warning: key log " + arg + ": " + log.skippedLines() + " line"
                    + (log.skippedLines() == 1 ? "" : "s") + " not used (other labels, malformed, or beyond "
                    + KeyLog.MAX_SESSIONS + " sessions)");
        }
        return log;
    }

    private int analyze(CommandLine cl, boolean quiet) throws UsageException {
        String format = cl.getOptionValue("format", "text");
        if (!FORMATS.contains(format)) {
            throw new UsageException("unknown --format '" + format + "'; use text, json, jsonl, csv or html");
        }
        Set<Integer> ports = new LinkedHashSet<>();
        for (String p : cl.getOptionValues("tls-port") == null ? new String[0] : cl.getOptionValues("tls-port")) {
            ports.add(number(p, "--tls-port", "a port number 1-65535", 1, 65535));
        }
        int threads = cl.hasOption("threads")
                ? number(cl.getOptionValue("threads"), "--threads", "a number of threads 1-1024", 1, 1024)
                : Runtime.getRuntime().availableProcessors();
        ArchiveLimits limits = ArchiveLimits.defaults();
        if (cl.hasOption("max-entry-size")) {
            limits = limits.withMaxEntryBytes(size(cl.getOptionValue("max-entry-size"), "--max-entry-size"));
        }
        if (cl.hasOption("max-archive-size")) {
            limits = limits.withMaxArchiveBytes(size(cl.getOptionValue("max-archive-size"), "--max-archive-size"));
        }
        if (cl.getArgList().isEmpty()) {
            throw new UsageException("no INPUT given; use: " + USAGE);
        }
        AnalysisOptions defaults = AnalysisOptions.defaults();
        HelloCheck.Builder builder = HelloCheck.builder().analysisOptions(
                new AnalysisOptions(defaults.noAnswerTimeoutNanos(), defaults.closeWaitNanos(), ports));
        if (cl.hasOption("server-profile")) {
            builder.serverProfile(serverProfile(cl.getOptionValue("server-profile"), quiet));
        }
        if (cl.hasOption("keylog")) {
            builder.keyLog(keyLog(cl.getOptionValue("keylog"), quiet));
        }
        HelloCheck analyzer;
        try {
            analyzer = builder.filter(cl.getOptionValue("filter")).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + "; check the --filter expression (tcpdump syntax)");
        } catch (IllegalStateException e) {
            throw new UsageException("--filter needs libpcap: " + e.getMessage() + "; install libpcap (Debian: "
                    + "libpcap0.8; Windows: Npcap) or leave --filter out");
        }
        BatchAnalyzer batch = BatchAnalyzer.builder(analyzer).threads(threads).archiveLimits(limits)
                .merge(cl.hasOption("merge")).build();

        Progress progress = errTerminal && !quiet ? new Progress(err) : null;
        OutputStream sink;
        if (cl.hasOption("output")) {
            String file = cl.getOptionValue("output");
            try {
                sink = new BufferedOutputStream(Files.newOutputStream(Path.of(file)), 1 << 16);
            } catch (IOException e) {
                throw new UsageException("cannot write the report to " + file + ": " + e.getMessage()
                        + "; check that its folder exists and is writable");
            }
        } else if (quiet) {
            sink = OutputStream.nullOutputStream();
        } else {
            sink = progress != null && outTerminal ? progress.sharing(out) : out;
        }
        PrintStream report = sink == out ? out : new PrintStream(sink, false, StandardCharsets.UTF_8);
        Renderer renderer = Renderer.of(format, report, cl.hasOption("only-failures"),
                cl.hasOption("redact") ? new Redactor() : null, "hellocheck " + VERSION);
        Consumer<String> errorLine = quiet ? line -> { } : progress != null ? progress::printAbove : err::println;
        try {
            BatchSummary summary = batch.run(cl.getArgList(), stdin, new ErrorLines(renderer, errorLine, format.equals("csv"), written),
                    progress != null ? progress : new ProgressListener() { });
            if (progress != null) {
                progress.close();
            }
            renderer.finish(summary);
            written.settle();
            report.flush();
            if (report != out && report.checkError() && cl.hasOption("output")) {
                throw new UsageException("cannot write the report to " + cl.getOptionValue("output")
                        + "; check the free space");
            }
            if (summary.captures() == 0 && summary.errors() == 0) {
                // an empty folder, or one of other files: say so, a mistyped path is easy to miss
                errorLine.accept("hellocheck: warning: no capture found in " + String.join(", ", cl.getArgList())
                        + (summary.skippedFiles() == 1 ? " (1 other file skipped)"
                        : summary.skippedFiles() > 1 ? " (" + summary.skippedFiles() + " other files skipped)" : ""));
            }
            if (summary.errors() > 0) {
                return ExitCodes.USAGE_OR_UNREADABLE;
            }
            return summary.hasFailures() ? ExitCodes.FAILED_HANDSHAKE : ExitCodes.OK;
        } catch (IOException e) {
            throw new UsageException("cannot list the inputs: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UsageException("cannot write the report: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted");
        } finally {
            if (progress != null) {
                progress.close();
            }
            if (report != out) {
                report.close();
            }
        }
    }

    /**
     * Passes everything to the renderer, and prints each error as one line: what, where, what to do; and each
     * warning too when the format has no place for it (CSV: rows of connection records only), so that the user
     * learns that the data is incomplete.
     */
    private static final class ErrorLines implements BatchListener {
        /** First byte of a failed handshake's prepared line, before its JSON (which starts with '{'). */
        private static final byte FAILED_LINE = 1;
        private final Renderer target;
        private final Consumer<String> line;
        private final boolean warningLines;
        private final WrittenRecords written;

        ErrorLines(Renderer target, Consumer<String> line, boolean warningLines, WrittenRecords written) {
            this.target = target;
            this.line = line;
            this.warningLines = warningLines;
            this.written = written;
        }

        @Override
        public void inputs(List<String> inputs, long totalBytes) {
            target.inputs(inputs, totalBytes);
            written.settle();
        }

        @Override
        public void captureStarted(String capture) {
            target.captureStarted(capture);
            written.settle();
        }

        @Override
        public void connection(io.hellocheck.analysis.ConnectionRecord record) {
            if (record.failed()) {
                written.pending(WrittenRecords.FAILED);
            }
            target.connection(record);
            written.settle();
        }

        /**
         * The renderer's prepared line; a failed handshake's is marked by a first byte {@link #FAILED_LINE}, as the
         * record itself may not come back with it (a spill file keeps the bytes alone).
         */
        @Override
        public Object prepare(io.hellocheck.analysis.ConnectionRecord record) {
            Object prepared = target.prepare(record);
            if (record.failed() && prepared instanceof byte[] b && b.length > 0) {
                byte[] marked = new byte[b.length + 1];
                marked[0] = FAILED_LINE;
                System.arraycopy(b, 0, marked, 1, b.length);
                return marked;
            }
            return prepared;
        }

        @Override
        public boolean recordNeededWhenPrepared() {
            return target.recordNeededWhenPrepared();
        }

        @Override
        public void connection(io.hellocheck.analysis.ConnectionRecord record, Object prepared) {
            if (prepared instanceof byte[] b && b.length > 0 && b[0] == FAILED_LINE) {
                written.pending(WrittenRecords.FAILED);
                target.connection(record, Arrays.copyOfRange(b, 1, b.length));
            } else {
                if (record != null && record.failed()) {
                    written.pending(WrittenRecords.FAILED);
                }
                target.connection(record, prepared);
            }
            written.settle();
        }

        @Override
        public void captureFinished(io.hellocheck.engine.CaptureResult result) {
            target.captureFinished(result);
            written.settle();
            if (warningLines) {
                for (io.hellocheck.engine.CaptureWarning w : result.warnings()) {
                    line.accept(warningLine(result.summary().capture(), w));
                }
            }
        }

        @Override
        public void warning(String input, io.hellocheck.engine.CaptureWarning warning) {
            target.warning(input, warning);
            written.settle();
            if (warningLines) {
                line.accept(warningLine(input, warning));
            }
        }

        @Override
        public void captureFailed(io.hellocheck.engine.CaptureResult partial, InputError e) {
            if (warningLines) {
                for (io.hellocheck.engine.CaptureWarning w : partial.warnings()) {
                    line.accept(warningLine(partial.summary().capture(), w));
                }
            }
            line.accept(errorLine(e));
            written.pending(WrittenRecords.ERROR);
            target.captureFailed(partial, e);
            written.settle();
        }

        @Override
        public void error(InputError e) {
            line.accept(errorLine(e));
            written.pending(WrittenRecords.ERROR);
            target.error(e);
            written.settle();
        }

        @Override
        public void skipped(String name) {
            target.skipped(name);
            written.settle();
        }
    }

    /** {@code hellocheck: warning: NAME: MESSAGE} */
    static String warningLine(String input, io.hellocheck.engine.CaptureWarning w) {
        return "hellocheck: warning: " + input + ": " + w.message();
    }

    /** {@code hellocheck: NAME: MESSAGE (byte offset N); HINT} */
    static String errorLine(InputError e) {
        String offset = e.byteOffset() < 0 || e.message().contains("offset") ? ""
                : " (byte offset " + e.byteOffset() + ")";
        return "hellocheck: " + e.capture() + ": " + e.message() + offset + "; " + e.hint();
    }

    private static int number(String text, String option, String what, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs " + what + ", not '" + text + "'");
        }
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    /** "4g", "512MiB", "100000" (bytes). */
    static long size(String text, String option) throws UsageException {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException(option + " needs a size such as 4g, 512m or 100000, not '" + text + "'");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a positive size, not '" + text + "'");
        }
    }

    private void help(PrintStream stream, Options options) {
        HelpFormatter f = HelpFormatter.builder().get();
        java.io.PrintWriter w = new java.io.PrintWriter(stream);
        f.printHelp(w, 100, USAGE, HEADER, options, 2, 4, FOOTER);
        w.flush();
    }
}
