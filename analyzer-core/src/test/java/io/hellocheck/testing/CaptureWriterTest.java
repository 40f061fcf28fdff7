package io.hellocheck.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;

/** The test writer's output, parsed by pcap4j (libpcap and pcap4j's own packet classes). */
class CaptureWriterTest {

    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path tmp;

    private static List<Packet> readWithPcap4j(Path p) throws Exception {
        List<Packet> out = new ArrayList<>();
        PcapHandle h = Pcaps.openOffline(p.toString(), PcapHandle.TimestampPrecision.NANO);
        try {
            while (true) {
                try {
                    out.add(h.getNextPacketEx());
                } catch (EOFException e) {
                    return out;
                }
            }
        } finally {
            h.close();
        }
    }

    @Test
    void checksumsAndSequenceNumbersAsAnotherParserSeesThem() throws Exception {
        Path p = tmp.resolve("flows.pcap");
        try (CaptureWriter w = CaptureWriter.to(p).format(CaptureWriter.Format.PCAP_NANO).vlanTags(0x8100_0005).build()) {
            TcpFlow v4 = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).clientIsn(0xFFFF_FFFEL).serverIsn(5000);
            v4.syn(T0).synAck(T0 + 1).ack(T0 + 2).clientData(T0 + 3, new byte[] {22, 3, 1, 0, 5, 1, 2, 3, 4, 5})
                    .serverData(T0 + 4, new byte[] {21, 3, 3, 0, 2, 2, 40}).serverFin(T0 + 5).clientRst(T0 + 6);
            TcpFlow v6 = w.tcp("2001:db8::1", 40000, "2001:db8::2", 8443);
            v6.syn(T0 + 7).synAck(T0 + 8).clientData(T0 + 9, new byte[333]);
            // not port 53: pcap4j re-serializes what it parses as DNS and then checks the wrong bytes
            w.ip(T0 + 10, Packets.ipUdp("10.0.0.1", 40001, "10.0.0.9", 40002, new byte[17]));
            w.ip(T0 + 11, Packets.ipUdp("2001:db8::1", 40001, "2001:db8::9", 40002, new byte[18]));
        }
        List<Packet> packets = readWithPcap4j(p);
        assertThat(packets).hasSize(12);
        int tcp = 0;
        int udp = 0;
        List<Long> seqs = new ArrayList<>();
        for (Packet pk : packets) {
            IpPacket ip = pk.get(IpPacket.class);
            assertThat(ip).isNotNull();
            InetAddress src = ip.getHeader().getSrcAddr();
            InetAddress dst = ip.getHeader().getDstAddr();
            IpV4Packet v4 = pk.get(IpV4Packet.class);
            if (v4 != null) {
                assertThat(v4.getHeader().hasValidChecksum(false)).isTrue();
            }
            TcpPacket t = pk.get(TcpPacket.class);
            if (t != null) {
                assertThat(t.hasValidChecksum(src, dst, false)).as("TCP checksum").isTrue();
                seqs.add(t.getHeader().getSequenceNumberAsLong());
                tcp++;
            }
            UdpPacket u = pk.get(UdpPacket.class);
            if (u != null) {
                assertThat(u.hasValidChecksum(src, dst, false)).as("UDP checksum " + src).isTrue();
                udp++;
            }
        }
        assertThat(tcp).isEqualTo(10);
        assertThat(udp).isEqualTo(2);
        // SYN at the ISN, then ISN+1 (wrapping to 2^32 - 1), data advances by 10; the server's FIN at 5001+7
        assertThat(seqs).containsExactly(4294967294L, 5000L, 4294967295L, 4294967295L, 5001L, 5008L, 9L,
                1000L, 5000L, 1001L);
    }

    @Test
    void snaplenAndCutFrames() throws Exception {
        Path p = tmp.resolve("cut.pcap");
        try (CaptureWriter w = CaptureWriter.to(p).snaplen(100).build()) {
            TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443);
            f.syn(T0).clientData(T0 + 1, new byte[500]).cutNextFrame(60).clientData(T0 + 2, new byte[500]);
        }
        PcapHandle h = Pcaps.openOffline(p.toString());
        try {
            assertThat(h.getNextRawPacket()).hasSize(58);
            assertThat(h.getOriginalLength()).isEqualTo(58);
            assertThat(h.getNextRawPacket()).hasSize(100);
            assertThat(h.getOriginalLength()).isEqualTo(554);
            assertThat(h.getNextRawPacket()).hasSize(60);
            assertThat(h.getOriginalLength()).isEqualTo(554);
        } finally {
            h.close();
        }
    }

    @Test
    void unitsForPcapngResolutions() {
        assertThat(CaptureWriter.toUnits(1_500_000_000L, 9)).isEqualTo(1_500_000_000L);
        assertThat(CaptureWriter.toUnits(1_500_000_000L, 6)).isEqualTo(1_500_000L);
        assertThat(CaptureWriter.toUnits(1_500_000_000L, -1)).isEqualTo(1_500_000L);
        assertThat(CaptureWriter.toUnits(1_500_000_000L, 12)).isEqualTo(1_500_000_000_000L);
        assertThat(CaptureWriter.toUnits(1_500_000_000L, 0x80 | 10)).isEqualTo(1536L);  // 1.5 * 1024
    }
}
