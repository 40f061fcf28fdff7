package io.hellocheck.frame;

import static io.hellocheck.testing.Packets.ACK;
import static io.hellocheck.testing.Packets.PSH;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Encapsulation;
import io.hellocheck.testing.Packets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IPv4 and IPv6 fragment reassembly in the frame decoder, with bad input: overlaps, floods, leftovers. */
class IpReassemblyTest {

    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final byte[] C4 = Packets.address("192.0.2.10");
    private static final byte[] S4 = Packets.address("198.51.100.20");
    private static final byte[] C6 = Packets.address("2001:db8::10");
    private static final byte[] S6 = Packets.address("2001:db8:0:1::20");

    @TempDir
    Path tmp;

    private FrameDecoder decoder = new FrameDecoder();
    private final PacketView view = new PacketView();
    private long frameNumber;

    private DecodeStatus decode(byte[] ip, long time) {
        return decode(ip, ip.length, time);
    }

    private DecodeStatus decode(byte[] ip, int captured, long time) {
        Frame f = new Frame().set(++frameNumber, time, 101, ip.length, ip, 0, captured);
        return decoder.decode(f, view);
    }

    private static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * seed + 1);
        }
        return b;
    }

    /** An IPv4 packet with a TCP segment (20-byte header) carrying {@code data}. */
    private static byte[] ip4(int id, byte[] data) {
        return Packets.ipv4(C4, S4, 6, 64, id, 0, new byte[0],
                Packets.tcp(C4, S4, 40000, 443, 1000, 2000, PSH | ACK, 500, new byte[0], data));
    }

    /** An IPv4 fragment: {@code bytes} of the datagram's payload from {@code offset}. */
    private static byte[] fragment4(int id, int offset, boolean more, byte[] bytes) {
        return Packets.ipv4(C4, S4, 6, 64, id, (more ? 0x2000 : 0) | (offset / 8), new byte[0], bytes);
    }

    private byte[] payloadSeen() {
        return Arrays.copyOfRange(view.data(), view.payloadOffset(), view.payloadOffset() + view.payloadLength());
    }

    @Test
    void fragmentsOutOfOrderAndDuplicated() {
        byte[] data = payload(1000, 7);
        List<byte[]> parts = new ArrayList<>(Packets.fragmentIpv4(ip4(0x1234, data), 200));
        assertThat(parts).hasSize(6);
        Collections.reverse(parts);
        parts.add(2, parts.get(1)); // a duplicate: same bytes again, not an anomaly
        for (int i = 0; i < parts.size() - 1; i++) {
            assertThat(decode(parts.get(i), T0 + i)).as("fragment %d", i).isEqualTo(DecodeStatus.FRAGMENT);
        }
        assertThat(decode(parts.get(parts.size() - 1), T0 + 9)).isEqualTo(DecodeStatus.TCP);
        assertThat(payloadSeen()).isEqualTo(data);
        assertThat(view.payloadMissingBytes()).isZero();
        assertThat(view.frameNumber()).isEqualTo(frameNumber);
        assertThat(view.timestampNanos()).isEqualTo(T0 + 9);
        assertThat(view.ipId()).isEqualTo(0x1234);
        assertThat(view.seq()).isEqualTo(1000);
        assertThat(decoder.fragmentCounters()).isEqualTo(new FragmentCounters(7, 1, 0, 0, 0, 0, 0));
        assertThat(decoder.datagramsInProgress()).isZero();
        assertThat(decoder.reassemblyBytesInUse()).isZero();
    }

    @Test
    void overlapsKeepTheFirstCopyAndCountWhenTheBytesDiffer() {
        byte[] seg = Packets.tcp(C4, S4, 40000, 443, 1000, 2000, PSH | ACK, 500, new byte[0], payload(76, 3));
        // [0, 48), then [24, 72) agreeing on [24, 48): no anomaly
        assertThat(decode(fragment4(1, 0, true, Arrays.copyOfRange(seg, 0, 48)), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(fragment4(1, 24, true, Arrays.copyOfRange(seg, 24, 72)), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decoder.fragmentCounters().overlaps()).isZero();
        // [40, 96) with other bytes on [40, 72): an anomaly; the bytes held stay
        byte[] liar = Arrays.copyOfRange(seg, 40, 96);
        Arrays.fill(liar, 0, 32, (byte) 0xEE);
        assertThat(decode(fragment4(1, 40, false, liar), T0)).isEqualTo(DecodeStatus.TCP);
        assertThat(payloadSeen()).isEqualTo(payload(76, 3));
        assertThat(decoder.fragmentCounters().overlaps()).isEqualTo(1);
        assertThat(decoder.fragmentCounters().reassembled()).isEqualTo(1);
    }

    @Test
    void lastFragmentsThatDisagreeAreAnAnomaly() {
        byte[] seg = Packets.tcp(C4, S4, 40000, 443, 1000, 2000, PSH | ACK, 500, new byte[0], payload(60, 5));
        assertThat(decode(fragment4(2, 40, false, Arrays.copyOfRange(seg, 40, 80)), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(fragment4(2, 32, false, Arrays.copyOfRange(seg, 32, 40)), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decoder.fragmentCounters().overlaps()).isEqualTo(1);
        assertThat(decode(fragment4(2, 0, true, Arrays.copyOfRange(seg, 0, 32)), T0)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.payloadLength()).isEqualTo(60);  // the first end (80 bytes) stands
        // a middle fragment past a known end is one too
        assertThat(decode(fragment4(3, 0, false, Arrays.copyOfRange(seg, 0, 16)), T0)).isEqualTo(DecodeStatus.MALFORMED);
        assertThat(decode(fragment4(4, 16, false, new byte[16]), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(fragment4(4, 24, true, new byte[16]), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decoder.fragmentCounters().overlaps()).isEqualTo(2);
    }

    @Test
    void fragmentsThatNeverCompleteAreCountedAndTimeOut() {
        byte[] first = Packets.fragmentIpv4(ip4(5, payload(300, 1)), 100).get(0);
        assertThat(decode(first, T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decoder.fragmentCounters().incomplete()).isEqualTo(1);
        // 30 s of capture time later it is still kept; after that it is dropped when the next fragment comes
        byte[] other = Packets.fragmentIpv4(ip4(6, payload(300, 1)), 100).get(0);
        assertThat(decode(other, T0 + 30 * SECOND)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decoder.fragmentCounters().timedOut()).isZero();
        byte[] rest = Packets.fragmentIpv4(ip4(5, payload(300, 1)), 100).get(3);
        assertThat(decode(rest, T0 + 30 * SECOND + 1)).isEqualTo(DecodeStatus.FRAGMENT);
        FragmentCounters c = decoder.fragmentCounters();
        assertThat(c.timedOut()).isEqualTo(1);
        assertThat(c.incomplete()).isEqualTo(2);   // datagram 6, and 5 started again from its last fragment
        assertThat(c.dropped()).isEqualTo(1);
        assertThat(c.reassembled()).isZero();
    }

    @Test
    void aMillionTinyFragmentsKeepMemoryBounded() {
        byte[] piece = new byte[8];
        byte[] ip = Packets.ipv4(C4, S4, 6, 64, 0, 0x2000, new byte[0], piece);
        Frame f = new Frame();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            // a different datagram each time (id and source), never completed
            Packets.put16(ip, 4, i & 0xFFFF);
            ip[15] = (byte) (i >>> 16);
            ip[10] = 0;
            ip[11] = 0;
            f.set(i + 1, T0 + i * 1000L, 101, ip.length, ip, 0, ip.length);
            assertThat(decoder.decode(f, view)).isEqualTo(DecodeStatus.FRAGMENT);
            if ((i & 0xFFFF) == 0) {
                assertThat(decoder.datagramsInProgress()).isLessThanOrEqualTo(4096);
                assertThat(decoder.reassemblyBytesInUse()).isLessThanOrEqualTo(8L << 20);
            }
        }
        FragmentCounters c = decoder.fragmentCounters();
        assertThat(c.fragments()).isEqualTo(n);
        assertThat(c.incomplete()).isEqualTo(4096);
        assertThat(c.evicted()).isEqualTo(n - 4096);
        assertThat(c.reassembled() + c.overlaps() + c.timedOut() + c.invalid()).isZero();
        assertThat(decoder.reassemblyBytesInUse()).isLessThanOrEqualTo(8L << 20);
    }

    @Test
    void aMillionTinyFragmentsOfOneDatagramWithHoles() {
        Frame f = new Frame();
        byte[] piece = new byte[8];
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            // every other 8-byte slot, a hole between each: the datagram is dropped past 256 pieces
            int offset = (2 * i * 8) % 65_000;
            byte[] ip = fragment4(7, offset, true, piece);
            f.set(i + 1, T0, 101, ip.length, ip, 0, ip.length);
            assertThat(decoder.decode(f, view)).isEqualTo(DecodeStatus.FRAGMENT);
        }
        FragmentCounters c = decoder.fragmentCounters();
        assertThat(c.fragments()).isEqualTo(n);
        assertThat(c.invalid()).isGreaterThan(n / 300);
        assertThat(c.incomplete()).isEqualTo(1);
        assertThat(decoder.reassemblyBytesInUse()).isLessThan(1 << 20);
    }

    @Test
    void theCapsCanBeSetAndTheOldestGoesFirst() {
        decoder = new FrameDecoder(2, 1 << 20, 30 * SECOND);
        List<byte[]> a = Packets.fragmentIpv4(ip4(10, payload(100, 1)), 64);
        List<byte[]> b = Packets.fragmentIpv4(ip4(11, payload(100, 2)), 64);
        List<byte[]> c = Packets.fragmentIpv4(ip4(12, payload(100, 3)), 64);
        assertThat(decode(a.get(0), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(b.get(0), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(c.get(0), T0)).isEqualTo(DecodeStatus.FRAGMENT);  // evicts a
        assertThat(decode(a.get(1), T0)).isEqualTo(DecodeStatus.FRAGMENT);  // a starts over: evicts b
        assertThat(decode(c.get(1), T0)).isEqualTo(DecodeStatus.TCP);
        assertThat(payloadSeen()).isEqualTo(payload(100, 3));
        assertThat(decoder.fragmentCounters()).isEqualTo(new FragmentCounters(5, 1, 0, 0, 2, 0, 1));
        // the byte cap: two datagrams of 64 KiB cannot be held under 100 kB
        decoder = new FrameDecoder(100, 100_000, 30 * SECOND);
        assertThat(decode(fragment4(20, 0, true, new byte[60_000]), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(fragment4(21, 0, true, new byte[60_000]), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decoder.fragmentCounters().evicted()).isEqualTo(1);
        assertThat(decoder.reassemblyBytesInUse()).isLessThanOrEqualTo(100_000);
    }

    @Test
    void datagramsLongerThanAnIpLengthAreInvalid() {
        assertThat(decode(fragment4(30, 0, true, new byte[64]), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(fragment4(30, 8189 * 8, false, new byte[8]), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decoder.fragmentCounters().invalid()).isEqualTo(1);
        assertThat(decoder.datagramsInProgress()).isZero();
        // a non-last fragment without bytes, and a fragment with a total length of 0
        assertThat(decode(fragment4(31, 8, true, new byte[0]), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decoder.fragmentCounters().invalid()).isEqualTo(2);
        byte[] zero = fragment4(32, 0, true, new byte[16]);
        zero[2] = 0;
        zero[3] = 0;
        assertThat(decode(zero, T0)).isEqualTo(DecodeStatus.MALFORMED);
    }

    @Test
    void ipv6FragmentsWithExtensionHeaders() {
        byte[] seg = Packets.tcp(C6, S6, 40000, 443, 7, 8, PSH | ACK, 500, new byte[0], payload(900, 9));
        // the fragmentable part starts with a destination options header
        byte[] fragmentable = Packets.ipv6ExtensionHeader(6, 0, seg);
        byte[] whole = Packets.ipv6(C6, S6, 60, 50, fragmentable);
        List<byte[]> parts = Packets.fragmentIpv6(whole, 256, 0xABCDEF01);
        assertThat(parts).hasSize(4);
        // a hop-by-hop header before the fragment header (unfragmentable part) in one of them
        byte[] second = parts.get(1);
        byte[] withHopByHop = Packets.ipv6(C6, S6, 0, 50,
                Packets.ipv6ExtensionHeader(44, 0, Arrays.copyOfRange(second, 40, second.length)));
        parts.set(1, withHopByHop);
        assertThat(decode(parts.get(3), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(parts.get(0), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(parts.get(1), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(parts.get(2), T0 + 5)).isEqualTo(DecodeStatus.TCP);
        assertThat(view.isIpv6()).isTrue();
        assertThat(IpAddresses.format(view.srcHi(), view.srcLo())).isEqualTo("2001:db8::10");
        assertThat(IpAddresses.format(view.dstHi(), view.dstLo())).isEqualTo("2001:db8:0:1::20");
        assertThat(view.ttl()).isEqualTo(50);
        assertThat(view.seq()).isEqualTo(7);
        assertThat(payloadSeen()).isEqualTo(payload(900, 9));
        // the same identification from another source is another datagram
        byte[] otherSource = parts.get(0).clone();
        otherSource[23] ^= 1;
        assertThat(decode(otherSource, T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decoder.fragmentCounters()).isEqualTo(new FragmentCounters(5, 1, 0, 0, 0, 0, 1));
    }

    @Test
    void fragmentsCutByTheSnaplenLeaveMissingBytes() {
        byte[] data = payload(600, 11);
        List<byte[]> parts = Packets.fragmentIpv4(ip4(40, data), 208);  // 208, 208, 204 bytes of 20 + 600
        assertThat(parts).hasSize(3);
        assertThat(decode(parts.get(0), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(parts.get(1), 20 + 150, T0)).isEqualTo(DecodeStatus.FRAGMENT);  // 58 bytes not captured
        assertThat(decode(parts.get(2), T0)).isEqualTo(DecodeStatus.TCP);
        // the captured bytes up to the first one missing; everything after it is missing
        assertThat(view.payloadLength()).isEqualTo(208 + 150 - 20);
        assertThat(view.payloadMissingBytes()).isEqualTo(620 - 358);
        assertThat(payloadSeen()).isEqualTo(Arrays.copyOf(data, 338));
        // the first fragment cut inside the TCP header: the datagram cannot be read
        List<byte[]> more = Packets.fragmentIpv4(ip4(41, data), 208);
        assertThat(decode(more.get(0), 20 + 10, T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(more.get(1), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(more.get(2), T0)).isEqualTo(DecodeStatus.MALFORMED);
        // a copy captured whole fills the hole
        List<byte[]> again = Packets.fragmentIpv4(ip4(42, data), 208);
        assertThat(decode(again.get(1), 20 + 150, T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(again.get(1), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(again.get(0), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(again.get(2), T0)).isEqualTo(DecodeStatus.TCP);
        assertThat(payloadSeen()).isEqualTo(data);
        assertThat(view.payloadMissingBytes()).isZero();
        assertThat(decoder.fragmentCounters().overlaps()).isZero();
    }

    @Test
    void fragmentedTunnelsCarryingFragmentedPackets() throws IOException {
        Path file = tmp.resolve("nested.pcap");
        // the inner IPv4 packets cut at 96 bytes, put in GRE over IPv6, the outer packets cut at 64
        Encapsulation e = Encapsulation.fragment(96).then(Encapsulation.gre("2001:db8:ffff::1", "2001:db8:ffff::2"))
                .then(Encapsulation.fragment(64)).then(Encapsulation.pppoe(1));
        try (CaptureWriter w = CaptureWriter.to(file).encapsulation(e).build()) {
            EncapsulationFixtures.writeFlow(w, "192.0.2.1", "192.0.2.2");
        }
        List<String> segments = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        Frame f = new Frame();
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.next(f)) {
                DecodeStatus s = decoder.decode(f, view);
                assertThat(s).isIn(DecodeStatus.TCP, DecodeStatus.FRAGMENT);
                if (s == DecodeStatus.TCP) {
                    assertThat(view.encapsulation()).isEqualTo("PPPoE/GRE");
                    segments.add(view.srcPort() + ">" + view.dstPort() + " " + view.seq());
                    lengths.add(view.payloadLength());
                    if (view.payloadLength() == EncapsulationFixtures.CLIENT_BYTES) {
                        assertThat(payloadSeen()).isEqualTo(EncapsulationFixtures.pattern(EncapsulationFixtures.CLIENT_BYTES, 7));
                    }
                }
            }
        }
        assertThat(segments).hasSize(9);
        assertThat(lengths).contains(EncapsulationFixtures.CLIENT_BYTES, EncapsulationFixtures.SERVER_BYTES);
        FragmentCounters c = decoder.fragmentCounters();
        assertThat(c.reassembled()).isGreaterThan(2);
        assertThat(c.dropped() + c.overlaps() + c.incomplete()).isZero();
    }

    @Test
    void timeGoingBackwardsDoesNotExpireAnything() {
        List<byte[]> parts = Packets.fragmentIpv4(ip4(50, payload(100, 1)), 64);
        assertThat(decode(parts.get(0), T0)).isEqualTo(DecodeStatus.FRAGMENT);
        assertThat(decode(parts.get(1), T0 - 3600 * SECOND)).isEqualTo(DecodeStatus.TCP);
        assertThat(decoder.fragmentCounters().timedOut()).isZero();
    }
}
