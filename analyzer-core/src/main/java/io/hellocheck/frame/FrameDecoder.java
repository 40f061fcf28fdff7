package io.hellocheck.frame;

import io.hellocheck.capture.Frame;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes link, tunnel, IP and TCP headers of a frame into a reusable {@link PacketView}, allocating
 * nothing for a frame that is not an IP fragment.
 *
 * <p>Link types: Ethernet (1) with any number of 802.1Q (0x8100), 802.1ad (0x88a8) and old QinQ (0x9100)
 * tags and 802.3 LLC/SNAP; Linux SLL (113) and SLL2 (276); PPP (9, 50) and PPPoE without Ethernet (51);
 * raw IP (101, and 12 and 14 as on most systems; 228 IPv4; 229 IPv6); BSD null/loopback (0, the address
 * family in either byte order: 2 is IPv4, 24, 28 and 30 are IPv6) and OpenBSD loop (108, family
 * big-endian). Other link types are {@link DecodeStatus#UNSUPPORTED}.
 *
 * <p>Encapsulations looked through, at any depth up to {@value #MAX_LAYERS} layers, the innermost IP and TCP
 * headers filling the view and {@link PacketView#encapsulation()} naming the chain outermost first, joined
 * with "/" ({@code "802.1ad/PPPoE"}, {@code "GRE/802.1Q"}):
 * <ul>
 * <li>VLAN tags ({@value #DOT1Q}, or {@value #DOT1AD} when a QinQ tag is among them; the tags of one
 *     Ethernet header are one layer);</li>
 * <li>PPPoE sessions (EtherType 0x8864; PPP protocol 0x0021 IPv4, 0x0057 IPv6), the PPPoE length bounding
 *     the packet ({@value #PPPOE});</li>
 * <li>MPLS (0x8847, 0x8848): the label stack to its bottom, then IPv4 or IPv6 by the first nibble (or by
 *     an explicit-null label), or an Ethernet pseudowire: with a control word when the nibble is 0 (unless
 *     only the bytes without one look like an Ethernet header), without one when the bytes look like an
 *     Ethernet header carrying an EtherType decoded here ({@value #MPLS});</li>
 * <li>Cisco MetaData (0x8909): version, length, option, SGT, then the real EtherType, 8 bytes as Wireshark's
 *     packet-cisco-metadata.c ({@value #CISCO_METADATA});</li>
 * <li>GRE (IP protocol 47) version 0 with optional checksum, key, sequence number and source routes,
 *     carrying IPv4, IPv6, Ethernet (0x6558), MPLS or ERSPAN type I, II or III ({@value #GRE},
 *     {@value #ERSPAN}); the enhanced GRE of PPTP (version 1, RFC 2637 section 4.1) carrying PPP
 *     ({@value #GRE} too);</li>
 * <li>L2TP version 2 data messages (RFC 2661 section 3.1, UDP port 1701) carrying PPP ({@value #L2TP});</li>
 * <li>EtherIP (RFC 3378, IP protocol 97) carrying Ethernet ({@value #ETHERIP});</li>
 * <li>VXLAN (UDP port 4789, then Ethernet) ({@value #VXLAN}), Geneve (UDP port 6081, its options, then
 *     Ethernet or IP) ({@value #GENEVE}), GTP-U G-PDUs (UDP port 2152, with their extension headers, then
 *     IP) ({@value #GTP_U});</li>
 * <li>IP in IP (IP protocols 4 and 41 in IPv4 or IPv6): {@value #IP_IN_IP} (IPv4 in IPv4),
 *     {@value #SIX_IN_FOUR}, {@value #FOUR_IN_SIX}, {@value #SIX_IN_SIX}.</li>
 * </ul>
 * An inner packet ends where its outer IP packet ends.
 *
 * <p>IPv4 with options; the total length bounds the packet (Ethernet padding is ignored; a total length
 * of 0 is taken as "to the end of the frame", as Wireshark does for TSO captures, and a length past the
 * end of the frame on the wire is cut to the frame, as Wireshark does too). IPv6 with hop-by-hop, routing,
 * fragment, destination-options and AH extension headers (a payload length of 0, a jumbogram, means "to the
 * end of the frame"). TCP with options. Bytes a frame had on the wire but the capture lacks (the snaplen)
 * are never taken as there: they are {@link PacketView#payloadMissingBytes()}, and headers cut short are
 * {@link DecodeStatus#MALFORMED}.
 *
 * <p>IP fragments (IPv4, and IPv6 fragment headers) are reassembled in a bounded table (see
 * {@link #fragmentCounters()}): a fragment is {@link DecodeStatus#FRAGMENT} until its datagram is complete;
 * the completed datagram is decoded in the frame of the fragment that completed it, with
 * {@link PacketView#data()} then pointing at a reassembly buffer the decoder owns, valid until the next
 * call to {@link #decode}. A datagram with bytes the capture lacks is reported with the captured bytes up to
 * the first one missing and the rest as missing.
 *
 * <p>Never throws on any input: every read is bounds-checked. Not thread-safe: one decoder per capture (it
 * keeps the fragments of datagrams in progress between frames).
 */
public final class FrameDecoder {

    public static final int LINKTYPE_NULL = 0;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int LINKTYPE_PPP = 9;
    public static final int LINKTYPE_RAW_12 = 12;
    public static final int LINKTYPE_RAW_14 = 14;
    public static final int LINKTYPE_PPP_HDLC = 50;
    public static final int LINKTYPE_PPP_ETHER = 51;
    public static final int LINKTYPE_RAW = 101;
    public static final int LINKTYPE_LOOP = 108;
    public static final int LINKTYPE_LINUX_SLL = 113;
    public static final int LINKTYPE_IPV4 = 228;
    public static final int LINKTYPE_IPV6 = 229;
    public static final int LINKTYPE_LINUX_SLL2 = 276;

    /** Most encapsulation layers looked through; a deeper frame is {@link DecodeStatus#UNSUPPORTED}. */
    public static final int MAX_LAYERS = 8;

    /** Encapsulation names, the parts of {@link PacketView#encapsulation()}. */
    public static final String DOT1Q = "802.1Q";
    public static final String DOT1AD = "802.1ad";
    public static final String PPPOE = "PPPoE";
    public static final String MPLS = "MPLS";
    public static final String GRE = "GRE";
    public static final String ERSPAN = "ERSPAN";
    public static final String VXLAN = "VXLAN";
    public static final String GENEVE = "Geneve";
    public static final String GTP_U = "GTP-U";
    public static final String IP_IN_IP = "IP-in-IP";
    public static final String SIX_IN_FOUR = "6in4";
    public static final String FOUR_IN_SIX = "4in6";
    public static final String SIX_IN_SIX = "6in6";
    public static final String CISCO_METADATA = "CiscoMetaData";
    public static final String L2TP = "L2TP";
    public static final String ETHERIP = "EtherIP";

    /** What {@link #unsupported()} names after an {@link DecodeStatus#UNSUPPORTED} frame. */
    public static final String UNSUPPORTED_LINK_TYPE = "link type";
    public static final String UNSUPPORTED_TOO_DEEP = "more than " + MAX_LAYERS + " layers";
    public static final String UNSUPPORTED_GRE = "GRE (version or protocol)";
    public static final String UNSUPPORTED_MPLS = "MPLS payload";
    public static final String UNSUPPORTED_ERSPAN = "ERSPAN (type or frame type)";
    public static final String UNSUPPORTED_GENEVE = "Geneve (version or protocol)";
    public static final String UNSUPPORTED_GTP = "GTP-U payload";
    public static final String UNSUPPORTED_ETHERTYPE = "EtherType (MACsec, NSH, ...)";
    public static final String UNSUPPORTED_IP_PROTOCOL = "IP protocol (L2TPv3)";

    // Element codes of the encapsulation chain; index into NAMES.
    private static final int E_DOT1Q = 1;
    private static final int E_DOT1AD = 2;
    private static final int E_PPPOE = 3;
    private static final int E_MPLS = 4;
    private static final int E_GRE = 5;
    private static final int E_ERSPAN = 6;
    private static final int E_VXLAN = 7;
    private static final int E_GENEVE = 8;
    private static final int E_GTP_U = 9;
    private static final int E_IP_IN_IP = 10;
    private static final int E_SIX_IN_FOUR = 11;
    private static final int E_FOUR_IN_SIX = 12;
    private static final int E_SIX_IN_SIX = 13;
    private static final int E_CMD = 14;
    private static final int E_L2TP = 15;
    private static final int E_ETHERIP = 16;
    private static final String[] NAMES = {null, DOT1Q, DOT1AD, PPPOE, MPLS, GRE, ERSPAN, VXLAN, GENEVE, GTP_U,
        IP_IN_IP, SIX_IN_FOUR, FOUR_IN_SIX, SIX_IN_SIX, CISCO_METADATA, L2TP, ETHERIP};

    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;
    private static final int ETH_VLAN = 0x8100;
    private static final int ETH_QINQ = 0x88A8;
    private static final int ETH_QINQ_OLD = 0x9100;
    private static final int ETH_PPPOE_SESSION = 0x8864;
    private static final int ETH_MPLS = 0x8847;
    private static final int ETH_MPLS_MULTICAST = 0x8848;
    private static final int ETH_CMD = 0x8909;
    private static final int ETH_TEB = 0x6558;
    private static final int ETH_ERSPAN_2 = 0x88BE;
    private static final int ETH_ERSPAN_3 = 0x22EB;

    private static final int UDP_VXLAN = 4789;
    private static final int UDP_GENEVE = 6081;
    private static final int UDP_GTP_U = 2152;
    private static final int UDP_L2TP = 1701;
    private static final int GRE_PPP = 0x880B;

    private static final long IPV4_MAPPED_PREFIX = 0x0000_ffff_0000_0000L;

    private final IpReassembler reassembler;
    private final EncapsulationNames names = new EncapsulationNames(NAMES);

    // Per-frame scratch, reset by decode().
    private byte[] d;
    private Consumer<PacketView> otherUdpHeaders = p -> { };
    private int icmpQuoting = -1;
    private int end;
    /** Where the packet being decoded ended on the wire: IP lengths beyond it are clamped to it. */
    private long wireEnd;
    private long now;
    private long chain;
    private int layers;
    private String unsupported;

    /** A decoder with the default reassembly limits: 4,096 datagrams, 8 MiB, 30 s of capture time. */
    public FrameDecoder() {
        this(IpReassembler.DEFAULT_MAX_DATAGRAMS, IpReassembler.DEFAULT_MAX_BYTES,
                IpReassembler.DEFAULT_TIMEOUT_NANOS);
    }

    /**
     * A decoder with these reassembly limits.
     *
     * @param maxDatagrams datagrams in progress at most (the oldest is dropped to make room)
     * @param maxBytes     bytes held by datagrams in progress at most (the oldest are dropped)
     * @param timeoutNanos capture time after its first fragment by which a datagram must be complete
     */
    public FrameDecoder(int maxDatagrams, long maxBytes, long timeoutNanos) {
        this.reassembler = new IpReassembler(maxDatagrams, maxBytes, timeoutNanos);
    }

    /**
     * Decodes {@code frame}; fills {@code out} when the result is {@link DecodeStatus#TCP} or
     * {@link DecodeStatus#ICMP_QUOTED_TCP}, or when the frame holds a UDP datagram ({@link PacketView#isUdp()}:
     * {@link DecodeStatus#UDP_QUIC}, {@link DecodeStatus#UDP_DTLS} or {@link DecodeStatus#OTHER_IP}). Frames must
     * come in capture order for fragments to be reassembled.
     */
    public DecodeStatus decode(Frame frame, PacketView out) {
        byte[] data = frame.data();
        int off = frame.offset();
        int cap = frame.capturedLength();
        unsupported = null;
        if (data == null || off < 0 || cap < 0 || off > data.length || cap > data.length - off) {
            return DecodeStatus.MALFORMED;
        }
        d = data;
        end = off + cap;
        wireEnd = Math.max(end, (long) off + frame.originalLength());
        now = frame.timestampNanos();
        chain = 0;
        layers = 0;
        out.udp = false;
        DecodeStatus s = link(frame.linkType(), off, out);
        if (s == DecodeStatus.TCP || s == DecodeStatus.ICMP_QUOTED_TCP || out.udp) {
            out.frameNumber = frame.number();
            out.timestampNanos = frame.timestampNanos();
            out.encapsulation = names.name(chain, layers);
        }
        d = null;
        return s;
    }

    /**
     * Sets what is called for each UDP header that is not the frame's own datagram: the outer header of a
     * VXLAN, Geneve, GTP-U or L2TP tunnel, and the datagram quoted in an ICMP or ICMPv6 error (RFC 792, RFC 4443).
     * Wireshark numbers their conversations in {@code udp.stream} too. The view then holds their addresses
     * and ports only, and is overwritten by the rest of the frame's decoding.
     */
    public void onOtherUdpHeaders(Consumer<PacketView> listener) {
        this.otherUdpHeaders = Objects.requireNonNull(listener);
    }

    /**
     * While {@link #onOtherUdpHeaders} is called for a datagram quoted in an ICMP error: the error's type and code
     * as {@code type * 256 + code}, plus 0x10000 for ICMPv6 (destination unreachable, port unreachable: 0x0303 for
     * ICMP, 0x10104 for ICMPv6); -1 otherwise (a tunnel's header).
     */
    public int icmpQuoting() {
        return icmpQuoting;
    }

    /** Counts of IP fragment reassembly so far. */
    public FragmentCounters fragmentCounters() {
        IpReassembler r = reassembler;
        return new FragmentCounters(r.fragments, r.reassembled, r.overlaps, r.timedOut, r.evicted, r.invalid,
                r.inProgress());
    }

    /** Datagrams waiting for fragments. */
    public int datagramsInProgress() {
        return reassembler.inProgress();
    }

    /** Bytes held by the datagrams waiting for fragments (bounded by the decoder's byte limit). */
    public long reassemblyBytesInUse() {
        return reassembler.bytesInUse();
    }

    /**
     * After {@link DecodeStatus#UNSUPPORTED}: what was not decoded, one of the {@code UNSUPPORTED_*}
     * constants ({@link #UNSUPPORTED_LINK_TYPE} for the frame's link type); else null.
     */
    public String unsupported() {
        return unsupported;
    }

    private DecodeStatus unsupported(String what) {
        unsupported = what;
        return DecodeStatus.UNSUPPORTED;
    }

    /** Adds a layer to the chain; false (and the frame unsupported) past {@link #MAX_LAYERS}. */
    private boolean push(int element) {
        if (layers >= MAX_LAYERS) {
            unsupported = UNSUPPORTED_TOO_DEEP;
            return false;
        }
        chain = (chain << 8) | element;
        layers++;
        return true;
    }

    /** Continues inside the payload of an IP packet ending at {@code ipEnd}: nothing past it belongs to it. */
    private void narrow(int ipEnd) {
        if (ipEnd < end) {
            end = ipEnd;
        }
        if (ipEnd < wireEnd) {
            wireEnd = ipEnd;
        }
    }

    // ------------------------------------------------------------------ link layer

    private DecodeStatus link(int linkType, int p, PacketView out) {
        switch (linkType) {
            case LINKTYPE_ETHERNET:
                return ethernet(p, out);
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
            case LINKTYPE_PPP:
            case LINKTYPE_PPP_HDLC:
                return pppFrame(p, out);
            case LINKTYPE_PPP_ETHER:
                return pppoe(p, out);
            default:
                return unsupported(UNSUPPORTED_LINK_TYPE);
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

    /** An IP packet of either version, by its first nibble. */
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

    /** A whole Ethernet II or 802.3 frame (destination, source, EtherType or length, ...). */
    private DecodeStatus ethernet(int p, PacketView out) {
        if (end - p < 14) {
            return DecodeStatus.MALFORMED;
        }
        return ethernetPayload(u16(p + 12), p + 14, out);
    }

    /** An EtherType and what follows it, with any number of VLAN tags and Cisco MetaData headers. */
    private DecodeStatus ethernetPayload(int etherType, int p, PacketView out) {
        boolean vlanLayer = false; // the last layer pushed is this header's VLAN layer
        while (true) {
            switch (etherType) {
                case ETH_IPV4:
                    return ipv4(p, out);
                case ETH_IPV6:
                    return ipv6(p, out);
                case ETH_VLAN:
                case ETH_QINQ:
                case ETH_QINQ_OLD: {
                    int element = etherType == ETH_VLAN ? E_DOT1Q : E_DOT1AD;
                    if (!vlanLayer) {
                        if (!push(element)) {
                            return DecodeStatus.UNSUPPORTED;
                        }
                        vlanLayer = true;
                    } else if (element == E_DOT1AD) {
                        chain = (chain & ~0xFFL) | E_DOT1AD;
                    }
                    // A VLAN tag: TCI (2 bytes) then the next EtherType.
                    if (end - p < 4) {
                        return DecodeStatus.MALFORMED;
                    }
                    etherType = u16(p + 2);
                    p += 4;
                    continue;
                }
                case ETH_CMD:
                    // Cisco MetaData: version, length, option type/length, SGT, then the EtherType.
                    if (!push(E_CMD)) {
                        return DecodeStatus.UNSUPPORTED;
                    }
                    vlanLayer = false;
                    if (end - p < 8) {
                        return DecodeStatus.MALFORMED;
                    }
                    etherType = u16(p + 6);
                    p += 8;
                    continue;
                case ETH_PPPOE_SESSION:
                    return pppoe(p, out);
                case ETH_MPLS:
                case ETH_MPLS_MULTICAST:
                    return mpls(p, out);
                case 0x88E5: // MACsec
                case 0x894F: // NSH
                case ETH_ERSPAN_2:
                case ETH_ERSPAN_3:
                case ETH_TEB:
                    return unsupported(UNSUPPORTED_ETHERTYPE);
                default:
                    if (etherType < 0x0600) {
                        return llc(p, out); // 802.3 length field: LLC follows
                    }
                    return DecodeStatus.NOT_IP;
            }
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

    /** A PPPoE session header (version/type, code, session id, length), then a PPP protocol. */
    private DecodeStatus pppoe(int p, PacketView out) {
        if (!push(E_PPPOE)) {
            return DecodeStatus.UNSUPPORTED;
        }
        if (end - p < 6) {
            return DecodeStatus.MALFORMED;
        }
        if ((d[p] & 0xff) != 0x11 || d[p + 1] != 0) {
            return DecodeStatus.NOT_IP; // not version 1 type 1 session data (discovery, other versions)
        }
        // The PPPoE length bounds the PPP frame, as in Wireshark: what follows is Ethernet padding.
        narrow(p + 6 + u16(p + 4));
        return ppp(p + 6, out);
    }

    /** A PPP frame with or without the HDLC address and control bytes (0xff 0x03). */
    private DecodeStatus pppFrame(int p, PacketView out) {
        if (end - p >= 2 && (d[p] & 0xff) == 0xFF && d[p + 1] == 0x03) {
            p += 2;
        }
        return ppp(p, out);
    }

    /** A PPP protocol field (two bytes, or one when compressed: odd) and its payload. */
    private DecodeStatus ppp(int p, PacketView out) {
        if (end - p < 1) {
            return DecodeStatus.MALFORMED;
        }
        int protocol;
        if ((d[p] & 1) == 1) {
            protocol = d[p] & 0xff;
            p += 1;
        } else {
            if (end - p < 2) {
                return DecodeStatus.MALFORMED;
            }
            protocol = u16(p);
            p += 2;
        }
        switch (protocol) {
            case 0x21:
                return ipv4(p, out);
            case 0x57:
                return ipv6(p, out);
            default:
                return DecodeStatus.NOT_IP; // LCP, IPCP, CHAP, compressed or encrypted data, ...
        }
    }

    /** An MPLS label stack to its bottom, then what it carries. */
    private DecodeStatus mpls(int p, PacketView out) {
        if (!push(E_MPLS)) {
            return DecodeStatus.UNSUPPORTED;
        }
        int label;
        while (true) {
            if (end - p < 4) {
                return DecodeStatus.MALFORMED;
            }
            label = beInt(p) >>> 12;
            boolean bottom = (d[p + 2] & 1) != 0;
            p += 4;
            if (bottom) {
                break;
            }
        }
        if (end - p < 1) {
            return DecodeStatus.MALFORMED;
        }
        if (label == 0) {
            return ipv4(p, out);   // IPv4 explicit null
        }
        if (label == 2) {
            return ipv6(p, out);   // IPv6 explicit null
        }
        switch ((d[p] & 0xff) >>> 4) {
            case 4:
                return ipv4(p, out);
            case 6:
                return ipv6(p, out);
            case 0:
                // An Ethernet pseudowire (RFC 4448), most likely with its control word (first nibble 0), as
                // Wireshark assumes; without one when only the frame at p has an EtherType we know.
                if (end - p >= 4 + 14 && (knownEtherType(u16(p + 4 + 12)) || !(end - p >= 14
                        && knownEtherType(u16(p + 12))))) {
                    return ethernet(p + 4, out);
                }
                if (end - p >= 14 && knownEtherType(u16(p + 12))) {
                    return ethernet(p, out);
                }
                return end - p < 4 + 14 ? DecodeStatus.MALFORMED : unsupported(UNSUPPORTED_MPLS);
            default:
                // An Ethernet pseudowire without a control word, if it looks like one.
                if (end - p >= 14 && knownEtherType(u16(p + 12))) {
                    return ethernet(p, out);
                }
                return unsupported(UNSUPPORTED_MPLS);
        }
    }

    /** EtherTypes this decoder goes through: what makes bytes look like an Ethernet header. */
    private static boolean knownEtherType(int t) {
        switch (t) {
            case ETH_IPV4:
            case ETH_IPV6:
            case ETH_VLAN:
            case ETH_QINQ:
            case ETH_QINQ_OLD:
            case ETH_PPPOE_SESSION:
            case ETH_MPLS:
            case ETH_MPLS_MULTICAST:
            case ETH_CMD:
                return true;
            default:
                return false;
        }
    }

    // ------------------------------------------------------------------ IP

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
        int fragment = u16(p + 6);
        boolean fragmented = (fragment & 0x3FFF) != 0; // MF set or a non-zero offset
        if (totalLength == 0) {
            if (fragmented) {
                return DecodeStatus.MALFORMED;
            }
            // TSO: the NIC fills the length in later; Wireshark assumes the frame's length.
            ipEnd = (int) wireEnd;
        } else {
            if (totalLength < ihl) {
                return DecodeStatus.MALFORMED;
            }
            // May be past the captured end (snaplen) or before it (padding). A length past the end of the
            // frame on the wire is bogus: like Wireshark, take the packet to end with the frame.
            ipEnd = (int) Math.min(p + totalLength, wireEnd);
        }
        int protocol = d[p + 9] & 0xff;
        int l4 = p + ihl;
        if (fragmented) {
            if (ipEnd < l4) {
                return DecodeStatus.MALFORMED;
            }
            IpReassembler r = reassembler;
            r.keyIpv4(IPV4_MAPPED_PREFIX | (beInt(p + 12) & 0xFFFFFFFFL),
                    IPV4_MAPPED_PREFIX | (beInt(p + 16) & 0xFFFFFFFFL), protocol, u16(p + 4));
            int captured = Math.min(ipEnd, end) - l4;
            IpReassembler.Entry e = r.add(now, (fragment & 0x1FFF) * 8, (fragment & 0x2000) != 0, d, l4,
                    captured, ipEnd - l4, 65535 - 20, -1);
            if (e == null) {
                return DecodeStatus.FRAGMENT;
            }
            // The whole datagram behind a 20-byte header with this frame's TTL, in the entry's buffer.
            byte[] b = e.buf;
            int h = IpReassembler.HEADROOM - 20;
            java.util.Arrays.fill(b, h, h + 20, (byte) 0);
            b[h] = 0x45;
            b[h + 1] = d[p + 1];
            put16(b, h + 2, 20 + e.total);
            put16(b, h + 4, u16(p + 4));
            b[h + 8] = d[p + 8];
            b[h + 9] = (byte) protocol;
            System.arraycopy(d, p + 12, b, h + 12, 8);
            d = b;
            end = IpReassembler.HEADROOM + e.capturedPrefix();
            wireEnd = IpReassembler.HEADROOM + e.total;
            return ipv4(h, out);
        }
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
                out.ipv6 = false;
                out.srcHi = 0;
                out.srcLo = IPV4_MAPPED_PREFIX | (beInt(p + 12) & 0xFFFFFFFFL);
                out.dstHi = 0;
                out.dstLo = IPV4_MAPPED_PREFIX | (beInt(p + 16) & 0xFFFFFFFFL);
                out.ttl = d[p + 8] & 0xff;
                out.ipId = u16(p + 4);
                return udp(l4, ipEnd, out);
            case 4:   // IPv4 in IPv4
                if (!push(E_IP_IN_IP)) {
                    return DecodeStatus.UNSUPPORTED;
                }
                narrow(ipEnd);
                return ipv4(l4, out);
            case 41:  // IPv6 in IPv4
                if (!push(E_SIX_IN_FOUR)) {
                    return DecodeStatus.UNSUPPORTED;
                }
                narrow(ipEnd);
                return ipv6(l4, out);
            case 47:
                narrow(ipEnd);
                return gre(l4, out);
            case 1: {
                DecodeStatus quoted = icmpError(l4, ipEnd, false, out);
                return quoted == DecodeStatus.OTHER_IP ? icmpV4Error(l4, ipEnd, out) : quoted;
            }
            case 97:
                narrow(ipEnd);
                return etherIp(l4, out);
            case 115: // L2TPv3
                return unsupported(UNSUPPORTED_IP_PROTOCOL);
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
        int ipEnd = payloadLength == 0 ? (int) wireEnd : (int) Math.min(p + 40 + payloadLength, wireEnd);
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
                    out.ipv6 = true;
                    out.srcHi = beLong(p + 8);
                    out.srcLo = beLong(p + 16);
                    out.dstHi = beLong(p + 24);
                    out.dstLo = beLong(p + 32);
                    out.ttl = d[p + 7] & 0xff;
                    out.ipId = -1;
                    return udp(q, ipEnd, out);
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
                    if (end - q < 8 || ipEnd - q < 8) {
                        return DecodeStatus.MALFORMED;
                    }
                    int offsetAndFlags = u16(q + 2);
                    if ((offsetAndFlags & 0xFFF9) == 0) {
                        next = d[q] & 0xff; // an atomic fragment: the whole packet
                        q += 8;
                        break;
                    }
                    return ipv6Fragment(p, q, ipEnd, offsetAndFlags, out);
                }
                case 4:  // IPv4 in IPv6
                    if (!push(E_FOUR_IN_SIX)) {
                        return DecodeStatus.UNSUPPORTED;
                    }
                    narrow(ipEnd);
                    return ipv4(q, out);
                case 41: // IPv6 in IPv6
                    if (!push(E_SIX_IN_SIX)) {
                        return DecodeStatus.UNSUPPORTED;
                    }
                    narrow(ipEnd);
                    return ipv6(q, out);
                case 47:
                    narrow(ipEnd);
                    return gre(q, out);
                case 58: {
                    DecodeStatus quoted = icmpError(q, ipEnd, true, out);
                    return quoted == DecodeStatus.OTHER_IP ? icmpV6Error(q, ipEnd, out) : quoted;
                }
                case 97:
                    narrow(ipEnd);
                    return etherIp(q, out);
                case 115:
                    return unsupported(UNSUPPORTED_IP_PROTOCOL);
                default:
                    return DecodeStatus.OTHER_IP; // ESP, no next header (59), ...
            }
            if (q > ipEnd || q > end) {
                return DecodeStatus.MALFORMED;
            }
        }
    }

    /** An IPv6 fragment whose fragment header is at {@code q}: reassembled, then decoded when complete. */
    private DecodeStatus ipv6Fragment(int p, int q, int ipEnd, int offsetAndFlags, PacketView out) {
        int payload = q + 8;
        IpReassembler r = reassembler;
        r.keyIpv6(beLong(p + 8), beLong(p + 16), beLong(p + 24), beLong(p + 32), beInt(q + 4) & 0xFFFFFFFFL);
        int captured = Math.min(ipEnd, end) - payload;
        IpReassembler.Entry e = r.add(now, offsetAndFlags & 0xFFF8, (offsetAndFlags & 1) != 0, d, payload,
                captured, ipEnd - payload, 65535, d[q] & 0xff);
        if (e == null) {
            return DecodeStatus.FRAGMENT;
        }
        // The fragmentable part behind a 40-byte header (this frame's addresses and hop limit).
        byte[] b = e.buf;
        int h = IpReassembler.HEADROOM - 40;
        System.arraycopy(d, p, b, h, 4);
        put16(b, h + 4, e.total);
        b[h + 6] = (byte) e.nextHeader;
        b[h + 7] = d[p + 7];
        System.arraycopy(d, p + 8, b, h + 8, 32);
        d = b;
        end = IpReassembler.HEADROOM + e.capturedPrefix();
        wireEnd = IpReassembler.HEADROOM + e.total;
        return ipv6(h, out);
    }

    /** GRE (RFC 2784, RFC 2890; RFC 1701 routing) version 0, and what it carries. */
    private DecodeStatus gre(int p, PacketView out) {
        if (!push(E_GRE)) {
            return DecodeStatus.UNSUPPORTED;
        }
        if (end - p < 4) {
            return DecodeStatus.MALFORMED;
        }
        int flags = u16(p);
        int protocol = u16(p + 2);
        if ((flags & 7) == 1 && protocol == GRE_PPP) {
            return pptpGre(p, flags, out);
        }
        if ((flags & 7) != 0) {
            return unsupported(UNSUPPORTED_GRE); // version 1 with another protocol, or unknown
        }
        int q = p + 4;
        if ((flags & 0xC000) != 0) {
            q += 4;  // checksum and offset, present with C or R
        }
        if ((flags & 0x2000) != 0) {
            q += 4;  // key
        }
        boolean sequence = (flags & 0x1000) != 0;
        if (sequence) {
            q += 4;
        }
        if ((flags & 0x4000) != 0) {
            // Source route entries until the NULL one (address family 0, length 0).
            while (true) {
                if (end - q < 4) {
                    return DecodeStatus.MALFORMED;
                }
                int family = u16(q);
                int length = d[q + 3] & 0xff;
                q += 4 + length;
                if (family == 0 && length == 0) {
                    break;
                }
            }
        }
        if (q > end) {
            return DecodeStatus.MALFORMED;
        }
        switch (protocol) {
            case ETH_IPV4:
                return ipv4(q, out);
            case ETH_IPV6:
                return ipv6(q, out);
            case ETH_TEB:
                return ethernet(q, out);
            case ETH_MPLS:
            case ETH_MPLS_MULTICAST:
                return mpls(q, out);
            case ETH_ERSPAN_2:
                // Type I has no sequence number and no ERSPAN header; type II has an 8-byte header.
                if (!push(E_ERSPAN)) {
                    return DecodeStatus.UNSUPPORTED;
                }
                if (!sequence) {
                    return ethernet(q, out);
                }
                if (end - q < 8) {
                    return DecodeStatus.MALFORMED;
                }
                if ((d[q] & 0xff) >>> 4 != 1) {
                    return unsupported(UNSUPPORTED_ERSPAN);
                }
                return ethernet(q + 8, out);
            case ETH_ERSPAN_3: {
                // Type III: 12 bytes, then an 8-byte platform-specific subheader when O is set.
                if (!push(E_ERSPAN)) {
                    return DecodeStatus.UNSUPPORTED;
                }
                if (end - q < 12) {
                    return DecodeStatus.MALFORMED;
                }
                // The third word: SGT (16 bits), P, FT (5 bits), hardware id (6), D, granularity (2), O.
                int frameType = (u16(q + 10) >>> 10) & 0x1F;
                if ((d[q] & 0xff) >>> 4 != 2 || frameType != 0) {
                    return unsupported(UNSUPPORTED_ERSPAN);
                }
                int r = q + 12 + ((d[q + 11] & 1) != 0 ? 8 : 0);
                return ethernet(r, out);
            }
            default:
                return unsupported(UNSUPPORTED_GRE);
        }
    }

    /**
     * PPTP's enhanced GRE (RFC 2637 section 4.1): the key field (payload length, call id), then a sequence number
     * when S is set and an acknowledgment number when A is set, then a PPP frame; a packet without payload (an
     * acknowledgment only) carries nothing.
     */
    private DecodeStatus pptpGre(int p, int flags, PacketView out) {
        if ((flags & 0x2000) == 0 || (flags & 0xC000) != 0) {
            return unsupported(UNSUPPORTED_GRE);
        }
        int q = p + 8 + ((flags & 0x1000) != 0 ? 4 : 0) + ((flags & 0x0080) != 0 ? 4 : 0);
        if (end - p < 8 || q > end) {
            return DecodeStatus.MALFORMED;
        }
        if (u16(p + 4) == 0) {
            return DecodeStatus.NOT_IP;
        }
        return pppFrame(q, out);
    }

    /**
     * An L2TP version 2 header (RFC 2661 section 3.1): flags and version, then the length (L), tunnel and session
     * ids, Ns and Nr (S), the offset size and its padding (O); a data message carries a PPP frame. Control
     * messages (T) and other versions (L2TPv3 over UDP) carry no IP.
     */
    private DecodeStatus l2tp(int p, PacketView out) {
        if (!push(E_L2TP)) {
            return DecodeStatus.UNSUPPORTED;
        }
        if (end - p < 6) {
            return DecodeStatus.MALFORMED;
        }
        int flags = u16(p);
        if ((flags & 0x000F) != 2 || (flags & 0x8000) != 0) {
            return DecodeStatus.OTHER_IP;
        }
        int q = p + 2 + ((flags & 0x4000) != 0 ? 2 : 0) + 4 + ((flags & 0x0800) != 0 ? 4 : 0);
        if ((flags & 0x0200) != 0) {
            if (end - q < 2) {
                return DecodeStatus.MALFORMED;
            }
            q += 2 + u16(q);
        }
        if (q > end) {
            return DecodeStatus.MALFORMED;
        }
        return pppFrame(q, out);
    }

    /** EtherIP (RFC 3378): a 16-bit header whose version is 3, then an Ethernet frame. */
    private DecodeStatus etherIp(int p, PacketView out) {
        if (!push(E_ETHERIP)) {
            return DecodeStatus.UNSUPPORTED;
        }
        if (end - p < 2) {
            return DecodeStatus.MALFORMED;
        }
        if ((d[p] & 0xff) >>> 4 != 3) {
            return DecodeStatus.OTHER_IP;
        }
        return ethernet(p + 2, out);
    }

    // ------------------------------------------------------------------ transport

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

    /**
     * An ICMP (RFC 792) or ICMPv6 (RFC 4443 section 3) error message quoting the start of a TCP segment: types
     * 3 (destination unreachable), 4 (source quench), 11 (time exceeded) and 12 (parameter problem); ICMPv6
     * types 1 to 4. The quoted IP header must be of the outer packet's version (IPv6 possibly with hop-by-hop,
     * routing or destination options) and, for IPv4, not a later fragment. As Wireshark 4.0, a quote holding at
     * least the first 16 bytes of the TCP header (through the window) is {@link DecodeStatus#ICMP_QUOTED_TCP},
     * with the quoted addresses, ports, sequence and acknowledgment numbers and flags in the view and no payload;
     * a shorter one, a redirect (5) and anything else are {@link DecodeStatus#OTHER_IP}.
     */
    private DecodeStatus icmpError(int p, int ipEnd, boolean v6, PacketView out) {
        int stop = Math.min(ipEnd, end);
        if (stop - p < 8) {
            return DecodeStatus.OTHER_IP;
        }
        int type = d[p] & 0xff;
        boolean error = v6 ? type >= 1 && type <= 4 : type == 3 || type == 4 || type == 11 || type == 12;
        if (!error) {
            return DecodeStatus.OTHER_IP;
        }
        int q = p + 8;
        int t;
        if (!v6) {
            if (stop - q < 20 || (d[q] & 0xff) >>> 4 != 4 || d[q + 9] != 6 || (u16(q + 6) & 0x1FFF) != 0) {
                return DecodeStatus.OTHER_IP;
            }
            int ihl = (d[q] & 0x0f) * 4;
            t = q + ihl;
            if (ihl < 20 || stop - t < 16) {
                return DecodeStatus.OTHER_IP;
            }
            out.ipv6 = false;
            out.srcHi = 0;
            out.srcLo = IPV4_MAPPED_PREFIX | (beInt(q + 12) & 0xFFFFFFFFL);
            out.dstHi = 0;
            out.dstLo = IPV4_MAPPED_PREFIX | (beInt(q + 16) & 0xFFFFFFFFL);
            out.ttl = d[q + 8] & 0xff;
            out.ipId = u16(q + 4);
        } else {
            if (stop - q < 40 || (d[q] & 0xff) >>> 4 != 6) {
                return DecodeStatus.OTHER_IP;
            }
            int next = d[q + 6] & 0xff;
            t = q + 40;
            while (next == 0 || next == 43 || next == 60) {
                if (stop - t < 2) {
                    return DecodeStatus.OTHER_IP;
                }
                next = d[t] & 0xff;
                t += ((d[t + 1] & 0xff) + 1) * 8;
            }
            if (next != 6 || stop - t < 16) {
                return DecodeStatus.OTHER_IP;
            }
            out.ipv6 = true;
            out.srcHi = beLong(q + 8);
            out.srcLo = beLong(q + 16);
            out.dstHi = beLong(q + 24);
            out.dstLo = beLong(q + 32);
            out.ttl = d[q + 7] & 0xff;
            out.ipId = -1;
        }
        out.srcPort = u16(t);
        out.dstPort = u16(t + 2);
        out.seq = beInt(t + 4) & 0xFFFFFFFFL;
        out.ack = beInt(t + 8) & 0xFFFFFFFFL;
        out.flags = d[t + 13] & 0xff;
        out.window = u16(t + 14);
        out.data = d;
        out.payloadOffset = t;
        out.payloadLength = 0;
        out.payloadMissingBytes = 0;
        return DecodeStatus.ICMP_QUOTED_TCP;
    }

    private DecodeStatus udp(int p, int ipEnd, PacketView out) {
        if (ipEnd - p < 8 || end - p < 8) {
            return DecodeStatus.MALFORMED;
        }
        int src = u16(p);
        int dst = u16(p + 2);
        int payload = p + 8;
        int udpEnd = Math.min(ipEnd, p + Math.max(8, u16(p + 4)));
        // Tunnels first: their source ports are hashes, which may be 443.
        if (dst == UDP_VXLAN || src == UDP_VXLAN || dst == UDP_GENEVE || src == UDP_GENEVE
                || dst == UDP_GTP_U || src == UDP_GTP_U || dst == UDP_L2TP || src == UDP_L2TP) {
            out.srcPort = src;
            out.dstPort = dst;
            otherUdpHeaders.accept(out);
        }
        if (dst == UDP_VXLAN || src == UDP_VXLAN) {
            narrow(ipEnd);
            return vxlan(payload, out);
        }
        if (dst == UDP_GENEVE || src == UDP_GENEVE) {
            narrow(ipEnd);
            return geneve(payload, out);
        }
        if (dst == UDP_GTP_U || src == UDP_GTP_U) {
            narrow(ipEnd);
            return gtpU(payload, out);
        }
        if (dst == UDP_L2TP || src == UDP_L2TP) {
            narrow(ipEnd);
            return l2tp(payload, out);
        }
        int capturedEnd = Math.min(udpEnd, end);
        out.udp = true;
        out.srcPort = src;
        out.dstPort = dst;
        out.seq = 0;
        out.ack = 0;
        out.flags = 0;
        out.window = 0;
        out.data = d;
        out.payloadOffset = payload;
        out.payloadLength = Math.max(0, capturedEnd - payload);
        out.payloadMissingBytes = Math.max(0, udpEnd - Math.max(capturedEnd, payload));
        if (src == 443 || dst == 443) {
            return DecodeStatus.UDP_QUIC;
        }
        if (capturedEnd - payload >= 3) {
            int contentType = d[payload] & 0xff;
            int version = u16(payload + 1);
            if (contentType >= 20 && contentType <= 25
                    && (version == 0xFEFF || version == 0xFEFD || version == 0xFEFC)) {
                return DecodeStatus.UDP_DTLS;
            }
        }
        return DecodeStatus.OTHER_IP;
    }

    /** An ICMP error (destination unreachable, source quench, redirect, time exceeded, parameter problem) quoting a UDP datagram. */
    private DecodeStatus icmpV4Error(int p, int ipEnd, PacketView out) {
        int limit = Math.min(ipEnd, end);
        int type = limit - p >= 8 ? d[p] & 0xff : -1;
        if (type != 3 && type != 4 && type != 5 && type != 11 && type != 12) {
            return DecodeStatus.OTHER_IP;
        }
        int q = p + 8;
        if (limit - q < 20 || ((d[q] & 0xff) >>> 4) != 4 || (d[q + 9] & 0xff) != 17) {
            return DecodeStatus.OTHER_IP;
        }
        int u = q + (d[q] & 0x0f) * 4;
        if (limit - u < 4 || (u16(q + 6) & 0x1FFF) != 0) {
            return DecodeStatus.OTHER_IP;
        }
        out.ipv6 = false;
        out.srcHi = 0;
        out.srcLo = IPV4_MAPPED_PREFIX | (beInt(q + 12) & 0xFFFFFFFFL);
        out.dstHi = 0;
        out.dstLo = IPV4_MAPPED_PREFIX | (beInt(q + 16) & 0xFFFFFFFFL);
        out.srcPort = u16(u);
        out.dstPort = u16(u + 2);
        icmpQuoting = type * 256 + (d[p + 1] & 0xff);
        try {
            otherUdpHeaders.accept(out);
        } finally {
            icmpQuoting = -1;
        }
        return DecodeStatus.OTHER_IP;
    }

    /** An ICMPv6 error (types 1 to 4) quoting a UDP datagram right after its IPv6 header. */
    private DecodeStatus icmpV6Error(int p, int ipEnd, PacketView out) {
        int limit = Math.min(ipEnd, end);
        int type = limit - p >= 8 ? d[p] & 0xff : -1;
        int q = p + 8;
        if (type < 1 || type > 4 || limit - q < 44 || ((d[q] & 0xff) >>> 4) != 6 || (d[q + 6] & 0xff) != 17) {
            return DecodeStatus.OTHER_IP;
        }
        out.ipv6 = true;
        out.srcHi = beLong(q + 8);
        out.srcLo = beLong(q + 16);
        out.dstHi = beLong(q + 24);
        out.dstLo = beLong(q + 32);
        out.srcPort = u16(q + 40);
        out.dstPort = u16(q + 42);
        icmpQuoting = 0x10000 + type * 256 + (d[p + 1] & 0xff);
        try {
            otherUdpHeaders.accept(out);
        } finally {
            icmpQuoting = -1;
        }
        return DecodeStatus.OTHER_IP;
    }

    /** VXLAN (RFC 7348): 8 bytes (flags, VNI), then an Ethernet frame. */
    private DecodeStatus vxlan(int p, PacketView out) {
        if (!push(E_VXLAN)) {
            return DecodeStatus.UNSUPPORTED;
        }
        if (end - p < 8) {
            return DecodeStatus.MALFORMED;
        }
        return ethernet(p + 8, out);
    }

    /** Geneve (RFC 8926): 8 bytes, options, then what the protocol type says. */
    private DecodeStatus geneve(int p, PacketView out) {
        if (!push(E_GENEVE)) {
            return DecodeStatus.UNSUPPORTED;
        }
        if (end - p < 8) {
            return DecodeStatus.MALFORMED;
        }
        int first = d[p] & 0xff;
        if ((first >>> 6) != 0) {
            return unsupported(UNSUPPORTED_GENEVE);
        }
        int q = p + 8 + (first & 0x3F) * 4;
        if (q > end) {
            return DecodeStatus.MALFORMED;
        }
        switch (u16(p + 2)) {
            case ETH_TEB:
                return ethernet(q, out);
            case ETH_IPV4:
                return ipv4(q, out);
            case ETH_IPV6:
                return ipv6(q, out);
            default:
                return unsupported(UNSUPPORTED_GENEVE);
        }
    }

    /** GTP-U version 1 (3GPP TS 29.281): a G-PDU carries an IP packet after its header and extensions. */
    private DecodeStatus gtpU(int p, PacketView out) {
        if (!push(E_GTP_U)) {
            return DecodeStatus.UNSUPPORTED;
        }
        if (end - p < 8) {
            return DecodeStatus.MALFORMED;
        }
        int flags = d[p] & 0xff;
        if ((flags >>> 5) != 1 || (flags & 0x10) == 0 || (d[p + 1] & 0xff) != 0xFF) {
            return DecodeStatus.OTHER_IP; // not a version 1 G-PDU (echo, error indication, end marker, ...)
        }
        int q = p + 8;
        if ((flags & 0x07) != 0) {
            // Sequence number, N-PDU number, next extension header type.
            if (end - q < 4) {
                return DecodeStatus.MALFORMED;
            }
            int nextType = d[q + 3] & 0xff;
            q += 4;
            if ((flags & 0x04) != 0) {
                while (nextType != 0) {
                    if (end - q < 1) {
                        return DecodeStatus.MALFORMED;
                    }
                    int length = (d[q] & 0xff) * 4;
                    if (length == 0 || end - q < length) {
                        return DecodeStatus.MALFORMED;
                    }
                    nextType = d[q + length - 1] & 0xff;
                    q += length;
                }
            }
        }
        if (end - q < 1) {
            return DecodeStatus.MALFORMED;
        }
        switch ((d[q] & 0xff) >>> 4) {
            case 4:
                return ipv4(q, out);
            case 6:
                return ipv6(q, out);
            default:
                return unsupported(UNSUPPORTED_GTP);
        }
    }

    // ------------------------------------------------------------------ bytes

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

    private static void put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }
}
