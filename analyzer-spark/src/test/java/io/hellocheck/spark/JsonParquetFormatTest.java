package io.hellocheck.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JsonParquetFormat} against Spark's own JSON reader with the same schema
 * ({@code spark.read().schema(s).json}) followed by Spark's own Parquet writer: the same rows read back, row for
 * row, and the same Parquet schema and key-value metadata in the files; on JSON lines that exercise each
 * conversion, and on the records' schema with lines of every type of value it holds (local[1]).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonParquetFormatTest {
    private SparkSession spark;
    @TempDir
    Path tmp;
    private int writes;

    @BeforeAll
    void start() {
        spark = SparkSession.builder().master("local[1]").appName("json-parquet-test")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The files Spark's reader and writer give and those of {@link JsonParquetFormat}, read back. */
    private void assertSameAsSparksWriter(StructType schema, List<String> lines) throws IOException {
        Dataset<String> json = spark.createDataset(lines, Encoders.STRING()).coalesce(1);
        Path sparks = tmp.resolve("spark-" + writes);
        Path ours = tmp.resolve("ours-" + writes++);
        List<Row> read = spark.read().schema(schema).json(json).collectAsList();
        spark.read().schema(schema).json(json).write().parquet(sparks.toString());
        json.toDF("value").write().format(JsonParquetFormat.class.getName())
                .option(JsonParquetFormat.SCHEMA, schema.json()).save(ours.toString());
        assertThat(spark.read().parquet(ours.toString()).collectAsList())
                .isEqualTo(spark.read().parquet(sparks.toString()).collectAsList()).isEqualTo(read);
        FileMetaData expected = footer(sparks);
        FileMetaData actual = footer(ours);
        assertThat(actual.getSchema()).isEqualTo(expected.getSchema());
        assertThat(actual.getKeyValueMetaData()).isEqualTo(expected.getKeyValueMetaData());
    }

    /** The file metadata of the one Parquet file in {@code dir}. */
    private static FileMetaData footer(Path dir) throws IOException {
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            return r.getFooter().getFileMetaData();
        }
    }

    @Test
    void writesEachKindOfValueAsSparksWriter() throws IOException {
        StructType schema = StructType.fromDDL("s string, n bigint, d double, b boolean, "
                + "a array<string>, o struct<x: bigint, y: array<struct<z: string>>>, m map<string, bigint>, "
                + "t string, u string, v string, w double, ms map<string, string>");
        assertSameAsSparksWriter(schema, List.of(
                "{\"s\":\"plain\",\"n\":42,\"d\":1.5,\"b\":true,\"a\":[\"x\",null,\"y\"],"
                        + "\"o\":{\"x\":-7,\"y\":[{\"z\":\"q\"},{\"z\":null},{}]},\"m\":{\"k\":1,\"l\":null},"
                        + "\"t\":{\"inner\":[1,2.50,\"a\"]},\"u\":[1,{\"k\":\"v\"}],\"v\":12,\"w\":3}",
                "{\"s\":\"esc \\\" \\\\ \\n \\u00e9 \\ud83d\\ude00 é\",\"unknown\":{\"deep\":[1,{\"x\":2}]},\"n\":null,"
                        + "\"d\":-0.0,\"b\":false,\"a\":[],\"o\":null,\"m\":{},\"t\":true,\"w\":1e300}",
                "{}",
                "{\"d\":\"NaN\",\"w\":\"-Infinity\",\"a\":null,\"o\":{}}",
                // strings copied as they are (printable ASCII) and decoded (escapes, control, non-ASCII), between
                // whitespace, in arrays, structs and map values
                "{ \"s\" : \"spaced\" , \"a\" : [ \"p\" ,\"\", \"q\\\"r\" , \"\\u0041\", \"\u00fcber\" ] ,\n"
                        + "\"o\":{\"y\":[ {\"z\": \"deep\"} ]}, \"ms\": {\"k\" : \"v\", \"e\":\"\\t\", \"n\": null},"
                        + "\"t\": \"\u00e9t\u00e9\", \"u\":\"last\"}"));
    }

    @Test
    void takesTheSchemaAsNullableAsSparksReader() throws IOException {
        assertSameAsSparksWriter(StructType.fromDDL("s string not null, o struct<x: bigint not null> not null"),
                List.of("{\"s\":\"here\",\"o\":{\"x\":1}}", "{\"o\":{}}", "{}"));
    }

    @Test
    void refusesATypeItDoesNotWriteBeforeAnyTask() {
        Dataset<Row> json = spark.createDataset(List.of("{\"d\":1.5}"), Encoders.STRING()).toDF("value");
        // on the driver: an IllegalArgumentException, not Spark's exception for a job whose tasks failed
        assertThatThrownBy(() -> json.write().format(JsonParquetFormat.class.getName())
                .option(JsonParquetFormat.SCHEMA, StructType.fromDDL("d decimal(10,2)").json())
                .save(tmp.resolve("decimal").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decimal(10,2)");
    }

    @Test
    void writesTheRecordsSchemaAsSparksWriter() throws IOException {
        StructType schema = RecordSchema.connections();
        List<String> lines = new ArrayList<>();
        // the first line: a record of the sample captures' shape, as the core's writer gives it
        lines.add("{\"type\":\"connection\",\"schema_version\":1,\"capture\":\"file:/x/a.pcap\",\"tcp_stream\":0,"
                + "\"transport\":\"tcp\",\"udp_stream\":null,\"wireshark_filter\":\"tcp.stream eq 0\","
                + "\"client\":{\"ip\":\"127.0.0.1\",\"port\":33562},\"server\":{\"ip\":\"::1\",\"port\":443},"
                + "\"outcome\":\"COMPLETED\",\"failed\":false,\"rtt_ms\":0.25,"
                + "\"client_hello\":{\"frame\":10,\"frames\":[10,11],\"cipher_suites\":[\"TLS_AES_256_GCM_SHA384\"],"
                + "\"key_shares\":[{\"group\":\"x25519\",\"length_bytes\":32,\"post_quantum\":false}],"
                + "\"grease\":{}},\"alerts\":[]}");
        lines.add("{\"type\":\"connection\",\"schema_version\":1,\"client_hello\":null,\"server\":null}");
        assertSameAsSparksWriter(schema, lines);
    }
}
