package io.hellocheck.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * Writes JSON records (UTF-8 bytes, one object each) to a Parquet {@link RecordConsumer} as the rows of a fixed
 * Spark schema: the rows Spark's JSON reader gives with that schema ({@code spark.read().schema(s).json(lines)}),
 * written as Spark's Parquet writer ({@code ParquetWriteSupport}) writes them, straight from Jackson's streaming
 * parser, without Spark's rows between (nor the copy into Spark's unsafe rows that its writer's input gets).
 * The records' shape is the core's writer's (the JSON keys) and {@link RecordSchema}'s (the types), never stated
 * here; the Parquet names are those of the message type that Spark's writer derived from the schema.
 *
 * <p>Per type, what a value becomes: struct, a group of the fields named by the object's keys (keys the schema
 * does not have are skipped, fields the object lacks are null; a key repeated in one object: its first non-null
 * value); map, a repeated {@code key_value} group of the keys and converted values; array, the three-level list
 * of its converted elements; bigint, a JSON integer; double, a JSON number (or the strings {@code NaN},
 * {@code Infinity}, {@code -Infinity}); boolean, {@code true} or {@code false}; string, a JSON string's text, or
 * the JSON text of any other value (an object, an array, a number), as Spark's reader keeps it. {@code null}, and
 * a value of another kind than the type wants, is null: the field is not written. Not thread-safe: one per task.
 *
 * <p>This equals Spark's reader for records whose values have the schema's types, which is what the core's writer
 * gives. Where JSON does not fit the schema, Spark's reader (permissive mode) differs: a wrong-kind array element
 * nulls the whole array there (here that element), a wrong-kind map value leaves the map out of step there (here
 * that key's value is null), a repeated key keeps its last value there (here its first non-null one), an integer
 * beyond 64 bits or a line that is no JSON object is a null field or row there (here the task fails), and
 * unquoted {@code NaN} is accepted there (here not).
 */
final class JsonToParquet {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** The writing of one Spark type. */
    private abstract static class Value {
        /** Whether the value at the parser's current token is null for this type (the parser stays on it). */
        abstract boolean isNull(JsonParser p) throws IOException;

        /** Writes the value at the parser's current token (not null); leaves the parser on its last token. */
        abstract void write(JsonParser p, RecordConsumer c) throws IOException;

        /**
         * Writes the value at the parser's current token as field {@code name} (number {@code index}) of the group
         * being written, or skips it when it is null for this type (the field is then absent).
         *
         * @return whether the field was written
         */
        final boolean writeField(JsonParser p, RecordConsumer c, String name, int index) throws IOException {
            if (isNull(p)) {
                p.skipChildren();
                return false;
            }
            c.startField(name, index);
            write(p, c);
            c.endField(name, index);
            return true;
        }
    }

    /** The record being written, read by the strings that are copied from it as they are. */
    private static final class Input {
        byte[] bytes;
        int offset;
        int end;
    }

    private final Input input = new Input();
    private final Struct root;

    /**
     * Writing of the rows of {@code schema}, whose Parquet form is {@code parquet} (as Spark's writer derives it).
     *
     * @throws IllegalArgumentException when the schema holds a type this class does not write (binary, decimal,
     *                                  dates, an array or map of non-nullable elements)
     */
    JsonToParquet(StructType schema, GroupType parquet) {
        root = new Struct(schema, parquet, input);
    }

    /**
     * Writes one JSON record as one Parquet record.
     *
     * @throws IllegalArgumentException when the bytes are not one JSON object (the record may then be half
     *                                  written: the file is not to be kept)
     */
    void write(byte[] json, int offset, int length, RecordConsumer c) {
        input.bytes = json;
        input.offset = offset;
        input.end = offset + length;
        try (JsonParser p = FACTORY.createParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            c.startMessage();
            root.fields(p, c);
            c.endMessage();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON record: " + e.getMessage(), e);
        }
    }

    private static Value value(DataType type, Type parquet, Input input) {
        if (type instanceof StructType s) {
            return new Struct(s, parquet.asGroupType(), input);
        } else if (type instanceof ArrayType a && a.containsNull()) {
            return new Elements(parquet.asGroupType(), a.elementType(), input);
        } else if (type instanceof MapType m && m.keyType().equals(DataTypes.StringType) && m.valueContainsNull()) {
            return new KeyValues(parquet.asGroupType(), m.valueType(), input);
        } else if (type.equals(DataTypes.LongType)) {
            return new Bigint();
        } else if (type.equals(DataTypes.DoubleType)) {
            return new Number();
        } else if (type.equals(DataTypes.BooleanType)) {
            return new Bool();
        } else if (type.equals(DataTypes.StringType)) {
            return new Text(input);
        }
        throw new IllegalArgumentException("no Parquet writing of JSON for " + type.catalogString());
    }

    /** A struct: a group of its fields, those the object has and are not null. */
    private static final class Struct extends Value {
        private final String[] names;
        private final Value[] values;
        /** The fields' JSON keys, as the parser compares them with the input's bytes. */
        private final SerializedString[] keys;
        private final Map<String, Integer> index = new HashMap<>();
        /** The number of the object in which each field was last written (a key repeated in it is skipped). */
        private final int[] writtenIn;
        private int object;

        Struct(StructType s, GroupType parquet, Input input) {
            int n = s.fields().length;
            names = new String[n];
            values = new Value[n];
            writtenIn = new int[n];
            keys = new SerializedString[n];
            for (int i = 0; i < n; i++) {
                Type field = parquet.getType(i);
                names[i] = field.getName();
                // interned, as the parser's field names are: the map's lookup then matches by identity
                index.put(s.fields()[i].name().intern(), i);
                keys[i] = new SerializedString(s.fields()[i].name());
                values[i] = value(s.fields()[i].dataType(), field, input);
            }
        }

        @Override
        boolean isNull(JsonParser p) {
            return p.currentToken() != JsonToken.START_OBJECT;
        }

        @Override
        void write(JsonParser p, RecordConsumer c) throws IOException {
            c.startGroup();
            fields(p, c);
            c.endGroup();
        }

        /**
         * Writes the fields of the object whose start is the parser's current token, up to its end. The key after
         * field {@code i} is first compared, as bytes, with field {@code i + 1}'s name (the writer's keys come in
         * the schema's order): no lookup when it is that one.
         */
        void fields(JsonParser p, RecordConsumer c) throws IOException {
            if (++object == 0) { // after 2^32 objects: no field counts as written in the new number
                Arrays.fill(writtenIn, 0);
                object = 1;
            }
            int expected = 0;
            while (true) {
                int i;
                if (expected < keys.length && p.nextFieldName(keys[expected])) {
                    i = expected;
                } else if (expected < keys.length ? p.currentToken() == JsonToken.FIELD_NAME
                        : p.nextToken() == JsonToken.FIELD_NAME) {
                    Integer found = index.get(p.currentName());
                    i = found == null ? -1 : found;
                } else {
                    return;
                }
                p.nextToken();
                if (i < 0 || writtenIn[i] == object) {
                    p.skipChildren();
                } else if (values[i].writeField(p, c, names[i], i)) {
                    writtenIn[i] = object;
                }
                if (i >= 0) {
                    expected = i + 1;
                }
            }
        }
    }

    /**
     * A Parquet LIST or MAP (the layouts of Parquet's LogicalTypes.md): a group holding one repeated group, one of
     * those per entry, the repeated field left out when there is no entry.
     */
    private abstract static class Repeated extends Value {
        /** The repeated group. */
        final GroupType entry;
        private final String repeated;
        private final JsonToken start;

        /** @param start the token a JSON value of this type starts with (an array's, an object's) */
        Repeated(GroupType group, JsonToken start) {
            entry = group.getType(0).asGroupType();
            repeated = entry.getName();
            this.start = start;
        }

        @Override
        final boolean isNull(JsonParser p) {
            return p.currentToken() != start;
        }

        @Override
        final void write(JsonParser p, RecordConsumer c) throws IOException {
            c.startGroup();
            if (next(p)) {
                c.startField(repeated, 0);
                do {
                    c.startGroup();
                    writeEntry(p, c);
                    c.endGroup();
                } while (next(p));
                c.endField(repeated, 0);
            }
            c.endGroup();
        }

        /** Moves the parser to the next entry's first token; false at the end of the array or object. */
        abstract boolean next(JsonParser p) throws IOException;

        /** Writes the fields of the entry at the parser's current token; leaves the parser on its last token. */
        abstract void writeEntry(JsonParser p, RecordConsumer c) throws IOException;
    }

    /** An array: the list group, one repeated group per element, with the element when it is not null. */
    private static final class Elements extends Repeated {
        private final String elementName;
        private final Value element;

        Elements(GroupType list, DataType elementType, Input input) {
            super(list, JsonToken.START_ARRAY);
            elementName = entry.getType(0).getName();
            element = value(elementType, entry.getType(0), input);
        }

        @Override
        boolean next(JsonParser p) throws IOException {
            return p.nextToken() != JsonToken.END_ARRAY;
        }

        @Override
        void writeEntry(JsonParser p, RecordConsumer c) throws IOException {
            element.writeField(p, c, elementName, 0);
        }
    }

    /** A map from string: the map group, one repeated group per key, with the value when it is not null. */
    private static final class KeyValues extends Repeated {
        private final String keyName;
        private final String valueName;
        private final Value value;

        KeyValues(GroupType map, DataType valueType, Input input) {
            super(map, JsonToken.START_OBJECT);
            keyName = entry.getType(0).getName();
            valueName = entry.getType(1).getName();
            value = value(valueType, entry.getType(1), input);
        }

        @Override
        boolean next(JsonParser p) throws IOException {
            return p.nextFieldName() != null;
        }

        @Override
        void writeEntry(JsonParser p, RecordConsumer c) throws IOException {
            String name = p.currentName();
            p.nextToken();
            c.startField(keyName, 0);
            c.addBinary(Binary.fromConstantByteArray(name.getBytes(StandardCharsets.UTF_8)));
            c.endField(keyName, 0);
            value.writeField(p, c, valueName, 1);
        }
    }

    /** A bigint: a JSON integer. */
    private static final class Bigint extends Value {
        @Override
        boolean isNull(JsonParser p) {
            return p.currentToken() != JsonToken.VALUE_NUMBER_INT;
        }

        @Override
        void write(JsonParser p, RecordConsumer c) throws IOException {
            c.addLong(p.getLongValue());
        }
    }

    /** A double: a JSON number, or the strings Spark's reader takes for the infinities and NaN. */
    private static final class Number extends Value {
        @Override
        boolean isNull(JsonParser p) throws IOException {
            return switch (p.currentToken()) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> false;
                case VALUE_STRING -> special(p.getText()) == null;
                default -> true;
            };
        }

        @Override
        void write(JsonParser p, RecordConsumer c) throws IOException {
            c.addDouble(p.currentToken() == JsonToken.VALUE_STRING ? special(p.getText()) : p.getDoubleValue());
        }

        private static Double special(String text) {
            return switch (text) {
                case "NaN" -> Double.NaN;
                case "Infinity", "+INF", "+Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity", "-INF" -> Double.NEGATIVE_INFINITY;
                default -> null;
            };
        }
    }

    /** A boolean: {@code true} or {@code false}. */
    private static final class Bool extends Value {
        @Override
        boolean isNull(JsonParser p) {
            JsonToken t = p.currentToken();
            return t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE;
        }

        @Override
        void write(JsonParser p, RecordConsumer c) {
            c.addBoolean(p.currentToken() == JsonToken.VALUE_TRUE);
        }
    }

    /**
     * A string: a JSON string's text (UTF-8), any other value but null as its JSON text. A string of ASCII from
     * space to DEL (0x20-0x7f) without a backslash is its bytes in the record, written from there without being
     * decoded (its text is those bytes); any other is decoded by the parser and encoded again.
     */
    private static final class Text extends Value {
        private final Input input;

        Text(Input input) {
            this.input = input;
        }

        @Override
        boolean isNull(JsonParser p) {
            return p.currentToken() == JsonToken.VALUE_NULL;
        }

        @Override
        void write(JsonParser p, RecordConsumer c) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                c.addBinary(Binary.fromConstantByteArray(json(p)));
                return;
            }
            Binary raw = plain(p);
            c.addBinary(raw != null ? raw
                    : Binary.fromConstantByteArray(utf8(p.getTextCharacters(), p.getTextOffset(), p.getTextLength())));
        }

        /**
         * The bytes between the quotes of the string at the parser's current token, when they are ASCII from space
         * to DEL without a backslash; null otherwise. The parser has not decoded the string, and skips it at its next
         * token. The binary refers to the record's bytes (Parquet copies what it keeps).
         */
        private Binary plain(JsonParser p) {
            long at = p.currentTokenLocation().getByteOffset(); // the opening quote, from the start of the input
            byte[] b = input.bytes;
            int quote = input.offset + (int) at;
            if (at < 0 || quote >= input.end || b[quote] != '"') {
                return null;
            }
            for (int i = quote + 1; i < input.end; i++) {
                byte x = b[i];
                if (x == '"') {
                    return Binary.fromReusedByteArray(b, quote + 1, i - quote - 1);
                }
                if (x == '\\' || x < 0x20) { // an escape, a control character, or a byte of a non-ASCII character
                    return null;
                }
            }
            return null;
        }

        /** The JSON text of the value at the parser's current token. */
        private static byte[] json(JsonParser p) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                g.copyCurrentStructure(p);
            }
            return out.toByteArray();
        }

        /**
         * The UTF-8 bytes of {@code length} chars from {@code offset}: ASCII copied byte for byte, without a
         * {@link String} between; any other text as {@link String#getBytes} encodes it.
         */
        private static byte[] utf8(char[] chars, int offset, int length) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                char ch = chars[offset + i];
                if (ch >= 0x80) {
                    return new String(chars, offset, length).getBytes(StandardCharsets.UTF_8);
                }
                bytes[i] = (byte) ch;
            }
            return bytes;
        }
    }
}
