package io.hellocheck.analysis;

import io.hellocheck.frame.IpAddresses;
import io.hellocheck.quic.CryptoReassembler;
import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.ServerHello;
import io.hellocheck.tls.TlsDecodeException;

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
     * @param endText          how a reason starts for the end of the capture ("The capture ends")
     */
    static Verdict unanswered(Evidence unreachable, int serverPort, boolean captureHasServerPackets,
                              long waitedNanos, long noAnswerTimeoutNanos, String endText, String noResponseReason) {
        if (unreachable != null) {
            return new Verdict(Outcome.NO_RESPONSE, "No datagram came back from the server after the ClientHello; "
                    + "an ICMP port unreachable did (frame " + unreachable.frame() + "): nothing listens on UDP port "
                    + serverPort + ".");
        }
        if (!captureHasServerPackets) {
            return new Verdict(Outcome.INCONCLUSIVE, ONE_SIDED);
        }
        if (waitedNanos < noAnswerTimeoutNanos) {
            return new Verdict(Outcome.INCONCLUSIVE, endText + " " + Texts.seconds(waitedNanos) + " after the "
                    + "ClientHello with no answer, too soon to call it no response.");
        }
        return new Verdict(Outcome.NO_RESPONSE, noResponseReason);
    }

    static Endpoint endpoint(long hi, long lo, int port) {
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
    static String wiresharkFilter(boolean filtered, int udpStream, Endpoint client, Endpoint server, long firstFrame) {
        return filtered ? ConnectionRecord.tupleFilter(client, server, firstFrame).replace("tcp.port", "udp.port")
                : UdpFacts.streamFilter(udpStream);
    }
}
