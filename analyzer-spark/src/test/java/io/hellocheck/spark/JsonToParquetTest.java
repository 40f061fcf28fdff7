package io.hellocheck.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Which strings {@link JsonToParquet} writes from the record's bytes as they are (a binary backed by the input,
 * which Parquet copies when it keeps it) and which it decodes: the files are the same either way
 * ({@link JsonParquetFormatTest}), so this says that the first way is taken where it can be.
 */
class JsonToParquetTest {
    /** The binaries written for the strings of {@code json}, given at offset 3 of a larger array. */
    private static List<Binary> strings(String json) {
        StructType schema = StructType.fromDDL("a string, b string, c array<string>");
        JsonToParquet w = new JsonToParquet(schema, new SparkToParquetSchemaConverter(new SQLConf()).convert(schema));
        List<Binary> out = new ArrayList<>();
        RecordConsumer c = new RecordConsumer() {
            @Override public void startMessage() { }
            @Override public void endMessage() { }
            @Override public void startField(String field, int index) { }
            @Override public void endField(String field, int index) { }
            @Override public void startGroup() { }
            @Override public void endGroup() { }
            @Override public void addInteger(int value) { }
            @Override public void addLong(long value) { }
            @Override public void addBoolean(boolean value) { }
            @Override public void addBinary(Binary value) {
                out.add(value);
            }
            @Override public void addFloat(float value) { }
            @Override public void addDouble(double value) { }
        };
        byte[] bytes = ("{}\n" + json).getBytes(StandardCharsets.UTF_8);
        w.write(bytes, 3, bytes.length - 3, c);
        return out;
    }

    @Test
    void asciiWithoutEscapesIsWrittenFromTheRecordsBytes() {
        List<Binary> b = strings("{ \"a\" : \"plain ~\u007f\", \"c\": [\"\", \"x y\"], \"b\":\"last\"}");
        assertThat(b).extracting(Binary::toStringUsingUTF8).containsExactly("plain ~\u007f", "", "x y", "last");
        assertThat(b).allMatch(Binary::isBackingBytesReused);
    }

    @Test
    void escapedControlAndNonAsciiStringsAreDecoded() {
        List<Binary> b = strings("{\"a\":\"q\\\"r\",\"b\":\"\u00e9t\u00e9\",\"c\":[\"\\u0041\",\"tab\\t\"]}");
        assertThat(b).extracting(Binary::toStringUsingUTF8).containsExactly("q\"r", "\u00e9t\u00e9", "A", "tab\t");
        assertThat(b).noneMatch(Binary::isBackingBytesReused);
    }
}
