package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.ascii;
import static io.hellocheck.analysis.HandshakeDepthTest.ccs;
import static io.hellocheck.analysis.HandshakeDepthTest.clientHello;
import static io.hellocheck.analysis.HandshakeDepthTest.ext;
import static io.hellocheck.analysis.HandshakeDepthTest.handshake;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.u16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec8;

import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Small captures, written with the test writer, of what comes before TLS and of hellos that are hard to
 * decode: SOCKS 5 (RFC 1928, RFC 1929) and SOCKS 4/4a requests granted and refused, RDP's X.224 negotiation
 * ([MS-RDPBCGR] 2.2.1.1, 2.2.1.2), a ClientHello after bytes of an unknown protocol, STARTTLS refused in SMTP
 * (RFC 3207), IMAP (RFC 9051), POP3 (RFC 2595) and FTP (RFC 4217), a draft TLS 1.3 ServerHello with version
 * 0x0304 in the draft layout, a ClientHello with a trailing byte in its extension block, a ServerHello with a
 * malformed extension block, and a ServerHello cut by the snaplen. {@link PreambleFixturesTest} compares our
 * records with tshark's view of each, saved in {@code src/test/resources/io/hellocheck/analysis/preamble/NAME.tsv}
 * ({@code regenerate.sh} beside them). The files are deterministic, so the SHA-256 saved with tshark's output
 * says whether tshark read what the writer makes today.
 */
final class PreambleFixtures {
    static final long T0 = 1_760_000_000_000_000_000L;
    static final long MS = 1_000_000L;
    static final String C = "10.0.0.1";
    static final String S = "10.0.0.2";

    /**
     * A fixture.
     *
     * @param name       file name without ".pcap"
     * @param snaplen    the writer's snaplen (0: whole frames)
     * @param decodeAs   tshark's decode-as option for a port it does not know, or ""
     * @param story      writes the frames
     */
    record Fixture(String name, int snaplen, String decodeAs, Consumer<CaptureWriter> story) {
        void write(Path file) {
            try (CaptureWriter w = CaptureWriter.to(file).format(CaptureWriter.Format.PCAP_NANO).snaplen(snaplen)
                    .build()) {
                story.accept(w);
            }
        }
    }

    static final Map<String, Fixture> ALL = new LinkedHashMap<>();

    private static void add(String name, int port, Consumer<TcpFlow> story) {
        add(name, 0, "", port, story);
    }

    private static void add(String name, int snaplen, String decodeAs, int port, Consumer<TcpFlow> story) {
        ALL.put(name, new Fixture(name, snaplen, decodeAs, w -> {
            TcpFlow f = w.tcp(C, 50000, S, port);
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS);
            story.accept(f);
        }));
    }

    /** The server's answer to {@link HandshakeDepthTest#tls12Hello()}: TLS 1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256. */
    static byte[] tls12ServerHello() {
        return record(22, serverHello(0x0303, 0xc02f, new byte[0], new byte[0]));
    }

    /** TLS after the preamble: ClientHello, ServerHello, ChangeCipherSpec both ways; times from {@code t}. */
    static void tls12(TcpFlow f, long t) {
        f.clientData(t, tls12Hello()).serverData(t + MS, tls12ServerHello()).clientData(t + 2 * MS, ccs())
                .serverData(t + 3 * MS, ccs());
    }

    static void closeByServer(TcpFlow f, long t) {
        f.serverFin(t).clientFin(t + MS).serverAck(t + 2 * MS);
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** RFC 1928 section 4: a CONNECT request for a domain name and port (ATYP 3). */
    static byte[] socks5ConnectDomain(String host, int port) {
        return Packets.concat(bytes(5, 1, 0, 3), vec8(ascii(host)), u16(port));
    }

    /** RFC 1928 section 6: a reply with REP and a bound IPv4 address 10.0.0.2:50000. */
    static byte[] socks5Reply(int rep) {
        return Packets.concat(bytes(5, rep, 0, 1, 10, 0, 0, 2), u16(50000));
    }

    /** SOCKS 4 reply: VN 0, CD, DSTPORT, DSTIP. */
    static byte[] socks4Reply(int cd) {
        return bytes(0, cd, 0, 0, 0, 0, 0, 0);
    }

    /** [MS-RDPBCGR] 2.2.1.1: TPKT, X.224 CR, cookie, RDP_NEG_REQ with requestedProtocols. */
    static byte[] rdpConnectionRequest(int requestedProtocols) {
        byte[] cookie = ascii("Cookie: mstshash=alice\r\n");
        byte[] neg = bytes(1, 0, 8, 0, requestedProtocols, 0, 0, 0);
        byte[] x224 = Packets.concat(bytes(6 + cookie.length + neg.length, 0xe0, 0, 0, 0, 0, 0), cookie, neg);
        return Packets.concat(bytes(3, 0), u16(4 + x224.length), x224);
    }

    /** [MS-RDPBCGR] 2.2.1.2: TPKT, X.224 CC, RDP_NEG_RSP (type 2) or RDP_NEG_FAILURE (type 3) with a code. */
    static byte[] rdpConnectionConfirm(int type, int code) {
        byte[] x224 = Packets.concat(bytes(14, 0xd0, 0, 0, 0x12, 0x34, 0), bytes(type, 0, 8, 0, code, 0, 0, 0));
        return Packets.concat(bytes(3, 0), u16(4 + x224.length), x224);
    }

    /** A ClientHello whose extension block ends with one byte that is no extension (its lengths count it). */
    static byte[] helloWithTrailingExtensionByte() {
        byte[] sni = ext(0, vec16(Packets.concat(new byte[] {0}, vec16(ascii("www.example.com")))));
        return clientHello(new byte[0], Packets.concat(sni, new byte[] {0}), 0xc02f);
    }

    /**
     * A ServerHello (TLS 1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) whose extension block holds
     * renegotiation_info, then an extension header whose length runs past the block.
     */
    static byte[] serverHelloWithBadExtensionBlock() {
        byte[] exts = Packets.concat(ext(0xff01, new byte[] {0}), u16(11), u16(10), new byte[] {1, 0});
        return record(22, serverHello(0x0303, 0xc02f, new byte[0], exts));
    }

    /**
     * A draft TLS 1.3 ServerHello in the layout of drafts before 22 (version, random, cipher_suite, extensions: no
     * legacy_session_id_echo, no compression), with 0x0304 in its version field, as early implementations sent it.
     */
    static byte[] draftLayoutServerHello() {
        byte[] random = new byte[32];
        random[0] = 0x42;
        byte[] keyShare = ext(40, Packets.concat(u16(0x001d), vec16(new byte[32])));
        return record(22, handshake(2, Packets.concat(u16(0x0304), random, u16(0x1301), vec16(keyShare))));
    }

    /** A draft TLS 1.3 ClientHello offering TLS 1.3 (0x0304) and draft 18 (0x7f12), key share on the draft number 40. */
    static byte[] draftClientHello() {
        return clientHello(new byte[0], Packets.concat(ext(43, vec8(Packets.concat(u16(0x0304), u16(0x7f12)))),
                ext(40, vec16(Packets.concat(u16(0x001d), vec16(new byte[32]))))), 0x1301);
    }

    /**
     * The server's TLS 1.2 flight in one segment: a ServerHello with a 32-byte session id and extensions
     * (renegotiation_info, ec_point_formats, extended_master_secret, session_ticket), then a Certificate of 1,000
     * zero bytes: a 145-byte snaplen cuts the frame (54 bytes of headers) inside the ServerHello's ec_point_formats
     * extension, after its version, random, session id, cipher suite and compression method.
     */
    static byte[] serverFlightForSnaplen() {
        byte[] sid = new byte[32];
        Arrays.fill(sid, (byte) 0x5a);
        byte[] exts = Packets.concat(ext(0xff01, new byte[] {0}), ext(11, bytes(3, 0, 1, 2)), ext(23, new byte[0]),
                ext(35, new byte[0]));
        byte[] sh = serverHello(0x0303, 0xc02f, sid, exts);
        byte[] cert = handshake(11, Packets.concat(bytes(0, 0x03, 0xe5), bytes(0, 0x03, 0xe2), new byte[994]));
        return record(22, Packets.concat(sh, cert));
    }

    static {
        add("socks5-domain-tls12", 1080, f -> {
            f.clientData(T0 + 3 * MS, bytes(5, 1, 0)).serverData(T0 + 4 * MS, bytes(5, 0))
                    .clientData(T0 + 5 * MS, socks5ConnectDomain("www.example.com", 443))
                    .serverData(T0 + 6 * MS, socks5Reply(0));
            tls12(f, T0 + 7 * MS);
        });
        add("socks5-auth-ipv4-tls12", 1080, f -> {
            f.clientData(T0 + 3 * MS, bytes(5, 2, 0, 2)).serverData(T0 + 4 * MS, bytes(5, 2))
                    .clientData(T0 + 5 * MS, Packets.concat(bytes(1), vec8(ascii("alice")), vec8(ascii("secret"))))
                    .serverData(T0 + 6 * MS, bytes(1, 0))
                    .clientData(T0 + 7 * MS, Packets.concat(bytes(5, 1, 0, 1, 93, 184, 216, 34), u16(443)))
                    .serverData(T0 + 8 * MS, socks5Reply(0));
            tls12(f, T0 + 9 * MS);
        });
        add("socks5-refused", 1080, f -> {
            f.clientData(T0 + 3 * MS, bytes(5, 1, 0)).serverData(T0 + 4 * MS, bytes(5, 0))
                    .clientData(T0 + 5 * MS, socks5ConnectDomain("api.example.com", 443))
                    .serverData(T0 + 6 * MS, socks5Reply(5));
            closeByServer(f, T0 + 7 * MS);
        });
        add("socks5-refused-port-80", 1080, f -> {
            f.clientData(T0 + 3 * MS, bytes(5, 1, 0)).serverData(T0 + 4 * MS, bytes(5, 0))
                    .clientData(T0 + 5 * MS, socks5ConnectDomain("intranet.example", 80))
                    .serverData(T0 + 6 * MS, socks5Reply(2));
            closeByServer(f, T0 + 7 * MS);
        });
        add("socks4a-tls12", 1080, f -> {
            f.clientData(T0 + 3 * MS, Packets.concat(bytes(4, 1), u16(443), bytes(0, 0, 0, 1), ascii("alice"),
                    bytes(0), ascii("www.example.com"), bytes(0)))
                    .serverData(T0 + 4 * MS, socks4Reply(90));
            tls12(f, T0 + 5 * MS);
        });
        add("socks4-refused", 1080, f -> {
            f.clientData(T0 + 3 * MS, Packets.concat(bytes(4, 1), u16(443), bytes(192, 0, 2, 1), bytes(0)))
                    .serverData(T0 + 4 * MS, socks4Reply(91));
            closeByServer(f, T0 + 5 * MS);
        });
        add("rdp-hybrid-tls12", 0, "tcp.port==3389,tls", 3389, f -> {
            f.clientData(T0 + 3 * MS, rdpConnectionRequest(3)).serverData(T0 + 4 * MS, rdpConnectionConfirm(2, 2));
            tls12(f, T0 + 5 * MS);
        });
        add("unknown-preamble-tls12", 0, "tcp.port==5555,tls", 5555, f -> {
            f.clientData(T0 + 3 * MS, Packets.concat(ascii("XTUN/1"), bytes(0, 0, 0, 7, 1, 2, 3)))
                    .serverData(T0 + 4 * MS, Packets.concat(ascii("XTUN/1"), bytes(0, 0, 0, 0)));
            tls12(f, T0 + 5 * MS);
        });
        add("unknown-preamble-split-hello", 0, "tcp.port==5555,tls", 5555, f -> {
            byte[] hello = tls12Hello();
            f.clientData(T0 + 3 * MS, Packets.concat(ascii("XTUN/1"), bytes(0, 0, 0, 7, 1, 2, 3),
                    Arrays.copyOf(hello, 12)))
                    .clientData(T0 + 4 * MS, Arrays.copyOfRange(hello, 12, hello.length))
                    .serverData(T0 + 5 * MS, tls12ServerHello()).clientData(T0 + 6 * MS, ccs())
                    .serverData(T0 + 7 * MS, ccs());
        });
        add("smtp-starttls-454", 25, f -> {
            f.serverData(T0 + 3 * MS, ascii("220 mail.example.com ESMTP\r\n"))
                    .clientData(T0 + 4 * MS, ascii("EHLO client.example\r\n"))
                    .serverData(T0 + 5 * MS, ascii("250-mail.example.com\r\n250 STARTTLS\r\n"))
                    .clientData(T0 + 6 * MS, ascii("STARTTLS\r\n"))
                    .serverData(T0 + 7 * MS, ascii("454 4.7.0 TLS not available due to local problem\r\n"))
                    .clientData(T0 + 8 * MS, ascii("QUIT\r\n"))
                    .serverData(T0 + 9 * MS, ascii("221 2.0.0 Bye\r\n"));
            closeByServer(f, T0 + 10 * MS);
        });
        add("imap-starttls-no", 143, f -> {
            f.serverData(T0 + 3 * MS, ascii("* OK IMAP4rev1 ready\r\n"))
                    .clientData(T0 + 4 * MS, ascii("a1 STARTTLS\r\n"))
                    .serverData(T0 + 5 * MS, ascii("a1 NO STARTTLS is not available\r\n"));
            closeByServer(f, T0 + 6 * MS);
        });
        add("pop3-stls-err", 110, f -> {
            f.serverData(T0 + 3 * MS, ascii("+OK POP3 ready\r\n"))
                    .clientData(T0 + 4 * MS, ascii("STLS\r\n"))
                    .serverData(T0 + 5 * MS, ascii("-ERR TLS not configured\r\n"));
            closeByServer(f, T0 + 6 * MS);
        });
        add("ftp-auth-tls-534", 21, f -> {
            f.serverData(T0 + 3 * MS, ascii("220 FTP server ready\r\n"))
                    .clientData(T0 + 4 * MS, ascii("AUTH TLS\r\n"))
                    .serverData(T0 + 5 * MS, ascii("534 Local policy on server does not allow TLS secure connections.\r\n"));
            closeByServer(f, T0 + 6 * MS);
        });
        // openssl s_client -starttls pop3 / ftp sends its ClientHello after the refusal too (the breaker's
        // starttls-refused-imap-pop3-ftp.pcap, tcp.stream 3 and 5: Dovecot's and vsftpd's words with TLS off)
        add("pop3-stls-err-then-hello", 110, f -> {
            f.serverData(T0 + 3 * MS, ascii("+OK Dovecot (Debian) ready.\r\n"))
                    .clientData(T0 + 4 * MS, ascii("STLS\r\n"))
                    .serverData(T0 + 5 * MS, ascii("-ERR TLS support isn't enabled.\r\n"))
                    .clientData(T0 + 6 * MS, tls12Hello())
                    .serverData(T0 + 7 * MS, ascii("-ERR Unknown command.\r\n"));
            f.clientFin(T0 + 8 * MS).serverFin(T0 + 9 * MS).clientAck(T0 + 10 * MS);
        });
        add("ftp-auth-tls-530-then-hello", 21, f -> {
            f.serverData(T0 + 3 * MS, ascii("220 (vsFTPd 3.0.3)\r\n"))
                    .clientData(T0 + 4 * MS, ascii("AUTH TLS\r\n"))
                    .serverData(T0 + 5 * MS, ascii("530 Please login with USER and PASS.\r\n"))
                    .clientData(T0 + 6 * MS, tls12Hello())
                    .serverData(T0 + 7 * MS, ascii("530 Please login with USER and PASS.\r\n"));
            f.clientFin(T0 + 8 * MS).serverFin(T0 + 9 * MS).clientAck(T0 + 10 * MS);
        });
        add("draft-serverhello-0304", 443, f -> f.clientData(T0 + 3 * MS, draftClientHello())
                .serverData(T0 + 4 * MS, draftLayoutServerHello())
                .serverData(T0 + 5 * MS, Packets.concat(bytes(23, 3, 1), u16(40), new byte[40]))
                .clientData(T0 + 6 * MS, Packets.concat(bytes(23, 3, 1), u16(40), new byte[40]))
                .serverData(T0 + 7 * MS, Packets.concat(bytes(23, 3, 1), u16(60), new byte[60])));
        add("clienthello-trailing-extension-byte", 443, f -> {
            f.clientData(T0 + 3 * MS, helloWithTrailingExtensionByte()).serverData(T0 + 4 * MS, tls12ServerHello())
                    .clientData(T0 + 5 * MS, ccs()).serverData(T0 + 6 * MS, ccs());
        });
        add("serverhello-bad-extension-block", 443, f -> {
            f.clientData(T0 + 3 * MS, tls12Hello()).serverData(T0 + 4 * MS, serverHelloWithBadExtensionBlock())
                    .clientData(T0 + 5 * MS, ccs()).serverData(T0 + 6 * MS, ccs());
        });
        add("undecodable-serverhello-then-fin", 443, f -> {
            // a ServerHello of 10 bytes: it ends inside its random (RFC 8446 section 4.1.3)
            f.clientData(T0 + 3 * MS, tls12Hello()).serverData(T0 + 4 * MS, record(22, handshake(2, new byte[10])));
            closeByServer(f, T0 + 5 * MS);
        });
        add("snaplen-serverhello", 145, "", 443, f -> {
            f.clientData(T0 + 3 * MS, tls12Hello()).serverData(T0 + 4 * MS, serverFlightForSnaplen())
                    .clientData(T0 + 5 * MS, ccs()).serverData(T0 + 6 * MS, ccs());
        });
    }

    private PreambleFixtures() {
    }
}
