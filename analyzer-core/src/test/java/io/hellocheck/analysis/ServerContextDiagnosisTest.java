package io.hellocheck.analysis;

import static io.hellocheck.analysis.DiagnoserTest.CCS;
import static io.hellocheck.analysis.DiagnoserTest.alert;
import static io.hellocheck.analysis.DiagnoserTest.clientHello;
import static io.hellocheck.analysis.DiagnoserTest.serverHello;
import static io.hellocheck.analysis.HandshakeDepthTest.ext;
import static io.hellocheck.analysis.HandshakeDepthTest.u16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec16;
import static io.hellocheck.analysis.HandshakeDepthTest.vec8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.profile.BuiltinProfiles;
import io.hellocheck.report.RecordTrees;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The diagnosis of a failure reads every handshake of the capture with the same server, also those decided
 * after it, and gives advice that fits what the capture shows of the server (issue 13, points 2 to 5, 7, 9
 * and 10). Each capture is built so that its cause is known by construction.
 */
class ServerContextDiagnosisTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final byte[] SNI = ext(0, vec16(Packets.concat(new byte[] {0},
            vec16("www.example.com".getBytes(StandardCharsets.US_ASCII)))));
    /** supported_versions offering TLS 1.3 and 1.2 (RFC 8446 4.2.1). */
    private static final byte[] TLS13_AND_12 = ext(43, vec8(Packets.concat(u16(0x0304), u16(0x0303))));

    private static CaptureResult analyze(HelloCheck analyzer, List<Consumer<CaptureWriter>> stories)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            stories.forEach(s -> s.accept(w));
        }
        return analyzer.analyze(new ByteArrayInputStream(out.toByteArray()), "test");
    }

    private static CaptureResult analyze(List<Consumer<CaptureWriter>> stories) throws IOException {
        return analyze(HelloCheck.builder().build(), stories);
    }

    /** The i-th connection (from 10.0.0.{client}) opened at T0 + i s, up to its ClientHello. */
    private static TcpFlow open(CaptureWriter w, int i, int client, byte[] hello) {
        long t = T0 + i * 1_000 * MS;
        return w.tcp("10.0.0." + client, 50000 + i, "10.0.0.2", 443).syn(t).synAck(t + MS).ack(t + 2 * MS)
                .clientData(t + 3 * MS, hello);
    }

    private static long at(int i, int ms) {
        return T0 + i * 1_000 * MS + ms * MS;
    }

    /** A TLS 1.2 handshake that completes: ServerHello with the suite, ChangeCipherSpec both ways. */
    private static Consumer<CaptureWriter> completed(int i, int client, byte[] hello, int suite) {
        return w -> open(w, i, client, hello).serverData(at(i, 4), serverHello(suite)).clientData(at(i, 5), CCS)
                .serverData(at(i, 6), CCS);
    }

    private static Consumer<CaptureWriter> reset(int i, int client, byte[] hello) {
        return w -> open(w, i, client, hello).serverAck(at(i, 4)).serverRst(at(i, 5));
    }

    private static Finding top(ConnectionRecord c) {
        assertThat(c.diagnosis()).as(c.outcomeReason()).isNotEmpty();
        return c.diagnosis().get(0);
    }

    /** The records in tcp.stream order (a failure is decided after the close that follows it). */
    private static List<ConnectionRecord> byStream(CaptureResult r) {
        return r.connections().stream().sorted(java.util.Comparator.comparingInt(ConnectionRecord::tcpStream)).toList();
    }

    private static List<ConnectionRecord> failed(CaptureResult r) {
        return r.connections().stream().filter(c -> c.outcome().isFailure()).toList();
    }

    @Test
    void aTls13IntolerantServerIsNamedInEveryFailureEvenOneBeforeTheCompletions() throws IOException {
        byte[] tls13 = clientHello(new int[] {0x1301, 0xc02f}, Packets.concat(SNI, TLS13_AND_12));
        byte[] tls12 = clientHello(new int[] {0xc02f}, SNI);
        CaptureResult r = analyze(List.of(reset(0, 1, tls13), completed(1, 1, tls12, 0xc02f),
                completed(2, 1, tls12, 0xc02f), reset(3, 1, tls13)));
        assertThat(byStream(r)).extracting(ConnectionRecord::outcome).containsExactly(Outcome.SERVER_RESET,
                Outcome.COMPLETED, Outcome.COMPLETED, Outcome.SERVER_RESET);
        for (ConnectionRecord c : failed(r)) {
            assertThat(top(c).cause()).isEqualTo(Cause.TLS13_INTOLERANT_MIDDLEBOX);
            assertThat(top(c).confidence()).isEqualTo(Finding.Confidence.HIGH);
            assertThat(top(c).explanation()).contains("fail only when the ClientHello offers TLSv1.3");
            // the first failure was decided before any completion, and still counts them
            assertThat(c.cipherOverlap().completedHandshakes()).isEqualTo(2);
        }
        // the finding cites the ClientHello it is about and the server's RST: frames 4 and 6 of the first
        // connection (SYN, SYN-ACK, ACK, ClientHello, ACK, RST), 24 and 26 of the last (after 6 + 2 x 7 frames)
        assertThat(failed(r)).extracting(c -> top(c).evidence().stream().map(Evidence::frame).toList())
                .containsExactly(List.of(4L, 6L), List.of(24L, 26L));
        ServerRecord s = r.servers().get(0);
        assertThat(RecordTrees.server("test", s).get("top_diagnoses").toString())
                .isEqualTo("[{\"cause\":\"tls13_intolerant_middlebox\",\"count\":2}]");
    }

    @Test
    void alert40ToATls13HelloWithoutATls13SuiteTheServerChoseRanksNoSharedCipherSuiteFirst() throws IOException {
        // the breaker's tls13-suite-mismatch-beside-tls12.pcap (finding 12; s_server -ciphersuites
        // TLS_AES_256_GCM_SHA384) as tshark reads it, no SNI anywhere: streams 0 and 1 offer TLS 1.2 alone and complete
        // with 0xc030; stream 2 offers only TLS 1.3 (supported_versions 0x0304) with 0x1301 and 0x00ff, stream 3 TLS 1.3
        // down to 1.0 with 0x1301, 0x1303 and the TLS 1.2 suites, 0xc030 among them; both get a fatal handshake_failure
        int[] tls12Suites = {0xc02c, 0xc030, 0xc02f, 0x00ff};
        byte[] tls12 = clientHello(tls12Suites, new byte[0]);
        byte[] tls13Only = clientHello(new int[] {0x1301, 0x00ff}, Packets.concat(ext(43, vec8(u16(0x0304))),
                DiagnoserTest.keyShare(0x001d, 32)));
        byte[] tls13To10 = clientHello(new int[] {0x1301, 0x1303, 0xc02c, 0xc030, 0xc02f, 0x00ff},
                Packets.concat(ext(43, vec8(Packets.concat(u16(0x0304), u16(0x0303), u16(0x0302), u16(0x0301)))),
                        DiagnoserTest.keyShare(0x001d, 32)));
        CaptureResult r = analyze(List.of(completed(0, 1, tls12, 0xc030), completed(1, 1, tls12, 0xc030),
                w -> open(w, 2, 1, tls13Only).serverData(at(2, 4), alert(40)).serverFin(at(2, 5)),
                w -> open(w, 3, 1, tls13To10).serverData(at(3, 4), alert(40)).serverFin(at(3, 5))));
        List<ConnectionRecord> failed = failed(r);
        assertThat(failed).extracting(ConnectionRecord::outcome).containsOnly(Outcome.SERVER_ALERT).hasSize(2);
        for (ConnectionRecord c : failed) {
            assertThat(top(c).cause()).as(c.diagnosis().toString()).isEqualTo(Cause.NO_SHARED_CIPHER_SUITE);
            assertThat(top(c).explanation()).contains("TLS_AES_128_GCM_SHA256").contains("RFC 8446 section 4.1.1");
            // the TLS 1.3 intolerance the failures' difference suggests comes after: the server answered with alert 40
            assertThat(c.diagnosis()).extracting(Finding::cause).contains(Cause.TLS13_INTOLERANT_MIDDLEBOX);
            assertThat(c.diagnosis()).filteredOn(f -> f.cause() == Cause.TLS13_INTOLERANT_MIDDLEBOX).singleElement()
                    .satisfies(f -> assertThat(f.confidence()).isNotEqualTo(Finding.Confidence.HIGH));
        }
        assertThat(byStream(r).get(3).diagnosis()).extracting(Finding::cause)
                .doesNotContain(Cause.VERSION_MISMATCH);
    }

    @Test
    void alert40ToATls13HelloMissingTheServersTls13SuitesIsNoSharedCipherSuiteHigh() throws IOException {
        // the server completed TLS 1.3 with TLS_AES_256_GCM_SHA384 (0x1302) and TLS 1.2 with 0xc02f: a ClientHello
        // offering TLS 1.3 with 0x1301 only, and 0xc02f, shares a TLS 1.2 suite that a TLS 1.3 handshake cannot use
        byte[] keyShare = DiagnoserTest.keyShare(0x001d, 32);
        byte[] both = clientHello(new int[] {0x1302, 0x1301, 0xc02f}, Packets.concat(SNI, TLS13_AND_12, keyShare));
        byte[] tls12 = clientHello(new int[] {0xc02f}, SNI);
        byte[] only1301 = clientHello(new int[] {0x1301, 0xc02f}, Packets.concat(SNI, TLS13_AND_12, keyShare));
        CaptureResult r = analyze(List.of(completed(0, 1, both, 0x1302), completed(1, 1, tls12, 0xc02f),
                w -> open(w, 2, 1, only1301).serverData(at(2, 4), alert(40)).serverFin(at(2, 5))));
        ConnectionRecord c = failed(r).get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(top(c).cause()).as(c.diagnosis().toString()).isEqualTo(Cause.NO_SHARED_CIPHER_SUITE);
        assertThat(top(c).confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(top(c).explanation()).contains("TLS_AES_256_GCM_SHA384").contains("TLS_AES_128_GCM_SHA256");
    }

    @Test
    void sniOnlyBindingsAreNamedInEachFailureWithoutSni() throws IOException {
        byte[] withSni = clientHello(new int[] {0xc02f}, SNI);
        byte[] without = clientHello(new int[] {0xc02f}, new byte[0]);
        CaptureResult r = analyze(List.of(completed(0, 1, withSni, 0xc02f),
                w -> open(w, 1, 1, without).serverAck(at(1, 4)).serverFin(at(1, 5)),
                completed(2, 1, withSni, 0xc02f),
                w -> open(w, 3, 1, without).serverAck(at(3, 4)).serverFin(at(3, 5))));
        for (ConnectionRecord c : failed(r)) {
            assertThat(c.outcome()).isEqualTo(Outcome.SERVER_CLOSED);
            assertThat(top(c).cause()).isEqualTo(Cause.SNI_REQUIRED);
            assertThat(top(c).confidence()).isEqualTo(Finding.Confidence.HIGH);
        }
    }

    @Test
    void aCompletionAfterTheFailureIsUsed() throws IOException {
        CaptureResult r = analyze(List.of(
                w -> open(w, 0, 1, clientHello(new int[] {0x002f}, new byte[0])).serverData(at(0, 4), alert(40)),
                completed(1, 1, clientHello(new int[] {0xc02f, 0x009c}, new byte[0]), 0xc02f)));
        ConnectionRecord c = byStream(r).get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(c.cipherOverlap().completedHandshakes()).isEqualTo(1);
        assertThat(top(c).cause()).isEqualTo(Cause.NO_SHARED_CIPHER_SUITE);
        assertThat(top(c).confidence()).isEqualTo(Finding.Confidence.HIGH);
        assertThat(top(c).explanation()).contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void aCompletionByAnotherClientAddressIsNotARetry() throws IOException {
        byte[] hello = clientHello(new int[] {0xc02f}, SNI);
        CaptureResult other = analyze(List.of(reset(0, 1, hello), completed(1, 7, hello, 0xc02f)));
        assertThat(other.servers().get(0).retries()).isEmpty();
        CaptureResult same = analyze(List.of(reset(0, 1, hello), completed(1, 1, hello, 0xc02f)));
        assertThat(same.servers().get(0).retries()).singleElement()
                .satisfies(t -> assertThat(t.differences()).containsExactly(
                        "the ClientHello did not change; what changed is outside it (a client certificate, the trust store,"
                                + " the client's timeout, a PROXY header) or the failure was transient"));
    }

    @Test
    void schannelAdviceOnlyForAWindowsLikeServer() throws IOException {
        byte[] hello = clientHello(new int[] {0xc02f}, SNI);
        // Windows starts IP TTLs at 128, Linux at 64 (the SYN-ACK is captured next to the server here)
        ConnectionRecord windows = analyze(List.of(w -> open(w.tcp("10.0.0.1", 50000, "10.0.0.2", 443)
                .serverTtl(128), hello).serverAck(at(0, 4)).serverRst(at(0, 5)))).connections().get(0);
        ConnectionRecord linux = analyze(List.of(w -> open(w.tcp("10.0.0.1", 50000, "10.0.0.2", 443)
                .serverTtl(64), hello).serverAck(at(0, 4)).serverRst(at(0, 5)))).connections().get(0);
        assertThat(windows.diagnosis()).extracting(Finding::nextStep).anyMatch(s -> s.contains("Schannel events"));
        assertThat(linux.diagnosis()).extracting(Finding::nextStep).noneMatch(s -> s.contains("Schannel"))
                .anyMatch(s -> s.startsWith("Check the server's TLS error log"));
    }

    private static TcpFlow open(TcpFlow f, byte[] hello) {
        return f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 3 * MS, hello);
    }

    @Test
    void aProxyHeaderOnTheWorkingConnectionsIsTheProxyProtocol() throws IOException {
        byte[] hello = clientHello(new int[] {0xc02f}, SNI);
        byte[] proxy = "PROXY TCP4 192.0.2.10 10.0.0.2 40000 443\r\n".getBytes(StandardCharsets.US_ASCII);
        CaptureResult r = analyze(List.of(
                completed(0, 1, Packets.concat(proxy, hello), 0xc02f),
                w -> open(w, 1, 5, hello).serverAck(at(1, 4)).serverFin(at(1, 5))));
        assertThat(byStream(r).get(0).preamble().protocol()).isEqualTo("PROXY v1");
        ConnectionRecord c = byStream(r).get(1);
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_CLOSED);
        assertThat(top(c).cause()).isEqualTo(Cause.PROXY_PROTOCOL_EXPECTED);
        assertThat(c.diagnosis()).extracting(Finding::nextStep).noneMatch(s -> s.contains("Schannel"));
    }

    @Test
    void aProxyHeaderToAServerThatCompletesWithoutOneIsTheUnexpectedProxyProtocol() throws IOException {
        // the breaker's haproxy-send-proxy-to-nginx.pcap (haproxy send-proxy to nginx without proxy_protocol):
        // tshark tcp.stream 1: 7 the 44-byte PROXY TCP4 line, 11 Client Hello, 13 nginx "HTTP/1.1 400 Bad Request"
        // (309 bytes), 15 FIN; tcp.stream 2, the same nginx port without the header: 23 Client Hello, 25 Server
        // Hello ..., 27/28 Change Cipher Spec both ways
        byte[] hello = clientHello(new int[] {0xc02f}, SNI);
        byte[] proxy = "PROXY TCP4 127.0.0.1 127.0.0.1 32970 47644\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] badRequest = ("HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\n"
                + "Connection: close\r\n\r\n<html>\r\n<head><title>400 Bad Request</title></head>\r\n</html>\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        CaptureResult r = analyze(List.of(
                w -> open(w, 0, 1, proxy).serverAck(at(0, 4)).clientData(at(0, 5), hello).serverAck(at(0, 6))
                        .serverData(at(0, 7), badRequest).serverFin(at(0, 8)),
                completed(1, 1, hello, 0xc02f)));
        ConnectionRecord c = byStream(r).get(0);
        assertThat(c.preamble().protocol()).isEqualTo("PROXY v1");
        assertThat(c.outcome()).isEqualTo(Outcome.NON_TLS_RESPONSE);
        assertThat(top(c).cause()).isEqualTo(Cause.PROXY_PROTOCOL_UNEXPECTED);
        assertThat(top(c).confidence()).isEqualTo(Finding.Confidence.HIGH);
        // never "this port speaks HTTP, use the TLS port" for a port that completed TLS
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.NON_TLS_SERVICE);
        assertThat(byStream(r).get(1).outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aProxyV2HeaderThatTheServerClosesOnRanksTheHeaderFirst() throws IOException {
        // the breaker's proxy-v2.pcap, tcp.stream 1 (haproxy send-proxy-v2 to openssl s_server): 21 the 28-byte
        // v2 header (its bytes copied), 23 Client Hello, 24 server ACK, 25 server FIN; no handshake with that
        // server completed in the capture, so the header is likely, not certain
        byte[] hello = clientHello(new int[] {0xc02f}, SNI);
        byte[] v2 = Packets.hex("0d0a0d0a000d0a515549540a2111000c7f0000017f0000019f02ba1e");
        ConnectionRecord c = analyze(List.of(w -> open(w, 0, 1, v2).serverAck(at(0, 4))
                .clientData(at(0, 5), hello).serverAck(at(0, 6)).serverFin(at(0, 7)))).connections().get(0);
        assertThat(c.preamble().protocol()).isEqualTo("PROXY v2");
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_CLOSED);
        assertThat(top(c).cause()).isEqualTo(Cause.PROXY_PROTOCOL_UNEXPECTED);
        assertThat(top(c).confidence()).isEqualTo(Finding.Confidence.MEDIUM);
    }

    @Test
    void aServerThatAnswersTheHelloAfterTheHeaderWithANegotiationAlertTookTheHeader() throws IOException {
        // handshake_failure (40) is about what the ClientHello offers (RFC 8446 section 6.2): the server read the
        // hello behind the header, so the header is not what failed
        byte[] hello = clientHello(new int[] {0xc02f}, SNI);
        byte[] proxy = "PROXY TCP4 192.0.2.10 10.0.0.2 40000 443\r\n".getBytes(StandardCharsets.US_ASCII);
        ConnectionRecord c = analyze(List.of(w -> open(w, 0, 1, Packets.concat(proxy, hello))
                .serverData(at(0, 4), alert(40)).serverFin(at(0, 5)))).connections().get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_ALERT);
        assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.PROXY_PROTOCOL_UNEXPECTED);
    }

    @Test
    void aResetAfterALongWaitPointsAtTheBackend() throws IOException {
        byte[] hello = clientHello(new int[] {0xc02f}, SNI);
        ConnectionRecord c = analyze(List.of(w -> open(w, 0, 1, hello).serverAck(at(0, 4))
                .serverRst(at(0, 5_003)))).connections().get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_RESET);
        assertThat(c.diagnosis()).extracting(Finding::cause).contains(Cause.BACKEND_UNAVAILABLE);
        assertThat(c.diagnosis()).extracting(Finding::explanation).anyMatch(s -> s.contains("5.000 s after"));
    }

    @Test
    void versionAdvicePointsTowardsWhatTheServerAccepts() throws IOException {
        // Mozilla's "modern" 5.7 configuration accepts TLS 1.3 only; Windows Server 2019's Schannel defaults
        // go up to TLS 1.2 (their published lists, in the built-in profiles)
        byte[] tls12Only = clientHello(new int[] {0xc02f}, SNI);
        byte[] tls13Only = clientHello(new int[] {0x1301}, Packets.concat(SNI, ext(43, vec8(u16(0x0304)))));
        ConnectionRecord toModern = analyze(HelloCheck.builder().serverProfile(BuiltinProfiles
                .byId("mozilla-modern-5.7").orElseThrow()).build(), List.of(w -> open(w, 0, 1, tls12Only)
                .serverData(at(0, 4), alert(70)))).connections().get(0);
        assertThat(top(toModern).cause()).isEqualTo(Cause.VERSION_MISMATCH);
        assertThat(top(toModern).nextStep()).startsWith("Allow TLSv1.3 on the client");
        ConnectionRecord toWindows = analyze(HelloCheck.builder().serverProfile(BuiltinProfiles
                .byId("windows-server-2019").orElseThrow()).build(), List.of(w -> open(w, 0, 1, tls13Only)
                .serverData(at(0, 4), alert(70)))).connections().get(0);
        assertThat(top(toWindows).nextStep()).startsWith("Enable TLSv1.3 on the server");
    }

    @Test
    void aCauseTheProfileRulesOutIsNotRanked() throws IOException {
        // the server chose 0xc030 elsewhere; the failing hello offers only 0xc02f, which Windows Server 2019's
        // default list (Microsoft's published order) contains
        List<Consumer<CaptureWriter>> stories = List.of(completed(0, 1, clientHello(new int[] {0xc030}, SNI), 0xc030),
                reset(1, 1, clientHello(new int[] {0xc02f}, SNI)));
        ConnectionRecord without = failed(analyze(stories)).get(0);
        assertThat(top(without).cause()).isEqualTo(Cause.NO_SHARED_CIPHER_SUITE);
        ConnectionRecord with = failed(analyze(HelloCheck.builder().serverProfile(BuiltinProfiles
                .byId("windows-server-2019").orElseThrow()).build(), stories)).get(0);
        assertThat(with.cipherOverlap().userProfile().usableSuites()).containsExactly(0xc02f);
        assertThat(with.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.NO_SHARED_CIPHER_SUITE);
    }

    @Test
    void aPartlyAcknowledgedClientHelloIsNotCalledUnacknowledged() throws IOException {
        byte[] hello = clientHello(new int[] {0x1301}, DiagnoserTest.keyShare(0x11ec, 1216));
        byte[] first = Arrays.copyOfRange(hello, 0, 1000);
        byte[] second = Arrays.copyOfRange(hello, 1000, hello.length);
        // frames: 1 SYN, 2 SYN-ACK, 3 ACK, 4 first segment, 5 the server's ACK of it, 6 second segment
        ConnectionRecord c = analyze(List.of(w -> w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + MS)
                .ack(T0 + 2 * MS).clientData(T0 + 3 * MS, first).serverAck(T0 + 4 * MS)
                .clientData(T0 + 5 * MS, second).clientFin(T0 + 6_000 * MS))).connections().get(0);
        assertThat(c.tcp().clientHelloAcked()).isEqualTo("partial");
        assertThat(c.outcomeReason()).startsWith("The server acknowledged only part of the ClientHello (frame 4, "
                + "not frame 6) and sent nothing else").doesNotContain("not even an ACK");
    }

    @Test
    void aRefusedProxyTunnelIsDiagnosed() throws IOException {
        byte[] connect = "CONNECT www.example.com:443 HTTP/1.1\r\nHost: www.example.com:443\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] refused = "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        ConnectionRecord c = analyze(List.of(w -> w.tcp("10.0.0.1", 50000, "10.0.0.3", 3128).syn(T0)
                .synAck(T0 + MS).ack(T0 + 2 * MS).clientData(T0 + 3 * MS, connect).serverData(T0 + 4 * MS, refused)
                .serverFin(T0 + 5 * MS).clientFin(T0 + 6 * MS))).connections().get(0);
        assertThat(c.outcome()).isEqualTo(Outcome.PROXY_REFUSED);
        assertThat(top(c).cause()).isEqualTo(Cause.PROXY_REFUSED);
        assertThat(top(c).nextStep()).contains("proxy's credentials");
    }

    @Test
    void whatDiffersComparesOnlySuitesOfTheVersionsTheClientOffers() throws IOException {
        // the server chose TLS_AES_128_GCM_SHA256 (0x1301, a TLS 1.3 suite, RFC 8446 B.4) for a client offering
        // TLS 1.3; a client offering TLS 1.2 alone could not have used it: it is not counted as "without a suite
        // the server chose"
        byte[] tls13 = clientHello(new int[] {0x1301}, Packets.concat(SNI, TLS13_AND_12));
        byte[] tls12 = clientHello(new int[] {0xc02f}, SNI);
        CaptureResult r = analyze(List.of(completed(0, 1, tls13, 0x1301), reset(1, 1, tls12)));
        ServerRecord s = r.servers().get(0);
        ServerRecord.Difference d = s.differences().stream()
                .filter(x -> x.factor().equals(HandshakeAnalysis.COMMON_SUITE_FACTOR)).findFirst().orElseThrow();
        assertThat(d.failedWithout()).isZero();
        assertThat(d.finding()).isNull();
        assertThat(s.failedWithoutCommonSuite()).isZero();
        // and ALPN, which no alert 120 made matter, is not a factor
        assertThat(s.differences()).extracting(ServerRecord.Difference::factor).doesNotContain("offers ALPN");
    }

    @Test
    void aProfileFromAScanAppliesToTheHostsItNames() throws IOException {
        // a testssl.sh --jsonfile finding for 10.0.0.2 port 443 (fields as testssl.sh's fileout_json_finding
        // writes them, "host/address" in ip): TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 offered in TLS 1.2
        String json = "[{\"id\":\"cipher-tls1_2_xc02f\",\"ip\":\"www.example.com/10.0.0.2\",\"port\":\"443\","
                + "\"severity\":\"OK\",\"finding\":\"TLSv1.2   xc02f   ECDHE-RSA-AES128-GCM-SHA256   ECDH 256   "
                + "AESGCM   128   TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"}]";
        io.hellocheck.profile.ServerProfile profile = io.hellocheck.profile.ServerProfiles.read(
                new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "scan.json").profile();
        assertThat(profile.hosts()).containsExactly("www.example.com/10.0.0.2:443");
        byte[] hello = clientHello(new int[] {0xc02f}, SNI);
        CaptureResult r = analyze(HelloCheck.builder().serverProfile(profile).build(), List.of(
                w -> w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                        .clientData(T0 + 3 * MS, hello).serverData(T0 + 4 * MS, alert(40)),
                w -> w.tcp("10.0.0.1", 50001, "10.0.0.9", 443).syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                        .clientData(T0 + 3 * MS, hello).serverData(T0 + 4 * MS, alert(40))));
        ConnectionRecord scanned = r.connections().stream().filter(c -> c.server().ip().equals("10.0.0.2"))
                .findFirst().orElseThrow();
        ConnectionRecord other = r.connections().stream().filter(c -> c.server().ip().equals("10.0.0.9"))
                .findFirst().orElseThrow();
        assertThat(scanned.cipherOverlap().userProfile()).isNotNull();
        assertThat(other.cipherOverlap().userProfile()).isNull();
        // the scanned server shares the suite: a missing suite is ruled out there, not on the other server
        assertThat(scanned.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.NO_SHARED_CIPHER_SUITE);
        assertThat(top(other).cause()).isEqualTo(Cause.NO_SHARED_CIPHER_SUITE);
    }

    @Test
    void heldFailuresAreBoundedAndTheOldestAreWrittenWithWhatIsKnownThen() throws IOException {
        // 1,005 failures, then (100 s later) a completion: at most 1,000 records wait for the end of the capture,
        // so the 5 oldest failures are written before the completion is seen and the others after it
        byte[] hello = clientHello(new int[] {0xc02f}, SNI);
        List<Consumer<CaptureWriter>> stories = new java.util.ArrayList<>();
        int failures = HandshakeAnalysis.MAX_HELD + 5;
        for (int i = 0; i < failures; i++) {
            int n = i;
            stories.add(w -> w.tcp("10.0." + (n / 250) + "." + (n % 250 + 1), 50000, "10.0.9.2", 443).syn(T0 + n * MS)
                    .synAck(T0 + n * MS + 100).ack(T0 + n * MS + 200).clientData(T0 + n * MS + 300, hello)
                    .serverRst(T0 + n * MS + 400));
        }
        long later = T0 + 100_000 * MS;
        stories.add(w -> w.tcp("10.0.8.1", 50000, "10.0.9.2", 443).syn(later).synAck(later + MS).ack(later + 2 * MS)
                .clientData(later + 3 * MS, hello).serverData(later + 4 * MS, serverHello(0xc02f))
                .clientData(later + 5 * MS, CCS).serverData(later + 6 * MS, CCS));
        List<ConnectionRecord> r = byStream(analyze(stories));
        assertThat(r).hasSize(failures + 1);
        assertThat(r.subList(0, 5)).allSatisfy(c -> assertThat(c.cipherOverlap().completedHandshakes()).isZero());
        assertThat(r.subList(5, failures)).allSatisfy(c -> assertThat(c.cipherOverlap().completedHandshakes())
                .isEqualTo(1));
    }
}
