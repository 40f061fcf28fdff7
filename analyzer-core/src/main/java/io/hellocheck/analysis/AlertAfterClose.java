package io.hellocheck.analysis;

import io.hellocheck.tcp.HalfStream;
import io.hellocheck.tcp.Side;

/**
 * A plaintext alert sent after the other side had closed its direction (a FIN or RST captured before it): it answers
 * that close, it names no fault in a message. OpenSSL 3 sends a fatal decode_error (50) when the stream ends in the
 * middle of a handshake ("unexpected eof while reading", SSL_R_UNEXPECTED_EOF_WHILE_READING, unless
 * SSL_OP_IGNORE_UNEXPECTED_EOF is set); RFC 8446 section 6.1 asks each side to answer a close_notify with its own.
 */
final class AlertAfterClose {
    private static final int ALERT_DECODE_ERROR = 50;

    private AlertAfterClose() {
    }

    /**
     * The meaning of an alert from {@code from} at {@code frame}: {@code meaning} as it stands, or, when the other side's
     * FIN or RST came in an earlier frame, what the alert answers.
     */
    static String meaning(String meaning, Side from, int description, HalfStream other, long frame) {
        long closeFrame = other.finSeen() ? other.finFrame() : other.rstSeen() ? other.rstFrame() : 0;
        if (closeFrame == 0 || closeFrame >= frame) {
            return meaning;
        }
        Side peer = from == Side.CLIENT ? Side.SERVER : Side.CLIENT;
        return "Sent after the " + peer.label() + "'s " + (other.finSeen() ? "FIN" : "RST") + " (frame " + closeFrame
                + "): it answers that close, not a message it could not read"
                + (description == ALERT_DECODE_ERROR ? " (OpenSSL 3 answers a connection closed in the middle of the "
                + "handshake with decode_error: \"unexpected eof while reading\")" : "") + ". " + meaning;
    }
}
