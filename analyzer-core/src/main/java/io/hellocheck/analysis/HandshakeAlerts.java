package io.hellocheck.analysis;

import io.hellocheck.tcp.Side;
import io.hellocheck.tcp.TcpConnection;
import io.hellocheck.tls.AlertMeaning;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts of one TCP connection's TLS (RFC 8446 section 6, RFC 5246 section 7.2) and what an alert decides: one
 * from the server instead of a ServerHello, one from the client instead of the second ClientHello after a
 * HelloRetryRequest or on the server's warning unrecognized_name (RFC 6066 section 3), a fatal or encrypted one after
 * the ServerHello, and the server's close_notify that, read with the session's keys, completes a TLS 1.3 handshake
 * (section 6.1). The alerts are kept up to {@link #MAX_ALERTS}, the rest counted ({@code alerts_left_out},
 * CONTRACT.md), and those before a completion are the handshake's own. One per connection; it decides through its
 * {@link HandshakeAnalyzer}.
 */
final class HandshakeAlerts {
    /** Alerts kept per connection. */
    private static final int MAX_ALERTS = 16;
    private static final int ALERT_UNRECOGNIZED_NAME = 112;
    /** close_notify and user_canceled: the two TLS 1.3 alerts that are no error (RFC 8446 section 6.1). */
    private static final int ALERT_CLOSE_NOTIFY = 0;
    private static final int ALERT_USER_CANCELED = 90;

    private final HandshakeAnalyzer analyzer;
    private final TcpConnection conn;
    /** The alerts, made at the first one. */
    private List<AlertInfo> alerts = List.of();
    /** Alerts seen beyond {@link #MAX_ALERTS}. */
    private int leftOut;
    /** After COMPLETED: how many of {@link #alerts} came before the completion (the handshake's own); else -1. */
    private int ofHandshake = -1;

    HandshakeAlerts(HandshakeAnalyzer analyzer, TcpConnection conn) {
        this.analyzer = analyzer;
        this.conn = conn;
    }

    /**
     * An alert record from {@code from}: {@code encrypted} when its content is hidden (level 0, description -1),
     * {@code decrypted} when the session's keys opened it.
     */
    void alert(Side from, int level, int description, boolean encrypted, boolean decrypted, long frame,
               long timeNanos) {
        if (decrypted && from == Side.SERVER && analyzer.awaitsEncryption() && analyzer.awaitingServerAfterClient()
                && analyzer.keysDecide() && (description == ALERT_CLOSE_NOTIFY || description == ALERT_USER_CANCELED)) {
            // with the session's keys, the server's first record after the client's Finished decides (CONTRACT.md):
            // a close_notify is no error (RFC 8446 section 6.1), so the handshake completed before it
            analyzer.complete(frame, timeNanos);
        }
        AlertInfo a = new AlertInfo(from, level, description, frame, timeNanos, encrypted, false,
                encrypted ? AlertMeaning.encrypted(false) : AlertAfterClose.meaning(AlertMeaning.meaning(level,
                        description, from == Side.SERVER, analyzer.alertStage(from)), from, description,
                        conn.stream(from == Side.CLIENT ? Side.SERVER : Side.CLIENT), frame), decrypted);
        add(a);
        analyzer.add(frame, timeNanos, Texts.alert(a));
        if (analyzer.awaitsAnswer()) {
            if (from == Side.SERVER) {
                analyzer.reacted(timeNanos);
            }
            if (from == Side.SERVER && !(level == 1 && description == ALERT_UNRECOGNIZED_NAME)) {
                analyzer.decide(Outcome.SERVER_ALERT, "The server answered the ClientHello with "
                        + Texts.alertPhrase(a) + " instead of a ServerHello.");
            } else if (from == Side.CLIENT && a.isFatal() && analyzer.retryPending()) {
                analyzer.decide(Outcome.FAILED_AFTER_SERVER_HELLO, analyzer.retryAnswered() + "the client sent "
                        + Texts.alertPhrase(a) + " instead of a second ClientHello.");
            } else if (from == Side.CLIENT && a.isFatal() && sniWarning() != null) {
                analyzer.decide(Outcome.SERVER_ALERT, endedOnSniWarning("sent " + Texts.alertPhrase(a)));
            }
        } else if (analyzer.awaitsEncryption()) {
            Tls12Completion tls12 = analyzer.tls12();
            if (encrypted && from == Side.SERVER && tls12 != null && tls12.serverFinishedFirst()) {
                // an abbreviated handshake (RFC 5246 section 7.3, Figure 2): the server's Finished comes first
                analyzer.decide(Outcome.FAILED_AFTER_SERVER_HELLO, "The handshake failed after the ServerHello: the "
                        + "server resumed the session (" + analyzer.flight().resumption() + "), sent its "
                        + "ChangeCipherSpec and Finished, then an encrypted alert before the client's ChangeCipherSpec "
                        + "and Finished.");
            } else if (a.isFatal() || encrypted) {
                analyzer.decide(Outcome.FAILED_AFTER_SERVER_HELLO, "The handshake failed after the ServerHello: the "
                        + from.label() + " sent " + Texts.alertPhrase(a) + ".");
            }
        }
    }

    /** Keeps an alert, or counts it beyond {@link #MAX_ALERTS}. */
    void add(AlertInfo a) {
        if (alerts.isEmpty()) {
            alerts = new ArrayList<>(2);
        }
        if (alerts.size() < MAX_ALERTS) {
            alerts.add(a);
        } else {
            leftOut++;
        }
    }

    /** The handshake completed: the alerts kept so far are its own. */
    void handshakeCompleted() {
        ofHandshake = alerts.size();
    }

    /**
     * The server's warning unrecognized_name alert after the last ClientHello, which does not end a handshake by
     * itself (RFC 6066 section 3: the server goes on), or null.
     */
    AlertInfo sniWarning() {
        long lastHelloTime = analyzer.lastHelloTime();
        for (AlertInfo a : alerts) {
            if (a.from() == Side.SERVER && !a.encrypted() && a.level() == 1
                    && a.description() == ALERT_UNRECOGNIZED_NAME && a.timeNanos() >= lastHelloTime) {
                return a;
            }
        }
        return null;
    }

    /**
     * The reason of a handshake the client ended on the server's warning unrecognized_name, before any ServerHello:
     * the warning was the server's answer (RFC 6066 section 3 lets the server go on after it; some clients, Java 7
     * among them, take it as fatal). {@code what}: what the client did, "closed (FIN) the connection".
     */
    String endedOnSniWarning(String what) {
        return "The server answered the ClientHello with " + Texts.alertPhrase(sniWarning()) + ", and the client "
                + what + " on it, before any ServerHello: a client that treats this warning as fatal.";
    }

    /** Whether the last alert kept came from the server. */
    boolean lastFromServer() {
        return !alerts.isEmpty() && alerts.get(alerts.size() - 1).from() == Side.SERVER;
    }

    /** The record's alert: the handshake's first fatal alert, else its first alert; null when it had none. */
    AlertInfo first() {
        List<AlertInfo> own = ofHandshake >= 0 ? alerts.subList(0, ofHandshake) : alerts;
        for (AlertInfo a : own) {
            if (a.isFatal()) {
                return a;
            }
        }
        return own.isEmpty() ? null : own.get(0);
    }

    /** The alerts kept, in the order seen. */
    List<AlertInfo> all() {
        return List.copyOf(alerts);
    }

    /** Alerts seen beyond {@link #MAX_ALERTS}. */
    int leftOut() {
        return leftOut;
    }

    /** Drops the alerts once the connection's record is written. */
    void release() {
        alerts = List.of();
    }
}
