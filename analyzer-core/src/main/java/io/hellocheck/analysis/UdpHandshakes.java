package io.hellocheck.analysis;

import io.hellocheck.dtls.DtlsFlow;
import io.hellocheck.frame.PacketView;
import io.hellocheck.quic.QuicFlow;
import io.hellocheck.udp.UdpConversation;
import io.hellocheck.udp.UdpFlowTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The QUIC and DTLS handshakes of one capture: numbers every UDP conversation as Wireshark's {@code udp.stream},
 * follows the conversations that start a QUIC or DTLS handshake, and at the end of the capture writes one
 * connection record per handshake through its {@link HandshakeAnalysis} (counted with the TCP ones, in its
 * server records and summary).
 *
 * <p>Memory is bounded: at most {@value #MAX_FLOWS} handshake flows are followed (later ones are counted in
 * {@link #flowsNotFollowed()}), and the stream numbering remembers at most {@value #MAX_STREAMS} conversations.
 */
public final class UdpHandshakes {
    static final int MAX_FLOWS = 10_000;
    static final int MAX_STREAMS = 100_000;
    /** How far apart a QUIC flow and the TCP connection it fell back to may start. */
    static final long FALLBACK_WINDOW_NANOS = 60_000_000_000L;

    private final HandshakeAnalysis analysis;
    private final UdpFlowTable streams = new UdpFlowTable(MAX_STREAMS);
    private final Map<Integer, QuicFlow> quic = new LinkedHashMap<>();
    private final Map<Integer, DtlsFlow> dtls = new LinkedHashMap<>();
    /** The capture source ({@link CaptureEnds#source}) of each followed flow's first datagram, by udp.stream. */
    private final Map<Integer, Long> sources = new HashMap<>();
    private long flowsNotFollowed;

    public UdpHandshakes(HandshakeAnalysis analysis) {
        this.analysis = analysis;
    }

    /**
     * A UDP header that is not a frame's own datagram (a tunnel's, one quoted in an ICMP error): numbered; an ICMP
     * port unreachable quoting a client's datagram of a followed flow is noted on it.
     *
     * @param icmp  {@link io.hellocheck.frame.FrameDecoder#icmpQuoting()}: the ICMP type and code, or -1
     * @param frame the frame (from 1)
     */
    public void onOtherUdpHeader(PacketView p, int icmp, long frame, long timeNanos) {
        UdpFlowTable.Flow flow = streams.flow(p);
        if (icmp != PORT_UNREACHABLE && icmp != PORT_UNREACHABLE_V6) {
            return;
        }
        if (flow.attachment() instanceof QuicFlow q) {
            q.conversation().onPortUnreachable(p, frame, timeNanos);
        } else if (flow.attachment() instanceof DtlsFlow t) {
            t.conversation().onPortUnreachable(p, frame, timeNanos);
        }
    }

    private static final int PORT_UNREACHABLE = 0x0303;
    private static final int PORT_UNREACHABLE_V6 = 0x10104;

    /**
     * A UDP datagram ({@link PacketView#isUdp()}).
     *
     * @param source the capture source of its frame ({@link CaptureEnds#source})
     */
    public void onDatagram(PacketView p, long source) {
        UdpFlowTable.Flow flow = streams.flow(p);
        Object handler = flow.attachment();
        if (handler instanceof QuicFlow q) {
            q.onDatagram(p);
            return;
        }
        if (handler instanceof DtlsFlow t) {
            t.onDatagram(p);
            return;
        }
        boolean isQuic = QuicFlow.looksLikeClientInitial(p);
        if (!isQuic && !DtlsFlow.looksLikeClientHello(p)) {
            return;
        }
        if (quic.size() + dtls.size() >= MAX_FLOWS) {
            flowsNotFollowed++;
            return;
        }
        sources.put(flow.stream(), source);
        if (isQuic) {
            QuicFlow q = new QuicFlow(flow.stream(), p, analysis::keyLog);
            quic.put(flow.stream(), q);
            flow.attach(q);
            q.onDatagram(p);
        } else {
            DtlsFlow t = new DtlsFlow(flow.stream(), p);
            dtls.put(flow.stream(), t);
            flow.attach(t);
            t.onDatagram(p);
        }
    }

    /** Handshake flows not followed at the {@value #MAX_FLOWS} cap. */
    public long flowsNotFollowed() {
        return flowsNotFollowed;
    }

    /**
     * The capture ended, after the TCP connections were decided: writes the records of the QUIC and DTLS flows
     * in {@code udp.stream} order. A flow's capture ends with its own capture ({@link FlowEnd}).
     */
    public void finish() {
        boolean udpServerPackets = false;
        for (QuicFlow f : quic.values()) {
            udpServerPackets |= f.conversation().serverDatagrams() > 0;
        }
        for (DtlsFlow f : dtls.values()) {
            udpServerPackets |= f.conversation().serverDatagrams() > 0;
        }
        if (udpServerPackets) {
            analysis.serverPacketSeen(); // one-sided is judged on the whole capture, UDP included
        }
        boolean serverPackets = udpServerPackets || analysis.serverSideSeen()
                || analysis.tcpSightings().serverAnswered();
        // every flow's completed handshake joins its server's known set before any flow's overlap is made, as a
        // failed TCP connection's diagnosis waits for the end of the capture: each record is built once without its
        // overlap, counted, then built again with it
        List<Function<CipherOverlap, ConnectionRecord>> builders = new ArrayList<>();
        for (QuicFlow f : quic.values()) {
            if (!f.clientHellos().isEmpty()) {
                FlowEnd end = end(f.conversation());
                builders.add(o -> withFallback(QuicRecords.build(f, analysis, serverPackets, end, o), f));
            }
        }
        for (DtlsFlow f : dtls.values()) {
            if (!f.clientHellos().isEmpty()) {
                FlowEnd end = end(f.conversation());
                builders.add(o -> DtlsRecords.build(f, analysis, serverPackets, end, o));
            }
        }
        List<ConnectionRecord> first = new ArrayList<>();
        for (Function<CipherOverlap, ConnectionRecord> b : builders) {
            first.add(analysis.noteUdpCompleted(b.apply(null)));
        }
        List<ConnectionRecord> out = new ArrayList<>();
        for (int i = 0; i < builders.size(); i++) {
            out.add(builders.get(i).apply(analysis.overlapFor(first.get(i))));
        }
        out.sort(java.util.Comparator.comparingInt(r -> r.udp().udpStream()));
        out.forEach(analysis::emitUdp);
    }

    /** Where the capture of flow {@code c} ends: with its own capture ({@link FlowEnd}). */
    private FlowEnd end(UdpConversation c) {
        return analysis.endOf("flow", sources.get(c.udpStream()), c.lastTimeNanos(), true);
    }

    private ConnectionRecord withFallback(ConnectionRecord r, QuicFlow f) {
        if (r.outcome() != Outcome.NO_RESPONSE) {
            return r;
        }
        String sni = r.clientHello().hello() == null ? null : r.clientHello().hello().serverName();
        TcpSightings.Sighting s = analysis.tcpSightings().fallback(r.client().ip(), r.server().ip(), sni,
                f.conversation().start().timeNanos(), f.lastClient().timeNanos(), FALLBACK_WINDOW_NANOS);
        if (s == null) {
            return r;
        }
        return new ConnectionRecord(r.capture(), r.tcpStream(), r.client(), r.server(), r.startTimeNanos(),
                r.timeDigits(), r.outcome(), r.outcomeReason() + " The client reached the server over TCP instead "
                + "(tcp.stream " + s.tcpStream() + ", " + s.outcome() + ").", r.clientHello(), r.retryClientHello(),
                r.serverHello(), r.helloRetryRequest(), r.serverReactionNanos(), r.alert(), r.alerts(), r.closedBy(),
                r.evidence(), r.cipherOverlap(), r.serverPreamble(), r.partial(), r.clientMissedBytes(),
                r.serverMissedBytes(), r.rttNanos(), r.tcp(), r.diagnosis(), r.serverFlight(), r.preamble(),
                r.wiresharkFilter(), null, r.udp().withFallback(s.tcpStream()), null, r.alertsLeftOut());
    }
}
