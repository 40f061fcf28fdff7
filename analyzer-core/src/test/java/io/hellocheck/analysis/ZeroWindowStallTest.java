package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.clientHello;
import static io.hellocheck.analysis.HandshakeDepthTest.ext;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.u16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow.Dir;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A ClientHello stalled by the server's zero window, as tshark reads scenarios/zero-window.pcap, tcp.stream 0: the
 * SYN-ACK offers a window of 1152 (frame 2); the client sends 576 bytes of its 1,294-byte ClientHello (frame 4), the
 * server ACKs them with window 576 (5), the client sends 576 more (6, "TCP Window Full"), the server ACKs them with
 * window 0 (7, "TCP ZeroWindow"); the client's probes (8, 10) get more zero windows (9, 11) until the capture ends
 * 9.6 s later. No ClientHello is ever whole, so none is decoded.
 */
class ZeroWindowStallTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final int HALF = 576;

    /**
     * A TLS 1.3 ClientHello with an ffdhe8192 key share (group 0x0104, 1,024 bytes: RFC 7919) and a padding extension
     * (21, RFC 7685) that makes its record 1,294 bytes, as s_client's in the capture.
     */
    private static byte[] largeHello() {
        byte[] hello = clientHello(new byte[32], Packets.concat(ext(43, vec8(u16(0x0304))),
                ext(51, vec16(Packets.concat(u16(0x0104), vec16(new byte[1024])))), ext(21, new byte[165])), 0x1301);
        assertThat(hello.length).isEqualTo(1294);
        return hello;
    }

    @Test
    void aClientHelloStalledByTheServersZeroWindowIsNoResponseWithServerZeroWindow() {
        byte[] hello = largeHello();
        ConnectionRecord c = only(analyze(443, f -> {
            f.serverWindow(1152).syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                    .clientData(T0 + 18 * MS, Arrays.copyOf(hello, HALF))
                    .serverWindow(576).serverAck(T0 + 19 * MS)
                    .clientData(T0 + 20 * MS, Arrays.copyOfRange(hello, HALF, 2 * HALF))
                    .serverWindow(0).serverAck(T0 + 63 * MS);
            long probe = f.clientNext() - 1;
            f.segment(Dir.CLIENT, probe, f.serverNext(), Packets.ACK, new byte[0], T0 + 279 * MS).serverAck(T0 + 280 * MS)
                    .segment(Dir.CLIENT, probe, f.serverNext(), Packets.ACK, new byte[0], T0 + 9_600 * MS)
                    .serverAck(T0 + 9_601 * MS);
        }));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(c.failed()).isTrue();
        assertThat(c.clientHello()).isNull();
        assertThat(c.outcomeReason()).contains("(frame 7)").contains("first 1152 bytes");
        assertThat(c.diagnosis()).extracting(Finding::cause).first().isEqualTo(Cause.SERVER_ZERO_WINDOW);
        assertThat(c.diagnosis().get(0).evidence()).extracting(Evidence::frame).containsExactly(7L);
    }

    @Test
    void aCaptureEndingInsideTheClientHelloUnderAnOpenWindowStaysInconclusive() {
        byte[] hello = largeHello();
        ConnectionRecord c = only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 18 * MS, Arrays.copyOf(hello, HALF)).serverAck(T0 + 19 * MS)
                .clientAck(T0 + 9_600 * MS)));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.INCONCLUSIVE);
    }
}
