package io.hellocheck.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The JSON Schema to Spark schema mapping, on a small schema and on the records' own (no Spark session). */
class RecordSchemaTest {
    @Test
    void mapsEachJsonSchemaFormToItsSparkType() throws Exception {
        String schema = """
                {"properties": {"type": {"enum": ["connection", "server"]}, "schema_version": {"const": 1}},
                 "$defs": {
                   "count": {"type": "integer", "minimum": 0},
                   "point": {"type": "object", "properties": {"x": {"type": "number"}}},
                   "connection": {"type": "object", "properties": {
                     "n": {"anyOf": [{"$ref": "#/$defs/count"}, {"type": "null"}]},
                     "ms": {"oneOf": [{"type": "null"}, {"type": "integer"}, {"type": "number"}]},
                     "names": {"type": "array", "items": {"type": "string"}},
                     "either": {"oneOf": [{"type": "object", "properties": {"a": {"type": "boolean"}}},
                                          {"type": "object", "properties": {"b": {"type": "string"}}}]},
                     "counts": {"type": "object", "additionalProperties": {"$ref": "#/$defs/count"}},
                     "open": {"type": "object"},
                     "mixed": {"type": ["string", "integer"]},
                     "hello": {"oneOf": [{"type": "null"}, {"type": "object",
                        "properties": {"p": {"$ref": "#/$defs/point"}},
                        "anyOf": [{"required": ["p"]}, {"required": []}]}]}
                   }}
                 }}""";
        StructType t = RecordSchema.connections(new ObjectMapper().readTree(schema));
        assertThat(t.catalogString()).isEqualTo("struct<type:string,schema_version:bigint,n:bigint,ms:double,"
                + "names:array<string>,names_left_out:bigint,either:struct<a:boolean,b:string>,"
                + "counts:map<string,bigint>,open:string,mixed:string,hello:struct<p:struct<x:double>>>");
    }

    @Test
    void theRecordsSchemaGivesNestedStructsWithTheJsonKeys() {
        StructType t = RecordSchema.connections();
        assertThat(t.fieldNames()).startsWith("type", "schema_version", "capture", "tcp_stream");
        assertThat(t.apply("server").dataType().catalogString()).isEqualTo("struct<ip:string,port:bigint>");
        assertThat(t.apply("rtt_ms").dataType().catalogString()).isEqualTo("double");
        StructType hello = (StructType) t.apply("client_hello").dataType();
        assertThat(hello.apply("cipher_suites").dataType().catalogString()).isEqualTo("array<string>");
        assertThat(hello.apply("cipher_suites_left_out").dataType().catalogString()).isEqualTo("bigint");
        assertThat(hello.apply("key_shares").dataType().catalogString())
                .isEqualTo("array<struct<group:string,length_bytes:bigint,post_quantum:boolean>>");
    }
}
