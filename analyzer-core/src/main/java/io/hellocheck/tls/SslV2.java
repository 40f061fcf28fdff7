package io.hellocheck.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * SSL 2.0 handshake messages (draft-hickman-netscape-ssl-00, "The SSL Protocol", 1995), as far as the
 * question needs them: the CLIENT-HELLO, also sent by TLS clients that still talk to SSLv2 servers (the
 * "SSLv2-compatible hello" of RFC 5246 appendix E.2), the SERVER-HELLO, the CLIENT-MASTER-KEY's chosen
 * cipher and the ERROR message.
 *
 * <p>Messages are given from their msg_type byte on (after the 2- or 3-byte record header, which
 * {@link TlsStreamDecoder} reads). A CLIENT-HELLO decodes into the same {@link ClientHello} shape as a
 * TLS ClientHello: legacy_version is the hello's version (0x0002 for SSLv2, 0x0301 for a TLS 1.0 client),
 * the random is the challenge right-aligned in 32 bytes (RFC 5246 appendix E.2), and each three-byte
 * cipher spec whose first byte is 0 is the TLS cipher suite of its last two bytes; the other specs are
 * kept as their three-byte value (above 0xffff, named by {@link TlsNames#cipherSuite}). There are no
 * extensions and no compression methods.
 */
public final class SslV2 {
    /** msg_type values. */
    public static final int ERROR = 0;
    public static final int CLIENT_HELLO = 1;
    public static final int CLIENT_MASTER_KEY = 2;
    public static final int SERVER_HELLO = 4;
    /** SSL 2.0's protocol version number, as {@link TlsNames#version} names it ("SSLv2"). */
    public static final int VERSION = 0x0002;

    private SslV2() {
    }

    /**
     * A decoded SERVER-HELLO.
     *
     * @param hello        as a {@link ServerHello}: legacy_version 0x0002 and, as cipher suite, the server's first
     *                     cipher spec (the client's choice comes later, in CLIENT-MASTER-KEY)
     * @param sessionIdHit whether the server found the client's session id (the SSLv2 form of resumption)
     * @param certificate  the server's certificate (DER, X.509 when the certificate type is 1), empty when none
     * @param cipherSpecs  the cipher specs the server offers, in wire order
     */
    public record ServerHelloV2(ServerHello hello, boolean sessionIdHit, byte[] certificate, List<Integer> cipherSpecs) {
        public ServerHelloV2 {
            certificate = certificate.clone();
            cipherSpecs = List.copyOf(cipherSpecs);
        }

        @Override
        public byte[] certificate() {
            return certificate.clone();
        }
    }

    /**
     * Whether {@code b[off..]} starts like an SSLv2 CLIENT-HELLO record: a 2-byte header with the high bit
     * set, msg_type 1 and a version of SSL 2.0, SSL 3.0 or TLS 1.0 to 1.3.
     */
    public static boolean looksLikeClientHello(byte[] b, int off, int len) {
        if (len < 5 || (b[off] & 0x80) == 0 || b[off + 2] != CLIENT_HELLO) {
            return false;
        }
        int version = ((b[off + 3] & 0xff) << 8) | (b[off + 4] & 0xff);
        return version == VERSION || (version >= 0x0300 && version <= 0x0304);
    }

    /**
     * Decodes a CLIENT-HELLO message.
     *
     * <pre>
     * char MSG-CLIENT-HELLO; char CLIENT-VERSION-MSB; char CLIENT-VERSION-LSB;
     * char CIPHER-SPECS-LENGTH-MSB/LSB; char SESSION-ID-LENGTH-MSB/LSB; char CHALLENGE-LENGTH-MSB/LSB;
     * char CIPHER-SPECS-DATA[]; char SESSION-ID-DATA[]; char CHALLENGE-DATA[]
     * </pre>
     *
     * @throws TlsDecodeException when the message is not a well-formed CLIENT-HELLO
     */
    public static ClientHello clientHello(byte[] msg, int off, int len) throws TlsDecodeException {
        ByteCursor c = cursor(msg, off, len);
        int type = c.u8();
        if (type != CLIENT_HELLO) {
            throw new TlsDecodeException("not an SSLv2 CLIENT-HELLO (msg_type " + type + ")", 0);
        }
        int version = c.u16();
        int specsLength = c.u16();
        int sessionIdLength = c.u16();
        int challengeLength = c.u16();
        List<String> anomalies = new ArrayList<>();
        if (specsLength % 3 != 0) {
            throw new TlsDecodeException("cipher specs length " + specsLength + " is not a multiple of 3", 3);
        }
        if (specsLength == 0) {
            anomalies.add("the CLIENT-HELLO offers no cipher spec");
        }
        if (sessionIdLength != 0 && sessionIdLength != 16) {
            anomalies.add("session id of " + sessionIdLength + " bytes (SSLv2 allows 0 or 16)");
        }
        if (challengeLength < 16 || challengeLength > 32) {
            throw new TlsDecodeException("challenge of " + challengeLength + " bytes (16 to 32 allowed)", 7);
        }
        List<Integer> suites = new ArrayList<>(specsLength / 3);
        for (int i = 0; i < specsLength / 3; i++) {
            suites.add(c.u24());
        }
        byte[] sessionId = c.bytes(sessionIdLength);
        byte[] challenge = c.bytes(challengeLength);
        if (!c.isEmpty()) {
            anomalies.add(c.remaining() + " bytes after the challenge (offset " + c.offset() + ")");
        }
        byte[] random = new byte[32];
        System.arraycopy(challenge, 0, random, 32 - challenge.length, challenge.length);
        return new ClientHello(version, random, sessionId, suites, List.of(), List.of(), null, List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), anomalies).asSslV2();
    }

    /**
     * Decodes a SERVER-HELLO message.
     *
     * <pre>
     * char MSG-SERVER-HELLO; char SESSION-ID-HIT; char CERTIFICATE-TYPE; char SERVER-VERSION-MSB/LSB;
     * char CERTIFICATE-LENGTH-MSB/LSB; char CIPHER-SPECS-LENGTH-MSB/LSB; char CONNECTION-ID-LENGTH-MSB/LSB;
     * char CERTIFICATE-DATA[]; char CIPHER-SPECS-DATA[]; char CONNECTION-ID-DATA[]
     * </pre>
     *
     * @throws TlsDecodeException when the message is not a well-formed SERVER-HELLO
     */
    public static ServerHelloV2 serverHello(byte[] msg, int off, int len) throws TlsDecodeException {
        ByteCursor c = cursor(msg, off, len);
        int type = c.u8();
        if (type != SERVER_HELLO) {
            throw new TlsDecodeException("not an SSLv2 SERVER-HELLO (msg_type " + type + ")", 0);
        }
        boolean hit = c.u8() != 0;
        c.u8(); // certificate type: 1 is X.509
        int version = c.u16();
        int certLength = c.u16();
        int specsLength = c.u16();
        int connectionIdLength = c.u16();
        if (specsLength % 3 != 0) {
            throw new TlsDecodeException("cipher specs length " + specsLength + " is not a multiple of 3", 7);
        }
        byte[] cert = c.bytes(certLength);
        List<Integer> specs = new ArrayList<>(specsLength / 3);
        for (int i = 0; i < specsLength / 3; i++) {
            specs.add(c.u24());
        }
        byte[] connectionId = c.bytes(connectionIdLength);
        List<String> anomalies = new ArrayList<>();
        if (!c.isEmpty()) {
            anomalies.add(c.remaining() + " bytes after the connection id (offset " + c.offset() + ")");
        }
        ServerHello hello = new ServerHello(version, new byte[32], connectionId, specs.isEmpty() ? -1 : specs.get(0),
                -1, List.of(), -1, -1, false, -1, anomalies);
        return new ServerHelloV2(hello, hit, cert, specs);
    }

    /**
     * The cipher spec the client chose, from a CLIENT-MASTER-KEY message
     * ({@code char MSG-CLIENT-MASTER-KEY; char CIPHER-KIND[3]; ...}).
     */
    public static int clientMasterKeyCipher(byte[] msg, int off, int len) throws TlsDecodeException {
        ByteCursor c = cursor(msg, off, len);
        int type = c.u8();
        if (type != CLIENT_MASTER_KEY) {
            throw new TlsDecodeException("not an SSLv2 CLIENT-MASTER-KEY (msg_type " + type + ")", 0);
        }
        return c.u24();
    }

    /** The error code of an ERROR message ({@code char MSG-ERROR; char ERROR-CODE-MSB/LSB}). */
    public static int errorCode(byte[] msg, int off, int len) throws TlsDecodeException {
        ByteCursor c = cursor(msg, off, len);
        int type = c.u8();
        if (type != ERROR) {
            throw new TlsDecodeException("not an SSLv2 ERROR (msg_type " + type + ")", 0);
        }
        return c.u16();
    }

    /** The name of an SSLv2 error code ("NO-CIPHER-ERROR"), or its hex value. */
    public static String errorName(int code) {
        return switch (code) {
            case 0x0001 -> "NO-CIPHER-ERROR";
            case 0x0002 -> "NO-CERTIFICATE-ERROR";
            case 0x0004 -> "BAD-CERTIFICATE-ERROR";
            case 0x0006 -> "UNSUPPORTED-CERTIFICATE-TYPE-ERROR";
            default -> TlsNames.hex(code, 4);
        };
    }

    private static ByteCursor cursor(byte[] msg, int off, int len) throws TlsDecodeException {
        return ByteCursor.window(msg, off, len);
    }
}
