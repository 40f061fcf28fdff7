package io.hellocheck.analysis;

import static io.hellocheck.analysis.DiagnoserTest.CCS;
import static io.hellocheck.analysis.DiagnoserTest.alert;
import static io.hellocheck.analysis.DiagnoserTest.clientHello;
import static io.hellocheck.analysis.DiagnoserTest.keyShare;
import static io.hellocheck.analysis.DiagnoserTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.ext;
import static io.hellocheck.analysis.HandshakeDepthTest.u16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What a failed ClientHello's comparison with the server's other handshakes may and may not say (breaker3's findings
 * 6, 8 and 9, and the alert 40 to a hello every common server accepts): each capture is built so that its cause is known
 * by construction.
 */
class HelloComparisonDiagnosisTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    /** X25519MLKEM768 (IANA TLS Supported Groups 0x11EC), a 1,216-byte client share as Chromium sends. */
    private static final byte[] PQ_SHARE = keyShare(0x11ec, 1216);

    private static byte[] sni(String name) {
        return ext(0, vec16(Packets.concat(new byte[] {0}, vec16(name.getBytes(StandardCharsets.US_ASCII)))));
    }

    private static CaptureResult analyze(List<Consumer<CaptureWriter>> stories) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            stories.forEach(s -> s.accept(w));
        }
        return HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
    }

    /** The i-th connection opened at T0 + i s; a hello over 1,000 bytes goes in two segments, the server ACKing both. */
    private static TcpFlow open(CaptureWriter w, int i, byte[] hello) {
        long t = T0 + i * 1_000 * MS;
        TcpFlow f = w.tcp("10.0.0.1", 50000 + i, "10.0.0.2", 443).syn(t).synAck(t + MS).ack(t + 2 * MS);
        if (hello.length <= 1000) {
            return f.clientData(t + 3 * MS, hello).serverAck(t + 4 * MS);
        }
        return f.clientData(t + 3 * MS, Arrays.copyOfRange(hello, 0, 1000))
                .clientData(t + 3 * MS + MS / 2, Arrays.copyOfRange(hello, 1000, hello.length)).serverAck(t + 4 * MS);
    }

    private static long at(int i, int ms) {
        return T0 + i * 1_000 * MS + ms * MS;
    }

    /** A TLS 1.2 handshake that completes: ServerHello with 0xc02f, ChangeCipherSpec both ways. */
    private static Consumer<CaptureWriter> completed(int i, byte[] hello) {
        return w -> open(w, i, hello).serverData(at(i, 5), serverHello(0xc02f)).clientData(at(i, 6), CCS)
                .serverData(at(i, 7), CCS);
    }

    private static Consumer<CaptureWriter> alerted(int i, byte[] hello, int description) {
        return w -> open(w, i, hello).serverData(at(i, 5), alert(description)).serverFin(at(i, 6));
    }

    private static Consumer<CaptureWriter> reset(int i, byte[] hello) {
        return w -> open(w, i, hello).serverRst(at(i, 5));
    }

    private static List<ConnectionRecord> failed(CaptureResult r) {
        return r.connections().stream().filter(ConnectionRecord::failed)
                .sorted(Comparator.comparingInt(ConnectionRecord::tcpStream)).toList();
    }

    private static List<Cause> causes(ConnectionRecord c) {
        return c.diagnosis().stream().map(Finding::cause).toList();
    }

    @Test
    void aServerThatAnswersASplitPostQuantumHelloWithItsOwnAlertReadItWhole() throws IOException {
        // three plain hellos complete, a split post-quantum one fails: the server's "fail only when the ClientHello
        // carries a post-quantum key share" holds, but an alert is the answer of a TLS stack that parsed the whole
        // hello (RFC 8446 section 6.2): the size of the hello did not stop it; a reset instead leaves that cause open
        byte[] plain = clientHello(new int[] {0xc02f}, keyShare(0x001d, 32));
        byte[] pq = clientHello(new int[] {0xc02f}, PQ_SHARE);
        ConnectionRecord answered = failed(analyze(List.of(completed(0, plain), completed(1, plain),
                completed(2, plain), alerted(3, pq, 40)))).get(0);
        assertThat(answered.clientHello().frames()).hasSize(2);
        assertThat(answered.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(causes(answered)).doesNotContain(Cause.LARGE_OR_SPLIT_CLIENT_HELLO)
                .startsWith(Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM);
        ConnectionRecord silent = failed(analyze(List.of(completed(0, plain), completed(1, plain),
                completed(2, plain), reset(3, pq)))).get(0);
        assertThat(silent.outcome()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(causes(silent).get(0)).isEqualTo(Cause.LARGE_OR_SPLIT_CLIENT_HELLO);
    }

    @Test
    void alert40ToAHelloLackingTheSignatureAlgorithmEveryCompletedHelloOfferedNamesIt() throws IOException {
        // as curl (OpenSSL) and Chromium to an ECDSA P-521 certificate: the completed hello offers
        // ecdsa_secp521r1_sha512 (0x0603, RFC 8446 section 4.2.3), the failed one only 0x0403 and 0x0804
        byte[] curl = clientHello(new int[] {0xc02f}, ext(13, vec16(Packets.concat(u16(0x0403), u16(0x0603),
                u16(0x0804)))));
        byte[] chromium = clientHello(new int[] {0xc02b, 0xc02f}, ext(13, vec16(Packets.concat(u16(0x0403),
                u16(0x0804)))));
        ConnectionRecord c = failed(analyze(List.of(completed(0, curl), alerted(1, chromium, 40)))).get(0);
        Finding first = c.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM);
        assertThat(first.confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(first.explanation()).contains("signature algorithms ecdsa_secp521r1_sha512").doesNotContain("0x0403");
        assertThat(first.nextStep()).contains("P-256");
    }

    @Test
    void aPostQuantumHelloResetByAServerThatCompletedOneIsNotBlamedOnItsShare() throws IOException {
        // the server completed a split post-quantum hello (as nginx ssl_preread routing www.b3.test), then reset
        // the same hello: the share and the segments demonstrably pass; alone, the share every browser sends is a
        // weak hint, after the server's own silence
        byte[] pq = clientHello(new int[] {0xc02f}, PQ_SHARE);
        ConnectionRecord afterCompletion = failed(analyze(List.of(completed(0, pq), reset(1, pq)))).get(0);
        assertThat(afterCompletion.clientHello().frames()).hasSize(2);
        assertThat(causes(afterCompletion)).doesNotContain(Cause.LARGE_OR_SPLIT_CLIENT_HELLO);
        ConnectionRecord alone = failed(analyze(List.of(reset(0, pq)))).get(0);
        assertThat(causes(alone)).startsWith(Cause.SERVER_REJECTED_CLIENT_HELLO)
                .contains(Cause.LARGE_OR_SPLIT_CLIENT_HELLO);
        assertThat(alone.diagnosis().stream().filter(f -> f.cause() == Cause.LARGE_OR_SPLIT_CLIENT_HELLO)
                .findFirst().orElseThrow().confidence()).isEqualTo(Finding.Confidence.LOW);
    }

    @Test
    void internalErrorForEveryHelloAskingForANameNoCompletionAskedForIsAnSniProblem() throws IOException {
        // a Go server without a certificate for other.example.com: crypto/tls answers alert 80 internal_error, "an
        // internal error unrelated to the peer" (RFC 8446 section 6.2), to every hello naming it
        byte[] www = clientHello(new int[] {0xc02f}, sni("www.example.com"));
        byte[] other = clientHello(new int[] {0xc02f}, sni("other.example.com"));
        CaptureResult r = analyze(List.of(completed(0, www), alerted(1, other, 80), completed(2, www),
                alerted(3, other, 80), completed(4, www)));
        for (ConnectionRecord c : failed(r)) {
            Finding first = c.diagnosis().get(0);
            assertThat(first.cause()).isEqualTo(Cause.SNI_PROBLEM);
            assertThat(first.confidence()).isEqualTo(Finding.Confidence.HIGH);
            assertThat(first.explanation()).contains("other.example.com").contains("the 3 completed ones")
                    .contains("no certificate for other.example.com");
            assertThat(causes(c)).doesNotContain(Cause.LARGE_OR_SPLIT_CLIENT_HELLO);
            Finding rejected = c.diagnosis().get(1);
            assertThat(rejected.cause()).isEqualTo(Cause.SERVER_REJECTED_CLIENT_HELLO);
            assertThat(rejected.explanation()).doesNotContain("could not parse").contains("unrelated to the client");
        }
        ServerRecord.Difference d = r.servers().get(0).differences().stream()
                .filter(x -> x.factor().equals("asks for server name other.example.com")).findFirst().orElseThrow();
        assertThat(List.of(d.failedWith(), d.completedWith(), d.failedWithout(), d.completedWithout()))
                .containsExactly(2, 0, 0, 3);
        // a failure asking for a name that also completes: the name no longer separates failures from completions
        CaptureResult mixed = analyze(List.of(completed(0, www), alerted(1, other, 80), completed(2, www),
                alerted(3, www, 80), completed(4, www)));
        assertThat(failed(mixed)).allSatisfy(c -> assertThat(causes(c)).doesNotContain(Cause.SNI_PROBLEM));
    }

    @Test
    void alert40ToAHelloThatEveryBuiltInProfileServesNamesGroupsAndSignaturesAsLikelyAsSuites() throws IOException {
        // Chromium's offer as tshark reads chrome-no-shared-group.pcap frame 5: TLS 1.3 and 1.2, the three TLS 1.3
        // suites every TLS 1.3 server implements (TLS_AES_128_GCM_SHA256 is mandatory, RFC 8446 section 9.1) and
        // ECDHE-GCM suites; the server (ssl_ecdh_curve secp521r1) has no group in common and says alert 40
        byte[] hello = clientHello(new int[] {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030},
                Packets.concat(ext(43, vec8(Packets.concat(u16(0x0304), u16(0x0303)))),
                        ext(10, vec16(Packets.concat(u16(0x001d), u16(0x0017)))), keyShare(0x001d, 32)));
        ConnectionRecord c = failed(analyze(List.of(alerted(0, hello, 40)))).get(0);
        assertThat(causes(c)).startsWith(Cause.NO_SHARED_CIPHER_SUITE, Cause.NO_SHARED_GROUP_OR_SIGNATURE_ALGORITHM);
        assertThat(c.diagnosis().get(1).confidence()).isEqualTo(Finding.Confidence.MEDIUM);
    }
}
