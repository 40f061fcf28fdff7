package io.hellocheck.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frame decoder against tshark on public captures. The expectations are tshark's output, saved in
 * {@code src/test/resources/io/hellocheck/frame/tshark/*.tsv}; the first line of each file is the command
 * that produced it (run in {@code ../shared/captures/public}). The test does not run tshark.
 *
 * <p>For each frame, the status tshark's protocol chain implies must be ours (TCP through the link types,
 * tunnels and encapsulations we decode: PPPoE, Cisco MetaData, GTP-U, IP-in-IP, ...; OTHER_IP for ICMP,
 * ...), and for TCP every field must equal tshark's: addresses, ports, raw sequence and acknowledgment
 * numbers, flags, window, TTL or hop limit, IP id, the TCP payload length, and the encapsulation chain the
 * protocol chain names (see {@link TsharkTable}).
 */
@Tag("public-captures")
class FrameDecoderPublicCapturesTest {

    private static final String RESOURCES = "/io/hellocheck/frame/tshark/";

    @ParameterizedTest
    @ValueSource(strings = {
        "mercury__pcaps__sll_tls.pcap.tsv",
        "mercury__pcaps__sll2_tls.pcap.tsv",
        "zeek__Traces__tls__ml-dsa-44-cert.pcap.tsv",
        "suricata-verify__tests__linktype-228__flow-test-01.pcap.tsv",
        "suricata-verify__tests__tls-duplicate-hello__input.pcap.tsv",
        "arkime__pcap__tls-alpn-h2.pcap.tsv",
        "zeek__Traces__pppoe-over-qinq.pcap.tsv",
        "ndpi__pcap__4in6tunnel.pcap.tsv",
        "ndpi__pcap__dtls.pcap.tsv",
        "zeek__Traces__quic__interop__quic-go_quic-go__retry.pcap.tsv",
        "zeek__Traces__tls__dtls1_0.pcap.tsv",
        "zeek__Traces__quic__quicv2-http3-443.pcap.tsv",
        "suricata-verify__tests__tls__tls-certs-alert__input.pcap.tsv",
        "zeek__Traces__tls__irc-starttls.pcap.tsv",
        "suricata-verify__tests__tcp-fastopen-11-reject-syn-data__tlpw-tcp-tfo-data-on-syn-nack.pcap.tsv",
        "ja4__pcap__latest.pcapng.tsv",
        "ndpi__pcap__tls_cipher_lens.pcap.tsv",
        "ndpi__pcap__tls_invalid_reads.pcap.tsv",
        "zeek__Traces__tls__tls-fragmented-handshake.pcap.gz.tsv",
        "mercury__pcaps__tls_sgt.pcap.tsv",
        "zeek__Traces__http__connect-with-header.pcap.tsv",
    })
    void decoderAgreesWithTshark(String expectation, TestReporter reporter) throws IOException {
        TsharkTable table = TsharkTable.load(RESOURCES + expectation);
        String command = table.comments.get(0);
        assertThat(command).startsWith("# cd shared/captures/public && tshark");
        String[] words = command.split("\\s+");
        String capture = null;
        int limit = Integer.MAX_VALUE;
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("-r")) {
                capture = words[i + 1];
            } else if (words[i].equals("-c")) {
                limit = Integer.parseInt(words[i + 1]);
            }
        }
        Path file = Path.of(System.getProperty("hellocheck.shared", "../shared"), "captures", "public", capture);
        assertThat(file).as("public capture").exists();

        FrameDecoder decoder = new FrameDecoder();
        PacketView v = new PacketView();
        Frame f = new Frame();
        Map<DecodeStatus, Integer> counts = new EnumMap<>(DecodeStatus.class);
        Map<String, Integer> encapsulations = new TreeMap<>();
        SoftAssertions soft = new SoftAssertions();
        int row = 0;
        try (CaptureReader r = CaptureReader.open(Files.newInputStream(file))) {
            while (row < table.rows.size() && r.next(f)) {
                String[] t = table.rows.get(row++);
                String where = capture + " frame " + f.number();
                soft.assertThat(f.number()).as(where).isEqualTo(Long.parseLong(table.get(t, "frame.number")));
                DecodeStatus got = decoder.decode(f, v);
                counts.merge(got, 1, Integer::sum);
                table.check(soft, where, t, got, v);
                if (got == DecodeStatus.TCP) {
                    encapsulations.merge(String.valueOf(v.encapsulation()), 1, Integer::sum);
                    soft.assertThat(v.frameNumber()).isEqualTo(f.number());
                    soft.assertThat(v.timestampNanos()).isEqualTo(f.timestampNanos());
                }
            }
        }
        soft.assertThat(row).as("frames read for " + capture).isEqualTo(table.rows.size());
        soft.assertAll();
        assertThat(row).isLessThanOrEqualTo(limit);
        reporter.publishEntry(capture, counts + " " + encapsulations);
        System.out.println("decoder vs tshark " + capture + ": " + row + " frames " + counts
                + " TCP by encapsulation " + encapsulations);
    }
}
