package io.hellocheck.frame;

import io.hellocheck.capture.Frame;

/**
 * Decodes link, IP and TCP headers of a frame into a reusable {@link PacketView}, allocating nothing.
 *
 * <p>Link types: Ethernet (1) with any number of 802.1Q (0x8100), 802.1ad (0x88a8) and old QinQ (0x9100)
 * tags and 802.3 LLC/SNAP; Linux SLL (113) and SLL2 (276); raw IP (101, and 12 and 14 as on most
 * systems; 228 IPv4; 229 IPv6); BSD null/loopback (0, the address family in either byte order: 2 is
 * IPv4, 24, 28 and 30 are IPv6) and OpenBSD loop (108, family big-endian). Other link types, and
 * tunnels or encapsulations (PPPoE, MPLS, GRE, IP-in-IP, VXLAN, ...), are {@link DecodeStatus#UNSUPPORTED}.
 *
 * <p>IPv4 with options; the total length bounds the packet (Ethernet padding is ignored; a total length
 * of 0 is taken as "to the end of the capture", as Wireshark does for TSO captures, and a length past the
 * end of the frame on the wire is cut to the frame, as Wireshark does too); fragments other than
 * a complete datagram are {@link DecodeStatus#FRAGMENT}. IPv6 with hop-by-hop, routing, fragment,
 * destination-options and AH extension headers (a payload length of 0, a jumbogram, means "to the end of
 * the capture"). TCP with options. Never throws on any input: every read is bounds-checked.
 *
 * <p>Not thread-safe: one decoder per capture (it keeps no state between frames, though).
 */
public final class FrameDecoder {

    public static final int LINKTYPE_NULL = 0;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int LINKTYPE_RAW_12 = 12;
    public static final int LINKTYPE_RAW_14 = 14;
    public static final int LINKTYPE_RAW = 101;
    public static final int LINKTYPE_LOOP = 108;
    public static final int LINKTYPE_LINUX_SLL = 113;
    public static final int LINKTYPE_IPV4 = 228;
    public static final int LINKTYPE_IPV6 = 229;
    public static final int LINKTYPE_LINUX_SLL2 = 276;

    /** Encapsulation names set on {@link PacketView#encapsulation()}. */
    public static final String DOT1Q = "802.1Q";
    public static final String DOT1AD = "802.1ad";

    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;
    private static final int ETH_VLAN = 0x8100;
    private static final int ETH_QINQ = 0x88A8;
    private static final int ETH_QINQ_OLD = 0x9100;

    private static final long IPV4_MAPPED_PREFIX = 0x0000_ffff_0000_0000L;

    // Per-frame scratch, reset by decode().
    private byte[] d;
    private int end;
    /** Where the frame ended on the wire (offset + original length): IP lengths beyond it are clamped to it. */
    private long wireEnd;
    private String encapsulation;

    /** Decodes {@code frame}; fills {@code out} when the result is {@link DecodeStatus#TCP}. */
    public DecodeStatus decode(Frame frame, PacketView out) {
        byte[] data = frame.data();
        int off = frame.offset();
        int cap = frame.capturedLength();
        if (data == null || off < 0 || cap < 0 || off > data.length || cap > data.length - off) {
            return DecodeStatus.MALFORMED;
        }
        d = data;
        end = off + cap;
        wireEnd = Math.max(end, (long) off + frame.originalLength());
        encapsulation = null;
        DecodeStatus s = link(frame.linkType(), off, out);
        if (s == DecodeStatus.TCP) {
            out.frameNumber = frame.number();
            out.timestampNanos = frame.timestampNanos();
            out.encapsulation = encapsulation;
        }
        d = null;
        return s;
    }

    private DecodeStatus link(int linkType, int p, PacketView out) {
        switch (linkType) {
            case LINKTYPE_ETHERNET:
                if (end - p < 14) {
                    return DecodeStatus.MALFORMED;
                }
                return ethernetPayload(u16(p + 12), p + 14, out);
            case LINKTYPE_LINUX_SLL: {
                if (end - p < 16) {
                    return DecodeStatus.MALFORMED;
                }
                return sllPayload(u16(p + 2), u16(p + 14), p + 16, out);
            }
            case LINKTYPE_LINUX_SLL2: {
                if (end - p < 20) {
                    return DecodeStatus.MALFORMED;
                }
                return sllPayload(u16(p + 8), u16(p), p + 20, out);
            }
            case LINKTYPE_RAW:
            case LINKTYPE_RAW_12:
            case LINKTYPE_RAW_14:
                return rawIp(p, out);
            case LINKTYPE_IPV4:
                if (end - p < 1) {
                    return DecodeStatus.MALFORMED;
                }
                return ipv4(p, out);
            case LINKTYPE_IPV6:
                if (end - p < 1) {
                    return DecodeStatus.MALFORMED;
                }
                return ipv6(p, out);
            case LINKTYPE_NULL: {
                if (end - p < 4) {
                    return DecodeStatus.MALFORMED;
                }
                // Host byte order of the capturing machine: a family value fits in 16 bits, so when the
                // little-endian reading has high bits set, the capture was big-endian.
                int family = leInt(p);
                if ((family & 0xFFFF0000) != 0) {
                    family = Integer.reverseBytes(family);
                }
                return loopbackFamily(family, p + 4, out);
            }
            case LINKTYPE_LOOP:
                if (end - p < 4) {
                    return DecodeStatus.MALFORMED;
                }
                return loopbackFamily(beInt(p), p + 4, out);
            default:
                return DecodeStatus.UNSUPPORTED;
        }
    }

    private DecodeStatus loopbackFamily(int family, int p, PacketView out) {
        switch (family) {
            case 2:
                return ipv4(p, out);
            case 24: // NetBSD, OpenBSD, BSD/OS
            case 28: // FreeBSD, DragonFly BSD
            case 30: // macOS, iOS
                return ipv6(p, out);
            default:
                return DecodeStatus.NOT_IP;
        }
    }

    private DecodeStatus rawIp(int p, PacketView out) {
        if (end - p < 1) {
            return DecodeStatus.MALFORMED;
        }
        int version = (d[p] & 0xff) >>> 4;
        if (version == 4) {
            return ipv4(p, out);
        }
        if (version == 6) {
            return ipv6(p, out);
        }
        return DecodeStatus.MALFORMED;
    }

    private DecodeStatus sllPayload(int arphrd, int protocol, int p, PacketView out) {
        // ARPHRD_NETLINK: the protocol field is a netlink family, not an EtherType.
        if (arphrd == 824) {
            return DecodeStatus.NOT_IP;
        }
        // Values below 0x0600 are Linux "pseudo" protocols (802.2 LLC, CAN, ...), not EtherTypes.
        if (protocol < 0x0600) {
            return protocol == 0x0004 ? llc(p, out) : DecodeStatus.NOT_IP;
        }
        return ethernetPayload(protocol, p, out);
    }

    /** An EtherType and what follows it, with any number of VLAN tags. */
    private DecodeStatus ethernetPayload(int etherType, int p, PacketView out) {
        while (true) {
            switch (etherType) {
                case ETH_IPV4:
                    return ipv4(p, out);
                case ETH_IPV6:
                    return ipv6(p, out);
                case ETH_VLAN:
                    if (encapsulation == null) {
                        encapsulation = DOT1Q;
                    }
                    break;
                case ETH_QINQ:
                case ETH_QINQ_OLD:
                    encapsulation = DOT1AD;
                    break;
                case 0x8864: // PPPoE session
                case 0x8847: // MPLS unicast
                case 0x8848: // MPLS multicast
                case 0x88E5: // MACsec
                case 0x8909: // Cisco MetaData (SGT)
                case 0x88BE: // ERSPAN type II
                case 0x22EB: // ERSPAN type III
                case 0x894F: // NSH
                case 0x6558: // transparent Ethernet bridging
                    return DecodeStatus.UNSUPPORTED;
                default:
                    if (etherType < 0x0600) {
                        return llc(p, out); // 802.3 length field: LLC follows
                    }
                    return DecodeStatus.NOT_IP;
            }
            // A VLAN tag: TCI (2 bytes) then the next EtherType.
            if (end - p < 4) {
                return DecodeStatus.MALFORMED;
            }
            etherType = u16(p + 2);
            p += 4;
        }
    }

    /** IEEE 802.2 LLC: only SNAP with an EtherType OUI carries IP here. */
    private DecodeStatus llc(int p, PacketView out) {
        if (end - p < 3) {
            return DecodeStatus.NOT_IP;
        }
        if ((d[p] & 0xff) == 0xAA && (d[p + 1] & 0xff) == 0xAA && (d[p + 2] & 0xff) == 0x03) {
            if (end - p < 8) {
                return DecodeStatus.MALFORMED;
            }
            if (d[p + 3] == 0 && d[p + 4] == 0 && d[p + 5] == 0) {
                int etherType = u16(p + 6);
                if (etherType >= 0x0600) {
                    return ethernetPayload(etherType, p + 8, out);
                }
            }
        }
        return DecodeStatus.NOT_IP;
    }

    private DecodeStatus ipv4(int p, PacketView out) {
        if (end - p < 20) {
            return DecodeStatus.MALFORMED;
        }
        int vihl = d[p] & 0xff;
        if ((vihl >>> 4) != 4) {
            return DecodeStatus.MALFORMED;
        }
        int ihl = (vihl & 0x0f) * 4;
        if (ihl < 20 || end - p < ihl) {
            return DecodeStatus.MALFORMED;
        }
        int totalLength = u16(p + 2);
        int ipEnd;
        if (totalLength == 0) {
            ipEnd = end; // TSO: the NIC fills the length in later; Wireshark assumes the captured length
        } else {
            if (totalLength < ihl) {
                return DecodeStatus.MALFORMED;
            }
            // May be past the captured end (snaplen) or before it (padding). A length past the end of the
            // frame on the wire is bogus: like Wireshark, take the packet to end with the frame.
            ipEnd = (int) Math.min(p + totalLength, wireEnd);
        }
        int fragment = u16(p + 6);
        if ((fragment & 0x3FFF) != 0) {
            return DecodeStatus.FRAGMENT; // MF set or a non-zero offset
        }
        int protocol = d[p + 9] & 0xff;
        int l4 = p + ihl;
        switch (protocol) {
            case 6:
                out.ipv6 = false;
                out.srcHi = 0;
                out.srcLo = IPV4_MAPPED_PREFIX | (beInt(p + 12) & 0xFFFFFFFFL);
                out.dstHi = 0;
                out.dstLo = IPV4_MAPPED_PREFIX | (beInt(p + 16) & 0xFFFFFFFFL);
                out.ttl = d[p + 8] & 0xff;
                out.ipId = u16(p + 4);
                return tcp(l4, ipEnd, out);
            case 17:
                return udp(l4, ipEnd);
            case 4:   // IPv4 in IPv4
            case 41:  // IPv6 in IPv4
            case 47:  // GRE
            case 97:  // EtherIP
            case 115: // L2TPv3
                return DecodeStatus.UNSUPPORTED;
            default:
                return DecodeStatus.OTHER_IP;
        }
    }

    private DecodeStatus ipv6(int p, PacketView out) {
        if (end - p < 40) {
            return DecodeStatus.MALFORMED;
        }
        if (((d[p] & 0xff) >>> 4) != 6) {
            return DecodeStatus.MALFORMED;
        }
        int payloadLength = u16(p + 4);
        // A payload length past the end of the frame on the wire is bogus: end with the frame, as Wireshark.
        int ipEnd = payloadLength == 0 ? end : (int) Math.min(p + 40 + payloadLength, wireEnd);
        int next = d[p + 6] & 0xff;
        int q = p + 40;
        while (true) {
            switch (next) {
                case 6:
                    out.ipv6 = true;
                    out.srcHi = beLong(p + 8);
                    out.srcLo = beLong(p + 16);
                    out.dstHi = beLong(p + 24);
                    out.dstLo = beLong(p + 32);
                    out.ttl = d[p + 7] & 0xff;
                    out.ipId = -1;
                    return tcp(q, ipEnd, out);
                case 17:
                    return udp(q, ipEnd);
                case 0:   // hop-by-hop options
                case 43:  // routing
                case 60: { // destination options
                    if (end - q < 2) {
                        return DecodeStatus.MALFORMED;
                    }
                    int len = ((d[q + 1] & 0xff) + 1) * 8;
                    next = d[q] & 0xff;
                    q += len;
                    break;
                }
                case 51: { // authentication header
                    if (end - q < 2) {
                        return DecodeStatus.MALFORMED;
                    }
                    int len = ((d[q + 1] & 0xff) + 2) * 4;
                    next = d[q] & 0xff;
                    q += len;
                    break;
                }
                case 44: { // fragment
                    if (end - q < 8) {
                        return DecodeStatus.MALFORMED;
                    }
                    int offsetAndFlags = u16(q + 2);
                    if ((offsetAndFlags & 0xFFF9) != 0) {
                        return DecodeStatus.FRAGMENT; // offset (high 13 bits) or M (bit 0) set
                    }
                    next = d[q] & 0xff;
                    q += 8;
                    break;
                }
                case 4:  // IPv4 in IPv6
                case 41: // IPv6 in IPv6
                case 47: // GRE
                case 97:
                case 115:
                    return DecodeStatus.UNSUPPORTED;
                default:
                    return DecodeStatus.OTHER_IP; // ICMPv6, ESP, no next header (59), ...
            }
            if (q > ipEnd || q > end) {
                return DecodeStatus.MALFORMED;
            }
        }
    }

    private DecodeStatus tcp(int p, int ipEnd, PacketView out) {
        if (ipEnd - p < 20 || end - p < 20) {
            return DecodeStatus.MALFORMED;
        }
        int headerLength = ((d[p + 12] & 0xff) >>> 4) * 4;
        if (headerLength < 20 || ipEnd - p < headerLength || end - p < headerLength) {
            return DecodeStatus.MALFORMED;
        }
        out.srcPort = u16(p);
        out.dstPort = u16(p + 2);
        out.seq = beInt(p + 4) & 0xFFFFFFFFL;
        out.ack = beInt(p + 8) & 0xFFFFFFFFL;
        out.flags = d[p + 13] & 0xff;
        out.window = u16(p + 14);
        int payload = p + headerLength;
        int capturedEnd = Math.min(ipEnd, end);
        out.data = d;
        out.payloadOffset = payload;
        out.payloadLength = capturedEnd - payload;
        out.payloadMissingBytes = ipEnd - capturedEnd;
        return DecodeStatus.TCP;
    }

    private DecodeStatus udp(int p, int ipEnd) {
        if (ipEnd - p < 8 || end - p < 8) {
            return DecodeStatus.MALFORMED;
        }
        int src = u16(p);
        int dst = u16(p + 2);
        if (src == 443 || dst == 443) {
            return DecodeStatus.UDP_QUIC;
        }
        int payload = p + 8;
        int capturedEnd = Math.min(ipEnd, end);
        if (capturedEnd - payload >= 3) {
            int contentType = d[payload] & 0xff;
            int version = u16(payload + 1);
            if (contentType >= 20 && contentType <= 25
                    && (version == 0xFEFF || version == 0xFEFD || version == 0xFEFC)) {
                return DecodeStatus.UDP_DTLS;
            }
        }
        if (src == 4789 || dst == 4789      // VXLAN
                || src == 2152 || dst == 2152 // GTP-U
                || src == 6081 || dst == 6081) { // Geneve
            return DecodeStatus.UNSUPPORTED;
        }
        return DecodeStatus.OTHER_IP;
    }

    private int u16(int p) {
        return ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
    }

    private int beInt(int p) {
        return ((d[p] & 0xff) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
    }

    private int leInt(int p) {
        return (d[p] & 0xff) | ((d[p + 1] & 0xff) << 8) | ((d[p + 2] & 0xff) << 16) | ((d[p + 3] & 0xff) << 24);
    }

    private long beLong(int p) {
        return ((long) beInt(p) << 32) | (beInt(p + 4) & 0xFFFFFFFFL);
    }
}
