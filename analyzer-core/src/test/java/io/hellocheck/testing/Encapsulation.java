package io.hellocheck.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link CaptureWriter} carries each IP packet: a function from the packet (and the side that sends it)
 * to the link-layer payloads that carry it, each an EtherType and bytes, which the writer then puts in its
 * link type's header (Ethernet with its VLAN tags, SLL, SLL2; raw IP and loopback for IP payloads only).
 *
 * <pre>{@code
 * // TLS inside GRE, the outer packets fragmented at 576 bytes, the whole inside PPPoE:
 * Encapsulation e = Encapsulation.gre("203.0.113.1", "203.0.113.2")
 *         .then(Encapsulation.fragment(552))
 *         .then(Encapsulation.pppoe(0x1234));
 * CaptureWriter w = CaptureWriter.to(path).encapsulation(e).build();
 * }</pre>
 *
 * <p>Steps apply innermost first: {@code a.then(b)} applies {@code b} to every payload {@code a} makes.
 * Tunnel steps with outer addresses use them as given for the client's packets and swapped for the
 * server's; their outer IPv4 identification counts up from 0x7000 per step.
 */
@FunctionalInterface
public interface Encapsulation {

    /** An EtherType (or GRE protocol type) and the bytes it announces. */
    record LinkPayload(int etherType, byte[] bytes) {
        public boolean isIp() {
            return etherType == Packets.ETHERTYPE_IPV4 || etherType == Packets.ETHERTYPE_IPV6;
        }
    }

    /** The payloads carrying one payload. */
    List<LinkPayload> carry(LinkPayload payload, boolean fromClient);

    /** This step, then {@code next} on each payload it makes. */
    default Encapsulation then(Encapsulation next) {
        return (p, fromClient) -> {
            List<LinkPayload> out = new ArrayList<>();
            for (LinkPayload q : carry(p, fromClient)) {
                out.addAll(next.carry(q, fromClient));
            }
            return out;
        };
    }

    /** The payload of an IP packet. */
    static LinkPayload ip(byte[] ipPacket) {
        return new LinkPayload(Packets.etherTypeOf(ipPacket), ipPacket);
    }

    // ------------------------------------------------------------------ link layer shims

    /** VLAN tags, outermost first, each {@code tpid << 16 | tci}. */
    static Encapsulation vlan(int... tags) {
        return (p, c) -> {
            byte[] b = p.bytes();
            int et = p.etherType();
            for (int i = tags.length - 1; i >= 0; i--) {
                byte[] h = new byte[4];
                Packets.put16(h, 0, tags[i] & 0xFFFF);
                Packets.put16(h, 2, et);
                b = Packets.concat(h, b);
                et = tags[i] >>> 16;
            }
            return List.of(new LinkPayload(et, b));
        };
    }

    /** A PPPoE session (EtherType 0x8864) carrying IP. */
    static Encapsulation pppoe(int sessionId) {
        return (p, c) -> List.of(new LinkPayload(Packets.ETHERTYPE_PPPOE_SESSION,
                Packets.pppoeSession(sessionId, requireIp(p))));
    }

    /** An MPLS label stack (EtherType 0x8847) carrying IP, or an Ethernet frame with a control word. */
    static Encapsulation mpls(int... labels) {
        return (p, c) -> {
            byte[] payload;
            if (p.isIp()) {
                payload = p.bytes();
            } else if (p.etherType() == Packets.ETHERTYPE_TEB) {
                payload = Packets.concat(new byte[4], p.bytes()); // pseudowire control word, all zero
            } else {
                throw new IllegalArgumentException("MPLS carries IP or Ethernet frames here");
            }
            return List.of(new LinkPayload(Packets.ETHERTYPE_MPLS, Packets.mplsStack(labels, payload)));
        };
    }

    /** A Cisco MetaData header (EtherType 0x8909) with this SGT. */
    static Encapsulation ciscoMetaData(int sgt) {
        return (p, c) -> List.of(new LinkPayload(Packets.ETHERTYPE_CISCO_METADATA,
                Packets.ciscoMetaData(sgt, p.etherType(), p.bytes())));
    }

    /** The payload as a whole Ethernet frame (announced as 0x6558, transparent Ethernet bridging). */
    static Encapsulation ethernetFrame(int... vlanTags) {
        return (p, c) -> List.of(toFrame(p, c, vlanTags));
    }

    /** The payload as a whole Ethernet frame between these MAC addresses (the client's, the server's). */
    static Encapsulation ethernetFrame(byte[] clientMac, byte[] serverMac) {
        return (p, c) -> {
            if (p.etherType() == Packets.ETHERTYPE_TEB) {
                return List.of(p);
            }
            return List.of(new LinkPayload(Packets.ETHERTYPE_TEB, Packets.ethernet(c ? serverMac : clientMac,
                    c ? clientMac : serverMac, p.etherType(), p.bytes())));
        };
    }

    // ------------------------------------------------------------------ tunnels (new outer IP packets)

    /** GRE version 0 without options, from {@code outerClient} to {@code outerServer}. */
    static Encapsulation gre(String outerClient, String outerServer) {
        return gre(outerClient, outerServer, false, null, null);
    }

    /** GRE version 0 with a checksum, a key and a sequence number as asked. */
    static Encapsulation gre(String outerClient, String outerServer, boolean checksum, Integer key, Integer sequence) {
        Outer o = new Outer(outerClient, outerServer);
        return (p, c) -> List.of(o.packet(c, Packets.PROTO_GRE,
                Packets.gre(p.etherType(), checksum, key, sequence, p.bytes())));
    }

    /** PPTP: PPP in enhanced GRE (version 1), the client's packets acknowledging the server's sequence. */
    static Encapsulation pptp(String outerClient, String outerServer, int callId) {
        Outer o = new Outer(outerClient, outerServer);
        int[] seq = {0, 0};
        return (p, c) -> {
            int mine = seq[c ? 0 : 1]++;
            Integer ack = c && seq[1] > 0 ? seq[1] - 1 : null;
            return List.of(o.packet(c, Packets.PROTO_GRE,
                    Packets.pptpGre(c ? callId : callId + 1, mine, ack, Packets.pppFrame(requireIp(p)))));
        };
    }

    /** L2TPv2 (UDP port 1701 both ways) data messages carrying PPP. */
    static Encapsulation l2tp(String outerClient, String outerServer, int tunnelId, int sessionId) {
        Outer o = new Outer(outerClient, outerServer);
        return (p, c) -> List.of(o.udpPorts(c, Packets.PORT_L2TP, Packets.PORT_L2TP,
                Packets.l2tpData(tunnelId, sessionId, Packets.pppFrame(requireIp(p)))));
    }

    /** EtherIP (IP protocol 97) carrying the payload as an Ethernet frame. */
    static Encapsulation etherIp(String outerClient, String outerServer) {
        Outer o = new Outer(outerClient, outerServer);
        return (p, c) -> List.of(o.packet(c, Packets.PROTO_ETHERIP, Packets.etherIp(toFrame(p, c).bytes())));
    }

    /** ERSPAN type II over GRE (with a sequence number) mirroring the payload as an Ethernet frame. */
    static Encapsulation erspan2(String outerClient, String outerServer, int session) {
        Outer o = new Outer(outerClient, outerServer);
        int[] seq = {0};
        return (p, c) -> List.of(o.packet(c, Packets.PROTO_GRE, Packets.gre(Packets.ETHERTYPE_ERSPAN_2, false,
                null, seq[0]++, Packets.erspan2(0, session, toFrame(p, c).bytes()))));
    }

    /** ERSPAN type III over GRE (with a sequence number) mirroring the payload as an Ethernet frame. */
    static Encapsulation erspan3(String outerClient, String outerServer, int session) {
        Outer o = new Outer(outerClient, outerServer);
        int[] seq = {0};
        return (p, c) -> List.of(o.packet(c, Packets.PROTO_GRE, Packets.gre(Packets.ETHERTYPE_ERSPAN_3, false,
                null, seq[0]++, Packets.erspan3(0, session, 0x01020304, toFrame(p, c).bytes()))));
    }

    /** VXLAN (UDP port 4789) carrying the payload as an Ethernet frame. */
    static Encapsulation vxlan(String outerClient, String outerServer, int vni) {
        Outer o = new Outer(outerClient, outerServer);
        return (p, c) -> List.of(o.udp(c, 49152 + (vni & 0x3FFF), Packets.PORT_VXLAN,
                Packets.vxlan(vni, toFrame(p, c).bytes())));
    }

    /** Geneve (UDP port 6081) with these options, carrying the payload as it is (IP, or a frame when 0x6558). */
    static Encapsulation geneve(String outerClient, String outerServer, int vni, byte[] options) {
        Outer o = new Outer(outerClient, outerServer);
        return (p, c) -> List.of(o.udp(c, 49152 + (vni & 0x3FFF), Packets.PORT_GENEVE,
                Packets.geneve(vni, p.etherType(), options, p.bytes())));
    }

    /** GTP-U (UDP port 2152) carrying IP; {@code extension} adds a sequence number and an extension header. */
    static Encapsulation gtpU(String outerClient, String outerServer, int teid, boolean extension) {
        Outer o = new Outer(outerClient, outerServer);
        return (p, c) -> List.of(o.udp(c, Packets.PORT_GTP_U, Packets.PORT_GTP_U,
                Packets.gtpU(teid, extension, requireIp(p))));
    }

    /**
     * IP in IP: protocol 4 for IPv4 inside, 41 for IPv6 inside; the outer version is that of the outer
     * addresses (IP-in-IP, 6in4, 4in6, 6in6).
     */
    static Encapsulation ipInIp(String outerClient, String outerServer) {
        Outer o = new Outer(outerClient, outerServer);
        return (p, c) -> {
            byte[] ip = requireIp(p);
            int proto = p.etherType() == Packets.ETHERTYPE_IPV6 ? Packets.PROTO_IPV6_IN_IP : Packets.PROTO_IPV4_IN_IP;
            return List.of(o.packet(c, proto, ip));
        };
    }

    /**
     * Fragments IP packets longer than {@code maxPayload} payload bytes (rounded down to 8): IPv4 with the
     * packet's identification, IPv6 with a fragment header and an identification counting up from 0x10000.
     */
    static Encapsulation fragment(int maxPayload) {
        int[] id = {0x10000};
        return (p, c) -> {
            byte[] ip = requireIp(p);
            List<byte[]> parts;
            if (p.etherType() == Packets.ETHERTYPE_IPV4) {
                int ihl = (ip[0] & 0x0f) * 4;
                parts = ip.length - ihl > maxPayload ? Packets.fragmentIpv4(ip, maxPayload) : List.of(ip);
            } else {
                parts = ip.length - 40 > maxPayload ? Packets.fragmentIpv6(ip, maxPayload, id[0]++) : List.of(ip);
            }
            List<LinkPayload> out = new ArrayList<>();
            for (byte[] f : parts) {
                out.add(ip(f));
            }
            return out;
        };
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] requireIp(LinkPayload p) {
        if (!p.isIp()) {
            throw new IllegalArgumentException("expected an IP packet, got EtherType 0x" + Integer.toHexString(p.etherType()));
        }
        return p.bytes();
    }

    private static LinkPayload toFrame(LinkPayload p, boolean fromClient, int... vlanTags) {
        if (p.etherType() == Packets.ETHERTYPE_TEB) {
            return p;
        }
        byte[] src = fromClient ? Packets.MAC_CLIENT : Packets.MAC_SERVER;
        byte[] dst = fromClient ? Packets.MAC_SERVER : Packets.MAC_CLIENT;
        return new LinkPayload(Packets.ETHERTYPE_TEB, Packets.ethernet(dst, src, p.etherType(), p.bytes(), vlanTags));
    }

    /** Outer addresses of a tunnel and its IPv4 identification counter. */
    final class Outer {
        private final byte[] client;
        private final byte[] server;
        private int id = 0x7000;

        Outer(String client, String server) {
            this.client = Packets.address(client);
            this.server = Packets.address(server);
            if (this.client.length != this.server.length) {
                throw new IllegalArgumentException("outer addresses of one version");
            }
        }

        LinkPayload packet(boolean fromClient, int protocol, byte[] payload) {
            byte[] s = fromClient ? client : server;
            byte[] d = fromClient ? server : client;
            return ip(Packets.ip(s, d, protocol, 64, id++ & 0xFFFF, payload));
        }

        /** A UDP datagram between these ports, the source being the sender's. */
        LinkPayload udpPorts(boolean fromClient, int clientPort, int serverPort, byte[] payload) {
            byte[] s = fromClient ? client : server;
            byte[] d = fromClient ? server : client;
            return packet(fromClient, Packets.PROTO_UDP, Packets.udp(s, d, fromClient ? clientPort : serverPort,
                    fromClient ? serverPort : clientPort, payload));
        }

        LinkPayload udp(boolean fromClient, int clientPort, int serverPort, byte[] payload) {
            byte[] s = fromClient ? client : server;
            byte[] d = fromClient ? server : client;
            // Tunnel endpoints: the source port is a flow hash, the destination the tunnel's port both ways.
            int srcPort = serverPort == Packets.PORT_GTP_U ? serverPort : clientPort + (fromClient ? 0 : 1);
            return packet(fromClient, Packets.PROTO_UDP, Packets.udp(s, d, srcPort, serverPort, payload));
        }
    }
}
