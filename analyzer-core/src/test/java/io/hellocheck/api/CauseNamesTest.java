package io.hellocheck.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hellocheck.analysis.Cause;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A diagnosis cause is a name users script against: every cause the analysis can give is in the JSON Schema's enum
 * of {@code finding.cause} (and nothing else is), and README.md's table of causes explains it.
 */
class CauseNamesTest {
    private static final Set<String> IDS = Arrays.stream(Cause.values()).map(Cause::id)
            .collect(Collectors.toCollection(TreeSet::new));

    @Test
    void theSchemaEnumeratesExactlyTheCauses() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(
                Files.readString(ApiBaselineTest.root().resolve("schema/records.schema.json")));
        Set<String> listed = new TreeSet<>();
        schema.get("$defs").get("finding").get("properties").get("cause").get("enum")
                .forEach(n -> listed.add(n.asText()));
        assertThat(listed).isEqualTo(IDS);
    }

    @Test
    void theReadmeExplainsEveryCause() throws Exception {
        // a table row starts with the cause's name, or with several joined by " / "
        Matcher m = Pattern.compile("(?m)^\\| ((?:`[a-z0-9_]+`(?: / )?)+) \\|")
                .matcher(Files.readString(ApiBaselineTest.root().resolve("README.md")));
        Set<String> explained = new TreeSet<>();
        while (m.find()) {
            Matcher id = Pattern.compile("`([a-z0-9_]+)`").matcher(m.group(1));
            while (id.find()) {
                explained.add(id.group(1));
            }
        }
        assertThat(explained).containsAll(IDS);
    }
}
