package io.hellocheck.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {

    /** 2020-09-13T12:26:40Z: 1_600_000_000 s since the epoch. */
    private static final long T0 = 1_600_000_000L * 1_000_000_000L;

    @TempDir
    Path tmp;

    /** What a frame held, copied out of the reader's buffer. */
    record F(long number, long tNanos, int linkType, int orig, int cap, int snaplen, long fileOffset, int ifId,
             byte[] data) {
    }

    static List<F> readAll(CaptureReader r) throws IOException {
        List<F> out = new ArrayList<>();
        Frame f = new Frame();
        while (r.next(f)) {
            out.add(new F(f.number(), f.timestampNanos(), f.linkType(), f.originalLength(), f.capturedLength(),
                    f.snaplen(), f.fileOffset(), f.interfaceId(),
                    Arrays.copyOfRange(f.data(), f.offset(), f.offset() + f.capturedLength())));
        }
        return out;
    }

    static List<F> readAll(byte[] file) throws IOException {
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file))) {
            return readAll(r);
        }
    }

    // ------------------------------------------------------------------ pcap, hand-made layouts

    /** pcap, big-endian, microseconds: the 24-byte file header then 16-byte record headers. */
    @Test
    void pcapBigEndianMicroseconds() throws IOException {
        byte[] file = Bytes.be()
                .u32(0xa1b2c3d4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1)   // file header, Ethernet
                .u32(1_600_000_000L).u32(500_000).u32(4).u32(60).raw(1, 2, 3, 4)   // record 1 @24
                .u32(1_600_000_001L).u32(999_999).u32(2).u32(2).raw(5, 6)          // record 2 @44
                .toByteArray();
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file))) {
            assertThat(r.format()).isEqualTo("pcap");
            assertThat(r.linkType()).isEqualTo(1);
            List<F> frames = readAll(r);
            assertThat(frames).hasSize(2);
            F a = frames.get(0);
            assertThat(a.number()).isEqualTo(1);
            assertThat(a.tNanos()).isEqualTo(T0 + 500_000_000L);
            assertThat(a.linkType()).isEqualTo(1);
            assertThat(a.cap()).isEqualTo(4);
            assertThat(a.orig()).isEqualTo(60);
            assertThat(a.snaplen()).isEqualTo(65535);
            assertThat(a.fileOffset()).isEqualTo(24);
            assertThat(a.data()).containsExactly(1, 2, 3, 4);
            F b = frames.get(1);
            assertThat(b.number()).isEqualTo(2);
            assertThat(b.tNanos()).isEqualTo(T0 + 1_999_999_000L);
            assertThat(b.fileOffset()).isEqualTo(44);
            assertThat(b.data()).containsExactly(5, 6);
            assertThat(r.truncatedAtOffset()).isEqualTo(-1);
            assertThat(r.position()).isEqualTo(file.length);
        }
    }

    /** pcap, little-endian, nanosecond magic (stored as 4d 3c b2 a1). */
    @Test
    void pcapLittleEndianNanoseconds() throws IOException {
        byte[] file = Bytes.le()
                .u32(0xa1b23c4dL).u16(2).u16(4).u32(0).u32(0).u32(262144).u32(101)
                .u32(1_600_000_000L).u32(123_456_789).u32(3).u32(3).raw(0x45, 0, 0)
                .toByteArray();
        assertThat(Arrays.copyOf(file, 4)).containsExactly(0x4d, 0x3c, 0xb2, 0xa1);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file))) {
            assertThat(r.isNanosecondPcap()).isTrue();
            List<F> frames = readAll(r);
            assertThat(frames).singleElement().satisfies(f -> {
                assertThat(f.tNanos()).isEqualTo(T0 + 123_456_789L);
                assertThat(f.linkType()).isEqualTo(101);
                assertThat(f.snaplen()).isEqualTo(262144);
            });
        }
    }

    @Test
    void pcapLinkTypeKeepsOnlyTheLow16Bits() throws IOException {
        // FCS length 4 present (0x04000000 | 4 << 28) on Ethernet, as libpcap's LT_FCS_DATALINK_EXT writes it.
        byte[] file = Bytes.le()
                .u32(0xa1b2c3d4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(0x4400_0001L)
                .u32(1).u32(0).u32(1).u32(1).raw(9)
                .toByteArray();
        assertThat(readAll(file)).singleElement().satisfies(f -> assertThat(f.linkType()).isEqualTo(1));
    }

    @Test
    void pcapCapturedLengthAboveOriginalKeepsTheBytes() throws IOException {
        byte[] file = Bytes.le()
                .u32(0xa1b2c3d4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1)
                .u32(1).u32(0).u32(4).u32(2).raw(1, 2, 3, 4)
                .toByteArray();
        assertThat(readAll(file)).singleElement().satisfies(f -> {
            assertThat(f.cap()).isEqualTo(4);
            assertThat(f.orig()).isEqualTo(4);
            assertThat(f.data()).containsExactly(1, 2, 3, 4);
        });
    }

    /** pcap 2.2 and older wrote the original length before the captured length (libpcap swaps them back). */
    @Test
    void pcapVersion22HasSwappedLengths() throws IOException {
        byte[] file = Bytes.le()
                .u32(0xa1b2c3d4L).u16(2).u16(2).u32(0).u32(0).u32(65535).u32(1)
                .u32(1).u32(0).u32(60).u32(2).raw(1, 2)
                .toByteArray();
        assertThat(readAll(file)).singleElement().satisfies(f -> {
            assertThat(f.cap()).isEqualTo(2);
            assertThat(f.orig()).isEqualTo(60);
        });
    }

    /** Kuznetzov's patched pcap (magic a1b2cd34): 8 more bytes per record header (ifindex, protocol, type). */
    @Test
    void kuznetzovPatchedPcap() throws IOException {
        byte[] file = Bytes.le()
                .u32(0xa1b2cd34L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1)
                .u32(1_600_000_000L).u32(7).u32(2).u32(2).u32(3).u16(0x0800).u8(0).u8(0).raw(0xab, 0xcd)
                .toByteArray();
        assertThat(readAll(file)).singleElement().satisfies(f -> {
            assertThat(f.tNanos()).isEqualTo(T0 + 7_000L);
            assertThat(f.data()).containsExactly(0xab, 0xcd);
            assertThat(f.fileOffset()).isEqualTo(24);
        });
    }

    // ------------------------------------------------------------------ pcapng, hand-made layout

    /**
     * pcapng, little-endian: SHB (28 bytes), IDB 0 Ethernet without options (microseconds), IDB 1 raw IP with
     * if_tsresol 0x83 (2^-3 s) and if_tsoffset 100 s, an EPB on each, an unknown block, an ISB.
     */
    @Test
    void pcapngTwoInterfacesOfDifferentLinkTypesAndResolutions() throws IOException {
        Bytes b = Bytes.le();
        b.u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1).u32(28);            // SHB @0
        b.u32(1).u32(20).u16(1).u16(0).u32(262144).u32(20);                                 // IDB 0 @28
        b.u32(1).u32(44).u16(101).u16(0).u32(65535)                                         // IDB 1 @48
                .u16(9).u16(1).u8(0x83).u8(0).u8(0).u8(0)
                .u16(14).u16(8).u64(100)
                .u16(0).u16(0).u32(44);
        long ts1 = 8L * 1_600_000_000L + 3;                                                 // 1/8 s units
        b.u32(6).u32(36).u32(1).u32(ts1 >>> 32).u32(ts1).u32(4).u32(4).raw(0x45, 0, 0, 0x14).u32(36); // EPB @92
        b.u32(0x4242).u32(16).u32(0xdeadbeefL).u32(16);                                     // unknown @128
        long ts0 = 1_600_000_000_000_001L;                                                  // microseconds
        b.u32(6).u32(40).u32(0).u32(ts0 >>> 32).u32(ts0).u32(5).u32(1514).raw(1, 2, 3, 4, 5, 0, 0, 0)
                .u32(40);                                                                   // EPB @144
        b.u32(5).u32(24).u32(0).u32(0).u32(0).u32(24);                                       // ISB @184
        byte[] file = b.toByteArray();
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file))) {
            List<F> frames = readAll(r);
            assertThat(r.format()).isEqualTo("pcapng");
            assertThat(frames).hasSize(2);
            F a = frames.get(0);
            assertThat(a.number()).isEqualTo(1);
            assertThat(a.ifId()).isEqualTo(1);
            assertThat(a.linkType()).isEqualTo(101);
            assertThat(a.snaplen()).isEqualTo(65535);
            assertThat(a.tNanos()).isEqualTo(T0 + 100_000_000_000L + 375_000_000L);
            assertThat(a.fileOffset()).isEqualTo(92);
            assertThat(a.data()).containsExactly(0x45, 0, 0, 0x14);
            F c = frames.get(1);
            assertThat(c.number()).isEqualTo(2);
            assertThat(c.ifId()).isEqualTo(0);
            assertThat(c.linkType()).isEqualTo(1);
            assertThat(c.tNanos()).isEqualTo(T0 + 1_000L);
            assertThat(c.cap()).isEqualTo(5);
            assertThat(c.orig()).isEqualTo(1514);
            assertThat(c.fileOffset()).isEqualTo(144);
            assertThat(c.data()).containsExactly(1, 2, 3, 4, 5);
            assertThat(r.truncatedAtOffset()).isEqualTo(-1);
        }
    }

    @Test
    void pcapngBigEndianSectionWithDecimalResolutions() throws IOException {
        Bytes b = Bytes.be();
        b.u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1).u32(28);
        b.u32(1).u32(32).u16(1).u16(0).u32(0).u16(9).u16(1).u8(12).u8(0).u8(0).u8(0).u16(0).u16(0).u32(32);
        // if_tsresol 12 (picoseconds): 2^64 ps is only 213 days, so a time in 1970: 5 s + 123456789999 ps
        long ps = 5_000_000_000_000L + 123_456_789_999L;
        b.u32(6).u32(36).u32(0).u32(ps >>> 32).u32(ps).u32(1).u32(1).raw(7, 0, 0, 0).u32(36);
        assertThat(readAll(b.toByteArray())).singleElement().satisfies(f ->
                assertThat(f.tNanos()).isEqualTo(5_123_456_789L));
    }

    // ------------------------------------------------------------------ with the test writer

    @Test
    void writerPcapMicroAndNanoRoundTrip() throws IOException {
        for (CaptureWriter.Format fmt : List.of(CaptureWriter.Format.PCAP_MICRO, CaptureWriter.Format.PCAP_NANO)) {
            for (boolean be : new boolean[] {false, true}) {
                Path p = tmp.resolve(fmt + "-" + be + ".pcap");
                CaptureWriter.Builder bld = CaptureWriter.to(p).format(fmt);
                if (be) {
                    bld.bigEndian();
                }
                try (CaptureWriter w = bld.build()) {
                    TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443);
                    f.syn(T0 + 123_456_789L).synAck(T0 + 223_456_789L).ack(T0 + 323_456_789L);
                }
                List<F> frames;
                try (CaptureReader r = CaptureReader.open(p)) {
                    assertThat(r.isNanosecondPcap()).isEqualTo(fmt == CaptureWriter.Format.PCAP_NANO);
                    frames = readAll(r);
                }
                long cut = fmt == CaptureWriter.Format.PCAP_NANO ? 0 : 789;
                assertThat(frames).extracting(F::tNanos).as(fmt + " be=" + be)
                        .containsExactly(T0 + 123_456_789L - cut, T0 + 223_456_789L - cut, T0 + 323_456_789L - cut);
                assertThat(frames).extracting(F::number).containsExactly(1L, 2L, 3L);
                // Ethernet 14 + IPv4 20 + TCP 24 (MSS option) for SYN / SYN-ACK, 20 for the ACK
                assertThat(frames).extracting(F::cap).containsExactly(58, 58, 54);
                assertThat(frames).extracting(F::fileOffset).containsExactly(24L, 24L + 16 + 58, 24L + 2 * (16 + 58));
            }
        }
    }

    @Test
    void severalSectionsRestartInterfacesAndKeepCountingFrames() throws IOException {
        Path p = tmp.resolve("sections.pcapng");
        byte[] ipPacket = Packets.ipTcp("10.0.0.1", 1, "10.0.0.2", 2, 0, 0, Packets.SYN, new byte[0]);
        try (CaptureWriter w = CaptureWriter.to(p).format(CaptureWriter.Format.PCAPNG).build()) {
            w.ip(T0, ipPacket);
            w.newSection(true);
            w.addInterface(101, 0, 6, 0);
            w.frame(T0 + 1_000, ipPacket);
            w.newSection(false);
            w.addInterface(113, 0, 0x80 | 20, 0); // 2^-20 s: 1/1048576
            w.addInterface(1, 0, 9, 0);
            w.frameOn(1, T0 + 2_000, w.wrap(1, ipPacket, true));
            w.frameOn(0, T0 + 3_000_000, w.wrap(113, ipPacket, true));
        }
        List<F> frames;
        try (CaptureReader r = CaptureReader.open(p)) {
            frames = readAll(r);
        }
        assertThat(frames).extracting(F::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(frames).extracting(F::linkType).containsExactly(1, 101, 1, 113);
        assertThat(frames).extracting(F::ifId).containsExactly(0, 0, 1, 0);
        // 2^-20 s resolution: 3 ms = 3145.728 units, written as 3145 units = 2999305.15 ns, truncated
        long units = (3_000_000L << 20) / 1_000_000_000L;
        long expected = T0 + units * 1_000_000_000L / (1L << 20);
        assertThat(frames).extracting(F::tNanos).containsExactly(T0, T0 + 1_000, T0 + 2_000, expected);
        assertThat(expected).isEqualTo(T0 + 2_999_305L);
    }

    @Test
    void simplePacketBlockUsesInterfaceZeroAndItsSnaplen() throws IOException {
        Path p = tmp.resolve("spb.pcapng");
        byte[] frame = new byte[100];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        try (CaptureWriter w = CaptureWriter.to(p).format(CaptureWriter.Format.PCAPNG).snaplen(64).build()) {
            w.simplePacket(frame);
            w.obsoletePacket(0, T0 + 5_000, Arrays.copyOf(frame, 10));
        }
        List<F> frames;
        try (CaptureReader r = CaptureReader.open(p)) {
            frames = readAll(r);
        }
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).cap()).isEqualTo(64);
        assertThat(frames.get(0).orig()).isEqualTo(100);
        assertThat(frames.get(0).tNanos()).isZero();
        assertThat(frames.get(0).data()).isEqualTo(Arrays.copyOf(frame, 64));
        assertThat(frames.get(1).tNanos()).isEqualTo(T0 + 5_000);
        assertThat(frames.get(1).data()).isEqualTo(Arrays.copyOf(frame, 10));
    }

    @Test
    void simplePacketBlockCapturedLengthIsBoundedByTheBlockAndTheOriginalLength() throws IOException {
        Bytes b = Bytes.le();
        b.u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1).u32(28);
        b.u32(1).u32(20).u16(1).u16(0).u32(0).u32(20);
        b.u32(3).u32(24).u32(3).raw(1, 2, 3, 0, 0, 0, 0, 0).u32(24);      // original 3 < 8 bytes of body
        b.u32(3).u32(20).u32(1000).raw(1, 2, 3, 4).u32(20);               // original 1000 > 4 bytes of body
        List<F> frames = readAll(b.toByteArray());
        assertThat(frames).extracting(F::cap).containsExactly(3, 4);
        assertThat(frames).extracting(F::orig).containsExactly(3, 1000);
    }

    @Test
    void unknownBlocksAreSkipped() throws IOException {
        Path p = tmp.resolve("unknown.pcapng");
        byte[] ipPacket = Packets.ipTcp("10.0.0.1", 1, "10.0.0.2", 2, 0, 0, Packets.SYN, new byte[0]);
        try (CaptureWriter w = CaptureWriter.pcapng(p)) {
            w.block(0x0BAD, new byte[] {1, 2, 3});        // unknown type
            w.block(0x40000BAD, new byte[0]);            // custom block that may be copied
            w.block(4, new byte[] {0, 0, 0, 0});          // name resolution block, end of records
            w.ip(T0, ipPacket);
            w.block(5, new byte[12]);                    // interface statistics
            w.ip(T0 + 1, ipPacket);
        }
        List<F> frames;
        try (CaptureReader r = CaptureReader.open(p)) {
            frames = readAll(r);
            assertThat(r.truncatedAtOffset()).isEqualTo(-1);
        }
        assertThat(frames).extracting(F::number).containsExactly(1L, 2L);
    }

    @Test
    void tsOffsetAndMicrosecondDefault() throws IOException {
        Path p = tmp.resolve("tsoffset.pcapng");
        byte[] ipPacket = Packets.ipTcp("10.0.0.1", 1, "10.0.0.2", 2, 0, 0, Packets.SYN, new byte[0]);
        try (CaptureWriter w = CaptureWriter.to(p).format(CaptureWriter.Format.PCAPNG).tsresol(-1)
                .tsoffset(1_000_000_000L).build()) {
            w.ip(T0 + 1_234_567L, ipPacket);
        }
        assertThat(readAll(Files.readAllBytes(p))).singleElement()
                .satisfies(f -> assertThat(f.tNanos()).isEqualTo(T0 + 1_234_000L));
    }

    // ------------------------------------------------------------------ gzip, slow streams, big records

    @Test
    void gzipIsRecognizedByItsMagic() throws IOException {
        Path p = tmp.resolve("capture.whatever");
        try (CaptureWriter w = CaptureWriter.to(p).format(CaptureWriter.Format.PCAPNG).gzip().build()) {
            TcpFlow f = w.tcp("2001:db8::1", 50000, "2001:db8::2", 443);
            f.syn(T0).synAck(T0 + 1).ack(T0 + 2).clientData(T0 + 3, new byte[3000]);
        }
        byte[] gz = Files.readAllBytes(p);
        assertThat(gz[0] & 0xff).isEqualTo(0x1f);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(gz))) {
            assertThat(r.format()).isEqualTo("pcapng+gzip");
            assertThat(r.isGzip()).isTrue();
            List<F> frames = readAll(r);
            assertThat(frames).hasSize(4);
            assertThat(frames.get(3).cap()).isEqualTo(14 + 40 + 20 + 3000);
            assertThat(r.truncatedAtOffset()).isEqualTo(-1);
        }
    }

    @Test
    void truncatedGzipIsTruncationNotAnError() throws IOException {
        Path p = tmp.resolve("cut.pcap");
        try (CaptureWriter w = CaptureWriter.pcap(p)) {
            TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443);
            f.syn(T0);
            for (int i = 0; i < 200; i++) {
                byte[] payload = new byte[1000];
                for (int j = 0; j < payload.length; j++) {
                    payload[j] = (byte) (j * 31 + i * 7 + (j * j >> 3)); // not very compressible
                }
                f.clientData(T0 + i, payload);
            }
        }
        byte[] plain = Files.readAllBytes(p);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(plain);
        }
        byte[] gz = bos.toByteArray();
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(cut))) {
            List<F> frames = readAll(r);
            assertThat(frames.size()).isBetween(1, 200);
            F last = frames.get(frames.size() - 1);
            assertThat(r.truncatedAtOffset()).isEqualTo(last.fileOffset() + 16 + last.cap());
        }
    }

    @Test
    void corruptGzipDataIsAFormatError() throws IOException {
        Path p = tmp.resolve("c.pcap");
        try (CaptureWriter w = CaptureWriter.pcap(p)) {
            TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443);
            for (int i = 0; i < 50; i++) {
                f.clientData(T0 + i, ("record " + i + " ").repeat(40).getBytes());
            }
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(Files.readAllBytes(p));
        }
        byte[] gz = bos.toByteArray();
        for (int i = gz.length / 2; i < gz.length / 2 + 64; i++) {
            gz[i] = (byte) 0xff;
        }
        assertThatThrownBy(() -> readAll(gz))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("corrupt gzip data");
    }

    @Test
    void readsFromAStreamThatReturnsFewBytesAtATime() throws IOException {
        Path p = tmp.resolve("trickle.pcapng");
        try (CaptureWriter w = CaptureWriter.pcapng(p)) {
            TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443);
            f.syn(T0).synAck(T0 + 1).ack(T0 + 2).clientData(T0 + 3, new byte[517]).serverRst(T0 + 4);
        }
        byte[] bytes = Files.readAllBytes(p);
        InputStream trickle = new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 7), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        try (CaptureReader r = CaptureReader.open(trickle)) {
            assertThat(readAll(r)).extracting(F::cap).containsExactly(58, 58, 54, 54 + 517, 54);
        }
    }

    @Test
    void recordsLargerThanTheBufferGrowIt() throws IOException {
        Path p = tmp.resolve("big.pcap");
        byte[] big = new byte[3 << 20];
        big[big.length - 1] = 42;
        try (CaptureWriter w = CaptureWriter.to(p).snaplen(8 << 20).build()) {
            w.frame(T0, new byte[10]);
            w.frame(T0 + 1, big);
            w.frame(T0 + 2, new byte[20]);
        }
        List<F> frames = readAll(Files.readAllBytes(p));
        assertThat(frames).extracting(F::cap).containsExactly(10, 3 << 20, 20);
        assertThat(frames.get(1).data()[big.length - 1]).isEqualTo((byte) 42);
        assertThat(frames.get(2).fileOffset()).isEqualTo(24 + 16 + 10 + 16 + (3 << 20));
    }

    // ------------------------------------------------------------------ errors and truncation

    @Test
    void emptyInputIsNotACapture() {
        assertThatThrownBy(() -> CaptureReader.open(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("empty file")
                .satisfies(e -> assertThat(((CaptureFormatException) e).byteOffset()).isZero());
    }

    @Test
    void unknownMagicIsNotACapture() {
        byte[] text = "hello, this is not a capture".getBytes();
        assertThatThrownBy(() -> CaptureReader.open(new ByteArrayInputStream(text)))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("not a pcap or pcapng capture (magic 0x68656c6c)")
                .satisfies(e -> assertThat(((CaptureFormatException) e).byteOffset()).isZero());
        assertThatThrownBy(() -> CaptureReader.open(new ByteArrayInputStream(new byte[] {0x0a, 0x0d})))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("not a pcap or pcapng capture");
    }

    @Test
    void gzippedNonCaptureAndEmptyGzip() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write("<html>".getBytes());
        }
        assertThatThrownBy(() -> CaptureReader.open(new ByteArrayInputStream(bos.toByteArray())))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("magic 0x3c68746d");
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        new GZIPOutputStream(empty).close();
        assertThatThrownBy(() -> CaptureReader.open(new ByteArrayInputStream(empty.toByteArray())))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("empty file");
    }

    @Test
    void pcapFileHeaderCutShortIsAnError() {
        byte[] file = Arrays.copyOf(Bytes.le().u32(0xa1b2c3d4L).u16(2).u16(4).toByteArray(), 8);
        assertThatThrownBy(() -> CaptureReader.open(new ByteArrayInputStream(file)))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("pcap file header cut short");
    }

    @Test
    void lastPcapRecordCutShortReportsItsOffset() throws IOException {
        Path p = tmp.resolve("t.pcap");
        try (CaptureWriter w = CaptureWriter.pcap(p)) {
            w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + 1).ack(T0 + 2);
        }
        byte[] full = Files.readAllBytes(p);
        long lastRecord = 24 + 2 * (16 + 58);
        assertThat(full).hasSize((int) lastRecord + 16 + 54);
        for (int cut : new int[] {1, 20, 54 + 16 - 1}) {  // in the data, and in the record header
            byte[] file = Arrays.copyOf(full, full.length - cut);
            try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file))) {
                assertThat(readAll(r)).hasSize(2);
                assertThat(r.truncatedAtOffset()).as("cut %d", cut).isEqualTo(lastRecord);
                assertThat(r.next(new Frame())).isFalse();
            }
        }
        // cut exactly at a record boundary: a clean end
        byte[] file = Arrays.copyOf(full, (int) lastRecord);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file))) {
            assertThat(readAll(r)).hasSize(2);
            assertThat(r.truncatedAtOffset()).isEqualTo(-1);
        }
    }

    @Test
    void lastPcapngBlockCutShortReportsItsOffset() throws IOException {
        Path p = tmp.resolve("t.pcapng");
        try (CaptureWriter w = CaptureWriter.pcapng(p)) {
            w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + 1);
        }
        byte[] full = Files.readAllBytes(p);
        List<F> frames = readAll(full);
        long last = frames.get(1).fileOffset();
        for (int cut : new int[] {1, 4, (int) (full.length - last - 4)}) {
            byte[] file = Arrays.copyOf(full, full.length - cut);
            try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file))) {
                assertThat(readAll(r)).hasSize(1);
                assertThat(r.truncatedAtOffset()).isEqualTo(last);
            }
        }
    }

    @Test
    void pcapCapturedLengthAboveTheLimitIsCorrupt() {
        byte[] file = Bytes.le()
                .u32(0xa1b2c3d4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1)
                .u32(1).u32(0).u32(2).u32(2).raw(1, 2)
                .u32(1).u32(0).u32(0x7fff_0000L).u32(0x7fff_0000L).raw(1, 2, 3)
                .toByteArray();
        assertThatThrownBy(() -> readAll(file))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("captured length 2147418112")
                .satisfies(e -> assertThat(((CaptureFormatException) e).byteOffset()).isEqualTo(24 + 16 + 2));
    }

    @Test
    void pcapngBlockLengthNotAMultipleOfFourIsCorrupt() throws IOException {
        Bytes b = Bytes.le();
        b.u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1).u32(28);
        b.u32(1).u32(20).u16(1).u16(0).u32(0).u32(20);
        b.u32(6).u32(38).u32(0).u32(0).u32(0).u32(1).u32(1).raw(1, 0).u32(38);
        assertThatThrownBy(() -> readAll(b.toByteArray()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("invalid total length 38")
                .satisfies(e -> assertThat(((CaptureFormatException) e).byteOffset()).isEqualTo(48));
    }

    @Test
    void pcapngBlockLengthBelowTwelveIsCorrupt() {
        Bytes b = Bytes.le();
        b.u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1).u32(28);
        b.u32(1).u32(8).u32(8);
        assertThatThrownBy(() -> readAll(b.toByteArray()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("invalid total length 8")
                .satisfies(e -> assertThat(((CaptureFormatException) e).byteOffset()).isEqualTo(28));
    }

    @Test
    void pcapngTrailingLengthMismatchIsCorrupt() {
        Bytes b = Bytes.be();
        b.u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1).u32(28);
        b.u32(1).u32(20).u16(1).u16(0).u32(0).u32(24);
        assertThatThrownBy(() -> readAll(b.toByteArray()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("trailing copy 24")
                .satisfies(e -> assertThat(((CaptureFormatException) e).byteOffset()).isEqualTo(28));
    }

    @Test
    void pcapngHugeBlockIsCorrupt() {
        Bytes b = Bytes.le();
        b.u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1).u32(28);
        b.u32(6).u32(0x4000_0000L).u32(0);
        assertThatThrownBy(() -> readAll(b.toByteArray()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("above the 16777216-byte limit")
                .satisfies(e -> assertThat(((CaptureFormatException) e).byteOffset()).isEqualTo(28));
    }

    @Test
    void pcapngPacketOnAnUndescribedInterfaceIsCorrupt() {
        Bytes b = Bytes.le();
        b.u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1).u32(28);
        b.u32(1).u32(20).u16(1).u16(0).u32(0).u32(20);
        b.u32(6).u32(36).u32(3).u32(0).u32(0).u32(1).u32(1).raw(1, 0, 0, 0).u32(36);
        assertThatThrownBy(() -> readAll(b.toByteArray()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("interface 3")
                .satisfies(e -> assertThat(((CaptureFormatException) e).byteOffset()).isEqualTo(48));
    }

    @Test
    void pcapngEnhancedPacketLargerThanItsBlockIsCorrupt() {
        Bytes b = Bytes.le();
        b.u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1).u32(28);
        b.u32(1).u32(20).u16(1).u16(0).u32(0).u32(20);
        b.u32(6).u32(36).u32(0).u32(0).u32(0).u32(100).u32(100).raw(1, 0, 0, 0).u32(36);
        assertThatThrownBy(() -> readAll(b.toByteArray()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("captured length 100")
                .satisfies(e -> assertThat(((CaptureFormatException) e).byteOffset()).isEqualTo(48));
    }

    @Test
    void frameIsAReusedCursorIntoTheReadersBuffer() throws IOException {
        Path p = tmp.resolve("cursor.pcap");
        try (CaptureWriter w = CaptureWriter.pcap(p)) {
            w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + 1).ack(T0 + 2);
        }
        try (CaptureReader r = CaptureReader.open(p)) {
            Frame f = new Frame();
            assertThat(r.next(f)).isTrue();
            byte[] buffer = f.data();
            assertThat(r.next(f)).isTrue();
            assertThat(f.data()).isSameAs(buffer);
            assertThat(r.frameCount()).isEqualTo(2);
        }
    }
}
