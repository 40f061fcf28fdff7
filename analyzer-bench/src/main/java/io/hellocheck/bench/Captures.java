package io.hellocheck.bench;

import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.frame.DecodeStatus;
import io.hellocheck.frame.FrameDecoder;
import io.hellocheck.frame.PacketView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test data for the benchmarks: the sample captures of the repository, read with the project's reader. */
final class Captures {
    private Captures() {
    }

    /**
     * The repository root: the system property {@code hellocheck.root}, else the first folder from the
     * working directory upwards that holds {@code sample-captures/}.
     */
    static Path root() {
        String p = System.getProperty("hellocheck.root");
        if (p != null) {
            return Path.of(p);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("sample-captures"))) {
                return d;
            }
        }
        throw new IllegalStateException("sample-captures/ not found above " + Path.of("").toAbsolutePath()
                + "; run from the repository or pass -Dhellocheck.root=DIR");
    }

    /** A capture path: absolute, or relative to the repository root. */
    static Path resolve(String name) {
        Path p = Path.of(name);
        return p.isAbsolute() ? p : root().resolve(p);
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every TCP segment of a capture, copied out of the reader's buffer. */
    static List<Segment> segments(String name) {
        List<Segment> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(resolve(name))) {
            Frame f = new Frame();
            FrameDecoder d = new FrameDecoder();
            PacketView v = new PacketView();
            while (r.next(f)) {
                if (d.decode(f, v) == DecodeStatus.TCP) {
                    out.add(new Segment(v));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The body (after the 4-byte handshake header) of the first ClientHello of a capture, in one segment. */
    static byte[] firstClientHelloBody(String name) {
        for (Segment s : segments(name)) {
            byte[] p = s.payload;
            if (p.length > 9 && p[0] == 22 && p[1] == 3 && p[5] == 1) {
                int len = ((p[6] & 0xff) << 16) | ((p[7] & 0xff) << 8) | (p[8] & 0xff);
                if (9 + len <= p.length) {
                    return java.util.Arrays.copyOfRange(p, 9, 9 + len);
                }
            }
        }
        throw new IllegalStateException("no ClientHello in one segment in " + name);
    }

    /** A decoded TCP segment, kept outside any buffer, that can be loaded into a {@link PacketView}. */
    static final class Segment {
        final long frame;
        final long time;
        final boolean ipv6;
        final long srcHi;
        final long srcLo;
        final long dstHi;
        final long dstLo;
        final int srcPort;
        final int dstPort;
        final int ttl;
        final int ipId;
        final long seq;
        final long ack;
        final int flags;
        final int window;
        final byte[] payload;

        Segment(PacketView v) {
            frame = v.frameNumber();
            time = v.timestampNanos();
            ipv6 = v.isIpv6();
            srcHi = v.srcHi();
            srcLo = v.srcLo();
            dstHi = v.dstHi();
            dstLo = v.dstLo();
            srcPort = v.srcPort();
            dstPort = v.dstPort();
            ttl = v.ttl();
            ipId = v.ipId();
            seq = v.seq();
            ack = v.ack();
            flags = v.flags();
            window = v.window();
            payload = java.util.Arrays.copyOfRange(v.data(), v.payloadOffset(), v.payloadOffset() + v.payloadLength());
        }

        /**
         * Loads this segment into {@code v}, with {@code clientPort} in place of the port that is not
         * {@code serverPort}, frame number and time moved by the given amounts.
         */
        PacketView load(PacketView v, int serverPort, int clientPort, long frameShift, long timeShiftNanos) {
            int sp = srcPort == serverPort ? srcPort : clientPort;
            int dp = dstPort == serverPort ? dstPort : clientPort;
            return v.set(frame + frameShift, time + timeShiftNanos, ipv6, srcHi, srcLo, dstHi, dstLo, sp, dp, ttl,
                    ipId, seq, ack, flags, window, payload, 0, payload.length, 0);
        }
    }
}
