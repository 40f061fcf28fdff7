package io.hellocheck.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.batch.BatchAnalyzer;
import io.hellocheck.batch.BatchListener;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.report.TextReport;
import io.hellocheck.analysis.Cause;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.tcp.Side;
import io.hellocheck.tls.Ja4;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every QUIC and DTLS flow of the public captures ({@code ../shared/captures/public}) against independent
 * references: the UDP rows ({@code udp:N}) of tshark 4.0.17's {@code *.tshark.tsv} summaries (a record with
 * that {@code udp.stream}, ClientHello seen, ServerHello seen, the ServerHello's cipher suite and first frame),
 * and the QUIC JA4 values of FoxIO's Rust tool in the ja4 folder ({@code *.ja4-rust.snap}, rows with
 * {@code transport: udp}).
 */
@Tag("public-captures")
class UdpPublicCapturesTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();
    /**
     * Where tshark is not the reference, by "capture udp:N": tshark 4.0 does not know DTLS 1.3 and takes the
     * HelloRetryRequest (a ServerHello with the RFC 8446 section 4.1.3 random cf21ad74...) for the ServerHello; by
     * RFC 9147 section 5.8 and RFC 8446 section 4.1.4 the ServerHello is the one answering the second ClientHello.
     */
    private static final Map<String, Long> DTLS13_HRR_SERVER_HELLO_FRAME = Map.of(
            "zeek/Traces/tls/dtls13-wolfssl.pcap udp:0", 4L,
            "ndpi/pcap/dtls.pcap udp:3", 10L);

    private final Path corpus = Paths.get(System.getProperty("hellocheck.shared", "../shared"))
            .resolve("captures").resolve("public");
    private final Map<String, Map<Integer, ConnectionRecord>> records = new HashMap<>();

    @Test
    void everyUdpRowOfTsharkGetsAnAgreeingRecord() throws IOException {
        List<String> failures = new ArrayList<>();
        int rows = 0;
        int quic = 0;
        int dtls = 0;
        int withServerHello = 0;
        int knownDifferences = 0;
        List<Path> summaries;
        try (Stream<Path> s = Files.walk(corpus)) {
            summaries = s.filter(p -> p.getFileName().toString().endsWith(".tshark.tsv")).sorted().toList();
        }
        for (Path tsv : summaries) {
            String capture = corpus.relativize(tsv).toString().replace(".tshark.tsv", "");
            List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
            List<String> header = List.of(lines.get(0).split("\t", -1));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                if (!f[0].startsWith("udp:")) {
                    continue;
                }
                rows++;
                String where = capture + " " + f[0];
                ConnectionRecord r = records(capture).get(Integer.parseInt(f[0].substring(4)));
                if (r == null) {
                    failures.add(where + ": no record");
                    continue;
                }
                if (r.transport().equals("quic")) {
                    quic++;
                } else {
                    dtls++;
                }
                check(failures, where + " tcp_stream", -1, r.tcpStream());
                check(failures, where + " wireshark_filter", "udp.stream eq " + f[0].substring(4), r.wiresharkFilter());
                check(failures, where + " client", f[header.indexOf("client")], r.client().toString());
                check(failures, where + " server", f[header.indexOf("server")], r.server().toString());
                check(failures, where + " ClientHello seen", f[header.indexOf("client_hello_seen")],
                        r.clientHello() != null ? "yes" : "no");
                String sni = f[header.indexOf("sni")];
                check(failures, where + " SNI", sni.isEmpty() ? null : sni,
                        r.clientHello().hello() == null ? "(undecoded)" : r.clientHello().hello().serverName());
                check(failures, where + " ServerHello seen", f[header.indexOf("server_hello_seen")],
                        r.serverHello() != null ? "yes" : "no");
                if (r.serverHello() == null) {
                    continue;
                }
                withServerHello++;
                check(failures, where + " cipher suite", f[header.indexOf("negotiated_cipher")],
                        String.format("0x%04x", r.serverHello().hello().cipherSuite()));
                long tsharkFrame = Long.parseLong(f[header.indexOf("first_sh_frame")]);
                Long ours = DTLS13_HRR_SERVER_HELLO_FRAME.get(where);
                if (ours != null) {
                    knownDifferences++;
                    check(failures, where + " HelloRetryRequest frame (tshark's ServerHello)", tsharkFrame,
                            r.helloRetryRequest() == null ? null : r.helloRetryRequest().frame());
                    check(failures, where + " ServerHello frame", ours, r.serverHello().frame());
                } else {
                    check(failures, where + " ServerHello frame", tsharkFrame, r.serverHello().frame());
                }
            }
        }
        System.out.println("UDP rows of tshark: " + rows + " (" + quic + " QUIC, " + dtls + " DTLS), "
                + withServerHello + " with a ServerHello, " + knownDifferences + " DTLS 1.3 HelloRetryRequests "
                + "tshark takes for the ServerHello");
        assertThat(failures).as("differences from tshark").isEmpty();
        assertThat(rows).as("UDP rows of the tshark summaries").isEqualTo(67);
    }

    @Test
    void quicJa4IsFoxIosValue() throws IOException {
        List<String> failures = new ArrayList<>();
        int compared = 0;
        List<Path> snaps;
        try (Stream<Path> s = Files.walk(corpus.resolve("ja4"))) {
            snaps = s.filter(p -> p.getFileName().toString().endsWith(".ja4-rust.snap")).sorted().toList();
        }
        for (Path snap : snaps) {
            String capture = corpus.relativize(snap).toString().replace(".ja4-rust.snap", "");
            Map<String, String> entry = new HashMap<>();
            for (String line : Files.readAllLines(snap, StandardCharsets.UTF_8)) {
                String t = line.trim();
                if (t.startsWith("- stream: ")) {
                    entry.clear();
                    entry.put("stream", t.substring("- stream: ".length()));
                } else if (t.startsWith("transport: ") || t.startsWith("ja4: ")) {
                    int colon = t.indexOf(": ");
                    entry.put(t.substring(0, colon), t.substring(colon + 2));
                    if (t.startsWith("ja4: ") && "udp".equals(entry.get("transport"))) {
                        compared++;
                        ConnectionRecord r = records(capture).get(Integer.parseInt(entry.get("stream")));
                        String ours = r == null || r.clientHello() == null || r.clientHello().hello() == null ? null
                                : Ja4.forTransport(Ja4.ja4(r.clientHello().hello()), r.transport());
                        check(failures, capture + " udp:" + entry.get("stream") + " JA4", entry.get("ja4"), ours);
                    }
                }
            }
        }
        System.out.println("QUIC JA4 vs FoxIO: " + compared + " compared");
        assertThat(failures).as("JA4 differences from FoxIO").isEmpty();
        assertThat(compared).as("QUIC ClientHellos in the snapshots").isEqualTo(47);
    }

    /**
     * An undecided DTLS flow is named by its {@code udp.stream} in the text report, as a failed one is: tshark's
     * {@code udp.stream} 0 of mercury's {@code dtls_fragmented_client_hello.pcap} (192.168.17.58:60934 to
     * 165.227.57.17:4400, a ClientHello in two fragments and nothing from the server).
     */
    @Test
    void anUndecidedDtlsFlowIsNamedByItsUdpStream() throws IOException {
        CaptureResult r = ANALYZER.analyze(corpus.resolve("mercury/pcaps/dtls_fragmented_client_hello.pcap"));
        assertThat(TextReport.render(r, false))
                .contains("\n  DTLS udp.stream 0  192.168.17.58:60934 -> 165.227.57.17:4400: ")
                .doesNotContain("stream -1");
    }

    /**
     * A ClientHello from the server's side that carries the client's own random is the client's hello come back, not
     * a peer acting as a DTLS client too (RFC 6347 section 4.2.1: each client draws its random afresh). tshark,
     * {@code -Y udp.stream==2 -T fields -e frame.number -e udp.srcport -e
     * dtls.handshake.type -e dtls.handshake.extension.type -e dtls.alert_message.level -e
     * dtls.alert_message.desc}: frames 3 and 4 a ClientHello (type 1, with use_srtp, extension 14) from port 54162,
     * frame 5 a ClientHello (type 1) from 157.240.16.128 port 3478, frame 6 a fatal (2) alert 10 (unexpected_message)
     * from the client.
     */
    @Test
    void theClientsOwnClientHelloComingBackIsNoRoleConflict() throws IOException {
        // tshark -e dtls.handshake.random: frames 3, 4 and 5 carry the same random d35f80d7...919b; frame 5's DTLS
        // payload is frame 4's byte for byte (tshark -x): the client's datagram came back, no second DTLS client
        ConnectionRecord r = records("ndpi/pcap/dtls.pcap").get(2);
        assertThat(r.server().ip()).isEqualTo("157.240.16.128");
        assertThat(r.server().port()).isEqualTo(3478);
        assertThat(r.clientHello().frame()).isEqualTo(3);
        assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.NON_TLS_RESPONSE);
        assertThat(r.failed()).isTrue();
        assertThat(r.outcomeReason()).startsWith("The client's own ClientHello came back (frame 5, the same random as "
                + "the client's in frame 3)");
        assertThat(r.evidence()).extracting(Evidence::frame).contains(3L, 5L, 6L);
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.from()).isEqualTo(Side.CLIENT);
            assertThat(a.level()).isEqualTo(2);
            assertThat(a.description()).isEqualTo(10);
            assertThat(a.frame()).isEqualTo(6);
        });
        Finding top = r.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.CLIENT_HELLO_REFLECTED);
        assertThat(r.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.ROLE_CONFLICT,
                Cause.CAPTURE_ARTEFACT);
    }

    /**
     * With a BPF filter the streams are renumbered, TCP and UDP apart: a QUIC flow and a TCP connection both
     * numbered 0 are told apart by their transport (FoxIO's {@code tls-sni.pcapng}: 59 TCP connections and 20 QUIC
     * flows, none answered).
     */
    @Test
    void filteredUdpStreamsKeepTheirTransport() throws IOException {
        CaptureResult r = HelloCheck.builder().filter("udp or tcp").build()
                .analyze(corpus.resolve("ja4/pcap/tls-sni.pcapng"));
        String text = TextReport.render(r, false);
        assertThat(text).contains("\n  QUIC filtered stream 0  ").contains("\n  filtered stream 0  ")
                .doesNotContain("stream -1");
    }

    /**
     * The batch summary groups clients by JA4 with the letter of their transport, as the records do: every key of
     * a capture with ClientHellos over TCP and QUIC (FoxIO's {@code tls-sni.pcapng}: 59 and 20) is one of the JA4
     * values FoxIO's Rust tool gives for its streams, {@code q} for QUIC included.
     */
    @Test
    void summaryClientKeysAreFoxIosJa4() throws IOException, InterruptedException {
        String capture = "ja4/pcap/tls-sni.pcapng";
        Set<String> foxio = new TreeSet<>();
        for (String line : Files.readAllLines(corpus.resolve(capture + ".ja4-rust.snap"), StandardCharsets.UTF_8)) {
            String t = line.trim();
            if (t.startsWith("ja4: ")) {
                foxio.add(t.substring("ja4: ".length()));
            }
        }
        BatchSummary summary = BatchAnalyzer.builder(ANALYZER).threads(1).build()
                .run(List.of(corpus.resolve(capture).toString()), null, new BatchListener() { });
        Set<String> keys = new TreeSet<>();
        summary.clients().forEach(c -> keys.add(c.key()));
        assertThat(keys).as("JA4 keys of the summary").allMatch(foxio::contains);
        assertThat(keys).anyMatch(k -> k.startsWith("q13")).anyMatch(k -> k.startsWith("t13"));
    }

    /**
     * Zeek's quic.log baselines beside the Zeek QUIC captures: per connection (the last row of a client address
     * and port: after a Retry, Zeek starts a row for the new Destination Connection ID), the version ({@code 1},
     * {@code quicv2}), {@code client_initial_dcid} (the DCID the Initial keys come from), {@code server_name} and
     * {@code client_protocol} (the first ALPN name).
     */
    @Test
    void quicFlowsAgreeWithZeeksQuicLog() throws IOException {
        List<String> failures = new ArrayList<>();
        int compared = 0;
        List<Path> logs;
        try (Stream<Path> s = Files.walk(corpus.resolve("zeek"))) {
            logs = s.filter(p -> p.getFileName().toString().endsWith(".quic.log")).sorted().toList();
        }
        for (Path log : logs) {
            String name = corpus.relativize(log).toString();
            String capture = name.substring(0, name.indexOf(".zeek."));
            Map<String, String[]> last = new java.util.LinkedHashMap<>();
            List<String> fields = null;
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("#fields\t")) {
                    fields = List.of(line.substring("#fields\t".length()).split("\t"));
                } else if (!line.startsWith("#") && fields != null) {
                    String[] f = line.split("\t", -1);
                    last.put(f[fields.indexOf("id.orig_h")] + " " + f[fields.indexOf("id.orig_p")], f);
                }
            }
            for (String[] f : last.values()) {
                compared++;
                String client = f[fields.indexOf("id.orig_h")] + " " + f[fields.indexOf("id.orig_p")];
                ConnectionRecord r = records(capture).values().stream()
                        .filter(x -> (x.client().ip() + " " + x.client().port()).equals(client)).findFirst().orElse(null);
                String where = capture + " " + client;
                if (r == null) {
                    failures.add(where + ": no record");
                    continue;
                }
                String version = f[fields.indexOf("version")];
                check(failures, where + " version", version.equals("quicv2") ? "2" : version, r.udp().version());
                check(failures, where + " client_initial_dcid", f[fields.indexOf("client_initial_dcid")], r.udp().dcid());
                String sni = f[fields.indexOf("server_name")];
                check(failures, where + " server_name", sni.equals("-") ? null : sni,
                        r.retryClientHello() != null ? r.retryClientHello().hello().serverName()
                                : r.clientHello().hello().serverName());
                check(failures, where + " client_protocol", f[fields.indexOf("client_protocol")],
                        r.clientHello().hello().alpn().get(0));
            }
        }
        System.out.println("QUIC vs Zeek quic.log: " + compared + " connections compared");
        assertThat(failures).as("differences from Zeek").isEmpty();
        assertThat(compared).isEqualTo(5);
    }

    /**
     * nDPI's {@code sites.pcapng} joins 22 captures, one per pcapng interface, not in time order. tshark {@code -T
     * fields -e frame.number -e frame.interface_id -e udp.stream}: the QUIC Initials of udp.stream 0 (frame 315) and
     * 3 (frame 656) are each the only frame of their interface (1 and 17); the file's next frames, 316 and 657, are on
     * interfaces 4 and 20, 36 and 88 days later. Each capture ends with its Initial: INCONCLUSIVE (CONTRACT.md,
     * Outcomes, rule 1), not NO_RESPONSE udp_blocked.
     */
    @Test
    void aLoneInitialThatEndsItsInterfacesCaptureIsInconclusive() throws IOException {
        Map<Integer, ConnectionRecord> sites = records("ndpi/pcap/sites.pcapng");
        Map<Integer, long[]> streams = Map.of(0, new long[] {315, 1}, 3, new long[] {656, 17});
        streams.forEach((stream, frameAndInterface) -> {
            ConnectionRecord r = sites.get(stream);
            assertThat(r.clientHello().frame()).isEqualTo(frameAndInterface[0]);
            assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.INCONCLUSIVE);
            assertThat(r.outcomeReason()).contains("pcapng interface " + frameAndInterface[1])
                    .contains("0.000 s after the ClientHello");
            assertThat(r.diagnosis()).extracting(Finding::cause).containsExactly(Cause.CAPTURE_ARTEFACT);
        });
    }

    @Test
    void aServerSilentAfterTheClientsHandshakeFlightIsNotBlamedOnTheCapture() throws IOException {
        // tshark -r quic-frag/input.pcap: the server's Initial and Handshake packets and a 1-RTT packet (frames 3-7,
        // port 443), the client's Handshake packets from frame 8 (0.021657 s); then only the client: frames 9-29,
        // its Handshake packets again in frames 27 and 29, the last at 22.131460 s; no CONNECTION_CLOSE
        ConnectionRecord r = records("suricata-verify/tests/quic-frag/input.pcap").get(0);
        assertThat(r.outcome()).isEqualTo(io.hellocheck.analysis.Outcome.INCONCLUSIVE);
        assertThat(r.outcomeReason()).contains("sent nothing in the 22.110 s after the client's Handshake flight "
                + "(frame 8)").contains("21 more datagrams (the last in frame 29)");
        assertThat(r.diagnosis()).extracting(f -> f.cause().id()).containsExactly("udp_blocked");
    }

    private Map<Integer, ConnectionRecord> records(String capture) throws IOException {
        Map<Integer, ConnectionRecord> m = records.get(capture);
        if (m == null) {
            m = new HashMap<>();
            for (ConnectionRecord r : ANALYZER.analyze(corpus.resolve(capture)).connections()) {
                if (r.udp() != null) {
                    m.put(r.udp().udpStream(), r);
                }
            }
            records.put(capture, m);
        }
        return m;
    }

    private static void check(List<String> failures, String what, Object expected, Object actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            failures.add(what + ": tshark/FoxIO " + expected + ", ours " + actual);
        }
    }
}
