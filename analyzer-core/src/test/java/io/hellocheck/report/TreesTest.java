package io.hellocheck.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** {@link Trees} writes what Jackson's own {@code ObjectMapper.writeTree} writes, node kind by node kind. */
class TreesTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void everyNodeKindIsWrittenAsTheMapperWritesIt() throws IOException {
        ObjectNode tree = F.objectNode();
        tree.put("type", "server").put("text", "quote \" backslash \\ tab \t newline \n é 😀 \u0001");
        tree.put("int", -7).put("long", 1L << 40).put("big_integer", new BigInteger("123456789012345678901234567890"));
        tree.put("float", 1.5f).put("double", 0.1 + 0.2).put("nan", Double.NaN).put("infinity", Double.NEGATIVE_INFINITY);
        tree.put("decimal", new BigDecimal("1.50E+3")).put("short", (short) 3).put("true", true).put("false", false);
        tree.putNull("null");
        tree.put("binary", new byte[] {0, 1, 2, (byte) 0xff});
        tree.putObject("empty_object");
        tree.putArray("empty_array");
        tree.putArray("array").add(1).add("two").addNull().add(F.objectNode().put("nested", 3.25))
                .add(F.arrayNode().add(F.arrayNode()));
        assertThat(viaTrees(tree)).isEqualTo(viaMapper(tree));
    }

    @Test
    void aNodeHoldingAJavaObjectIsRefused() {
        ObjectNode tree = F.objectNode();
        tree.putPOJO("object", new Object());
        assertThatThrownBy(() -> viaTrees(tree)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String viaTrees(ObjectNode tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(out)) {
            Trees.write(g, tree);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String viaMapper(ObjectNode tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ObjectMapper mapper = new ObjectMapper();
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            mapper.writeTree(g, tree);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
