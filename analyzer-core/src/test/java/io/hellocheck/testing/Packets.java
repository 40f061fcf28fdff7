package io.hellocheck.testing;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Byte-level builders for test packets: link-layer headers, IPv4, IPv6, TCP and UDP with correct
 * checksums. Every method returns a new array; nothing is cached.
 *
 * <p>Addresses are given as text ({@code "10.0.0.1"}, {@code "2001:db8::1"}) and parsed without any
 * name lookup; an IPv4 address gives a 4-byte address, anything with a colon a 16-byte one (also
 * {@code "::ffff:1.2.3.4"}).
 */
public final class Packets {

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int TPID_8021Q = 0x8100;
    public static final int TPID_8021AD = 0x88A8;
    public static final int TPID_QINQ_OLD = 0x9100;

    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;

    /** TCP flag bits. */
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    public static final byte[] MAC_CLIENT = mac("02:00:00:00:00:01");
    public static final byte[] MAC_SERVER = mac("02:00:00:00:00:02");

    private Packets() {
    }

    /** Parses an IP address literal (no DNS): 4 bytes for IPv4, 16 for anything with a colon. */
    public static byte[] address(String text) {
        try {
            InetAddress a = InetAddress.getByName(text);
            byte[] b = a.getAddress();
            if (a instanceof Inet4Address && text.indexOf(':') >= 0) {
                // Java turns "::ffff:a.b.c.d" into an Inet4Address; keep it IPv6.
                byte[] m = new byte[16];
                m[10] = (byte) 0xff;
                m[11] = (byte) 0xff;
                System.arraycopy(b, 0, m, 12, 4);
                return m;
            }
            return b;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + text, e);
        }
    }

    /** Parses "aa:bb:cc:dd:ee:ff". */
    public static byte[] mac(String text) {
        String[] parts = text.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    /** Parses hex with optional spaces/newlines ("45 00 00 28 ..."). */
    public static byte[] hex(String hex) {
        String h = hex.replaceAll("\\s+", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** Concatenates arrays. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- IP

    /**
     * An IPv4 packet with a correct header checksum.
     *
     * @param fragment the 16-bit flags+fragment-offset field (0x4000 = DF, 0x2000 = MF, low 13 bits = offset
     *                 in 8-byte units)
     * @param options  IPv4 options, padded here to a multiple of 4 bytes (may be empty)
     */
    public static byte[] ipv4(byte[] src, byte[] dst, int protocol, int ttl, int id, int fragment,
                              byte[] options, byte[] payload) {
        int optLen = (options.length + 3) & ~3;
        int ihl = 20 + optLen;
        byte[] p = new byte[ihl + payload.length];
        p[0] = (byte) (0x40 | (ihl / 4));
        p[1] = 0;
        put16(p, 2, p.length);
        put16(p, 4, id);
        put16(p, 6, fragment);
        p[8] = (byte) ttl;
        p[9] = (byte) protocol;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        System.arraycopy(options, 0, p, 20, options.length);
        put16(p, 10, checksum(0, p, 0, ihl));
        System.arraycopy(payload, 0, p, ihl, payload.length);
        return p;
    }

    /** An IPv4 packet: DF set, no options. */
    public static byte[] ipv4(byte[] src, byte[] dst, int protocol, int ttl, int id, byte[] payload) {
        return ipv4(src, dst, protocol, ttl, id, 0x4000, new byte[0], payload);
    }

    /**
     * An IPv6 packet. {@code nextHeader} is the type of what {@code payload} starts with (an extension
     * header built with {@link #ipv6ExtensionHeader} or the upper-layer header).
     */
    public static byte[] ipv6(byte[] src, byte[] dst, int nextHeader, int hopLimit, byte[] payload) {
        byte[] p = new byte[40 + payload.length];
        p[0] = 0x60;
        put16(p, 4, payload.length);
        p[6] = (byte) nextHeader;
        p[7] = (byte) hopLimit;
        System.arraycopy(src, 0, p, 8, 16);
        System.arraycopy(dst, 0, p, 24, 16);
        System.arraycopy(payload, 0, p, 40, payload.length);
        return p;
    }

    /**
     * An IPv6 hop-by-hop (0), routing (43) or destination-options (60) extension header with
     * {@code 8 * (units + 1)} bytes (PadN-filled), followed by {@code rest}.
     */
    public static byte[] ipv6ExtensionHeader(int nextHeader, int units, byte[] rest) {
        byte[] h = new byte[8 * (units + 1)];
        h[0] = (byte) nextHeader;
        h[1] = (byte) units;
        h[2] = 1; // PadN option covering the rest of the header
        h[3] = (byte) (h.length - 4);
        return concat(h, rest);
    }

    /** An IPv6 fragment header (offset in 8-byte units, {@code more} = M flag), followed by {@code rest}. */
    public static byte[] ipv6FragmentHeader(int nextHeader, int offsetUnits, boolean more, int id, byte[] rest) {
        byte[] h = new byte[8];
        h[0] = (byte) nextHeader;
        put16(h, 2, (offsetUnits << 3) | (more ? 1 : 0));
        put32(h, 4, id);
        return concat(h, rest);
    }

    /** An IP packet of the right version for the addresses (TTL/hop limit, IPv4 id; DF set for IPv4). */
    public static byte[] ip(byte[] src, byte[] dst, int protocol, int ttl, int id, byte[] payload) {
        if (src.length == 4) {
            return ipv4(src, dst, protocol, ttl, id, payload);
        }
        return ipv6(src, dst, protocol, ttl, payload);
    }

    // ---------------------------------------------------------------- TCP / UDP

    /**
     * A TCP segment with a correct checksum for the given IP addresses (4 or 16 bytes each).
     *
     * @param options TCP options, padded with zero bytes (end of option list) to a multiple of 4 bytes
     */
    public static byte[] tcp(byte[] srcIp, byte[] dstIp, int srcPort, int dstPort, long seq, long ack,
                             int flags, int window, byte[] options, byte[] payload) {
        int optLen = (options.length + 3) & ~3;
        int hl = 20 + optLen;
        byte[] s = new byte[hl + payload.length];
        put16(s, 0, srcPort);
        put16(s, 2, dstPort);
        put32(s, 4, (int) seq);
        put32(s, 8, (int) ack);
        s[12] = (byte) ((hl / 4) << 4);
        s[13] = (byte) flags;
        put16(s, 14, window);
        System.arraycopy(options, 0, s, 20, options.length);
        System.arraycopy(payload, 0, s, hl, payload.length);
        put16(s, 16, transportChecksum(srcIp, dstIp, PROTO_TCP, s));
        return s;
    }

    /** A UDP datagram with a correct checksum. */
    public static byte[] udp(byte[] srcIp, byte[] dstIp, int srcPort, int dstPort, byte[] payload) {
        byte[] u = new byte[8 + payload.length];
        put16(u, 0, srcPort);
        put16(u, 2, dstPort);
        put16(u, 4, u.length);
        System.arraycopy(payload, 0, u, 8, payload.length);
        int c = transportChecksum(srcIp, dstIp, PROTO_UDP, u);
        put16(u, 6, c == 0 ? 0xFFFF : c);
        return u;
    }

    public static final int PROTO_ICMP = 1;
    public static final int PROTO_ICMPV6 = 58;

    /**
     * An ICMP (RFC 792) message with a correct checksum: type, code, checksum, the 4-byte rest of the header
     * ({@code rest}, big-endian: unused, or the next-hop MTU for type 3 code 4), then {@code body} (for an error:
     * the start of the offending IP packet).
     */
    public static byte[] icmpv4(int type, int code, int rest, byte[] body) {
        byte[] m = new byte[8 + body.length];
        m[0] = (byte) type;
        m[1] = (byte) code;
        put32(m, 4, rest);
        System.arraycopy(body, 0, m, 8, body.length);
        put16(m, 2, checksum(0, m, 0, m.length));
        return m;
    }

    /**
     * An ICMPv6 (RFC 4443) message with a correct checksum over the IPv6 pseudo-header: type, code, checksum,
     * the 4-byte rest of the header (unused, the MTU of a Packet Too Big, the pointer of a Parameter Problem),
     * then {@code body}.
     */
    public static byte[] icmpv6(byte[] srcIp, byte[] dstIp, int type, int code, int rest, byte[] body) {
        byte[] m = new byte[8 + body.length];
        m[0] = (byte) type;
        m[1] = (byte) code;
        put32(m, 4, rest);
        System.arraycopy(body, 0, m, 8, body.length);
        put16(m, 2, transportChecksum(srcIp, dstIp, PROTO_ICMPV6, m));
        return m;
    }

    /** A complete IP packet carrying a TCP segment. */
    public static byte[] ipTcp(String src, int srcPort, String dst, int dstPort, long seq, long ack, int flags,
                               byte[] payload) {
        byte[] s = address(src);
        byte[] d = address(dst);
        return ip(s, d, PROTO_TCP, 64, 1, tcp(s, d, srcPort, dstPort, seq, ack, flags, 65535, new byte[0],
                payload));
    }

    /** A complete IP packet carrying a UDP datagram. */
    public static byte[] ipUdp(String src, int srcPort, String dst, int dstPort, byte[] payload) {
        byte[] s = address(src);
        byte[] d = address(dst);
        return ip(s, d, PROTO_UDP, 64, 1, udp(s, d, srcPort, dstPort, payload));
    }

    /** TCP/UDP checksum over the IPv4 or IPv6 pseudo-header and {@code segment} (checksum field zero). */
    public static int transportChecksum(byte[] srcIp, byte[] dstIp, int protocol, byte[] segment) {
        byte[] pseudo;
        if (srcIp.length == 4) {
            pseudo = new byte[12];
            System.arraycopy(srcIp, 0, pseudo, 0, 4);
            System.arraycopy(dstIp, 0, pseudo, 4, 4);
            pseudo[9] = (byte) protocol;
            put16(pseudo, 10, segment.length);
        } else {
            pseudo = new byte[40];
            System.arraycopy(srcIp, 0, pseudo, 0, 16);
            System.arraycopy(dstIp, 0, pseudo, 16, 16);
            put32(pseudo, 32, segment.length);
            pseudo[39] = (byte) protocol;
        }
        int sum = sum16(0, pseudo, 0, pseudo.length);
        return checksum(sum, segment, 0, segment.length);
    }

    /** The Internet checksum (RFC 1071) of {@code b[off..off+len)}, starting from a partial sum. */
    public static int checksum(int partial, byte[] b, int off, int len) {
        int sum = sum16(partial, b, off, len);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    private static int sum16(int sum, byte[] b, int off, int len) {
        long s = sum & 0xFFFFFFFFL;
        int i = off;
        for (; i + 1 < off + len; i += 2) {
            s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < off + len) {
            s += (b[i] & 0xff) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    // ---------------------------------------------------------------- link layer

    /**
     * An Ethernet II frame. {@code tags} are VLAN tags outermost first, each {@code tpid << 16 | tci}
     * (e.g. {@code 0x8100_0064} for 802.1Q VLAN 100).
     */
    public static byte[] ethernet(byte[] dst, byte[] src, int etherType, byte[] payload, int... tags) {
        byte[] f = new byte[14 + 4 * tags.length + payload.length];
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        int p = 12;
        for (int tag : tags) {
            put32(f, p, tag);
            p += 4;
        }
        put16(f, p, etherType);
        System.arraycopy(payload, 0, f, p + 2, payload.length);
        return f;
    }

    /** The EtherType for an IP packet (by its version nibble). */
    public static int etherTypeOf(byte[] ipPacket) {
        return ((ipPacket[0] & 0xff) >>> 4) == 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
    }

    /**
     * A Linux cooked (SLL, link type 113) frame: packet type (0 to us, 4 outgoing), ARPHRD_ETHER, the
     * 6-byte source address, protocol.
     */
    public static byte[] sll(int packetType, byte[] srcMac, int protocol, byte[] payload) {
        byte[] f = new byte[16 + payload.length];
        put16(f, 0, packetType);
        put16(f, 2, 1);
        put16(f, 4, 6);
        System.arraycopy(srcMac, 0, f, 6, 6);
        put16(f, 14, protocol);
        System.arraycopy(payload, 0, f, 16, payload.length);
        return f;
    }

    /** A Linux cooked v2 (SLL2, link type 276) frame. */
    public static byte[] sll2(int packetType, int ifIndex, byte[] srcMac, int protocol, byte[] payload) {
        byte[] f = new byte[20 + payload.length];
        put16(f, 0, protocol);
        put32(f, 4, ifIndex);
        put16(f, 8, 1);
        f[10] = (byte) packetType;
        f[11] = 6;
        System.arraycopy(srcMac, 0, f, 12, 6);
        System.arraycopy(payload, 0, f, 20, payload.length);
        return f;
    }

    /** A BSD null/loopback (link type 0) frame: the address family as a 4-byte int in the given order. */
    public static byte[] nullLoopback(int family, boolean bigEndian, byte[] payload) {
        byte[] f = new byte[4 + payload.length];
        if (bigEndian) {
            put32(f, 0, family);
        } else {
            put32(f, 0, Integer.reverseBytes(family));
        }
        System.arraycopy(payload, 0, f, 4, payload.length);
        return f;
    }

    // ---------------------------------------------------------------- tunnels and encapsulations

    public static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    public static final int ETHERTYPE_MPLS = 0x8847;
    public static final int ETHERTYPE_CISCO_METADATA = 0x8909;
    public static final int ETHERTYPE_TEB = 0x6558;
    public static final int ETHERTYPE_ERSPAN_2 = 0x88BE;
    public static final int ETHERTYPE_ERSPAN_3 = 0x22EB;
    public static final int PROTO_IPV4_IN_IP = 4;
    public static final int PROTO_IPV6_IN_IP = 41;
    public static final int PROTO_GRE = 47;
    public static final int PORT_VXLAN = 4789;
    public static final int PORT_GENEVE = 6081;
    public static final int PORT_GTP_U = 2152;
    public static final int PORT_L2TP = 1701;
    public static final int PROTO_ETHERIP = 97;

    /** A PPP frame with the HDLC address and control bytes (0xff 0x03) carrying an IPv4 or IPv6 packet. */
    public static byte[] pppFrame(byte[] ipPacket) {
        int protocol = etherTypeOf(ipPacket) == ETHERTYPE_IPV6 ? 0x57 : 0x21;
        return concat(new byte[] {(byte) 0xff, 0x03, 0, (byte) protocol}, ipPacket);
    }

    /**
     * PPTP's enhanced GRE header (RFC 2637 section 4.1: K and S set, version 1, protocol 0x880B, payload length,
     * call id, sequence number; A and the acknowledgment number when {@code ack} is not null), then the PPP frame.
     */
    public static byte[] pptpGre(int callId, int sequence, Integer ack, byte[] pppFrame) {
        int len = 12 + (ack != null ? 4 : 0);
        byte[] g = new byte[len + pppFrame.length];
        put16(g, 0, 0x3001 | (ack != null ? 0x0080 : 0));
        put16(g, 2, 0x880B);
        put16(g, 4, pppFrame.length);
        put16(g, 6, callId);
        put32(g, 8, sequence);
        if (ack != null) {
            put32(g, 12, ack);
        }
        System.arraycopy(pppFrame, 0, g, len, pppFrame.length);
        return g;
    }

    /** An L2TPv2 data message (RFC 2661 section 3.1) with the length field (L) set, then the PPP frame. */
    public static byte[] l2tpData(int tunnelId, int sessionId, byte[] pppFrame) {
        byte[] h = new byte[8];
        put16(h, 0, 0x4002);
        put16(h, 2, h.length + pppFrame.length);
        put16(h, 4, tunnelId);
        put16(h, 6, sessionId);
        return concat(h, pppFrame);
    }

    /** An EtherIP header (RFC 3378: version 3, reserved bits zero), then the Ethernet frame. */
    public static byte[] etherIp(byte[] ethernetFrame) {
        return concat(new byte[] {0x30, 0x00}, ethernetFrame);
    }

    /** A PPPoE session packet (version 1, type 1, code 0) carrying an IP packet (PPP protocol 0x0021 or 0x0057). */
    public static byte[] pppoeSession(int sessionId, byte[] ipPacket) {
        byte[] h = new byte[8];
        h[0] = 0x11;
        put16(h, 2, sessionId);
        put16(h, 4, ipPacket.length + 2);
        put16(h, 6, etherTypeOf(ipPacket) == ETHERTYPE_IPV6 ? 0x0057 : 0x0021);
        return concat(h, ipPacket);
    }

    /** An MPLS label stack (outermost first, bottom-of-stack set on the last, TTL 64) followed by {@code payload}. */
    public static byte[] mplsStack(int[] labels, byte[] payload) {
        byte[] h = new byte[4 * labels.length];
        for (int i = 0; i < labels.length; i++) {
            put32(h, 4 * i, (labels[i] << 12) | (i == labels.length - 1 ? 0x100 : 0) | 64);
        }
        return concat(h, payload);
    }

    /**
     * A Cisco MetaData header (EtherType 0x8909): version 1, length 1, option type SGT (0x0001), the SGT,
     * then the EtherType of {@code payload}; 8 bytes as Wireshark's packet-cisco-metadata.c reads them.
     */
    public static byte[] ciscoMetaData(int sgt, int etherType, byte[] payload) {
        byte[] h = new byte[8];
        h[0] = 1;
        h[1] = 1;
        put16(h, 2, 0x0001);
        put16(h, 4, sgt);
        put16(h, 6, etherType);
        return concat(h, payload);
    }

    /**
     * A GRE version 0 header and payload (RFC 2784/2890): a checksum (computed here) when {@code checksum},
     * a key and a sequence number when not null.
     */
    public static byte[] gre(int protocolType, boolean checksum, Integer key, Integer sequence, byte[] payload) {
        int flags = (checksum ? 0x8000 : 0) | (key != null ? 0x2000 : 0) | (sequence != null ? 0x1000 : 0);
        int len = 4 + (checksum ? 4 : 0) + (key != null ? 4 : 0) + (sequence != null ? 4 : 0);
        byte[] g = new byte[len + payload.length];
        put16(g, 0, flags);
        put16(g, 2, protocolType);
        int p = 4 + (checksum ? 4 : 0);
        if (key != null) {
            put32(g, p, key);
            p += 4;
        }
        if (sequence != null) {
            put32(g, p, sequence);
        }
        System.arraycopy(payload, 0, g, len, payload.length);
        if (checksum) {
            put16(g, 4, checksum(0, g, 0, g.length));
        }
        return g;
    }

    /** A VXLAN header (I flag, the VNI) and the inner Ethernet frame: a UDP payload for port 4789. */
    public static byte[] vxlan(int vni, byte[] innerFrame) {
        byte[] h = new byte[8];
        h[0] = 0x08;
        put32(h, 4, vni << 8);
        return concat(h, innerFrame);
    }

    /**
     * A Geneve header (version 0, the VNI, the protocol type of {@code payload}) with {@code options} (a
     * multiple of 4 bytes, at most 252): a UDP payload for port 6081.
     */
    public static byte[] geneve(int vni, int protocolType, byte[] options, byte[] payload) {
        if (options.length % 4 != 0 || options.length > 252) {
            throw new IllegalArgumentException("Geneve options are a multiple of 4 bytes, at most 252");
        }
        byte[] h = new byte[8];
        h[0] = (byte) (options.length / 4);
        put16(h, 2, protocolType);
        put32(h, 4, vni << 8);
        return concat(h, options, payload);
    }

    /** A Geneve option: class, type, then data padded to 4 bytes. */
    public static byte[] geneveOption(int optionClass, int type, byte[] data) {
        int len = (data.length + 3) & ~3;
        byte[] o = new byte[4 + len];
        put16(o, 0, optionClass);
        o[2] = (byte) type;
        o[3] = (byte) (len / 4);
        System.arraycopy(data, 0, o, 4, data.length);
        return o;
    }

    /**
     * A GTP-U version 1 G-PDU carrying an IP packet: a UDP payload for port 2152. With {@code extension},
     * the sequence number flag and one 4-byte PDU session container extension header are added.
     */
    public static byte[] gtpU(int teid, boolean extension, byte[] ipPacket) {
        byte[] opt = extension ? new byte[] {0, 1, 0, (byte) 0x85, 1, 0x10, 0x01, 0} : new byte[0];
        byte[] h = new byte[8];
        h[0] = (byte) (extension ? 0x36 : 0x30);
        h[1] = (byte) 0xFF;
        put16(h, 2, opt.length + ipPacket.length);
        put32(h, 4, teid);
        return concat(h, opt, ipPacket);
    }

    /** An ERSPAN type II header (version 1, the session id) and the mirrored Ethernet frame. */
    public static byte[] erspan2(int vlan, int session, byte[] frame) {
        byte[] h = new byte[8];
        put16(h, 0, 0x1000 | (vlan & 0x0FFF));
        put16(h, 2, session & 0x03FF);
        return concat(h, frame);
    }

    /** An ERSPAN type III header (version 2, the session id, frame type Ethernet, no subheader) and the frame. */
    public static byte[] erspan3(int vlan, int session, int timestamp, byte[] frame) {
        byte[] h = new byte[12];
        put16(h, 0, 0x2000 | (vlan & 0x0FFF));
        put16(h, 2, session & 0x03FF);
        put32(h, 4, timestamp);
        return concat(h, frame);
    }

    /**
     * Splits an IPv4 packet into fragments of at most {@code maxPayload} payload bytes each (rounded down to a
     * multiple of 8), in order, with the packet's identification; DF is cleared.
     */
    public static List<byte[]> fragmentIpv4(byte[] ipPacket, int maxPayload) {
        int ihl = (ipPacket[0] & 0x0f) * 4;
        int total = ((ipPacket[2] & 0xff) << 8) | (ipPacket[3] & 0xff);
        int chunk = maxPayload & ~7;
        if (chunk <= 0) {
            throw new IllegalArgumentException("fragments carry at least 8 bytes");
        }
        byte[] options = Arrays.copyOfRange(ipPacket, 20, ihl);
        byte[] src = Arrays.copyOfRange(ipPacket, 12, 16);
        byte[] dst = Arrays.copyOfRange(ipPacket, 16, 20);
        int id = ((ipPacket[4] & 0xff) << 8) | (ipPacket[5] & 0xff);
        int protocol = ipPacket[9] & 0xff;
        int ttl = ipPacket[8] & 0xff;
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < total - ihl; off += chunk) {
            int len = Math.min(chunk, total - ihl - off);
            boolean more = off + len < total - ihl;
            out.add(ipv4(src, dst, protocol, ttl, id, (more ? 0x2000 : 0) | (off / 8),
                    off == 0 ? options : new byte[0], Arrays.copyOfRange(ipPacket, ihl + off, ihl + off + len)));
        }
        return out;
    }

    /**
     * Splits an IPv6 packet into fragments of at most {@code maxPayload} bytes of its payload (rounded down to
     * a multiple of 8), in order, each with a fragment header with identification {@code id}; the whole
     * payload (extension headers included) is the fragmentable part.
     */
    public static List<byte[]> fragmentIpv6(byte[] ipPacket, int maxPayload, int id) {
        int payloadLength = ((ipPacket[4] & 0xff) << 8) | (ipPacket[5] & 0xff);
        int next = ipPacket[6] & 0xff;
        int hopLimit = ipPacket[7] & 0xff;
        byte[] src = Arrays.copyOfRange(ipPacket, 8, 24);
        byte[] dst = Arrays.copyOfRange(ipPacket, 24, 40);
        int chunk = maxPayload & ~7;
        if (chunk <= 0) {
            throw new IllegalArgumentException("fragments carry at least 8 bytes");
        }
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < payloadLength; off += chunk) {
            int len = Math.min(chunk, payloadLength - off);
            boolean more = off + len < payloadLength;
            out.add(ipv6(src, dst, 44, hopLimit, ipv6FragmentHeader(next, off / 8, more, id,
                    Arrays.copyOfRange(ipPacket, 40 + off, 40 + off + len))));
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
