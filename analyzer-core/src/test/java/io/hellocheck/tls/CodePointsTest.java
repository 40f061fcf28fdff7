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

    @Test
    void compactListFindsAsAnyListDoes() {
        List<Integer> values = List.of(0x1301, 0x1302, 0xc02b, 0xfafa, 0, 0xc02b);
        List<Integer> compact = CodePoints.copyOf(values);
        List<Integer> reference = new ArrayList<>(values);

        for (Object probe : new Object[] {0x1301, 0xc02b, 0xfafa, 0, 1, -1, 0x10000, 0x1301L, "x", null}) {
            assertThat(compact.indexOf(probe)).as("%s", probe).isEqualTo(reference.indexOf(probe));
            assertThat(compact.contains(probe)).as("%s", probe).isEqualTo(reference.contains(probe));
        }
        assertThat(compact.containsAll(List.of(0xfafa, 0))).isTrue();
        assertThat(compact.containsAll(List.of(0xfafa, 2))).isFalse();
    }
}
