package io.hellocheck.spark;

import io.hellocheck.engine.HelloCheck;
import io.hellocheck.batch.BatchAnalyzer;
import io.hellocheck.batch.InputError;
import io.hellocheck.report.RecordTrees;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The hellocheck analysis on Apache Spark, from a Spark job:
 *
 * <pre>{@code
 * SparkHelloCheck.Output out = SparkHelloCheck.run(spark, List.of("s3a://bucket/captures/"), "s3a://bucket/report");
 * out.connections().where("failed").groupBy("outcome").count().show();
 * }</pre>
 *
 * <p>Each input file is one Spark task: read through {@code binaryFiles}' {@link PortableDataStream} (streamed,
 * never whole in memory), a compressed capture or an archive analyzed entry after entry inside that task, as
 * {@code hellocheck analyze} does (with its default options). One pass over the captures writes, under the
 * output folder {@code DIR}:
 * <ul>
 *   <li>{@code DIR/connections}: JSON Lines part files of the connection records, the same records as
 *       {@code hellocheck analyze --format jsonl} gives ({@code capture}: the URI Spark read), one part per file;
 *   <li>{@code DIR/connections.parquet}: the same records as Parquet, with a fixed schema derived from the
 *       records' JSON Schema ({@link RecordSchema}: nested structs with the JSON keys' names), one part per file;
 *       each JSON line written straight from its bytes ({@link JsonParquetFormat}), as Spark writes the rows
 *       that its JSON reader gives with that schema;
 *   <li>{@code DIR/servers}: JSON Lines of server records pooled over every input ({@link ServerPartial}),
 *       from a Spark aggregation (reduceByKey) of each capture's server records;
 *   <li>{@code DIR/errors}: JSON Lines of the error records (inputs that are not readable captures);
 *   <li>{@code DIR/summary}: one JSON line, the batch summary's counts ({@link SummaryCounts}).
 * </ul>
 * Output folders that exist are replaced. Bad input is an error record, never a failed job.
 */
public final class SparkHelloCheck {
    private SparkHelloCheck() {
    }

    /**
     * What a run wrote, read back as DataFrames (lazily, from the output folder).
     *
     * @param inputFiles how many files were analyzed
     * @param seconds    wall time of each step, in seconds, in order: {@code analysis} (the pass over the
     *                   captures, writing {@code connections}), {@code parquet}, {@code servers} (with
     *                   {@code errors}), {@code summary}
     * @param cpuSeconds CPU time of this JVM during each step, in seconds (all its threads: the driver's and, in
     *                   local mode, the executors'; -1 per step when the JVM does not tell)
     */
    public record Output(SparkSession spark, String dir, long inputFiles, Map<String, Double> seconds,
                         Map<String, Double> cpuSeconds) {
        /** The connection records (from {@code DIR/connections.parquet}). */
        public Dataset<Row> connections() {
            return spark.read().parquet(dir + "/connections.parquet");
        }

        /** The pooled server records (from {@code DIR/servers}). */
        public Dataset<Row> servers() {
            return spark.read().json(dir + "/servers");
        }

        /** The batch summary's counts: one row (from {@code DIR/summary}). */
        public Dataset<Row> summary() {
            return spark.read().schema(SummaryCounts.schema()).json(dir + "/summary");
        }
    }

    /**
     * Analyzes the inputs and writes the outputs under {@code dir}.
     *
     * @param inputs paths or URIs of files and folders (walked recursively), globs allowed; an input matching
     *               nothing is an error record ({@code kind} {@code missing})
     * @param dir    the output folder (any path Spark writes)
     * @throws UncheckedIOException when a file system cannot be listed or written
     */
    public static Output run(SparkSession spark, List<String> inputs, String dir) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(dir, "dir");
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Inputs.Listing listing = Inputs.list(inputs, conf);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<JavaRDD<Item>> parts = new ArrayList<>();
        for (Inputs.File f : listing.files()) {
            boolean explicit = f.explicit();
            // one binaryFiles RDD per file: one task per file (binaryFiles alone packs small files together)
            parts.add(jsc.binaryFiles(escape(f.uri()), 1).mapPartitions(it -> items(it, explicit)));
        }
        List<Item> missing = new ArrayList<>();
        for (String m : listing.missing()) {
            InputError e = InputError.of(m, InputError.Kind.MISSING, "no such file or folder", -1);
            missing.add(Item.error(RecordTrees.error(e).toString()));
            missing.add(Item.counts(SummaryCounts.ofMissing()));
        }
        if (!missing.isEmpty()) {
            parts.add(jsc.parallelize(missing, 1));
        }
        // The analysis runs once, in the first write; each later step reads its items from the cache (a
        // partition evicted from it is analyzed again, with the same items)
        JavaRDD<Item> items = (parts.isEmpty() ? jsc.<Item>emptyRDD() : jsc.union(parts.toArray(JavaRDD[]::new)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Double> cpuSeconds = new LinkedHashMap<>();
        Clock clock = new Clock(seconds, cpuSeconds);
        try {
            JavaRDD<InternalRow> lines = items.filter(i -> i.connection != null).map(i -> textRow(i.connection));
            frame(spark, lines, TEXT).write().mode(SaveMode.Overwrite).text(dir + "/connections");
            clock.lap("analysis");
            // the same JSON lines, each written as a row of the records' schema straight from its bytes; no
            // dictionary encoding: its hashing was the Parquet writer's largest cost (the files grow by half)
            frame(spark, lines, TEXT).write().mode(SaveMode.Overwrite).format(JsonParquetFormat.class.getName())
                    .option(JsonParquetFormat.SCHEMA, RecordSchema.connections().json())
                    .option("parquet.enable.dictionary", "false")
                    .save(dir + "/connections.parquet");
            clock.lap("parquet");
            spark.createDataset(items.filter(i -> i.error != null).map(i -> i.error).rdd(), Encoders.STRING())
                    .coalesce(1).write().mode(SaveMode.Overwrite).text(dir + "/errors");
            JavaRDD<String> servers = items.filter(i -> i.server != null)
                    .mapToPair(i -> new Tuple2<>(i.server.key(), i.server))
                    .reduceByKey(ServerPartial::plus, 1) // one partition: one part file, sorted below
                    .mapPartitions(SparkHelloCheck::sortedJson);
            spark.createDataset(servers.rdd(), Encoders.STRING()).write().mode(SaveMode.Overwrite)
                    .text(dir + "/servers");
            clock.lap("servers");
            SummaryCounts counts = items.filter(i -> i.counts != null).map(i -> i.counts)
                    .fold(new SummaryCounts(), SummaryCounts::plus);
            spark.createDataFrame(List.of(counts.row()), SummaryCounts.schema()).coalesce(1).write()
                    .mode(SaveMode.Overwrite).json(dir + "/summary");
            clock.lap("summary");
        } finally {
            items.unpersist(false);
        }
        return new Output(spark, dir, listing.files().size(), Collections.unmodifiableMap(seconds),
                Collections.unmodifiableMap(cpuSeconds));
    }

    /** The rows of a text file's one column ({@code value}). */
    private static final StructType TEXT = new StructType().add("value", DataTypes.StringType, false);

    /** A JSON line as a row of {@link #TEXT} (its bytes, not copied). */
    private static InternalRow textRow(byte[] line) {
        return new GenericInternalRow(new Object[] {UTF8String.fromBytes(line)});
    }

    /**
     * A DataFrame of rows already in Spark's internal form, so that no encoder converts them again (Spark's
     * {@code internalCreateDataFrame}: public in the bytecode, package-private in Scala).
     */
    private static Dataset<Row> frame(SparkSession spark, JavaRDD<InternalRow> rows, StructType schema) {
        return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), schema, false);
    }

    /** Wall and CPU time of each step: CPU time of the whole JVM (the driver and, in local mode, the executors). */
    private static final class Clock {
        private final Map<String, Double> wall;
        private final Map<String, Double> cpu;
        private long wallStart = System.nanoTime();
        private long cpuStart = processCpuNanos();

        Clock(Map<String, Double> wall, Map<String, Double> cpu) {
            this.wall = wall;
            this.cpu = cpu;
        }

        void lap(String step) {
            long w = System.nanoTime();
            long c = processCpuNanos();
            wall.put(step, (w - wallStart) / 1e9);
            cpu.put(step, (c - cpuStart) / 1e9);
            wallStart = w;
            cpuStart = c;
        }
    }

    /** This JVM's CPU time (all threads), in nanoseconds; -1 when the JVM does not tell. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** The pooled server records of a partition as JSON lines, by address and port (as text). */
    private static Iterator<String> sortedJson(Iterator<Tuple2<String, ServerPartial>> servers) {
        TreeMap<String, String> sorted = new TreeMap<>();
        servers.forEachRemaining(t -> sorted.put(t._1(), t._2().json().toString()));
        return sorted.values().iterator();
    }

    /** A path as binaryFiles reads it literally: Hadoop's glob characters and its input-list comma escaped. */
    static String escape(String uri) {
        StringBuilder b = new StringBuilder(uri.length() + 8);
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if ("\\,*?[]{}".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The items of a partition's files: each analyzed by a {@link FileTask}, closed when the task completes. */
    private static Iterator<Item> items(Iterator<Tuple2<String, PortableDataStream>> files, boolean explicit) {
        BatchAnalyzer batch = BatchAnalyzer.builder(HelloCheck.builder().build()).threads(1).build();
        return new Iterator<>() {
            private FileTask current;

            @Override
            public boolean hasNext() {
                while (current == null || !current.hasNext()) {
                    if (!files.hasNext()) {
                        return false;
                    }
                    Tuple2<String, PortableDataStream> f = files.next();
                    FileTask task = new FileTask(batch, f._2().open(), f._1(), explicit);
                    TaskContext context = TaskContext.get();
                    if (context != null) {
                        context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> task.close());
                    }
                    current = task;
                }
                return true;
            }

            @Override
            public Item next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
