package io.hellocheck.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture of {@link EncapsulationFixtures} decodes to the segments of the same connection written as
 * plain raw IP (addresses, ports, sequence and acknowledgment numbers, flags, window, payload bytes), with
 * the encapsulation named, and agrees with tshark's view of the file.
 *
 * <p>tshark's views are saved in {@code src/test/resources/io/hellocheck/frame/fixtures/NAME.tsv}: the command
 * first, then the SHA-256 of the fixture tshark read (the test checks that the writer still makes exactly
 * that file), then tshark's output. {@code regenerate.sh} beside them writes the fixtures and runs tshark
 * again; the tests never run tshark.
 */
class EncapsulationFixturesTest {

    private static final String RESOURCES = "/io/hellocheck/frame/fixtures/";

    @TempDir
    Path tmp;

    static Stream<String> fixtures() {
        return EncapsulationFixtures.ALL.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void decodesLikeThePlainConnectionAndLikeTshark(String name) throws IOException {
        EncapsulationFixtures.Fixture fx = EncapsulationFixtures.ALL.get(name);
        Path file = tmp.resolve(name + ".pcap");
        fx.write(file);
        Path plain = tmp.resolve(name + "-plain.pcap");
        fx.writePlain(plain);
        TsharkTable table = TsharkTable.load(RESOURCES + name + ".tsv");
        assertThat(table.command()).contains("tshark").contains("-r " + name + ".pcap");
        assertThat(sha256(file)).as("the fixture tshark read is the one the writer makes")
                .isEqualTo(table.fact("sha256 " + name + ".pcap"));

        List<Segment> expected = new ArrayList<>();
        FrameDecoder plainDecoder = new FrameDecoder();
        PacketView v = new PacketView();
        Frame f = new Frame();
        try (CaptureReader r = CaptureReader.open(plain)) {
            while (r.next(f)) {
                assertThat(plainDecoder.decode(f, v)).isEqualTo(DecodeStatus.TCP);
                expected.add(Segment.of(v));
            }
        }
        assertThat(expected).hasSize(9);

        SoftAssertions soft = new SoftAssertions();
        List<Segment> got = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder();
        int row = 0;
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.next(f)) {
                String where = name + " frame " + f.number();
                DecodeStatus s = decoder.decode(f, v);
                soft.assertThat(s).as(where).isIn(DecodeStatus.TCP, DecodeStatus.FRAGMENT);
                soft.assertThat(row).as(where + ": a tshark row").isLessThan(table.rows.size());
                if (row < table.rows.size()) {
                    String[] t = table.rows.get(row++);
                    soft.assertThat(table.get(t, "frame.number")).as(where).isEqualTo(String.valueOf(f.number()));
                    table.check(soft, where, t, s, v);
                }
                if (s == DecodeStatus.TCP) {
                    soft.assertThat(v.encapsulation()).as(where + " encapsulation").isEqualTo(fx.expected());
                    got.add(Segment.of(v));
                }
            }
        }
        soft.assertThat(row).as("tshark rows").isEqualTo(table.rows.size());
        soft.assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < Math.min(got.size(), expected.size()); i++) {
            Segment g = got.get(i);
            Segment e = expected.get(i);
            soft.assertThat(g.header()).as(name + " segment " + i).isEqualTo(e.header());
            if (fx.snaplen() == 0) {
                soft.assertThat(g.missing()).as(name + " segment " + i + " missing").isZero();
                soft.assertThat(g.payload()).as(name + " segment " + i + " payload").isEqualTo(e.payload());
            } else {
                // Cut by the snaplen: the captured bytes are the payload's first ones, the rest is missing.
                soft.assertThat(g.payload().length + g.missing()).as(name + " segment " + i + " length")
                        .isEqualTo(e.payload().length);
                soft.assertThat(g.payload()).as(name + " segment " + i + " payload")
                        .isEqualTo(Arrays.copyOf(e.payload(), g.payload().length));
            }
        }
        FragmentCounters c = decoder.fragmentCounters();
        soft.assertThat(c.overlaps() + c.dropped() + c.incomplete()).as(name + " " + c).isZero();
        soft.assertThat(c.fragments() > 0).as(name + " " + c).isEqualTo(name.contains("fragments"));
        soft.assertAll();
    }

    @Test
    void snaplenInsideATunnelIsMissingBytesNotPayload() throws IOException {
        EncapsulationFixtures.Fixture fx = EncapsulationFixtures.ALL.get("vxlan-snaplen");
        Path file = tmp.resolve("cut.pcap");
        fx.write(file);
        FrameDecoder decoder = new FrameDecoder();
        PacketView v = new PacketView();
        Frame f = new Frame();
        int cut = 0;
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.next(f)) {
                assertThat(decoder.decode(f, v)).isEqualTo(DecodeStatus.TCP);
                if (f.isTruncated()) {
                    cut++;
                    // 160 captured: Ethernet 14, IPv4 20, UDP 8, VXLAN 8, Ethernet 14, IPv4 20, TCP 20 = 104
                    assertThat(v.payloadOffset() + v.payloadLength()).isEqualTo(f.offset() + 160);
                    assertThat(v.payloadLength()).isEqualTo(160 - 104);
                    assertThat(v.payloadLength() + v.payloadMissingBytes()).isIn(517, 1300);
                }
            }
        }
        assertThat(cut).isEqualTo(2);
    }

    /**
     * Writes every fixture into the folder named by {@code -Dhellocheck.writeFixtures=DIR} (regenerate.sh). Tagged
     * {@code fixture-writer}, which the build excludes unless asked for, so it never runs (or shows as skipped)
     * in the test suites.
     */
    @Test
    @Tag("fixture-writer")
    void writeFixtures() throws IOException {
        Path dir = Path.of(System.getProperty("hellocheck.writeFixtures"));
        Files.createDirectories(dir);
        for (EncapsulationFixtures.Fixture fx : EncapsulationFixtures.ALL.values()) {
            fx.write(dir.resolve(fx.name() + ".pcap"));
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A decoded TCP segment: its header fields as text, its captured payload, the bytes missing. */
    record Segment(String header, byte[] payload, int missing) {
        static Segment of(PacketView v) {
            String h = (v.isIpv6() ? "IPv6 " : "IPv4 ") + IpAddresses.format(v.srcHi(), v.srcLo()) + "." + v.srcPort()
                    + " > " + IpAddresses.format(v.dstHi(), v.dstLo()) + "." + v.dstPort() + " flags 0x"
                    + Integer.toHexString(v.flags()) + " seq " + v.seq() + " ack " + v.ack() + " win " + v.window()
                    + " ttl " + v.ttl();
            return new Segment(h, Arrays.copyOfRange(v.data(), v.payloadOffset(), v.payloadOffset() + v.payloadLength()),
                    v.payloadMissingBytes());
        }
    }
}
