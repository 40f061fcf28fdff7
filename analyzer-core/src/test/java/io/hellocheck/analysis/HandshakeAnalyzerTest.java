package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Outcome rules of CONTRACT.md on small hand-made captures. */
class HandshakeAnalyzerTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    /** A TLS 1.2 ClientHello record offering one suite, no extensions. */
    static byte[] clientHelloRecord() {
        byte[] body = Packets.concat(Packets.hex("0303"), new byte[32], Packets.hex("00" + "0002c02f" + "0100"));
        byte[] hs = Packets.concat(new byte[] {1, 0, 0, (byte) body.length}, body);
        return Packets.concat(new byte[] {22, 3, 1, 0, (byte) hs.length}, hs);
    }

    static CaptureResult analyze(Consumer<TcpFlow> story) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            story.accept(w.tcp("10.0.0.1", 50000, "10.0.0.2", 443));
        }
        return HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
    }

    @Test
    void aOneSidedCaptureIsInconclusiveEvenWhenTheClientClosesFirst() throws IOException {
        CaptureResult r = analyze(f -> f.syn(T0).ack(T0 + 10 * MS).clientData(T0 + 20 * MS, clientHelloRecord())
                .clientAck(T0 + 50 * MS).clientRst(T0 + 11_000 * MS));
        assertThat(r.connections()).hasSize(1);
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(c.outcomeReason()).contains("one-sided");
        assertThat(c.closedBy()).isNotNull();
    }

    @Test
    void aServerFinCapturedBeforeTheBytesItFollowsWaitsForThem() throws IOException {
        byte[] http = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        CaptureResult r = analyze(f -> {
            f.syn(T0).synAck(T0 + 5 * MS).ack(T0 + 10 * MS).clientData(T0 + 20 * MS, clientHelloRecord());
            long s = f.serverNext();
            long c = f.clientNext();
            f.segment(TcpFlow.Dir.SERVER, s + http.length, c, Packets.FIN | Packets.ACK, new byte[0], T0 + 30 * MS)
                    .segment(TcpFlow.Dir.SERVER, s, c, Packets.PSH | Packets.ACK, http, T0 + 31 * MS)
                    .segment(TcpFlow.Dir.CLIENT, c, s + http.length + 1, Packets.FIN | Packets.ACK, new byte[0],
                            T0 + 40 * MS);
        });
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NON_TLS_RESPONSE);
        assertThat(c.closedBy().how()).isEqualTo("FIN");
    }

    @Test
    void aServerThatOnlyAcksUntilTheClientGivesUpIsNoResponse() throws IOException {
        CaptureResult r = analyze(f -> f.syn(T0).synAck(T0 + 5 * MS).ack(T0 + 10 * MS)
                .clientData(T0 + 20 * MS, clientHelloRecord()).serverAck(T0 + 25 * MS).clientFin(T0 + 2_020 * MS));
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
    }

    @Test
    void anAckCarriedByTheServerHelloIsTheAckOfTheClientHello() throws IOException {
        // zeek's pppoe-over-qinq.pcap as tshark shows it: the server's first data segment (frame 5) carries
        // Ack=518, the ClientHello's end; its first lone ACK (frame 19) acknowledges the client's second flight,
        // a second later. Here: ClientHello frame 4, ServerHello frame 5 acknowledging it, the client's
        // ChangeCipherSpec frame 6, the server's lone ACK of it frame 7, the server's FIN frame 8
        byte[] sh = HandshakeDepthTest.record(22, HandshakeDepthTest.serverHello(0x0303, 0xc02f, new byte[32],
                new byte[0]));
        CaptureResult r = analyze(f -> f.syn(T0).synAck(T0 + 5 * MS).ack(T0 + 10 * MS)
                .clientData(T0 + 20 * MS, clientHelloRecord()).serverData(T0 + 30 * MS, sh)
                .clientData(T0 + 40 * MS, HandshakeDepthTest.ccs()).serverAck(T0 + 1_040 * MS)
                .serverFin(T0 + 1_050 * MS));
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.evidence()).extracting(Evidence::what).doesNotContain("server ACKed the ClientHello");
    }

    @Test
    void aLoneAckBeforeTheServersAnswerIsTheAckOfTheClientHello() throws IOException {
        CaptureResult r = analyze(f -> f.syn(T0).synAck(T0 + 5 * MS).ack(T0 + 10 * MS)
                .clientData(T0 + 20 * MS, clientHelloRecord()).serverAck(T0 + 25 * MS).serverFin(T0 + 30 * MS));
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.SERVER_CLOSED);
        assertThat(c.evidence()).filteredOn(e -> e.what().equals("server ACKed the ClientHello"))
                .extracting(Evidence::frame).containsExactly(5L);
    }

    @Test
    void aWarningUnrecognizedNameFollowedByACloseIsTheServersAnswer() throws IOException {
        // RFC 6066 section 3: a server that does not recognize the name either aborts with a fatal
        // unrecognized_name(112) or goes on with the handshake; this one sends the warning, then its FIN
        CaptureResult r = analyze(f -> f.syn(T0).synAck(T0 + 5 * MS).ack(T0 + 10 * MS)
                .clientData(T0 + 20 * MS, HandshakeDepthTest.tls12Hello())
                .serverData(T0 + 25 * MS, HandshakeDepthTest.alert(1, 112)).serverFin(T0 + 26 * MS));
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(c.outcomeReason()).contains("a warning unrecognized_name alert (112)").contains("closed (FIN)")
                .doesNotContain("could be read");
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.SNI_PROBLEM);
        assertThat(top.explanation()).contains("www.example.com").contains("warning unrecognized_name");
    }

    @Test
    void aWarningUnrecognizedNameFollowedByAServerHelloDoesNotDecide() throws IOException {
        // the other way RFC 6066 allows: the handshake goes on after the warning
        byte[] sh = HandshakeDepthTest.record(22, HandshakeDepthTest.serverHello(0x0303, 0xc02f, new byte[32],
                new byte[0]));
        CaptureResult r = analyze(f -> f.syn(T0).synAck(T0 + 5 * MS).ack(T0 + 10 * MS)
                .clientData(T0 + 20 * MS, HandshakeDepthTest.tls12Hello())
                .serverData(T0 + 25 * MS, Packets.concat(HandshakeDepthTest.alert(1, 112), sh))
                .clientData(T0 + 30 * MS, HandshakeDepthTest.ccs()).serverData(T0 + 35 * MS, HandshakeDepthTest.ccs())
                .serverFin(T0 + 40 * MS));
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aConnectionEvictedInsideItsClientHelloStillGetsItsRecord() throws IOException {
        byte[] hello = clientHelloRecord();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                    .clientData(T0 + 3 * MS, java.util.Arrays.copyOf(hello, 20));
            w.tcp("10.0.0.1", 50001, "10.0.0.2", 443).syn(T0 + 4 * MS);
        }
        CaptureResult r = HelloCheck.builder()
                .tcpOptions(new io.hellocheck.tcp.TcpOptions(1, 1024, 300_000_000_000L, 60_000_000_000L))
                .build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
        ConnectionRecord evicted = r.connections().stream().filter(c -> c.tcpStream() == 0).findFirst().orElseThrow();
        assertThat(evicted.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(evicted.outcomeReason()).contains("evicted at the connection cap");
        assertThat(r.summary().evictedConnections()).isEqualTo(1);
    }
}
