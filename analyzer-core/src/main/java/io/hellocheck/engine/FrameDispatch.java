package io.hellocheck.engine;

import io.hellocheck.analysis.CaptureEnds;
import io.hellocheck.analysis.HandshakeAnalysis;
import io.hellocheck.analysis.UdpHandshakes;
import io.hellocheck.capture.BpfFilter;
import io.hellocheck.capture.Frame;
import io.hellocheck.capture.FrameSource;
import io.hellocheck.frame.DecodeStatus;
import io.hellocheck.frame.FrameDecoder;
import io.hellocheck.frame.PacketView;
import io.hellocheck.tcp.TcpTracker;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One capture's frames, each decoded and handed to the TCP tracker or the UDP handshakes, and what the capture
 * summary counts of them. {@link #onFrame} is called once per frame read: a method of its own, so that the JIT
 * compiles it after a few hundred frames, while the loop that reads the frames would run interpreted until an
 * on-stack replacement after tens of thousands.
 */
final class FrameDispatch {
    final Frame frame = new Frame();
    final FrameDecoder decoder = new FrameDecoder();
    final TcpTracker tracker;
    final UdpHandshakes udp;
    private final PacketView packet = new PacketView();
    private final FrameSource reader;
    private final HandshakeAnalysis analysis;
    private final BpfFilter bpf;
    /** Frames by {@link DecodeStatus}, indexed by ordinal. */
    final long[] kinds = new long[DecodeStatus.values().length];
    /** Frames of a link type not decoded, by link type. */
    final Map<Integer, Long> unsupportedLinks = new TreeMap<>();
    /** Frames of an encapsulation not decoded, by its name. */
    final Map<String, Long> unsupportedEncapsulations = new TreeMap<>();
    /** TCP frames by the encapsulation they came in (VLAN, GRE, ...). */
    final Map<String, long[]> encapsulationCounts = new HashMap<>();
    /** Frames read, filtered out or not. */
    long frames;
    /** Captured bytes of those frames. */
    long bytes;
    /** Timestamp of the first frame, in nanoseconds since the epoch. */
    long first;
    /** Timestamp of the last frame read, in nanoseconds since the epoch. */
    long last;
    /** Frames the BPF filter left out. */
    long filtered;

    FrameDispatch(FrameSource reader, TcpTracker tracker, HandshakeAnalysis analysis, BpfFilter bpf) {
        this.reader = reader;
        this.tracker = tracker;
        this.analysis = analysis;
        this.bpf = bpf;
        this.udp = new UdpHandshakes(analysis);
        decoder.onOtherUdpHeaders(p -> udp.onOtherUdpHeader(p, decoder.icmpQuoting(), frame.number(),
                frame.timestampNanos()));
    }

    /**
     * Counts the frame {@code reader} just read into {@link #frame} and hands it on.
     *
     * @throws AnalysisBugException when decoding or analyzing it throws (the frame's number and file offset
     *                              with it); what the record sink threw ({@code SinkFailed}) and what the BPF
     *                              filter throws pass unchanged
     */
    void onFrame() {
        frames++;
        bytes += frame.capturedLength();
        if (frames == 1) {
            first = frame.timestampNanos();
            analysis.setTimeDigits(reader.timestampDigits());
        }
        last = frame.timestampNanos();
        long source = CaptureEnds.source(frame.section(), frame.interfaceId());
        analysis.frame(source, last); // when each capture of the file ends, filtered frames included
        if (bpf != null && !bpf.matches(frame)) {
            filtered++;
            return;
        }
        DecodeStatus status;
        try {
            status = decoder.decode(frame, packet);
            if (status == DecodeStatus.TCP) {
                tracker.onSegment(packet);
            } else if (status == DecodeStatus.ICMP_QUOTED_TCP) {
                tracker.onQuotedSegment(packet);
            } else if (packet.isUdp()) {
                udp.onDatagram(packet, source);
            }
        } catch (HelloCheck.SinkFailed e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AnalysisBugException(frame.number(), frame.fileOffset(), e);
        }
        kinds[status.ordinal()]++;
        if (status == DecodeStatus.TCP) {
            String encapsulation = packet.encapsulation();
            if (encapsulation != null) {
                encapsulationCounts.computeIfAbsent(encapsulation, k -> new long[1])[0]++;
            }
        } else if (status == DecodeStatus.UNSUPPORTED) {
            String what = decoder.unsupported();
            if (what == null || what.equals(FrameDecoder.UNSUPPORTED_LINK_TYPE)) {
                unsupportedLinks.merge(frame.linkType(), 1L, Long::sum);
            } else {
                unsupportedEncapsulations.merge(what, 1L, Long::sum);
            }
        }
    }
}
