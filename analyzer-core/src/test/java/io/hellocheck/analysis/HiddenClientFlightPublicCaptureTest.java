package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.HelloCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A TLS 1.2 full handshake whose client ChangeCipherSpec the capture does not show, answered by the server's:
 * in a full handshake the server sends its ChangeCipherSpec and Finished only after the client's Finished
 * (RFC 5246 section 7.3, figure 1), so the handshake completed; the server's FIN after the exchange of
 * application data is not a rejection.
 */
@Tag("public-captures")
class HiddenClientFlightPublicCaptureTest {
    private final Path corpus = Paths.get(System.getProperty("hellocheck.shared", "../shared"))
            .resolve("captures").resolve("public");

    @Test
    void aServerChangeCipherSpecAfterAnUnreadableClientRecordCompletesAFullHandshake() throws IOException {
        // tshark -r tls1.2-late-protocol-error.pcap: frame 8 Certificate, Server Hello Done (a full handshake);
        // frame 10 from the client shows only "Client Key Exchange": the next record's header reads 14 ffff ff01,
        // a ChangeCipherSpec with a broken version and length; frame 11 from the server "Change Cipher Spec,
        // Encrypted Handshake Message"; then application data records from the client (frames 13 and 15, 17 03 03)
        // and the server (frames 16 and 18), and the server's FIN in frame 18
        ConnectionRecord r = HelloCheck.builder().build()
                .analyze(corpus.resolve("zeek/Traces/tls/tls1.2-late-protocol-error.pcap")).connections().get(0);
        assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.serverHello().frame()).isEqualTo(5);
        assertThat(r.evidence()).filteredOn(e -> e.what().startsWith("the client's ChangeCipherSpec is not in the "
                + "capture")).extracting(Evidence::frame).containsExactly(11L);
    }
}
