package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.alert;
import static io.hellocheck.analysis.HandshakeDepthTest.analyze;
import static io.hellocheck.analysis.HandshakeDepthTest.certificateMessage;
import static io.hellocheck.analysis.HandshakeDepthTest.der;
import static io.hellocheck.analysis.HandshakeDepthTest.handshake;
import static io.hellocheck.analysis.HandshakeDepthTest.only;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.testing.Packets;
import org.junit.jupiter.api.Test;

/**
 * A chain whose second certificate has a key with explicit elliptic-curve parameters, as in the CurveBall test
 * capture (ja4's badcurveball.pcap, frames 6-7: tshark shows two certificates, the second with
 * {@code ECParameters: specifiedCurve}), and a client that answers with certificate_unknown (46). The certificate
 * here is made by OpenSSL ({@code certs/generate.sh}: {@code ecparam -param_enc explicit}); its subject is what
 * {@code openssl x509 -subject} prints.
 */
class ExplicitCurveCertificateTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L;

    private static ConnectionRecord refusedWith(int alert) {
        byte[] flight = record(22, Packets.concat(serverHello(0x0303, 0xc02b, new byte[0], new byte[0]),
                certificateMessage(der("leaf"), der("explicit-ec")), handshake(14, new byte[0])));
        return only(analyze(443, f -> f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                .clientData(T0 + 3 * MS, tls12Hello()).serverData(T0 + 4 * MS, flight)
                .clientData(T0 + 5 * MS, alert(2, alert)).clientFin(T0 + 6 * MS).serverFin(T0 + 7 * MS)));
    }

    @Test
    void aClientAlertAboutSomethingElseIsNotBlamedOnTheCurveEncoding() {
        ConnectionRecord c = refusedWith(70); // protocol_version: the client names another reason
        assertThat(c.diagnosis()).noneMatch(x -> x.explanation().contains("explicit elliptic-curve parameters"));
    }

    @Test
    void theForbiddenCurveEncodingIsTheCauseNotAMissingIntermediate() {
        ConnectionRecord c = refusedWith(46);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        Finding first = c.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
        assertThat(first.explanation()).startsWith("Certificate 2 of the 2 the server sent (CN=Explicit Curve Root,"
                + "O=hellocheck tests,C=HR) has a key with explicit elliptic-curve parameters");
        assertThat(c.diagnosis()).noneMatch(x -> x.explanation().contains("without the intermediate")
                || x.explanation().contains("not the certificate that issued it"));
    }
}
