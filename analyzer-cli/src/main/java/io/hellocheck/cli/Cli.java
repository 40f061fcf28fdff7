package io.hellocheck.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hellocheck.CaptureResult;
import io.hellocheck.HelloCheck;
import io.hellocheck.analysis.AnalysisOptions;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.ServerRecord;
import io.hellocheck.capture.CaptureFormatException;
import io.hellocheck.report.JsonRecords;
import io.hellocheck.report.TextReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The command line: parses options with Commons CLI, calls the library, renders. Returns an exit code
 * instead of exiting, so tests run it in-process.
 */
public final class Cli {
    static final String VERSION = "0.1.0";
    private static final String USAGE = "hellocheck analyze [options] INPUT...";
    private static final String HEADER = "\nFor every TLS ClientHello in the captures, says whether a ServerHello came "
            + "back and, if not, what the server did instead. INPUT is a .pcap or .pcapng file (gzipped or not), "
            + "a folder (searched recursively), or - for standard input.\n\n";
    private static final String FOOTER = "\nExit codes: 0 every input read, no failed handshake; 1 every input "
            + "read, at least one failed handshake; 2 a usage error, or an input that is not a readable capture "
            + "(the other inputs are still analyzed).\n";

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream stdin;

    public Cli(PrintStream out, PrintStream err, InputStream stdin) {
        this.out = out;
        this.err = err;
        this.stdin = stdin;
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("format").hasArg().argName("FORMAT")
                .desc("text (default), json (one document) or jsonl (one record per line)").get());
        o.addOption(Option.builder().longOpt("only-failures").desc("report failed handshakes only").get());
        o.addOption(Option.builder().longOpt("filter").hasArg().argName("BPF")
                .desc("analyze only frames matching this libpcap filter expression (needs libpcap)").get());
        o.addOption(Option.builder().longOpt("tls-port").hasArg().argName("PORT")
                .desc("also report refused or unanswered connections to this port (repeatable)").get());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("FILE")
                .desc("write the report to FILE instead of standard output").get());
        o.addOption(Option.builder("q").longOpt("quiet").desc("print nothing; only the exit code tells").get());
        o.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
        o.addOption(Option.builder().longOpt("version").desc("show the version").get());
        return o;
    }

    /** Runs the command line; returns the exit code. */
    public int run(String[] args) {
        Options options = options();
        if (args.length == 0) {
            help(err, options);
            return ExitCodes.USAGE_OR_UNREADABLE;
        }
        String command = args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
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
        String format = cl.getOptionValue("format", "text");
        if (!List.of("text", "json", "jsonl").contains(format)) {
            err.println("hellocheck: unknown --format '" + format + "'; use text, json or jsonl");
            return ExitCodes.USAGE_OR_UNREADABLE;
        }
        Set<Integer> ports = new LinkedHashSet<>();
        for (String p : cl.getOptionValues("tls-port") == null ? new String[0] : cl.getOptionValues("tls-port")) {
            try {
                int port = Integer.parseInt(p.trim());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(port);
            } catch (NumberFormatException e) {
                err.println("hellocheck: --tls-port needs a port number 1-65535, not '" + p + "'");
                return ExitCodes.USAGE_OR_UNREADABLE;
            }
        }
        if (cl.getArgList().isEmpty()) {
            err.println("hellocheck: no INPUT given; use: " + USAGE);
            return ExitCodes.USAGE_OR_UNREADABLE;
        }
        AnalysisOptions defaults = AnalysisOptions.defaults();
        HelloCheck.Builder builder = HelloCheck.builder().analysisOptions(
                new AnalysisOptions(defaults.noAnswerTimeoutNanos(), defaults.closeWaitNanos(), ports));
        if (cl.hasOption("filter")) {
            builder.filter(cl.getOptionValue("filter"));
        }
        HelloCheck analyzer = builder.build();
        Inputs inputs;
        try {
            inputs = Inputs.expand(cl.getArgList());
        } catch (IOException e) {
            err.println("hellocheck: cannot list the inputs: " + e.getMessage());
            return ExitCodes.USAGE_OR_UNREADABLE;
        }
        boolean quiet = cl.hasOption("quiet");
        OutputStream sink = out;
        try {
            if (cl.hasOption("output")) {
                sink = Files.newOutputStream(Path.of(cl.getOptionValue("output")));
            }
            PrintStream report = quiet ? new PrintStream(OutputStream.nullOutputStream())
                    : sink == out ? out : new PrintStream(sink, false, StandardCharsets.UTF_8);
            int code = analyzeAll(analyzer, inputs, format, cl.hasOption("only-failures"), report, quiet);
            report.flush();
            return code;
        } catch (IOException e) {
            err.println("hellocheck: cannot write the report: " + e.getMessage());
            return ExitCodes.USAGE_OR_UNREADABLE;
        } finally {
            if (sink != out) {
                try {
                    sink.close();
                } catch (IOException e) {
                    err.println("hellocheck: cannot close the report: " + e.getMessage());
                }
            }
        }
    }

    private int analyzeAll(HelloCheck analyzer, Inputs inputs, String format, boolean onlyFailures, PrintStream report,
                           boolean quiet) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        mapper.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        boolean unreadable = false;
        boolean failures = false;
        ArrayNode document = mapper.createArrayNode();
        for (String missing : inputs.missing) {
            unreadable = true;
            error(report, format, mapper, document, missing, "no such file or folder", -1, quiet);
        }
        for (Inputs.Input input : inputs.inputs) {
            CaptureResult result;
            try {
                if (input.isStdin()) {
                    result = analyzer.analyze(stdin, "-");
                } else {
                    result = analyzer.analyze(input.path());
                }
            } catch (CaptureFormatException e) {
                unreadable = true;
                error(report, format, mapper, document, input.name(), e.getMessage(), e.byteOffset(), quiet);
                continue;
            } catch (NoSuchFileException e) {
                unreadable = true;
                error(report, format, mapper, document, input.name(), "no such file", -1, quiet);
                continue;
            } catch (IOException e) {
                unreadable = true;
                error(report, format, mapper, document, input.name(), "cannot be read: " + e.getMessage(), -1, quiet);
                continue;
            } catch (IllegalArgumentException e) {
                err.println("hellocheck: " + e.getMessage());
                return ExitCodes.USAGE_OR_UNREADABLE;
            }
            failures |= result.hasFailures();
            render(report, format, mapper, document, input.name(), result, onlyFailures);
        }
        if (format.equals("json")) {
            ObjectNode doc = mapper.createObjectNode();
            doc.put("schema_version", JsonRecords.SCHEMA_VERSION);
            doc.put("tool", "hellocheck " + VERSION);
            ArrayNode names = doc.putArray("inputs");
            inputs.inputs.forEach(i -> names.add(i.name()));
            doc.set("records", document);
            report.println(mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else if (format.equals("text") && inputs.skippedFiles > 0) {
            report.println(inputs.skippedFiles + " file(s) in the given folders are not captures and were skipped.");
        }
        if (unreadable) {
            return ExitCodes.USAGE_OR_UNREADABLE;
        }
        return failures ? ExitCodes.FAILED_HANDSHAKE : ExitCodes.OK;
    }

    private void render(PrintStream report, String format, ObjectMapper mapper, ArrayNode document, String name,
                        CaptureResult result, boolean onlyFailures) throws IOException {
        if (format.equals("text")) {
            report.println(TextReport.render(result, onlyFailures));
            return;
        }
        List<ObjectNode> records = new ArrayList<>();
        for (ConnectionRecord c : result.connections()) {
            if (!onlyFailures || c.outcome().isFailure()) {
                records.add(JsonRecords.connection(c));
            }
        }
        for (ServerRecord s : result.servers()) {
            records.add(JsonRecords.server(name, s));
        }
        result.warnings().forEach(w -> records.add(JsonRecords.warning(name, w)));
        records.add(JsonRecords.summary(result.summary()));
        for (ObjectNode r : records) {
            if (format.equals("jsonl")) {
                report.println(mapper.writeValueAsString(r));
            } else {
                document.add(r);
            }
        }
    }

    private void error(PrintStream report, String format, ObjectMapper mapper, ArrayNode document, String name,
                       String message, long offset, boolean quiet) throws IOException {
        if (!quiet) {
            err.println("hellocheck: " + name + ": " + message
                    + (message.contains("offset") || offset < 0 ? "" : " (byte offset " + offset + ")")
                    + "; check that it is a .pcap or .pcapng capture");
        }
        if (format.equals("text")) {
            return;
        }
        ObjectNode e = JsonRecords.error(name, message, offset);
        if (format.equals("jsonl")) {
            report.println(mapper.writeValueAsString(e));
        } else {
            document.add(e);
        }
    }

    private void help(PrintStream stream, Options options) {
        HelpFormatter f = HelpFormatter.builder().get();
        java.io.PrintWriter w = new java.io.PrintWriter(stream);
        f.printHelp(w, 100, USAGE, HEADER, options, 2, 4, FOOTER);
        w.flush();
    }
}
