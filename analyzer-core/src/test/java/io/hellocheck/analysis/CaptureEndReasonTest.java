package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.HelloCheck;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * What an INCONCLUSIVE reason says of the end of a TCP connection's capture (CONTRACT.md, Outcomes, rule 1:
 * "{@code outcome_reason} says which"): the capture really ends, or it goes on without the connection (filtered or
 * trimmed), or the file goes on with another capture joined to it, per pcapng interface. The times are those tshark
 * shows for FoxIO's JA4 {@code tls-handshake.pcapng} (a capture filtered to handshake packets): tcp.stream 0 is
 * frame 1, the ClientHello at 0.000000 s, and frame 2, the ServerHello at 0.004407 s; the file runs to 21.480648 s.
 */
class CaptureEndReasonTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long US = 1_000L;
    private static final long S = 1_000_000_000L;
    private static final long HOUR = 3_600 * S;

    private static byte[] serverHello() {
        return HandshakeDepthTest.record(22, HandshakeDepthTest.serverHello(0x0303, 0xc02f, new byte[32],
                new byte[0]));
    }

    /** A ClientHello and its ServerHello, no SYN (a capture filtered to handshake packets), from {@code t} on. */
    private static void hellos(TcpFlow f, long t) {
        f.clientData(t, HandshakeAnalyzerTest.clientHelloRecord()).serverData(t + 4_407 * US, serverHello());
    }

    private static ConnectionRecord first(ByteArrayOutputStream out) throws IOException {
        return HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test")
                .connections().get(0);
    }

    @Test
    void aCaptureThatGoesOnWithoutTheConnectionSaysSo() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            hellos(w.tcp("10.0.0.1", 50000, "10.0.0.2", 443), T0);
            hellos(w.tcp("10.0.0.1", 50001, "10.0.0.2", 443), T0 + 21_476_241 * US);
        }
        ConnectionRecord r = first(out);
        assertThat(r.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(r.outcomeReason()).isEqualTo("The capture holds nothing more of this connection after the "
                + "ServerHello but before both sides switched to encrypted records, though it goes on for 21.476 s "
                + "(filtered or trimmed).");
        Finding f = r.diagnosis().get(0);
        assertThat(f.cause()).isEqualTo(Cause.CAPTURE_ARTEFACT);
        assertThat(f.nextStep()).contains("without a capture or display filter").doesNotContain("keep the capture");
    }

    @Test
    void aFileThatGoesOnAfterAnHoursPauseHoldsAnotherCapture() throws IOException {
        // cat-joined captures on one interface (nDPI's zoom.pcap, tls1_3.pcap: years apart)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            hellos(w.tcp("10.0.0.1", 50000, "10.0.0.2", 443), T0);
            hellos(w.tcp("10.0.0.1", 50001, "10.0.0.2", 443), T0 + 4_407 * US + 2 * HOUR);
        }
        ConnectionRecord r = first(out);
        assertThat(r.outcomeReason()).isEqualTo("The capture (the file goes on 7200.000 s later with another "
                + "capture joined to it) ends after the ServerHello but before both sides switched to encrypted "
                + "records.");
    }

    @Test
    void aConnectionAloneOnItsInterfaceEndsWithIt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).format(CaptureWriter.Format.PCAPNG).build()) {
            int second = w.addInterface(CaptureWriter.ETHERNET, 0, 9, 0);
            w.frameOn(second, T0, w.wrap(CaptureWriter.ETHERNET, Packets.ipTcp("10.0.0.1", 50000, "10.0.0.2", 443,
                    1, 0, Packets.ACK,
                    HandshakeAnalyzerTest.clientHelloRecord()), true));
            hellos(w.tcp("10.0.0.3", 50001, "10.0.0.4", 443), T0 + 2 * HOUR);
        }
        ConnectionRecord r = first(out);
        assertThat(r.outcomeReason()).startsWith("The capture on this connection's interface (pcapng interface 1; "
                + "the file goes on 7200.000 s later with another capture joined to it) ends ");
    }

    @Test
    void aClientHelloAtTheEndOfAOneSidedCaptureIsOneSidedLikeTheOthers() throws IOException {
        // ndpi encrypted_sni.pcap, tshark: three frames, all from 192.168.1.12 to port 443 (tcp.stream 0, 1, 2) at
        // 0.000000, 1.271098 and 5.014015 s, each a ClientHello: no packet of any server
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            w.tcp("192.168.1.12", 49886, "104.27.129.77", 443).clientData(T0, HandshakeAnalyzerTest.clientHelloRecord());
            w.tcp("192.168.1.12", 49887, "104.16.125.175", 443).clientData(T0 + 1_271_098 * US,
                    HandshakeAnalyzerTest.clientHelloRecord());
            w.tcp("192.168.1.12", 49897, "104.22.71.197", 443).clientData(T0 + 5_014_015 * US,
                    HandshakeAnalyzerTest.clientHelloRecord());
        }
        java.util.List<ConnectionRecord> records = HelloCheck.builder().build()
                .analyze(new ByteArrayInputStream(out.toByteArray()), "test").connections();
        assertThat(records).hasSize(3).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
            assertThat(r.outcomeReason()).isEqualTo(HandshakeAnalyzer.ONE_SIDED);
        });
    }
}
