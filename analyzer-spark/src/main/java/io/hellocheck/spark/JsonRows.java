package io.hellocheck.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads JSON records (UTF-8 bytes, one record each) into Spark's internal rows of a fixed schema, as Spark's own
 * JSON reader with that schema does ({@code spark.read().schema(s).json(lines)}), without its generic machinery:
 * a converter per field, built once from the schema, over Jackson's streaming parser. This is the step between
 * the JSON lines that the core's writer produces and the Parquet files: the records' shape is the writer's
 * (the JSON keys) and {@link RecordSchema}'s (the types), never stated here.
 *
 * <p>Per type, what a value becomes: struct, a row of the fields named by the object's keys (keys the schema
 * does not have are skipped, fields the object lacks are null); map, its keys and converted values; array, its
 * converted elements; bigint, a JSON integer; double, a JSON number (or the strings {@code NaN},
 * {@code Infinity}, {@code -Infinity}); boolean, {@code true} or {@code false}; string, a JSON string's text, or
 * the JSON text of any other value (an object, an array, a number), as Spark's reader keeps it. {@code null},
 * and a value of another kind than the type wants, is null. Not thread-safe: one per task.
 */
final class JsonRows {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Converts the value at the parser's current token; leaves the parser on the value's last token. */
    private interface Converter {
        Object convert(JsonParser p) throws IOException;
    }

    private final Converter root;

    /** Converters for the rows of {@code schema}. */
    JsonRows(StructType schema) {
        root = converter(schema);
    }

    /**
     * The row of one JSON record.
     *
     * @throws IllegalArgumentException when the bytes are not one JSON object
     */
    InternalRow row(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return (InternalRow) root.convert(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON record: " + e.getMessage(), e);
        }
    }

    private static Converter converter(DataType type) {
        if (type instanceof StructType s) {
            return struct(s);
        } else if (type instanceof ArrayType a) {
            Converter element = converter(a.elementType());
            return p -> p.currentToken() == JsonToken.START_ARRAY ? array(p, element) : skip(p);
        } else if (type instanceof MapType m) {
            Converter value = converter(m.valueType());
            return p -> p.currentToken() == JsonToken.START_OBJECT ? map(p, value) : skip(p);
        } else if (type.equals(DataTypes.LongType)) {
            return p -> p.currentToken() == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue() : skip(p);
        } else if (type.equals(DataTypes.DoubleType)) {
            return JsonRows::toDouble;
        } else if (type.equals(DataTypes.BooleanType)) {
            return p -> switch (p.currentToken()) {
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> skip(p);
            };
        } else if (type.equals(DataTypes.StringType)) {
            return JsonRows::toText;
        }
        throw new IllegalArgumentException("no JSON reading for " + type.catalogString());
    }

    /** Skips the current value (an object or array whole); null. */
    private static Object skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private static Converter struct(StructType s) {
        StructField[] fields = s.fields();
        Map<String, Integer> index = new HashMap<>();
        Converter[] converters = new Converter[fields.length];
        for (int i = 0; i < fields.length; i++) {
            // interned, as the parser's field names are: the map's lookup then matches by identity
            index.put(fields[i].name().intern(), i);
            converters[i] = converter(fields[i].dataType());
        }
        return p -> {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return skip(p);
            }
            Object[] values = new Object[converters.length];
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                Integer i = index.get(name);
                p.nextToken();
                if (i == null) {
                    p.skipChildren();
                } else {
                    values[i] = converters[i].convert(p);
                }
            }
            return new GenericInternalRow(values);
        };
    }

    private static GenericArrayData array(JsonParser p, Converter element) throws IOException {
        List<Object> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(element.convert(p));
        }
        return new GenericArrayData(values.toArray());
    }

    private static ArrayBasedMapData map(JsonParser p, Converter value) throws IOException {
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            keys.add(UTF8String.fromString(name));
            values.add(value.convert(p));
        }
        return new ArrayBasedMapData(new GenericArrayData(keys.toArray()), new GenericArrayData(values.toArray()));
    }

    private static Object toDouble(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_STRING -> switch (p.getText()) {
                case "NaN" -> Double.NaN;
                case "Infinity", "+INF", "+Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity", "-INF" -> Double.NEGATIVE_INFINITY;
                default -> null;
            };
            default -> skip(p);
        };
    }

    /** A string's text; any other value (but null) as its JSON text. */
    private static Object toText(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return utf8(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        } else if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return UTF8String.fromBytes(out.toByteArray());
    }

    /**
     * The UTF-8 string of {@code length} chars from {@code offset}: ASCII copied byte for byte, without a
     * {@link String} between; any other text through {@link UTF8String#fromString} (as {@link String#getBytes}
     * encodes it).
     */
    private static UTF8String utf8(char[] chars, int offset, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = chars[offset + i];
            if (c >= 0x80) {
                return UTF8String.fromString(new String(chars, offset, length));
            }
            bytes[i] = (byte) c;
        }
        return UTF8String.fromBytes(bytes);
    }
}
