package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact lists keep {@link List}'s contract: equal to and hashed as any list of the same values. */
class CodePointsTest {

    @Test
    void compactListIsEqualToAndHashedAsAnyListOfTheSameValues() {
        List<Integer> values = List.of(0x1301, 0x1302, 0x1303, 0xc02b, 0x00ff, 0xfafa, 0);
        List<Integer> compact = CodePoints.copyOf(values);
        List<Integer> other = CodePoints.copyOf(new ArrayList<>(values));

        assertThat(compact.hashCode()).isEqualTo(values.hashCode()).isEqualTo(new ArrayList<>(values).hashCode());
        assertThat(compact).isEqualTo(values).isEqualTo(other);
        assertThat(values).isEqualTo(compact);
        assertThat(new ArrayList<>(values)).isEqualTo(compact);
        assertThat(compact).isNotEqualTo(CodePoints.copyOf(List.of(0x1301, 0x1302, 0x1303, 0xc02b, 0x00ff, 0xfafa)))
                .isNotEqualTo(CodePoints.copyOf(List.of(0x1301, 0x1302, 0x1303, 0xc02b, 0x00ff, 0xfafa, 1)))
                .isNotEqualTo(List.of(0x1301, 0x1302, 0x1303, 0xc02b, 0x00ff, 0xfafa, 0, 0));
    }
}
