package io.hellocheck.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>For each frame, the status tshark's protocol chain implies must be ours (TCP over the link types we
 * decode; UNSUPPORTED under PPP, PPPoE, Cisco metadata, GTP or IP-in-IP; OTHER_IP for ICMP, ...), and for
 * TCP every field must equal tshark's: addresses, ports, raw sequence and acknowledgment numbers, flags,
 * window, TTL or hop limit, IP id and the TCP payload length.
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
        List<String> lines = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(RESOURCES + expectation),
                expectation);
             BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l; (l = br.readLine()) != null; ) {
                lines.add(l);
            }
        }
        String command = lines.get(0);
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
        String[] header = lines.get(1).split("\t", -1);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            col.put(header[i], i);
        }
        Path file = Path.of(System.getProperty("hellocheck.shared", "../shared"), "captures", "public", capture);
        assertThat(file).as("public capture").exists();

        FrameDecoder decoder = new FrameDecoder();
        PacketView v = new PacketView();
        Frame f = new Frame();
        Map<DecodeStatus, Integer> counts = new EnumMap<>(DecodeStatus.class);
        SoftAssertions soft = new SoftAssertions();
        int row = 2;
        try (CaptureReader r = CaptureReader.open(Files.newInputStream(file))) {
            while (row < lines.size() && r.next(f)) {
                String[] t = lines.get(row++).split("\t", -1);
                String where = capture + " frame " + f.number();
                soft.assertThat(f.number()).as(where).isEqualTo(Long.parseLong(t[col.get("frame.number")]));
                DecodeStatus got = decoder.decode(f, v);
                counts.merge(got, 1, Integer::sum);
                DecodeStatus expected = expectedStatus(t, col);
                soft.assertThat(got).as(where + " (" + t[col.get("frame.protocols")] + ")").isEqualTo(expected);
                if (got != DecodeStatus.TCP || expected != DecodeStatus.TCP) {
                    continue;
                }
                boolean v6 = !t[col.get("ipv6.src")].isEmpty() && t[col.get("ip.src")].isEmpty();
                soft.assertThat(v.isIpv6()).as(where + " ipv6").isEqualTo(v6);
                soft.assertThat(IpAddresses.format(v.srcHi(), v.srcLo(), v6)).as(where + " src")
                        .isEqualTo(t[col.get(v6 ? "ipv6.src" : "ip.src")]);
                soft.assertThat(IpAddresses.format(v.dstHi(), v.dstLo(), v6)).as(where + " dst")
                        .isEqualTo(t[col.get(v6 ? "ipv6.dst" : "ip.dst")]);
                soft.assertThat(v.ttl()).as(where + " ttl")
                        .isEqualTo(Integer.parseInt(t[col.get(v6 ? "ipv6.hlim" : "ip.ttl")]));
                soft.assertThat(v.ipId()).as(where + " ip id")
                        .isEqualTo(v6 ? -1 : Integer.decode(t[col.get("ip.id")]));
                soft.assertThat(v.srcPort()).as(where + " sport").isEqualTo(Integer.parseInt(t[col.get("tcp.srcport")]));
                soft.assertThat(v.dstPort()).as(where + " dport").isEqualTo(Integer.parseInt(t[col.get("tcp.dstport")]));
                soft.assertThat(v.seq()).as(where + " seq").isEqualTo(Long.parseLong(t[col.get("tcp.seq_raw")]));
                soft.assertThat(v.ack()).as(where + " ack").isEqualTo(Long.parseLong(t[col.get("tcp.ack_raw")]));
                soft.assertThat(v.flags()).as(where + " flags").isEqualTo(Integer.decode(t[col.get("tcp.flags")]) & 0xff);
                soft.assertThat(v.window()).as(where + " window")
                        .isEqualTo(Integer.parseInt(t[col.get("tcp.window_size_value")]));
                int tcpLen = Integer.parseInt(t[col.get("tcp.len")]);
                soft.assertThat(v.payloadLength() + v.payloadMissingBytes()).as(where + " tcp.len").isEqualTo(tcpLen);
                if (t[col.get("frame.cap_len")].equals(t[col.get("frame.len")])) {
                    soft.assertThat(v.payloadMissingBytes()).as(where + " missing").isZero();
                }
                soft.assertThat(v.frameNumber()).isEqualTo(f.number());
                soft.assertThat(v.timestampNanos()).isEqualTo(f.timestampNanos());
            }
        }
        soft.assertThat(row).as("frames read for " + capture).isEqualTo(lines.size());
        soft.assertAll();
        assertThat(row - 2).isLessThanOrEqualTo(limit);
        reporter.publishEntry(capture, counts.toString());
        System.out.println("decoder vs tshark " + capture + ": " + (row - 2) + " frames " + counts);
    }

    /** The status tshark's view of a frame implies for our decoder. */
    static DecodeStatus expectedStatus(String[] t, Map<String, Integer> col) {
        String[] layers = t[col.get("frame.protocols")].split(":");
        int i = 0;
        scan:
        while (i < layers.length && !layers[i].equals("ip") && !layers[i].equals("ipv6")) {
            switch (layers[i]) {
                case "eth", "ethertype", "vlan", "sll", "null", "raw", "loop":
                    break;
                case "ppp", "pppoes", "cmd", "mpls", "gre", "erspan", "vxlan", "nsh":
                    return DecodeStatus.UNSUPPORTED;   // link types or encapsulations not decoded yet
                default:
                    break scan;                        // arp, lldp, ...
            }
            i++;
        }
        if (i == layers.length || !(layers[i].equals("ip") || layers[i].equals("ipv6"))) {
            return DecodeStatus.NOT_IP;
        }
        i++;
        while (i < layers.length && layers[i].startsWith("ipv6.")) {
            i++;  // extension headers
        }
        if (!t[col.get("ip.src")].isEmpty()
                && (t[col.get("ip.flags.mf")].equals("1") || !t[col.get("ip.frag_offset")].equals("0"))) {
            return DecodeStatus.FRAGMENT;
        }
        String next = i < layers.length ? layers[i] : "";
        switch (next) {
            case "tcp":
                return DecodeStatus.TCP;
            case "udp": {
                if (t[col.get("udp.srcport")].equals("443") || t[col.get("udp.dstport")].equals("443")) {
                    return DecodeStatus.UDP_QUIC;
                }
                String app = i + 1 < layers.length ? layers[i + 1] : "";
                return switch (app) {
                    case "dtls" -> DecodeStatus.UDP_DTLS;
                    case "gtp", "vxlan", "geneve" -> DecodeStatus.UNSUPPORTED;
                    default -> DecodeStatus.OTHER_IP;
                };
            }
            case "ip", "ipv6", "gre" :
                return DecodeStatus.UNSUPPORTED;
            default:
                return DecodeStatus.OTHER_IP;
        }
    }
}
