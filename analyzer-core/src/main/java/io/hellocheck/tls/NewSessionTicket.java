package io.hellocheck.tls;


/**
 * The NewSessionTicket message of TLS 1.2 and earlier (RFC 5077 section 3.3): a ticket the client may
 * present later to resume the session.
 *
 * <pre>
 * struct { uint32 ticket_lifetime_hint; opaque ticket&lt;0..2^16-1&gt;; } NewSessionTicket;
 * </pre>
 *
 * @param lifetimeHintSeconds ticket_lifetime_hint in seconds (0: unspecified)
 * @param ticketBytes         length of the ticket
 */
public record NewSessionTicket(long lifetimeHintSeconds, int ticketBytes) {

    /** Decodes a NewSessionTicket body (TLS 1.2 and earlier). */
    public static NewSessionTicket parse(byte[] body, int off, int len) throws TlsDecodeException {
        ByteCursor c = ByteCursor.window(body, off, len);
        long hint = ((long) c.u16() << 16) | c.u16();
        int n = c.vector16().remaining();
        c.expectEnd("NewSessionTicket");
        return new NewSessionTicket(hint, n);
    }
}
