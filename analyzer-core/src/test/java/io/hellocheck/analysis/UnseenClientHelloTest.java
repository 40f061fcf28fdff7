package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.alert;
import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.handshake;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.tcp.Side;
import io.hellocheck.testing.Packets;
import org.junit.jupiter.api.Test;

/**
 * A ClientHello the capture does not hold (a kernel drop) while the server's answer is there: CONTRACT.md Outcomes 1,
 * INCONCLUSIVE because the ClientHello cannot be read, with capture_artefact first, never a connection without a
 * record. The stories are the breaker's: frames of s_client and s_server captures on loopback with the Client Hello
 * frame taken out, as tshark reads them.
 */
class UnseenClientHelloTest {
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final long US = 1_000L;

    /**
     * gap-client-hello-lost-alert.pcap, tshark: 1 SYN; 2 SYN-ACK; 3 ACK; 4 server ACK "[TCP ACKed unseen segment]"
     * Ack=137; 5 server 7 bytes (Alert, fatal, Handshake Failure); 6 client ACK "[TCP Previous segment not
     * captured]" Seq=137; 7 server FIN; 8 client FIN; 9 server ACK.
     */
    @Test
    void aServerAlertAfterAnUnseenClientHelloIsInconclusive() {
        ConnectionRecord c = only(analyze(47516, f -> f.syn(T0).synAck(T0 + 13 * US).ack(T0 + 27 * US)
                .clientAdvance(136).serverAck(T0 + 170 * US)
                .serverData(T0 + 289 * US, alert(2, 40)).clientAck(T0 + 306 * US)
                .serverFin(T0 + 343 * US).clientFin(T0 + 393 * US).serverAck(T0 + 410 * US)));
        assertThat(c.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(c.outcomeReason()).isEqualTo("The ClientHello is cut by the snaplen or missing from the capture, "
                + "so it cannot be read.");
        assertThat(c.clientHello()).isNull();
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.CAPTURE_ARTEFACT);
        assertThat(c.alert().from()).isEqualTo(Side.SERVER);
        assertThat(c.alert().description()).isEqualTo(40);
        assertThat(c.alert().frame()).isEqualTo(5);
        assertThat(c.closedBy().frame()).isEqualTo(7);
    }

    /**
     * gap-client-hello-lost.pcap, tshark: 1 SYN; 2 SYN-ACK; 3 ACK; 4 server ACK "[TCP ACKed unseen segment]" Ack=221;
     * 5 Server Hello, Certificate, Server Key Exchange, Server Hello Done; 6 client ACK; 7 Client Key Exchange, Change
     * Cipher Spec, Encrypted Handshake Message. Here the ServerHello itself carries the first acknowledgment.
     */
    @Test
    void aServerHelloAfterAnUnseenClientHelloIsInconclusive() {
        byte[] flight = record(22, Packets.concat(serverHello(0x0303, 0xc02f, new byte[0], new byte[0]),
                handshake(11, new byte[3]), handshake(14, new byte[0])));
        ConnectionRecord c = only(analyze(47534, f -> f.syn(T0).synAck(T0 + 21 * US).ack(T0 + 41 * US)
                .clientAdvance(220).serverData(T0 + 4_966 * US, flight).clientAck(T0 + 5_006 * US)
                .clientData(T0 + 8_673 * US, record(20, new byte[] {1}))));
        assertThat(c.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.CAPTURE_ARTEFACT);
        assertThat(c.evidence()).extracting(Evidence::frame).contains(4L);
    }

    /** A server alert with no client byte sent, seen or acknowledged answers no ClientHello: no record, as before. */
    @Test
    void aServerAlertWithoutAnyClientBytesGetsNoRecord() {
        CaptureResult r = analyze(443, f -> f.syn(T0).synAck(T0 + 13 * US).ack(T0 + 27 * US)
                .serverData(T0 + 289 * US, alert(2, 40)).serverFin(T0 + 343 * US).clientFin(T0 + 393 * US));
        assertThat(r.connections()).isEmpty();
    }

    /**
     * PcapPlusPlus's SSL-AlertClear.pcap, tshark: one frame, 216.58.214.37:443 to 10.0.0.4:56927, ACK PSH, a TLS
     * alert record, level 2 (fatal), description 70 (protocol_version): a capture of the server's side only.
     */
    @Test
    void aServerAlertInACaptureOfTheServersSideOnlyIsInconclusive() {
        ConnectionRecord c = only(analyze(443, f -> f.serverData(T0, alert(2, 70))));
        assertThat(c.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(c.outcomeReason()).isEqualTo("The capture holds only the server's side of this connection: a fatal "
                + "alert protocol_version (70) (frame 1) answering a ClientHello that is not in the capture, so it "
                + "cannot tell what the client offered.");
        assertThat(c.alert().description()).isEqualTo(70);
        assertThat(c.alert().from()).isEqualTo(Side.SERVER);
        assertThat(c.evidence()).extracting(Evidence::frame).containsExactly(1L);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.CAPTURE_ARTEFACT);
    }

    /** PcapPlusPlus's SSL-MultipleRecords1.pcap, tshark: one frame from port 443, a ServerHello (handshake type 2). */
    @Test
    void aServerHelloInACaptureOfTheServersSideOnlyIsInconclusive() {
        byte[] sh = record(22, serverHello(0x0303, 0xc02f, new byte[32], new byte[0]));
        ConnectionRecord c = only(analyze(443, f -> f.serverData(T0, sh)));
        assertThat(c.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(c.outcomeReason()).startsWith("The capture holds only the server's side of this connection: a "
                + "ServerHello (frame 1)");
        assertThat(c.evidence()).extracting(Evidence::what)
                .containsExactly("ServerHello from server, answering a ClientHello that is not in the capture");
    }
}
