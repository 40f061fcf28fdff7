package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 8446 section 6: AlertLevel warning(1), fatal(2); descriptions from the IANA registry. */
class AlertTest {

    @Test
    void fatalHandshakeFailure() throws TlsDecodeException {
        Alert a = Alert.parse(new byte[] {2, 40}, 0, 2);
        assertThat(a.level()).isEqualTo(2);
        assertThat(a.description()).isEqualTo(40);
        assertThat(a.isFatal()).isTrue();
        assertThat(a.levelName()).isEqualTo("fatal");
        assertThat(a.descriptionName()).isEqualTo("handshake_failure");
    }

    @Test
    void warningUnrecognizedName() throws TlsDecodeException {
        Alert a = Alert.parse(new byte[] {9, 9, 1, 112}, 2, 2);
        assertThat(a.isFatal()).isFalse();
        assertThat(a.levelName()).isEqualTo("warning");
        assertThat(a.descriptionName()).isEqualTo("unrecognized_name");
    }

    @Test
    void unknownValuesAreKept() {
        Alert a = new Alert(3, 200);
        assertThat(a.isFatal()).isFalse();
        assertThat(a.levelName()).isEqualTo("0x03");
        assertThat(a.descriptionName()).isEqualTo("0xc8");
        assertThat(a.toString()).contains("0x03");
    }

    @Test
    void tooShort() {
        assertThatThrownBy(() -> Alert.parse(new byte[] {2}, 0, 1)).isInstanceOf(TlsDecodeException.class);
        assertThatThrownBy(() -> Alert.parse(new byte[] {2, 40}, 1, 2)).isInstanceOf(TlsDecodeException.class);
    }
}
