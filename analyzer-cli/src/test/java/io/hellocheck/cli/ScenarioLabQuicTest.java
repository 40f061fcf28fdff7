package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.analysis.Cause;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.decrypt.KeyLog;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The scenario lab's QUIC captures (Kwik 0.9.1 client and server, scenarios/generate.sh) read without keys (and with
 * the client's key log where said), against
 * what tshark 4.0.17 shows in them with the clients' key logs (scenarios/keys/): {@code quic.long.packet_type},
 * {@code quic.header_form}, {@code quic.packet_length}, {@code quic.frame_type}, {@code quic.cc.error_code},
 * {@code quic.supported_version}, {@code tls.handshake.type}.
 */
class ScenarioLabQuicTest {

    private static ConnectionRecord flow(String file, int udpStream) throws IOException {
        return flow(HelloCheck.builder(), file, udpStream);
    }

    private static ConnectionRecord flow(HelloCheck.Builder b, String file, int udpStream) throws IOException {
        return b.build().analyze(ScenarioLabTest.lab().resolve(file)).connections().stream()
                .filter(c -> c.udp() != null && c.udp().udpStream() == udpStream).findFirst().orElseThrow();
    }

    private static Evidence evidence(ConnectionRecord r, String prefix) {
        return r.evidence().stream().filter(e -> e.what().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void aClientThatClosesInHandshakePacketsFailedAfterTheServerHello() throws IOException {
        // tshark: ServerHello in frame 2 (Initial coalesced with Handshake), the client's Handshake packets after the
        // server's from frame 8 (quic.packet_length 46, 48, 48, 111), the client's CONNECTION_CLOSE in frame 13
        // (decrypted: quic.cc.error_code 298 = 0x100 + bad_certificate 42), the server's last packet in frame 14
        // (a Handshake packet), no short-header packet from either side
        ConnectionRecord r = flow("quic-client-rejects-unknown-ca.pcap", 0);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(r.serverHello().frame()).isEqualTo(2);
        assertThat(evidence(r, "Handshake packet from client").frame()).isEqualTo(8);
        assertThat(r.outcomeReason()).contains("after its last (frame 14)").contains("the largest 111 bytes");
        assertThat(r.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
    }

    @Test
    void withTheKeyLogTheClientsConnectionCloseInAHandshakePacketIsRead() throws IOException {
        // tshark with the key log: frame 13, a Handshake packet from the client, quic.frame_type 28
        // (CONNECTION_CLOSE), quic.cc.error_code 298 (0x100 + bad_certificate 42), reason phrase "unable to find
        // valid certification path to requested target", as the Kwik client printed
        String file = "quic-client-rejects-unknown-ca.pcap";
        KeyLog keys = KeyLog.parse(Files.readAllBytes(ScenarioLabTest.lab().resolve("keys").resolve(file + ".keys")));
        ConnectionRecord r = flow(HelloCheck.builder().keyLog(keys), file, 0);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(r.alert().from()).isEqualTo(Side.CLIENT);
        assertThat(r.alert().description()).isEqualTo(42);
        assertThat(r.alert().frame()).isEqualTo(13);
        assertThat(r.alert().decrypted()).isTrue();
        assertThat(r.udp().connectionClose().errorCode()).isEqualTo(298);
        assertThat(r.udp().connectionClose().reason()).isEqualTo("unable to find valid certification path to "
                + "requested target");
        assertThat(r.diagnosis().get(0).cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
    }

    @Test
    void theSameServerCompletesWithAClientThatTrustsItsCertificate() throws IOException {
        // tshark: ServerHello frame 16, the server's HANDSHAKE_DONE (quic.frame_type 30) in a 1-RTT packet, frame 25
        ConnectionRecord r = flow("quic-client-rejects-unknown-ca.pcap", 1);
        assertThat(r.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(r.serverHello().frame()).isEqualTo(16);
        assertThat(r.diagnosis()).isEmpty();
    }

    @Test
    void aVersionNegotiationTheClientDoesNotFollowIsAVersionMismatch() throws IOException {
        // tshark: the client's Initial in frame 1 is version 0x6b3343cf (QUIC version 2, RFC 9369), the server's
        // Version Negotiation in frame 2 lists quic.supported_version 0x00000001 twice, no client Initial after it
        ConnectionRecord r = flow("quic-version-negotiation.pcap", 0);
        assertThat(r.outcome()).isEqualTo(Outcome.SERVER_CLOSED);
        assertThat(r.udp().version()).isEqualTo("2");
        assertThat(r.udp().versionNegotiationFrame()).isEqualTo(2);
        assertThat(r.udp().versionNegotiation()).containsExactly("1", "1");
        assertThat(r.diagnosis().get(0).cause()).isEqualTo(Cause.VERSION_MISMATCH);
        assertThat(r.diagnosis().get(0).evidence()).extracting(Evidence::frame).containsExactly(1L, 2L);
    }
}
