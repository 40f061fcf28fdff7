package io.hellocheck.result;

import java.util.Optional;

/** A TLS alert record seen in a connection (RFC 8446 section 6; JSON {@code alert}, {@code alerts[]}). Immutable. */
public final class Alert {
    private final io.hellocheck.analysis.AlertInfo alert;

    Alert(io.hellocheck.analysis.AlertInfo alert) {
        this.alert = alert;
    }

    /** {@return the side that sent it} */
    public Side from() {
        return Side.of(alert.from());
    }

    /** {@return whether it was encrypted}, so that its level and description are unknown unless decrypted */
    public boolean encrypted() {
        return alert.encrypted();
    }

    /** {@return {@code fatal} or {@code warning}}, empty when encrypted */
    public Optional<String> level() {
        if (alert.encrypted()) {
            return Optional.empty();
        }
        return Optional.of(alert.level() == 2 ? "fatal" : alert.level() == 1 ? "warning" : "level-" + alert.level());
    }

    /**
     * {@return the alert description} ({@code handshake_failure (40)}), empty when encrypted; JSON
     * {@code description} is its name, JSON {@code code} its value
     */
    public Optional<CodePoint> description() {
        return alert.encrypted() ? Optional.empty() : Optional.of(CodePoint.alert(alert.description()));
    }

    /** {@return the frame that carried it}, from 1 */
    public long frame() {
        return alert.frame();
    }

    /** {@return whether a key log decrypted it} */
    public boolean decrypted() {
        return alert.decrypted();
    }

    /** {@return whether the alert was inferred as likely} (an encrypted record of an alert's size, say) */
    public boolean likely() {
        return alert.likely();
    }

    /** {@return what the alert usually means in this place}, one plain sentence, or empty */
    public Optional<String> meaning() {
        return Optional.ofNullable(alert.meaning());
    }

    /** {@return {@code from: level description}} */
    @Override
    public String toString() {
        return from() + ": " + level().orElse("encrypted") + description().map(d -> " " + d.name()).orElse("");
    }
}
