package io.hellocheck.result;

import java.util.Locale;

/** A side of a connection (JSON {@code client} or {@code server}). */
public enum Side {
    /** The side that opened the connection (sent the SYN). */
    CLIENT,
    /** The side that accepted it. */
    SERVER;

    /** {@return the JSON value}: {@code client} or {@code server} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Side of(io.hellocheck.tcp.Side s) {
        return s == io.hellocheck.tcp.Side.CLIENT ? CLIENT : SERVER;
    }
}
