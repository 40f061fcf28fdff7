package io.hellocheck.tls;

import static io.hellocheck.tls.TestBytes.hex;
import static io.hellocheck.tls.TestBytes.w;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.tcp.Endpoint;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Where TLS starts after a preamble. Client bytes are fed as the segments would carry them; the PROXY headers
 * are the examples of haproxy's proxy-protocol.txt, the others follow each protocol's specification.
 */
class PreambleDetectorTest {
    /** The first bytes of a TLS ClientHello record (RFC 8446 section 5.1). */
    private static final byte[] HELLO = hex("16 0301 0200 01 0001fc 0303");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] cat(byte[]... parts) {
        TestBytes.Writer x = w();
        for (byte[] p : parts) {
            x.raw(p);
        }
        return x.bytes();
    }

    @Test
    void proxyV1HeaderAndHelloInOneSegment() {
        PreambleDetector d = new PreambleDetector();
        // proxy-protocol.txt section 2.1: "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"
        byte[] header = ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
        byte[] seg = cat(header, HELLO);
        assertThat(d.client(seg, 0, seg.length, 4, 0)).isEqualTo(header.length);
        Preamble p = d.result();
        assertThat(p.protocol()).isEqualTo("PROXY v1");
        assertThat(p.proxiedSource()).isEqualTo(new Endpoint("192.168.0.1", 56324));
        assertThat(p.proxiedDestination()).isEqualTo(new Endpoint("192.168.0.11", 443));
        assertThat(p.clientBytes()).isEqualTo(header.length);
        assertThat(p.tlsStarted()).isTrue();
        assertThat(p.frames()).containsExactly(4L);
    }

    @Test
    void proxyV1Unknown() {
        PreambleDetector d = new PreambleDetector();
        byte[] header = ascii("PROXY UNKNOWN\r\n");
        assertThat(d.client(header, 0, header.length, 1, 0)).isEqualTo(PreambleDetector.MORE);
        assertThat(d.client(HELLO, 0, HELLO.length, 2, 0)).isZero();
        assertThat(d.result().proxiedSource()).isNull();
        assertThat(d.result().clientCommand()).isEqualTo("PROXY UNKNOWN");
    }

    static byte[] proxyV2Tcp6WithAuthority() {
        // proxy-protocol.txt section 2.2: the 12-byte signature, ver_cmd 0x21 (v2, PROXY), fam 0x21 (TCP over
        // IPv6), len, then src_addr[16] dst_addr[16] src_port dst_port, then TLVs: PP2_TYPE_AUTHORITY (0x02)
        byte[] authority = ascii("www.example.com");
        TestBytes.Writer body = w().raw(hex("20010db8000000000000000000000001")).raw(hex("20010db8000000000000000000000002"))
                .u16(51000).u16(443).u8(0x02).u16(authority.length).raw(authority);
        byte[] b = body.bytes();
        return w().raw(hex("0d0a0d0a000d0a515549540a")).u8(0x21).u8(0x21).u16(b.length).raw(b).bytes();
    }

    @Test
    void proxyV2HeaderThenHelloSplitAnywhere() {
        byte[] stream = cat(proxyV2Tcp6WithAuthority(), HELLO);
        int headerLength = proxyV2Tcp6WithAuthority().length;
        for (int cut = 1; cut < stream.length; cut++) {
            PreambleDetector d = new PreambleDetector();
            int first = d.client(stream, 0, cut, 1, 0);
            if (cut <= headerLength) {
                assertThat(first).as("cut " + cut).isEqualTo(PreambleDetector.MORE);
                assertThat(d.client(stream, cut, stream.length - cut, 2, 0)).as("cut " + cut).isEqualTo(headerLength);
            } else {
                assertThat(first).as("cut " + cut).isEqualTo(headerLength);
            }
            Preamble p = d.result();
            assertThat(p.protocol()).isEqualTo("PROXY v2");
            assertThat(p.proxiedSource()).isEqualTo(new Endpoint("2001:db8::1", 51000));
            assertThat(p.proxiedDestination()).isEqualTo(new Endpoint("2001:db8::2", 443));
            assertThat(p.target()).isEqualTo("www.example.com");
        }
    }

    @Test
    void httpConnectAnswered200() {
        PreambleDetector d = new PreambleDetector();
        byte[] req = ascii("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
        assertThat(d.client(req, 0, req.length, 4, 0)).isEqualTo(PreambleDetector.MORE);
        byte[] ok = ascii("HTTP/1.1 200 Connection established\r\nProxy-Agent: test\r\n\r\n");
        d.server(ok, 0, ok.length);
        assertThat(d.client(HELLO, 0, HELLO.length, 6, 0)).isZero();
        Preamble p = d.result();
        assertThat(p.protocol()).isEqualTo("HTTP CONNECT");
        assertThat(p.target()).isEqualTo("example.com:443");
        assertThat(p.targetPort()).isEqualTo(443);
        assertThat(p.statusCode()).isEqualTo(200);
        assertThat(p.serverReply()).isEqualTo("HTTP/1.1 200 Connection established");
        assertThat(p.clientCommand()).isEqualTo("CONNECT example.com:443 HTTP/1.1");
        assertThat(p.proxyRefused()).isFalse();
    }

    @Test
    void httpConnectRefusedWith407ThenRetriedWithCredentials() {
        PreambleDetector d = new PreambleDetector();
        byte[] req = ascii("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
        d.client(req, 0, req.length, 4, 0);
        byte[] deny = ascii("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\n"
                + "Content-Length: 0\r\n\r\n");
        d.server(deny, 0, deny.length);
        assertThat(d.result().proxyRefused()).isTrue();
        assertThat(d.result().statusCode()).isEqualTo(407);
        assertThat(Preamble.statusMeaning(407)).contains("proxy authentication required");
        byte[] again = ascii("CONNECT example.com:443 HTTP/1.1\r\nProxy-Authorization: Basic dXNlcjpwYXNz\r\n\r\n");
        assertThat(d.client(again, 0, again.length, 8, 0)).isEqualTo(PreambleDetector.MORE);
        byte[] ok = ascii("HTTP/1.1 200 OK\r\n\r\n");
        d.server(ok, 0, ok.length);
        assertThat(d.result().proxyRefused()).isFalse();
        assertThat(d.client(HELLO, 0, HELLO.length, 10, 0)).isZero();
        assertThat(d.result().frames()).containsExactly(4L, 8L, 10L);
    }

    @Test
    void smtpStartTls() {
        // RFC 3207 section 4: 220 banner, EHLO, 250-STARTTLS, STARTTLS, 220 Ready to start TLS, then TLS
        PreambleDetector d = new PreambleDetector();
        d.server(ascii("220 mail.example.com ESMTP\r\n"), 0, 28);
        byte[] ehlo = ascii("EHLO client.example\r\n");
        assertThat(d.client(ehlo, 0, ehlo.length, 5, 0)).isEqualTo(PreambleDetector.MORE);
        byte[] caps = ascii("250-mail.example.com\r\n250 STARTTLS\r\n");
        d.server(caps, 0, caps.length);
        byte[] st = ascii("STARTTLS\r\n");
        assertThat(d.client(st, 0, st.length, 7, 0)).isEqualTo(PreambleDetector.MORE);
        byte[] ready = ascii("220 2.0.0 Ready to start TLS\r\n");
        d.server(ready, 0, ready.length);
        assertThat(d.client(HELLO, 0, HELLO.length, 9, 0)).isZero();
        Preamble p = d.result();
        assertThat(p.protocol()).isEqualTo("SMTP STARTTLS");
        assertThat(p.clientCommand()).isEqualTo("STARTTLS");
        assertThat(p.serverReply()).isEqualTo("220 2.0.0 Ready to start TLS");
        assertThat(p.clientBytes()).isEqualTo(ehlo.length + st.length);
    }

    @Test
    void imapPop3AndFtpByTheirCommands() {
        assertThat(dialogue("* OK IMAP4rev1 ready\r\n", "a1 STARTTLS\r\n", "a1 OK Begin TLS\r\n"))
                .isEqualTo("IMAP STARTTLS");
        assertThat(dialogue("+OK POP3 ready\r\n", "STLS\r\n", "+OK Begin TLS\r\n")).isEqualTo("POP3 STLS");
        assertThat(dialogue("220 FTP server ready\r\n", "AUTH TLS\r\n", "234 AUTH TLS OK\r\n"))
                .isEqualTo("FTP AUTH TLS");
        // without the server's banner (the capture started late), the command still tells
        assertThat(dialogue(null, "STLS\r\n", null)).isEqualTo("POP3 STLS");
    }

    private static String dialogue(String banner, String command, String answer) {
        PreambleDetector d = new PreambleDetector();
        if (banner != null) {
            d.server(ascii(banner), 0, banner.length());
        }
        byte[] c = ascii(command);
        assertThat(d.client(c, 0, c.length, 3, 0)).isEqualTo(PreambleDetector.MORE);
        if (answer != null) {
            d.server(ascii(answer), 0, answer.length());
        }
        byte[] seg = HELLO;
        assertThat(d.client(seg, 0, seg.length, 5, 0)).isZero();
        return d.result().protocol();
    }

    @Test
    void xmppStartTls() {
        // RFC 6120 section 5.4.2: <starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/> and <proceed .../>
        PreambleDetector d = new PreambleDetector();
        byte[] open = ascii("<?xml version='1.0'?><stream:stream to='example.com' xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
        d.client(open, 0, open.length, 4, 0);
        byte[] st = ascii("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        assertThat(d.client(st, 0, st.length, 6, 0)).isEqualTo(PreambleDetector.MORE);
        byte[] proceed = ascii("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        d.server(proceed, 0, proceed.length);
        assertThat(d.client(HELLO, 0, HELLO.length, 8, 0)).isZero();
        assertThat(d.result().protocol()).isEqualTo("XMPP STARTTLS");
        assertThat(d.result().serverReply()).isEqualTo("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    }

    @Test
    void ldapStartTlsExtendedOperation() {
        // RFC 4511 section 4.14.1: ExtendedRequest with requestName 1.3.6.1.4.1.1466.20037, messageID 1
        byte[] oid = ascii("1.3.6.1.4.1.1466.20037");
        byte[] req = w().u8(0x30).u8(5 + 2 + oid.length).u8(0x02).u8(1).u8(1).u8(0x77).u8(2 + oid.length).u8(0x80)
                .u8(oid.length).raw(oid).bytes();
        PreambleDetector d = new PreambleDetector();
        assertThat(d.client(req, 0, req.length, 4, 0)).isEqualTo(PreambleDetector.MORE);
        // ExtendedResponse [APPLICATION 24] { resultCode success(0), matchedDN "", diagnosticMessage "" }
        byte[] resp = hex("300c02010178070a010004000400");
        d.server(resp, 0, resp.length);
        assertThat(d.client(HELLO, 0, HELLO.length, 6, 0)).isZero();
        assertThat(d.result().protocol()).isEqualTo("LDAP StartTLS");
        assertThat(d.result().serverReply()).isEqualTo("ExtendedResponse resultCode 0 (success)");
    }

    @Test
    void postgresSslRequest() {
        // PostgreSQL protocol, "SSLRequest": Int32(8) Int32(80877103); the server answers 'S'
        PreambleDetector d = new PreambleDetector();
        byte[] req = hex("0000000804d2162f");
        assertThat(d.client(req, 0, req.length, 4, 0)).isEqualTo(PreambleDetector.MORE);
        d.server(new byte[] {'S'}, 0, 1);
        assertThat(d.client(HELLO, 0, HELLO.length, 6, 0)).isZero();
        assertThat(d.result().protocol()).isEqualTo("PostgreSQL SSLRequest");
        assertThat(d.result().serverReply()).startsWith("S");
    }

    @Test
    void mysqlSslRequestAndHelloInOneSegment() {
        // MySQL: the server's Protocol::HandshakeV10 greeting (sequence 0, protocol 10), then the client's
        // Protocol::SSLRequest (sequence 1, 32 bytes, capability CLIENT_SSL 0x800) and TLS at once
        PreambleDetector d = new PreambleDetector();
        byte[] greeting = w().raw(hex("4a0000 00 0a")).raw(ascii("8.0.28")).u8(0).zeros(67).bytes();
        d.server(greeting, 0, greeting.length);
        byte[] ssl = w().raw(hex("200000 01")).raw(hex("05ae0f00")).raw(hex("00000001")).u8(0x21).zeros(23).bytes();
        byte[] seg = cat(ssl, HELLO);
        assertThat(d.client(seg, 0, seg.length, 6, 0)).isEqualTo(ssl.length);
        assertThat(d.result().protocol()).isEqualTo("MySQL SSL request");
        assertThat(d.result().serverReply()).isEqualTo("greeting, server version 8.0.28");
    }

    @Test
    void proxyHeaderBeforeAStartTlsDialogue() {
        PreambleDetector d = new PreambleDetector();
        byte[] header = ascii("PROXY TCP4 203.0.113.9 198.51.100.1 40000 25\r\n");
        d.server(ascii("220 mx ESMTP\r\n"), 0, 14);
        byte[] seg = cat(header, ascii("EHLO x\r\n"));
        assertThat(d.client(seg, 0, seg.length, 4, 0)).isEqualTo(PreambleDetector.MORE);
        byte[] st = ascii("STARTTLS\r\n");
        d.client(st, 0, st.length, 6, 0);
        assertThat(d.client(HELLO, 0, HELLO.length, 8, 0)).isZero();
        assertThat(d.result().protocol()).isEqualTo("PROXY v1, SMTP STARTTLS");
        assertThat(d.result().proxiedSource()).isEqualTo(new Endpoint("203.0.113.9", 40000));
    }

    @Test
    void unknownProtocolsAreSearchedForAClientHelloThenGivenUp() {
        byte[] http = ascii("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
        PreambleDetector d = new PreambleDetector();
        assertThat(d.client(http, 0, http.length, 1, 0)).isEqualTo(PreambleDetector.MORE);
        assertThat(d.active()).isFalse();
        assertThat(d.gaveUp()).isFalse();
        // the first 16 KiB of the client's stream without a ClientHello record: not TLS
        byte[] body = new byte[ClientHelloScanner.SEARCH_BYTES];
        assertThat(d.client(body, 0, body.length, 2, 0)).isEqualTo(PreambleDetector.NOT_TLS);
        assertThat(d.gaveUp()).isTrue();
        // a long answer of the server ends the search too
        byte[] ssh = ascii("SSH-2.0-OpenSSH_9.6\r\n");
        PreambleDetector e = new PreambleDetector();
        assertThat(e.client(ssh, 0, ssh.length, 1, 0)).isEqualTo(PreambleDetector.MORE);
        byte[] answer = new byte[16 * 1024 + 1];
        e.server(answer, 0, answer.length);
        assertThat(e.gaveUp()).isTrue();
        assertThat(e.client(ssh, 0, ssh.length, 3, 0)).isEqualTo(PreambleDetector.NOT_TLS);
    }

    @Test
    void aTextDialogueWithoutTlsLeavesItsFramingAfterItsBound() {
        PreambleDetector d = new PreambleDetector();
        d.server(ascii("220 mx ESMTP\r\n"), 0, 14);
        byte[] line = ascii("RCPT TO:<a@example.com>\r\n");
        for (int i = 0; i < PreambleDetector.MAX_MESSAGES + 2; i++) {
            assertThat(d.client(line, 0, line.length, i + 1, 0)).isEqualTo(PreambleDetector.MORE);
        }
        assertThat(d.active()).isFalse();
        assertThat(d.gaveUp()).isFalse();
    }

    // ------------------------------------------------------------------ refused STARTTLS, per protocol

    /** Feeds a dialogue (server lines start with "S:", client lines with "C:") and returns the result. */
    private static Preamble refusal(String... lines) {
        PreambleDetector d = new PreambleDetector();
        long frame = 1;
        for (String l : lines) {
            byte[] b = ascii(l.substring(2));
            if (l.startsWith("S:")) {
                d.server(b, 0, b.length);
            } else {
                assertThat(d.client(b, 0, b.length, frame++, 0)).isEqualTo(PreambleDetector.MORE);
            }
        }
        return d.result();
    }

    @Test
    void refusalsOfStartTlsByProtocol() {
        // RFC 3207 section 4: 454 TLS not available due to temporary reason; a later 220 accepts
        Preamble smtp = refusal("S:220 mx ESMTP\r\n", "C:EHLO c\r\n", "S:250 STARTTLS\r\n", "C:STARTTLS\r\n",
                "S:454 4.7.0 TLS not available\r\n", "C:QUIT\r\n", "S:221 bye\r\n");
        assertThat(smtp.startTlsRefused()).isTrue();
        assertThat(smtp.refusalCode()).isEqualTo("454");
        assertThat(smtp.clientCommand()).isEqualTo("STARTTLS");
        assertThat(smtp.serverReply()).isEqualTo("454 4.7.0 TLS not available");
        // IRCv3 tls: 691 ERR_STARTTLS
        assertThat(refusal("C:STARTTLS\r\n", "S::irc.example 691 nick :STARTTLS failed\r\n").refusalCode())
                .isEqualTo("691");
        // IMAP (RFC 9051 section 6.2.1): untagged lines are not the answer; the tagged BAD is
        assertThat(refusal("S:* OK ready\r\n", "C:a1 STARTTLS\r\n", "S:* BYE soon\r\n", "S:a1 BAD no TLS\r\n")
                .refusalCode()).isEqualTo("BAD");
        // XMPP (RFC 6120 section 5.4.2.2): <failure/>
        assertThat(refusal("C:<stream:stream to='example.com' version='1.0'>",
                "C:<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
                "S:<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>").refusalCode()).isEqualTo("failure");
        // accepted: no refusal
        assertThat(refusal("S:+OK\r\n", "C:STLS\r\n", "S:+OK begin TLS\r\n").startTlsRefused()).isFalse();
    }

    @Test
    void aClientGoingOnInClearAfterARefusalIsNoted() {
        // RFC 3207 section 4.1: after 454 an MTA with opportunistic TLS sends its mail in clear (client frames from 1)
        Preamble mta = refusal("S:220 mx ESMTP\r\n", "C:EHLO c\r\n", "S:250 STARTTLS\r\n", "C:STARTTLS\r\n",
                "S:454 4.7.0 TLS not available\r\n", "C:MAIL FROM:<a@example.org>\r\n", "S:250 2.1.0 Ok\r\n");
        assertThat(mta.startTlsRefused()).isTrue();
        assertThat(mta.continuedWithoutTlsFrame()).isEqualTo(3);
        assertThat(mta.refusalReason()).endsWith("; the client went on without TLS (frame 3).");
        // QUIT (RFC 5321 section 4.1.1.10) and IMAP's LOGOUT (RFC 9051 section 6.1.3) end the session instead
        assertThat(refusal("C:STARTTLS\r\n", "S:454 4.7.0 TLS not available\r\n", "C:QUIT\r\n")
                .continuedWithoutTlsFrame()).isZero();
        assertThat(refusal("C:a1 STARTTLS\r\n", "S:a1 BAD no TLS\r\n", "C:a2 LOGOUT\r\n")
                .continuedWithoutTlsFrame()).isZero();
        // PostgreSQL (protocol docs, "SSL Session Encryption"): after 'N', libpq's sslmode=prefer sends its
        // StartupMessage (length, protocol 3.0 = 196608, then parameters) on the same connection
        PreambleDetector pg = new PreambleDetector();
        byte[] req = hex("00000008 04d2162f");
        assertThat(pg.client(req, 0, req.length, 24, 0)).isEqualTo(PreambleDetector.MORE);
        pg.server(new byte[] {'N'}, 0, 1);
        byte[] startup = cat(hex("00000017 00030000"), ascii("user\0postgres\0\0"));
        assertThat(pg.client(startup, 0, startup.length, 28, 0)).isEqualTo(PreambleDetector.MORE);
        assertThat(pg.result().clientCommand()).isEqualTo("startup message (protocol 3.0)");
        assertThat(pg.result().continuedWithoutTlsFrame()).isEqualTo(28);
    }

    @Test
    void binaryStartTlsRefusals() {
        // PostgreSQL SSLRequest (length 8, code 80877103) answered 'N'
        PreambleDetector pg = new PreambleDetector();
        byte[] req = hex("00000008 04d2162f");
        assertThat(pg.client(req, 0, req.length, 4, 0)).isEqualTo(PreambleDetector.MORE);
        pg.server(new byte[] {'N'}, 0, 1);
        assertThat(pg.result().refusalCode()).isEqualTo("N");
        assertThat(pg.result().startTlsRefused()).isTrue();
        // LDAP StartTLS (RFC 4511 section 4.14.2) answered with resultCode 2 (protocolError)
        byte[] oid = ascii("1.3.6.1.4.1.1466.20037");
        byte[] ext = w().u8(0x30).u8(5 + 2 + oid.length).u8(0x02).u8(1).u8(1).u8(0x77).u8(2 + oid.length).u8(0x80)
                .u8(oid.length).raw(oid).bytes();
        PreambleDetector ldap = new PreambleDetector();
        assertThat(ldap.client(ext, 0, ext.length, 4, 0)).isEqualTo(PreambleDetector.MORE);
        byte[] resp = hex("300c02010178070a010204000400");
        ldap.server(resp, 0, resp.length);
        assertThat(ldap.result().refusalCode()).isEqualTo("2");
    }
}
