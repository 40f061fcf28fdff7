package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenTypesTest {

    @Test
    void findsDuplicatesBelowAndAboveTheLinearLimit() {
        SeenTypes seen = new SeenTypes();
        for (int t = 0; t < 200; t++) {
            assertThat(seen.add(t * 7)).as("first %d", t * 7).isTrue();
        }
        for (int t = 0; t < 200; t++) {
            assertThat(seen.add(t * 7)).as("again %d", t * 7).isFalse();
            assertThat(seen.contains(t * 7)).isTrue();
            assertThat(seen.contains(t * 7 + 1)).isFalse();
        }
        assertThat(seen.add(65535)).isTrue();
    }

    @Test
    void aFewTypes() {
        SeenTypes seen = new SeenTypes();
        assertThat(seen.add(0)).isTrue();
        assertThat(seen.add(43)).isTrue();
        assertThat(seen.add(0)).isFalse();
        assertThat(seen.contains(43)).isTrue();
        assertThat(seen.contains(51)).isFalse();
    }
}
