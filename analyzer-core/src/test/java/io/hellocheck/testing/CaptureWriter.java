package io.hellocheck.testing;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes test captures (pcap with micro- or nanosecond timestamps, or pcapng) in a few readable lines.
 *
 * <pre>{@code
 * try (CaptureWriter w = CaptureWriter.pcap(path)) {          // Ethernet, microseconds
 *     TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).clientIsn(1000).serverIsn(5000);
 *     f.syn(t0).synAck(t0 + 1_000_000).ack(t0 + 2_000_000);
 *     f.clientData(t0 + 3_000_000, clientHello).serverRst(t0 + 4_000_000);
 * }
 * }</pre>
 *
 * <p>Times are nanoseconds since the epoch (a pcap with microsecond resolution drops the last three
 * digits). IP packets given to {@link #ip} or made by a {@link TcpFlow} are wrapped in the link-layer header
 * of the writer's link type: Ethernet (1, with optional VLAN tags), Linux SLL (113), SLL2 (276), raw IP
 * (101, 12, 14, 228, 229), BSD null (0, little-endian family), OpenBSD loop (108) and PPP (9, with the HDLC
 * address and control bytes); with an {@link Builder#encapsulation(Encapsulation)} they are first put in
 * tunnels, PPPoE, MPLS, ... or cut into fragments. Frames given to
 * {@link #frame} are written as they are. Each frame is cut to the snaplen (when set) or to the length
 * given by {@link #cutNextFrame(int)}; the original length stays that of the whole frame.
 *
 * <p>pcapng: one section with one interface of the writer's link type; more with
 * {@link #addInterface}, {@link #newSection}, plus {@link #simplePacket}, {@link #obsoletePacket} and
 * {@link #block} for raw blocks. The default pcapng interface has {@code if_tsresol} = 9 (nanoseconds).
 */
public final class CaptureWriter implements Closeable {

    /** Output file format. */
    public enum Format { PCAP_MICRO, PCAP_NANO, PCAPNG }

    /** Link-type values the writer can wrap IP packets in. */
    public static final int ETHERNET = 1;
    public static final int NULL = 0;
    public static final int PPP = 9;
    public static final int RAW = 101;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private final OutputStream out;
    private final Format format;
    private final int linkType;
    private final int snaplen;
    private boolean bigEndian;
    private final int[] vlanTags;
    private final Encapsulation encapsulation;
    private int cutNext = -1;
    private int frames;
    private long bytesWritten;

    // pcapng state of the current section
    private final List<Iface> interfaces = new ArrayList<>();

    private static final class Iface {
        final int linkType;
        final int snaplen;
        final int tsresol; // -1: option absent (microseconds)
        final long tsoffsetSeconds;

        Iface(int linkType, int snaplen, int tsresol, long tsoffsetSeconds) {
            this.linkType = linkType;
            this.snaplen = snaplen;
            this.tsresol = tsresol;
            this.tsoffsetSeconds = tsoffsetSeconds;
        }
    }

    /** Options of a writer. */
    public static final class Builder {
        private final OutputStream out;
        private Format format = Format.PCAP_MICRO;
        private int linkType = ETHERNET;
        private int snaplen = 0;
        private boolean bigEndian;
        private boolean gzip;
        private int[] vlanTags = new int[0];
        private Encapsulation encapsulation;
        private int tsresol = 9;
        private long tsoffset;

        private Builder(OutputStream out) {
            this.out = out;
        }

        public Builder format(Format f) {
            this.format = f;
            return this;
        }

        /** Link type of the file (pcap) or of the first interface (pcapng). Default Ethernet. */
        public Builder linkType(int lt) {
            this.linkType = lt;
            return this;
        }

        /** Cuts every frame to this many bytes (0: no limit, the default). Also written in the header. */
        public Builder snaplen(int s) {
            this.snaplen = s;
            return this;
        }

        /** Writes the file (pcap) or the first section (pcapng) big-endian; default little-endian. */
        public Builder bigEndian() {
            this.bigEndian = true;
            return this;
        }

        /** Compresses the output with gzip. */
        public Builder gzip() {
            this.gzip = true;
            return this;
        }

        /** VLAN tags for Ethernet frames made from IP packets, outermost first, each {@code tpid << 16 | tci}. */
        public Builder vlanTags(int... tags) {
            this.vlanTags = tags.clone();
            return this;
        }

        /**
         * How IP packets given to {@link CaptureWriter#ip} (and made by a {@link TcpFlow}) are carried: tunnels,
         * PPPoE, MPLS, fragmentation, ... (see {@link Encapsulation}); the writer's VLAN tags, if any, stay
         * outermost. Default: the IP packet as it is.
         */
        public Builder encapsulation(Encapsulation e) {
            this.encapsulation = e;
            return this;
        }

        /**
         * pcapng: {@code if_tsresol} of the first interface (the option byte: 6 = microseconds, 9 = nanoseconds,
         * 0x80 | n = 2^-n s; -1 leaves the option out, meaning microseconds). Default 9.
         */
        public Builder tsresol(int r) {
            this.tsresol = r;
            return this;
        }

        /** pcapng: {@code if_tsoffset} (seconds) of the first interface. Default 0 (option left out). */
        public Builder tsoffset(long seconds) {
            this.tsoffset = seconds;
            return this;
        }

        public CaptureWriter build() {
            try {
                OutputStream o = out;
                if (gzip) {
                    o = new GZIPOutputStream(o, 1 << 16);
                }
                return new CaptureWriter(new BufferedOutputStream(o, 1 << 16), this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A builder writing to {@code path}. */
    public static Builder to(Path path) {
        try {
            return new Builder(Files.newOutputStream(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A builder writing to a stream (closed with the writer). */
    public static Builder to(OutputStream out) {
        return new Builder(out);
    }

    /** An Ethernet pcap with microsecond timestamps, little-endian. */
    public static CaptureWriter pcap(Path path) {
        return to(path).build();
    }

    /** An Ethernet pcap with nanosecond timestamps, little-endian. */
    public static CaptureWriter pcapNanos(Path path) {
        return to(path).format(Format.PCAP_NANO).build();
    }

    /** An Ethernet pcapng with one interface with nanosecond timestamps, little-endian. */
    public static CaptureWriter pcapng(Path path) {
        return to(path).format(Format.PCAPNG).build();
    }

    private CaptureWriter(OutputStream out, Builder b) throws IOException {
        this.out = out;
        this.format = b.format;
        this.linkType = b.linkType;
        this.snaplen = b.snaplen;
        this.bigEndian = b.bigEndian;
        this.vlanTags = b.vlanTags;
        this.encapsulation = b.encapsulation;
        if (format == Format.PCAPNG) {
            writeSectionHeader();
            addInterface(linkType, snaplen, b.tsresol, b.tsoffset);
        } else {
            byte[] h = new byte[24];
            put32(h, 0, format == Format.PCAP_NANO ? 0xa1b23c4d : 0xa1b2c3d4);
            put16(h, 4, 2);
            put16(h, 6, 4);
            put32(h, 16, snaplen == 0 ? 262144 : snaplen);
            put32(h, 20, linkType);
            write(h);
        }
    }

    /** A TCP connection between client and server (IPv4 or IPv6 by the address text). */
    public TcpFlow tcp(String clientIp, int clientPort, String serverIp, int serverPort) {
        return new TcpFlow(this, clientIp, clientPort, serverIp, serverPort);
    }

    /** Writes an IP packet, wrapped in the writer's link-layer header, as sent by the client side. */
    public CaptureWriter ip(long timeNanos, byte[] ipPacket) {
        return ip(timeNanos, ipPacket, true);
    }

    /**
     * Writes an IP packet wrapped in the link-layer header of the writer's link type (pcapng: of interface
     * 0); {@code fromClient} picks the MAC addresses (Ethernet) or packet type (SLL: outgoing or to us).
     */
    public CaptureWriter ip(long timeNanos, byte[] ipPacket, boolean fromClient) {
        if (encapsulation == null) {
            return frame(timeNanos, wrap(linkType, ipPacket, fromClient));
        }
        for (Encapsulation.LinkPayload p : encapsulation.carry(Encapsulation.ip(ipPacket), fromClient)) {
            frame(timeNanos, wrap(linkType, p, fromClient));
        }
        return this;
    }

    /**
     * The link-layer frame for a payload with an EtherType in the given link type (IP payloads only for
     * link types without an EtherType).
     */
    public byte[] wrap(int lt, Encapsulation.LinkPayload payload, boolean fromClient) {
        if (payload.isIp()) {
            return wrap(lt, payload.bytes(), fromClient);
        }
        byte[] src = fromClient ? Packets.MAC_CLIENT : Packets.MAC_SERVER;
        byte[] dst = fromClient ? Packets.MAC_SERVER : Packets.MAC_CLIENT;
        switch (lt) {
            case ETHERNET:
                return Packets.ethernet(dst, src, payload.etherType(), payload.bytes(), vlanTags);
            case LINUX_SLL:
                return Packets.sll(fromClient ? 4 : 0, src, payload.etherType(), payload.bytes());
            case LINUX_SLL2:
                return Packets.sll2(fromClient ? 4 : 0, 2, src, payload.etherType(), payload.bytes());
            default:
                throw new IllegalArgumentException("link type " + lt + " carries IP packets only");
        }
    }

    /** The link-layer frame for an IP packet in the given link type. */
    public byte[] wrap(int lt, byte[] ipPacket, boolean fromClient) {
        int etherType = Packets.etherTypeOf(ipPacket);
        boolean v6 = etherType == Packets.ETHERTYPE_IPV6;
        byte[] src = fromClient ? Packets.MAC_CLIENT : Packets.MAC_SERVER;
        byte[] dst = fromClient ? Packets.MAC_SERVER : Packets.MAC_CLIENT;
        switch (lt) {
            case ETHERNET:
                return Packets.ethernet(dst, src, etherType, ipPacket, vlanTags);
            case LINUX_SLL:
                return Packets.sll(fromClient ? 4 : 0, src, etherType, ipPacket);
            case LINUX_SLL2:
                return Packets.sll2(fromClient ? 4 : 0, 2, src, etherType, ipPacket);
            case RAW:
            case 12:
            case 14:
            case IPV4:
            case IPV6:
                return ipPacket.clone();
            case PPP:
                return Packets.concat(new byte[] {(byte) 0xff, 0x03, 0, (byte) (v6 ? 0x57 : 0x21)}, ipPacket);
            case NULL:
                return Packets.nullLoopback(v6 ? 30 : 2, false, ipPacket);
            case LOOP:
                return Packets.nullLoopback(v6 ? 24 : 2, true, ipPacket);
            default:
                throw new IllegalArgumentException("cannot wrap IP packets in link type " + lt);
        }
    }

    /** The next frame written is cut to {@code capturedBytes} (its original length stays the full length). */
    public CaptureWriter cutNextFrame(int capturedBytes) {
        this.cutNext = capturedBytes;
        return this;
    }

    /** Writes a link-layer frame as is (cut by the snaplen or {@link #cutNextFrame}). */
    public CaptureWriter frame(long timeNanos, byte[] frame) {
        return frameOn(0, timeNanos, frame);
    }

    /** Writes the first {@code capturedBytes} of a frame whose original length is {@code originalLength}. */
    public CaptureWriter frame(long timeNanos, byte[] frame, int capturedBytes, int originalLength) {
        return record(0, timeNanos, Arrays.copyOf(frame, capturedBytes), originalLength);
    }

    /** pcapng: writes a frame as an Enhanced Packet Block on interface {@code ifId}. pcap: ifId must be 0. */
    public CaptureWriter frameOn(int ifId, long timeNanos, byte[] frame) {
        int cap = frame.length;
        int snap = format == Format.PCAPNG ? interfaces.get(ifId).snaplen : snaplen;
        if (snap > 0) {
            cap = Math.min(cap, snap);
        }
        if (cutNext >= 0) {
            cap = Math.min(cap, cutNext);
            cutNext = -1;
        }
        return record(ifId, timeNanos, Arrays.copyOf(frame, cap), frame.length);
    }

    private CaptureWriter record(int ifId, long timeNanos, byte[] data, int originalLength) {
        if (format == Format.PCAPNG) {
            Iface i = interfaces.get(ifId);
            long ts = toUnits(timeNanos - i.tsoffsetSeconds * 1_000_000_000L, i.tsresol);
            byte[] body = new byte[20 + pad4(data.length)];
            put32(body, 0, ifId);
            put32(body, 4, (int) (ts >>> 32));
            put32(body, 8, (int) ts);
            put32(body, 12, data.length);
            put32(body, 16, originalLength);
            System.arraycopy(data, 0, body, 20, data.length);
            block(6, body);
        } else {
            if (ifId != 0) {
                throw new IllegalArgumentException("pcap has one interface");
            }
            byte[] h = new byte[16];
            long sec = Math.floorDiv(timeNanos, 1_000_000_000L);
            long ns = Math.floorMod(timeNanos, 1_000_000_000L);
            put32(h, 0, (int) sec);
            put32(h, 4, (int) (format == Format.PCAP_NANO ? ns : ns / 1000));
            put32(h, 8, data.length);
            put32(h, 12, originalLength);
            write(h);
            write(data);
        }
        frames++;
        return this;
    }

    /**
     * pcapng: adds an interface to the current section.
     *
     * @param tsresol {@code if_tsresol} byte, or -1 to leave the option out
     * @param tsoffsetSeconds {@code if_tsoffset}, written when non-zero
     * @return the interface id
     */
    public int addInterface(int lt, int snap, int tsresol, long tsoffsetSeconds) {
        requirePcapng();
        ByteArrayBuilder b = new ByteArrayBuilder();
        b.u16(lt).u16(0).u32(snap);
        if (tsresol >= 0) {
            b.u16(9).u16(1).u8(tsresol).u8(0).u8(0).u8(0);
        }
        if (tsoffsetSeconds != 0) {
            b.u16(14).u16(8).u64(tsoffsetSeconds);
        }
        b.u16(2).u16(4).bytes("eth0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // if_name
        b.u16(0).u16(0);
        block(1, b.toByteArray());
        interfaces.add(new Iface(lt, snap, tsresol, tsoffsetSeconds));
        return interfaces.size() - 1;
    }

    /** pcapng: starts a new section (in the given byte order) with no interfaces. */
    public CaptureWriter newSection(boolean bigEndianSection) {
        requirePcapng();
        this.bigEndian = bigEndianSection;
        interfaces.clear();
        writeSectionHeader();
        return this;
    }

    /** pcapng: writes a Simple Packet Block (interface 0; cut to interface 0's snaplen in the block). */
    public CaptureWriter simplePacket(byte[] frame) {
        requirePcapng();
        int snap = interfaces.get(0).snaplen;
        int cap = snap > 0 ? Math.min(snap, frame.length) : frame.length;
        byte[] body = new byte[4 + pad4(cap)];
        put32(body, 0, frame.length);
        System.arraycopy(frame, 0, body, 4, cap);
        block(3, body);
        frames++;
        return this;
    }

    /** pcapng: writes an obsolete Packet Block (type 2). */
    public CaptureWriter obsoletePacket(int ifId, long timeNanos, byte[] frame) {
        requirePcapng();
        Iface i = interfaces.get(ifId);
        long ts = toUnits(timeNanos - i.tsoffsetSeconds * 1_000_000_000L, i.tsresol);
        byte[] body = new byte[20 + pad4(frame.length)];
        put16(body, 0, ifId);
        put16(body, 2, 0);
        put32(body, 4, (int) (ts >>> 32));
        put32(body, 8, (int) ts);
        put32(body, 12, frame.length);
        put32(body, 16, frame.length);
        System.arraycopy(frame, 0, body, 20, frame.length);
        block(2, body);
        frames++;
        return this;
    }

    /** pcapng: writes a block of any type with the given body (padded to 4 bytes here). */
    public CaptureWriter block(int type, byte[] body) {
        requirePcapng();
        int len = 12 + pad4(body.length);
        byte[] b = new byte[len];
        put32(b, 0, type);
        put32(b, 4, len);
        System.arraycopy(body, 0, b, 8, body.length);
        put32(b, len - 4, len);
        write(b);
        return this;
    }

    private void writeSectionHeader() {
        byte[] body = new byte[16];
        put32(body, 0, 0x1A2B3C4D);
        put16(body, 4, 1);
        put16(body, 6, 0);
        put32(body, 8, -1);
        put32(body, 12, -1); // section length -1: not given
        block(0x0A0D0D0A, body);
    }

    /** Timestamp in pcapng units of the resolution given by an if_tsresol byte (-1: microseconds). */
    static long toUnits(long nanos, int tsresol) {
        if (tsresol < 0) {
            tsresol = 6;
        }
        if ((tsresol & 0x80) != 0) {
            int k = tsresol & 0x7f;
            return BigInteger.valueOf(nanos).shiftLeft(k).divide(BigInteger.valueOf(1_000_000_000L)).longValue();
        }
        BigInteger n = BigInteger.valueOf(nanos);
        if (tsresol <= 9) {
            return n.divide(BigInteger.TEN.pow(9 - tsresol)).longValue();
        }
        return n.multiply(BigInteger.TEN.pow(tsresol - 9)).longValue();
    }

    private void requirePcapng() {
        if (format != Format.PCAPNG) {
            throw new IllegalStateException("only for pcapng output");
        }
    }

    /** Frames written so far (the next frame's number is this + 1). */
    public int frameCount() {
        return frames;
    }

    /** Bytes written so far (uncompressed). */
    public long bytesWritten() {
        return bytesWritten;
    }

    private void write(byte[] b) {
        try {
            out.write(b);
            bytesWritten += b.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put16(byte[] b, int off, int v) {
        if (bigEndian) {
            Packets.put16(b, off, v);
        } else {
            b[off] = (byte) v;
            b[off + 1] = (byte) (v >>> 8);
        }
    }

    private void put32(byte[] b, int off, int v) {
        if (bigEndian) {
            Packets.put32(b, off, v);
        } else {
            b[off] = (byte) v;
            b[off + 1] = (byte) (v >>> 8);
            b[off + 2] = (byte) (v >>> 16);
            b[off + 3] = (byte) (v >>> 24);
        }
    }

    private static int pad4(int n) {
        return (n + 3) & ~3;
    }

    /** Little helper for option lists, in the writer's current byte order. */
    private final class ByteArrayBuilder {
        private final java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();

        ByteArrayBuilder u8(int v) {
            o.write(v);
            return this;
        }

        ByteArrayBuilder u16(int v) {
            byte[] b = new byte[2];
            put16(b, 0, v);
            o.writeBytes(b);
            return this;
        }

        ByteArrayBuilder u32(int v) {
            byte[] b = new byte[4];
            put32(b, 0, v);
            o.writeBytes(b);
            return this;
        }

        ByteArrayBuilder u64(long v) {
            return bigEndian ? u32((int) (v >>> 32)).u32((int) v) : u32((int) v).u32((int) (v >>> 32));
        }

        ByteArrayBuilder bytes(byte[] b) {
            o.writeBytes(b);
            int pad = pad4(b.length) - b.length;
            for (int i = 0; i < pad; i++) {
                o.write(0);
            }
            return this;
        }

        byte[] toByteArray() {
            return o.toByteArray();
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
