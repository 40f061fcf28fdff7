package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.HelloCheck;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our lab's captures (three network namespaces, nginx 1.22 and Node.js 20 servers, curl clients, an nftables rule in
 * the middle namespace dropping one direction after a packet count; captured on the client's or the server's side
 * with tcpdump). The expected frames, byte counts and times are tshark's ({@code tshark -r FILE -T fields -e
 * frame.number -e frame.time_relative -e tcp.stream -e tcp.flags.str -e tcp.seq -e tcp.ack -e tcp.len -e
 * tls.record.length}), the failures what curl printed.
 */
class LabPathLossTest {
    private static List<ConnectionRecord> records(String name) throws IOException {
        try (InputStream in = LabPathLossTest.class.getResourceAsStream("/io/hellocheck/analysis/lab/" + name)) {
            return HelloCheck.builder().build().analyze(in, name).connections();
        }
    }

    private static ConnectionRecord stream(List<ConnectionRecord> records, int stream) {
        return records.stream().filter(r -> r.tcpStream() == stream).findFirst().orElseThrow();
    }

    /**
     * mid-drops-server-after-flight.pcap, tcp.stream 0: the middle namespace drops the server's packets after its
     * first data segment. tshark: frame 6, the server's 1448 bytes without PSH, records of 122, 1, 36, 921 and 281
     * bytes (plus 5-byte headers: 1386 bytes), so the last 62 bytes are the start of a record (TLS_AES_256_GCM_SHA384's
     * Finished: 4 + 48 + 1 + 16 = 69 bytes, 74 with its header, RFC 8446 sections 4.4.4, 5.2); frame 7, the client's
     * ACK 1449 (all of it); frame 8, the client's FIN at 6.001320 s, 5.998 s after frame 6 (0.003748 s); curl printed
     * "(28) Connection timed out after 6001 milliseconds". The outcome stays the contract's (a FIN after the
     * ServerHello); the cause is the lost end of the flight, not a rejection.
     */
    @Test
    void aServerFlightCutInItsLastRecordIsLostNotRejected() throws IOException {
        ConnectionRecord r = stream(records("mid-drops-server-after-flight.pcap"), 0);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(r.outcomeReason()).contains("middle of a record (frame 6)").contains("waited 5.998 s");
        assertThat(r.evidence()).anySatisfy(e -> {
            assertThat(e.frame()).isEqualTo(6);
            assertThat(e.what()).startsWith(ServerFlightCut.EVIDENCE).contains("62 of this record's 74 bytes");
        });
        assertThat(r.diagnosis()).extracting(Finding::cause).containsExactly(Cause.SERVER_FLIGHT_LOST)
                .doesNotContain(Cause.CLIENT_REJECTED_SERVER_HELLO);
        assertThat(r.diagnosis().get(0).evidence()).extracting(Evidence::frame).containsExactly(6L, 6L, 8L);
    }

    /**
     * mid-drops-client-after-hello.pcap: the middle namespace drops the client's packets after its third (SYN, ACK,
     * ClientHello); curl printed "(28) Operation timed out after 6001 milliseconds with 0 bytes received" (TLS 1.3)
     * and "Connection timed out after 6001 milliseconds" (TLS 1.2). tshark, tcp.stream 1: 7 ClientHello, 8 the
     * server's ACK 518, 13-15 the client's CCS, Finished and request, then the server's flight again with Ack=518
     * ("TCP Spurious Retransmission", 19 ... 60) and the client's flight again (21 ... 62); tcp.stream 2 (TLS 1.2): 34
     * ClientHello, 38 ClientKeyExchange, CCS, Finished, the server's flight again with Ack=223. No alert, RST or FIN:
     * CONTRACT.md keeps INCONCLUSIVE, the capture does not end there.
     */
    @Test
    void aClientFlightTheServerNeverAcknowledgedWhileBothResentIsLostOnThePath() throws IOException {
        List<ConnectionRecord> records = records("mid-drops-client-after-hello.pcap");
        for (long[] streamAndFlight : new long[][] {{1, 13}, {2, 38}}) {
            ConnectionRecord r = stream(records, (int) streamAndFlight[0]);
            assertThat(r.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
            assertThat(r.outcomeReason()).startsWith(FlightNeverAcked.CLIENT_FLIGHT)
                    .contains("(frame " + streamAndFlight[1] + ",").contains("did not reach the server");
            assertThat(r.diagnosis()).extracting(Finding::cause).containsExactly(Cause.CLIENT_FLIGHT_LOST);
            assertThat(r.diagnosis().get(0).confidence()).isEqualTo(Finding.Confidence.HIGH);
        }
    }

    /**
     * srvside-client-lost-after-hello.pcap, the same rule captured in the server's namespace: tshark, tcp.stream 0: 4
     * ClientHello, 5 the server's ACK, 6 and 7 its flight, nothing from the client again, the server's flight again in
     * 8, 9, 10, 11, 12, 20, 26 (to 13.09 s). Either direction may be the lost one: both are named, neither is the
     * capture's fault.
     */
    @Test
    void aClientSilentAfterItsHelloWhileTheServerResendsIsAPathLossSeenFromTheServer() throws IOException {
        ConnectionRecord r = stream(records("srvside-client-lost-after-hello.pcap"), 0);
        assertThat(r.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(r.outcomeReason()).startsWith(FlightNeverAcked.CLIENT_SILENT);
        assertThat(r.diagnosis()).extracting(Finding::cause)
                .containsExactly(Cause.CLIENT_FLIGHT_LOST, Cause.SERVER_FLIGHT_LOST);
    }

    /**
     * node-server-mtls-untrusted-client.pcap, tcp.stream 0 (TLS 1.3, no key log): Node.js 20 {@code
     * https.createServer} with {@code requestCert} and {@code rejectUnauthorized}, curl with a self-signed client
     * certificate printed "(52) Empty reply from server". tshark: frame 10, the client's CCS and encrypted records of
     * 854, 281 and 69 bytes (decrypted with the key log: Certificate, CertificateVerify, Finished); frame 11 the
     * server's FIN. A Finished's record under TLS_AES_256_GCM_SHA384 is 69 bytes (RFC 8446 sections 4.4.4, 5.2), and a
     * client sends a Certificate only when asked (section 4.4.2).
     */
    @Test
    void aTls13ClientFlightOpeningWithACertificateSizedRecordThenTheServersCloseIsARejectedCertificate()
            throws IOException {
        ConnectionRecord r = stream(records("node-server-mtls-untrusted-client.pcap"), 0);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(r.evidence()).anySatisfy(e -> {
            assertThat(e.frame()).isEqualTo(10);
            assertThat(e.what()).startsWith(ClientCertificateSent.EVIDENCE).contains("854 bytes")
                    .contains("a Finished's is 69");
        });
        assertThat(r.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_CERTIFICATE_REQUIRED);
        assertThat(r.diagnosis().get(0).evidence()).extracting(Evidence::frame).contains(10L, 11L);
    }

    /**
     * mid-drops-server-after-handshake.pcap, tcp.stream 0 (TLS 1.3): the middle namespace drops the server's packets
     * of more than 100 bytes after its fourth; curl printed "(28) Operation timed out after 6001 milliseconds with 0
     * bytes received". tshark: frames 10-12 the client's flight and request; 13 the server's ACK at Seq=2097 and 14 its
     * 40-byte record at Seq=2185, both "TCP Previous segment not captured"; 15 the client's ACK stays at 1461 (SACK
     * 2185-2225): 2185 - 1461 = 724 bytes never reached the client; 16 the client's FIN at 6.001888 s, 5.987 s after
     * frame 14 (0.014802 s).
     */
    @Test
    void serverBytesAfterAHoleTheClientNeverAcknowledgedAreLostNotAnAbandonedHandshake() throws IOException {
        ConnectionRecord r = stream(records("mid-drops-server-after-handshake.pcap"), 0);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(r.evidence()).anySatisfy(e -> {
            assertThat(e.frame()).isEqualTo(14);
            assertThat(e.what()).startsWith(ServerFlightCut.HOLE).contains("724 bytes").contains("waited 5.987 s");
        });
        assertThat(r.diagnosis()).extracting(Finding::cause).containsExactly(Cause.SERVER_FLIGHT_LOST)
                .doesNotContain(Cause.CLIENT_ABANDONED_HANDSHAKE);
    }

    /**
     * sample-captures/server-closed.pcap (the repository's own): tshark: frame 6 the server's FIN after the
     * ClientHello, frame 8 the client's Alert (Level: Fatal, Description: Decode Error), which OpenSSL 3 sends when
     * the stream ends in the middle of the handshake ("unexpected eof while reading").
     */
    @Test
    void anAlertAfterThePeersCloseSaysItAnswersTheClose() throws IOException {
        ConnectionRecord r = HelloCheck.builder().build()
                .analyze(java.nio.file.Path.of("../sample-captures/server-closed.pcap")).connections().get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_CLOSED);
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.frame()).isEqualTo(8);
            assertThat(a.description()).isEqualTo(50);
            assertThat(a.meaning()).startsWith("Sent after the server's FIN (frame 6): it answers that close")
                    .contains("unexpected eof");
        });
    }
    /**
     * alertdrop-client.pcap (breaker4's lab, scripts/case_alertdrop.sh: Python 3 ssl TLS 1.2-only server, TLS
     * 1.3-only Python client with a 5 s timeout, the middle namespace dropping the server's 59-byte packets, i.e. its
     * 7-byte alert; captured on the client's side). tshark: frame 4 the ClientHello at 0.000495 s, frame 6 the
     * server's FIN at 0.024574 s with Seq=8 (7 bytes never seen), frame 8 the client's FIN at 5.004342 s with Ack=1;
     * the client printed {@code TimeoutError}. The first close is the server's, 0.024 s after the ClientHello.
     */
    @Test
    void aServerFinBeforeTheClientsIsTimedFromItsOwnFrame() throws IOException {
        ConnectionRecord r = stream(records("alertdrop-client.pcap"), 0);
        assertThat(r.outcome()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(r.closedBy().frame()).isEqualTo(6);
        assertThat(r.outcomeReason()).endsWith("until the server closed the connection (FIN) 0.024 s after the "
                + "ClientHello.").doesNotContain("5.004 s");
    }
    /**
     * srvside-drop12.pcap (breaker4's lab, scripts/case_srvside_drop12.sh: the middle namespace drops the server's
     * packets longer than 200 bytes; Python 3 ssl server limited to TLS 1.2, curl given the CA; captured on the
     * server's side). tshark: frame 6 "Server Hello, Certificate, Server Key Exchange, Server Hello Done" at
     * 0.006172 s, 1989 bytes; frames 7-11 "[TCP Retransmission]" (541 + 4 x 1448 = 6333 bytes); frame 12 the client's
     * FIN, ACK with Ack=1 at 6.000481 s. curl printed "(28) Connection timed out after 6000 milliseconds": the client
     * never got the certificate, so no certificate cause may be named.
     */
    @Test
    void aServerFlightTheClientNeverAcknowledgedIsLostNotRejected() throws IOException {
        ConnectionRecord r = stream(records("srvside-drop12.pcap"), 0);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(r.closedBy().frame()).isEqualTo(12);
        assertThat(r.outcomeReason()).contains("the server's flight never reached the client");
        assertThat(r.evidence()).anySatisfy(e -> {
            assertThat(e.frame()).isEqualTo(12);
            assertThat(e.what()).startsWith(ServerFlightCut.UNACKED).contains("1989 bytes")
                    .contains("6333 bytes resent").contains("waited 5.994 s");
        });
        assertThat(r.diagnosis()).extracting(Finding::cause).containsExactly(Cause.SERVER_FLIGHT_LOST);
        assertThat(r.diagnosis().get(0).confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(r.diagnosis().get(0).nextStep()).contains("path from the server to the client");
    }
}
