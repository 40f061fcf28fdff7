package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.HelloCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The public captures of issue 13, point 1, where the client ends the handshake after the ServerHello: the
 * diagnosis blames the client's side and names what explains it. The facts each expectation rests on are read
 * from tshark's rows beside each capture (*.tshark.tsv), and, where tshark does not decode the flight, Zeek's
 * ssl.log beside it.
 */
@Tag("public-captures")
class ClientRejectionPublicCapturesTest {
    private final Path corpus = Paths.get(System.getProperty("hellocheck.shared", "../shared"))
            .resolve("captures").resolve("public");

    /** tshark's row for {@code stream} of {@code capture}, by column name. */
    private Map<String, String> tshark(String capture, int stream) throws IOException {
        List<String> lines = Files.readAllLines(corpus.resolve(capture + ".tshark.tsv"), StandardCharsets.UTF_8);
        String[] header = lines.get(0).split("\t", -1);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            if (cells[0].equals(String.valueOf(stream))) {
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], cells[i]);
                }
                return row;
            }
        }
        throw new AssertionError("no tshark row for tcp.stream " + stream + " of " + capture);
    }

    private ConnectionRecord record(String capture, int stream) throws IOException {
        for (ConnectionRecord r : HelloCheck.builder().build().analyze(corpus.resolve(capture)).connections()) {
            if (r.tcpStream() == stream) {
                assertThat(r.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
                assertThat(r.diagnosis()).extracting(Finding::cause)
                        .doesNotContain(Cause.SERVER_REJECTED_CLIENT_HELLO);
                return r;
            }
        }
        throw new AssertionError("no record of tcp.stream " + stream + " in " + capture);
    }

    @Test
    void aClientThatSentItsFinishedAndClosedDroppedTheConnection() throws IOException {
        String capture = "pcapplusplus/ExamplesTest/pcap_examples/tls.pcap";
        Map<String, String> row = tshark(capture, 1);
        // tshark: ServerHello seen, no alert, FINs from both sides; its Info column shows frame 17 from the
        // client as "Client Key Exchange, Change Cipher Spec, Encrypted Handshake Message"
        assertThat(row).containsEntry("server_hello_seen", "yes").containsEntry("alert_description", "none")
                .containsEntry("fin_seen", "yes(client+server)");
        ConnectionRecord r = record(capture, 1);
        assertThat(r.closedBy().side()).isEqualTo(io.hellocheck.tcp.Side.CLIENT);
        assertThat(r.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_ABANDONED_HANDSHAKE);
        // the finding cites the ServerHello (tshark's first_sh_frame 11, not frame 15's ServerHelloDone) and the
        // client's FIN (tshark -Y "tcp.flags.fin==1": frame 20 from port 55305; the server's is frame 24)
        assertThat(r.diagnosis().get(0).evidence()).extracting(Evidence::frame)
                .containsExactly(Long.parseLong(row.get("first_ch_frame")), Long.parseLong(row.get("first_sh_frame")),
                        20L);
    }

    @Test
    void aTls13ClientThatSentItsFinishedAndClosedDroppedTheConnection() throws IOException {
        // tshark -r tls13_wolfssl.pcap: ServerHello (TLS_AES_256_GCM_SHA384) frame 6, the server's encrypted flight
        // frames 8-14; the client's records of 69 bytes (a SHA-384 Finished: 4 + 48 + 1 + 16) frame 16 and 117
        // bytes frame 17 with its FIN; the server only ACKs, then its FIN 10 s later
        String capture = "zeek/Traces/tls/tls13_wolfssl.pcap";
        assertThat(tshark(capture, 0)).containsEntry("server_hello_seen", "yes")
                .containsEntry("alert_description", "none").containsEntry("fin_seen", "yes(client+server)");
        ConnectionRecord r = record(capture, 0);
        assertThat(r.closedBy().side()).isEqualTo(io.hellocheck.tcp.Side.CLIENT);
        assertThat(r.closedBy().frame()).isEqualTo(17);
        assertThat(r.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_ABANDONED_HANDSHAKE);
        // tshark: the client's ChangeCipherSpec and a 53-byte record (a SHA-256 Finished) frame 14, its FIN frame
        // 15, then the server's records and FIN and the client's RSTs
        String chrome = "zeek/Traces/tls/tls13draft23-chrome67.0.3368.0-canary.pcap";
        assertThat(tshark(chrome, 0)).containsEntry("server_hello_seen", "yes")
                .containsEntry("alert_description", "none");
        ConnectionRecord c = record(chrome, 0);
        assertThat(c.closedBy().frame()).isEqualTo(15);
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_ABANDONED_HANDSHAKE);
    }

    @Test
    void aClientThatClosedAfterAHugeCertificateRejectedTheChain() throws IOException {
        String capture = "zeek/Traces/tls/tls-fragmented-handshake.pcap.gz";
        Map<String, String> row = tshark(capture, 0);
        assertThat(row).containsEntry("server_hello_seen", "yes").containsEntry("alert_description", "none")
                .containsEntry("fin_seen", "yes(client+server)");
        // Zeek's ssl.log: established F, history Csxkn (no client key exchange after the server's flight);
        // tshark does not reassemble the 339629-byte Certificate message (TlsDepthPublicCapturesTest)
        String ssl = Files.readString(corpus.resolve(capture + ".zeek.scripts.base.protocols.ssl.fragment.ssl.log"));
        assertThat(ssl).contains("\tF\tCsxkn\t");
        ConnectionRecord r = record(capture, 0);
        Finding top = r.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
        assertThat(top.explanation()).contains("very large certificate chain");
        // tshark -Y "tls.handshake || tcp.flags.fin==1": Client Hello frame 4, Server Hello frame 6, the client's
        // FIN frame 414 (port 61454), the server's frame 415
        assertThat(top.evidence()).extracting(Evidence::frame).containsExactly(4L, 6L, 414L);
    }

    @Test
    void aClientThatSentItsClientHelloTwiceIsNamed() throws IOException {
        String capture = "suricata-verify/tests/tls-duplicate-hello/input.pcap";
        Map<String, String> row = tshark(capture, 1);
        // tshark: two ClientHellos, no HelloRetryRequest, a RST from the client
        assertThat(row).containsEntry("ch_count", "2").containsEntry("hrr_seen", "no")
                .containsEntry("rst_seen", "yes(client)");
        ConnectionRecord r = record(capture, 1);
        Finding top = r.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_HELLO);
        assertThat(top.explanation()).contains("second ClientHello (frame 9)");
    }
}
