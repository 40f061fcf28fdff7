package io.hellocheck.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark schema of the connection records, derived from the records' JSON Schema
 * ({@code schema/records.schema.json}, copied into the jar at build time as {@value #RESOURCE}), so that the
 * DataFrame is built without reading the records twice to infer one. Its fields are the schema's keys, in the
 * schema's order, with the same names: the root's {@code type} and {@code schema_version}, then
 * {@code $defs/connection}'s properties.
 *
 * <p>Mapping: an object with {@code properties} is a struct (every field nullable; each array {@code KEY}
 * followed by a bigint {@code KEY_left_out}: the writer caps every list at 256 entries and counts the rest
 * under that key, which the JSON Schema states as {@code patternProperties} {@code _left_out$} of the
 * ClientHello only); an object with only {@code additionalProperties} a map from string; an object the schema does
 * not describe a string holding its JSON text; {@code integer} bigint, {@code number} double, {@code boolean}
 * boolean, {@code string}, {@code enum} and {@code const} of strings string; arrays arrays. {@code null} in a
 * type list, {@code oneOf} or {@code anyOf} only makes the field nullable. Alternatives of several kinds merge:
 * objects into one struct of all their keys, {@code integer} with {@code number} into double, anything else
 * into string (Spark then keeps the value's JSON text). Keys the JSON Schema does not list are not in the
 * DataFrame: {@code SparkHelloCheckTest} checks that the Parquet records hold every key of the JSON lines.
 */
final class RecordSchema {
    /** The class path resource of the JSON Schema. */
    static final String RESOURCE = "io/hellocheck/spark/records.schema.json";

    private final JsonNode defs;

    private RecordSchema(JsonNode defs) {
        this.defs = defs;
    }

    /**
     * The connection records' schema, from the JSON Schema in the jar.
     *
     * @throws IllegalStateException when the jar does not hold it
     * @throws UncheckedIOException  when it cannot be read
     */
    static StructType connections() {
        JsonNode root;
        try (InputStream in = RecordSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the class path");
            }
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return connections(root);
    }

    /** The connection records' schema, from the JSON Schema {@code root}. */
    static StructType connections(JsonNode root) {
        RecordSchema s = new RecordSchema(root.path("$defs"));
        ObjectNode record = root.deepCopy();
        record.remove(List.of("allOf", "$defs"));
        ObjectNode properties = (ObjectNode) record.get("properties");
        s.resolve(root.path("$defs").path("connection")).path("properties").fields()
                .forEachRemaining(e -> properties.set(e.getKey(), e.getValue()));
        return (StructType) s.object(List.of(record));
    }

    /** {@code node}, its {@code $ref} followed (local references only). */
    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/$defs/")) {
                throw new IllegalArgumentException("unsupported $ref " + ref);
            }
            node = defs.path(ref.substring("#/$defs/".length()));
        }
        return node;
    }

    /** True when a {@code oneOf}/{@code anyOf} member describes a value, not only which keys are required. */
    private static boolean describesValue(JsonNode n) {
        return n.has("$ref") || n.has("type") || n.has("properties") || n.has("enum") || n.has("const")
                || n.has("oneOf") || n.has("anyOf") || n.has("items") || n.has("additionalProperties");
    }

    /** The alternatives of {@code node}: its {@code oneOf}/{@code anyOf} members flattened, or itself. */
    private void alternatives(JsonNode node, List<JsonNode> out) {
        node = resolve(node);
        boolean split = false;
        for (String k : List.of("oneOf", "anyOf")) {
            if (node.has(k) && !node.has("type") && !node.has("properties")) {
                for (JsonNode m : node.get(k)) {
                    if (describesValue(m)) {
                        alternatives(m, out);
                        split = true;
                    }
                }
            }
        }
        if (!split) {
            out.add(node);
        }
    }

    /** The JSON kinds a (resolved, single) node allows, {@code null} left out. */
    private static List<String> kinds(JsonNode n) {
        List<String> out = new ArrayList<>();
        JsonNode type = n.get("type");
        if (type != null && type.isArray()) {
            type.forEach(t -> out.add(t.asText()));
        } else if (type != null) {
            out.add(type.asText());
        } else if (n.has("enum") || n.has("const")) {
            Iterable<JsonNode> values = n.has("enum") ? n.get("enum") : List.of(n.get("const"));
            for (JsonNode v : values) {
                out.add(v.isNull() ? "null" : v.isIntegralNumber() ? "integer" : v.isNumber() ? "number"
                        : v.isBoolean() ? "boolean" : "string");
            }
        } else if (n.has("properties")) {
            out.add("object");
        } else if (n.has("items")) {
            out.add("array");
        }
        out.removeIf(k -> k.equals("null"));
        return out.stream().distinct().toList();
    }

    /** The Spark type of a value any of {@code schemas} may describe. */
    private DataType type(List<JsonNode> schemas) {
        List<JsonNode> alts = new ArrayList<>();
        schemas.forEach(s -> alternatives(s, alts));
        List<String> kinds = new ArrayList<>();
        List<JsonNode> objects = new ArrayList<>();
        List<JsonNode> arrays = new ArrayList<>();
        for (JsonNode a : alts) {
            for (String k : kinds(a)) {
                if (!kinds.contains(k)) {
                    kinds.add(k);
                }
                if (k.equals("object")) {
                    objects.add(a);
                } else if (k.equals("array")) {
                    arrays.add(a);
                }
            }
        }
        if (kinds.size() == 2 && kinds.contains("integer") && kinds.contains("number")) {
            return DataTypes.DoubleType;
        }
        if (kinds.size() != 1) {
            return DataTypes.StringType; // no kind (any value) or several: the value's JSON text
        }
        return switch (kinds.get(0)) {
            case "integer" -> DataTypes.LongType;
            case "number" -> DataTypes.DoubleType;
            case "boolean" -> DataTypes.BooleanType;
            case "array" -> {
                List<JsonNode> items = new ArrayList<>();
                arrays.forEach(a -> items.add(a.path("items")));
                yield DataTypes.createArrayType(items.stream().allMatch(JsonNode::isMissingNode)
                        ? DataTypes.StringType : type(items.stream().filter(i -> !i.isMissingNode()).toList()), true);
            }
            case "object" -> object(objects);
            default -> DataTypes.StringType;
        };
    }

    /** One struct of the keys of every object schema (in order of appearance), or a map, or JSON text. */
    private DataType object(List<JsonNode> objects) {
        Map<String, List<JsonNode>> properties = new LinkedHashMap<>();
        List<JsonNode> additional = new ArrayList<>();
        for (JsonNode o : objects) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                properties.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            }
            if (o.path("additionalProperties").isObject()) {
                additional.add(o.get("additionalProperties"));
            }
        }
        if (properties.isEmpty()) {
            return additional.isEmpty() ? DataTypes.StringType
                    : DataTypes.createMapType(DataTypes.StringType, type(additional), true);
        }
        List<StructField> fields = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : properties.entrySet()) {
            DataType t = type(e.getValue());
            fields.add(DataTypes.createStructField(e.getKey(), t, true));
            if (t instanceof ArrayType) {
                fields.add(DataTypes.createStructField(e.getKey() + "_left_out", DataTypes.LongType, true));
            }
        }
        return DataTypes.createStructType(fields);
    }
}
