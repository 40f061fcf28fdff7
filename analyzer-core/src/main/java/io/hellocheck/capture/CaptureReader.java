package io.hellocheck.capture;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streaming reader for pcap and pcapng captures, gzipped or not, from any {@link InputStream}.
 *
 * <ul>
 *   <li>{@link #open(InputStream)} reads the magic (gzip 1f 8b is unwrapped on the fly, then pcap
 *       a1b2c3d4 / d4c3b2a1 microsecond, a1b23c4d / 4d3cb2a1 nanosecond, a1b2cd34 (Kuznetzov's
 *       patched pcap, 24-byte record headers), or pcapng 0a0d0d0a) and throws
 *       {@link CaptureFormatException} with byte offset 0 when it is none of them, or the stream is empty.</li>
 *   <li>{@link #next(Frame)} fills the frame and returns true, or returns false at the end of the
 *       capture. A record cut short by the end of the file (or a gzip stream cut short) is not an error:
 *       next returns false and {@link #truncatedAtOffset()} gives the byte offset of the incomplete
 *       record. A corrupt record (captured length above {@link #MAX_RECORD_BYTES}, a pcapng block length
 *       that is not a multiple of 4, under 12 bytes, or whose trailing copy differs, a packet on an
 *       interface no IDB described) throws {@link CaptureFormatException} with its byte offset; so does
 *       corrupt gzip data (with the offset of the decompressed bytes read so far).</li>
 * </ul>
 *
 * <p>pcap: both byte orders, link type from the header (only the low 16 bits, as libpcap 1.10's
 * {@code LT_LINKTYPE}; the FCS-length bits above are dropped), snaplen. Old versions 2.0-2.3 whose
 * captured and original lengths are swapped are handled as libpcap does. A record whose captured length
 * exceeds its original length keeps all captured bytes, and reports {@code originalLength = caplen}.
 *
 * <p>pcapng: every section (a new SHB resets the interfaces; each section has its own byte order),
 * IDB link type, snaplen, {@code if_tsresol} (option 9) and {@code if_tsoffset} (option 14); EPB, SPB
 * (interface 0, no timestamp: 0), obsolete Packet Block (type 2); other blocks are skipped. Frames are
 * numbered from 1 over the whole file, across sections.
 *
 * <p>All byte offsets are in the decompressed stream. The reader reads in bulk into one reusable buffer
 * (1 MiB, grown only for larger records) and the {@link Frame} points into that buffer: nothing is
 * allocated per frame. Not thread-safe.
 */
public final class CaptureReader implements FrameSource {

    /**
     * Largest record or block accepted, in bytes (16 MiB); anything longer is treated as corrupt. libpcap and
     * Wireshark cap a packet at 262,144 bytes; the margin is for large pcapng blocks. The bound also caps the
     * buffer a corrupt length can make the reader allocate.
     */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    private static final int INITIAL_BUFFER = 1 << 20;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int PCAPNG_DSB = 10;
    private static final int DSB_TLS_KEY_LOG = 0x544c534b;
    private Consumer<byte[]> tlsKeyLogListener;
    private static final int PCAPNG_BOM = 0x1A2B3C4D;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long[] POW10 = new long[20];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p; // POW10[19] overflows a signed long; it is used as unsigned only
            p *= 10;
        }
    }

    private InputStream in;
    private byte[] buf;
    private int pos;
    private int lim;
    /** Offset in the decompressed stream of buf[0]. */
    private long bufBase;
    private boolean eof;
    /** The gzip stream ended before its trailer (cut short). */
    private boolean gzipCut;
    private final boolean gzip;

    private boolean pcapng;
    private boolean bigEndian;
    private long truncatedAt = -1;
    private boolean finished;
    private long frameCount;

    // pcap
    private int pcapRecordHeader;
    private boolean pcapNanos;
    private int pcapLinkType;
    private int pcapSnaplen;
    /** 0: not swapped, 1: swapped, 2: maybe swapped (swap when caplen > len). */
    private int pcapLengthsSwapped;

    /** pcapng sections begun so far (the current one's number, from 1). */
    private int sections;
    // pcapng interfaces of the current section
    private int ifCount;
    private int[] ifLinkType = new int[4];
    private int[] ifSnaplen = new int[4];
    /** true: resolution 2^-ifTsExp seconds; false: 10^-ifTsExp. */
    private boolean[] ifTsBinary = new boolean[4];
    private int[] ifTsExp = new int[4];
    private long[] ifTsOffsetSeconds = new long[4];
    private int maxTimestampDigits = -1;

    private CaptureReader(InputStream in, byte[] buf, int lim, boolean gzip) {
        this.in = in;
        this.buf = buf;
        this.lim = lim;
        this.gzip = gzip;
    }

    /** Opens a capture file by path; {@link #close()} closes the file. */
    public static CaptureReader open(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        try {
            return open(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Opens a capture. The reader owns {@code in} from now on: {@link #close()} closes it. No need to wrap
     * it in a {@code BufferedInputStream}: the reader reads in large blocks.
     *
     * @throws CaptureFormatException when the input is empty or not a pcap/pcapng capture (offset 0), or
     *                                its file header is cut short or corrupt
     * @throws IOException            when reading fails
     */
    public static CaptureReader open(InputStream in) throws IOException {
        byte[] buf = new byte[INITIAL_BUFFER];
        int n = readAtLeast(in, buf, 0, 4);
        boolean gzip = n >= 2 && (buf[0] & 0xff) == 0x1f && (buf[1] & 0xff) == 0x8b;
        InputStream source = in;
        if (gzip) {
            InputStream rest = new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOf(buf, n)), in);
            try {
                source = new GZIPInputStream(rest, 1 << 16);
            } catch (EOFException e) {
                throw new CaptureFormatException("gzip header cut short", 0);
            } catch (ZipException e) {
                throw new CaptureFormatException("corrupt gzip header: " + e.getMessage(), 0);
            }
            n = 0;
        }
        CaptureReader r = new CaptureReader(source, buf, n, gzip);
        r.readFileHeader();
        return r;
    }

    private static int readAtLeast(InputStream in, byte[] b, int off, int min) throws IOException {
        int n = 0;
        while (n < min) {
            int r = in.read(b, off + n, b.length - off - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private void readFileHeader() throws IOException {
        ensure(4);
        int avail = lim - pos;
        if (avail == 0) {
            throw new CaptureFormatException("empty file", 0);
        }
        if (avail < 4) {
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < avail; i++) {
                hex.append(String.format("%02x", buf[pos + i] & 0xff));
            }
            throw new CaptureFormatException("not a pcap or pcapng capture (only " + avail + " byte"
                    + (avail == 1 ? "" : "s") + ": 0x" + hex + ")", 0);
        }
        int magicBe = beInt(pos);
        switch (magicBe) {
            case 0xa1b2c3d4: pcapHeader(true, false, 16); return;
            case 0xd4c3b2a1: pcapHeader(false, false, 16); return;
            case 0xa1b23c4d: pcapHeader(true, true, 16); return;
            case 0x4d3cb2a1: pcapHeader(false, true, 16); return;
            case 0xa1b2cd34: pcapHeader(true, false, 24); return;
            case 0x34cdb2a1: pcapHeader(false, false, 24); return;
            case PCAPNG_SHB:
                pcapng = true;
                if (!ensure(12)) {
                    throw new CaptureFormatException("pcapng section header block cut short", 0);
                }
                // Checked here so that a bad first block is "not a capture"; later ones are corrupt blocks.
                int bom = beInt(pos + 8);
                if (bom != PCAPNG_BOM && bom != Integer.reverseBytes(PCAPNG_BOM)) {
                    throw new CaptureFormatException("pcapng section header block with bad byte-order magic 0x"
                            + String.format("%08x", bom), 0);
                }
                return;
            default:
                throw new CaptureFormatException(String.format("not a pcap or pcapng capture (magic 0x%08x)",
                        magicBe), 0);
        }
    }

    private void pcapHeader(boolean be, boolean nanos, int recordHeader) throws IOException {
        bigEndian = be;
        pcapNanos = nanos;
        pcapRecordHeader = recordHeader;
        if (!ensure(24)) {
            throw new CaptureFormatException("pcap file header cut short (" + (lim - pos) + " of 24 bytes)", 0);
        }
        int major = u16(pos + 4);
        int minor = u16(pos + 6);
        pcapSnaplen = i32(pos + 16);
        // libpcap 1.10 LT_LINKTYPE: the low 16 bits; the upper bits carry the FCS length and flags.
        pcapLinkType = i32(pos + 20) & 0xFFFF;
        if (major < 2) {
            throw new CaptureFormatException("archaic pcap version " + major + "." + minor, 0);
        }
        if (major == 2 && minor < 3) {
            pcapLengthsSwapped = 1;
        } else if (major == 2 && minor == 3) {
            pcapLengthsSwapped = 2;
        } else if (major == 543) {
            pcapLengthsSwapped = 1;
        }
        pos += 24;
    }

    /**
     * Reads the next frame into {@code frame}; false at the end of the capture (clean or cut short: see
     * {@link #truncatedAtOffset()}).
     *
     * @throws CaptureFormatException on a corrupt record or block, with its byte offset
     * @throws IOException            when reading fails
     */
    public boolean next(Frame frame) throws IOException {
        if (finished) {
            return false;
        }
        return pcapng ? nextPcapng(frame) : nextPcap(frame);
    }

    private boolean nextPcap(Frame f) throws IOException {
        long recordOffset = bufBase + pos;
        int hl = pcapRecordHeader;
        if (!ensure(hl)) {
            return endAt(recordOffset);
        }
        long sec = i32(pos) & 0xFFFFFFFFL;
        long frac = i32(pos + 4) & 0xFFFFFFFFL;
        long caplen = i32(pos + 8) & 0xFFFFFFFFL;
        long len = i32(pos + 12) & 0xFFFFFFFFL;
        if (pcapLengthsSwapped == 1 || (pcapLengthsSwapped == 2 && caplen > len)) {
            long t = caplen;
            caplen = len;
            len = t;
        }
        if (caplen > MAX_RECORD_BYTES) {
            throw new CaptureFormatException("pcap record with captured length " + caplen
                    + " bytes, above the " + MAX_RECORD_BYTES + "-byte limit", recordOffset);
        }
        int cap = (int) caplen;
        if (!ensure(hl + cap)) {
            return endAt(recordOffset);
        }
        f.number = ++frameCount;
        f.timestampNanos = sec * NANOS_PER_SECOND + (pcapNanos ? frac : frac * 1000L);
        f.linkType = pcapLinkType;
        f.originalLength = (int) Math.min(Integer.MAX_VALUE, Math.max(len, caplen));
        f.capturedLength = cap;
        f.snaplen = pcapSnaplen;
        f.data = buf;
        f.offset = pos + hl;
        f.fileOffset = recordOffset;
        f.interfaceId = 0;
        f.section = 0;
        pos += hl + cap;
        return true;
    }

    private boolean nextPcapng(Frame f) throws IOException {
        while (true) {
            long blockOffset = bufBase + pos;
            if (!ensure(8)) {
                return endAt(blockOffset);
            }
            int typeRaw = beInt(pos);
            if (typeRaw == PCAPNG_SHB) {
                // The byte order of a section header is given by its own byte-order magic.
                if (!ensure(12)) {
                    return endAt(blockOffset);
                }
                int bom = beInt(pos + 8);
                if (bom == PCAPNG_BOM) {
                    bigEndian = true;
                } else if (bom == Integer.reverseBytes(PCAPNG_BOM)) {
                    bigEndian = false;
                } else {
                    throw new CaptureFormatException(String.format(
                            "pcapng section header block with bad byte-order magic 0x%08x", bom), blockOffset);
                }
            }
            int type = i32(pos);
            long blockLen = i32(pos + 4) & 0xFFFFFFFFL;
            if (blockLen < 12 || (blockLen & 3) != 0) {
                throw new CaptureFormatException("pcapng block of type 0x" + Integer.toHexString(type)
                        + " with invalid total length " + blockLen
                        + " (must be a multiple of 4 and at least 12)", blockOffset);
            }
            if (blockLen > MAX_RECORD_BYTES) {
                throw new CaptureFormatException("pcapng block of type 0x" + Integer.toHexString(type)
                        + " with total length " + blockLen + " bytes, above the " + MAX_RECORD_BYTES
                        + "-byte limit", blockOffset);
            }
            int len = (int) blockLen;
            if (!ensure(len)) {
                return endAt(blockOffset);
            }
            int trailer = i32(pos + len - 4);
            if (trailer != len) {
                throw new CaptureFormatException("pcapng block of type 0x" + Integer.toHexString(type)
                        + ": total length " + len + " but trailing copy " + (trailer & 0xFFFFFFFFL),
                        blockOffset);
            }
            int body = pos + 8;
            int bodyLen = len - 12;
            boolean packet = false;
            switch (type) {
                case PCAPNG_SHB:
                    sectionHeader(body, bodyLen, blockOffset);
                    break;
                case 1:
                    interfaceDescription(body, bodyLen, blockOffset);
                    break;
                case 6:
                    packet = enhancedPacket(f, body, bodyLen, blockOffset);
                    break;
                case 3:
                    packet = simplePacket(f, body, bodyLen, blockOffset);
                    break;
                case 2:
                    packet = obsoletePacket(f, body, bodyLen, blockOffset);
                    break;
                case PCAPNG_DSB:
                    decryptionSecrets(body, bodyLen);
                    break;
                default:
                    break; // NRB, ISB, custom and unknown blocks: not needed
            }
            pos += len;
            if (packet) {
                return true;
            }
        }
    }

    /**
     * A Decryption Secrets Block (pcapng specification, section 4.7): {@code uint32 secrets type, uint32 secrets
     * length, secrets data}. TLS key logs (type {@code 0x544c534b}, "TLSK") go to the listener; other types and a
     * length beyond the block are skipped.
     */
    private void decryptionSecrets(int body, int bodyLen) {
        if (tlsKeyLogListener == null || bodyLen < 8) {
            return;
        }
        int type = i32(body);
        long length = i32(body + 4) & 0xFFFFFFFFL;
        if (type == DSB_TLS_KEY_LOG && length <= bodyLen - 8) {
            tlsKeyLogListener.accept(Arrays.copyOfRange(buf, body + 8, body + 8 + (int) length));
        }
    }

    /**
     * Receives the TLS key logs of the pcapng Decryption Secrets Blocks as they are read (before the packets that
     * follow them), each as a copy of the block's secrets data (NSS key log text). Null: none (the default).
     */
    public void onTlsKeyLog(Consumer<byte[]> listener) {
        this.tlsKeyLogListener = listener;
    }

    private void sectionHeader(int body, int bodyLen, long blockOffset) throws CaptureFormatException {
        if (bodyLen < 16) {
            throw new CaptureFormatException("pcapng section header block too short (" + (bodyLen + 12)
                    + " bytes)", blockOffset);
        }
        int major = u16(body + 4);
        if (major != 1) {
            throw new CaptureFormatException("unsupported pcapng version " + major + "." + u16(body + 6),
                    blockOffset);
        }
        ifCount = 0;
        sections++;
    }

    private void interfaceDescription(int body, int bodyLen, long blockOffset) throws CaptureFormatException {
        if (bodyLen < 8) {
            throw new CaptureFormatException("pcapng interface description block too short ("
                    + (bodyLen + 12) + " bytes)", blockOffset);
        }
        int linkType = u16(body);
        int snaplen = i32(body + 4);
        boolean tsBinary = false;
        int tsExp = 6;
        long tsOffset = 0;
        int p = body + 8;
        int end = body + bodyLen;
        while (p + 4 <= end) {
            int code = u16(p);
            int olen = u16(p + 2);
            int v = p + 4;
            if (code == 0 || v + olen > end) {
                break;
            }
            if (code == 9 && olen >= 1) {
                int r = buf[v] & 0xff;
                tsBinary = (r & 0x80) != 0;
                tsExp = r & 0x7f;
                if ((tsBinary && tsExp > 63) || (!tsBinary && tsExp > 19)) {
                    throw new CaptureFormatException("pcapng interface with unsupported if_tsresol 0x"
                            + Integer.toHexString(r), blockOffset);
                }
            } else if (code == 14 && olen >= 8) {
                tsOffset = i64(v);
            }
            p = v + ((olen + 3) & ~3);
        }
        if (ifCount == ifLinkType.length) {
            int n = ifCount * 2;
            ifLinkType = Arrays.copyOf(ifLinkType, n);
            ifSnaplen = Arrays.copyOf(ifSnaplen, n);
            ifTsBinary = Arrays.copyOf(ifTsBinary, n);
            ifTsExp = Arrays.copyOf(ifTsExp, n);
            ifTsOffsetSeconds = Arrays.copyOf(ifTsOffsetSeconds, n);
        }
        maxTimestampDigits = Math.max(maxTimestampDigits, tsBinary
                ? Math.min(9, (int) Math.ceil(tsExp * Math.log10(2))) : Math.min(9, tsExp));
        ifLinkType[ifCount] = linkType;
        ifSnaplen[ifCount] = snaplen;
        ifTsBinary[ifCount] = tsBinary;
        ifTsExp[ifCount] = tsExp;
        ifTsOffsetSeconds[ifCount] = tsOffset;
        ifCount++;
    }

    private void checkInterface(long id, long blockOffset) throws CaptureFormatException {
        if (id < 0 || id >= ifCount) {
            throw new CaptureFormatException("packet on interface " + id
                    + " but the section has " + ifCount + " interface description block"
                    + (ifCount == 1 ? "" : "s"), blockOffset);
        }
    }

    private boolean enhancedPacket(Frame f, int body, int bodyLen, long blockOffset) throws CaptureFormatException {
        if (bodyLen < 20) {
            throw new CaptureFormatException("pcapng enhanced packet block too short (" + (bodyLen + 12)
                    + " bytes)", blockOffset);
        }
        long ifId = i32(body) & 0xFFFFFFFFL;
        checkInterface(ifId, blockOffset);
        long ts = ((i32(body + 4) & 0xFFFFFFFFL) << 32) | (i32(body + 8) & 0xFFFFFFFFL);
        long caplen = i32(body + 12) & 0xFFFFFFFFL;
        long len = i32(body + 16) & 0xFFFFFFFFL;
        if (caplen > bodyLen - 20) {
            throw new CaptureFormatException("pcapng enhanced packet block with captured length " + caplen
                    + " larger than its block", blockOffset);
        }
        fillPcapng(f, (int) ifId, ts, (int) caplen, len, body + 20, blockOffset);
        return true;
    }

    private boolean obsoletePacket(Frame f, int body, int bodyLen, long blockOffset) throws CaptureFormatException {
        if (bodyLen < 20) {
            throw new CaptureFormatException("pcapng packet block too short (" + (bodyLen + 12) + " bytes)",
                    blockOffset);
        }
        int ifId = u16(body);
        checkInterface(ifId, blockOffset);
        long ts = ((i32(body + 4) & 0xFFFFFFFFL) << 32) | (i32(body + 8) & 0xFFFFFFFFL);
        long caplen = i32(body + 12) & 0xFFFFFFFFL;
        long len = i32(body + 16) & 0xFFFFFFFFL;
        if (caplen > bodyLen - 20) {
            throw new CaptureFormatException("pcapng packet block with captured length " + caplen
                    + " larger than its block", blockOffset);
        }
        fillPcapng(f, ifId, ts, (int) caplen, len, body + 20, blockOffset);
        return true;
    }

    private boolean simplePacket(Frame f, int body, int bodyLen, long blockOffset) throws CaptureFormatException {
        if (bodyLen < 4) {
            throw new CaptureFormatException("pcapng simple packet block too short (" + (bodyLen + 12)
                    + " bytes)", blockOffset);
        }
        checkInterface(0, blockOffset);
        long len = i32(body) & 0xFFFFFFFFL;
        long caplen = Math.min(len, bodyLen - 4);
        int snaplen = ifSnaplen[0];
        if (snaplen > 0) {
            caplen = Math.min(caplen, snaplen & 0xFFFFFFFFL);
        }
        f.number = ++frameCount;
        f.timestampNanos = 0; // an SPB has no timestamp; libpcap reports 0 too
        f.linkType = ifLinkType[0];
        f.originalLength = (int) Math.min(Integer.MAX_VALUE, len);
        f.capturedLength = (int) caplen;
        f.snaplen = snaplen;
        f.data = buf;
        f.offset = body + 4;
        f.fileOffset = blockOffset;
        f.interfaceId = 0;
        f.section = sections;
        return true;
    }

    private void fillPcapng(Frame f, int ifId, long ts, int caplen, long len, int dataOffset, long blockOffset) {
        f.number = ++frameCount;
        f.timestampNanos = toNanos(ifId, ts);
        f.linkType = ifLinkType[ifId];
        f.originalLength = (int) Math.min(Integer.MAX_VALUE, Math.max(len, caplen));
        f.capturedLength = caplen;
        f.snaplen = ifSnaplen[ifId];
        f.data = buf;
        f.offset = dataOffset;
        f.fileOffset = blockOffset;
        f.interfaceId = ifId;
        f.section = sections;
    }

    /** Converts a pcapng timestamp (unsigned, in units of the interface's resolution) to ns since the epoch. */
    private long toNanos(int ifId, long ts) {
        int e = ifTsExp[ifId];
        long sec;
        long fracNanos;
        if (ifTsBinary[ifId]) {
            if (e == 0) {
                sec = ts;
                fracNanos = 0;
            } else {
                sec = ts >>> e;
                long frac = ts & ((1L << e) - 1);
                // (frac * 1e9) >> e with a 128-bit product; frac < 2^63 so signed multiplyHigh is exact.
                long hi = Math.multiplyHigh(frac, NANOS_PER_SECOND);
                long lo = frac * NANOS_PER_SECOND;
                fracNanos = (lo >>> e) | (hi << (64 - e));
            }
        } else {
            long unitsPerSecond = POW10[e];
            sec = Long.divideUnsigned(ts, unitsPerSecond);
            long frac = Long.remainderUnsigned(ts, unitsPerSecond);
            fracNanos = e <= 9 ? frac * POW10[9 - e] : frac / POW10[e - 9];
        }
        return (sec + ifTsOffsetSeconds[ifId]) * NANOS_PER_SECOND + fracNanos;
    }

    /** The capture ended at {@code offset}: cleanly if nothing is left there, else cut short. */
    private boolean endAt(long offset) {
        finished = true;
        if (lim > pos || gzipCut) {
            truncatedAt = offset;
        }
        return false;
    }

    /**
     * Makes sure {@code n} bytes are buffered from {@code pos}; false when the input ends first. Compacts the
     * buffer, or grows it when {@code n} exceeds its size.
     */
    private boolean ensure(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        if (eof) {
            return false;
        }
        if (buf.length - pos < n) {
            int remaining = lim - pos;
            if (n > buf.length) {
                byte[] bigger = new byte[Math.max(n, Math.min(MAX_RECORD_BYTES + 64, buf.length * 2))];
                System.arraycopy(buf, pos, bigger, 0, remaining);
                buf = bigger;
            } else {
                System.arraycopy(buf, pos, buf, 0, remaining);
            }
            bufBase += pos;
            pos = 0;
            lim = remaining;
        }
        while (lim - pos < n) {
            int r;
            try {
                r = in.read(buf, lim, buf.length - lim);
            } catch (EOFException e) {
                // GZIPInputStream: "Unexpected end of ZLIB input stream", the gzip file was cut short.
                gzipCut = true;
                r = -1;
            } catch (ZipException e) {
                throw new CaptureFormatException("corrupt gzip data (" + e.getMessage() + ")", bufBase + lim);
            }
            if (r < 0) {
                eof = true;
                return false;
            }
            lim += r;
        }
        return true;
    }

    private int i32(int p) {
        return bigEndian ? beInt(p) : leInt(p);
    }

    private int u16(int p) {
        return bigEndian
                ? ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff)
                : (buf[p] & 0xff) | ((buf[p + 1] & 0xff) << 8);
    }

    private long i64(int p) {
        long a = i32(p) & 0xFFFFFFFFL;
        long b = i32(p + 4) & 0xFFFFFFFFL;
        return bigEndian ? (a << 32) | b : (b << 32) | a;
    }

    private int beInt(int p) {
        return ((buf[p] & 0xff) << 24) | ((buf[p + 1] & 0xff) << 16) | ((buf[p + 2] & 0xff) << 8)
                | (buf[p + 3] & 0xff);
    }

    private int leInt(int p) {
        return (buf[p] & 0xff) | ((buf[p + 1] & 0xff) << 8) | ((buf[p + 2] & 0xff) << 16)
                | ((buf[p + 3] & 0xff) << 24);
    }

    /** Byte offset of the record that the end of file cut short, or -1 when the capture ended cleanly. */
    public long truncatedAtOffset() {
        return truncatedAt;
    }

    /**
     * Fractional-second digits the timestamps carry, at most 9: 6 for microsecond pcap, 9 for nanosecond pcap,
     * for pcapng the finest {@code if_tsresol} among the interfaces read so far (6 before any).
     */
    public int timestampDigits() {
        if (!pcapng) {
            return pcapNanos ? 9 : 6;
        }
        return maxTimestampDigits < 0 ? 6 : maxTimestampDigits;
    }

    /** "pcap" or "pcapng" (with "+gzip" when the input was gzipped). */
    public String format() {
        return (pcapng ? "pcapng" : "pcap") + (gzip ? "+gzip" : "");
    }

    /** Whether the input was gzip-compressed. */
    public boolean isGzip() {
        return gzip;
    }

    /** Whether the pcap file has nanosecond timestamps (magic a1b23c4d); false for pcapng. */
    public boolean isNanosecondPcap() {
        return !pcapng && pcapNanos;
    }

    /**
     * Link type from the pcap file header, or for pcapng the link type of the first interface of the
     * current section (-1 before any IDB was read).
     */
    public int linkType() {
        if (!pcapng) {
            return pcapLinkType;
        }
        return ifCount > 0 ? ifLinkType[0] : -1;
    }

    /** Number of frames returned so far. */
    public long frameCount() {
        return frameCount;
    }

    /** Bytes of the decompressed stream consumed so far (the offset of the next record). */
    public long position() {
        return bufBase + pos;
    }

    /** Closes the underlying stream. */
    @Override
    public void close() throws IOException {
        finished = true;
        InputStream s = in;
        in = null;
        if (s != null) {
            s.close();
        }
    }
}
