package io.hellocheck.cli;

/** Exit codes of CONTRACT.md. */
final class ExitCodes {
    /** Every input read, no failed handshake. */
    static final int OK = 0;
    /** Every input read, at least one failed handshake. */
    static final int FAILED_HANDSHAKE = 1;
    /** A usage error, or at least one input that is not a readable capture. */
    static final int USAGE_OR_UNREADABLE = 2;

    private ExitCodes() {
    }
}
