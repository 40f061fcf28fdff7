package io.hellocheck.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.Cause;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.analysis.ServerRecord;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code quic-fallback.pcap}, made by {@code tools/make-quic-fallback-capture.sh}: in two network namespaces, a
 * real QUIC client (Kwik 0.9.1) tries HTTP/3 to 10.231.0.2:443, whose UDP port 443 nftables drops, sends its
 * Initial four times (frames 3 to 6, as tshark shows: {@code Initial, DCID=e770ad2da462bdc7, PKN: 0..3}) and gives
 * up after 4 s; the client then reaches the server over TCP (openssl s_client, tcp.stream 0, ServerHello in
 * frame 12). What the capture must say follows from how it was made.
 */
class QuicFallbackTest {

    private static CaptureResult analyze() throws IOException {
        try (InputStream in = QuicFallbackTest.class.getResourceAsStream("quic-fallback.pcap")) {
            return HelloCheck.builder().build().analyze(in, "quic-fallback.pcap");
        }
    }

    @Test
    void theUnansweredQuicFlowSaysUdpIsBlockedAndNamesTheTcpFallback() throws IOException {
        CaptureResult result = analyze();
        ConnectionRecord quic = result.connections().stream().filter(r -> r.transport().equals("quic")).findFirst()
                .orElseThrow();
        assertThat(quic.udp().udpStream()).isZero();
        assertThat(quic.tcpStream()).isEqualTo(-1);
        assertThat(quic.wiresharkFilter()).isEqualTo("udp.stream eq 0");
        assertThat(quic.outcome()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(quic.clientHello().frame()).isEqualTo(3);
        assertThat(quic.udp().dcid()).isEqualTo("e770ad2da462bdc7");
        assertThat(quic.udp().clientDatagrams()).isEqualTo(4);
        assertThat(quic.udp().serverDatagrams()).isZero();
        assertThat(quic.udp().fallbackTcpStream()).isZero();
        Finding first = quic.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.UDP_BLOCKED);
        assertThat(first.confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(first.explanation()).startsWith("UDP 443 is blocked on the path; HTTP/3 fell back to TCP");

        ConnectionRecord tcp = result.connections().stream().filter(r -> r.transport().equals("tcp")).findFirst()
                .orElseThrow();
        assertThat(tcp.tcpStream()).isZero();
        assertThat(tcp.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(tcp.serverHello().frame()).isEqualTo(12);
    }

    @Test
    void theServerRecordSaysSoToo() throws IOException {
        ServerRecord server = analyze().servers().get(0);
        assertThat(server.server().toString()).isEqualTo("10.231.0.2:443");
        assertThat(server.differences()).anySatisfy(d -> {
            assertThat(d.factor()).isEqualTo("goes over QUIC (UDP)");
            assertThat(d.failedWith()).isEqualTo(1);
            assertThat(d.completedWithout()).isEqualTo(1);
            assertThat(d.finding()).startsWith("UDP 443 is blocked on the path; HTTP/3 fell back to TCP");
        });
    }
}
