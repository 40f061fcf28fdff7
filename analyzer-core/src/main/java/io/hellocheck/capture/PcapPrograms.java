package io.hellocheck.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * The libpcap side of {@link BpfFilter}: compiles its expression through pcap4j and applies the programs to
 * frames. Only {@link BpfFilter} refers to this class, so that pcap4j and JNA (optional dependencies) are loaded
 * when a filter is compiled and nowhere else.
 *
 * <p>The expression is compiled once per link type met, on a "dead" libpcap handle of that link type, and
 * the program cached (the handle is closed right after: a compiled program does not use it). BSD
 * loopback (0) is the exception: libpcap tests its address family differently on a dead handle (this
 * host's AF_INET6 only) than on a file (the BSD AF_INET6 values 24, 28, 30, in the file's byte order), so
 * for it the expression is compiled on an empty capture file of that link type, once per byte order of
 * the family field, and each frame gets the program for the order its family is in. Not thread-safe.
 */
final class PcapPrograms implements AutoCloseable {

    /** libpcap's compiler was not thread-safe before 1.8; serialize compilations across filters. */
    private static final Object COMPILE_LOCK = new Object();
    private static final int SNAPLEN = 262_144;
    private static final int DLT_NULL = 0;
    private static final int DLT_ENC = 109;

    private final boolean nativeLittleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final String expression;
    /** Programs by link type; {@code ~linkType} for BSD loopback frames whose family is byte-swapped. */
    private final Map<Integer, BpfProgram> byKey = new HashMap<>();
    private int lastLinkType = Integer.MIN_VALUE;
    private BpfProgram last;
    private byte[] scratch = new byte[0];
    private boolean closed;

    private PcapPrograms(String expression) {
        this.expression = expression;
    }

    /**
     * Compiles {@code expression} against Ethernet.
     *
     * @throws IllegalArgumentException with libpcap's message when the expression does not compile
     * @throws IllegalStateException    when libpcap cannot be loaded
     * @throws LinkageError             when pcap4j or JNA is missing (see {@link BpfFilter#compile(String)})
     */
    static PcapPrograms compile(String expression) {
        PcapPrograms f = new PcapPrograms(expression);
        f.programFor(1, false);
        return f;
    }

    /** See {@link BpfFilter#matches(Frame)}. */
    boolean matches(Frame frame) {
        if (closed) {
            throw new IllegalStateException("BPF filter closed");
        }
        int lt = frame.linkType();
        int len = frame.capturedLength();
        byte[] data = frame.data();
        BpfProgram c;
        if (lt == DLT_NULL || lt == DLT_ENC) {
            // The family is in the capturing host's byte order: pick the program for the order it is in.
            boolean swapped = false;
            if (len >= 4) {
                int o = frame.offset();
                int family = nativeLittleEndian
                        ? (data[o] & 0xff) | ((data[o + 1] & 0xff) << 8) | ((data[o + 2] & 0xff) << 16)
                                | ((data[o + 3] & 0xff) << 24)
                        : ((data[o] & 0xff) << 24) | ((data[o + 1] & 0xff) << 16) | ((data[o + 2] & 0xff) << 8)
                                | (data[o + 3] & 0xff);
                swapped = (family & 0xFFFF0000) != 0;
            }
            c = programFor(lt, swapped);
        } else if (lt == lastLinkType) {
            c = last;
        } else {
            c = programFor(lt, false);
            lastLinkType = lt;
            last = c;
        }
        byte[] packet;
        if (frame.offset() == 0 && data.length == len) {
            packet = data;
        } else {
            // pcap4j's applyFilter takes the packet from index 0 and JNA copies the whole array: give it
            // exactly the frame's bytes. Reused while frames keep the same length.
            if (scratch.length != len) {
                scratch = new byte[len];
            }
            System.arraycopy(data, frame.offset(), scratch, 0, len);
            packet = scratch;
        }
        return c.applyFilter(packet, Math.max(frame.originalLength(), len), len);
    }

    private BpfProgram programFor(int linkType, boolean swappedFamily) {
        int key = swappedFamily ? ~linkType : linkType;
        BpfProgram c = byKey.get(key);
        if (c != null) {
            return c;
        }
        // 14 is raw IP in files from some BSDs; libpcap on Linux knows raw IP as 12.
        int dlt = linkType == 14 ? 12 : LinkTypes.toDlt(linkType);
        synchronized (COMPILE_LOCK) {
            PcapHandle handle = null;
            Path header = null;
            try {
                if (dlt == DLT_NULL || dlt == DLT_ENC) {
                    // libpcap compiles the address-family test of these link types differently for a file
                    // (BSD AF_INET6 values, in the file's byte order) than for a dead handle (this host's
                    // AF_INET6 only): compile on an empty capture file of that link type and byte order.
                    header = Files.createTempFile("hellocheck-bpf", ".pcap");
                    ByteOrder order = swappedFamily
                            ? (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN
                                    : ByteOrder.BIG_ENDIAN)
                            : ByteOrder.nativeOrder();
                    ByteBuffer b = ByteBuffer.allocate(24).order(order);
                    b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                            .putInt(SNAPLEN).putInt(linkType);
                    Files.write(header, b.array());
                    handle = Pcaps.openOffline(header.toString());
                } else {
                    handle = Pcaps.openDead(DataLinkType.getInstance(dlt), SNAPLEN);
                }
            } catch (PcapNativeException | IOException e) {
                throw new IllegalArgumentException("libpcap cannot open a handle of link type " + linkType
                        + ": " + e.getMessage(), e);
            } catch (LinkageError e) {
                // libpcap missing: UnsatisfiedLinkError from pcap4j's static initializer the first time,
                // NoClassDefFoundError ("Could not initialize class") after
                throw new IllegalStateException("BPF filters need libpcap (Debian package libpcap0.8): "
                        + e.getMessage(), e);
            } finally {
                deleteQuietly(header);
            }
            try {
                c = handle.compileFilter(expression, BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
            } catch (PcapNativeException | NotOpenException e) {
                String msg = e.getMessage() == null ? "" : e.getMessage();
                throw new IllegalArgumentException("bad BPF filter '" + expression + "'"
                        + (linkType == 1 ? "" : " for link type " + linkType) + ": " + msg, e);
            } finally {
                // The compiled program does not refer to its handle.
                handle.close();
            }
        }
        byKey.put(key, c);
        return c;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (BpfProgram p : byKey.values()) {
            p.free();
        }
        byKey.clear();
        last = null;
    }
}
