package io.hellocheck.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.SoftAssertions;

/**
 * A saved tshark field table ({@code -T fields -E header=y -E separator=/t}): comment lines first (the
 * command that made it, then optional facts such as {@code # sha256 FILE HASH}), the header, one row per
 * frame. Knows what our decoder must say for a row: the status the protocol chain implies and, for TCP,
 * every field tshark printed. Address, TTL and port fields are expected with {@code -E occurrence=l} (the
 * innermost header) when the capture has tunnels; tshark reassembles IP fragments, showing the datagram in
 * the frame that completes it, as our decoder does.
 */
final class TsharkTable {

    final List<String> comments = new ArrayList<>();
    final Map<String, Integer> col = new HashMap<>();
    final List<String[]> rows = new ArrayList<>();

    static TsharkTable load(String resource) throws IOException {
        TsharkTable t = new TsharkTable();
        try (InputStream in = Objects.requireNonNull(TsharkTable.class.getResourceAsStream(resource), resource);
             BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean header = false;
            for (String l; (l = br.readLine()) != null; ) {
                if (!header && l.startsWith("#")) {
                    t.comments.add(l);
                } else if (!header) {
                    String[] h = l.split("\t", -1);
                    for (int i = 0; i < h.length; i++) {
                        t.col.put(h[i], i);
                    }
                    header = true;
                } else {
                    t.rows.add(l.split("\t", -1));
                }
            }
        }
        return t;
    }

    /** The command line (the first comment, without "# "). */
    String command() {
        return comments.get(0).substring(2);
    }

    /** The value of a "# KEY VALUE..." comment line, or null. */
    String fact(String key) {
        for (String c : comments) {
            if (c.startsWith("# " + key + " ")) {
                return c.substring(key.length() + 3);
            }
        }
        return null;
    }

    String get(String[] row, String field) {
        Integer i = col.get(field);
        return i == null || i >= row.length ? "" : row[i];
    }

    /** Layers our decoder looks through to reach an IP header (or an inner Ethernet header). */
    private static boolean isCarrier(String layer) {
        switch (layer) {
            case "eth", "ethertype", "vlan", "ieee8021ad", "sll", "null", "raw", "loop", "ppp", "pppoes", "cmd",
                 "mpls", "pwethheuristic", "pwethcw", "pwethnocw", "gre", "erspan", "vxlan", "geneve", "gtp", "l2tp",
                 "etherip":
                return true;
            default:
                return false;
        }
    }

    /** The status the protocol chain of {@code row} implies for our decoder. */
    DecodeStatus expectedStatus(String[] row) {
        String[] layers = get(row, "frame.protocols").split(":");
        boolean sawIp = false;
        int i = 0;
        while (i < layers.length) {
            String layer = layers[i];
            if (isCarrier(layer)) {
                i++;
                continue;
            }
            if (!layer.equals("ip") && !layer.equals("ipv6")) {
                return sawIp ? DecodeStatus.OTHER_IP : DecodeStatus.NOT_IP; // arp, lldp, icmp inside, ...
            }
            sawIp = true;
            i++;
            boolean fragmentHeader = false;
            while (i < layers.length && layers[i].startsWith("ipv6.")) {
                fragmentHeader |= layers[i].equals("ipv6.fraghdr");
                i++;
            }
            String next = i < layers.length ? layers[i] : "";
            switch (next) {
                case "ip", "ipv6", "gre", "etherip":
                    continue;                                  // a tunnel: go on inside
                case "tcp":
                    return DecodeStatus.TCP;
                case "icmp", "icmpv6": {
                    // an error quoting a TCP header: tshark read the header through the window (16 bytes)
                    boolean quotesTcp = false;
                    for (int k = i + 1; k < layers.length; k++) {
                        quotesTcp |= layers[k].equals("tcp");
                    }
                    return quotesTcp && !get(row, "tcp.window_size_value").isEmpty()
                            ? DecodeStatus.ICMP_QUOTED_TCP : DecodeStatus.OTHER_IP;
                }
                case "udp": {
                    String app = i + 1 < layers.length ? layers[i + 1] : "";
                    if (app.equals("vxlan") || app.equals("geneve") || app.equals("gtp") || app.equals("l2tp")) {
                        i++;
                        continue;
                    }
                    if (get(row, "udp.srcport").equals("443") || get(row, "udp.dstport").equals("443")) {
                        return DecodeStatus.UDP_QUIC;
                    }
                    return app.equals("dtls") ? DecodeStatus.UDP_DTLS : DecodeStatus.OTHER_IP;
                }
                case "data":
                    boolean v4Fragment = layer.equals("ip")
                            && (get(row, "ip.flags.mf").equals("1") || !get(row, "ip.frag_offset").equals("0"));
                    return fragmentHeader || v4Fragment ? DecodeStatus.FRAGMENT : DecodeStatus.OTHER_IP;
                default:
                    return DecodeStatus.OTHER_IP;
            }
        }
        return sawIp ? DecodeStatus.OTHER_IP : DecodeStatus.NOT_IP;
    }

    /** Whether the IP header right before "tcp" in the protocol chain is IPv6. */
    boolean innermostIsIpv6(String[] row) {
        String[] layers = get(row, "frame.protocols").split(":");
        boolean v6 = false;
        for (String l : layers) {
            if (l.equals("ip")) {
                v6 = false;
            } else if (l.equals("ipv6")) {
                v6 = true;
            } else if (l.equals("tcp")) {
                break;
            }
        }
        return v6;
    }

    /**
     * The encapsulation chain the protocol chain implies, with VLAN layers as "VLAN" (tshark does not say
     * whether a tag was 802.1Q or QinQ); null for none.
     */
    String expectedEncapsulation(String[] row) {
        List<String> chain = new ArrayList<>();
        String prev = "";   // the previous layer, IPv6 extension headers and "ethertype" left out
        for (String l : get(row, "frame.protocols").split(":")) {
            if (l.equals("tcp")) {
                break;
            }
            if (l.startsWith("ipv6.") || l.equals("ethertype")) {
                continue;
            }
            boolean prevVlan = prev.equals("vlan") || prev.equals("ieee8021ad");
            boolean prevIp = prev.equals("ip") || prev.equals("ipv6");
            switch (l) {
                case "vlan", "ieee8021ad" -> {
                    if (!prevVlan) {
                        chain.add("VLAN");  // the tags of one Ethernet header are one layer
                    }
                }
                case "pppoes" -> chain.add(FrameDecoder.PPPOE);
                case "mpls" -> chain.add(FrameDecoder.MPLS);
                case "cmd" -> chain.add(FrameDecoder.CISCO_METADATA);
                case "gre" -> chain.add(FrameDecoder.GRE);
                case "erspan" -> chain.add(FrameDecoder.ERSPAN);
                case "vxlan" -> chain.add(FrameDecoder.VXLAN);
                case "geneve" -> chain.add(FrameDecoder.GENEVE);
                case "gtp" -> chain.add(FrameDecoder.GTP_U);
                case "l2tp" -> chain.add(FrameDecoder.L2TP);
                case "etherip" -> chain.add(FrameDecoder.ETHERIP);
                case "ip", "ipv6" -> {
                    if (prevIp) {
                        boolean outer6 = prev.equals("ipv6");
                        boolean inner6 = l.equals("ipv6");
                        chain.add(outer6 ? (inner6 ? FrameDecoder.SIX_IN_SIX : FrameDecoder.FOUR_IN_SIX)
                                : (inner6 ? FrameDecoder.SIX_IN_FOUR : FrameDecoder.IP_IN_IP));
                    }
                }
                default -> {
                }
            }
            prev = l;
        }
        return chain.isEmpty() ? null : String.join("/", chain);
    }

    /** {@code "802.1Q"} and {@code "802.1ad"} as "VLAN", as {@link #expectedEncapsulation} writes them. */
    static String vlanAsOne(String encapsulation) {
        return encapsulation == null ? null
                : encapsulation.replace(FrameDecoder.DOT1Q, "VLAN").replace(FrameDecoder.DOT1AD, "VLAN");
    }

    /** Checks a decoded frame against its row: status, and every TCP field tshark printed. */
    void check(SoftAssertions soft, String where, String[] row, DecodeStatus got, PacketView v) {
        DecodeStatus expected = expectedStatus(row);
        soft.assertThat(got).as(where + " (" + get(row, "frame.protocols") + ")").isEqualTo(expected);
        if (got != DecodeStatus.TCP || expected != DecodeStatus.TCP) {
            return;
        }
        boolean v6 = innermostIsIpv6(row);
        soft.assertThat(v.isIpv6()).as(where + " ipv6").isEqualTo(v6);
        soft.assertThat(IpAddresses.format(v.srcHi(), v.srcLo(), v6)).as(where + " src")
                .isEqualTo(get(row, v6 ? "ipv6.src" : "ip.src"));
        soft.assertThat(IpAddresses.format(v.dstHi(), v.dstLo(), v6)).as(where + " dst")
                .isEqualTo(get(row, v6 ? "ipv6.dst" : "ip.dst"));
        String ttl = get(row, v6 ? "ipv6.hlim" : "ip.ttl");
        if (!ttl.isEmpty()) {
            soft.assertThat(v.ttl()).as(where + " ttl").isEqualTo(Integer.parseInt(ttl));
        }
        String id = get(row, "ip.id");
        if (!id.isEmpty() || v6) {
            soft.assertThat(v.ipId()).as(where + " ip id").isEqualTo(v6 ? -1 : Integer.decode(id));
        }
        soft.assertThat(v.srcPort()).as(where + " sport").isEqualTo(Integer.parseInt(get(row, "tcp.srcport")));
        soft.assertThat(v.dstPort()).as(where + " dport").isEqualTo(Integer.parseInt(get(row, "tcp.dstport")));
        soft.assertThat(v.seq()).as(where + " seq").isEqualTo(Long.parseLong(get(row, "tcp.seq_raw")));
        String ack = get(row, "tcp.ack_raw");
        if (!ack.isEmpty()) {
            soft.assertThat(v.ack()).as(where + " ack").isEqualTo(Long.parseLong(ack));
        }
        String flags = get(row, "tcp.flags");
        if (!flags.isEmpty()) {
            soft.assertThat(v.flags()).as(where + " flags").isEqualTo(Integer.decode(flags) & 0xff);
        }
        String window = get(row, "tcp.window_size_value");
        if (!window.isEmpty()) {
            soft.assertThat(v.window()).as(where + " window").isEqualTo(Integer.parseInt(window));
        }
        int tcpLen = Integer.parseInt(get(row, "tcp.len"));
        soft.assertThat(v.payloadLength() + v.payloadMissingBytes()).as(where + " tcp.len").isEqualTo(tcpLen);
        if (!get(row, "frame.cap_len").isEmpty() && get(row, "frame.cap_len").equals(get(row, "frame.len"))) {
            soft.assertThat(v.payloadMissingBytes()).as(where + " missing").isZero();
        }
        soft.assertThat(vlanAsOne(v.encapsulation())).as(where + " encapsulation").isEqualTo(expectedEncapsulation(row));
    }

    static void assertHeaderHas(TsharkTable t, String... fields) {
        for (String f : fields) {
            assertThat(t.col).as("tshark table columns").containsKey(f);
        }
    }
}
