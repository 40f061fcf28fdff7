package io.hellocheck.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpfFilterTest {

    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path tmp;

    private static List<Long> matching(Path capture, String expression) throws IOException {
        List<Long> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(capture); BpfFilter filter = BpfFilter.compile(expression)) {
            Frame f = new Frame();
            while (r.next(f)) {
                if (filter.matches(f)) {
                    out.add(f.number());
                }
            }
        }
        return out;
    }

    /**
     * Frames: 1-3 TCP 443 handshake, 4 UDP 443, 5-6 TCP 80, 7 ARP, 8-9 IPv6 TCP 443.
     */
    private Path mixedCapture(CaptureWriter.Format format, int linkType) {
        Path p = tmp.resolve("mixed-" + format + "-" + linkType + ".cap");
        try (CaptureWriter w = CaptureWriter.to(p).format(format).linkType(linkType).build()) {
            TcpFlow tls = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443);
            tls.syn(T0).synAck(T0 + 1).ack(T0 + 2);
            w.ip(T0 + 3, Packets.ipUdp("10.0.0.1", 50001, "10.0.0.2", 443, new byte[20]));
            TcpFlow http = w.tcp("10.0.0.1", 50002, "10.0.0.3", 80);
            http.syn(T0 + 4).synAck(T0 + 5);
            if (linkType == 1) {
                w.frame(T0 + 6, Packets.ethernet(Packets.mac("ff:ff:ff:ff:ff:ff"), Packets.MAC_CLIENT,
                        Packets.ETHERTYPE_ARP, new byte[28]));
            } else {
                w.ip(T0 + 6, Packets.ipUdp("10.0.0.1", 53, "10.0.0.9", 53, new byte[4]));
            }
            TcpFlow v6 = w.tcp("2001:db8::1", 50003, "2001:db8::2", 443);
            v6.syn(T0 + 7).refuse(T0 + 8);
        }
        return p;
    }

    @Test
    void tcpPort443KeepsTheRightFrames() throws IOException {
        Path p = mixedCapture(CaptureWriter.Format.PCAP_MICRO, 1);
        assertThat(matching(p, "tcp port 443")).containsExactly(1L, 2L, 3L, 8L, 9L);
        assertThat(matching(p, "tcp port 443 and ip")).containsExactly(1L, 2L, 3L);
        assertThat(matching(p, "udp")).containsExactly(4L);
        assertThat(matching(p, "arp")).containsExactly(7L);
        assertThat(matching(p, "tcp[tcpflags] & tcp-syn != 0 and not ip6")).containsExactly(1L, 2L, 5L, 6L);
    }

    @Test
    void eachLinkTypeGetsItsOwnProgram() throws IOException {
        for (int linkType : new int[] {0, 101, 113, 276}) {
            Path p = mixedCapture(CaptureWriter.Format.PCAP_NANO, linkType);
            assertThat(matching(p, "tcp port 443")).as("link type " + linkType)
                    .containsExactly(1L, 2L, 3L, 8L, 9L);
        }
        // one pcapng with Ethernet and raw-IP interfaces: one filter, two programs
        Path p = tmp.resolve("two-links.pcapng");
        byte[] tls = Packets.ipTcp("10.0.0.1", 50000, "10.0.0.2", 443, 1, 0, Packets.SYN, new byte[0]);
        byte[] web = Packets.ipTcp("10.0.0.1", 50000, "10.0.0.2", 80, 1, 0, Packets.SYN, new byte[0]);
        try (CaptureWriter w = CaptureWriter.pcapng(p)) {
            int raw = w.addInterface(101, 0, 9, 0);
            w.ip(T0, tls).frameOn(raw, T0 + 1, tls).frameOn(raw, T0 + 2, web).ip(T0 + 3, web).ip(T0 + 4, tls);
        }
        assertThat(matching(p, "tcp dst port 443")).containsExactly(1L, 2L, 5L);
    }

    /** BSD loopback: the family is in the capturing host's byte order, whichever the file's is. */
    @Test
    void bsdLoopbackFamilyInEitherByteOrder() throws IOException {
        Path p = tmp.resolve("null.pcap");
        byte[] v6 = Packets.ipTcp("2001:db8::1", 50000, "2001:db8::2", 443, 1, 0, Packets.SYN, new byte[0]);
        byte[] v4 = Packets.ipTcp("10.0.0.1", 50000, "10.0.0.2", 443, 1, 0, Packets.SYN, new byte[0]);
        try (CaptureWriter w = CaptureWriter.to(p).linkType(0).build()) {
            w.frame(T0, Packets.nullLoopback(30, false, v6));  // macOS, little-endian
            w.frame(T0, Packets.nullLoopback(24, true, v6));   // OpenBSD on a big-endian machine
            w.frame(T0, Packets.nullLoopback(28, false, v6));  // FreeBSD
            w.frame(T0, Packets.nullLoopback(2, true, v4));
            w.frame(T0, Packets.nullLoopback(2, false, v4));
        }
        assertThat(matching(p, "ip6 and tcp port 443")).containsExactly(1L, 2L, 3L);
        assertThat(matching(p, "ip")).containsExactly(4L, 5L);
    }

    @Test
    void filterSeesTheOriginalLengthOfCutFrames() throws IOException {
        Path p = tmp.resolve("cut.pcap");
        try (CaptureWriter w = CaptureWriter.to(p).snaplen(60).build()) {
            TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443);
            f.syn(T0).clientData(T0 + 1, new byte[1000]);
        }
        assertThat(matching(p, "greater 500")).containsExactly(2L);
        assertThat(matching(p, "tcp port 443")).containsExactly(1L, 2L);
    }

    @Test
    void badExpressionGivesLibpcapsMessage() {
        assertThatThrownBy(() -> BpfFilter.compile("tcp port"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tcp port")
                .hasMessageContaining("syntax error");
        assertThatThrownBy(() -> BpfFilter.compile("tcp port 99999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("illegal port number 99999 > 65535");
    }

    @Test
    void expressionThatDoesNotFitALinkTypeFailsOnItsFirstFrame() throws IOException {
        Path p = mixedCapture(CaptureWriter.Format.PCAP_MICRO, 101);
        try (CaptureReader r = CaptureReader.open(p); BpfFilter filter = BpfFilter.compile("ether host 02:00:00:00:00:01")) {
            Frame f = new Frame();
            assertThat(r.next(f)).isTrue();
            assertThatThrownBy(() -> filter.matches(f))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("link type 101");
        }
    }

    @Test
    void closedFilterRefusesToMatch() throws IOException {
        Path p = mixedCapture(CaptureWriter.Format.PCAP_MICRO, 1);
        BpfFilter filter = BpfFilter.compile("tcp");
        filter.close();
        filter.close(); // idempotent
        try (CaptureReader r = CaptureReader.open(p)) {
            Frame f = new Frame();
            assertThat(r.next(f)).isTrue();
            assertThatThrownBy(() -> filter.matches(f)).isInstanceOf(IllegalStateException.class);
        }
    }
}
