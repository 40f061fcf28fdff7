package io.hellocheck.capture;

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
 * A BPF capture filter (tcpdump syntax, e.g. {@code "tcp port 443"}) applied to frames, compiled by
 * libpcap through pcap4j.
 *
 * <p>The expression is compiled once per link type met, on a "dead" libpcap handle of that link type, and
 * the program cached. {@link #compile(String)} checks the expression against Ethernet at once, so a
 * syntax error is reported before any frame is read. Not thread-safe; {@link #close()} frees the programs
 * and handles.
 *
 * <p>Needs libpcap (Debian package {@code libpcap0.8}) at run time.
 */
public final class BpfFilter implements AutoCloseable {

    /** libpcap's compiler was not thread-safe before 1.8; serialize compilations across filters. */
    private static final Object COMPILE_LOCK = new Object();
    private static final int SNAPLEN = 262_144;

    private final String expression;
    private final Map<Integer, Compiled> byLinkType = new HashMap<>();
    private int lastLinkType = Integer.MIN_VALUE;
    private Compiled last;
    private byte[] scratch = new byte[0];
    private boolean closed;

    private static final class Compiled {
        final PcapHandle handle;
        final BpfProgram program;

        Compiled(PcapHandle handle, BpfProgram program) {
            this.handle = handle;
            this.program = program;
        }
    }

    private BpfFilter(String expression) {
        this.expression = expression;
    }

    /**
     * Compiles {@code expression} (checked against Ethernet at once).
     *
     * @throws IllegalArgumentException with libpcap's message when the expression does not compile
     * @throws IllegalStateException    when libpcap cannot be loaded
     */
    public static BpfFilter compile(String expression) {
        if (expression == null) {
            throw new IllegalArgumentException("BPF filter expression is null");
        }
        BpfFilter f = new BpfFilter(expression);
        f.programFor(1);
        return f;
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /**
     * Whether the frame passes the filter, judged on its captured bytes and original length as tcpdump
     * would.
     *
     * @throws IllegalArgumentException when the expression cannot be compiled for the frame's link type
     *                                  (e.g. {@code "ether host ..."} on raw IP), with libpcap's message
     */
    public boolean matches(Frame frame) {
        if (closed) {
            throw new IllegalStateException("BPF filter closed");
        }
        int lt = frame.linkType();
        Compiled c;
        if (lt == lastLinkType) {
            c = last;
        } else {
            c = programFor(lt);
            lastLinkType = lt;
            last = c;
        }
        int len = frame.capturedLength();
        byte[] data = frame.data();
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
        return c.program.applyFilter(packet, Math.max(frame.originalLength(), len), len);
    }

    private Compiled programFor(int linkType) {
        Compiled c = byLinkType.get(linkType);
        if (c != null) {
            return c;
        }
        // 14 is raw IP in files from some BSDs; libpcap on Linux knows raw IP as 12.
        int dlt = linkType == 14 ? 12 : LinkTypes.toDlt(linkType);
        PcapHandle handle;
        BpfProgram program;
        synchronized (COMPILE_LOCK) {
            try {
                handle = Pcaps.openDead(DataLinkType.getInstance(dlt), SNAPLEN);
            } catch (PcapNativeException e) {
                throw new IllegalArgumentException("libpcap cannot open a handle of link type " + linkType
                        + ": " + e.getMessage(), e);
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                throw new IllegalStateException("BPF filters need libpcap (Debian package libpcap0.8): "
                        + e.getMessage(), e);
            }
            try {
                program = handle.compileFilter(expression, BpfCompileMode.OPTIMIZE,
                        PcapHandle.PCAP_NETMASK_UNKNOWN);
            } catch (PcapNativeException | NotOpenException e) {
                handle.close();
                String msg = e.getMessage() == null ? "" : e.getMessage();
                throw new IllegalArgumentException("bad BPF filter '" + expression + "'"
                        + (linkType == 1 ? "" : " for link type " + linkType) + ": " + msg, e);
            }
        }
        c = new Compiled(handle, program);
        byLinkType.put(linkType, c);
        return c;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Compiled c : byLinkType.values()) {
            c.program.free();
            c.handle.close();
        }
        byLinkType.clear();
        last = null;
    }
}
