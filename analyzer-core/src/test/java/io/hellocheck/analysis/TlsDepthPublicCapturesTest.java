package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.HelloCheck;
import io.hellocheck.tls.CertificateInfo;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.TlsNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The TLS-depth fields of our records against independent decodings of the public captures
 * ({@code ../shared/captures/public}):
 * <ul>
 *   <li>tshark, through the committed files {@code tls/depth/*.tsv} written by
 *       {@code tools/generate-tls-depth-expectations.py}: the server's clear-text flight (message types, the
 *       certificate chain's DER lengths, SHA-256 and dNSName entries, the ServerKeyExchange curve and DH prime
 *       size, CertificateRequest, NewSessionTicket, the accepted PSK), the ClientHellos' PSK, padding,
 *       ticket and key share fields and SSLv2 cipher specs, and every plaintext alert;</li>
 *   <li>Zeek, through its btest baselines beside the captures ({@code *ssl*.log}): {@code cert_chain_fps},
 *       {@code curve}, {@code resumed}, the server's letters of {@code ssl_history}, {@code subject},
 *       {@code issuer} and {@code sni_matches_cert}.</li>
 * </ul>
 * Connections we have no record of (the known differences of the CLI's PublicCapturesTest: encapsulations not
 * read yet) are counted and skipped.
 */
@Tag("public-captures")
class TlsDepthPublicCapturesTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();
    /**
     * Where tshark's decoding is not the reference, by "capture tcp.stream": the comparisons of the server's
     * flight that are skipped there, and why.
     */
    private static final Map<String, String> TSHARK_GAPS = Map.of(
            "ndpi/pcap/tls_invalid_reads.pcap 0", "a corrupted record after the ServerHello holds a handshake of "
                    + "type 9 (request_connection_id, a DTLS type); tshark calls it an encrypted handshake message",
            "zeek/Traces/tls/tls-fragmented-handshake.pcap.gz 0", "the Certificate message (339629 bytes over "
                    + "thousands of records) is not reassembled by tshark; Zeek's ssl.log (cert_chain_fps) is the "
                    + "reference there");
    private final Map<String, List<ConnectionRecord>> records = new HashMap<>();
    private final Path corpus = Paths.get(System.getProperty("hellocheck.shared", "../shared"))
            .resolve("captures").resolve("public");

    @Test
    void serverFlightAgreesWithTshark() throws Exception {
        List<String> failures = new ArrayList<>();
        int compared = 0;
        int missing = 0;
        for (Map<String, String> row : rows("server-flight.tsv")) {
            ConnectionRecord r = record(row.get("capture"), Integer.parseInt(row.get("tcp_stream")));
            if (r == null || r.serverHello() == null) {
                missing++;
                continue;
            }
            if (TSHARK_GAPS.containsKey(row.get("capture") + " " + row.get("tcp_stream"))) {
                continue;
            }
            compared++;
            String where = row.get("capture") + " tcp.stream " + row.get("tcp_stream") + ": ";
            ServerFlight f = r.serverFlight();
            List<String> theirs = Arrays.stream(row.get("server_messages").split(","))
                    .map(t -> ServerFlightTracker.name(Integer.parseInt(t))).toList();
            check(failures, where + "server messages", theirs, f.messages());
            List<CertificateInfo> certs = f.certificates();
            check(failures, where + "certificate count", Integer.parseInt(row.get("certificate_count")),
                    f.certificateCount());
            check(failures, where + "certificate lengths", list(row.get("certificate_lengths")),
                    certs.stream().map(c -> String.valueOf(c.lengthBytes())).toList());
            check(failures, where + "certificate SHA-256", list(row.get("certificate_sha256")),
                    certs.stream().map(CertificateInfo::sha256).toList());
            check(failures, where + "dNSName entries", list(row.get("san_dns")),
                    certs.stream().flatMap(c -> c.sanDns().stream()).toList());
            String curve = f.keyExchange() == null || f.keyExchange().namedCurve() < 0 ? "-"
                    : String.valueOf(f.keyExchange().namedCurve());
            check(failures, where + "ServerKeyExchange named curve", row.get("named_curve"), curve);
            String dh = f.keyExchange() == null || f.keyExchange().dhPrimeBits() < 0 ? "-"
                    : String.valueOf(f.keyExchange().dhPrimeBits());
            check(failures, where + "DH prime bits", row.get("dh_prime_bits"), dh);
            check(failures, where + "CertificateRequest", row.get("certificate_request").equals("yes"),
                    f.certificateRequest() != null);
            String ticket = f.sessionTicket() == null ? "-"
                    : f.sessionTicket().lifetimeHintSeconds() + "/" + f.sessionTicket().ticketBytes();
            check(failures, where + "NewSessionTicket", row.get("ticket_lifetime_hint_and_length"), ticket);
            int psk = r.serverHello().hello().pskSelectedIdentity();
            check(failures, where + "pre_shared_key selected identity", row.get("psk_selected_identity"),
                    psk < 0 ? "-" : String.valueOf(psk));
        }
        System.out.println("server flight vs tshark: " + compared + " connections compared, " + missing
                + " without our record or ServerHello");
        assertThat(failures).as("server flight differences from tshark").isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(190);
    }

    @Test
    void clientHellosAgreeWithTshark() throws Exception {
        List<String> failures = new ArrayList<>();
        int compared = 0;
        int missing = 0;
        for (Map<String, String> row : rows("client-hellos.tsv")) {
            ConnectionRecord r = record(row.get("capture"), Integer.parseInt(row.get("tcp_stream")));
            long frame = Long.parseLong(row.get("frame"));
            HelloInfo h = null;
            for (HelloInfo x : new HelloInfo[] {r == null ? null : r.clientHello(), r == null ? null : r.retryClientHello()}) {
                if (x != null && x.frames().contains(frame)) {
                    h = x;
                }
            }
            if (h == null || h.hello() == null) {
                missing++;
                continue;
            }
            compared++;
            ClientHello c = h.hello();
            String where = row.get("capture") + " tcp.stream " + row.get("tcp_stream") + " frame " + frame + ": ";
            check(failures, where + "extensions", list(row.get("extension_types")),
                    c.extensionTypes().stream().map(String::valueOf).toList());
            check(failures, where + "psk identities", row.get("psk_identities"),
                    c.pskOffered() ? String.valueOf(c.pskIdentities()) : "-");
            check(failures, where + "psk_key_exchange_modes", list(row.get("psk_key_exchange_modes")),
                    c.pskKeyExchangeModes().stream().map(String::valueOf).toList());
            check(failures, where + "padding", row.get("padding_bytes"),
                    c.paddingBytes() < 0 ? "-" : String.valueOf(c.paddingBytes()));
            check(failures, where + "session ticket", row.get("session_ticket_bytes"),
                    c.sessionTicketBytes() < 0 ? "-" : String.valueOf(c.sessionTicketBytes()));
            check(failures, where + "key share groups", list(row.get("key_share_groups")),
                    c.keyShareGroups().stream().map(String::valueOf).toList());
            check(failures, where + "key share lengths", list(row.get("key_share_lengths")),
                    c.keyShareLengths().stream().map(String::valueOf).toList());
            if (!row.get("sslv2_version").equals("-")) {
                check(failures, where + "SSLv2 format", true, c.sslV2());
                check(failures, where + "SSLv2 version", Integer.parseInt(row.get("sslv2_version")), c.legacyVersion());
                // tshark writes each three-byte cipher spec; a spec 0x00XXXX is the TLS suite 0xXXXX
                check(failures, where + "SSLv2 cipher specs", list(row.get("sslv2_cipher_specs")),
                        c.cipherSuites().stream().map(String::valueOf).toList());
            } else {
                check(failures, where + "SSLv2 format", false, c.sslV2());
            }
        }
        System.out.println("ClientHellos vs tshark: " + compared + " compared, " + missing + " without our record");
        assertThat(failures).as("ClientHello differences from tshark").isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(270);
    }

    @Test
    void plaintextAlertsAgreeWithTshark() throws Exception {
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (Map<String, String> row : rows("alerts.tsv")) {
            ConnectionRecord r = record(row.get("capture"), Integer.parseInt(row.get("tcp_stream")));
            assertThat(r).as(row.toString()).isNotNull();
            compared++;
            long frame = Long.parseLong(row.get("frame"));
            boolean found = r.alerts().stream().anyMatch(a -> !a.encrypted() && a.frame() == frame
                    && a.from().label().equals(row.get("from")) && a.level() == Integer.parseInt(row.get("level"))
                    && a.description() == Integer.parseInt(row.get("description")));
            if (!found) {
                failures.add(row + ": ours " + r.alerts());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(6);
    }

    /** Zeek's ssl.log baselines: certificates, curve, resumption, server messages, subject, SNI match. */
    @Test
    void zeekSslLogsAgree() throws IOException {
        List<Path> logs;
        try (Stream<Path> s = Files.walk(corpus)) {
            logs = s.filter(p -> p.getFileName().toString().matches(".*\\.pcap(ng)?(\\.gz)?\\.zeek\\..*ssl.*\\.log"))
                    .sorted().toList();
        }
        assertThat(logs).isNotEmpty();
        // Where Zeek reads more than we do, by design: "log file id.orig_p" -> why; the certificate fields are
        // not compared there
        Map<String, String> zeekGaps = Map.of(
                "tls-fragmented-handshake.pcap.gz.zeek.scripts.base.protocols.ssl.fragment.ssl.log 61454",
                "the server's one certificate is 339623 bytes; we read certificates of up to 64 KiB (Certificates."
                        + "MAX_CERTIFICATE_BYTES) and list it with its length and a parse error, without SHA-256");
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (Path log : logs) {
            String file = log.getFileName().toString();
            String capName = file.substring(0, file.indexOf(".zeek."));
            String capture = corpus.relativize(log.resolveSibling(capName)).toString().replace('\\', '/');
            for (Map<String, String> z : zeekRows(log)) {
                if (!z.containsKey("id.orig_h") || z.get("version").startsWith("DTLS")) {
                    continue;
                }
                ConnectionRecord r = byEndpoints(capture, z);
                if (r == null) {
                    continue; // QUIC, or a connection we have no record of
                }
                compared++;
                String where = file + " " + z.get("id.orig_h") + ":" + z.get("id.orig_p") + ": ";
                ServerFlight f = r.serverFlight();
                boolean certGap = zeekGaps.containsKey(file + " " + z.get("id.orig_p"));
                if (certGap) {
                    assertThat(f.certificates()).singleElement().satisfies(c -> {
                        assertThat(c.lengthBytes()).isEqualTo(339623);
                        assertThat(c.parseError()).contains("more than");
                    });
                }
                if (!z.get("cert_chain_fps").equals("-") && !certGap) {
                    List<String> fps = z.get("cert_chain_fps").equals("(empty)") ? List.of()
                            : List.of(z.get("cert_chain_fps").split(","));
                    check(failures, where + "cert_chain_fps", fps,
                            f == null ? List.of() : f.certificates().stream().map(CertificateInfo::sha256).toList());
                }
                check(failures, where + "resumed", z.get("resumed").equals("T"), f != null && f.resumed());
                if (!z.get("curve").equals("-") && r.serverHello() != null) {
                    int group = f != null && f.keyExchange() != null && f.keyExchange().namedCurve() >= 0
                            ? f.keyExchange().namedCurve() : r.serverHello().hello().keyShareGroup();
                    check(failures, where + "curve", z.get("curve"), TlsNames.group(group));
                }
                String history = z.getOrDefault("ssl_history", "-");
                if (!history.equals("-") && f != null) {
                    check(failures, where + "server letters of ssl_history", serverLetters(history),
                            serverLetters(f.messages()));
                }
                if (z.containsKey("subject") && !z.get("subject").equals("-") && f != null && !f.certificates().isEmpty()
                        && !certGap) {
                    check(failures, where + "subject", z.get("subject"), f.certificates().get(0).subject());
                    check(failures, where + "issuer", z.get("issuer"), f.certificates().get(0).issuer());
                }
                String sniMatch = z.getOrDefault("sni_matches_cert", "-");
                if (!sniMatch.equals("-") && f != null && !certGap) {
                    String sni = r.clientHello().hello().serverName();
                    check(failures, where + "sni_matches_cert", sniMatch.equals("T"), f.leafMatches(sni));
                }
            }
        }
        System.out.println("Zeek ssl.log rows compared: " + compared);
        assertThat(failures).as("differences from Zeek's ssl.log baselines").isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(20);
    }

    /**
     * The server's (lowercase) letters of Zeek's ssl_history up to its ChangeCipherSpec 'i': s server_hello,
     * x certificate, k server_key_exchange, r certificate_request, n server_hello_done, t new_session_ticket,
     * u certificate_status (Zeek's ssl/main.zeek).
     */
    private static String serverLetters(String history) {
        StringBuilder sb = new StringBuilder();
        for (char ch : history.toCharArray()) {
            if (ch == 'i') {
                break;
            }
            if ("sxkrntu".indexOf(ch) >= 0) {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static String serverLetters(List<String> messages) {
        Map<String, String> letters = Map.of("server_hello", "s", "certificate", "x", "server_key_exchange", "k",
                "certificate_request", "r", "server_hello_done", "n", "new_session_ticket", "t",
                "certificate_status", "u");
        return messages.stream().map(m -> letters.getOrDefault(m, "?")).collect(Collectors.joining());
    }

    private ConnectionRecord byEndpoints(String capture, Map<String, String> z) {
        List<ConnectionRecord> all = records.computeIfAbsent(capture, this::analyze);
        for (ConnectionRecord r : all) {
            if (r.clientHello() != null && r.client().ip().equals(z.get("id.orig_h"))
                    && r.client().port() == Integer.parseInt(z.get("id.orig_p"))
                    && r.server().ip().equals(z.get("id.resp_h"))
                    && r.server().port() == Integer.parseInt(z.get("id.resp_p"))) {
                return r;
            }
        }
        return null;
    }

    private static List<Map<String, String>> zeekRows(Path log) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        String[] fields = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("#fields\t")) {
                fields = line.substring(8).split("\t");
            } else if (!line.startsWith("#") && fields != null && !line.isBlank()) {
                String[] v = line.split("\t", -1);
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < fields.length && i < v.length; i++) {
                    m.put(fields[i], v[i]);
                }
                out.add(m);
            }
        }
        return out;
    }

    private static void check(List<String> failures, String what, Object expected, Object actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            failures.add(what + ": expected " + expected + " but ours is " + actual);
        }
    }

    private static List<String> list(String csv) {
        return csv.equals("-") ? List.of() : List.of(csv.split(","));
    }

    private ConnectionRecord record(String capture, int stream) {
        for (ConnectionRecord r : records.computeIfAbsent(capture, this::analyze)) {
            if (r.tcpStream() == stream && r.clientHello() != null) {
                return r;
            }
        }
        return null;
    }

    private List<ConnectionRecord> analyze(String capture) {
        try {
            return ANALYZER.analyze(corpus.resolve(capture)).connections();
        } catch (IOException e) {
            throw new UncheckedIOException(capture, e);
        }
    }

    private static List<Map<String, String>> rows(String name) throws IOException, URISyntaxException {
        Path f = Paths.get(TlsDepthPublicCapturesTest.class.getResource("/io/hellocheck/tls/depth/" + name).toURI());
        List<Map<String, String>> out = new ArrayList<>();
        String[] header = null;
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] v = line.split("\t", -1);
            if (header == null) {
                header = v;
                continue;
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                m.put(header[i], v[i]);
            }
            out.add(m);
        }
        return out;
    }
}
