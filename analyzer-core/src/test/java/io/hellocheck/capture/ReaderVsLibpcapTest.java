package io.hellocheck.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.CaptureWriter.Format;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our reader against libpcap (through pcap4j): frame by frame, timestamps in ns, original lengths,
 * captured bytes and link types must be equal.
 */
class ReaderVsLibpcapTest {

    private static final long T0 = 1_700_000_000_123_456_789L;

    @TempDir
    Path tmp;

    /** Every capture under {@code <project>/sample-captures}: each one is compared frame by frame. */
    @Test
    void sampleCaptures(TestReporter reporter) throws IOException {
        Path dir = Path.of(System.getProperty("hellocheck.root", "."), "sample-captures");
        List<Path> files = LibpcapComparison.capturesUnder(dir);
        List<LibpcapComparison.Outcome> outcomes = LibpcapComparison.compareAll(files, tmp);
        report(reporter, dir, outcomes);
        assertThat(files).as("captures under " + dir).hasSizeGreaterThanOrEqualTo(18);
        assertThat(outcomes).as("captures compared with libpcap under " + dir)
                .allMatch(LibpcapComparison.Outcome::compared);
    }

    /** Captures made by the test writer, in every format and byte order it writes, read by libpcap too. */
    @Test
    void writerCaptures(TestReporter reporter) throws IOException {
        int i = 0;
        for (Format format : Format.values()) {
            for (boolean be : new boolean[] {false, true}) {
                for (int linkType : new int[] {1, 0, 101, 108, 113, 228, 276}) {
                    Path p = tmp.resolve("w" + (i++) + "-" + format + "-" + be + "-" + linkType + ".pcap");
                    CaptureWriter.Builder b = CaptureWriter.to(p).format(format).linkType(linkType);
                    if (be) {
                        b.bigEndian();
                    }
                    if (linkType == 1 && be) {
                        b.vlanTags(0x8100_0064);
                    }
                    if (linkType == 113) {
                        b.snaplen(80);
                    }
                    try (CaptureWriter w = b.build()) {
                        TcpFlow f = w.tcp("192.0.2.1", 40000, "192.0.2.2", 443).clientIsn(0xFFFF_FFF0L);
                        f.syn(T0).synAck(T0 + 1_000).ack(T0 + 2_000).clientData(T0 + 3_000, new byte[700])
                                .serverData(T0 + 4_000, new byte[33]).clientFin(T0 + 5_000);
                        if (linkType != 228) {
                            TcpFlow g = w.tcp("2001:db8::1", 40001, "2001:db8::2", 443);
                            g.syn(T0 + 6_000).refuse(T0 + 7_000);
                        }
                    }
                    LibpcapComparison.Outcome o = LibpcapComparison.compare(p, tmp);
                    assertThat(o.compared()).as(o.toString()).isTrue();
                    assertThat(o.frames()).isEqualTo(linkType == 228 ? 6 : 8);
                }
            }
        }
        reporter.publishEntry("writer captures compared with libpcap", Integer.toString(i));
    }

    @Test
    void gzippedAndTruncatedCaptures() throws IOException {
        Path gz = tmp.resolve("g.pcapng.gz");
        try (CaptureWriter w = CaptureWriter.to(gz).format(Format.PCAPNG).gzip().build()) {
            w.tcp("10.1.1.1", 1234, "10.1.1.2", 443).syn(T0).synAck(T0 + 10).ack(T0 + 20);
        }
        LibpcapComparison.Outcome o = LibpcapComparison.compare(gz, tmp);
        assertThat(o.compared()).isTrue();
        assertThat(o.frames()).isEqualTo(3);

        Path full = tmp.resolve("full.pcap");
        try (CaptureWriter w = CaptureWriter.pcap(full)) {
            w.tcp("10.1.1.1", 1234, "10.1.1.2", 443).syn(T0).synAck(T0 + 10).ack(T0 + 20);
        }
        byte[] bytes = Files.readAllBytes(full);
        Path cut = tmp.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        LibpcapComparison.Outcome c = LibpcapComparison.compare(cut, tmp);
        assertThat(c.compared()).isTrue();
        assertThat(c.frames()).isEqualTo(2);
        assertThat(c.note()).startsWith("cut at byte " + (24 + 2 * (16 + 58)));
    }

    @Test
    void pcapngWithInterfacesOfDifferentLinkTypesIsSkippedWithAReason() throws IOException {
        Path p = tmp.resolve("mixed.pcapng");
        byte[] ip = Packets.ipTcp("10.0.0.1", 1, "10.0.0.2", 2, 0, 0, Packets.SYN, new byte[0]);
        try (CaptureWriter w = CaptureWriter.pcapng(p)) {
            int raw = w.addInterface(101, 0, 9, 0);
            w.ip(T0, ip);
            w.frameOn(raw, T0 + 1, ip);
        }
        LibpcapComparison.Outcome o = LibpcapComparison.compare(p, tmp);
        assertThat(o.compared()).isFalse();
        assertThat(o.note()).contains("different link types");
    }

    static void report(TestReporter reporter, Path dir, List<LibpcapComparison.Outcome> outcomes) {
        long compared = outcomes.stream().filter(LibpcapComparison.Outcome::compared).count();
        long frames = outcomes.stream().mapToLong(LibpcapComparison.Outcome::frames).sum();
        StringBuilder sb = new StringBuilder();
        sb.append("reader vs libpcap under ").append(dir).append(": ").append(outcomes.size()).append(" files, ")
                .append(compared).append(" compared (").append(frames).append(" frames), ")
                .append(outcomes.size() - compared).append(" skipped\n");
        for (LibpcapComparison.Outcome o : outcomes) {
            if (!o.compared() || o.note() != null) {
                sb.append("  ").append(o).append('\n');
            }
        }
        System.out.print(sb);
        reporter.publishEntry("reader-vs-libpcap", sb.toString());
    }
}
