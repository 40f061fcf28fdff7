package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.HelloCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Public captures whose INCONCLUSIVE reasons the audit found untrue or whose records were missing: where the
 * connection's capture ends (a filtered capture that goes on, a file joined from captures years apart), and a capture
 * of the server's side only. Values from tshark 4.0.17 on the files in {@code ../shared/captures/public}.
 */
@Tag("public-captures")
class AuditedEndsPublicCapturesTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();
    private final Path corpus = Paths.get(System.getProperty("hellocheck.shared", "../shared"))
            .resolve("captures").resolve("public");

    private ConnectionRecord record(String capture, String transport, int stream) throws IOException {
        return ANALYZER.analyze(corpus.resolve(capture)).connections().stream()
                .filter(r -> r.transport().equals(transport))
                .filter(r -> (transport.equals("tcp") ? r.tcpStream() : r.udp().udpStream()) == stream)
                .findFirst().orElseThrow();
    }

    @Test
    void aConnectionOfAFilteredCaptureThatGoesOnSaysSo() throws IOException {
        // tshark -r tls-handshake.pcapng -Y tcp.stream==0: frame 1 (ClientHello, 0.000000 s) and frame 2 (ServerHello,
        // 0.004407 s); capinfos: the capture lasts 21.480648 s, one interface
        ConnectionRecord r = record("ja4/pcap/tls-handshake.pcapng", "tcp", 0);
        assertThat(r.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(r.outcomeReason()).isEqualTo("The capture holds nothing more of this connection after the "
                + "ServerHello but before both sides switched to encrypted records, though it goes on for 21.476 s "
                + "(filtered or trimmed).");
        assertThat(r.diagnosis().get(0).nextStep()).contains("without a capture or display filter");
    }

    @Test
    void aDatagramCapturedTwiceBeforeAFiveYearPauseIsInconclusive() throws IOException {
        // tshark -r dtls.pcap: frames 1 and 2 (udp.stream 0) byte-identical at 1545143424.891780, interface 0; the
        // next frame of interface 0, frame 3, at 1709402982.954913: 164259558.063133 s later
        ConnectionRecord r = record("ndpi/pcap/dtls.pcap", "dtls", 0);
        assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(r.outcomeReason()).contains("pcapng interface 0; the file goes on 164259558.063 s later with "
                + "another capture joined to it");
        assertThat(r.udp().clientDatagrams()).isEqualTo(1);
        assertThat(r.diagnosis()).extracting(Finding::cause).containsExactly(Cause.CAPTURE_ARTEFACT);
    }

    @Test
    void aServerAlertWithoutItsClientGetsARecord() throws IOException {
        // tshark -r SSL-AlertClear.pcap: one frame, 216.58.214.37:443 -> 10.0.0.4:56927, alert level 2,
        // description 70 (protocol_version)
        ConnectionRecord r = record("pcapplusplus/Packet++Test/PacketExamples/SSL-AlertClear.pcap", "tcp", 0);
        assertThat(r.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(r.server().ip()).isEqualTo("216.58.214.37");
        assertThat(r.server().port()).isEqualTo(443);
        assertThat(r.alert().description()).isEqualTo(70);
        assertThat(r.outcomeReason()).contains("a fatal alert protocol_version (70) (frame 1)");
    }

    @Test
    void aServerHelloWithoutItsClientGetsARecord() throws IOException {
        // tshark -r tls_1.2_unidirectional_server.pcapng: only 216.58.209.42:443 sends; frame 1 SYN-ACK, frame 3 a
        // ServerHello (handshake type 2)
        ConnectionRecord r = record("ndpi/pcap/tls_1.2_unidirectional_server.pcapng", "tcp", 0);
        assertThat(r.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(r.outcomeReason()).contains("a ServerHello (frame 3)");
    }
}
