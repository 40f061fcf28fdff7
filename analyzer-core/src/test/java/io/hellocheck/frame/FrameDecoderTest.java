package io.hellocheck.frame;

import static io.hellocheck.testing.Packets.ACK;
import static io.hellocheck.testing.Packets.PSH;
import static io.hellocheck.testing.Packets.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameDecoderTest {

    private static final long T0 = 1_700_000_000_123_456_789L;
    private static final byte[] C4 = Packets.address("192.0.2.10");
    private static final byte[] S4 = Packets.address("198.51.100.20");
    private static final byte[] C6 = Packets.address("2001:db8::10");
    private static final byte[] S6 = Packets.address("2001:db8:0:1::20");

    @TempDir
    Path tmp;

    private final FrameDecoder decoder = new FrameDecoder();
    private final PacketView view = new PacketView();

    private DecodeStatus decode(int linkType, byte[] frame) {
        return decode(linkType, frame, frame.length, frame.length);
    }

    private DecodeStatus decode(int linkType, byte[] frame, int captured, int original) {
        Frame f = new Frame().set(7, T0, linkType, original, frame, 0, captured);
        return decoder.decode(f, view);
    }

    /** A TCP segment 192.0.2.10:51000 -> 198.51.100.20:443, seq 0xfffffff0, ack 0x80000001, PSH|ACK. */
    private static byte[] tcp4(byte[] payload) {
        return Packets.tcp(C4, S4, 51000, 443, 0xFFFF_FFF0L, 0x8000_0001L, PSH | ACK, 501,
                new byte[] {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2}, payload); // NOP NOP timestamps: 32-byte header
    }

    private static byte[] ip4(byte[] payload) {
        return Packets.ipv4(C4, S4, Packets.PROTO_TCP, 63, 0xBEEF, 0x4000, new byte[0], payload);
    }

    private static byte[] tcp6(byte[] payload) {
        return Packets.tcp(C6, S6, 51000, 443, 1, 2, SYN, 65535, new byte[0], payload);
    }

    private static byte[] eth(byte[] ip, int... tags) {
        return Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, Packets.etherTypeOf(ip), ip, tags);
    }

    private void assertIpv4Segment(int payloadOffset, int payloadLength) {
        assertThat(view.frameNumber()).isEqualTo(7);
        assertThat(view.timestampNanos()).isEqualTo(T0);
        assertThat(view.isIpv6()).isFalse();
        assertThat(IpAddresses.format(view.srcHi(), view.srcLo())).isEqualTo("192.0.2.10");
        assertThat(IpAddresses.format(view.dstHi(), view.dstLo())).isEqualTo("198.51.100.20");
        assertThat(view.srcHi()).isZero();
        assertThat(view.srcLo()).isEqualTo(0x0000_ffff_c000_020aL);
        assertThat(view.srcPort()).isEqualTo(51000);
        assertThat(view.dstPort()).isEqualTo(443);
        assertThat(view.ttl()).isEqualTo(63);
        assertThat(view.ipId()).isEqualTo(0xBEEF);
        assertThat(view.seq()).isEqualTo(0xFFFF_FFF0L);
        assertThat(view.ack()).isEqualTo(0x8000_0001L);
        assertThat(view.flags()).isEqualTo(PSH | ACK);
        assertThat(view.has(PacketView.PSH)).isTrue();
        assertThat(view.has(PacketView.SYN)).isFalse();
        assertThat(view.window()).isEqualTo(501);
        assertThat(view.payloadOffset()).isEqualTo(payloadOffset);
        assertThat(view.payloadLength()).isEqualTo(payloadLength);
        assertThat(view.payloadMissingBytes()).isZero();
    }

    // ------------------------------------------------------------------ link types

    @Test
    void ethernetIpv4() {
        byte[] frame = eth(ip4(tcp4(new byte[] {22, 3, 1})));
        assertThat(decode(1, frame)).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(14 + 20 + 32, 3);
        assertThat(view.data()).isSameAs(frame);
        assertThat(view.encapsulation()).isNull();
    }

    @Test
    void vlanTags() {
        byte[] ip = ip4(tcp4(new byte[5]));
        assertThat(decode(1, eth(ip, 0x8100_0064))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(18 + 52, 5);
        assertThat(view.encapsulation()).isEqualTo("802.1Q");

        assertThat(decode(1, eth(ip, 0x88A8_000A, 0x8100_0014))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(22 + 52, 5);
        assertThat(view.encapsulation()).isEqualTo("802.1ad");

        assertThat(decode(1, eth(ip, 0x9100_000A, 0x8100_0014))).isEqualTo(DecodeStatus.TCP);
        assertThat(view.encapsulation()).isEqualTo("802.1ad");

        assertThat(decode(1, eth(ip, 0x8100_0001, 0x8100_0002, 0x88A8_0003, 0x8100_0004))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(14 + 16 + 52, 5);
        assertThat(view.encapsulation()).isEqualTo("802.1ad");

        // the next frame without tags has no encapsulation left over
        assertThat(decode(1, eth(ip))).isEqualTo(DecodeStatus.TCP);
        assertThat(view.encapsulation()).isNull();
    }

    @Test
    void ethernetLlcSnap() {
        byte[] ip = ip4(tcp4(new byte[0]));
        byte[] snap = Packets.concat(new byte[] {(byte) 0xAA, (byte) 0xAA, 3, 0, 0, 0, 8, 0}, ip);
        byte[] frame = Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, snap.length, snap);
        assertThat(decode(1, frame)).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(14 + 8 + 52, 0);
        byte[] stp = Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 38,
                Packets.concat(new byte[] {0x42, 0x42, 3}, new byte[35]));
        assertThat(decode(1, stp)).isEqualTo(DecodeStatus.NOT_IP);
    }

    @Test
    void linuxCookedV1AndV2() {
        byte[] ip = ip4(tcp4(new byte[9]));
        assertThat(decode(113, Packets.sll(0, Packets.MAC_CLIENT, 0x0800, ip))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(16 + 52, 9);
        assertThat(decode(276, Packets.sll2(4, 3, Packets.MAC_CLIENT, 0x0800, ip))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(20 + 52, 9);
        // a VLAN tag left in the payload by the capture
        byte[] tagged = Packets.concat(new byte[] {0, 0x64, 8, 0}, ip);
        assertThat(decode(113, Packets.sll(0, Packets.MAC_CLIENT, 0x8100, tagged))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(20 + 52, 9);
        assertThat(view.encapsulation()).isEqualTo("802.1Q");
        assertThat(decode(113, Packets.sll(0, Packets.MAC_CLIENT, 0x0806, new byte[28]))).isEqualTo(DecodeStatus.NOT_IP);
        assertThat(decode(113, Arrays.copyOf(Packets.sll(0, Packets.MAC_CLIENT, 0x0800, ip), 15)))
                .isEqualTo(DecodeStatus.MALFORMED);
    }

    @Test
    void rawIpLinkTypes() {
        byte[] v4 = ip4(tcp4(new byte[1]));
        byte[] v6 = Packets.ipv6(C6, S6, 6, 55, tcp6(new byte[2]));
        for (int lt : new int[] {101, 12, 14}) {
            assertThat(decode(lt, v4)).as("link type " + lt).isEqualTo(DecodeStatus.TCP);
            assertIpv4Segment(52, 1);
            assertThat(decode(lt, v6)).isEqualTo(DecodeStatus.TCP);
            assertThat(view.isIpv6()).isTrue();
        }
        assertThat(decode(228, v4)).isEqualTo(DecodeStatus.TCP);
        assertThat(decode(229, v6)).isEqualTo(DecodeStatus.TCP);
        assertThat(decode(228, v6)).isEqualTo(DecodeStatus.MALFORMED);
        assertThat(decode(229, v4)).isEqualTo(DecodeStatus.MALFORMED);
        assertThat(decode(101, new byte[] {0x50, 0, 0, 0})).isEqualTo(DecodeStatus.MALFORMED);
    }

    @Test
    void bsdLoopbackInBothByteOrdersAndOpenBsdLoop() {
        byte[] v4 = ip4(tcp4(new byte[0]));
        byte[] v6 = Packets.ipv6(C6, S6, 6, 64, tcp6(new byte[0]));
        assertThat(decode(0, Packets.nullLoopback(2, false, v4))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(4 + 52, 0);
        assertThat(decode(0, Packets.nullLoopback(2, true, v4))).isEqualTo(DecodeStatus.TCP);
        for (int af : new int[] {24, 28, 30}) {
            for (boolean be : new boolean[] {false, true}) {
                assertThat(decode(0, Packets.nullLoopback(af, be, v6))).as("AF %d be=%s", af, be)
                        .isEqualTo(DecodeStatus.TCP);
                assertThat(view.isIpv6()).isTrue();
            }
        }
        assertThat(decode(0, Packets.nullLoopback(7, false, v4))).isEqualTo(DecodeStatus.NOT_IP);
        assertThat(decode(108, Packets.nullLoopback(2, true, v4))).isEqualTo(DecodeStatus.TCP);
        assertThat(decode(108, Packets.nullLoopback(24, true, v6))).isEqualTo(DecodeStatus.TCP);
        assertThat(decode(108, Packets.nullLoopback(2, false, v4))).isEqualTo(DecodeStatus.NOT_IP);
    }

    @Test
    void unsupportedLinkTypesAndEncapsulations() {
        byte[] ip = ip4(tcp4(new byte[0]));
        assertThat(decode(147, ip)).isEqualTo(DecodeStatus.UNSUPPORTED);
        assertThat(decoder.unsupported()).isEqualTo(FrameDecoder.UNSUPPORTED_LINK_TYPE);
        assertThat(decode(1, eth(ip))).isEqualTo(DecodeStatus.TCP);
        assertThat(decoder.unsupported()).isNull();
        // MACsec: encrypted
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x88E5, new byte[40])))
                .isEqualTo(DecodeStatus.UNSUPPORTED);
        assertThat(decoder.unsupported()).isEqualTo(FrameDecoder.UNSUPPORTED_ETHERTYPE);
        // GRE version 1 with another protocol than PPP
        byte[] greV1 = Packets.ipv4(C4, S4, 47, 64, 1, Packets.concat(new byte[] {0x30, (byte) 0x81, 0x08, 0x00,
                0, 4, 0, 1, 0, 0, 0, 1}, new byte[] {(byte) 0xff, 3, 0, 0x21}));
        assertThat(decode(101, greV1)).isEqualTo(DecodeStatus.UNSUPPORTED);
        assertThat(decoder.unsupported()).isEqualTo(FrameDecoder.UNSUPPORTED_GRE);
        // GRE carrying a protocol type we do not decode
        assertThat(decode(101, Packets.ipv4(C4, S4, 47, 64, 1, Packets.gre(0x0806, false, null, null, new byte[28]))))
                .isEqualTo(DecodeStatus.UNSUPPORTED);
        // L2TPv3; EtherIP of another version than 3 carries nothing we know
        assertThat(decode(101, Packets.ipv4(C4, S4, 97, 64, 1, new byte[40]))).isEqualTo(DecodeStatus.OTHER_IP);
        assertThat(decode(229, Packets.ipv6(C6, S6, 115, 64, new byte[40]))).isEqualTo(DecodeStatus.UNSUPPORTED);
        // Geneve version 1, or carrying something else than Ethernet or IP
        byte[] geneve = Packets.geneve(1, 0x0800, new byte[0], ip);
        geneve[0] = 0x40;
        assertThat(decode(101, Packets.ipUdp("10.0.0.1", 40000, "10.0.0.2", 6081, geneve))).isEqualTo(DecodeStatus.UNSUPPORTED);
        assertThat(decoder.unsupported()).isEqualTo(FrameDecoder.UNSUPPORTED_GENEVE);
        assertThat(decode(101, Packets.ipUdp("10.0.0.1", 40000, "10.0.0.2", 6081, Packets.geneve(1, 0x0806, new byte[0], ip))))
                .isEqualTo(DecodeStatus.UNSUPPORTED);
        // MPLS over something that is neither IP nor an Ethernet frame we know
        byte[] mpls = Packets.mplsStack(new int[] {77}, Packets.concat(new byte[] {0x51}, new byte[30]));
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8847, mpls))).isEqualTo(DecodeStatus.UNSUPPORTED);
        assertThat(decoder.unsupported()).isEqualTo(FrameDecoder.UNSUPPORTED_MPLS);
        // GTP-U carrying a non-IP PDU
        assertThat(decode(101, Packets.ipUdp("10.0.0.1", 2152, "10.0.0.2", 2152, Packets.gtpU(1, false, new byte[] {0x11, 0}))))
                .isEqualTo(DecodeStatus.UNSUPPORTED);
        assertThat(decoder.unsupported()).isEqualTo(FrameDecoder.UNSUPPORTED_GTP);
    }

    @Test
    void tunnelsAndEncapsulationsAreLookedThrough() {
        byte[] ip = ip4(tcp4(new byte[3]));
        byte[] pppoe = Packets.pppoeSession(1, ip);
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8864, pppoe, 0x88A8_0001, 0x8100_0002)))
                .isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(22 + 8 + 52, 3);
        assertThat(view.encapsulation()).isEqualTo("802.1ad/PPPoE");
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8847,
                Packets.mplsStack(new int[] {1, 2, 3}, ip)))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(14 + 12 + 52, 3);
        assertThat(view.encapsulation()).isEqualTo("MPLS");
        assertThat(decode(101, Packets.ipv4(S4, C4, 47, 64, 1, Packets.gre(0x0800, false, null, null, ip))))
                .isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(20 + 4 + 52, 3);
        assertThat(view.encapsulation()).isEqualTo("GRE");
        byte[] tcp6 = Packets.ipv6(C6, S6, 6, 64, tcp6(new byte[0]));
        assertThat(decode(101, Packets.ipv4(C4, S4, 41, 64, 1, tcp6))).isEqualTo(DecodeStatus.TCP);
        assertThat(view.isIpv6()).isTrue();
        assertThat(view.encapsulation()).isEqualTo("6in4");
        assertThat(decode(101, Packets.ipv6(C6, S6, 4, 64, ip))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(40 + 52, 3);
        assertThat(view.encapsulation()).isEqualTo("4in6");
        assertThat(decode(101, Packets.ipv4(C4, S4, 4, 64, 1, ip))).isEqualTo(DecodeStatus.TCP);
        assertThat(view.encapsulation()).isEqualTo("IP-in-IP");
        assertThat(decode(229, Packets.ipv6(C6, S6, 41, 64, tcp6))).isEqualTo(DecodeStatus.TCP);
        assertThat(view.encapsulation()).isEqualTo("6in6");
        byte[] vxlan = Packets.ipUdp("10.0.0.1", 40000, "10.0.0.2", 4789, Packets.vxlan(7, eth(ip, 0x8100_0009)));
        assertThat(decode(101, vxlan)).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(28 + 8 + 18 + 52, 3);
        assertThat(view.encapsulation()).isEqualTo("VXLAN/802.1Q");
        // Cisco MetaData between VLAN tags; the tags after it are a second VLAN layer
        byte[] cmd = Packets.ciscoMetaData(10, 0x8100, Packets.concat(new byte[] {0, 5, 8, 0}, ip));
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8909, cmd, 0x8100_0001)))
                .isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(18 + 8 + 4 + 52, 3);
        assertThat(view.encapsulation()).isEqualTo("802.1Q/CiscoMetaData/802.1Q");
    }

    @Test
    void pppLinkTypesAndPppoeDetails() {
        byte[] ip = ip4(tcp4(new byte[4]));
        byte[] v6 = Packets.ipv6(C6, S6, 6, 64, tcp6(new byte[0]));
        assertThat(decode(9, Packets.concat(new byte[] {(byte) 0xff, 3, 0, 0x21}, ip))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(4 + 52, 4);
        assertThat(view.encapsulation()).isNull();
        assertThat(decode(9, Packets.concat(new byte[] {0, 0x57}, v6))).isEqualTo(DecodeStatus.TCP);
        assertThat(decode(50, Packets.concat(new byte[] {(byte) 0xff, 3, 0x21}, ip))).isEqualTo(DecodeStatus.TCP); // compressed
        assertIpv4Segment(3 + 52, 4);
        assertThat(decode(9, Packets.concat(new byte[] {(byte) 0xff, 3, (byte) 0xc0, 0x21}, new byte[10])))
                .isEqualTo(DecodeStatus.NOT_IP);                                                 // LCP
        assertThat(decode(51, Packets.pppoeSession(5, ip))).isEqualTo(DecodeStatus.TCP);
        assertThat(view.encapsulation()).isEqualTo("PPPoE");
        // PPPoE discovery, and a session packet that is not version 1 type 1
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8863, new byte[20])))
                .isEqualTo(DecodeStatus.NOT_IP);
        byte[] badVersion = Packets.pppoeSession(5, ip);
        badVersion[0] = 0x21;
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8864, badVersion)))
                .isEqualTo(DecodeStatus.NOT_IP);
        // The PPPoE length bounds the packet: what follows is padding, as Wireshark takes it
        byte[] shortLength = Packets.pppoeSession(5, ip);
        Packets.put16(shortLength, 4, 2 + 52 + 1);
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8864, shortLength)))
                .isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isEqualTo(1);
        assertThat(view.payloadMissingBytes()).isZero();
    }

    @Test
    void greOptionsRoutingAndErspan() {
        byte[] ip = ip4(tcp4(new byte[2]));
        byte[] all = Packets.gre(0x0800, true, 0xCAFE, 9, ip);
        assertThat(decode(101, Packets.ipv4(S4, C4, 47, 64, 1, all))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(20 + 16 + 52, 2);
        // RFC 1701 source routing: checksum/offset word, then SREs up to the NULL one
        byte[] routed = Packets.concat(new byte[] {0x40, 0, 8, 0, 0, 0, 0, 0,
                0, 1, 0, 4, 10, 0, 0, 1,     // an SRE: family 1, offset 0, length 4, one address
                0, 0, 0, 0}, ip);            // the NULL SRE
        assertThat(decode(101, Packets.ipv4(S4, C4, 47, 64, 1, routed))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(20 + 20 + 52, 2);
        byte[] endlessRoutes = Packets.concat(new byte[] {0x40, 0, 8, 0, 0, 0, 0, 0}, new byte[] {0, 1, 0, 4, 1, 2, 3, 4});
        assertThat(decode(101, Packets.ipv4(S4, C4, 47, 64, 1, endlessRoutes))).isEqualTo(DecodeStatus.MALFORMED);
        // ERSPAN type I (no sequence number, no header), II and III (with the platform subheader flag)
        byte[] frame = eth(ip);
        assertThat(decode(101, Packets.ipv4(S4, C4, 47, 64, 1, Packets.gre(0x88BE, false, null, null, frame))))
                .isEqualTo(DecodeStatus.TCP);
        assertThat(view.encapsulation()).isEqualTo("GRE/ERSPAN");
        assertThat(decode(101, Packets.ipv4(S4, C4, 47, 64, 1, Packets.gre(0x88BE, false, null, 1,
                Packets.erspan2(0, 1, frame))))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(20 + 8 + 8 + 14 + 52, 2);
        byte[] e3 = Packets.erspan3(0, 1, 0, Packets.concat(new byte[8], frame));
        e3[11] = 1; // O: an 8-byte platform-specific subheader follows
        assertThat(decode(101, Packets.ipv4(S4, C4, 47, 64, 1, Packets.gre(0x22EB, false, null, 1, e3))))
                .isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(20 + 8 + 20 + 14 + 52, 2);
        byte[] e3ip = Packets.erspan3(0, 1, 0, frame);
        e3ip[10] = 0x08; // frame type 2 (IP), not Ethernet
        assertThat(decode(101, Packets.ipv4(S4, C4, 47, 64, 1, Packets.gre(0x22EB, false, null, 1, e3ip))))
                .isEqualTo(DecodeStatus.UNSUPPORTED);
    }

    @Test
    void mplsExplicitNullAndPseudowires() {
        byte[] ip = ip4(tcp4(new byte[1]));
        // label 0 (IPv4 explicit null) says IPv4 whatever the nibble: here a broken version
        byte[] odd = ip.clone();
        odd[0] = 0x55;
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8847,
                Packets.mplsStack(new int[] {0}, odd)))).isEqualTo(DecodeStatus.MALFORMED);
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8847,
                Packets.mplsStack(new int[] {2}, Packets.ipv6(C6, S6, 6, 64, tcp6(new byte[0])))))).isEqualTo(DecodeStatus.TCP);
        // Ethernet pseudowire with a control word, and without one (a MAC address not starting with nibble 0)
        byte[] inner = Packets.ethernet(Packets.mac("a0:00:00:00:00:01"), Packets.MAC_CLIENT, 0x0800, ip);
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8847,
                Packets.mplsStack(new int[] {100}, Packets.concat(new byte[4], inner))))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(14 + 4 + 4 + 14 + 52, 1);
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8847,
                Packets.mplsStack(new int[] {100}, inner)))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(14 + 4 + 14 + 52, 1);
        // nibble 0 and no control word: the frame's own EtherType is the only one that makes sense
        byte[] zeroMac = Packets.ethernet(Packets.mac("00:11:22:33:44:55"), Packets.MAC_CLIENT, 0x0800, ip);
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8847,
                Packets.mplsStack(new int[] {100}, zeroMac)))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(14 + 4 + 14 + 52, 1);
        // a label stack without a bottom
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8847, new byte[] {0, 1, 0, 64})))
                .isEqualTo(DecodeStatus.MALFORMED);
    }

    @Test
    void gtpUControlMessagesAndExtensions() {
        byte[] ip = ip4(tcp4(new byte[5]));
        byte[] echo = Packets.gtpU(0, false, new byte[0]);
        echo[1] = 1; // echo request
        assertThat(decode(101, Packets.ipUdp("10.0.0.1", 2152, "10.0.0.2", 2152, echo))).isEqualTo(DecodeStatus.OTHER_IP);
        assertThat(decode(101, Packets.ipUdp("10.0.0.1", 2152, "10.0.0.2", 2152, Packets.gtpU(1, true, ip))))
                .isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(28 + 8 + 8 + 52, 5);
        assertThat(view.encapsulation()).isEqualTo("GTP-U");
        byte[] badExtension = Packets.gtpU(1, true, ip);
        badExtension[12] = 0; // an extension header of length 0
        assertThat(decode(101, Packets.ipUdp("10.0.0.1", 2152, "10.0.0.2", 2152, badExtension))).isEqualTo(DecodeStatus.MALFORMED);
    }

    @Test
    void layersAreBounded() {
        byte[] p = ip4(tcp4(new byte[0]));
        for (int i = 0; i < FrameDecoder.MAX_LAYERS; i++) {
            p = Packets.ipv4(C4, S4, 4, 64, i, p);
        }
        assertThat(decode(101, p)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.encapsulation()).isEqualTo(String.join("/", java.util.Collections.nCopies(8, "IP-in-IP")));
        assertThat(decode(101, Packets.ipv4(C4, S4, 4, 64, 9, p))).isEqualTo(DecodeStatus.UNSUPPORTED);
        assertThat(decoder.unsupported()).isEqualTo(FrameDecoder.UNSUPPORTED_TOO_DEEP);
        // VLAN tags of one header are one layer, however many
        byte[] tags = eth(ip4(tcp4(new byte[0])), 0x8100_0001, 0x8100_0002, 0x88A8_0003, 0x8100_0004, 0x8100_0005,
                0x8100_0006, 0x8100_0007, 0x8100_0008, 0x8100_0009, 0x8100_000A);
        assertThat(decode(1, tags)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.encapsulation()).isEqualTo("802.1ad");
    }

    @Test
    void innerPacketsEndWithTheirOuterPacket() {
        // an inner total length of 0 (TSO) runs to the end of the outer packet, not into the Ethernet padding
        byte[] inner = Packets.ipv4(C4, S4, 6, 63, 0xBEEF, 0, new byte[0], tcp4(new byte[3]));
        inner[2] = 0;
        inner[3] = 0;
        byte[] outer = Packets.ipv4(S4, C4, 4, 64, 1, inner);
        byte[] padded = Arrays.copyOf(eth(outer), 14 + outer.length + 20);
        assertThat(decode(1, padded)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isEqualTo(3);
        // an inner length past the outer packet is cut to it
        byte[] longer = ip4(tcp4(new byte[3]));
        Packets.put16(longer, 2, 1000);
        assertThat(decode(101, Packets.ipv4(S4, C4, 4, 64, 1, longer))).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isEqualTo(3);
        assertThat(view.payloadMissingBytes()).isZero();
    }

    @Test
    void encapsulationNamesAreMadeOnce() {
        byte[] a = Packets.ipv4(C4, S4, 47, 64, 1, Packets.gre(0x6558, false, null, null, eth(ip4(tcp4(new byte[0])), 0x8100_0001)));
        byte[] b = Packets.ipv4(C4, S4, 47, 64, 2, Packets.gre(0x6558, false, null, null, eth(ip4(tcp4(new byte[9])), 0x8100_0002)));
        assertThat(decode(101, a)).isEqualTo(DecodeStatus.TCP);
        String first = view.encapsulation();
        assertThat(first).isEqualTo("GRE/802.1Q");
        assertThat(decode(101, b)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.encapsulation()).isSameAs(first);
        assertThat(decode(101, Packets.ipv4(C4, S4, 47, 64, 1, Packets.gre(0x0800, false, null, null, ip4(tcp4(new byte[0]))))))
                .isEqualTo(DecodeStatus.TCP);
        assertThat(view.encapsulation()).isSameAs(FrameDecoder.GRE);
    }

    @Test
    void notIp() {
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x0806, new byte[28])))
                .isEqualTo(DecodeStatus.NOT_IP);
        assertThat(decode(1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x88CC, new byte[30])))
                .isEqualTo(DecodeStatus.NOT_IP);
        assertThat(decode(1, new byte[13])).isEqualTo(DecodeStatus.MALFORMED);
    }

    // ------------------------------------------------------------------ IPv4

    @Test
    void ipv4OptionsAndPadding() {
        byte[] options = {1, 1, 1, 0};  // NOP NOP NOP EOL
        byte[] ip = Packets.ipv4(C4, S4, 6, 63, 0xBEEF, 0, options, tcp4(new byte[2]));
        assertThat(decode(101, ip)).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(24 + 32, 2);
        // Ethernet frames are padded to 60 bytes: the IP total length says where the packet ends
        byte[] small = Packets.ipv4(C4, S4, 6, 63, 0xBEEF, 0, new byte[0],
                Packets.tcp(C4, S4, 51000, 443, 0xFFFF_FFF0L, 0x8000_0001L, PSH | ACK, 501, new byte[0], new byte[0]));
        byte[] padded = Arrays.copyOf(eth(small), 60);
        padded[59] = 0x55;
        assertThat(decode(1, padded)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isZero();
        assertThat(view.payloadMissingBytes()).isZero();
    }

    @Test
    void ipv4FragmentsAreReassembled() {
        byte[] seg = tcp4(new byte[100]);
        byte[] dfOnly = Packets.ipv4(C4, S4, 6, 63, 0xBEEF, 0x4000, new byte[0], seg);
        assertThat(decode(101, dfOnly)).isEqualTo(DecodeStatus.TCP);
        List<byte[]> parts = Packets.fragmentIpv4(dfOnly, 48);
        assertThat(parts).hasSize(3);
        assertThat(decode(101, parts.get(0))).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(101, parts.get(2))).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(101, parts.get(1))).isEqualTo(DecodeStatus.TCP);
        assertIpv4Segment(IpReassembler.HEADROOM + 32, 100);
        assertThat(view.data()).isNotSameAs(parts.get(1));
        assertThat(Arrays.copyOfRange(view.data(), view.payloadOffset(), view.payloadOffset() + 100)).isEqualTo(new byte[100]);
        assertThat(decoder.fragmentCounters()).isEqualTo(new FragmentCounters(3, 1, 0, 0, 0, 0, 0));
    }

    @Test
    void ipv4TotalLengthZeroMeansTheCapturedLength() {
        byte[] ip = ip4(tcp4(new byte[2000]));
        ip[2] = 0;
        ip[3] = 0;
        assertThat(decode(101, ip)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isEqualTo(2000);
    }

    /** A TSO length (0) in a frame cut by the snaplen: the frame's length on the wire says what is missing. */
    @Test
    void zeroLengthsInCutFramesLeaveMissingBytes() {
        byte[] ip = ip4(tcp4(new byte[2000]));
        ip[2] = 0;
        ip[3] = 0;
        assertThat(decode(101, ip, 200, ip.length)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isEqualTo(200 - 52);
        assertThat(view.payloadMissingBytes()).isEqualTo(2000 - 148);
        byte[] v6 = Packets.ipv6(C6, S6, 6, 64, tcp6(new byte[3000]));
        v6[4] = 0;
        v6[5] = 0;
        assertThat(decode(229, v6, 100, v6.length)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isEqualTo(40);
        assertThat(view.payloadMissingBytes()).isEqualTo(2960);
    }

    @Test
    void inconsistentIpv4HeadersAreMalformed() {
        byte[] ip = ip4(tcp4(new byte[10]));
        byte[] badIhl = ip.clone();
        badIhl[0] = 0x44;
        assertThat(decode(101, badIhl)).isEqualTo(DecodeStatus.MALFORMED);
        byte[] shortTotal = ip.clone();
        shortTotal[3] = 10;
        assertThat(decode(101, shortTotal)).isEqualTo(DecodeStatus.MALFORMED);
        assertThat(decode(101, Arrays.copyOf(ip, 19))).isEqualTo(DecodeStatus.MALFORMED);
        byte[] badDataOffset = ip.clone();
        badDataOffset[20 + 12] = 0x40;  // 16-byte TCP header
        assertThat(decode(101, badDataOffset)).isEqualTo(DecodeStatus.MALFORMED);
        byte[] dataOffsetPastIp = ip.clone();
        dataOffsetPastIp[20 + 12] = (byte) 0xF0;  // 60 bytes, more than the 42 there are
        assertThat(decode(101, dataOffsetPastIp)).isEqualTo(DecodeStatus.MALFORMED);
    }

    // ------------------------------------------------------------------ snaplen

    /** Like Wireshark ("IPv4 total length exceeds packet length"): the packet ends with the frame. */
    @Test
    void ipLengthPastTheEndOfTheFrameIsCutToTheFrame() {
        byte[] ip = ip4(tcp4(new byte[10]));
        Packets.put16(ip, 2, 4148);
        assertThat(decode(101, ip)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isEqualTo(10);
        assertThat(view.payloadMissingBytes()).isZero();
        // cut by the snaplen too: only what the wire had is missing
        assertThat(decode(101, ip, 60, ip.length)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isEqualTo(8);
        assertThat(view.payloadMissingBytes()).isEqualTo(2);
        byte[] v6 = Packets.ipv6(C6, S6, 6, 64, tcp6(new byte[10]));
        Packets.put16(v6, 4, 9000);
        assertThat(decode(229, v6)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isEqualTo(10);
        assertThat(view.payloadMissingBytes()).isZero();
    }

    @Test
    void payloadCutBySnaplen() {
        byte[] frame = eth(ip4(tcp4(new byte[1000])));
        assertThat(decode(1, frame, 100, frame.length)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadOffset()).isEqualTo(66);
        assertThat(view.payloadLength()).isEqualTo(34);
        assertThat(view.payloadMissingBytes()).isEqualTo(966);
        assertThat(decode(1, frame, 66, frame.length)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isZero();
        assertThat(view.payloadMissingBytes()).isEqualTo(1000);
    }

    @Test
    void tcpHeaderCutBySnaplenIsMalformed() {
        byte[] frame = eth(ip4(tcp4(new byte[1000])));
        for (int cap : new int[] {14 + 20 + 10, 14 + 20 + 20, 14 + 20 + 31, 14 + 10}) {
            assertThat(decode(1, frame, cap, frame.length)).as("captured %d", cap).isEqualTo(DecodeStatus.MALFORMED);
        }
    }

    // ------------------------------------------------------------------ IPv6

    @Test
    void ipv6WithExtensionHeaders() {
        byte[] seg = tcp6(new byte[7]);
        byte[] chain = Packets.ipv6ExtensionHeader(43, 0,        // hop-by-hop, 8 bytes
                Packets.ipv6ExtensionHeader(60, 1,                // routing, 16 bytes
                        Packets.ipv6ExtensionHeader(44, 0,        // destination options, 8 bytes
                                Packets.ipv6FragmentHeader(51, 0, false, 99,   // atomic fragment
                                        Packets.concat(new byte[] {6, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, seg))))); // AH, 12 bytes
        byte[] ip = Packets.ipv6(C6, S6, 0, 55, chain);
        assertThat(decode(229, ip)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.isIpv6()).isTrue();
        assertThat(IpAddresses.format(view.srcHi(), view.srcLo())).isEqualTo("2001:db8::10");
        assertThat(IpAddresses.format(view.dstHi(), view.dstLo())).isEqualTo("2001:db8:0:1::20");
        assertThat(view.srcHi()).isEqualTo(0x2001_0db8_0000_0000L);
        assertThat(view.srcLo()).isEqualTo(0x10L);
        assertThat(view.ttl()).isEqualTo(55);
        assertThat(view.ipId()).isEqualTo(-1);
        assertThat(view.seq()).isEqualTo(1);
        assertThat(view.ack()).isEqualTo(2);
        assertThat(view.flags()).isEqualTo(SYN);
        assertThat(view.payloadOffset()).isEqualTo(40 + 8 + 16 + 8 + 8 + 12 + 20);
        assertThat(view.payloadLength()).isEqualTo(7);
    }

    @Test
    void ipv6Fragments() {
        byte[] seg = tcp6(new byte[7]);
        assertThat(decode(229, Packets.ipv6(C6, S6, 44, 64, Packets.ipv6FragmentHeader(6, 0, true, 1, seg))))
                .isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(229, Packets.ipv6(C6, S6, 44, 64, Packets.ipv6FragmentHeader(6, 100, false, 1, new byte[16]))))
                .isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(229, Packets.ipv6(C6, S6, 44, 64, Packets.ipv6FragmentHeader(6, 0, false, 1, seg))))
                .isEqualTo(DecodeStatus.TCP);
    }

    @Test
    void ipv6JumbogramRunsToTheEndOfTheCapture() {
        byte[] ip = Packets.ipv6(C6, S6, 6, 64, tcp6(new byte[300]));
        ip[4] = 0;
        ip[5] = 0;
        assertThat(decode(229, ip)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isEqualTo(300);
    }

    @Test
    void ipv6ExtensionHeaderPastThePacketIsMalformed() {
        byte[] ip = Packets.ipv6(C6, S6, 0, 64, new byte[] {6, 5, 0, 0, 0, 0, 0, 0});  // says 48 bytes
        assertThat(decode(229, ip)).isEqualTo(DecodeStatus.MALFORMED);
        assertThat(decode(229, Packets.ipv6(C6, S6, 59, 64, new byte[0]))).isEqualTo(DecodeStatus.OTHER_IP);
        assertThat(decode(229, Packets.ipv6(C6, S6, 58, 64, new byte[8]))).isEqualTo(DecodeStatus.OTHER_IP);
    }

    // ------------------------------------------------------------------ UDP

    @Test
    void udpQuicDtlsAndOther() {
        assertThat(decode(101, Packets.ipUdp("10.0.0.1", 50000, "10.0.0.2", 443, new byte[1200])))
                .isEqualTo(DecodeStatus.UDP_QUIC);
        assertThat(decode(101, Packets.ipUdp("2001:db8::2", 443, "2001:db8::1", 50000, new byte[20])))
                .isEqualTo(DecodeStatus.UDP_QUIC);
        byte[] dtlsHello = {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        assertThat(decode(101, Packets.ipUdp("10.0.0.1", 50000, "10.0.0.2", 4433, dtlsHello)))
                .isEqualTo(DecodeStatus.UDP_DTLS);
        byte[] dtls10 = {23, (byte) 0xfe, (byte) 0xff, 0};
        assertThat(decode(101, Packets.ipUdp("10.0.0.1", 50000, "10.0.0.2", 5684, dtls10)))
                .isEqualTo(DecodeStatus.UDP_DTLS);
        byte[] notDtls = {22, 3, 3, 0, 0};
        assertThat(decode(101, Packets.ipUdp("10.0.0.1", 50000, "10.0.0.2", 4433, notDtls)))
                .isEqualTo(DecodeStatus.OTHER_IP);
        assertThat(decode(101, Packets.ipUdp("10.0.0.1", 5353, "224.0.0.251", 5353, new byte[12])))
                .isEqualTo(DecodeStatus.OTHER_IP);
        assertThat(decode(101, Packets.ipv4(C4, S4, 1, 64, 1, new byte[8]))).isEqualTo(DecodeStatus.OTHER_IP);
        byte[] udpCut = Packets.ipv4(C4, S4, 17, 64, 1, new byte[4]);
        assertThat(decode(101, udpCut)).isEqualTo(DecodeStatus.MALFORMED);
    }

    // ------------------------------------------------------------------ through the writer and reader

    @Test
    void flowWrittenAndReadBack() throws IOException {
        Path p = tmp.resolve("flow.pcap");
        try (CaptureWriter w = CaptureWriter.to(p).format(CaptureWriter.Format.PCAP_NANO).vlanTags(0x8100_0007).build()) {
            TcpFlow f = w.tcp("2001:db8::1", 50000, "2001:db8::2", 443).clientIsn(0xFFFF_FFFEL).serverIsn(7);
            f.syn(T0).synAck(T0 + 1).ack(T0 + 2).clientData(T0 + 3, new byte[517]).serverRst(T0 + 4);
        }
        List<String> lines = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(p)) {
            Frame frame = new Frame();
            while (r.next(frame)) {
                assertThat(decoder.decode(frame, view)).isEqualTo(DecodeStatus.TCP);
                lines.add(view.frameNumber() + " " + (view.timestampNanos() - T0) + " "
                        + IpAddresses.format(view.srcHi(), view.srcLo()) + "." + view.srcPort() + " > "
                        + IpAddresses.format(view.dstHi(), view.dstLo()) + "." + view.dstPort() + " "
                        + Integer.toHexString(view.flags()) + " seq " + view.seq() + " ack " + view.ack()
                        + " len " + view.payloadLength() + " " + view.encapsulation());
            }
        }
        assertThat(lines).containsExactly(
                "1 0 2001:db8::1.50000 > 2001:db8::2.443 2 seq 4294967294 ack 0 len 0 802.1Q",
                "2 1 2001:db8::2.443 > 2001:db8::1.50000 12 seq 7 ack 4294967295 len 0 802.1Q",
                "3 2 2001:db8::1.50000 > 2001:db8::2.443 10 seq 4294967295 ack 8 len 0 802.1Q",
                "4 3 2001:db8::1.50000 > 2001:db8::2.443 18 seq 4294967295 ack 8 len 517 802.1Q",
                "5 4 2001:db8::2.443 > 2001:db8::1.50000 14 seq 8 ack 516 len 0 802.1Q");
    }

    // ------------------------------------------------------------------ robustness and allocation

    @Test
    void neverThrowsOnGarbageOrCutFrames() {
        Random rnd = new Random(20260101);
        int[] linkTypes = {0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 9, 50, 51, 147};
        byte[] inner = ip4(tcp4(new byte[30]));
        List<byte[]> seeds = new ArrayList<>(List.of(
                eth(ip4(tcp4(new byte[30])), 0x88A8_0001, 0x8100_0002),
                Packets.ipv6(C6, S6, 0, 64, Packets.ipv6ExtensionHeader(44, 0,
                        Packets.ipv6FragmentHeader(6, 0, false, 1, tcp6(new byte[10])))),
                Packets.sll2(0, 1, Packets.MAC_CLIENT, 0x86DD, Packets.ipv6(C6, S6, 17, 64, new byte[20])),
                eth(Packets.ipv4(C4, S4, 47, 64, 1, Packets.gre(0x6558, true, 1, 2, eth(inner, 0x8100_0005)))),
                Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8864, Packets.pppoeSession(1,
                        Packets.ipUdp("10.0.0.1", 40000, "10.0.0.2", 4789, Packets.vxlan(1, eth(inner)))), 0x88A8_0001),
                Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8909, Packets.ciscoMetaData(1, 0x8847,
                        Packets.mplsStack(new int[] {1, 2}, Packets.ipv6(C6, S6, 4, 64, inner)))),
                Packets.ipUdp("10.0.0.1", 2152, "10.0.0.2", 2152, Packets.gtpU(1, true, inner)),
                Packets.ipUdp("2001:db8::1", 40000, "2001:db8::2", 6081, Packets.geneve(1, 0x6558,
                        Packets.geneveOption(1, 2, new byte[3]), eth(inner))),
                Packets.ipv4(C4, S4, 47, 64, 1, Packets.gre(0x22EB, false, null, 1, Packets.erspan3(0, 1, 0, eth(inner))))));
        // fragments of one datagram, so that mutated ones overlap, conflict and complete now and then
        seeds.addAll(Packets.fragmentIpv4(ip4(tcp4(new byte[60])), 24));
        seeds.addAll(Packets.fragmentIpv6(Packets.ipv6(C6, S6, 6, 64, tcp6(new byte[60])), 24, 5));
        int reassembled = 0;
        for (int i = 0; i < 300_000; i++) {
            byte[] data;
            int linkType = linkTypes[rnd.nextInt(linkTypes.length)];
            if (i % 3 == 0) {
                data = new byte[rnd.nextInt(120)];
                rnd.nextBytes(data);
                if (data.length > 20 && rnd.nextBoolean()) {
                    data[rnd.nextInt(4)] = 0x45;  // look like IPv4 more often
                }
            } else {
                data = seeds.get(rnd.nextInt(seeds.size())).clone();
                for (int k = rnd.nextInt(i % 3 == 1 ? 4 : 1); k >= 0; k--) {
                    data[rnd.nextInt(data.length)] = (byte) rnd.nextInt(256);
                }
                if (rnd.nextInt(4) != 0) {
                    linkType = seedLinkType(data);
                }
            }
            int off = rnd.nextInt(3);
            byte[] buffer = new byte[off + data.length + rnd.nextInt(3)];
            System.arraycopy(data, 0, buffer, off, data.length);
            int cap = data.length == 0 || rnd.nextBoolean() ? data.length : rnd.nextInt(data.length + 1);
            int orig = rnd.nextBoolean() ? data.length : rnd.nextInt(70000);
            Frame f = new Frame().set(i, T0 + i * 1_000_000L, linkType, orig, buffer, off, cap);
            DecodeStatus s = decoder.decode(f, view);
            if (s == DecodeStatus.TCP) {
                if (view.data() == buffer) {
                    assertThat(view.payloadOffset()).isBetween(off, off + cap);
                    assertThat(view.payloadOffset() + view.payloadLength()).isLessThanOrEqualTo(off + cap);
                } else {
                    reassembled++;
                    assertThat(view.payloadOffset() + view.payloadLength()).isLessThanOrEqualTo(view.data().length);
                }
                assertThat(view.payloadLength()).isNotNegative();
                assertThat(view.payloadMissingBytes()).isNotNegative();
            }
        }
        assertThat(reassembled).isPositive();
        FragmentCounters c = decoder.fragmentCounters();
        assertThat(c.reassembled()).isGreaterThanOrEqualTo(reassembled);
        assertThat(c.overlaps()).isPositive();
        assertThat(decoder.datagramsInProgress()).isLessThanOrEqualTo(4096);
        assertThat(decoder.reassemblyBytesInUse()).isLessThanOrEqualTo(8L << 20);
        // frames whose bounds lie about the buffer
        assertThat(decoder.decode(new Frame().set(1, 0, 1, 100, new byte[10], 5, 20), view)).isEqualTo(DecodeStatus.MALFORMED);
        assertThat(decoder.decode(new Frame().set(1, 0, 1, 100, null, 0, 0), view)).isEqualTo(DecodeStatus.MALFORMED);
    }

    /** The link type a fuzz seed was made for. */
    private static int seedLinkType(byte[] seed) {
        int nibble = (seed[0] & 0xff) >>> 4;
        if (nibble == 4 || nibble == 6) {
            return 101;
        }
        return seed[0] == (byte) 0x86 ? 276 : 1;
    }

    @Test
    void decodingAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] inner = ip4(tcp4(new byte[20]));
        byte[][] frames = {
                eth(ip4(tcp4(new byte[100])), 0x8100_0064),
                Packets.sll2(0, 1, Packets.MAC_CLIENT, 0x86DD, Packets.ipv6(C6, S6, 6, 64, tcp6(new byte[10]))),
                eth(Packets.ipUdp("10.0.0.1", 1, "10.0.0.2", 443, new byte[10])),
                // tunnels, with chains of one and several layers
                eth(Packets.ipv4(C4, S4, 47, 64, 1, Packets.gre(0x6558, true, 1, 2, eth(inner, 0x8100_0005)))),
                Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8864, Packets.pppoeSession(1,
                        Packets.ipUdp("10.0.0.1", 40000, "10.0.0.2", 4789, Packets.vxlan(1, eth(inner)))), 0x88A8_0001),
                Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x8909, Packets.ciscoMetaData(1, 0x8847,
                        Packets.mplsStack(new int[] {1, 2}, Packets.ipv6(C6, S6, 4, 64, inner)))),
        };
        int[] linkTypes = {1, 276, 1, 1, 1, 1};
        int n = frames.length;
        Frame[] fs = new Frame[n];
        for (int i = 0; i < n; i++) {
            fs[i] = new Frame().set(1, T0, linkTypes[i], frames[i].length, frames[i], 0, frames[i].length);
        }
        long tcp = 0;
        for (int i = 0; i < 300_000; i++) {  // warm up (JIT)
            tcp += decoder.decode(fs[i % n], view) == DecodeStatus.TCP ? 1 : 0;
        }
        assertThat(tcp).isEqualTo(250_000);
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_200_000; i++) {
            tcp += decoder.decode(fs[i % n], view) == DecodeStatus.TCP ? 1 : 0;
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(tcp).isEqualTo(250_000 + 1_000_000);
        assertThat(allocated).as("bytes allocated for 1,200,000 decodes").isLessThan(100_000);
    }
}
