package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.HelloCheck;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our lab's captures of real stacks (breaker3: network namespaces, nginx 1.22, Go 1.19 crypto/tls, Chromium 156 and
 * curl as clients), in {@code src/test/resources/io/hellocheck/analysis/lab}. Expected values come from tshark 4.0 on
 * the files and from what the clients and servers printed (breaker3's findings.md), not from our output.
 */
class LabCapturesDiagnosisTest {
    private static List<ConnectionRecord> records(String capture) throws IOException {
        try (InputStream in = LabCapturesDiagnosisTest.class.getResourceAsStream("lab/" + capture)) {
            return HelloCheck.builder().build().analyze(in, capture).connections().stream()
                    .sorted(Comparator.comparingInt(ConnectionRecord::tcpStream)).toList();
        }
    }

    private static List<Cause> causes(ConnectionRecord c) {
        return c.diagnosis().stream().map(Finding::cause).toList();
    }

    @Test
    void chromiumRefusedByAnEcdsaP521ServerLacksEcdsaSecp521r1Sha512() throws IOException {
        // tshark: frame 4 (stream 0, curl) offers signature algorithms 0x0403,0x0503,0x0603,...; stream 0 completes;
        // frame 24 (stream 1, Chromium, 2 segments) offers 0x0904,...,0x0601 without 0x0603, frame 27 is a fatal
        // alert 40; nginx logged "no suitable signature algorithm", Chromium ERR_SSL_VERSION_OR_CIPHER_MISMATCH
        List<ConnectionRecord> rs = records("chrome-p521-cert.pcap");
        assertThat(rs.get(0).outcome()).isEqualTo(Outcome.COMPLETED);
        List<ConnectionRecord> failed = rs.stream().filter(ConnectionRecord::failed).toList();
        assertThat(failed).hasSize(6);
        for (ConnectionRecord c : failed) {
            assertThat(c.outcome()).isEqualTo(Outcome.SERVER_ALERT);
            assertThat(c.alert().description()).isEqualTo(40);
            assertThat(causes(c)).doesNotContain(Cause.LARGE_OR_SPLIT_CLIENT_HELLO)
                    .startsWith(Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM);
            assertThat(c.diagnosis().get(0).explanation()).contains("signature algorithms ecdsa_secp521r1_sha512");
        }
    }

    @Test
    void chromiumWithoutTheSuiteCurlCompletedWithGetsOnlyTheSuiteCause() throws IOException {
        // nginx TLS 1.2 with DHE-RSA-AES256-GCM-SHA384:AES256-SHA256: curl completes (stream 0,
        // TLS_RSA_WITH_AES_256_CBC_SHA256), Chromium gets alert 40 on streams 1-4
        List<ConnectionRecord> failed = records("chrome-vs-curl-no-shared-suite.pcap").stream()
                .filter(ConnectionRecord::failed).toList();
        assertThat(failed).hasSize(4).allSatisfy(c -> assertThat(causes(c))
                .startsWith(Cause.NO_SHARED_CIPHER_SUITE).doesNotContain(Cause.LARGE_OR_SPLIT_CLIENT_HELLO));
    }

    @Test
    void aLoadBalancerGivingUpOnItsBackendIsNotBlamedOnTheHellosItCompletedBefore() throws IOException {
        // nginx ssl_preread: stream 0 (www.b3.test, X25519MLKEM768 key share, 2 segments) completes; streams 2-7
        // (dead.b3.test, upstream refused) closed at once; stream 8 (slow.b3.test): ClientHello frame 107 at
        // 4.038244 s, the server's FIN frame 117 at 7.039681 s, 3.001 s later (nginx: "upstream timed out")
        List<ConnectionRecord> rs = records("chrome-preread-dead-upstream.pcap");
        assertThat(rs.get(0).outcome()).isEqualTo(Outcome.COMPLETED);
        for (ConnectionRecord c : rs.subList(2, rs.size())) {
            assertThat(c.outcome()).isEqualTo(Outcome.SERVER_CLOSED);
            assertThat(causes(c)).doesNotContain(Cause.LARGE_OR_SPLIT_CLIENT_HELLO);
            if (c.tcpStream() >= 8) {
                assertThat(causes(c).get(0)).isEqualTo(Cause.BACKEND_UNAVAILABLE);
            }
        }
        assertThat(rs.get(8).diagnosis().get(0).explanation()).contains("3.001 s after the ClientHello");
    }

    @Test
    void aGoServerWithoutACertificateForTheNameIsAnSniProblem() throws IOException {
        // tshark: ClientHellos naming www.b3.test (frames 4, 36, 47; streams 0, 2, 3) complete; those naming
        // other.b3.test (25, 77, 84, 104, 108; streams 1, 4-7) get a fatal alert 80 internal_error (27, 90, 87, 115,
        // 111); the Go server logged "no certificate available for 'other.b3.test'" 5 times
        List<ConnectionRecord> failed = records("go-unknown-sni.pcap").stream().filter(ConnectionRecord::failed)
                .toList();
        assertThat(failed).extracting(ConnectionRecord::tcpStream).containsExactly(1, 4, 5, 6, 7);
        for (ConnectionRecord c : failed) {
            assertThat(c.alert().description()).isEqualTo(80);
            Finding first = c.diagnosis().get(0);
            assertThat(first.cause()).isEqualTo(Cause.SNI_PROBLEM);
            assertThat(first.explanation()).contains("no certificate for other.b3.test").contains("the 3 completed");
        }
    }

    @Test
    void aFirewallDroppingTheServersSmallAnswerIsNoMtuBlackHole() throws IOException {
        // tshark: SYN-ACKs announce MSS=1460 (frames 2, 8); stream 0: the server's ACK of the client's FIN has
        // Seq=1073 (frame 12), 1072 bytes never seen; stream 1: Seq=944 (frame 14), 943 bytes; curl: "(28)
        // Connection timed out after 5000 milliseconds" both times
        List<ConnectionRecord> rs = records("mid-drops-small-server-flight.pcap");
        assertThat(rs).extracting(c -> c.tcp().serverBytesLost().bytes()).containsExactly(1072L, 943L);
        for (ConnectionRecord c : rs) {
            assertThat(c.outcome()).isEqualTo(Outcome.NO_RESPONSE);
            Finding first = c.diagnosis().get(0);
            assertThat(first.cause()).isEqualTo(Cause.SERVER_FLIGHT_LOST);
            assertThat(first.explanation()).doesNotContain("path-MTU black hole (a tunnel")
                    .contains("firewall or IPS blocking the answer");
            assertThat(first.nextStep()).doesNotContain("clamp");
        }
    }

    @Test
    void alert40ToChromiumNamesSuitesAndGroupsAlikeForTheWireCannotTellThemApart() throws IOException {
        // nginx TLS 1.3 only, ssl_ecdh_curve secp521r1; tshark frame 5 (reassembled) offers TLS_AES_128_GCM_SHA256 (mandatory,
        // RFC 8446 section 9.1), TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256 and groups without secp521r1;
        // (0x11ec, 0x001d, 0x0017, 0x0018); frame 8 alert 40; nginx: "no suitable key share"
        for (ConnectionRecord c : records("chrome-no-shared-group.pcap")) {
            assertThat(c.outcome()).isEqualTo(Outcome.SERVER_ALERT);
            assertThat(causes(c)).startsWith(Cause.NO_SHARED_CIPHER_SUITE, Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM);
            assertThat(c.diagnosis().get(1).confidence()).isEqualTo(Finding.Confidence.MEDIUM);
        }
        // nginx TLS 1.2 only, ssl_ciphers DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256; tshark frames 5 and 17:
        // Chromium offers no DHE suite (0x1301-0x1303, ECDHE, RSA ones), frames 8 and 20 alert 40
        for (ConnectionRecord c : records("chrome-no-shared-cipher.pcap")) {
            assertThat(c.outcome()).isEqualTo(Outcome.SERVER_ALERT);
            assertThat(causes(c).get(0)).isEqualTo(Cause.NO_SHARED_CIPHER_SUITE);
        }
    }
}
