package io.hellocheck.result;

import java.util.Locale;

/** How sure a diagnosis is (JSON {@code confidence}: {@code high}, {@code medium}, {@code low}). */
public enum Confidence {
    /** The capture shows the cause directly (an alert naming it, a decrypted message). */
    HIGH,
    /** The capture is consistent with the cause and with few others. */
    MEDIUM,
    /** One possible cause among several. */
    LOW;

    /** {@return the JSON value}: {@code high}, {@code medium} or {@code low} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
