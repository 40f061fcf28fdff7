package io.hellocheck.analysis;

import io.hellocheck.quic.ConnectionClose;
import io.hellocheck.quic.TransportParameters;
import java.util.List;

/**
 * What a QUIC or DTLS flow shows beyond the fields every connection record has.
 *
 * @param transport           {@code "quic"} or {@code "dtls"}
 * @param udpStream           Wireshark's {@code udp.stream} of the flow, from 0
 * @param version             QUIC: the version of the client's Initial packets ({@code "1"}, {@code "2"},
 *                            {@code "draft-29"}, ...); DTLS: the record version of the ClientHello
 *                            ({@code "DTLSv1.2"})
 * @param dcid                QUIC: the Destination Connection ID the Initial keys came from, hex; DTLS: null
 * @param retry               QUIC: the server's Retry packet, or null
 * @param versionNegotiation  QUIC: the versions a Version Negotiation packet listed (names as {@code version}),
 *                            or null without one
 * @param versionNegotiationFrame frame of that packet, or -1
 * @param connectionClose     QUIC: the first CONNECTION_CLOSE read in an Initial packet, or null
 * @param transportParameters QUIC: the client's transport parameters, in wire order
 * @param helloVerifyRequest  DTLS: the server's HelloVerifyRequest (its cookie round), or null
 * @param retransmissions     DTLS: handshake fragments the client or server sent again (a flight
 *                            retransmitted after a timeout), counted
 * @param clientDatagrams     datagrams the client sent
 * @param serverDatagrams     datagrams the server sent
 * @param fallbackTcpStream   QUIC: the {@code tcp.stream} of the TCP connection to the same server that the
 *                            client made in the same time window when this flow got no answer, or null
 * @param portUnreachable     the first ICMP port unreachable answering a client datagram, or null
 */
public record UdpFacts(String transport, int udpStream, String version, String dcid, Evidence retry,
                       List<String> versionNegotiation, long versionNegotiationFrame, ConnectionClose connectionClose,
                       List<TransportParameters.Parameter> transportParameters, Evidence helloVerifyRequest,
                       int retransmissions, long clientDatagrams, long serverDatagrams, Integer fallbackTcpStream,
                       Evidence portUnreachable) {

    public UdpFacts {
        versionNegotiation = versionNegotiation == null ? null : List.copyOf(versionNegotiation);
        transportParameters = List.copyOf(transportParameters);
    }

    /** This with the TCP connection the client fell back to. */
    public UdpFacts withFallback(int tcpStream) {
        return new UdpFacts(transport, udpStream, version, dcid, retry, versionNegotiation, versionNegotiationFrame,
                connectionClose, transportParameters, helloVerifyRequest, retransmissions, clientDatagrams,
                serverDatagrams, tcpStream, portUnreachable);
    }

    /** {@code udp.stream eq N}: Wireshark's filter for the flow numbered N. */
    public static String streamFilter(int udpStream) {
        return "udp.stream eq " + udpStream;
    }
}
