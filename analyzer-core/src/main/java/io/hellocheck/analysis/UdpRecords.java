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
