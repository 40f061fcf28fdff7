package io.hellocheck.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * Writes a tree of the records' JSON (the server, summary, warning and error records) through a generator,
 * as {@code ObjectMapper.writeTree} with the default configuration does, without an {@code ObjectMapper}:
 * setting one up loads the JDK's locale data for its date formats (about 70 methods compiled, on the thread
 * that writes the records, while the analysis starts), and these trees hold no dates.
 */
final class Trees {
    private Trees() {
    }

    /**
     * Writes {@code node} and everything under it, in its fields' order.
     *
     * @throws IOException              what the generator throws
     * @throws IllegalArgumentException for a node that holds a Java object ({@code POJO}): the records have none
     */
    static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode e : node) {
                    write(g, e);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> number(g, node);
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case BINARY -> g.writeBinary(node.binaryValue());
            case POJO -> throw new IllegalArgumentException("a record tree holds a Java object, not JSON");
        }
    }

    private static void number(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.numberType()) {
            case INT -> g.writeNumber(n.intValue());
            case LONG -> g.writeNumber(n.longValue());
            case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
            case FLOAT -> g.writeNumber(n.floatValue());
            case DOUBLE -> g.writeNumber(n.doubleValue());
            case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
        }
    }
}
