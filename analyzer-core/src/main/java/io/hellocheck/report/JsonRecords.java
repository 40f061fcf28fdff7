package io.hellocheck.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hellocheck.CaptureSummary;
import io.hellocheck.CaptureWarning;
import io.hellocheck.analysis.AlertInfo;
import io.hellocheck.analysis.CipherOverlap;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.HelloInfo;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.analysis.ServerHelloInfo;
import io.hellocheck.analysis.ServerFlight;
import io.hellocheck.analysis.ServerRecord;
import io.hellocheck.analysis.TcpFacts;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.batch.InputError;
import io.hellocheck.frame.FragmentCounters;
import io.hellocheck.profile.ProfileMatch;
import io.hellocheck.profile.ServerProfile;
import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tls.CertificateInfo;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.NewSessionTicket;
import io.hellocheck.tls.Preamble;
import io.hellocheck.tls.ServerKeyExchange;
import io.hellocheck.tls.Ja3;
import io.hellocheck.tls.Ja4;
import io.hellocheck.tls.SslV2;
import io.hellocheck.tls.TlsNames;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Builds the JSON records of CONTRACT.md ({@code connection}, {@code server}, {@code summary},
 * {@code warning}, {@code error}) as Jackson trees. Keys are snake_case and never renamed; every record
 * carries {@code type} and {@code schema_version}.
 */
public final class JsonRecords {
    /** Version of the record layout; bumped only on incompatible changes. */
    public static final int SCHEMA_VERSION = 1;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Writes trees to generators that have no codec (a plain JsonFactory's); configured once, then only read. */
    private static final ObjectMapper WRITER = new ObjectMapper();

    private JsonRecords() {
    }

    private static ObjectNode header(String type) {
        ObjectNode o = F.objectNode();
        o.put("type", type);
        o.put("schema_version", SCHEMA_VERSION);
        return o;
    }

    /**
     * Writes a {@code connection} record to {@code g}: the same object {@link #connection} builds.
     *
     * @throws IOException when writing fails
     */
    public static void writeConnection(JsonGenerator g, ConnectionRecord r) throws IOException {
        WRITER.writeTree(g, connection(r));
    }

    /** A {@code connection} record. */
    public static ObjectNode connection(ConnectionRecord r) {
        int d = r.timeDigits();
        ObjectNode o = header("connection");
        o.put("capture", r.capture());
        o.put("tcp_stream", r.tcpStream());
        o.put("wireshark_filter", r.wiresharkFilter());
        o.set("client", endpoint(r.client()));
        o.set("server", endpoint(r.server()));
        o.put("start_time", Times.iso(r.startTimeNanos(), d));
        o.put("outcome", r.outcome().name());
        o.put("outcome_reason", r.outcomeReason());
        o.put("failed", r.outcome().isFailure());
        o.set("client_hello", clientHello(r.clientHello(), d));
        o.set("retry_client_hello", clientHello(r.retryClientHello(), d));
        if (r.retryClientHello() != null && r.retryClientHello().hello() != null && r.clientHello() != null
                && r.clientHello().hello() != null) {
            ArrayNode changed = ((ObjectNode) o.get("retry_client_hello")).putArray("changed_from_first");
            r.clientHello().hello().differencesFrom(r.retryClientHello().hello()).forEach(changed::add);
        }
        o.set("server_hello", serverHello(r.serverHello(), d));
        if (r.serverHello() != null) {
            ServerFlight f = r.serverFlight();
            ObjectNode sh = (ObjectNode) o.get("server_hello");
            sh.put("resumed", f != null && f.resumed());
            if (f == null || f.resumption() == null) {
                sh.putNull("resumption");
            } else {
                sh.put("resumption", f.resumption());
            }
            sh.put("encrypted_handshake", f != null && f.encryptedHandshake());
        }
        o.set("hello_retry_request", helloRetry(r.helloRetryRequest(), d));
        if (r.serverReactionNanos() == null) {
            o.putNull("server_reaction_ms");
        } else {
            o.put("server_reaction_ms", Times.millis(r.serverReactionNanos()));
        }
        if (r.rttNanos() == null) {
            o.putNull("rtt_ms");
        } else {
            o.put("rtt_ms", Times.millis(r.rttNanos()));
        }
        o.set("alert", alert(r.alert()));
        ArrayNode alerts = o.putArray("alerts");
        r.alerts().forEach(a -> alerts.add(alert(a)));
        if (r.closedBy() == null) {
            o.putNull("closed_by");
        } else {
            ObjectNode c = o.putObject("closed_by");
            c.put("side", r.closedBy().side().label());
            c.put("how", r.closedBy().how());
            c.put("frame", r.closedBy().frame());
        }
        ArrayNode ev = o.putArray("evidence");
        for (Evidence e : r.evidence()) {
            ObjectNode n = ev.addObject();
            n.put("frame", e.frame());
            n.put("time", Times.iso(e.timeNanos(), d));
            n.put("what", e.what());
        }
        o.set("cipher_overlap", overlap(r.cipherOverlap()));
        ArrayNode diagnosis = o.putArray("diagnosis");
        for (Finding f : r.diagnosis()) {
            ObjectNode n = diagnosis.addObject();
            n.put("cause", f.cause().id());
            n.put("confidence", f.confidence().label());
            n.put("explanation", f.explanation());
            ArrayNode fe = n.putArray("evidence");
            for (Evidence e : f.evidence()) {
                ObjectNode x = fe.addObject();
                x.put("frame", e.frame());
                x.put("time", Times.iso(e.timeNanos(), d));
                x.put("what", e.what());
            }
            n.put("next_step", f.nextStep());
        }
        if (r.serverPreamble() == null) {
            o.putNull("server_preamble");
        } else {
            ObjectNode p = o.putObject("server_preamble");
            p.put("protocol", r.serverPreamble().protocol());
            p.put("first_bytes", r.serverPreamble().firstBytes());
        }
        serverFlight(o, r.serverFlight(), r.clientHello(), d);
        o.set("preamble", preamble(r.preamble()));
        o.put("partial", r.partial());
        o.put("client_missed_bytes", r.clientMissedBytes());
        o.put("server_missed_bytes", r.serverMissedBytes());
        o.set("tcp", tcp(r.tcp(), d));
        return o;
    }

    private static JsonNode tcp(TcpFacts t, int d) {
        if (t == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        if (t.clientHelloAcked() == null) {
            o.putNull("client_hello_acked");
        } else {
            o.put("client_hello_acked", t.clientHelloAcked());
        }
        ArrayNode acked = o.putArray("client_hello_acked_frames");
        t.clientHelloAckedFrames().forEach(acked::add);
        ArrayNode unacked = o.putArray("client_hello_unacked_frames");
        t.clientHelloUnackedFrames().forEach(unacked::add);
        putOrNull(o, "syn_ack_ttl", t.synAckTtl());
        putOrNull(o, "syn_ack_ip_id", t.synAckIpId());
        if (t.serverReset() == null) {
            o.putNull("server_reset");
        } else {
            TcpFacts.ResetFacts r = t.serverReset();
            ObjectNode n = o.putObject("server_reset");
            n.put("frame", r.frame());
            n.put("time", Times.iso(r.timeNanos(), d));
            n.put("ttl", r.ttl());
            putOrNull(n, "ip_id", r.ipId());
            if (r.afterClientHelloNanos() < 0) {
                n.putNull("after_client_hello_ms");
            } else {
                n.put("after_client_hello_ms", Times.millis(r.afterClientHelloNanos()));
            }
        }
        o.put("server_data_after_reset", t.serverDataAfterReset());
        ObjectNode re = o.putObject("retransmitted_bytes");
        re.put("from_client", t.clientRetransmittedBytes());
        re.put("from_server", t.serverRetransmittedBytes());
        o.put("retransmission_mismatches", t.retransmissionMismatches());
        o.put("keep_alives", t.keepAlives());
        o.put("zero_window_probes", t.zeroWindowProbes());
        o.put("out_of_order_segments", t.outOfOrderSegments());
        o.put("held_segments_dropped", t.heldSegmentsDropped());
        ObjectNode nc = o.putObject("acked_not_captured_bytes");
        nc.put("from_client", t.clientAckedNotCaptured());
        nc.put("from_server", t.serverAckedNotCaptured());
        o.put("duration_ms", Times.millis(t.durationNanos()));
        o.put("max_idle_ms", Times.millis(t.maxIdleNanos()));
        if (t.encapsulation() == null) {
            o.putNull("encapsulation");
        } else {
            o.put("encapsulation", t.encapsulation());
        }
        return o;
    }

    private static void putOrNull(ObjectNode o, String key, int value) {
        if (value < 0) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    private static ObjectNode endpoint(Endpoint e) {
        ObjectNode o = F.objectNode();
        o.put("ip", e.ip());
        o.put("port", e.port());
        return o;
    }

    private static JsonNode clientHello(HelloInfo h, int d) {
        if (h == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        o.put("frame", h.frame());
        ArrayNode frames = o.putArray("frames");
        h.frames().forEach(frames::add);
        o.put("time", Times.iso(h.timeNanos(), d));
        o.put("length_bytes", h.lengthBytes());
        ClientHello c = h.hello();
        if (c == null) {
            o.put("decode_error", h.decodeError());
            return o;
        }
        o.set("legacy_version", VERSIONS.get(c.legacyVersion()));
        o.set("supported_versions", names(c.supportedVersions(), VERSION_NAMES));
        if (c.serverName() == null) {
            o.putNull("server_name");
        } else {
            o.put("server_name", c.serverName());
        }
        o.set("cipher_suites", names(c.cipherSuites(), SUITES));
        o.set("supported_groups", names(c.supportedGroups(), GROUPS));
        o.set("key_share_groups", names(c.keyShareGroups(), GROUPS));
        o.set("signature_algorithms", names(c.signatureAlgorithms(), SIGNATURES));
        ArrayNode alpn = o.putArray("alpn");
        c.alpn().forEach(alpn::add);
        o.set("extensions", names(c.extensionTypes(), EXTENSIONS));
        o.set("grease", grease(c));
        ArrayNode shares = o.putArray("key_shares");
        for (int i = 0; i < c.keyShareGroups().size(); i++) {
            int g = c.keyShareGroups().get(i);
            ObjectNode k = shares.addObject();
            k.put("group", TlsNames.group(g));
            k.put("length_bytes", i < c.keyShareLengths().size() ? c.keyShareLengths().get(i) : -1);
            k.put("post_quantum", TlsNames.isPostQuantumGroup(g));
        }
        o.put("post_quantum_key_share", c.postQuantumKeyShare());
        o.put("psk_offered", c.pskOffered());
        o.put("psk_identities", c.pskIdentities());
        o.set("psk_key_exchange_modes", names(c.pskKeyExchangeModes(), JsonRecords::pskMode));
        o.put("early_data", c.earlyData());
        putIntOrNull(o, "padding_bytes", c.paddingBytes());
        putIntOrNull(o, "session_ticket_bytes", c.sessionTicketBytes());
        o.put("ech_present", c.echPresent());
        o.put("server_name_is_outer", c.serverNameIsOuter());
        o.put("sslv2_format", c.sslV2());
        o.set("cipher_suite_security", securityCounts(c.cipherSuites()));
        ArrayNode anomalies = o.putArray("anomalies");
        c.anomalies().forEach(anomalies::add);
        if (c.sslV2()) {
            // JA3 and JA4 are defined over TLS ClientHello records only
            o.putNull("ja3");
            o.putNull("ja3_string");
            o.putNull("ja4");
            o.putNull("ja4_r");
        } else {
            String ja3String = Ja3.ja3String(c);
            String ja4R = Ja4.ja4R(c);
            o.put("ja3", memo(JA3_OF_STRING, ja3String, () -> Ja3.ja3(c)));
            o.put("ja3_string", ja3String);
            o.put("ja4", memo(JA4_OF_RAW, ja4R, () -> Ja4.ja4(c)));
            o.put("ja4_r", ja4R);
        }
        return o;
    }

    private static void putIntOrNull(ObjectNode o, String key, int v) {
        if (v < 0) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private static String pskMode(int v) {
        return switch (v) {
            case 0 -> "psk_ke";
            case 1 -> "psk_dhe_ke";
            default -> String.format("0x%02x", v & 0xff);
        };
    }

    /** Where a ClientHello carries GREASE values (RFC 8701): count per field, only fields that have any. */
    private static ObjectNode grease(ClientHello c) {
        ObjectNode g = F.objectNode();
        greaseCount(g, "cipher_suites", c.cipherSuites());
        greaseCount(g, "extensions", c.extensionTypes());
        greaseCount(g, "supported_groups", c.supportedGroups());
        greaseCount(g, "key_share_groups", c.keyShareGroups());
        greaseCount(g, "supported_versions", c.supportedVersions());
        greaseCount(g, "signature_algorithms", c.signatureAlgorithms());
        int alpn = 0;
        for (String a : c.alpn()) {
            // RFC 8701 section 3.2: GREASE ALPN identifiers are the two-byte values 0x?A?A
            if (a.length() == 2 && TlsNames.isGrease((a.charAt(0) << 8) | a.charAt(1))) {
                alpn++;
            }
        }
        if (alpn > 0) {
            g.put("alpn", alpn);
        }
        return g;
    }

    private static void greaseCount(ObjectNode g, String field, List<Integer> codes) {
        int n = 0;
        for (int v : codes) {
            if (TlsNames.isGrease(v)) {
                n++;
            }
        }
        if (n > 0) {
            g.put(field, n);
        }
    }

    private static ObjectNode securityCounts(List<Integer> suites) {
        List<String> classes = TlsNames.SECURITY_CLASSES;
        int[] counts = new int[classes.size()];
        for (int s : suites) {
            int k = securityClass(s);
            if (k >= 0) {
                counts[k]++;
            }
        }
        ObjectNode o = F.objectNode();
        for (int i = 0; i < counts.length; i++) {
            o.put(classes.get(i), counts[i]);
        }
        return o;
    }

    /** Per suite code: 0 not looked up yet, 1 no class, 2 + the index in {@link TlsNames#SECURITY_CLASSES}. */
    private static final byte[] SECURITY_CLASS = new byte[1 << 16];

    /** The index of a suite's class in {@link TlsNames#SECURITY_CLASSES}, or -1; looked up once per code. */
    private static int securityClass(int suite) {
        if (suite < 0 || suite >= SECURITY_CLASS.length) {
            return TlsNames.SECURITY_CLASSES.indexOf(TlsNames.cipherSuiteSecurity(suite));
        }
        int k = SECURITY_CLASS[suite];
        if (k == 0) {
            String c = TlsNames.cipherSuiteSecurity(suite);
            int i = c == null ? -1 : TlsNames.SECURITY_CLASSES.indexOf(c);
            if (c != null && i < 0) {
                throw new IllegalStateException("unknown security class " + c); // as the map lookup did
            }
            k = i + 2;
            SECURITY_CLASS[suite] = (byte) k;
        }
        return k - 2;
    }

    private static JsonNode cipherSuiteInfo(int code) {
        TlsNames.CipherSuiteInfo info = TlsNames.cipherSuiteInfo(code);
        if (info == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        putStringOrNull(o, "openssl_name", info.openSslName());
        putStringOrNull(o, "kx", info.kx());
        putStringOrNull(o, "au", info.au());
        putStringOrNull(o, "enc", info.enc());
        putStringOrNull(o, "mac", info.mac());
        ArrayNode v = o.putArray("versions");
        info.versions().forEach(v::add);
        putStringOrNull(o, "security", info.security());
        return o;
    }

    private static void putStringOrNull(ObjectNode o, String key, String v) {
        if (v == null) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private static void serverFlight(ObjectNode o, ServerFlight f, HelloInfo hello, int d) {
        ArrayNode certs = o.putArray("server_certificates");
        ArrayNode msgs = o.putArray("server_handshake_messages");
        if (f == null) {
            o.put("certificate_request", false);
            o.putNull("server_key_exchange_group");
            o.putNull("server_key_exchange");
            o.put("server_hello_done", false);
            o.putNull("new_session_ticket");
            return;
        }
        f.messages().forEach(msgs::add);
        String sni = hello == null || hello.hello() == null ? null : hello.hello().serverName();
        for (int i = 0; i < f.certificates().size(); i++) {
            CertificateInfo c = f.certificates().get(i);
            ObjectNode n = certs.addObject();
            n.put("index", i);
            n.put("frame", f.certificateFrame());
            n.put("length_bytes", c.lengthBytes());
            putStringOrNull(n, "sha256", c.sha256());
            putStringOrNull(n, "subject", c.subject());
            putStringOrNull(n, "issuer", c.issuer());
            putStringOrNull(n, "serial", c.serial());
            ArrayNode dns = n.putArray("san_dns");
            c.sanDns().forEach(dns::add);
            ArrayNode ips = n.putArray("san_ip");
            c.sanIp().forEach(ips::add);
            putStringOrNull(n, "not_before", c.notBefore() == null ? null : c.notBefore().toString());
            putStringOrNull(n, "not_after", c.notAfter() == null ? null : c.notAfter().toString());
            n.put("expired", c.expiredAt(f.certificateTimeNanos()));
            n.put("not_yet_valid", c.notYetValidAt(f.certificateTimeNanos()));
            putStringOrNull(n, "key_type", c.keyType());
            putIntOrNull(n, "key_bits", c.keyBits());
            putStringOrNull(n, "signature_algorithm", c.signatureAlgorithm());
            n.put("self_signed", c.selfSigned());
            n.put("ca", c.ca());
            Boolean matches = i == 0 ? f.leafMatches(sni) : null;
            if (matches == null) {
                n.putNull("matches_sni");
            } else {
                n.put("matches_sni", matches);
            }
            putStringOrNull(n, "parse_error", c.parseError());
        }
        o.put("server_certificate_count", f.certificateCount());
        o.put("certificate_request", f.certificateRequest() != null);
        ServerKeyExchange k = f.keyExchange();
        if (k == null || k.namedCurve() < 0) {
            o.putNull("server_key_exchange_group");
        } else {
            o.put("server_key_exchange_group", TlsNames.group(k.namedCurve()));
        }
        if (k == null) {
            o.putNull("server_key_exchange");
        } else {
            ObjectNode n = o.putObject("server_key_exchange");
            n.put("kind", k.kind());
            if (k.namedCurve() < 0) {
                n.putNull("group");
            } else {
                n.put("group", TlsNames.group(k.namedCurve()));
            }
            putIntOrNull(n, "dh_prime_bits", k.dhPrimeBits());
            putIntOrNull(n, "public_key_bytes", k.publicKeyBytes());
            if (k.signatureScheme() < 0) {
                n.putNull("signature_scheme");
            } else {
                n.put("signature_scheme", TlsNames.signatureScheme(k.signatureScheme()));
            }
        }
        o.put("server_hello_done", f.helloDone());
        NewSessionTicket t = f.sessionTicket();
        if (t == null) {
            o.putNull("new_session_ticket");
        } else {
            ObjectNode n = o.putObject("new_session_ticket");
            n.put("lifetime_hint_s", t.lifetimeHintSeconds());
            n.put("ticket_bytes", t.ticketBytes());
        }
    }

    private static JsonNode preamble(Preamble p) {
        if (p == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        o.put("protocol", p.protocol());
        ArrayNode frames = o.putArray("frames");
        p.frames().forEach(frames::add);
        o.put("length_bytes", p.clientBytes());
        putStringOrNull(o, "client_command", p.clientCommand());
        putStringOrNull(o, "server_reply", p.serverReply());
        putIntOrNull(o, "status_code", p.statusCode());
        putStringOrNull(o, "target", p.target());
        o.set("proxied_source", p.proxiedSource() == null ? F.nullNode() : endpoint(p.proxiedSource()));
        o.set("proxied_destination", p.proxiedDestination() == null ? F.nullNode() : endpoint(p.proxiedDestination()));
        o.put("tls_started", p.tlsStarted());
        return o;
    }

    private static String versionName(int v) {
        return TlsNames.isGrease(v) ? String.format("GREASE(0x%04x)", v) : TlsNames.version(v);
    }

    private static JsonNode serverHello(ServerHelloInfo s, int d) {
        if (s == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        o.put("frame", s.frame());
        o.put("time", Times.iso(s.timeNanos(), d));
        o.set("version", VERSIONS.get(s.hello().negotiatedVersion()));
        o.put("cipher_suite", TlsNames.cipherSuite(s.hello().cipherSuite()));
        o.set("cipher_suite_info", cipherSuiteInfo(s.hello().cipherSuite()));
        o.set("legacy_version", VERSIONS.get(s.hello().legacyVersion()));
        if (s.hello().keyShareGroup() < 0) {
            o.putNull("key_share");
        } else {
            ObjectNode k = o.putObject("key_share");
            k.put("group", TlsNames.group(s.hello().keyShareGroup()));
            k.put("length_bytes", s.hello().keyShareLength());
            k.put("post_quantum", TlsNames.isPostQuantumGroup(s.hello().keyShareGroup()));
        }
        o.set("extensions", names(s.hello().extensionTypes(), EXTENSIONS));
        if (s.hello().legacyVersion() == SslV2.VERSION) {
            o.putNull("ja3s");
            o.putNull("ja3s_string");
        } else {
            String ja3sString = Ja3.ja3sString(s.hello());
            o.put("ja3s", memo(JA3_OF_STRING, ja3sString, () -> Ja3.ja3s(s.hello())));
            o.put("ja3s_string", ja3sString);
        }
        return o;
    }

    private static JsonNode helloRetry(ServerHelloInfo s, int d) {
        if (s == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        o.put("frame", s.frame());
        o.put("time", Times.iso(s.timeNanos(), d));
        o.put("selected_group", TlsNames.group(s.hello().keyShareGroup()));
        o.put("cipher_suite", TlsNames.cipherSuite(s.hello().cipherSuite()));
        return o;
    }

    private static JsonNode alert(AlertInfo a) {
        if (a == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        o.put("from", a.from().label());
        if (a.encrypted()) {
            o.put("encrypted", true);
            o.putNull("level");
            o.putNull("description");
            o.putNull("code");
        } else {
            o.put("encrypted", false);
            o.put("level", a.level() == 2 ? "fatal" : a.level() == 1 ? "warning" : "level-" + a.level());
            o.put("description", TlsNames.alert(a.description()));
            o.put("code", a.description());
        }
        o.put("frame", a.frame());
        o.put("likely", a.likely());
        putStringOrNull(o, "meaning", a.meaning());
        return o;
    }

    private static JsonNode overlap(CipherOverlap c) {
        if (c == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        o.put("source", c.source());
        o.put("completed_handshakes", c.completedHandshakes());
        o.set("server_accepted", names(c.serverAccepted(), SUITES));
        o.set("offered_and_accepted", names(c.offeredAndAccepted(), SUITES));
        if (c.likelyChoice() < 0) {
            o.putNull("likely_choice");
        } else {
            o.put("likely_choice", TlsNames.cipherSuite(c.likelyChoice()));
        }
        o.set("offered_insecure", names(c.offeredInsecure(), SUITES));
        o.set("offered_weak", names(c.offeredWeak(), SUITES));
        // Every source, labelled: the inferred one (the keys above) first, then the user's profile if given,
        // then the built-in profiles.
        ArrayNode sources = o.putArray("sources");
        ObjectNode inferred = sources.addObject();
        inferred.put("source", c.source());
        inferred.put("completed_handshakes", c.completedHandshakes());
        inferred.set("server_accepted", names(c.serverAccepted(), SUITES));
        inferred.set("offered_and_accepted", names(c.offeredAndAccepted(), SUITES));
        if (c.userProfile() != null) {
            ProfileMatch m = c.userProfile();
            ServerProfile p = m.profile();
            ObjectNode n = sources.addObject();
            n.put("source", "server_profile");
            n.put("profile", p.id());
            n.put("versions_overlap", m.versions().name().toLowerCase(Locale.ROOT));
            n.put("groups_overlap", m.groups().name().toLowerCase(Locale.ROOT));
            n.put("reference", p.source().reference());
            n.set("server_accepted", names(p.cipherSuites(), SUITES));
            n.set("offered_and_accepted", names(m.commonSuites(), SUITES));
            n.set("usable", names(m.usableSuites(), SUITES));
            n.set("common_versions", names(m.commonVersions(), VERSIONS));
            n.set("common_groups", names(m.commonGroups(), GROUPS));
        }
        // Built-in profiles compactly: counts only; their suites are in the generated profile resources.
        for (ProfileMatch m : c.builtinProfiles()) {
            ObjectNode n = sources.addObject();
            n.put("source", "builtin_profile");
            n.put("profile", m.profile().id());
            n.put("versions_overlap", m.versions().name().toLowerCase(Locale.ROOT));
            n.put("groups_overlap", m.groups().name().toLowerCase(Locale.ROOT));
            n.put("offered_and_accepted_count", m.commonSuites().size());
            n.put("usable_count", m.usableSuites().size());
        }
        return o;
    }

    private static ArrayNode names(List<Integer> codes, NameCache names) {
        ArrayNode a = F.arrayNode(codes.size());
        for (int c : codes) {
            a.add(names.get(c));
        }
        return a;
    }

    private static final NameCache SUITES = new NameCache(TlsNames::cipherSuite);
    private static final NameCache GROUPS = new NameCache(TlsNames::group);
    private static final NameCache SIGNATURES = new NameCache(TlsNames::signatureScheme);
    private static final NameCache EXTENSIONS = new NameCache(TlsNames::extension);
    private static final NameCache VERSIONS = new NameCache(TlsNames::version);
    private static final NameCache VERSION_NAMES = new NameCache(JsonRecords::versionName);

    /**
     * Names of 16-bit code points as (immutable, shared) text nodes, made once per code: every connection
     * record names the same few suites, groups and schemes, each a map lookup and a new node before. Filled
     * as met by every thread; a race only makes a node twice.
     */
    private static final class NameCache {
        private final IntFunction<String> namer;
        private final TextNode[] nodes = new TextNode[1 << 16];

        NameCache(IntFunction<String> namer) {
            this.namer = namer;
        }

        TextNode get(int code) {
            if (code < 0 || code >= nodes.length) {
                return TextNode.valueOf(namer.apply(code));
            }
            TextNode n = nodes[code];
            if (n == null) {
                n = TextNode.valueOf(namer.apply(code));
                nodes[code] = n;
            }
            return n;
        }
    }

    /**
     * Fingerprints by what they are computed from: JA3 and JA3S are the MD5 of their strings, JA4 is JA4_r
     * with its lists hashed (SHA-256); so the same string always gives the same fingerprint, and a capture
     * has few distinct clients but thousands of records. Shared by every thread; cleared beyond 1,024 entries.
     */
    private static final Map<String, String> JA3_OF_STRING = new ConcurrentHashMap<>();
    private static final Map<String, String> JA4_OF_RAW = new ConcurrentHashMap<>();
    private static final int MAX_MEMO = 1024;

    private static String memo(Map<String, String> memo, String from, Supplier<String> compute) {
        String v = memo.get(from);
        if (v == null) {
            v = compute.get();
            if (memo.size() >= MAX_MEMO) {
                memo.clear();
            }
            memo.put(from, v);
        }
        return v;
    }

    private static ArrayNode names(List<Integer> codes, IntFunction<String> name) {
        ArrayNode a = F.arrayNode(codes.size());
        for (int c : codes) {
            a.add(name.apply(c));
        }
        return a;
    }

    /** A {@code server} record. */
    public static ObjectNode server(String capture, ServerRecord s) {
        ObjectNode o = header("server");
        o.put("capture", capture);
        o.set("server", endpoint(s.server()));
        o.put("connections", s.connections());
        o.put("completed", s.completed());
        o.put("failed", s.failed());
        o.set("outcomes", outcomes(s.outcomes()));
        ObjectNode acc = o.putObject("accepted_cipher_suites");
        acc.put("source", "completed_handshakes_in_capture");
        acc.set("suites", names(s.acceptedCipherSuites(), TlsNames::cipherSuite));
        o.set("negotiated_versions", names(s.negotiatedVersions(), TlsNames::version));
        ArrayNode sn = o.putArray("server_names");
        s.serverNames().forEach(sn::add);
        o.put("failed_without_common_suite", s.failedWithoutCommonSuite());
        ObjectNode bySni = o.putObject("accepted_cipher_suites_by_server_name");
        s.acceptedByServerName().forEach((k, v) -> bySni.set(k, names(v, TlsNames::cipherSuite)));
        ObjectNode causes = o.putObject("top_causes");
        s.causes().entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue())
                .forEach(e -> causes.put(e.getKey().id(), e.getValue()));
        ArrayNode retries = o.putArray("retries");
        for (ServerRecord.Retry r : s.retries()) {
            ObjectNode n = retries.addObject();
            n.put("failed_tcp_stream", r.failedStream());
            n.put("failed_outcome", r.failedOutcome().name());
            n.put("completed_tcp_stream", r.completedStream());
            n.put("after_ms", Times.millis(r.afterNanos()));
            ArrayNode d = n.putArray("differences");
            r.differences().forEach(d::add);
        }
        ArrayNode diffs = o.putArray("differences");
        for (ServerRecord.Difference d : s.differences()) {
            ObjectNode n = diffs.addObject();
            n.put("factor", d.factor());
            n.put("failed_with", d.failedWith());
            n.put("completed_with", d.completedWith());
            n.put("failed_without", d.failedWithout());
            n.put("completed_without", d.completedWithout());
            if (d.finding() == null) {
                n.putNull("finding");
            } else {
                n.put("finding", d.finding());
            }
        }
        return o;
    }

    private static ObjectNode outcomes(Map<Outcome, ? extends Number> m) {
        ObjectNode o = F.objectNode();
        for (Outcome k : Outcome.values()) {
            Number v = m.get(k);
            if (v != null && v.longValue() > 0) {
                o.put(k.name(), v.longValue());
            }
        }
        return o;
    }

    /** A {@code summary} record for one capture. */
    public static ObjectNode summary(CaptureSummary s) {
        int digits = s.timeDigits();
        ObjectNode o = header("summary");
        o.put("scope", "capture");
        o.put("capture", s.capture());
        o.put("format", s.format());
        o.put("frames", s.frames());
        o.put("bytes", s.bytes());
        if (s.frames() > 0) {
            o.put("first_time", Times.iso(s.firstTimeNanos(), digits));
            o.put("last_time", Times.iso(s.lastTimeNanos(), digits));
        } else {
            o.putNull("first_time");
            o.putNull("last_time");
        }
        o.put("tcp_connections", s.tcpConnections());
        o.put("connection_records", s.connectionRecords());
        o.put("failed_handshakes", s.failedHandshakes());
        o.set("outcomes", outcomes(s.outcomes()));
        ObjectNode kinds = o.putObject("frame_kinds");
        s.frameKinds().forEach(kinds::put);
        o.put("quic_frames_not_analyzed", s.frameKinds().getOrDefault("UDP_QUIC", 0L));
        o.put("dtls_frames_not_analyzed", s.frameKinds().getOrDefault("UDP_DTLS", 0L));
        ObjectNode links = o.putObject("unsupported_link_types");
        s.unsupportedLinkTypes().forEach((k, v) -> links.put(String.valueOf(k), v));
        ObjectNode unsupported = o.putObject("unsupported_encapsulations");
        s.unsupportedEncapsulations().forEach(unsupported::put);
        ObjectNode encapsulations = o.putObject("encapsulations");
        s.encapsulations().forEach(encapsulations::put);
        FragmentCounters fc = s.ipFragments();
        o.put("ip_fragments", fc.fragments());
        o.put("ip_datagrams_reassembled", fc.reassembled());
        o.put("ip_fragment_overlaps", fc.overlaps());
        o.put("ip_datagrams_timed_out", fc.timedOut());
        o.put("ip_datagrams_evicted", fc.evicted());
        o.put("ip_datagrams_invalid", fc.invalid());
        o.put("ip_datagrams_incomplete", fc.incomplete());
        o.put("filtered_out_frames", s.filteredOut());
        o.put("evicted_connections", s.evictedConnections());
        if (s.truncatedAtOffset() >= 0) {
            o.put("truncated_at_offset", s.truncatedAtOffset());
        } else {
            o.putNull("truncated_at_offset");
        }
        return o;
    }

    /** A {@code warning} record. */
    public static ObjectNode warning(String capture, CaptureWarning w) {
        ObjectNode o = header("warning");
        o.put("capture", capture);
        o.put("message", w.message());
        if (w.byteOffset() >= 0) {
            o.put("byte_offset", w.byteOffset());
        } else {
            o.putNull("byte_offset");
        }
        return o;
    }

    /**
     * An {@code error} record for a failed input of a batch: {@code capture}, {@code message},
     * {@code byte_offset}, and {@code kind} ({@code not_a_capture}, {@code corrupt}, ...) and {@code hint}
     * (what to do).
     */
    public static ObjectNode error(InputError e) {
        ObjectNode o = error(e.capture(), e.message(), e.byteOffset());
        o.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
        o.put("hint", e.hint());
        return o;
    }

    /**
     * The {@code summary} record over a whole batch ({@code "scope": "batch"}, {@code capture} null): totals,
     * outcomes, per server, per client configuration, and the files with errors.
     */
    public static ObjectNode batchSummary(BatchSummary s) {
        ObjectNode o = header("summary");
        o.put("scope", "batch");
        o.putNull("capture");
        o.put("captures", s.captures());
        o.put("errors", s.errors());
        o.put("warnings", s.warnings());
        o.put("skipped_files", s.skippedFiles());
        o.put("frames", s.frames());
        o.put("bytes", s.bytes());
        o.put("tcp_connections", s.tcpConnections());
        o.put("connection_records", s.connectionRecords());
        o.put("failed_handshakes", s.failedHandshakes());
        o.set("outcomes", outcomes(s.outcomes()));
        ArrayNode servers = o.putArray("servers");
        for (BatchSummary.ServerTotals t : s.servers()) {
            ObjectNode n = servers.addObject();
            n.set("server", endpoint(t.server()));
            n.put("connections", t.connections());
            n.put("completed", t.completed());
            n.put("failed", t.failed());
            n.set("outcomes", outcomes(t.outcomes()));
            n.set("top_causes", causes(t.topCauses()));
            ArrayNode names = n.putArray("server_names");
            t.serverNames().forEach(names::add);
        }
        o.put("servers_not_listed", s.serversNotListed());
        o.put("client_key", s.clientKeyKind());
        ArrayNode clients = o.putArray("clients");
        for (BatchSummary.ClientTotals t : s.clients()) {
            ObjectNode n = clients.addObject();
            n.put("client_key", t.key());
            n.set("versions", names(t.versions(), JsonRecords::versionName));
            n.put("cipher_suite_count", (int) t.cipherSuites().stream().filter(c -> !TlsNames.isGrease(c)).count());
            n.set("cipher_suites", names(t.cipherSuites(), TlsNames::cipherSuite));
            n.put("connections", t.connections());
            n.put("completed", t.completed());
            n.put("failed", t.failed());
            n.set("outcomes", outcomes(t.outcomes()));
            n.set("top_causes", causes(t.topCauses()));
            n.put("servers", t.servers());
        }
        o.put("clients_not_listed", s.clientsNotListed());
        o.put("records_without_client_hello", s.recordsWithoutClientHello());
        ArrayNode errors = o.putArray("files_with_errors");
        for (InputError e : s.errorList()) {
            ObjectNode n = errors.addObject();
            n.put("capture", e.capture());
            n.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
            n.put("message", e.message());
            if (e.byteOffset() >= 0) {
                n.put("byte_offset", e.byteOffset());
            } else {
                n.putNull("byte_offset");
            }
        }
        o.put("errors_not_listed", s.errorsNotListed());
        return o;
    }

    private static ArrayNode causes(List<BatchSummary.Cause> causes) {
        ArrayNode a = F.arrayNode();
        for (BatchSummary.Cause c : causes) {
            ObjectNode n = a.addObject();
            n.put("cause", c.cause());
            n.put("count", c.count());
        }
        return a;
    }

    /** An {@code error} record: an input that is not a readable capture. */
    public static ObjectNode error(String capture, String message, long byteOffset) {
        ObjectNode o = header("error");
        o.put("capture", capture);
        o.put("message", message);
        if (byteOffset >= 0) {
            o.put("byte_offset", byteOffset);
        } else {
            o.putNull("byte_offset");
        }
        return o;
    }
}
