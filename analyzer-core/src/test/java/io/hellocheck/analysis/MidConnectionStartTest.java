package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.ccs;
import static io.hellocheck.analysis.HandshakeDepthTest.tls13Hello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls13ServerHello;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A capture that starts mid-connection at the client's second ClientHello after a HelloRetryRequest: a TLS 1.3
 * client in middlebox compatibility mode sends a ChangeCipherSpec record first, in the same segment (RFC 8446
 * appendix D.4). The breaker's midconn-from-ch2.pcap (editcap -r hrr-complete.pcap 8-21), tshark with
 * -d tcp.port==47501,tls: 1 39692 -> 47501 Change Cipher Spec, Client Hello (Len=320); 2 47501 -> 39692 Server
 * Hello, Application Data ... 3.227 ms later. No SYN: the roles come from the ClientHello (the lower port would
 * make 39692 the server).
 */
class MidConnectionStartTest {
    private static final long T0 = 1_800_000_000_000_000_000L;

    @Test
    void aCaptureStartingAtChangeCipherSpecAndClientHelloGetsItsRecord() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            w.tcp("10.0.0.1", 39692, "10.0.0.2", 47501)
                    .clientData(T0, Packets.concat(ccs(), tls13Hello()))
                    .serverData(T0 + 3_227_000L, tls13ServerHello());
        }
        CaptureResult r = HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
        assertThat(r.connections()).hasSize(1);
        ConnectionRecord c = r.connections().get(0);
        assertThat(c.client().port()).isEqualTo(39692);
        assertThat(c.clientHello().frame()).isEqualTo(1);
        assertThat(c.serverHello().frame()).isEqualTo(2);
        assertThat(c.serverReactionNanos()).isEqualTo(3_227_000L);
    }
}
