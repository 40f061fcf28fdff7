package io.hellocheck.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link JsonRows} against Spark's own JSON reader with the same schema ({@code spark.read().schema(s).json}),
 * row for row: on JSON lines that exercise each conversion, and on the records' schema with lines of every type
 * of value it holds (local[1]).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonRowsTest {
    private SparkSession spark;

    @BeforeAll
    void start() {
        spark = SparkSession.builder().master("local[1]").appName("json-rows-test")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The rows Spark's reader gives and those of {@link JsonRows}, both collected as external rows. */
    private void assertSameAsSparksReader(StructType schema, List<String> lines) {
        List<Row> spark = this.spark.read().schema(schema).json(this.spark.createDataset(lines, Encoders.STRING()))
                .collectAsList();
        JsonRows rows = new JsonRows(schema);
        List<InternalRow> internal = new ArrayList<>();
        lines.forEach(l -> internal.add(rows.row(l.getBytes(StandardCharsets.UTF_8))));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(this.spark.sparkContext());
        Dataset<Row> ours = ((org.apache.spark.sql.classic.SparkSession) this.spark)
                .internalCreateDataFrame(jsc.parallelize(internal, 1).rdd(), schema, false);
        assertThat(ours.collectAsList()).isEqualTo(spark);
    }

    @Test
    void convertsEachKindOfValueAsSparksReader() {
        StructType schema = StructType.fromDDL("s string, n bigint, d double, b boolean, "
                + "a array<string>, o struct<x: bigint, y: array<struct<z: string>>>, m map<string, bigint>, "
                + "t string, u string, v string, w double");
        assertSameAsSparksReader(schema, List.of(
                "{\"s\":\"plain\",\"n\":42,\"d\":1.5,\"b\":true,\"a\":[\"x\",null,\"y\"],"
                        + "\"o\":{\"x\":-7,\"y\":[{\"z\":\"q\"},{\"z\":null},{}]},\"m\":{\"k\":1,\"l\":null},"
                        + "\"t\":{\"inner\":[1,2.50,\"a\"]},\"u\":[1,{\"k\":\"v\"}],\"v\":12,\"w\":3}",
                "{\"s\":\"esc \\\" \\\\ \\n \\u00e9 \\ud83d\\ude00 é\",\"unknown\":{\"deep\":[1,{\"x\":2}]},\"n\":null,"
                        + "\"d\":-0.0,\"b\":false,\"a\":[],\"o\":null,\"m\":{},\"t\":true,\"w\":1e300}",
                "{}",
                "{\"d\":\"NaN\",\"w\":\"-Infinity\",\"a\":null,\"o\":{}}"));
    }

    @Test
    void readsTheRecordsSchemaAsSparksReader() {
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
        assertSameAsSparksReader(schema, lines);
    }
}
