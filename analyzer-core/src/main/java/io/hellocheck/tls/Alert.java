package io.hellocheck.tls;


/**
 * A TLS alert (RFC 8446 section 6; RFC 5246 section 7.2).
 *
 * <pre>
 * enum { warning(1), fatal(2), (255) } AlertLevel;
 * struct { AlertLevel level; AlertDescription description; } Alert;
 * </pre>
 *
 * <p>Values are kept as sent, also when they are not registered.
 *
 * @param level       AlertLevel: 1 warning, 2 fatal
 * @param description AlertDescription code, e.g. 40 (handshake_failure)
 */
public record Alert(int level, int description) {

    /** AlertLevel warning(1). */
    public static final int WARNING = 1;
    /** AlertLevel fatal(2). */
    public static final int FATAL = 2;

    /**
     * Whether the level is fatal(2). RFC 8446 section 6 also says TLS 1.3 alerts other than
     * close_notify and user_canceled are always fatal whatever their level; that depends on the
     * negotiated version, so it is left to the caller.
     */
    public boolean isFatal() {
        return level == FATAL;
    }

    /** "warning", "fatal", or the level as two-digit hex ("0x03") when it is neither. */
    public String levelName() {
        switch (level) {
            case WARNING: return "warning";
            case FATAL: return "fatal";
            default: return TlsNames.hex(level & 0xff, 2);
        }
    }

    /** The IANA name of the description ("handshake_failure"), or two-digit hex. */
    public String descriptionName() {
        return TlsNames.alert(description);
    }

    /**
     * Decodes one alert from the first two bytes of {@code buf[off, off + len)}; a plaintext alert
     * record fragment is exactly two bytes (more means it is encrypted, or carries several alerts).
     *
     * @throws TlsDecodeException when fewer than two bytes are given, or the window is outside the array
     */
    public static Alert parse(byte[] buf, int off, int len) throws TlsDecodeException {
        ByteCursor c = ByteCursor.window(buf, off, len);
        return new Alert(c.u8(), c.u8());
    }

    @Override
    public String toString() {
        return "Alert[" + levelName() + ", " + descriptionName() + " (" + description + ")]";
    }
}
