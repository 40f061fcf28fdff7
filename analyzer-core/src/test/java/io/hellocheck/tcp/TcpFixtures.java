package io.hellocheck.tcp;

import static io.hellocheck.testing.TcpFlow.Dir.CLIENT;
import static io.hellocheck.testing.TcpFlow.Dir.SERVER;

import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One small capture per case of TCP reassembly, written with the test writer: out-of-order segments,
 * holes that become gaps, overlapping copies that disagree, sequence numbers wrapping at 2^32, a capture
 * starting mid-connection, SYN retransmissions, simultaneous open, data on the SYN, port reuse, keep-alives
 * and zero-window probes, frames cut by the snaplen. {@link TcpFixturesTest} feeds each through the reader,
 * the frame decoder and the tracker, asserts the bytes delivered and the anomalies counted, and compares
 * its view of each frame with tshark's, saved in
 * {@code src/test/resources/io/hellocheck/tcp/fixtures/NAME.tsv} ({@code regenerate.sh} beside them).
 *
 * <p>The files are deterministic (fixed times, sequence numbers and payloads), so the SHA-256 saved with
 * tshark's output says whether tshark read exactly what the writer makes today.
 */
final class TcpFixtures {

    static final long T0 = 1_750_000_000_000_000_000L;
    static final long MS = 1_000_000L;
    static final String C = "10.0.0.1";
    static final String S = "10.0.0.2";
    private static final int PA = Packets.PSH | Packets.ACK;
    private static final byte[] NONE = new byte[0];

    /**
     * A fixture.
     *
     * @param name    file name without ".pcap"
     * @param snaplen the writer's snaplen (0: frames are whole)
     * @param story   writes the frames
     */
    record Fixture(String name, int snaplen, Consumer<CaptureWriter> story) {
        void write(Path file) {
            try (CaptureWriter w = CaptureWriter.to(file).format(CaptureWriter.Format.PCAP_NANO).snaplen(snaplen)
                    .build()) {
                story.accept(w);
            }
        }
    }

    static final Map<String, Fixture> ALL = new LinkedHashMap<>();

    private static void add(String name, Consumer<CaptureWriter> story) {
        add(name, 0, story);
    }

    private static void add(String name, int snaplen, Consumer<CaptureWriter> story) {
        ALL.put(name, new Fixture(name, snaplen, story));
    }

    /** A ChangeCipherSpec record. */
    static final byte[] CHANGE_CIPHER_SPEC = {20, 3, 3, 0, 1, 1};

    // The three parts of the client's request in "out-of-order".
    static final String GET = "GET / HTTP/1.1\r\n";
    static final String HOST = "Host: example.org\r\n";
    static final String END = "\r\n";

    static {
        // Two segments arrive above a 16-byte hole and are held; the third fills the hole, and all three are
        // delivered in sequence order.
        add("out-of-order", w -> {
            TcpFlow f = w.tcp(C, 50000, S, 443);
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS);
            long c = f.clientNext();
            long s = f.serverNext();
            f.segment(CLIENT, c + GET.length(), s, PA, ascii(HOST), T0 + 10 * MS)
                    .segment(CLIENT, c + GET.length() + HOST.length(), s, PA, ascii(END), T0 + 11 * MS)
                    .segment(CLIENT, c, s, PA, ascii(GET), T0 + 12 * MS)
                    .clientAdvance(GET.length() + HOST.length() + END.length())
                    .serverData(T0 + 20 * MS, ascii("HTTP/1.1 400 Bad Request\r\n\r\n"))
                    .clientAck(T0 + 21 * MS).clientFin(T0 + 30 * MS).serverFin(T0 + 31 * MS).clientAck(T0 + 32 * MS);
        });

        // A segment the capture missed: the server's 1,000 bytes come in three segments, the middle one is
        // never captured, and the client's ACKs stop at the hole (duplicate ACKs). The capture ends with the
        // hole unfilled: the held bytes are delivered after a 400-byte gap.
        add("hole-never-filled", w -> {
            TcpFlow f = w.tcp(C, 50000, S, 443);
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 3 * MS, ascii("ping"));
            f.serverData(T0 + 5 * MS, pattern(300, 3)).clientAck(T0 + 6 * MS)
                    .serverAdvance(400)                                  // 400 bytes sent, never captured
                    .serverData(T0 + 7 * MS, pattern(300, 5))
                    .segment(CLIENT, f.clientNext(), f.serverNext() - 700, Packets.ACK, NONE, T0 + 8 * MS)
                    .segment(CLIENT, f.clientNext(), f.serverNext() - 700, Packets.ACK, NONE, T0 + 9 * MS);
        });

        // A hole that never fills but is acknowledged becomes a gap, and TLS decoding resumes at the next record:
        // after a HelloRetryRequest (RFC 8448 section 5) the client's ChangeCipherSpec record (6 bytes, middlebox
        // compatibility) is never captured; its second ClientHello is held above the hole until the server's ACK
        // covers it, then delivered after a 6-byte gap and decoded.
        add("gap-resync", w -> {
            TcpFlow f = w.tcp(C, 50000, S, 443);
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                    .clientData(T0 + 3 * MS, handshakeRecord(0x0301, rfc8448("section5-client-hello-1.hex")))
                    .serverData(T0 + 5 * MS, handshakeRecord(0x0303, rfc8448("section5-hello-retry-request.hex")))
                    .clientAck(T0 + 6 * MS)
                    .clientAdvance(CHANGE_CIPHER_SPEC.length)            // sent, never captured
                    .clientData(T0 + 7 * MS, handshakeRecord(0x0303, rfc8448("section5-client-hello-2.hex")))
                    .serverAck(T0 + 8 * MS)
                    .serverData(T0 + 9 * MS, Packets.concat(
                            handshakeRecord(0x0303, rfc8448("section5-server-hello.hex")), applicationData(80, 1)))
                    .clientData(T0 + 11 * MS, applicationData(60, 2))
                    .serverData(T0 + 12 * MS, applicationData(40, 3))
                    .clientFin(T0 + 20 * MS).serverFin(T0 + 21 * MS).clientAck(T0 + 22 * MS);
        });

        // Copies that disagree; the first copy of every byte wins, and each disagreeing copy is counted.
        add("overlap-different-bytes", w -> {
            TcpFlow f = w.tcp(C, 50000, S, 443);
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS);
            long c = f.clientNext();
            long s = f.serverNext();
            f.segment(CLIENT, c, s, PA, ascii("AAAAAAAAAA"), T0 + 10 * MS)       // [0,10) delivered
                    .segment(CLIENT, c, s, PA, ascii("AAAAAXAAAA"), T0 + 10 * MS + 100_000) // [0,10) again, other bytes
                    .segment(CLIENT, c + 20, s, PA, ascii("CCCCCCCCCC"), T0 + 10 * MS + 200_000) // [20,30) held
                    .segment(CLIENT, c + 15, s, PA, ascii("bbbbbCCXCC"), T0 + 10 * MS + 300_000) // [15,25): [20,25) differs
                    .segment(CLIENT, c + 10, s, PA, ascii("BBBBBBBBBB"), T0 + 10 * MS + 400_000) // [10,20): [15,20) differs
                    .segment(CLIENT, c + 25, s, PA, ascii("cccccDDDDD"), T0 + 10 * MS + 500_000) // [25,35): [30,35) new
                    .clientAdvance(35)
                    .serverAck(T0 + 16 * MS).clientFin(T0 + 20 * MS).serverFin(T0 + 21 * MS).clientAck(T0 + 22 * MS);
        });

        // Both directions wrap at 2^32: the client's ISN is 2^32 - 16, the server's 2^32 - 1 (its first data byte
        // has sequence number 0). The client's last segment arrives before the one that crosses the wrap.
        add("wraparound", w -> {
            TcpFlow f = w.tcp(C, 50000, S, 443).clientIsn(0xFFFF_FFF0L).serverIsn(0xFFFF_FFFFL);
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS);
            long c = f.clientNext();
            long s = f.serverNext();
            f.segment(CLIENT, c, s, PA, ascii("0123456789"), T0 + 10 * MS)       // 0xfffffff1..0xfffffffa
                    .segment(CLIENT, c + 20, s, PA, ascii("klmnopqrst"), T0 + 11 * MS) // 0x00000005..: held
                    .segment(CLIENT, c + 10, s, PA, ascii("abcdefghij"), T0 + 12 * MS) // crosses 2^32
                    .clientAdvance(30)
                    .serverData(T0 + 13 * MS, ascii("server bytes after "))
                    .serverData(T0 + 14 * MS, ascii("the wrap"))
                    .clientAck(T0 + 15 * MS).clientFin(T0 + 20 * MS).serverFin(T0 + 21 * MS).clientAck(T0 + 22 * MS);
        });

        // The capture starts after the handshake: no SYN. The client is on port 40000 and the server on 61443,
        // so the port guess (the lower port serves) is wrong until the ClientHello shows who the client is.
        add("mid-connection", w -> {
            TcpFlow f = w.tcp(C, 40000, S, 61443).clientIsn(0x1234_5678L).serverIsn(0x9ABC_DEF0L);
            f.clientAck(T0)
                    .clientData(T0 + MS, handshakeRecord(0x0301, rfc8448("section3-client-hello.hex")))
                    .serverData(T0 + 3 * MS, Packets.concat(
                            handshakeRecord(0x0303, rfc8448("section3-server-hello.hex")), applicationData(80, 1)))
                    .clientData(T0 + 5 * MS, applicationData(60, 2))
                    .serverData(T0 + 6 * MS, applicationData(40, 3))
                    .clientFin(T0 + 20 * MS).serverFin(T0 + 21 * MS).clientAck(T0 + 22 * MS);
        });

        // The client's SYN is retransmitted after 1 s; the server's SYN-ACK too, because the client's ACK was lost.
        add("syn-retransmission", w -> {
            TcpFlow f = w.tcp(C, 50000, S, 443);
            f.syn(T0).syn(T0 + 1000 * MS).synAck(T0 + 1001 * MS)
                    .synAck(T0 + 2001 * MS).ack(T0 + 2002 * MS)
                    .clientData(T0 + 2003 * MS, ascii("hello")).serverData(T0 + 2004 * MS, ascii("world"))
                    .clientAck(T0 + 2005 * MS).clientFin(T0 + 2010 * MS).serverFin(T0 + 2011 * MS)
                    .clientAck(T0 + 2012 * MS);
        });

        // Both sides send a SYN before seeing the other's (simultaneous open), then each answers with a SYN-ACK.
        add("simultaneous-open", w -> {
            TcpFlow f = w.tcp(C, 50000, S, 50001).clientIsn(1000).serverIsn(5000);
            f.syn(T0)
                    .segment(SERVER, 5000, 0, Packets.SYN, NONE, T0 + 100_000)
                    .segment(CLIENT, 1000, 5001, Packets.SYN | Packets.ACK, NONE, T0 + MS)
                    .synAck(T0 + MS + 100_000)
                    .clientData(T0 + 2 * MS, ascii("from the first SYN's side"))
                    .serverData(T0 + 3 * MS, ascii("from the second"))
                    .clientAck(T0 + 4 * MS).clientFin(T0 + 5 * MS).serverFin(T0 + 6 * MS).clientAck(T0 + 7 * MS);
        });

        // TCP Fast Open: the ClientHello rides on the SYN. On port 50000 the server accepts it (its SYN-ACK
        // acknowledges the data); on port 50001 it does not (it acknowledges the SYN only) and the client sends
        // the ClientHello again after the handshake.
        add("tfo", w -> {
            byte[] tfo = Packets.concat(new byte[] {2, 4, 0x05, (byte) 0xB4}, new byte[] {34, 10},
                    Packets.hex("0102030405060708"));
            byte[] hello = handshakeRecord(0x0301, rfc8448("section3-client-hello.hex"));
            byte[] answer = Packets.concat(handshakeRecord(0x0303, rfc8448("section3-server-hello.hex")),
                    applicationData(80, 1));
            TcpFlow f = w.tcp(C, 50000, S, 443).clientIsn(1000).serverIsn(5000);
            f.synData(T0, tfo, hello).synAck(T0 + MS).serverData(T0 + MS + 100_000, answer).ack(T0 + 2 * MS)
                    .clientData(T0 + 3 * MS, applicationData(60, 2)).serverData(T0 + 4 * MS, applicationData(40, 3))
                    .clientFin(T0 + 10 * MS).serverFin(T0 + 11 * MS).clientAck(T0 + 12 * MS);
            TcpFlow g = w.tcp(C, 50001, S, 443).clientIsn(7000).serverIsn(9000);
            long t = T0 + 100 * MS;
            g.segment(CLIENT, 7000, 0, Packets.SYN, tfo, hello, t).clientAdvance(1)
                    .synAck(t + MS).ack(t + 2 * MS)
                    .clientData(t + 2 * MS + 100_000, hello)                       // the same bytes again
                    .serverData(t + 3 * MS, answer).clientData(t + 4 * MS, applicationData(60, 2))
                    .serverData(t + 5 * MS, applicationData(40, 3))
                    .clientFin(t + 10 * MS).serverFin(t + 11 * MS).clientAck(t + 12 * MS);
        });

        // One address and port pair, five connections: the second SYN (another ISN) comes after a FIN close, the
        // third after a RST, the fifth 130 s after the fourth closed (past TIME_WAIT; another connection's SYN in
        // between lets the tracker's timers run). Each is a new tcp.stream.
        add("port-reuse", w -> {
            long t = T0;
            w.tcp(C, 50000, S, 443).clientIsn(1_000).serverIsn(5_000)
                    .syn(t).synAck(t + MS).ack(t + 2 * MS).clientData(t + 3 * MS, ascii("one"))
                    .serverData(t + 4 * MS, ascii("ONE")).clientFin(t + 5 * MS).serverFin(t + 6 * MS)
                    .clientAck(t + 7 * MS);
            t += 1000 * MS;
            w.tcp(C, 50000, S, 443).clientIsn(2_000_000).serverIsn(6_000_000)
                    .syn(t).synAck(t + MS).ack(t + 2 * MS).clientData(t + 3 * MS, ascii("two"))
                    .serverRst(t + 4 * MS);
            t += 1000 * MS;
            w.tcp(C, 50000, S, 443).clientIsn(3_000_000).serverIsn(7_000_000)
                    .syn(t).synAck(t + MS).ack(t + 2 * MS).clientData(t + 3 * MS, ascii("three"))
                    .serverData(t + 4 * MS, ascii("THREE")).clientFin(t + 5 * MS).serverFin(t + 6 * MS)
                    .clientAck(t + 7 * MS);
            w.tcp(C, 50001, S, 443).syn(t + 100_000 * MS);
            t += 130_000 * MS;
            w.tcp(C, 50000, S, 443).clientIsn(4_000_000).serverIsn(8_000_000)
                    .syn(t).synAck(t + MS).ack(t + 2 * MS).clientData(t + 3 * MS, ascii("four"))
                    .serverData(t + 4 * MS, ascii("FOUR")).clientFin(t + 5 * MS).serverFin(t + 6 * MS)
                    .clientAck(t + 7 * MS);
        });

        // Keep-alives (no data, and one garbage byte, one below the next byte) and a zero-window probe (the next
        // byte, sent while the server's window is 0, not acknowledged, then sent again with the rest).
        add("keep-alive-zero-window", w -> {
            TcpFlow f = w.tcp(C, 50000, S, 443);
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 3 * MS, ascii("0123456789"))
                    .serverAck(T0 + 4 * MS);
            long c = f.clientNext();
            long s = f.serverNext();
            f.segment(CLIENT, c - 1, s, Packets.ACK, NONE, T0 + 1000 * MS)       // keep-alive
                    .serverAck(T0 + 1001 * MS)
                    .segment(CLIENT, c - 1, s, Packets.ACK, ascii("x"), T0 + 2000 * MS) // keep-alive with a byte
                    .serverAck(T0 + 2001 * MS)
                    .serverWindow(0).serverAck(T0 + 3000 * MS)                      // the window closes
                    .segment(CLIENT, c, s, Packets.ACK, ascii("A"), T0 + 3200 * MS)  // zero-window probe
                    .serverAck(T0 + 3201 * MS)                                       // not taken
                    .serverWindow(65160).serverAck(T0 + 4000 * MS)                  // the window opens
                    .clientData(T0 + 4001 * MS, ascii("ABCDEFGHIJ"))
                    .serverAck(T0 + 4002 * MS).clientFin(T0 + 5000 * MS).serverFin(T0 + 5001 * MS)
                    .clientAck(T0 + 5002 * MS);
        });

        // A capture made with a snaplen of 154 bytes: Ethernet, IPv4 and TCP headers take 54, so only the first
        // 100 bytes of each segment's payload are in the file; the rest of the ClientHello and ServerHello are gaps.
        add("snaplen", 154, w -> {
            TcpFlow f = w.tcp(C, 50000, S, 443);
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                    .clientData(T0 + 3 * MS, handshakeRecord(0x0301, rfc8448("section3-client-hello.hex")))
                    .serverData(T0 + 5 * MS, handshakeRecord(0x0303, rfc8448("section3-server-hello.hex")))
                    .clientAck(T0 + 6 * MS).clientFin(T0 + 20 * MS).serverFin(T0 + 21 * MS).clientAck(T0 + 22 * MS);
        });

        // TCP headers quoted in ICMP errors (RFC 792), numbered as Wireshark 4.0 numbers them (tshark gives the
        // frame a tcp.stream when the quote holds the header through the window, 16 bytes): a quote of a known
        // connection is in its stream; a flow not seen yet gets the next index, and its later SYN (with another
        // sequence number) continues it; a redirect, and a quote under 16 bytes, get none; a quoted SYN with
        // another sequence number than the connection's SYN is port reuse (a new stream, which the connection's
        // later segments continue); a quote of a connection that left the table idle is in its old stream.
        add("icmp-quoted", w -> {
            String router = "10.0.0.254";
            TcpFlow a = w.tcp(C, 50000, S, 443);
            a.syn(T0).synAck(T0 + MS);                                                             // 1-2: 0
            icmp(w, T0 + 2 * MS, router, C, 3, 4, quoted(C, 50000, S, 443, 1001, PA, 8));       // 3: none
            icmp(w, T0 + 3 * MS, router, C, 3, 4, quoted(C, 50000, S, 443, 1001, PA, 15));      // 4: none
            icmp(w, T0 + 4 * MS, router, C, 3, 4, quoted(C, 50000, S, 443, 1001, PA, 16));      // 5: 0
            icmp(w, T0 + 5 * MS, router, C, 3, 1, quoted(C, 50001, "10.0.0.3", 443, 7777, Packets.SYN, 20)); // 6: 1
            w.tcp(C, 50002, S, 443).syn(T0 + 6 * MS);                                              // 7: 2
            w.tcp(C, 50001, "10.0.0.3", 443).clientIsn(3333).syn(T0 + 7 * MS).synAck(T0 + 8 * MS); // 8-9: 1
            icmp(w, T0 + 9 * MS, router, S, 3, 3, quoted(S, 443, C, 50003, 9000, PA, 28));      // 10: 3
            w.tcp(C, 50003, S, 443).syn(T0 + 10 * MS);                                             // 11: 3
            icmp(w, T0 + 11 * MS, router, C, 5, 1, quoted(C, 50000, S, 443, 1001, PA, 20));     // 12: none
            icmp(w, T0 + 12 * MS, router, C, 11, 0, quoted(C, 50000, S, 443, 4242, Packets.SYN, 20)); // 13: 4
            a.ack(T0 + 13 * MS).clientData(T0 + 14 * MS, ascii("hello"));                           // 14-15: 4
            w.tcp(C, 50004, S, 443).syn(T0 + 400_000 * MS);                                        // 16: 5
            icmp(w, T0 + 400_001 * MS, router, C, 3, 4, quoted(C, 50002, S, 443, 1001, PA, 20)); // 17: 2
        });

        // The same in ICMPv6 (RFC 4443): Packet Too Big and Destination Unreachable quoting a known connection,
        // a flow not seen yet, a quote under 16 bytes; an Echo Request quotes nothing.
        add("icmpv6-quoted", w -> {
            String c = "2001:db8::1";
            String s = "2001:db8::2";
            String router = "2001:db8::fe";
            w.tcp(c, 50000, s, 443).syn(T0).synAck(T0 + MS);                                      // 1-2: 0
            icmpv6(w, T0 + 2 * MS, router, c, 2, 0, quoted(c, 50000, s, 443, 1001, PA, 20));    // 3: 0
            icmpv6(w, T0 + 3 * MS, router, c, 1, 4, quoted(c, 50001, s, 443, 1001, PA, 20));    // 4: 1
            icmpv6(w, T0 + 4 * MS, router, c, 1, 4, quoted(c, 50002, s, 443, 1001, PA, 15));    // 5: none
            w.tcp(c, 50003, s, 443).syn(T0 + 5 * MS);                                              // 6: 2
            w.tcp(c, 50001, s, 443).syn(T0 + 6 * MS);                                              // 7: 1
            icmpv6(w, T0 + 7 * MS, router, c, 128, 0, quoted(c, 50004, s, 443, 1001, PA, 20));  // 8: none
        });
    }

    private TcpFixtures() {
    }

    /** The IP header and the first {@code tcpBytes} bytes of a segment, as an ICMP error quotes them. */
    static byte[] quoted(String src, int srcPort, String dst, int dstPort, long seq, int flags, int tcpBytes) {
        byte[] ip = Packets.ipTcp(src, srcPort, dst, dstPort, seq, 0, flags, NONE);
        return Arrays.copyOf(ip, ip.length - 20 + tcpBytes);
    }

    /** An ICMP error from {@code router} to {@code to}, as a frame from the server's side. */
    static void icmp(CaptureWriter w, long t, String router, String to, int type, int code, byte[] quote) {
        byte[] r = Packets.address(router);
        byte[] d = Packets.address(to);
        w.ip(t, Packets.ipv4(r, d, Packets.PROTO_ICMP, 255, 7, Packets.icmpv4(type, code, 0, quote)), false);
    }

    /** An ICMPv6 message from {@code router} to {@code to}, as a frame from the server's side. */
    static void icmpv6(CaptureWriter w, long t, String router, String to, int type, int code, byte[] quote) {
        byte[] r = Packets.address(router);
        byte[] d = Packets.address(to);
        w.ip(t, Packets.ipv6(r, d, Packets.PROTO_ICMPV6, 255, Packets.icmpv6(r, d, type, code, 0, quote)), false);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Bytes that are not a TLS record. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * seed + (i >>> 8) + 0x40);
        }
        return b;
    }

    /** A TLS record of type handshake carrying {@code handshake} (one or more messages with their headers). */
    static byte[] handshakeRecord(int version, byte[] handshake) {
        byte[] h = new byte[5];
        h[0] = 22;
        Packets.put16(h, 1, version);
        Packets.put16(h, 3, handshake.length);
        return Packets.concat(h, handshake);
    }

    /** An application_data record (TLS 1.3: any encrypted record) with {@code length} bytes of content. */
    static byte[] applicationData(int length, int seed) {
        byte[] h = {23, 3, 3, (byte) (length >> 8), (byte) length};
        return Packets.concat(h, pattern(length, seed));
    }

    /** A handshake message from RFC 8448's test vectors (test resources of the tls package). */
    static byte[] rfc8448(String name) {
        String path = "/io/hellocheck/tls/rfc8448/" + name;
        try (InputStream in = Objects.requireNonNull(TcpFixtures.class.getResourceAsStream(path), path)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Packets.hex(text.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A TLS 1.3 ClientHello record (TLS 1.2 legacy version, four suites, server_name, supported_groups,
     * signature_algorithms, supported_versions and an x25519 key share), 5 + 4 + body bytes.
     */
    static byte[] clientHelloRecord(String serverName) {
        byte[] name = ascii(serverName);
        byte[] sni = Packets.concat(u16(name.length + 3), new byte[] {0}, u16(name.length), name);
        byte[] extensions = Packets.concat(
                extension(0, sni),
                extension(10, Packets.hex("0004001d0017")),
                extension(13, Packets.hex("0006040308040401")),
                extension(43, Packets.hex("0403040303")),
                extension(51, Packets.concat(Packets.hex("0024001d0020"), pattern(32, 9))));
        byte[] body = Packets.concat(Packets.hex("0303"), pattern(32, 13), new byte[] {32}, pattern(32, 17),
                Packets.hex("0008130113021303c02f" + "0100"), u16(extensions.length), extensions);
        byte[] hs = Packets.concat(new byte[] {1, 0, (byte) (body.length >> 8), (byte) body.length}, body);
        return handshakeRecord(0x0301, hs);
    }

    private static byte[] extension(int type, byte[] data) {
        return Packets.concat(u16(type), u16(data.length), data);
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }
}
