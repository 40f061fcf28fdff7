package io.hellocheck.analysis;

import io.hellocheck.frame.IpAddresses;
import io.hellocheck.quic.CryptoReassembler;
import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.ServerHello;
import io.hellocheck.tls.TlsDecodeException;
import io.hellocheck.udp.UdpConversation;
import io.hellocheck.udp.UdpConversation.Mark;
import java.util.List;

/** Pieces shared by the QUIC and DTLS connection records. */
final class UdpRecords {
    static final String ONE_SIDED = "No packet from a server is in the capture (a one-sided capture), so it cannot "
            + "tell what the server did.";

    private UdpRecords() {
    }

    /** An outcome and its reason. */
    record Verdict(Outcome outcome, String reason) {
    }

    /**
     * The verdict on a QUIC or DTLS ClientHello nothing from the server answered (CONTRACT.md, Outcomes):
     * {@code NO_RESPONSE} when an ICMP port unreachable came back; {@code INCONCLUSIVE} when the capture holds no
     * server packet at all, or ends less than the no-answer timeout after the ClientHello; else
     * {@code NO_RESPONSE} with {@code noResponseReason}.
     *
     * @param unreachable      the ICMP port unreachable answering the client after its last ClientHello, or null
     * @param waitedNanos      from the last ClientHello to the end of the capture
     * @param end              where the capture of the flow ends
     */
    static Verdict unanswered(Evidence unreachable, int serverPort, boolean captureHasServerPackets,
                              long waitedNanos, long noAnswerTimeoutNanos, FlowEnd end, String noResponseReason) {
        if (unreachable != null) {
            return new Verdict(Outcome.NO_RESPONSE, "No datagram came back from the server after the ClientHello; "
                    + "an ICMP port unreachable did (frame " + unreachable.frame() + "): nothing listens on UDP port "
                    + serverPort + ".");
        }
        if (!captureHasServerPackets) {
            return new Verdict(Outcome.INCONCLUSIVE, ONE_SIDED);
        }
        if (waitedNanos < noAnswerTimeoutNanos) {
            return new Verdict(Outcome.INCONCLUSIVE, end.say(" " + Texts.seconds(waitedNanos) + " after the "
                    + "ClientHello with no answer, too soon to call it no response"));
        }
        return new Verdict(Outcome.NO_RESPONSE, noResponseReason);
    }

    /** What a reason adds after the client's datagram count for frames captured twice ({@link UdpConversation}). */
    static String duplicates(UdpConversation c) {
        return c.duplicateFrames() == 0 ? "" : ", besides " + Texts.count(c.duplicateFrames(), "duplicate frame")
                + " (the same datagram captured twice, not sent again)";
    }

    /** Adds {@code what} at {@code m} to {@code ev}, unless {@code m} is null. */
    static void mark(List<Evidence> ev, Mark m, String what) {
        if (m != null) {
            ev.add(new Evidence(m.frame(), m.timeNanos(), what));
        }
    }

    /** The ICMP port unreachable answering the client from frame {@code lastHelloFrame} on, or null. */
    static Evidence unreachable(UdpConversation c, long lastHelloFrame) {
        Mark m = c.portUnreachable();
        return m == null || m.frame() < lastHelloFrame ? null
                : new Evidence(m.frame(), m.timeNanos(), "ICMP port unreachable");
    }

    /**
     * The connection record of a QUIC or DTLS handshake in conversation {@code c}: its endpoints, start and Wireshark
     * filter from the conversation, the fields that only TCP fills left empty.
     *
     * @param serverFlight the server's clear-text flight after its ServerHello (DTLS 1.0 and 1.2), or null
     */
    static ConnectionRecord record(HandshakeAnalysis a, UdpConversation c, Outcome outcome, String reason,
                                   HelloInfo clientHello, HelloInfo retryClientHello, ServerHelloInfo serverHello,
                                   ServerHelloInfo helloRetryRequest, Long serverReactionNanos, AlertInfo alert,
                                   List<AlertInfo> alerts, List<Evidence> evidence, CipherOverlap overlap,
                                   UdpFacts udp, ServerFlight serverFlight) {
        Endpoint client = endpoint(c.clientHi(), c.clientLo(), c.clientPort());
        Endpoint server = endpoint(c.serverHi(), c.serverLo(), c.serverPort());
        return new ConnectionRecord(a.name(), -1, client, server, c.start().timeNanos(), a.timeDigits(), outcome,
                reason, clientHello, retryClientHello, serverHello, helloRetryRequest, serverReactionNanos, alert,
                alerts, null, evidence, overlap, null, false, 0, 0, null, null, List.of(), serverFlight, null,
                wiresharkFilter(a.filtered(), c.udpStream(), client, server, c.start().frame()), null, udp, null, 0);
    }

    private static Endpoint endpoint(long hi, long lo, int port) {
        return new Endpoint(IpAddresses.format(hi, lo), port);
    }

    /** The record of a ClientHello carried in a reassembled handshake message. */
    static HelloInfo clientHello(CryptoReassembler.Message m, ClientHello hello, String error) {
        return new HelloInfo(m.firstFrame(), m.frames(), m.firstTimeNanos(), m.lastFrame(), m.lastTimeNanos(),
                m.bytes().length, hello, error);
    }

    /** Decodes a ServerHello message body; null when it does not decode. */
    static ServerHello serverHello(byte[] msg) {
        try {
            return ServerHello.parse(msg, 4, msg.length - 4);
        } catch (TlsDecodeException e) {
            return null;
        }
    }

    /**
     * {@code udp.stream eq N}, or, when a BPF filter hid frames (so that N counts the kept flows only), the
     * addresses and ports from the flow's first frame on.
     */
    private static String wiresharkFilter(boolean filtered, int udpStream, Endpoint client, Endpoint server,
                                          long firstFrame) {
        return filtered ? ConnectionRecord.tupleFilter(client, server, firstFrame).replace("tcp.port", "udp.port")
                : UdpFacts.streamFilter(udpStream);
    }
}
