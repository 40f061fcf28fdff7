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
}
