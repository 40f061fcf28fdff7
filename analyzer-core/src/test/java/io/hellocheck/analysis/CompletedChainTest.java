package io.hellocheck.analysis;

import static io.hellocheck.analysis.HandshakeDepthTest.certificateMessage;
import static io.hellocheck.analysis.HandshakeDepthTest.der;
import static io.hellocheck.analysis.HandshakeDepthTest.handshake;
import static io.hellocheck.analysis.HandshakeDepthTest.record;
import static io.hellocheck.analysis.HandshakeDepthTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.tls12Hello;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * "Missing intermediate" is not said of a chain that completed a handshake with the same server (breaker3's findings
 * 3 and 7). The test certificate {@code leaf.der} (OpenSSL, {@code certs/generate.sh}) is issued by "CN=Test Root
 * CA", which is not sent: alone, the chain looks incomplete. Connection 1 completes with it (ChangeCipherSpec both
 * ways, RFC 5246 section 7.3), connection 2 gets the same flight and the client closes without an alert.
 */
class CompletedChainTest {
    private static final long MS = 1_000_000L;
    /** An hour into the leaf's one day of validity, from its notBefore as {@code openssl x509 -dates} printed it. */
    private static final long T0 = notBefore() + 3_600_000_000_000L;

    private static long notBefore() {
        try (var in = CompletedChainTest.class.getResourceAsStream("/io/hellocheck/tls/certs/leaf.openssl.txt")) {
            String line = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines()
                    .filter(l -> l.startsWith("notBefore=")).findFirst().orElseThrow().substring(10);
            java.time.Instant t = java.time.ZonedDateTime.parse(line, java.time.format.DateTimeFormatter
                    .ofPattern("MMM ppd HH:mm:ss yyyy zzz", java.util.Locale.ROOT)).toInstant();
            return t.getEpochSecond() * 1_000_000_000L;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CaptureResult twoConnections(boolean firstCompletes) throws Exception {
        byte[] flight = record(22, Packets.concat(serverHello(0x0303, 0xc02b, new byte[0], new byte[0]),
                certificateMessage(der("leaf")), handshake(14, new byte[0])));
        byte[] ccs = record(20, new byte[] {1});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            var a = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443);
            a.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 3 * MS, tls12Hello())
                    .serverData(T0 + 4 * MS, flight);
            if (firstCompletes) {
                a.clientData(T0 + 5 * MS, ccs).serverData(T0 + 6 * MS, ccs);
            }
            a.clientFin(T0 + 500 * MS).serverFin(T0 + 501 * MS);
            w.tcp("10.0.0.3", 50001, "10.0.0.2", 443).syn(T0 + 1000 * MS).synAck(T0 + 1001 * MS)
                    .ack(T0 + 1002 * MS).clientData(T0 + 1003 * MS, tls12Hello()).serverData(T0 + 1004 * MS, flight)
                    .clientFin(T0 + 1006 * MS).serverFin(T0 + 1007 * MS);
        }
        return HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
    }

    @Test
    void aLoneLeafWhoseIssuerIsNotSentIsAMissingIntermediate() throws Exception {
        ConnectionRecord c = LabCaptures.stream(twoConnections(false), 1);
        assertThat(c.diagnosis()).anyMatch(f -> f.explanation().contains("without the intermediate that issued it "
                + "(CN=Test Root CA,O=hellocheck tests,C=DE)"));
    }

    @Test
    void theSameChainCompletedElsewhereSoItIsWhole() throws Exception {
        CaptureResult r = twoConnections(true);
        assertThat(LabCaptures.stream(r, 0).outcome()).isEqualTo(Outcome.COMPLETED);
        ConnectionRecord c = LabCaptures.stream(r, 1);
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        assertThat(c.diagnosis()).noneMatch(f -> f.explanation().contains("without the intermediate"));
        Finding first = c.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.CLIENT_REJECTED_SERVER_CERTIFICATE);
        assertThat(first.confidence()).isEqualTo(Finding.Confidence.LOW);
        assertThat(first.explanation()).contains("completed a handshake with this server in tcp.stream 0");
    }
}
