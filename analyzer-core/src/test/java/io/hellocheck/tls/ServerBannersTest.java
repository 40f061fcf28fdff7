package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Server greetings as the protocols' RFCs give them in their examples. */
class ServerBannersTest {
    private static String of(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return ServerBanners.protocol(b, 0, b.length);
    }

    @Test
    void greetingsOfTheRfcExamplesAreNamed() {
        assertThat(of("220 foo.com Simple Mail Transfer Service Ready\r\n")).isEqualTo("SMTP"); // RFC 5321 D.1
        assertThat(of("220 Service ready for new user.\r\n")).isEqualTo("SMTP or FTP"); // RFC 959 reply 220
        assertThat(of("220 foo.com ESMTP Postfix\r\n")).isEqualTo("SMTP");
        assertThat(of("220 ProFTPD Server ready.\r\n")).isEqualTo("FTP");
        assertThat(of("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n")).isEqualTo("POP3"); // RFC 1939
        assertThat(of("* OK IMAP4rev1 Service Ready\r\n")).isEqualTo("IMAP"); // RFC 3501 section 8
        assertThat(of("200 NNTP Service Ready, posting permitted\r\n")).isEqualTo("NNTP"); // RFC 3977 section 5.1
        assertThat(of("SSH-2.0-billsSSH_3.6.3q3\r\n")).isEqualTo("SSH"); // RFC 4253 section 4.2
        assertThat(of("HTTP/1.1 400 Bad Request\r\n")).isEqualTo("HTTP");
        assertThat(of("<?xml version='1.0'?><stream:stream")).isEqualTo("XMPP"); // RFC 6120 section 4.2
        assertThat(of("RFB 003.008\n")).isEqualTo("VNC"); // RFC 6143 section 7.1.1
        assertThat(of("<!DOCTYPE html>")).isEqualTo("HTML");
        assertThat(of("\u0016\u0003\u0001\u0000\u0005hello")).isNull();
    }

    /** A MySQL protocol-10 greeting: 3-byte length, sequence 0, protocol version 10 (MySQL client/server protocol). */
    @Test
    void aMySqlGreetingIsNamed() {
        byte[] b = {0x4a, 0, 0, 0, 10, '8', '.', '0'};
        assertThat(ServerBanners.protocol(b, 0, b.length)).isEqualTo("MySQL");
    }
}
