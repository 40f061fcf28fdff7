package io.hellocheck.tcp;

/** The two ends of a TCP connection: the side that opened it (sent the SYN) and the side that accepted. */
public enum Side {
    CLIENT, SERVER;

    public Side other() {
        return this == CLIENT ? SERVER : CLIENT;
    }

    /** "client" or "server", as the JSON records spell it. */
    public String label() {
        return this == CLIENT ? "client" : "server";
    }
}
