package io.hellocheck.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.HelloCheck;
import io.hellocheck.result.Alert;
import io.hellocheck.result.ClientHello;
import io.hellocheck.result.CodePoint;
import io.hellocheck.result.Confidence;
import io.hellocheck.result.ConnectionRecord;
import io.hellocheck.result.InputError;
import io.hellocheck.result.Outcome;
import io.hellocheck.result.ServerHello;
import io.hellocheck.result.Side;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The result types' values for sample captures, against tshark 4.0 and the RFCs. */
class ResultValuesTest {
    private static final Path SAMPLES = ApiBaselineTest.root().resolve("sample-captures");

    private static ConnectionRecord only(String capture) throws Exception {
        List<ConnectionRecord> records = HelloCheck.builder().threads(1).build().analyze(SAMPLES.resolve(capture))
                .capture().connections();
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    @Test
    void aCompletedTls13Handshake() throws Exception {
        ConnectionRecord c = only("tls13-ok.pcap");
        assertThat(c.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.failed()).isFalse();
        assertThat(c.tcpStream()).hasValue(0);
        assertThat(c.udpStream()).isEmpty();
        assertThat(c.transport()).isEqualTo("tcp");
        assertThat(c.client().ip()).isEqualTo("127.0.0.1");
        assertThat(c.client().port()).isEqualTo(55216);
        assertThat(c.server().toString()).isEqualTo("127.0.0.1:4433");
        // tshark -r tls13-ok.pcap -Y frame.number==1 -T fields -e frame.time_epoch: 1795958054.519874000
        assertThat(c.startTime()).isEqualTo(Instant.ofEpochSecond(1795958054L, 519_874_000L));
        // SYN in frame 1 at .519874, SYN-ACK in frame 2 at .519889
        assertThat(c.rtt()).hasValue(Duration.ofNanos(15_000));
        assertThat(c.alert()).isEmpty();
        assertThat(c.diagnosis()).isEmpty();
        // tshark -Y tls.handshake.type==1 -e tls.handshake.ciphersuite -e tls.handshake.extensions_server_name
        //   -e tls.handshake.extensions.supported_version -e tls.handshake.length: frame 4,
        //   0x1302,0x1303,0x1301,0x00ff, localhost, 0x0304, 234 (the body; the message adds its 4-byte header)
        ClientHello hello = c.clientHello().orElseThrow();
        assertThat(hello.frame()).isEqualTo(4);
        assertThat(hello.lengthBytes()).isEqualTo(238);
        assertThat(hello.serverName()).hasValue("localhost");
        assertThat(hello.decodeError()).isEmpty();
        assertThat(hello.cipherSuites()).extracting(CodePoint::code).containsExactly(0x1302, 0x1303, 0x1301, 0x00ff);
        // RFC 8446 appendix B.4; RFC 5746 section 3.3 for the renegotiation SCSV
        assertThat(hello.cipherSuites()).extracting(CodePoint::name).containsExactly("TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
        assertThat(hello.supportedVersions()).containsExactly(CodePoint.version(0x0304));
        assertThat(hello.supportedGroups().get(0).name()).isEqualTo("x25519");
        // tshark -Y tls.handshake.type==2: frame 6, cipher suite 0x1302, supported_version 0x0304
        ServerHello server = c.serverHello().orElseThrow();
        assertThat(server.frame()).isEqualTo(6);
        assertThat(server.cipherSuite().name()).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(server.version().name()).isEqualTo("TLSv1.3");
        assertThat(server.legacyVersion().name()).isEqualTo("TLSv1.2");
    }

    @Test
    void aServerAlert() throws Exception {
        ConnectionRecord c = only("server-alert-40-tls13.pcap");
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(c.failed()).isTrue();
        // tshark -Y tls.alert_message -e frame.number -e tls.alert_message.level -e tls.alert_message.desc: 6, 2, 40
        Alert a = c.alert().orElseThrow();
        assertThat(a.frame()).isEqualTo(6);
        assertThat(a.from()).isEqualTo(Side.SERVER);
        assertThat(a.level()).hasValue("fatal");
        assertThat(a.description()).hasValue(CodePoint.alert(40));
        assertThat(a.description().orElseThrow().name()).isEqualTo("handshake_failure");
        assertThat(c.diagnosis()).isNotEmpty();
        assertThat(c.cipherOverlap()).isPresent();
    }

    @Test
    void enumsPrintAsTheJson() {
        // schema/records.schema.json: finding.confidence, alert.from, error.kind
        assertThat(Confidence.MEDIUM).hasToString("medium");
        assertThat(Side.CLIENT).hasToString("client");
        assertThat(InputError.Kind.NOT_A_CAPTURE).hasToString("not_a_capture");
        assertThat(Outcome.SERVER_ALERT).hasToString("SERVER_ALERT");
        assertThat(CodePoint.group(0x11ec).name()).isEqualTo("X25519MLKEM768");
        assertThat(CodePoint.version(0x0a0a).name()).isEqualTo("GREASE(0x0a0a)");
    }
}
