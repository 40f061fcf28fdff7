package io.hellocheck.frame;

import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Encapsulation;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One small capture per encapsulation, made with the test writer: the same TCP connection (handshake, a
 * 517-byte client flight, a 1,300-byte server flight, FINs) carried in PPPoE, MPLS, GRE, VXLAN, ... or cut
 * into fragments. {@link EncapsulationFixturesTest} decodes each and compares with the connection written
 * without encapsulation and with tshark's view of the file saved in
 * {@code src/test/resources/io/hellocheck/frame/fixtures/NAME.tsv}.
 */
final class EncapsulationFixtures {

    static final long T0 = 1_750_000_000_000_000_000L;
    static final int CLIENT_PORT = 50123;
    static final int SERVER_PORT = 443;
    static final int CLIENT_BYTES = 517;
    static final int SERVER_BYTES = 1300;

    /**
     * A fixture.
     *
     * @param name          file name without ".pcap"
     * @param linkType      the writer's link type
     * @param vlanTags      the writer's VLAN tags (Ethernet), outermost
     * @param snaplen       the writer's snaplen (0: none)
     * @param encapsulation a new encapsulation (steps may count)
     * @param client        inner client address
     * @param server        inner server address
     * @param expected      what {@link PacketView#encapsulation()} must say for every segment
     */
    record Fixture(String name, int linkType, int[] vlanTags, int snaplen, Supplier<Encapsulation> encapsulation,
                   String client, String server, String expected) {

        void write(Path file) {
            CaptureWriter.Builder b = CaptureWriter.to(file).format(CaptureWriter.Format.PCAP_NANO)
                    .linkType(linkType).vlanTags(vlanTags).snaplen(snaplen);
            if (encapsulation != null) {
                b.encapsulation(encapsulation.get());
            }
            try (CaptureWriter w = b.build()) {
                writeFlow(w, client, server);
            }
        }

        /** The same connection, plain raw IP: what every fixture must decode to. */
        void writePlain(Path file) {
            try (CaptureWriter w = CaptureWriter.to(file).format(CaptureWriter.Format.PCAP_NANO)
                    .linkType(CaptureWriter.RAW).build()) {
                writeFlow(w, client, server);
            }
        }
    }

    static void writeFlow(CaptureWriter w, String client, String server) {
        TcpFlow f = w.tcp(client, CLIENT_PORT, server, SERVER_PORT).clientIsn(0x1000_0000L).serverIsn(0xF000_0000L);
        long ms = 1_000_000L;
        f.syn(T0).synAck(T0 + ms).ack(T0 + 2 * ms)
                .clientData(T0 + 3 * ms, pattern(CLIENT_BYTES, 7))
                .serverData(T0 + 5 * ms, pattern(SERVER_BYTES, 11))
                .clientAck(T0 + 6 * ms)
                .clientFin(T0 + 7 * ms).serverFin(T0 + 8 * ms).clientAck(T0 + 9 * ms);
    }

    /** Bytes that are not a TLS record and differ between the directions. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * seed + (i >>> 8) + 0x40);
        }
        return b;
    }

    static final String C4 = "192.0.2.10";
    static final String S4 = "198.51.100.20";
    static final String C6 = "2001:db8:a::10";
    static final String S6 = "2001:db8:b::20";
    static final String OUTER_C4 = "203.0.113.1";
    static final String OUTER_S4 = "203.0.113.254";
    static final String OUTER_C6 = "2001:db8:ffff::1";
    static final String OUTER_S6 = "2001:db8:ffff::fe";

    static final Map<String, Fixture> ALL = new LinkedHashMap<>();

    private static void add(String name, int linkType, int[] tags, int snaplen, Supplier<Encapsulation> e,
                            String client, String server, String expected) {
        ALL.put(name, new Fixture(name, linkType, tags, snaplen, e, client, server, expected));
    }

    private static final int ETH = CaptureWriter.ETHERNET;
    private static final int[] NO_TAGS = {};

    static {
        add("pppoe-qinq", ETH, new int[] {0x88A8_0064, 0x8100_00C8}, 0, () -> Encapsulation.pppoe(0x2A), C4, S4,
                "802.1ad/PPPoE");
        add("pppoe-ipv6", ETH, NO_TAGS, 0, () -> Encapsulation.pppoe(7), C6, S6, "PPPoE");
        add("mpls", ETH, NO_TAGS, 0, () -> Encapsulation.mpls(100, 200), C4, S4, "MPLS");
        add("mpls-ipv6", ETH, NO_TAGS, 0, () -> Encapsulation.mpls(16), C6, S6, "MPLS");
        add("mpls-pseudowire", ETH, NO_TAGS, 0,
                // Vendor MAC addresses (Intel, VMware) make Wireshark's pseudowire heuristic see the control word.
                () -> Encapsulation.ethernetFrame(Packets.mac("00:1b:21:00:00:01"), Packets.mac("00:50:56:00:00:02"))
                        .then(Encapsulation.mpls(300, 400)), C4, S4, "MPLS");
        add("gre", ETH, NO_TAGS, 0, () -> Encapsulation.gre(OUTER_C4, OUTER_S4), C4, S4, "GRE");
        add("gre-options-ipv6", ETH, NO_TAGS, 0, () -> Encapsulation.gre(OUTER_C6, OUTER_S6, true, 0x1234, 1),
                C6, S6, "GRE");
        add("gre-ethernet-vlan", ETH, NO_TAGS, 0,
                () -> Encapsulation.ethernetFrame(0x8100_0005).then(Encapsulation.gre(OUTER_C4, OUTER_S4)), C4, S4,
                "GRE/802.1Q");
        add("gre-mpls", ETH, NO_TAGS, 0,
                () -> Encapsulation.mpls(500).then(Encapsulation.gre(OUTER_C4, OUTER_S4)), C4, S4, "GRE/MPLS");
        add("erspan2", ETH, NO_TAGS, 0, () -> Encapsulation.erspan2(OUTER_C4, OUTER_S4, 42), C4, S4, "GRE/ERSPAN");
        add("erspan3", ETH, NO_TAGS, 0, () -> Encapsulation.erspan3(OUTER_C4, OUTER_S4, 43), C6, S6, "GRE/ERSPAN");
        add("vxlan", ETH, NO_TAGS, 0, () -> Encapsulation.vxlan(OUTER_C4, OUTER_S4, 5000), C4, S4, "VXLAN");
        add("vxlan-ipv6", ETH, NO_TAGS, 0, () -> Encapsulation.vxlan(OUTER_C6, OUTER_S6, 6000), C6, S6, "VXLAN");
        add("geneve", ETH, NO_TAGS, 0,
                () -> Encapsulation.ethernetFrame().then(Encapsulation.geneve(OUTER_C4, OUTER_S4, 77,
                        Packets.geneveOption(0x0102, 0x80, new byte[] {1, 2, 3, 4, 5}))), C4, S4, "Geneve");
        add("geneve-ip", ETH, NO_TAGS, 0, () -> Encapsulation.geneve(OUTER_C6, OUTER_S6, 78, new byte[0]), C4, S4,
                "Geneve");
        add("gtpu", ETH, NO_TAGS, 0, () -> Encapsulation.gtpU(OUTER_C4, OUTER_S4, 0x01020304, true), C4, S4, "GTP-U");
        add("pptp", ETH, NO_TAGS, 0, () -> Encapsulation.pptp(OUTER_C4, OUTER_S4, 0x4000), C4, S4, "GRE");
        add("pptp-ipv6", ETH, NO_TAGS, 0, () -> Encapsulation.pptp(OUTER_C4, OUTER_S4, 0x4100), C6, S6, "GRE");
        add("l2tp", ETH, NO_TAGS, 0, () -> Encapsulation.l2tp(OUTER_C4, OUTER_S4, 11, 22), C4, S4, "L2TP");
        add("l2tp-ipv6-outer", ETH, NO_TAGS, 0, () -> Encapsulation.l2tp(OUTER_C6, OUTER_S6, 33, 44), C4, S4, "L2TP");
        add("etherip", ETH, NO_TAGS, 0, () -> Encapsulation.etherIp(OUTER_C4, OUTER_S4), C4, S4, "EtherIP");
        add("etherip-vlan-ipv6", ETH, NO_TAGS, 0,
                () -> Encapsulation.ethernetFrame(0x8100_0007).then(Encapsulation.etherIp(OUTER_C6, OUTER_S6)), C6,
                S6, "EtherIP/802.1Q");
        add("ipip", ETH, NO_TAGS, 0, () -> Encapsulation.ipInIp(OUTER_C4, OUTER_S4), C4, S4, "IP-in-IP");
        add("6in4", ETH, NO_TAGS, 0, () -> Encapsulation.ipInIp(OUTER_C4, OUTER_S4), C6, S6, "6in4");
        add("4in6", ETH, NO_TAGS, 0, () -> Encapsulation.ipInIp(OUTER_C6, OUTER_S6), C4, S4, "4in6");
        add("6in6", ETH, NO_TAGS, 0, () -> Encapsulation.ipInIp(OUTER_C6, OUTER_S6), C6, S6, "6in6");
        add("cisco-metadata", ETH, NO_TAGS, 0, () -> Encapsulation.ciscoMetaData(100), C4, S4, "CiscoMetaData");
        add("vlan-cisco-metadata", ETH, new int[] {0x8100_000A}, 0, () -> Encapsulation.ciscoMetaData(200), C6, S6,
                "802.1Q/CiscoMetaData");
        add("sll-pppoe", CaptureWriter.LINUX_SLL, NO_TAGS, 0, () -> Encapsulation.pppoe(3), C4, S4, "PPPoE");
        add("sll2-mpls", CaptureWriter.LINUX_SLL2, NO_TAGS, 0, () -> Encapsulation.mpls(1000), C6, S6, "MPLS");
        add("sll-cisco-metadata", CaptureWriter.LINUX_SLL, NO_TAGS, 0, () -> Encapsulation.ciscoMetaData(5), C4, S4,
                "CiscoMetaData");
        add("ppp", CaptureWriter.PPP, NO_TAGS, 0, null, C4, S4, null);
        add("ipv4-fragments", ETH, NO_TAGS, 0, () -> Encapsulation.fragment(200), C4, S4, null);
        add("ipv6-fragments", ETH, NO_TAGS, 0, () -> Encapsulation.fragment(400), C6, S6, null);
        add("gre-outer-fragments", ETH, NO_TAGS, 0,
                () -> Encapsulation.gre(OUTER_C4, OUTER_S4).then(Encapsulation.fragment(512)), C4, S4, "GRE");
        add("gre-inner-fragments", ETH, NO_TAGS, 0,
                () -> Encapsulation.fragment(296).then(Encapsulation.gre(OUTER_C6, OUTER_S6)), C4, S4, "GRE");
        add("deep", ETH, new int[] {0x8100_0001}, 0,
                () -> Encapsulation.vxlan(OUTER_C4, OUTER_S4, 9).then(Encapsulation.gre(OUTER_C6, OUTER_S6))
                        .then(Encapsulation.pppoe(9)), C4, S4, "802.1Q/PPPoE/GRE/VXLAN");
        add("vxlan-snaplen", ETH, NO_TAGS, 160, () -> Encapsulation.vxlan(OUTER_C4, OUTER_S4, 5000), C4, S4, "VXLAN");
    }

    private EncapsulationFixtures() {
    }
}
