package io.hellocheck.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code hellocheck-spark [--master URL] --out DIR INPUT...}: runs {@link SparkHelloCheck#run} in a Spark
 * session ({@code local[*]} by default; under spark-submit, the master it was given). Prints the summary's
 * counts and the job's wall and CPU time (from the job's start, in the running session; CPU time of this JVM, all
 * threads) and those of its steps to standard error. Exit
 * codes as {@code hellocheck analyze}'s: 0 no failed handshake, 1 some failed handshake, 2 bad usage or at
 * least one input that is not a readable capture.
 */
public final class Main {
    private Main() {
    }

    private static final String USAGE = "usage: hellocheck-spark [--master URL] [--runs N] --out DIR INPUT...\n"
            + "  --runs N  run the job N times in the same session (default 1), each timed: the first run also\n"
            + "            loads and compiles Spark's code, the later ones run as in a session that already ran a job";

    public static void main(String[] args) {
        String master = null;
        String out = null;
        int runs = 1;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--master") || a.equals("--out") || a.equals("--runs")) && i + 1 < args.length) {
                if (a.equals("--master")) {
                    master = args[++i];
                } else if (a.equals("--out")) {
                    out = args[++i];
                } else {
                    runs = positive(args[++i]);
                }
            } else if (a.equals("-h") || a.equals("--help")) {
                System.out.println(USAGE);
                return;
            } else if (a.startsWith("-") && !a.equals("-")) {
                usage("unknown option '" + a + "'");
            } else {
                inputs.add(a);
            }
        }
        if (out == null || inputs.isEmpty()) {
            usage(out == null ? "--out DIR is required" : "no INPUT given");
        }
        long sessionStart = System.nanoTime();
        SparkSession.Builder builder = SparkSession.builder().appName("hellocheck");
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            master = "local[*]";
            builder.master(master);
        }
        if (master != null && master.startsWith("local")) {
            // in one JVM: Spark's driver and block manager listen on the loopback only, not on the machine's
            // first address
            builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
        }
        SparkSession spark = builder.getOrCreate();
        int code = 0;
        try {
            long previousEnd = System.nanoTime();
            for (int run = 1; run <= runs; run++) {
                long jobStart = System.nanoTime();
                long cpuStart = SparkHelloCheck.processCpuNanos();
                SparkHelloCheck.Output result = SparkHelloCheck.run(spark, inputs, out);
                long end = System.nanoTime();
                long cpuEnd = SparkHelloCheck.processCpuNanos();
                Row s = result.summary().first();
                long failed = s.getLong(s.fieldIndex("failed_handshakes"));
                long errors = s.getLong(s.fieldIndex("errors"));
                if (run == 1) {
                    System.err.printf(Locale.ROOT, "hellocheck-spark: %d files, %d captures, %d connection records, "
                            + "%d failed handshakes, %d errors; written to %s%n", result.inputFiles(),
                            s.getLong(s.fieldIndex("captures")), s.getLong(s.fieldIndex("connection_records")), failed,
                            errors, out);
                }
                System.err.printf(Locale.ROOT, "hellocheck-spark: run %d job %.2f s cpu %.2f s (%s %.2f s before it), "
                        + "master %s%n", run, (end - jobStart) / 1e9, (cpuEnd - cpuStart) / 1e9,
                        run == 1 ? "session start" : "previous run's end", (jobStart - (run == 1 ? sessionStart
                        : previousEnd)) / 1e9, spark.sparkContext().master());
                StringBuilder steps = new StringBuilder();
                for (String step : List.of("analysis", "parquet", "servers", "summary")) {
                    steps.append(String.format(Locale.ROOT, " %s %.2f s (cpu %.2f s)", step, result.seconds().get(step),
                            result.cpuSeconds().get(step)));
                }
                System.err.println("hellocheck-spark: run " + run + " steps:" + steps);
                code = errors > 0 ? 2 : failed > 0 ? 1 : 0;
                previousEnd = System.nanoTime();
            }
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    private static int positive(String n) {
        try {
            int v = Integer.parseInt(n);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage("--runs wants a whole number from 1, not '" + n + "'");
        return 1;
    }

    private static void usage(String message) {
        System.err.println("hellocheck-spark: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }
}
