package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.tls.ServerHello;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each fixture of {@link PreambleFixtures}, written to a pcap and analyzed, against tshark's view of the same
 * file ({@code src/test/resources/io/hellocheck/analysis/preamble/NAME.tsv}, made by {@code regenerate.sh}
 * beside them; the tests never run tshark): where the ClientHello and ServerHello are, their fields, and what
 * tshark decodes of the SOCKS, RDP, SMTP, IMAP, POP3 and FTP dialogues before them. Where tshark cannot tell
 * (a ClientHello split right after an unknown preamble, the draft layout of a ServerHello, a handshake message
 * cut by the snaplen), the expectation is the layout the fixture wrote, from the RFC or draft named there.
 */
class PreambleFixturesTest {
    private static final String RESOURCES = "/io/hellocheck/analysis/preamble/";

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ SOCKS (RFC 1928, RFC 1929, SOCKS 4/4a)

    @Test
    void socks5ConnectByNameThenTls() throws IOException {
        ConnectionRecord c = only("socks5-domain-tls12");
        Tshark t = tshark("socks5-domain-tls12");
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.preamble().protocol()).isEqualTo("SOCKS5");
        assertThat(c.preamble().target()).isEqualTo(t.first("socks.remote_name") + ":" + t.at(helloFrame(t), "socks.dstport"));
        assertThat(c.preamble().serverReply()).startsWith("SOCKS5 reply 0x0" + t.first("socks.results"));
        assertThat(c.preamble().refusalCode()).isNull();
        assertTlsAgrees(c, t);
    }

    @Test
    void socks5WithUsernamePasswordThenTls() throws IOException {
        ConnectionRecord c = only("socks5-auth-ipv4-tls12");
        Tshark t = tshark("socks5-auth-ipv4-tls12");
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(t.first("socks.auth_accepted_method")).isEqualTo("2");
        assertThat(t.first("socks.auth_status")).isEqualTo("0");
        // DST.ADDR 93.184.216.34, DST.PORT 443 as the fixture wrote them (RFC 1928 section 4, ATYP 1)
        assertThat(c.preamble().target()).isEqualTo("93.184.216.34:443");
        assertThat(c.preamble().frames()).containsExactly(4L, 6L, 8L);
        assertTlsAgrees(c, t);
    }

    @Test
    void aRefusedSocks5RequestToATlsPortIsProxyRefused() throws IOException {
        ConnectionRecord c = only("socks5-refused");
        Tshark t = tshark("socks5-refused");
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.PROXY_REFUSED);
        assertThat(c.outcome().isFailure()).isTrue();
        assertThat(c.clientHello()).isNull();
        assertThat(t.first("socks.results")).isEqualTo("5");
        assertThat(c.preamble().refusalCode()).isEqualTo("0x05");
        assertThat(c.outcomeReason()).contains("0x05 (connection refused)").contains(t.first("socks.remote_name") + ":443");
        assertThat(c.evidence()).anyMatch(e -> e.frame() == t.firstFrame("socks.results") && e.what().contains("refused"));
        assertThat(c.closedBy().frame()).isEqualTo(8);
    }

    @Test
    void aRefusedSocksRequestToAnyPortIsProxyRefused() throws IOException {
        // CONTRACT.md defines PROXY_REFUSED by the refused tunnel, whatever its target port
        ConnectionRecord c = only("socks5-refused-port-80");
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.PROXY_REFUSED);
        assertThat(c.outcomeReason()).contains(":80");
    }

    @Test
    void socks4aConnectByNameThenTls() throws IOException {
        ConnectionRecord c = only("socks4a-tls12");
        Tshark t = tshark("socks4a-tls12");
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(t.first("socks.version")).isEqualTo("4");
        assertThat(c.preamble().protocol()).isEqualTo("SOCKS4a");
        assertThat(c.preamble().target()).isEqualTo("www.example.com:" + t.first("socks.dstport"));
        assertThat(c.preamble().serverReply()).isEqualTo("SOCKS4 reply " + t.first("socks.results") + " (request granted)");
        assertTlsAgrees(c, t);
    }

    @Test
    void aRefusedSocks4RequestIsProxyRefused() throws IOException {
        ConnectionRecord c = only("socks4-refused");
        Tshark t = tshark("socks4-refused");
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.PROXY_REFUSED);
        assertThat(c.preamble().refusalCode()).isEqualTo(t.first("socks.results")).isEqualTo("91");
        assertThat(c.preamble().target()).isEqualTo("192.0.2.1:" + t.first("socks.dstport"));
        assertThat(c.outcomeReason()).contains("91 (request rejected or failed)");
    }

    // ------------------------------------------------------------------ RDP ([MS-RDPBCGR] 2.2.1.1, 2.2.1.2)

    @Test
    void rdpNegotiationThenTls() throws IOException {
        ConnectionRecord c = only("rdp-hybrid-tls12");
        Tshark plain = tshark("rdp-hybrid-tls12");
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.preamble().protocol()).isEqualTo("RDP");
        assertThat(plain.first("rdp.negReq.requestedProtocols")).isEqualTo("0x00000003");
        assertThat(c.preamble().clientCommand()).endsWith("requestedProtocols PROTOCOL_SSL|PROTOCOL_HYBRID");
        assertThat(plain.first("rdp.negReq.selectedProtocol")).isEqualTo("0x00000002");
        assertThat(c.preamble().serverReply()).endsWith("selectedProtocol PROTOCOL_HYBRID");
        assertThat(c.preamble().frames()).containsExactly(plain.firstFrame("rdp.negReq.requestedProtocols"));
        assertTlsAgrees(c, tshark("rdp-hybrid-tls12.decoded"));
    }

    // ------------------------------------------------------------------ a preamble we do not know

    @Test
    void aClientHelloAfterAnUnknownPreambleIsFoundByContent() throws IOException {
        ConnectionRecord c = only("unknown-preamble-tls12");
        Tshark t = tshark("unknown-preamble-tls12.decoded");
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.preamble().protocol()).isEqualTo("unknown");
        assertThat(c.preamble().frames()).containsExactly(4L);
        assertThat(c.preamble().clientBytes()).isEqualTo(13); // "XTUN/1" and 7 bytes, as written
        assertTlsAgrees(c, t);
    }

    @Test
    void aClientHelloSplitRightAfterAnUnknownPreambleIsReplayedWhole() throws IOException {
        ConnectionRecord c = only("unknown-preamble-split-hello");
        Tshark t = tshark("unknown-preamble-split-hello.decoded");
        Tshark whole = tshark("unknown-preamble-tls12.decoded");
        // tshark does not find a record that starts inside a segment; the writer put its first 12 bytes in frame 4
        assertThat(t.firstFrame("tls.handshake.ciphersuite")).isEqualTo(6);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.clientHello().frames()).containsExactly(4L, 5L);
        assertThat(c.clientHello().hello().serverName()).isEqualTo(whole.at(helloFrame(whole), "tls.handshake.extensions_server_name"));
        assertThat(c.preamble().clientBytes()).isEqualTo(13);
        assertThat(c.preamble().frames()).containsExactly(4L);
        assertThat(c.serverHello().frame()).isEqualTo(6);
    }

    // ------------------------------------------------------------------ STARTTLS refused

    @Test
    void smtpStartTlsAnswered454IsStartTlsRefused() throws IOException {
        ConnectionRecord c = only("smtp-starttls-454");
        Tshark t = tshark("smtp-starttls-454");
        long refusal = t.frameWhere("smtp.response.code", "454");
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.STARTTLS_REFUSED);
        assertThat(c.outcome().isFailure()).isTrue();
        assertThat(c.clientHello()).isNull();
        assertThat(c.preamble().protocol()).isEqualTo("SMTP STARTTLS");
        assertThat(c.preamble().refusalCode()).isEqualTo("454");
        assertThat(c.preamble().clientCommand()).isEqualTo("STARTTLS");
        assertThat(c.preamble().serverReply()).isEqualTo("454 4.7.0 TLS not available due to local problem");
        assertThat(c.evidence()).anyMatch(e -> e.frame() == refusal && e.what().contains("454"));
        assertThat(c.diagnosis()).isNotEmpty();
        assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.STARTTLS_REFUSED);
        assertThat(c.diagnosis().get(0).evidence()).anyMatch(e -> e.frame() == refusal);
    }

    @Test
    void imapPop3AndFtpRefusalsAreStartTlsRefused() throws IOException {
        ConnectionRecord imap = only("imap-starttls-no");
        assertThat(imap.outcome()).as(imap.outcomeReason()).isEqualTo(Outcome.STARTTLS_REFUSED);
        assertThat(imap.preamble().refusalCode()).isEqualTo(tshark("imap-starttls-no").first("imap.response.status"));
        ConnectionRecord pop = only("pop3-stls-err");
        assertThat(pop.outcome()).as(pop.outcomeReason()).isEqualTo(Outcome.STARTTLS_REFUSED);
        assertThat(pop.preamble().protocol()).isEqualTo("POP3 STLS");
        assertThat(pop.preamble().refusalCode()).isEqualTo(tshark("pop3-stls-err").frameValue("pop.response.indicator", 6));
        ConnectionRecord ftp = only("ftp-auth-tls-534");
        assertThat(ftp.outcome()).as(ftp.outcomeReason()).isEqualTo(Outcome.STARTTLS_REFUSED);
        assertThat(ftp.preamble().protocol()).isEqualTo("FTP AUTH TLS");
        assertThat(ftp.preamble().refusalCode()).isEqualTo(tshark("ftp-auth-tls-534").frameValue("ftp.response.code", 6));
        assertThat(ftp.outcomeReason()).contains("AUTH TLS").contains("534");
    }

    @Test
    void aClientHelloSentAfterARefusedStartTlsRanksTheRefusalFirst() throws IOException {
        // openssl s_client -starttls pop3 / ftp does not check the answer: tshark shows the refusal (POP3 -ERR to STLS,
        // RFC 2595 section 4; FTP 530 to AUTH TLS, RFC 4217 section 4) before the ClientHello, which tshark does not
        // decode on these ports (frame 7, as the fixture wrote it), and the server's answer to the hello in its own
        // protocol after it
        for (String[] f : new String[][] {{"pop3-stls-err-then-hello", "pop.response.indicator", "-ERR"},
                {"ftp-auth-tls-530-then-hello", "ftp.response.code", "530"}}) {
            ConnectionRecord c = only(f[0]);
            Tshark t = tshark(f[0]);
            long refusal = t.frameWhere(f[1], f[2]);
            assertThat(c.clientHello().frame()).isGreaterThan(refusal);
            assertThat(c.preamble().refusalCode()).isEqualTo(t.frameValue(f[1], refusal));
            // CONTRACT.md: the first thing after the ClientHello decides the outcome (the server's text)
            assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.NON_TLS_RESPONSE);
            assertThat(c.diagnosis().get(0).cause()).isEqualTo(Cause.STARTTLS_REFUSED);
            assertThat(c.diagnosis().get(0).explanation()).contains(f[2]);
            assertThat(c.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.NON_TLS_SERVICE);
        }
    }

    // ------------------------------------------------------------------ decoding that must not be too strict

    @Test
    void aDraftServerHelloWithVersion0304InTheDraftLayoutIsRecognizedByContent() throws IOException {
        ConnectionRecord c = only("draft-serverhello-0304");
        Tshark t = tshark("draft-serverhello-0304");
        long frame = t.frameWhere("tls.handshake.type", "2");
        assertThat(c.serverHello()).as(c.outcomeReason()).isNotNull();
        assertThat(c.serverHello().frame()).isEqualTo(frame);
        ServerHello sh = c.serverHello().hello();
        assertThat(String.format("0x%04x", sh.legacyVersion())).isEqualTo(t.at(frame, "tls.handshake.version"));
        assertThat(HexFormat.of().formatHex(sh.random())).isEqualTo(t.at(frame, "tls.handshake.random"));
        // tshark 4.0 reads it in the final layout (a 19-byte session id, suite 0x0000); the layout of
        // draft-ietf-tls-tls13-18 section 4.1.3 has no session id and the suite right after the random
        assertThat(t.at(frame, "tls.handshake.session_id_length")).isEqualTo("19");
        assertThat(sh.sessionId()).isEmpty();
        assertThat(sh.cipherSuite()).isEqualTo(0x1301);
        assertThat(sh.keyShareGroup()).isEqualTo(0x001d);
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aClientHelloWithATrailingByteInItsExtensionBlockIsKeptWithAnAnomaly() throws IOException {
        ConnectionRecord c = only("clienthello-trailing-extension-byte");
        Tshark t = tshark("clienthello-trailing-extension-byte");
        long frame = helloFrame(t);
        assertThat(c.clientHello().decodeError()).isNull();
        assertThat(c.clientHello().frame()).isEqualTo(frame);
        assertThat(c.clientHello().hello().serverName()).isEqualTo(t.at(frame, "tls.handshake.extensions_server_name"));
        assertThat(suites(c.clientHello().hello().cipherSuites())).isEqualTo(t.at(frame, "tls.handshake.ciphersuite"));
        assertThat(ints(c.clientHello().hello().extensionTypes())).isEqualTo(t.at(frame, "tls.handshake.extension.type"));
        assertThat(c.clientHello().hello().anomalies()).anyMatch(a -> a.contains("1 byte"));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aServerHelloWithAMalformedExtensionBlockIsKeptWithAnAnomaly() throws IOException {
        ConnectionRecord c = only("serverhello-bad-extension-block");
        Tshark t = tshark("serverhello-bad-extension-block");
        long frame = t.frameWhere("tls.handshake.type", "2");
        assertThat(t.at(frame, "_ws.malformed")).isNotEmpty();
        assertThat(c.serverHello()).as(c.outcomeReason()).isNotNull();
        ServerHello sh = c.serverHello().hello();
        assertThat(String.format("0x%04x", sh.cipherSuite())).isEqualTo(t.at(frame, "tls.handshake.ciphersuite"));
        assertThat(ints(sh.extensionTypes())).isEqualTo(t.at(frame, "tls.handshake.extension.type"));
        assertThat(sh.anomalies()).anyMatch(a -> a.contains("extension"));
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aServerHelloCutByTheSnaplenIsDecodedAsFarAsItGoes() throws IOException {
        CaptureResult r = analyze("snaplen-serverhello");
        ConnectionRecord c = r.connections().get(0);
        Tshark t = tshark("snaplen-serverhello");
        assertThat(t.at(5, "frame.cap_len")).isEqualTo("145");
        assertThat(t.at(5, "frame.len")).isEqualTo("1160");
        assertThat(c.serverHello()).as(c.outcomeReason()).isNotNull();
        assertThat(c.serverHello().frame()).isEqualTo(5);
        ServerHello sh = c.serverHello().hello();
        // the fields the fixture wrote (RFC 5246 section 7.4.1.3) before the cut
        assertThat(sh.legacyVersion()).isEqualTo(0x0303);
        assertThat(sh.random()[0]).isEqualTo((byte) 0x42);
        byte[] sid = new byte[32];
        Arrays.fill(sid, (byte) 0x5a);
        assertThat(sh.sessionId()).isEqualTo(sid);
        assertThat(sh.cipherSuite()).isEqualTo(0xc02f);
        assertThat(sh.compressionMethod()).isZero();
        assertThat(sh.extensionTypes()).containsExactly(0xff01); // renegotiation_info; ec_point_formats is cut
        // 145 bytes captured: 54 of headers, 5 of the record header, 4 of the handshake header, 82 of its 93 bytes
        assertThat(sh.anomalies()).anyMatch(a -> a.startsWith("cut after 82 of its 93 bytes"));
        assertThat(c.outcome()).as(c.outcomeReason()).isNotEqualTo(Outcome.INCONCLUSIVE).isEqualTo(Outcome.COMPLETED);
        assertThat(r.warnings()).anyMatch(w -> w.message().contains("snaplen"));
    }

    @Test
    void aReasonNeverSaysTheServerSentNothingWhenItSentBytes() throws IOException {
        ConnectionRecord c = only("undecodable-serverhello-then-fin");
        Tshark t = tshark("undecodable-serverhello-then-fin");
        long frame = t.frameWhere("tls.handshake.type", "2");
        assertThat(t.at(frame, "_ws.malformed")).isNotEmpty();
        assertThat(c.outcome()).isEqualTo(Outcome.SERVER_CLOSED);
        // the record the fixture wrote: a 5-byte record header, a 4-byte handshake header, 10 bytes of body
        assertThat(c.outcomeReason()).doesNotContain("without sending any").contains("the 19 bytes it sent");
        assertThat(c.evidence()).anyMatch(e -> e.frame() == frame && e.what().startsWith("undecodable ServerHello"));
    }

    // ------------------------------------------------------------------ helpers

    /** The frame of the first ClientHello in tshark's table. */
    private static long helloFrame(Tshark t) {
        return t.frameWhere("tls.handshake.type", "1");
    }

    /** ClientHello and ServerHello frames, cipher suite and SNI as tshark decoded them. */
    private static void assertTlsAgrees(ConnectionRecord c, Tshark t) {
        long ch = helloFrame(t);
        long sh = t.frameWhere("tls.handshake.type", "2");
        assertThat(c.clientHello().frame()).isEqualTo(ch);
        assertThat(c.clientHello().hello().serverName()).isEqualTo(t.at(ch, "tls.handshake.extensions_server_name"));
        assertThat(suites(c.clientHello().hello().cipherSuites())).isEqualTo(t.at(ch, "tls.handshake.ciphersuite"));
        assertThat(c.serverHello().frame()).isEqualTo(sh);
        assertThat(String.format("0x%04x", c.serverHello().hello().cipherSuite())).isEqualTo(t.at(sh, "tls.handshake.ciphersuite"));
    }

    private static String suites(List<Integer> v) {
        return String.join(",", v.stream().map(x -> String.format("0x%04x", x)).toList());
    }

    private static String ints(List<Integer> v) {
        return String.join(",", v.stream().map(String::valueOf).toList());
    }

    private CaptureResult analyze(String name) throws IOException {
        Path file = tmp.resolve(name + ".pcap");
        PreambleFixtures.ALL.get(name).write(file);
        String base = name;
        Tshark t = tshark(base);
        assertThat(sha256(file)).as("the fixture %s is the file tshark read (run regenerate.sh)", name)
                .isEqualTo(t.sha256);
        return HelloCheck.builder().build().analyze(file);
    }

    private ConnectionRecord only(String name) throws IOException {
        CaptureResult r = analyze(name);
        assertThat(r.connections()).as(name).hasSize(1);
        return r.connections().get(0);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A saved tshark table: "# command", "# sha256 FILE HASH", the header, one row per frame. */
    static final class Tshark {
        String sha256;
        final Map<String, Integer> col = new HashMap<>();
        final List<String[]> rows = new ArrayList<>();

        String at(long frame, String field) {
            for (String[] r : rows) {
                if (Long.parseLong(r[0]) == frame) {
                    return value(r, field);
                }
            }
            throw new AssertionError("no frame " + frame + " in tshark's table");
        }

        String value(String[] r, String field) {
            int i = Objects.requireNonNull(col.get(field), field);
            return i < r.length ? r[i] : "";
        }

        String first(String field) {
            return at(firstFrame(field), field);
        }

        long firstFrame(String field) {
            for (String[] r : rows) {
                if (!value(r, field).isEmpty()) {
                    return Long.parseLong(r[0]);
                }
            }
            throw new AssertionError("tshark shows no " + field);
        }

        /** The first frame whose field lists this value. */
        long frameWhere(String field, String v) {
            for (String[] r : rows) {
                if (Arrays.asList(value(r, field).split(",")).contains(v)) {
                    return Long.parseLong(r[0]);
                }
            }
            throw new AssertionError("tshark shows no " + field + " " + v);
        }

        String frameValue(String field, long frame) {
            return at(frame, field);
        }
    }

    static Tshark tshark(String name) throws IOException {
        Tshark t = new Tshark();
        try (InputStream in = Objects.requireNonNull(PreambleFixturesTest.class.getResourceAsStream(RESOURCES + name + ".tsv"),
                name);
             BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean header = false;
            for (String l; (l = br.readLine()) != null; ) {
                if (!header && l.startsWith("# sha256 ")) {
                    t.sha256 = l.split(" ")[3];
                } else if (!header && l.startsWith("#")) {
                    continue;
                } else if (!header) {
                    String[] h = l.split("\t", -1);
                    for (int i = 0; i < h.length; i++) {
                        t.col.put(h[i], i);
                    }
                    header = true;
                } else {
                    t.rows.add(l.split("\t", -1));
                }
            }
        }
        return t;
    }

    /**
     * Writes every fixture, and its tshark decode-as option, into the folder named by
     * {@code -Dhellocheck.writeFixtures=DIR} (regenerate.sh). Tagged {@code fixture-writer}, which the build
     * excludes unless asked for.
     */
    @Test
    @Tag("fixture-writer")
    void writeFixtures() throws IOException {
        Path dir = Path.of(System.getProperty("hellocheck.writeFixtures"));
        Files.createDirectories(dir);
        for (PreambleFixtures.Fixture fx : PreambleFixtures.ALL.values()) {
            fx.write(dir.resolve(fx.name() + ".pcap"));
            Files.writeString(dir.resolve(fx.name() + ".decode-as"), fx.decodeAs(), StandardCharsets.US_ASCII);
        }
    }
}
