package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.alert;
import static io.hellocheck.analysis.HandshakeDepthTest.appData;
import static io.hellocheck.analysis.HandshakeDepthTest.ccs;
import static io.hellocheck.analysis.HandshakeDepthTest.certificateMessage;
import static io.hellocheck.analysis.HandshakeDepthTest.der;
import static io.hellocheck.analysis.HandshakeDepthTest.ext;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls13Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls13ServerHello;
import static io.hellocheck.analysis.HandshakeDepthTest.u16;
import static io.hellocheck.analysis.HandshakeDepthTest.u24;
import static io.hellocheck.analysis.HandshakeDepthTest.v2Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.vec16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec8;

import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Encapsulation;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Writes the seed corpus of the fuzz targets (the {@code *FuzzTestInputs/METHOD/} folders under
 * {@code analyzer-core/src/test/resources}), made here with the test-side capture writer and TLS builders: the
 * plain test run replays them, and fuzzing starts from them. Tagged {@code fixture-writer}, which the build
 * excludes unless asked for (the command is in README.md, "Fuzzing").
 */
class FuzzSeedsWriter {
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private static Path resources() {
        String root = System.getProperty("hellocheck.root");
        return Path.of(root == null ? ".." : root).resolve("analyzer-core/src/test/resources/io/hellocheck");
    }

    private static void seed(String pkg, String target, String method, String name, byte[] bytes) throws IOException {
        Path dir = resources().resolve(pkg).resolve(target + "Inputs").resolve(method);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }

    static byte[] write(Consumer<CaptureWriter.Builder> options, Consumer<CaptureWriter> story) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CaptureWriter.Builder b = CaptureWriter.to(out);
        options.accept(b);
        try (CaptureWriter w = b.build()) {
            story.accept(w);
        }
        return out.toByteArray();
    }

    /** A TLS 1.2 handshake that completes; a second connection reset after its ClientHello. */
    static void story(CaptureWriter w) {
        w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello())
                .serverData(T0 + 4 * MS, record(22, serverHello(0x0303, 0xc02f, new byte[0], new byte[0])))
                .clientData(T0 + 5 * MS, ccs()).serverData(T0 + 6 * MS, ccs()).clientFin(T0 + 7 * MS);
        w.tcp("10.0.0.1", 50001, "10.0.0.2", 443).syn(T0 + 10 * MS).synAck(T0 + 11 * MS).ack(T0 + 12 * MS)
                .clientData(T0 + 13 * MS, tls13Hello()).serverRst(T0 + 14 * MS);
    }

    static byte[] concat(byte[]... parts) {
        return Packets.concat(parts);
    }

    @Test
    @Tag("fixture-writer")
    void writeSeeds() throws Exception {
        // ---- capture reader: the formats and their edge cases
        String cr = "CaptureReaderFuzzTest";
        seed("capture", cr, "pcapAndPcapng", "pcap-micro", write(b -> { }, FuzzSeedsWriter::story));
        seed("capture", cr, "pcapAndPcapng", "pcap-nano", write(b -> b.format(CaptureWriter.Format.PCAP_NANO),
                FuzzSeedsWriter::story));
        seed("capture", cr, "pcapAndPcapng", "pcap-big-endian", write(CaptureWriter.Builder::bigEndian,
                FuzzSeedsWriter::story));
        seed("capture", cr, "pcapAndPcapng", "pcapng", write(b -> b.format(CaptureWriter.Format.PCAPNG),
                FuzzSeedsWriter::story));
        seed("capture", cr, "pcapAndPcapng", "pcap-gzip", write(CaptureWriter.Builder::gzip, FuzzSeedsWriter::story));
        byte[] whole = write(b -> { }, FuzzSeedsWriter::story);
        seed("capture", cr, "pcapAndPcapng", "pcap-cut", Arrays.copyOf(whole, whole.length - 7));
        seed("capture", cr, "pcapAndPcapng", "pcap-snaplen-60", write(b -> b.snaplen(60), FuzzSeedsWriter::story));

        // ---- frame decoder: [link type index][u16 length, frame]... (FrameDecoderFuzzTest)
        String fd = "FrameDecoderFuzzTest";
        frames(fd, "ethernet", 0, write(b -> { }, FuzzSeedsWriter::story));
        frames(fd, "vlan-qinq", 0, write(b -> b.vlanTags(100, 200), FuzzSeedsWriter::story));
        frames(fd, "gre", 0, write(b -> b.encapsulation(Encapsulation.gre("192.0.2.1", "192.0.2.2")),
                FuzzSeedsWriter::story));
        frames(fd, "vxlan", 0, write(b -> b.encapsulation(Encapsulation.vxlan("192.0.2.1", "192.0.2.2", 42)),
                FuzzSeedsWriter::story));
        frames(fd, "ipv4-fragments", 0, write(b -> b.encapsulation(Encapsulation.fragment(120)),
                FuzzSeedsWriter::story));
        frames(fd, "raw-ip", 1, write(b -> b.linkType(CaptureWriter.RAW), FuzzSeedsWriter::story));
        frames(fd, "linux-sll", 5, write(b -> b.linkType(CaptureWriter.LINUX_SLL), FuzzSeedsWriter::story));
        frames(fd, "ipv6", 0, write(b -> { }, w -> w.tcp("2001:db8::1", 50000, "2001:db8::2", 443)
                .syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 3 * MS, tls12Hello())
                .serverRst(T0 + 4 * MS)));

        // ---- TCP segments: 8-byte segment headers (TcpSegmentsFuzzTest.segment), canned messages by number
        String ts = "TcpSegmentsFuzzTest";
        byte[] handshake12 = concat(
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.CLIENT, Packets.SYN, 0, 0, 0, 0),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.SERVER, Packets.SYN | Packets.ACK, 0, 1, 1, 0),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.CLIENT, Packets.ACK, 1, 1, 1, 0),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.CLIENT, Packets.PSH | Packets.ACK, 1, 1, 1, 0),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.SERVER, Packets.PSH | Packets.ACK, 1,
                        1 + tls12Hello().length, 1, 2));
        seed("analysis", ts, "segments", "tls12-hello-server-hello", rawSyns(handshake12));
        seed("analysis", ts, "segments", "tls12-reset", rawSyns(concat(Arrays.copyOf(handshake12, 32),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.SERVER, Packets.RST | Packets.ACK, 1,
                        1 + tls12Hello().length, 2, 0))));
        seed("analysis", ts, "segments", "tls13-alert", rawSyns(concat(Arrays.copyOf(handshake12, 24),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.CLIENT, Packets.PSH | Packets.ACK, 1, 1, 1, 1),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.SERVER, Packets.PSH | Packets.ACK, 1, 1, 1, 6),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.SERVER, Packets.FIN | Packets.ACK, 8, 1, 1, 0))));
        seed("analysis", ts, "segments", "sslv2-hello-http-answer", rawSyns(concat(Arrays.copyOf(handshake12, 24),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.CLIENT, Packets.PSH | Packets.ACK, 1, 1, 1, 7),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.SERVER, Packets.PSH | Packets.ACK, 1, 30, 1, 9))));
        seed("analysis", ts, "segments", "out-of-order-hello", rawSyns(concat(Arrays.copyOf(handshake12, 24),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.CLIENT, Packets.PSH | Packets.ACK, 30, 1, 1, 0),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.CLIENT, Packets.PSH | Packets.ACK, 1, 1, 1, 0),
                TcpSegmentsFuzzTest.segment(TcpFlow.Dir.SERVER, Packets.PSH | Packets.ACK, 1, 200, 1, 8))));

        // ---- TLS record stream: [chunk size - 1][stream]
        String tls = "TlsDecodersFuzzTest";
        byte[] clientStream = concat(tls12Hello(), ccs(), appData(40), alert(1, 0));
        byte[] serverStream = concat(record(22, concat(serverHello(0x0303, 0xc02f, new byte[0], new byte[0]),
                certificateMessage(der("leaf")))), ccs(), appData(24));
        seed("tls", tls, "recordStream", "client-whole", concat(new byte[] {(byte) 255}, clientStream));
        seed("tls", tls, "recordStream", "client-bytewise", concat(new byte[] {0}, clientStream));
        seed("tls", tls, "recordStream", "server-7", concat(new byte[] {6}, serverStream));
        seed("tls", tls, "recordStream", "tls13-server", concat(new byte[] {99}, tls13ServerHello(), ccs(),
                appData(60)));
        seed("tls", tls, "recordStream", "sslv2", concat(new byte[] {10}, v2Hello(0x0002, "0700c0 010080")));
        seed("tls", tls, "recordStream", "sslv2-compatible", concat(new byte[] {(byte) 255},
                v2Hello(0x0301, "000039 000004 010080"), ccs()));

        // ---- handshake messages: [decoder][body]
        seed("tls", tls, "handshakeMessages", "client-hello-tls12", concat(new byte[] {0}, body(tls12Hello())));
        seed("tls", tls, "handshakeMessages", "client-hello-tls13", concat(new byte[] {0}, body(tls13Hello())));
        seed("tls", tls, "handshakeMessages", "client-hello-alpn-groups", concat(new byte[] {0}, body(
                HandshakeDepthTest.clientHello(new byte[32], concat(
                        ext(16, vec16(concat(vec8("h2".getBytes(StandardCharsets.US_ASCII)),
                                vec8("http/1.1".getBytes(StandardCharsets.US_ASCII))))),
                        ext(10, vec16(concat(u16(0x11ec), u16(0x001d), u16(0x0017)))),
                        ext(13, vec16(concat(u16(0x0403), u16(0x0804)))),
                        ext(0x0a0a, new byte[0]), ext(41, vec16(new byte[0]))), 0x1301, 0xc02f))));
        seed("tls", tls, "handshakeMessages", "server-hello-tls12", concat(new byte[] {1},
                Arrays.copyOfRange(serverHello(0x0303, 0xc02f, new byte[0], new byte[0]), 4,
                        serverHello(0x0303, 0xc02f, new byte[0], new byte[0]).length)));
        byte[] sh13 = tls13ServerHello();
        seed("tls", tls, "handshakeMessages", "server-hello-tls13", concat(new byte[] {1},
                Arrays.copyOfRange(sh13, 9, sh13.length)));
        // RFC 8446 section 4.1.3: a HelloRetryRequest is a ServerHello with this random (SHA-256 of
        // "HelloRetryRequest")
        byte[] hrrRandom = Packets.hex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
        seed("tls", tls, "handshakeMessages", "hello-retry-request", concat(new byte[] {1}, u16(0x0303), hrrRandom,
                vec8(new byte[32]), u16(0x1301), new byte[] {0}, vec16(concat(ext(43, u16(0x0304)),
                        ext(51, u16(0x0017))))));
        byte[] cert = der("leaf");
        seed("tls", tls, "handshakeMessages", "certificate-tls12", concat(new byte[] {2},
                u24(cert.length + 3), u24(cert.length), cert));
        seed("tls", tls, "handshakeMessages", "certificate-tls13", concat(new byte[] {3}, vec8(new byte[0]),
                u24(cert.length + 5), u24(cert.length), cert, u16(0)));
        byte[] v2 = v2Hello(0x0002, "0700c0 010080");
        seed("tls", tls, "handshakeMessages", "sslv2-client-hello", concat(new byte[] {4},
                Arrays.copyOfRange(v2, 2, v2.length)));
        seed("tls", tls, "handshakeMessages", "sslv2-server-hello", concat(new byte[] {5}, new byte[] {4, 0, 1},
                u16(2), u16(0), u16(6), u16(16), Packets.hex("0700c0 010080"), new byte[16]));
        seed("tls", tls, "handshakeMessages", "certificate-der", concat(new byte[] {6}, cert));

        // ---- preambles: [bit 7 server, low 7 bits length][bytes]
        String pd = "PreambleFuzzTest";
        seed("tls", pd, "dialogue", "proxy-v1", chunks(false, concat(ascii("PROXY TCP4 192.0.2.1 192.0.2.2 50000 "
                + "443\r\n"), tls12Hello())));
        seed("tls", pd, "dialogue", "http-connect", concat(chunks(false, ascii("CONNECT example.com:443 HTTP/1.1\r\n"
                + "Host: example.com:443\r\n\r\n")), chunks(true, ascii("HTTP/1.1 200 Connection established\r\n\r\n")),
                chunks(false, tls12Hello())));
        seed("tls", pd, "dialogue", "smtp-starttls", concat(chunks(true, ascii("220 mail.example.com ESMTP\r\n")),
                chunks(false, ascii("EHLO client\r\n")), chunks(true, ascii("250-mail.example.com\r\n250 STARTTLS\r\n")),
                chunks(false, ascii("STARTTLS\r\n")), chunks(true, ascii("220 2.0.0 Ready to start TLS\r\n")),
                chunks(false, tls12Hello())));
        seed("tls", pd, "dialogue", "socks5", concat(chunks(false, new byte[] {5, 1, 0}), chunks(true, new byte[] {5, 0}),
                chunks(false, concat(new byte[] {5, 1, 0, 3, 11}, ascii("example.com"), u16(443))),
                chunks(true, new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0}), chunks(false, tls12Hello())));
        seed("tls", pd, "dialogue", "mysql-greeting", chunks(true, concat(new byte[] {20, 0, 0, 0, 10},
                ascii("8.0.36\0"), new byte[14])));

        // ---- archives: a small capture in each container
        byte[] small = write(b -> { }, FuzzSeedsWriter::story);
        String ar = "ArchiveFuzzTest";
        seed("batch", ar, "standardInput", "zip", zip(small, ZipArchiveEntry.DEFLATED));
        seed("batch", ar, "standardInput", "zip-stored", zip(small, ZipArchiveEntry.STORED));
        seed("batch", ar, "standardInput", "tar", tar(small));
        seed("batch", ar, "standardInput", "tar-gz", compress(tar(small), GzipCompressorOutputStream::new));
        seed("batch", ar, "standardInput", "pcap-gz", compress(small, GzipCompressorOutputStream::new));
        seed("batch", ar, "standardInput", "pcap-bz2", compress(small, BZip2CompressorOutputStream::new));
        seed("batch", ar, "standardInput", "pcap-xz", compress(small, XZCompressorOutputStream::new));
        seed("batch", ar, "standardInput", "zip-in-tar", tar(zip(small, ZipArchiveEntry.DEFLATED)));

        // ---- server profiles: [parser][file]
        String pp = "ProfileParsersFuzzTest";
        String nmap = "<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun>\n<nmaprun scanner=\"nmap\"><host><ports>"
                + "<port protocol=\"tcp\" portid=\"443\"><script id=\"ssl-enum-ciphers\"><table key=\"TLSv1.2\">"
                + "<table key=\"ciphers\"><table><elem key=\"strength\">A</elem><elem key=\"kex_info\">secp256r1</elem>"
                + "<elem key=\"name\">TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</elem></table></table></table>"
                + "<table key=\"TLSv1.3\"><table key=\"ciphers\"><table><elem key=\"name\">TLS_AKE_WITH_AES_128_GCM_SHA256"
                + "</elem></table></table></table></script></port></ports></host></nmaprun>\n";
        seed("profile", pp, "parsers", "nmap-xml", concat(new byte[] {0}, ascii(nmap)));
        seed("profile", pp, "parsers", "nmap-xml-external-entity", concat(new byte[] {0}, ascii(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<nmaprun><host><ports><port protocol=\"tcp\" portid=\"443\"><script id=\"ssl-enum-ciphers\">"
                + "<table key=\"TLSv1.2\"><table key=\"ciphers\"><table><elem key=\"name\">&x;</elem></table>"
                + "</table></table></script></port></ports></host></nmaprun>\n")));
        seed("profile", pp, "parsers", "nmap-xml-entity-expansion", concat(new byte[] {0}, ascii(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;"
                + "&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;"
                + "&c;&c;&c;\">]>\n<nmaprun><host><ports><port protocol=\"tcp\" portid=\"443\"><script "
                + "id=\"ssl-enum-ciphers\"><table key=\"TLSv1.2\"><table key=\"ciphers\"><table><elem key=\"name\">&d;"
                + "</elem></table></table></table></script></port></ports></host></nmaprun>\n")));
        String testssl = "[\n {\"id\": \"service\", \"ip\": \"server.example/192.0.2.10\", \"port\": \"443\", "
                + "\"severity\": \"INFO\", \"finding\": \"HTTP\"},\n {\"id\": \"TLS1_2\", \"ip\": \"server.example/192.0.2.10\", "
                + "\"port\": \"443\", \"severity\": \"OK\", \"finding\": \"offered\"},\n {\"id\": \"cipher-tls1_2_xc02f\", "
                + "\"ip\": \"server.example/192.0.2.10\", \"port\": \"443\", \"severity\": \"OK\", \"finding\": \"TLSv1.2   "
                + "xc02f   ECDHE-RSA-AES128-GCM-SHA256       ECDH 253   AESGCM      128      "
                + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"}\n]\n";
        seed("profile", pp, "parsers", "testssl-json", concat(new byte[] {1}, ascii(testssl)));
        String ps = "\nKeyType               : 0\nCipherLength          : 128\nBaseCipherSuite       : 49199\n"
                + "CipherSuite           : 49199\nCipher                : AES\nName                  : "
                + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\nProtocols             : {771, 65277}\n\n";
        seed("profile", pp, "parsers", "powershell", concat(new byte[] {2}, ascii(ps)));
        seed("profile", pp, "parsers", "cipher-list-openssl", concat(new byte[] {3}, ascii(
                "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:TLS_AES_128_GCM_SHA256\n")));
        seed("profile", pp, "parsers", "cipher-list-iana", concat(new byte[] {3}, ascii(
                "# accepted\nTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\nTLS_CHACHA20_POLY1305_SHA256 # 1.3\nNOT_A_SUITE\n")));
        seed("profile", pp, "parsers", "detect-testssl", concat(new byte[] {4}, ascii(testssl)));
        seed("profile", pp, "parsers", "detect-nmap", concat(new byte[] {4}, ascii(nmap)));
    }

    /** Segments without PSH (SYN, ACK, FIN, RST) carry no payload: their choice becomes 0 input bytes. */
    private static byte[] rawSyns(byte[] segments) {
        byte[] b = segments.clone();
        for (int at = 0; at + 8 <= b.length; at += 8) {
            if ((b[at + 1] & Packets.PSH) == 0) {
                b[at + 7] = 0;
            }
        }
        return b;
    }

    /** The body of a handshake message in a record: after the 5-byte record and 4-byte handshake headers. */
    private static byte[] body(byte[] record) {
        return Arrays.copyOfRange(record, 9, record.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code bytes} as preamble chunks of at most 127 bytes. */
    private static byte[] chunks(boolean server, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < bytes.length; at += 127) {
            int n = Math.min(127, bytes.length - at);
            out.write((server ? 0x80 : 0) | n);
            out.write(bytes, at, n);
        }
        return out.toByteArray();
    }

    /** The frames of a capture in FrameDecoderFuzzTest's format, with link type index {@code lt}. */
    private static void frames(String target, String name, int lt, byte[] capture) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(lt);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(capture))) {
            Frame f = new Frame();
            while (r.next(f)) {
                out.write(f.capturedLength() >> 8);
                out.write(f.capturedLength());
                out.write(f.data(), f.offset(), f.capturedLength());
            }
        }
        seed("frame", target, "frames", name, out.toByteArray());
    }

    private static byte[] zip(byte[] content, int method) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry e = new ZipArchiveEntry("day1/a.pcap");
            e.setMethod(method);
            if (method == ZipArchiveEntry.STORED) {
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(content);
                e.setSize(content.length);
                e.setCrc(crc.getValue());
            }
            zip.putArchiveEntry(e);
            zip.write(content);
            zip.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] tar(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry("day1/a.pcap");
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(byte[] content, Compressor c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.wrap(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
