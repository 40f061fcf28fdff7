package io.hellocheck.spark;

import io.hellocheck.engine.HelloCheck;
import io.hellocheck.batch.BatchAnalyzer;
import io.hellocheck.batch.InputError;
import io.hellocheck.report.JsonRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
 *   <li>{@code DIR/connections.parquet}: the same records as Parquet, with the schema Spark infers from all the
 *       JSON lines (nested structs with the JSON keys' names; a key null in every record is a string column);
 *   <li>{@code DIR/servers}: JSON Lines of server records pooled over every input ({@link ServerPartial}),
 *       from a Spark aggregation (reduceByKey) of each capture's server records;
 *   <li>{@code DIR/errors}: JSON Lines of the error records (inputs that are not readable captures);
 *   <li>{@code DIR/summary}: one JSON line, the batch summary's counts ({@link SummaryCounts}).
 * </ul>
 * Output folders that exist are replaced. Bad input is an error record, never a failed job.
 */
public final class SparkHelloCheck {
    private static final String CONNECTION = "connection";
    private static final String SERVER = "server";
    private static final String COUNTS = "counts";
    private static final String ERROR = "error";
    private static final StructType ITEM = DataTypes.createStructType(List.of(
            DataTypes.createStructField("kind", DataTypes.StringType, false),
            DataTypes.createStructField("value", DataTypes.StringType, false)));

    private SparkHelloCheck() {
    }

    /** What a run wrote, read back as DataFrames (lazily, from the output folder). */
    /**
     * @param inputFiles how many files were analyzed
     * @param seconds    wall time of each step, in seconds, in order: {@code analysis} (the pass over the
     *                   captures), {@code parquet}, {@code servers}, {@code summary}
     */
    public record Output(SparkSession spark, String dir, long inputFiles, Map<String, Double> seconds) {
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
        List<JavaRDD<Row>> parts = new ArrayList<>();
        for (Inputs.File f : listing.files()) {
            boolean explicit = f.explicit();
            // one binaryFiles RDD per file: one task per file (binaryFiles alone packs small files together)
            parts.add(jsc.binaryFiles(escape(f.uri()), 1).mapPartitions(it -> rows(it, explicit)));
        }
        List<Row> missing = new ArrayList<>();
        for (String m : listing.missing()) {
            InputError e = InputError.of(m, InputError.Kind.MISSING, "no such file or folder", -1);
            missing.add(RowFactory.create(ERROR, JsonRecords.error(e).toString()));
            missing.add(RowFactory.create(COUNTS, Serialized.line(SummaryCounts.ofMissing())));
        }
        parts.add(jsc.parallelize(missing, 1));
        JavaRDD<Row> rows = jsc.union(parts.toArray(JavaRDD[]::new));
        String stage = dir + "/_items";
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t = System.nanoTime();
        spark.createDataFrame(rows, ITEM).write().mode(SaveMode.Overwrite).partitionBy("kind").text(stage);
        try {
            FileSystem fs = new Path(dir).getFileSystem(conf);
            move(fs, new Path(stage, "kind=" + CONNECTION), new Path(dir, "connections"));
            move(fs, new Path(stage, "kind=" + ERROR), new Path(dir, "errors"));
            t = lap(seconds, "analysis", t);
            Dataset<String> lines = spark.read().textFile(dir + "/connections");
            Dataset<Row> records = spark.read().json(lines);
            if (records.schema().isEmpty()) {
                // no record at all: Parquet has no empty schema; an empty table of the one key every record has
                records = spark.createDataFrame(List.of(), DataTypes.createStructType(List.of(
                        DataTypes.createStructField("type", DataTypes.StringType, true))));
            }
            records.write().mode(SaveMode.Overwrite).parquet(dir + "/connections.parquet");
            t = lap(seconds, "parquet", t);
            JavaRDD<String> servers = partials(spark, stage, SERVER)
                    .map(line -> Serialized.read(line, ServerPartial.class))
                    .mapToPair(p -> new Tuple2<>(p.key(), p))
                    .reduceByKey(ServerPartial::plus, 1) // one partition: one part file, sorted below
                    .mapPartitions(SparkHelloCheck::sortedJson);
            spark.createDataset(servers.rdd(), Encoders.STRING()).write().mode(SaveMode.Overwrite)
                    .text(dir + "/servers");
            t = lap(seconds, "servers", t);
            SummaryCounts counts = partials(spark, stage, COUNTS)
                    .map(line -> Serialized.read(line, SummaryCounts.class))
                    .fold(new SummaryCounts(), SummaryCounts::plus);
            spark.createDataFrame(List.of(counts.row()), SummaryCounts.schema()).coalesce(1).write()
                    .mode(SaveMode.Overwrite).json(dir + "/summary");
            fs.delete(new Path(stage), true);
            lap(seconds, "summary", t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Output(spark, dir, listing.files().size(), Collections.unmodifiableMap(seconds));
    }

    /** Records the seconds since {@code start} as {@code step}; returns now. */
    private static long lap(Map<String, Double> seconds, String step, long start) {
        long now = System.nanoTime();
        seconds.put(step, (now - start) / 1e9);
        return now;
    }

    /** The pooled server records of a partition as JSON lines, by address and port (as text). */
    private static Iterator<String> sortedJson(Iterator<Tuple2<String, ServerPartial>> servers) {
        TreeMap<String, String> sorted = new TreeMap<>();
        servers.forEachRemaining(t -> sorted.put(t._1(), t._2().json().toString()));
        return sorted.values().iterator();
    }

    /** The intermediate lines of one kind (none when no task produced that kind). */
    private static JavaRDD<String> partials(SparkSession spark, String stage, String kind) throws IOException {
        Path p = new Path(stage, "kind=" + kind);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(p)) {
            return JavaSparkContext.fromSparkContext(spark.sparkContext()).emptyRDD();
        }
        return spark.read().textFile(p.toString()).javaRDD();
    }

    /** Renames {@code from} to {@code to} (replacing it); an empty folder when {@code from} does not exist. */
    private static void move(FileSystem fs, Path from, Path to) throws IOException {
        fs.delete(to, true);
        if (fs.exists(from)) {
            if (!fs.rename(from, to)) {
                throw new IOException("cannot rename " + from + " to " + to);
            }
        } else {
            fs.mkdirs(to);
        }
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

    /** The rows of a partition's files: each analyzed by a {@link FileTask}, closed when the task completes. */
    private static Iterator<Row> rows(Iterator<Tuple2<String, PortableDataStream>> files, boolean explicit) {
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
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Item item = current.next();
                if (item.connection != null) {
                    return RowFactory.create(CONNECTION, item.connection);
                } else if (item.error != null) {
                    return RowFactory.create(ERROR, item.error);
                } else if (item.server != null) {
                    return RowFactory.create(SERVER, Serialized.line(item.server));
                }
                return RowFactory.create(COUNTS, Serialized.line(item.counts));
            }
        };
    }
}
