package io.hellocheck.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * a converter per field, built once from the schema, reading the bytes directly. This is the step between the
 * JSON lines that the core's writer produces and the Parquet files: the records' shape is the writer's (the
 * JSON keys) and {@link RecordSchema}'s (the types), never stated here.
 *
 * <p>Per type, what a value becomes: struct, a row of the fields named by the object's keys (keys the schema
 * does not have are skipped, fields the object lacks are null); map, its keys and converted values; array, its
 * converted elements; bigint, a JSON integer; double, a JSON number (or the strings {@code NaN},
 * {@code Infinity}, {@code -Infinity}); boolean, {@code true} or {@code false}; string, a JSON string's text
 * (a string without escapes: its bytes in the record, not copied), or the JSON text of any other value (an
 * object, an array, a number), as Spark's reader gives it. {@code null}, and a value of
 * another kind than the type wants, is null. Not thread-safe: one per task.
 */
final class JsonRows {
    /** Converts the value at the reader's position (white space skipped) and moves past it. */
    private interface Converter {
        Object convert(JsonRows in);
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    private final Converter root;
    private byte[] in;
    private int pos;

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
        in = json;
        pos = 0;
        try {
            if (peek() != '{') {
                throw new IllegalArgumentException("not a JSON object");
            }
            InternalRow row = (InternalRow) root.convert(this);
            if (peek() != -1) {
                throw new IllegalArgumentException("more than one JSON value");
            }
            return row;
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a JSON record: it ends early", e);
        }
    }

    private static Converter converter(DataType type) {
        if (type instanceof StructType s) {
            return new Struct(s);
        } else if (type instanceof ArrayType a) {
            Converter element = converter(a.elementType());
            return r -> r.peek() == '[' ? r.array(element) : r.skipValue();
        } else if (type instanceof MapType m) {
            Converter value = converter(m.valueType());
            return r -> r.peek() == '{' ? r.map(value) : r.skipValue();
        } else if (type.equals(DataTypes.LongType)) {
            return JsonRows::toLong;
        } else if (type.equals(DataTypes.DoubleType)) {
            return JsonRows::toDouble;
        } else if (type.equals(DataTypes.BooleanType)) {
            return JsonRows::toBoolean;
        } else if (type.equals(DataTypes.StringType)) {
            return JsonRows::toText;
        }
        throw new IllegalArgumentException("no JSON reading for " + type.catalogString());
    }

    /** A struct's converter: its fields found by the key's bytes (open addressing, at most half full). */
    private static final class Struct implements Converter {
        private final byte[][] names;
        private final int[] slots;
        private final Converter[] converters;

        Struct(StructType s) {
            StructField[] fields = s.fields();
            converters = new Converter[fields.length];
            int size = Integer.highestOneBit(Math.max(1, fields.length) * 4 - 1);
            names = new byte[size][];
            slots = new int[size];
            for (int i = 0; i < fields.length; i++) {
                converters[i] = converter(fields[i].dataType());
                byte[] name = fields[i].name().getBytes(StandardCharsets.UTF_8);
                int at = hash(name, 0, name.length) & (size - 1);
                while (names[at] != null) {
                    at = (at + 1) & (size - 1);
                }
                names[at] = name;
                slots[at] = i;
            }
        }

        private static int hash(byte[] b, int from, int to) {
            int h = 0;
            for (int i = from; i < to; i++) {
                h = 31 * h + b[i];
            }
            return h ^ (h >>> 16);
        }

        /** The field of a key, -1 when the struct has none. */
        private int field(byte[] key, int from, int to) {
            int mask = names.length - 1;
            for (int at = hash(key, from, to) & mask; names[at] != null; at = (at + 1) & mask) {
                if (Arrays.equals(names[at], 0, names[at].length, key, from, to)) {
                    return slots[at];
                }
            }
            return -1;
        }

        @Override
        public Object convert(JsonRows r) {
            if (r.peek() != '{') {
                return r.skipValue();
            }
            r.pos++;
            Object[] values = new Object[converters.length];
            if (r.peek() == '}') {
                r.pos++;
                return new GenericInternalRow(values);
            }
            while (true) {
                if (r.peek() != '"') {
                    throw r.error("a key");
                }
                int i;
                int start = r.pos + 1;
                int end = r.stringEnd(start);
                if (end >= 0) {
                    i = field(r.in, start, end);
                    r.pos = end + 1;
                } else {
                    byte[] key = ((UTF8String) r.escapedString()).getBytes();
                    i = field(key, 0, key.length);
                }
                r.expect(':');
                if (i < 0) {
                    r.skipValue();
                } else {
                    values[i] = converters[i].convert(r);
                }
                if (r.endOf('}')) {
                    return new GenericInternalRow(values);
                }
            }
        }
    }

    /** The next byte that is not white space (the position left on it), -1 at the end. */
    private int peek() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
            pos++;
        }
        return -1;
    }

    private IllegalArgumentException error(String wanted) {
        return new IllegalArgumentException("not a JSON record: " + wanted + " expected at byte " + pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    /** After a member or element: true past the closing {@code close}, false past a comma. */
    private boolean endOf(char close) {
        int b = peek();
        pos++;
        if (b == close) {
            return true;
        } else if (b != ',') {
            throw error("',' or '" + close + "'");
        }
        return false;
    }

    private GenericArrayData array(Converter element) {
        pos++;
        List<Object> values = new ArrayList<>();
        if (peek() == ']') {
            pos++;
        } else {
            do {
                values.add(element.convert(this));
            } while (!endOf(']'));
        }
        return new GenericArrayData(values.toArray());
    }

    private ArrayBasedMapData map(Converter value) {
        pos++;
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (peek() == '}') {
            pos++;
        } else {
            do {
                if (peek() != '"') {
                    throw error("a key");
                }
                keys.add(string());
                expect(':');
                values.add(value.convert(this));
            } while (!endOf('}'));
        }
        return new ArrayBasedMapData(new GenericArrayData(keys.toArray()), new GenericArrayData(values.toArray()));
    }

    /** Skips the value at the position (an object or array whole); null. */
    private Object skipValue() {
        int b = peek();
        if (b == '{' || b == '[') {
            char close = b == '{' ? '}' : ']';
            pos++;
            if (peek() == close) {
                pos++;
                return null;
            }
            do {
                if (b == '{') {
                    if (peek() != '"') {
                        throw error("a key");
                    }
                    skipValue();
                    expect(':');
                }
                skipValue();
            } while (!endOf(close));
        } else if (b == '"') {
            int end = stringEnd(pos + 1);
            if (end >= 0) {
                pos = end + 1;
            } else {
                escapedString();
            }
        } else if (b == 't' || b == 'f' || b == 'n') {
            literal();
        } else {
            numberEnd();
        }
        return null;
    }

    /** The closing quote of the string whose text starts at {@code from}; -1 when it has an escape first. */
    private int stringEnd(int from) {
        for (int i = from; ; i++) {
            byte b = in[i];
            if (b == '"') {
                return i;
            } else if (b == '\\') {
                return -1;
            }
        }
    }

    /** The string at the position, moved past it. */
    private UTF8String string() {
        int end = stringEnd(pos + 1);
        if (end < 0) {
            return escapedString();
        }
        UTF8String s = UTF8String.fromBytes(in, pos + 1, end - pos - 1);
        pos = end + 1;
        return s;
    }

    /** A string with escapes, decoded into UTF-8 (an unpaired surrogate as '?', as Java encodes it). */
    private UTF8String escapedString() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pos++;
        while (true) {
            byte b = in[pos++];
            if (b == '"') {
                return UTF8String.fromBytes(out.toByteArray());
            } else if (b != '\\') {
                out.write(b);
                continue;
            }
            byte e = in[pos++];
            switch (e) {
                case '"', '\\', '/' -> out.write(e);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'u' -> {
                    char c = hex4();
                    if (Character.isHighSurrogate(c) && in[pos] == '\\' && in[pos + 1] == 'u') {
                        pos += 2;
                        char low = hex4();
                        out.writeBytes(new String(new char[] {c, low}).getBytes(StandardCharsets.UTF_8));
                    } else {
                        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                    }
                }
                default -> throw error("an escape");
            }
        }
    }

    private char hex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in[pos++], 16);
            if (d < 0) {
                throw error("a hex digit");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    /** Moves past {@code true}, {@code false} or {@code null}; which one it was. */
    private Boolean literal() {
        int b = peek();
        String word = b == 't' ? "true" : b == 'f' ? "false" : "null";
        for (int i = 0; i < word.length(); i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw error(word);
            }
        }
        pos += word.length();
        return b == 't' ? Boolean.TRUE : b == 'f' ? Boolean.FALSE : null;
    }

    /** The end of the number at the position (moved there); the number's first byte is checked. */
    private int numberEnd() {
        int b = peek();
        if (b != '-' && (b < '0' || b > '9')) {
            throw error("a value");
        }
        int i = pos + 1;
        while (i < in.length && ((in[i] >= '0' && in[i] <= '9') || in[i] == '.' || in[i] == 'e' || in[i] == 'E'
                || in[i] == '+' || in[i] == '-')) {
            i++;
        }
        pos = i;
        return i;
    }

    private static Object toLong(JsonRows r) {
        int b = r.peek();
        if (b != '-' && (b < '0' || b > '9')) {
            return b == 'n' ? r.literal() : r.skipValue();
        }
        int start = r.pos;
        int end = r.numberEnd();
        long v = 0;
        for (int i = b == '-' ? start + 1 : start; i < end; i++) {
            int d = r.in[i] - '0';
            if (d < 0 || d > 9 || end - start > 18) {
                // a fraction, an exponent or a long number: Spark's reader takes integers up to a long only
                return integerOrNull(new String(r.in, start, end - start, StandardCharsets.ISO_8859_1));
            }
            v = v * 10 + d;
        }
        return b == '-' ? -v : v;
    }

    private static Long integerOrNull(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object toDouble(JsonRows r) {
        int b = r.peek();
        if (b == '"') {
            return switch (r.string().toString()) {
                case "NaN" -> Double.NaN;
                case "Infinity", "+INF", "+Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity", "-INF" -> Double.NEGATIVE_INFINITY;
                default -> null;
            };
        } else if (b != '-' && (b < '0' || b > '9')) {
            return b == 'n' ? r.literal() : r.skipValue();
        }
        int start = r.pos;
        int end = r.numberEnd();
        return Double.parseDouble(new String(r.in, start, end - start, StandardCharsets.ISO_8859_1));
    }

    private static Object toBoolean(JsonRows r) {
        int b = r.peek();
        return b == 't' || b == 'f' || b == 'n' ? r.literal() : r.skipValue();
    }

    /**
     * A string's text; any other value (but null) as its JSON text, as Jackson copies it (which Spark's reader of
     * JSON lines does: compact, numbers as parsed, so {@code 2.50} is {@code 2.5}).
     */
    private static Object toText(JsonRows r) {
        int b = r.peek();
        if (b == '"') {
            return r.string();
        } else if (b == 'n') {
            return r.literal();
        }
        int start = r.pos;
        r.skipValue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonParser p = FACTORY.createParser(r.in, start, r.pos - start);
             JsonGenerator g = FACTORY.createGenerator(out)) {
            p.nextToken();
            g.copyCurrentStructure(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON value at byte " + start + ": " + e.getMessage(), e);
        }
        return UTF8String.fromBytes(out.toByteArray());
    }
}
