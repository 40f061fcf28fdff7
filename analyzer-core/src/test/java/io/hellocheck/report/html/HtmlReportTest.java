package io.hellocheck.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Ladders of hand-made captures (the test-side capture writer) whose frames are known by construction: a reset
 * injected on the path, a ClientHello over two segments of which the server ACKed the first.
 */
class HtmlReportTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    /**
     * A TLS 1.2 ClientHello record (RFC 5246 7.4.1.2) offering {@code suite}, padded by a padding extension
     * (RFC 7685) of {@code pad} bytes.
     */
    private static byte[] clientHello(int suite, int pad) {
        byte[] ext = pad == 0 ? new byte[0] : Packets.concat(new byte[] {0, 21, (byte) (pad >> 8), (byte) pad},
                new byte[pad]);
        byte[] body = Packets.concat(Packets.hex("0303"), new byte[32], new byte[] {0, 0, 2, (byte) (suite >> 8),
                (byte) suite}, Packets.hex("0100"), ext.length == 0 ? new byte[0]
                : Packets.concat(new byte[] {(byte) (ext.length >> 8), (byte) ext.length}, ext));
        return record(22, Packets.concat(new byte[] {1, 0, (byte) (body.length >> 8), (byte) body.length}, body));
    }

    private static byte[] serverHello(int suite) {
        byte[] body = Packets.concat(Packets.hex("0303"), new byte[32], new byte[] {0, (byte) (suite >> 8),
                (byte) suite, 0});
        return record(22, Packets.concat(new byte[] {2, 0, (byte) (body.length >> 8), (byte) body.length}, body));
    }

    private static byte[] record(int type, byte[] body) {
        return Packets.concat(new byte[] {(byte) type, 3, 3, (byte) (body.length >> 8), (byte) body.length}, body);
    }

    /** The page of one hand-made capture, as the CLI would write it. */
    private static Document page(Consumer<CaptureWriter> story) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            story.accept(w);
        }
        CaptureResult result = HelloCheck.builder().build()
                .analyze(new ByteArrayInputStream(out.toByteArray()), "t.pcap");
        HtmlReport report = new HtmlReport("hellocheck test");
        report.captureStarted("t.pcap");
        for (ConnectionRecord r : result.connections()) {
            report.connection(r);
        }
        report.captureEnded(result, null);
        long failed = result.connections().stream().filter(ConnectionRecord::failed).count();
        BatchSummary summary = new BatchSummary(1, 0, 0, 0, result.summary().frames(), result.summary().bytes(),
                result.summary().tcpConnections(), result.connections().size(), failed,
                Map.of(Outcome.SERVER_RESET, failed), List.of(), 0, "ja4", List.of(), 0, 0, List.of(), 0);
        StringWriter html = new StringWriter();
        report.write(summary, html);
        return Jsoup.parse(html.toString());
    }

    @Test
    void aResetInjectedOnThePathComesFromThePath() throws IOException {
        // frames: 1 SYN, 2 SYN-ACK (TTL 52), 3 ACK, 4 ClientHello, 5 RST with TTL 61 after 1 ms (the round trip is
        // 20 ms), 6 the real ServerHello (TTL 52)
        Document doc = page(w -> {
            TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).serverTtl(52).syn(T0).synAck(T0 + 20 * MS)
                    .ack(T0 + 21 * MS).clientData(T0 + 22 * MS, clientHello(0xc02f, 0));
            f.serverTtl(61).serverRst(T0 + 23 * MS);
            f.serverTtl(52).serverData(T0 + 42 * MS, serverHello(0xc02f));
        });
        Element ladder = doc.selectFirst("details.record.failed svg.ladder");
        assertThat(ladder.select("g.arrow.injected")).hasSize(1);
        Element rst = ladder.selectFirst("g.arrow.injected");
        assertThat(rst.selectFirst("text.frame").text()).isEqualTo("frame 5");
        assertThat(rst.selectFirst("text.time").text()).isEqualTo("+23.000 ms");
        assertThat(rst.selectFirst("line").attr("x1")).isEqualTo(String.valueOf(LadderLayout.PATH_X));
        assertThat(rst.selectFirst("line").attr("x2")).isEqualTo(String.valueOf(LadderLayout.CLIENT_X));
        assertThat(rst.select("circle.path-origin")).hasSize(1);
        assertThat(rst.selectFirst("text.label").text()).endsWith("(likely injected on the path)");
        assertThat(doc.select("ul.legend li").text()).contains("injected on the path");
        // the real ServerHello stays an arrow from the server
        Element serverHello = ladder.selectFirst("g.arrow.server-hello");
        assertThat(serverHello.selectFirst("text.frame").text()).isEqualTo("frame 6");
        assertThat(serverHello.selectFirst("line").attr("x1")).isEqualTo(String.valueOf(LadderLayout.SERVER_X));
        assertThat(doc.selectFirst("details.record").attr("data-causes")).startsWith("injected_reset");
    }

    @Test
    void aClientHelloOverTwoSegmentsAckedInPart() throws IOException {
        byte[] hello = clientHello(0x1301, 1800);
        byte[] first = Arrays.copyOfRange(hello, 0, 1000);
        byte[] second = Arrays.copyOfRange(hello, 1000, hello.length);
        // frames: 1 SYN, 2 SYN-ACK, 3 ACK, 4 first segment, 5 the server's ACK of it, 6 second segment, 7 RST
        Document doc = page(w -> {
            TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS);
            f.clientData(T0 + 3 * MS, first);
            f.serverAck(T0 + 4 * MS);
            f.clientData(T0 + 5 * MS, second);
            long s = f.serverNext();
            long ackOfFirst = (f.clientNext() - second.length) & 0xffffffffL;
            f.segment(TcpFlow.Dir.SERVER, s, ackOfFirst, Packets.RST | Packets.ACK, new byte[0], T0 + 6 * MS);
        });
        Element r = doc.selectFirst("details.record.failed");
        Element hello1 = r.selectFirst("svg.ladder g.arrow.client-hello");
        assertThat(hello1.selectFirst("text.frame").text()).isEqualTo("frame 4");
        // the record's length counts the handshake message: the record less its 5-byte header
        String label = hello1.selectFirst("text.label").text();
        assertThat(label).contains((hello.length - 5) + " bytes").contains("2 segments");
        assertThat(label.indexOf("segment")).as("segments said once").isEqualTo(label.lastIndexOf("segment"));
        assertThat(r.select("ul.tcp li").eachText())
                .contains("the server ACKed only part of the ClientHello: frames 4 ACKed, 6 not");
        assertThat(r.select("svg.ladder g.arrow.rst text.frame").eachText()).containsExactly("frame 7");
    }

    @Test
    void whatTheServerSentIsTextNotMarkup() throws IOException {
        // frames: 1 SYN, 2 SYN-ACK, 3 ACK, 4 ClientHello, 5 the server's answer: markup instead of TLS
        Document doc = page(w -> w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, clientHello(0xc02f, 0))
                .serverData(T0 + 4 * MS, "<script>alert(1)</script>\r\n".getBytes(StandardCharsets.US_ASCII))
                .serverFin(T0 + 5 * MS));
        assertThat(doc.select("script")).hasSize(1);
        Element record = doc.selectFirst("details.record");
        assertThat(record.attr("data-outcome")).isEqualTo("NON_TLS_RESPONSE");
        assertThat(record.select("svg.ladder g.arrow text.label").eachText()).anyMatch(t -> t.contains("<script>"));
    }

    @Test
    void aPageShowsAtMostItsBoundOfFailedHandshakesAndSaysHowManyItLeftOut() throws IOException {
        int connections = HtmlReport.MAX_FAILED + 3;
        Document doc = page(w -> {
            for (int i = 0; i < connections; i++) {
                long t = T0 + i * 10 * MS;
                w.tcp("10.0.0.1", 20000 + i, "10.0.0.2", 443).syn(t).synAck(t + MS).ack(t + 2 * MS)
                        .clientData(t + 3 * MS, clientHello(0xc02f, 0)).serverRst(t + 4 * MS);
            }
        });
        assertThat(doc.select("details.record.failed")).hasSize(HtmlReport.MAX_FAILED);
        assertThat(doc.select("section.capture > p.muted").last().text()).startsWith("3 more connection records");
        // the top still counts them all
        assertThat(doc.select("#outcome-counts li").text()).isEqualTo("SERVER_RESET " + connections);
    }
}
