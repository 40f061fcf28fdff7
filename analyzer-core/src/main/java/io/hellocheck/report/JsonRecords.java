package io.hellocheck.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.hellocheck.analysis.AlertInfo;
import io.hellocheck.analysis.CipherOverlap;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.DecryptedHandshake;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.HelloInfo;
import io.hellocheck.analysis.ServerHelloInfo;
import io.hellocheck.analysis.ServerFlight;
import io.hellocheck.analysis.TcpFacts;
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
import io.hellocheck.tls.Memos;
import io.hellocheck.tls.SslV2;
import io.hellocheck.tls.TlsNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Writes the {@code connection} records of CONTRACT.md, once per handshake, straight into a Jackson generator (or as
 * a tree, read back from what the writer writes); the other records are {@link RecordTrees}. Keys are snake_case and
 * never renamed; every record carries {@code type} and {@code schema_version}.
 */
public final class JsonRecords {
    /** Version of the record layout; bumped only on incompatible changes. */
    public static final int SCHEMA_VERSION = 1;
    /** Reads the tree form of a connection record back; a holder, so that writing records never sets up a mapper. */
    private static final class TreeReader {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private JsonRecords() {
    }

    /**
     * A {@code connection} record as a tree: what {@link #writeConnection} writes, read back (one place for the
     * keys: the writer; the tree and the streamed record never differ).
     */
    public static ObjectNode connection(ConnectionRecord r) {
        try (TokenBuffer buffer = new TokenBuffer((ObjectCodec) null, false)) {
            writeConnection(buffer, r);
            try (JsonParser p = buffer.asParser(TreeReader.MAPPER)) {
                return TreeReader.MAPPER.readTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a TokenBuffer does no I/O
        }
    }

    /**
     * Writes a {@code connection} record straight into a generator, without building a tree: the keys in the
     * order of CONTRACT.md. This is what the command line's JSON formats use, once per handshake; a tree per
     * record (a map per object) cost as much as the analysis.
     *
     * @throws IOException when writing fails
     */
    public static void writeConnection(JsonGenerator generator, ConnectionRecord r) throws IOException {
        JsonGenerator g = EncodedKeys.of(generator);
        int d = r.timeDigits();
        g.writeStartObject();
        g.writeStringField("type", "connection");
        g.writeNumberField("schema_version", SCHEMA_VERSION);
        g.writeStringField("capture", r.capture());
        UdpJson.streams(g, r);
        g.writeStringField("wireshark_filter", r.wiresharkFilter());
        g.writeFieldName("client");
        endpoint(g, r.client());
        g.writeFieldName("server");
        endpoint(g, r.server());
        time(g, "start_time", r.startTimeNanos(), d);
        g.writeStringField("outcome", r.outcome().name());
        g.writeStringField("outcome_reason", r.outcomeReason());
        g.writeBooleanField("failed", r.failed());
        g.writeFieldName("client_hello");
        if (clientHello(g, r.clientHello(), d, r.transport())) {
            g.writeEndObject();
        }
        g.writeFieldName("retry_client_hello");
        if (clientHello(g, r.retryClientHello(), d, r.transport())) {
            if (r.retryClientHello().hello() != null && r.clientHello() != null && r.clientHello().hello() != null) {
                g.writeArrayFieldStart("changed_from_first");
                for (String c : r.clientHello().hello().differencesFrom(r.retryClientHello().hello())) {
                    g.writeString(c);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeFieldName("server_hello");
        if (serverHello(g, r.serverHello(), d)) {
            ServerFlight f = r.serverFlight();
            g.writeBooleanField("resumed", f != null && f.resumed());
            g.writeStringField("resumption", f == null ? null : f.resumption());
            g.writeBooleanField("encrypted_handshake", f != null && f.encryptedHandshake());
            g.writeEndObject();
        }
        g.writeFieldName("hello_retry_request");
        helloRetry(g, r.helloRetryRequest(), d);
        g.writeFieldName("server_reaction_ms");
        millisOrNull(g, r.serverReactionNanos());
        g.writeFieldName("client_wait_ms");
        millisOrNull(g, r.clientWaitNanos());
        g.writeFieldName("rtt_ms");
        millisOrNull(g, r.rttNanos());
        g.writeFieldName("alert");
        alert(g, r.alert());
        g.writeArrayFieldStart("alerts");
        for (int i = 0; i < r.alerts().size(); i++) {
            alert(g, r.alerts().get(i));
        }
        g.writeEndArray();
        if (r.alertsLeftOut() > 0) {
            g.writeNumberField("alerts_left_out", r.alertsLeftOut());
        }
        if (r.closedBy() == null) {
            g.writeNullField("closed_by");
        } else {
            g.writeObjectFieldStart("closed_by");
            g.writeStringField("side", r.closedBy().side().label());
            g.writeStringField("how", r.closedBy().how());
            g.writeNumberField("frame", r.closedBy().frame());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("evidence");
        evidence(g, r.evidence(), d);
        g.writeEndArray();
        g.writeFieldName("cipher_overlap");
        overlap(g, r.cipherOverlap());
        g.writeArrayFieldStart("diagnosis");
        for (int i = 0; i < r.diagnosis().size(); i++) {
            Finding f = r.diagnosis().get(i);
            g.writeStartObject();
            g.writeStringField("cause", f.cause().id());
            g.writeStringField("confidence", f.confidence().label());
            g.writeStringField("explanation", f.explanation());
            g.writeArrayFieldStart("evidence");
            evidence(g, f.evidence(), d);
            g.writeEndArray();
            g.writeStringField("next_step", f.nextStep());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (r.serverPreamble() == null) {
            g.writeNullField("server_preamble");
        } else {
            g.writeObjectFieldStart("server_preamble");
            g.writeStringField("protocol", r.serverPreamble().protocol());
            g.writeStringField("first_bytes", r.serverPreamble().firstBytes());
            g.writeEndObject();
        }
        serverFlight(g, r.serverFlight(), r.clientHello());
        decryption(g, r.decryption());
        g.writeFieldName("preamble");
        preamble(g, r.preamble());
        g.writeBooleanField("partial", r.partial());
        g.writeNumberField("client_missed_bytes", r.clientMissedBytes());
        g.writeNumberField("server_missed_bytes", r.serverMissedBytes());
        g.writeFieldName("tcp");
        tcp(g, r.tcp(), d);
        UdpJson.details(g, r);
        g.writeEndObject();
    }

    /**
     * Writes the keys pre-encoded: they are the same few hundred literals of this class in every record,
     * escaped and encoded once instead of character by character each time (C1, the launcher's compiler,
     * does not inline the per-character calls of that loop). Only for connection records, whose keys are all
     * literals here, so the set stays small.
     */
    private static final class EncodedKeys extends JsonGeneratorDelegate {
        private static final Map<String, SerializedString> KEYS = new ConcurrentHashMap<>();
        /** This thread's wrapper (stateless between records but for its tables below). */
        private static final ThreadLocal<EncodedKeys> LAST = new ThreadLocal<>();
        /** Where {@link #time} writes a record's times and {@link #writeString(String)} copies strings. */
        final char[] chars = new char[512];

        private EncodedKeys(JsonGenerator g) {
            super(g, false);
        }

        /** This thread's wrapper, now around {@code g}. */
        static EncodedKeys of(JsonGenerator g) {
            EncodedKeys k = LAST.get();
            if (k == null) {
                k = new EncodedKeys(g);
                LAST.set(k);
            }
            k.delegate = g;
            k.writesBytes = writesBytes(g);
            return k;
        }

        /**
         * This thread's keys by their string, open addressing on its hash (the keys are literals: found by
         * identity at the first probe, without the shared map's lookup per key); at most half full, then the
         * shared map.
         */
        private final String[] names = new String[1024];
        private final SerializedString[] encoded = new SerializedString[1024];
        private int count;

        @Override
        public void writeFieldName(String name) throws IOException {
            int mask = names.length - 1;
            for (int i = name.hashCode() & mask; ; i = (i + 1) & mask) {
                String k = names[i];
                if (k == name || (k != null && k.equals(name))) {
                    delegate.writeFieldName(encoded[i]);
                    return;
                }
                if (k == null) {
                    SerializedString key = shared(name);
                    if (count < names.length / 2) {
                        names[i] = name;
                        encoded[i] = key;
                        count++;
                    }
                    delegate.writeFieldName(key);
                    return;
                }
            }
        }

        private static SerializedString shared(String name) {
            SerializedString key = KEYS.get(name);
            if (key == null) {
                key = new SerializedString(name);
                KEYS.putIfAbsent(name, key);
            }
            return key;
        }

        /**
         * Fragments of records this thread wrote, encoded, for their next use: the built-in profile entries of
         * {@code cipher_overlap.sources} by the identity of their {@link ProfileMatch} (the analysis makes one per
         * distinct offer and profile and shares it between the connections of that offer: ten per record, the
         * same ten for every connection of a client), and ClientHello tails by their {@link HelloTail}. A
         * fragment is encoded the second time its key is met ({@link #FIRST_SEEN} marks the first): a client
         * whose every ClientHello differs (GREASE values and an extension order drawn per connection, as Chrome
         * does) then costs a map entry per record, not an encoding. At most {@link #MAX_FRAGMENTS} keys each,
         * then forgotten and met again.
         */
        private final Map<ProfileMatch, SerializedString> profiles = new IdentityHashMap<>();
        private final Map<HelloTail, SerializedString> tails = new HashMap<>();
        private static final SerializedString FIRST_SEEN = new SerializedString("");
        private static final int MAX_FRAGMENTS = 4096;
        private static final JsonFactory FRAGMENTS = new JsonFactory();

        /**
         * Whether the wrapped generator writes bytes as they come, as {@link #FRAGMENTS}' generators write them, so
         * that fragments may be written from their bytes: set with the generator, once per record.
         */
        private boolean writesBytes;

        /**
         * Whether {@code g} is a {@link UTF8JsonGenerator} without pretty printer (not a token buffer), escaping
         * and numbers as by default.
         */
        private static boolean writesBytes(JsonGenerator g) {
            return g instanceof UTF8JsonGenerator && g.getPrettyPrinter() == null
                    && g.getCharacterEscapes() == null && g.getHighestEscapedChar() == 0
                    && !g.isEnabled(JsonGenerator.Feature.ESCAPE_NON_ASCII)
                    && !g.isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS);
        }

        /** The encoded entry of {@code m}, or null the first time it is met (then written field by field). */
        SerializedString builtinProfile(ProfileMatch m) throws IOException {
            SerializedString s = secondSight(profiles, m);
            if (s == FIRST_SEEN) {
                StringWriter w = new StringWriter(192);
                try (JsonGenerator fragment = FRAGMENTS.createGenerator(w)) {
                    JsonRecords.builtinProfile(fragment, m);
                }
                s = new SerializedString(w.toString());
                profiles.put(m, s);
            }
            return s;
        }

        /**
         * The encoded keys of {@code t}, beginning with the comma after {@code server_name}'s value, or null the
         * first time it is met (then written field by field).
         */
        SerializedString helloTail(HelloTail t) throws IOException {
            SerializedString s = secondSight(tails, t);
            if (s == FIRST_SEEN) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
                try (JsonGenerator fragment = FRAGMENTS.createGenerator(bytes, JsonEncoding.UTF8)) {
                    fragment.writeStartObject();
                    JsonRecords.helloTail(fragment, t);
                    fragment.writeEndObject();
                }
                // {"cipher_suites":...} as ,"cipher_suites":... : the keys that follow server_name's value
                String object = bytes.toString(StandardCharsets.UTF_8);
                s = new SerializedString("," + object.substring(1, object.length() - 1));
                tails.put(t, s);
            }
            return s;
        }

        /**
         * The fragment of {@code key}: null when met for the first time (now remembered), {@link #FIRST_SEEN}
         * when met once before (to be encoded now), else the encoded fragment.
         */
        private static <K> SerializedString secondSight(Map<K, SerializedString> fragments, K key) {
            SerializedString s = fragments.get(key);
            if (s == null) {
                if (fragments.size() >= MAX_FRAGMENTS) {
                    fragments.clear();
                }
                fragments.put(key, FIRST_SEEN);
            }
            return s;
        }

        /** The bytes of an encoded value, as the wrapped generator's own method writes them (not its String form). */
        @Override
        public void writeRawValue(SerializableString raw) throws IOException {
            delegate.writeRawValue(raw);
        }

        /**
         * A string value copied into a char array first: the generator then encodes it from the array, where
         * from a {@code String} it calls {@code charAt} per character, a call each under C1. The same bytes.
         */
        @Override
        public void writeString(String text) throws IOException {
            if (text == null || text.length() > chars.length) {
                delegate.writeString(text);
                return;
            }
            int n = text.length();
            text.getChars(0, n, chars, 0);
            delegate.writeString(chars, 0, n);
        }
    }

    /** {@code key} and the time as {@link Times#iso(long, int)} writes it. */
    private static void time(JsonGenerator g, String key, long nanos, int digits) throws IOException {
        g.writeFieldName(key);
        if (g instanceof EncodedKeys k) {
            g.writeString(k.chars, 0, Times.iso(nanos, digits, k.chars));
        } else {
            g.writeString(Times.iso(nanos, digits));
        }
    }

    private static void millisOrNull(JsonGenerator g, Long nanos) throws IOException {
        if (nanos == null) {
            g.writeNull();
        } else {
            g.writeNumber(Times.millis(nanos));
        }
    }

    private static void evidence(JsonGenerator g, List<Evidence> evidence, int d) throws IOException {
        for (int i = 0; i < evidence.size(); i++) {
            Evidence e = evidence.get(i);
            g.writeStartObject();
            g.writeNumberField("frame", e.frame());
            time(g, "time", e.timeNanos(), d);
            g.writeStringField("what", e.what());
            g.writeEndObject();
        }
    }

    /**
     * Entries written of one list of a connection record (frames of a ClientHello, its suites, extensions,
     * anomalies, a certificate's names ...): the input sets their length, so each stops here and
     * {@code KEY_left_out} (only when positive) counts the rest.
     */
    public static final int MAX_LISTED = 256;

    /** How many of {@code size} entries are written; after the list, {@link #leftOut} says how many were not. */
    private static int listed(int size) {
        return Math.min(size, MAX_LISTED);
    }

    private static void leftOut(JsonGenerator g, String key, int size) throws IOException {
        if (size > MAX_LISTED) {
            g.writeNumberField(key + "_left_out", size - MAX_LISTED);
        }
    }

    private static void longs(JsonGenerator g, String key, List<Long> values) throws IOException {
        g.writeArrayFieldStart(key);
        for (int i = 0, n = listed(values.size()); i < n; i++) {
            g.writeNumber(values.get(i));
        }
        g.writeEndArray();
        leftOut(g, key, values.size());
    }

    private static void strings(JsonGenerator g, String key, List<String> values) throws IOException {
        g.writeArrayFieldStart(key);
        for (int i = 0, n = listed(values.size()); i < n; i++) {
            g.writeString(values.get(i));
        }
        g.writeEndArray();
        leftOut(g, key, values.size());
    }

    private static void tcp(JsonGenerator g, TcpFacts t, int d) throws IOException {
        if (t == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("client_hello_acked", t.clientHelloAcked());
        longs(g, "client_hello_acked_frames", t.clientHelloAckedFrames());
        longs(g, "client_hello_unacked_frames", t.clientHelloUnackedFrames());
        intOrNull(g, "syn_ack_ttl", t.synAckTtl());
        intOrNull(g, "syn_ack_ip_id", t.synAckIpId());
        if (t.serverReset() == null) {
            g.writeNullField("server_reset");
        } else {
            TcpFacts.ResetFacts r = t.serverReset();
            g.writeObjectFieldStart("server_reset");
            g.writeNumberField("frame", r.frame());
            time(g, "time", r.timeNanos(), d);
            g.writeNumberField("ttl", r.ttl());
            intOrNull(g, "ip_id", r.ipId());
            g.writeFieldName("after_client_hello_ms");
            millisOrNull(g, r.afterClientHelloNanos() < 0 ? null : r.afterClientHelloNanos());
            g.writeEndObject();
        }
        g.writeBooleanField("server_data_after_reset", t.serverDataAfterReset());
        g.writeObjectFieldStart("retransmitted_bytes");
        g.writeNumberField("from_client", t.clientRetransmittedBytes());
        g.writeNumberField("from_server", t.serverRetransmittedBytes());
        g.writeEndObject();
        g.writeNumberField("retransmission_mismatches", t.retransmissionMismatches());
        g.writeNumberField("keep_alives", t.keepAlives());
        g.writeNumberField("zero_window_probes", t.zeroWindowProbes());
        g.writeNumberField("out_of_order_segments", t.outOfOrderSegments());
        g.writeNumberField("held_segments_dropped", t.heldSegmentsDropped());
        if (t.serverBytesLost() == null) {
            g.writeNullField("server_bytes_lost");
        } else {
            g.writeObjectFieldStart("server_bytes_lost");
            g.writeNumberField("bytes", t.serverBytesLost().bytes());
            g.writeNumberField("frame_after", t.serverBytesLost().frameAfter());
            g.writeNumberField("client_ack_frame", t.serverBytesLost().clientAckFrame());
            g.writeEndObject();
        }
        g.writeObjectFieldStart("acked_not_captured_bytes");
        g.writeNumberField("from_client", t.clientAckedNotCaptured());
        g.writeNumberField("from_server", t.serverAckedNotCaptured());
        g.writeEndObject();
        g.writeNumberField("duration_ms", Times.millis(t.durationNanos()));
        g.writeNumberField("max_idle_ms", Times.millis(t.maxIdleNanos()));
        g.writeStringField("encapsulation", t.encapsulation());
        g.writeEndObject();
    }

    /** A value, or null when negative (unknown). */
    private static void intOrNull(JsonGenerator g, String key, int value) throws IOException {
        if (value < 0) {
            g.writeNullField(key);
        } else {
            g.writeNumberField(key, value);
        }
    }

    private static void endpoint(JsonGenerator g, Endpoint e) throws IOException {
        g.writeStartObject();
        g.writeStringField("ip", e.ip());
        g.writeNumberField("port", e.port());
        g.writeEndObject();
    }

    /** Writes a ClientHello's object and leaves it open (returns true), or writes null (returns false). */
    private static boolean clientHello(JsonGenerator g, HelloInfo h, int d, String transport) throws IOException {
        if (h == null) {
            g.writeNull();
            return false;
        }
        g.writeStartObject();
        g.writeNumberField("frame", h.frame());
        longs(g, "frames", h.frames());
        time(g, "time", h.timeNanos(), d);
        g.writeNumberField("length_bytes", h.lengthBytes());
        ClientHello c = h.hello();
        if (c == null) {
            g.writeStringField("decode_error", h.decodeError());
            return true;
        }
        name(g, "legacy_version", VERSIONS, c.legacyVersion());
        names(g, "supported_versions", c.supportedVersions(), VERSION_NAMES);
        g.writeStringField("server_name", c.serverName());
        HelloTail tail = HelloTail.of(c, transport);
        SerializedString encoded = g instanceof EncodedKeys k && k.writesBytes ? k.helloTail(tail) : null;
        if (encoded != null) {
            g.writeRaw(encoded);
        } else {
            helloTail(g, tail);
        }
        return true;
    }

    /**
     * Everything a ClientHello's keys from {@code cipher_suites} to {@code ja4_r} are written from, and nothing
     * else ({@link #helloTail} sees only this): connections of one client configuration have equal tails, which
     * {@link EncodedKeys} then writes from their bytes, encoded once. Half the keys of a record and a quarter of
     * its writing time before. The JA3 and JA4 strings and hashes are computed once per distinct input
     * ({@link #JA3}, {@link #JA4}).
     * Equals and hashCode written out (the generated ones run through method handles, slow under C1).
     */
    private record HelloTail(List<Integer> cipherSuites, List<Integer> supportedGroups, List<Integer> keyShareGroups,
                             List<Integer> keyShareLengths, List<Integer> signatureAlgorithms, List<String> alpn,
                             List<Integer> extensionTypes, List<Integer> supportedVersions,
                             List<Integer> pskKeyExchangeModes, List<String> anomalies, int pskIdentities,
                             int paddingBytes, int sessionTicketBytes, boolean pskOffered, boolean earlyData,
                             boolean echPresent, boolean serverNameIsOuter, boolean sslV2, String ja3,
                             String ja3String, String ja4, String ja4R, String transport) {
        static HelloTail of(ClientHello c, String transport) {
            if (c.sslV2()) {
                // JA3 and JA4 are defined over TLS ClientHello records only
                return of(c, null, null, null, null, transport);
            }
            Ja3.Prints ja3 = JA3.of(c);
            Ja4.Prints ja4 = JA4.of(c);
            return of(c, ja3.ja3(), ja3.ja3String(), ja4.ja4(), ja4.ja4R(), transport);
        }

        private static HelloTail of(ClientHello c, String ja3, String ja3String, String ja4, String ja4R,
                                    String transport) {
            return new HelloTail(c.cipherSuites(), c.supportedGroups(), c.keyShareGroups(), c.keyShareLengths(),
                    c.signatureAlgorithms(), c.alpn(), c.extensionTypes(), c.supportedVersions(),
                    c.pskKeyExchangeModes(), c.anomalies(), c.pskIdentities(), c.paddingBytes(),
                    c.sessionTicketBytes(), c.pskOffered(), c.earlyData(), c.echPresent(), c.serverNameIsOuter(),
                    c.sslV2(), ja3, ja3String, ja4, ja4R, transport);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HelloTail t && pskIdentities == t.pskIdentities && paddingBytes == t.paddingBytes
                    && sessionTicketBytes == t.sessionTicketBytes && pskOffered == t.pskOffered
                    && earlyData == t.earlyData && echPresent == t.echPresent
                    && serverNameIsOuter == t.serverNameIsOuter && sslV2 == t.sslV2
                    && Objects.equals(ja3String, t.ja3String) && Objects.equals(ja4R, t.ja4R)
                    && Objects.equals(ja3, t.ja3) && Objects.equals(ja4, t.ja4)
                    && transport.equals(t.transport) && cipherSuites.equals(t.cipherSuites)
                    && supportedGroups.equals(t.supportedGroups) && keyShareGroups.equals(t.keyShareGroups)
                    && keyShareLengths.equals(t.keyShareLengths) && signatureAlgorithms.equals(t.signatureAlgorithms)
                    && alpn.equals(t.alpn) && extensionTypes.equals(t.extensionTypes)
                    && supportedVersions.equals(t.supportedVersions)
                    && pskKeyExchangeModes.equals(t.pskKeyExchangeModes) && anomalies.equals(t.anomalies);
        }

        @Override
        public int hashCode() {
            int h = Objects.hashCode(ja4R) * 31 + Objects.hashCode(ja3String);
            h = h * 31 + keyShareLengths.hashCode();
            h = h * 31 + anomalies.hashCode();
            h = h * 31 + transport.hashCode();
            h = h * 31 + (pskIdentities ^ paddingBytes << 8 ^ sessionTicketBytes << 16);
            return h * 31 + (pskOffered ? 1 : 0) + (earlyData ? 2 : 0) + (echPresent ? 4 : 0)
                    + (serverNameIsOuter ? 8 : 0) + (sslV2 ? 16 : 0);
        }
    }

    /** The keys of a ClientHello from {@code cipher_suites} on, from its {@link HelloTail} alone. */
    private static void helloTail(JsonGenerator g, HelloTail t) throws IOException {
        names(g, "cipher_suites", t.cipherSuites(), SUITES);
        names(g, "supported_groups", t.supportedGroups(), GROUPS);
        names(g, "key_share_groups", t.keyShareGroups(), GROUPS);
        names(g, "signature_algorithms", t.signatureAlgorithms(), SIGNATURES);
        strings(g, "alpn", t.alpn());
        names(g, "extensions", t.extensionTypes(), EXTENSIONS);
        g.writeFieldName("grease");
        grease(g, t);
        g.writeArrayFieldStart("key_shares");
        for (int i = 0, n = listed(t.keyShareGroups().size()); i < n; i++) {
            int group = t.keyShareGroups().get(i);
            g.writeStartObject();
            name(g, "group", GROUPS, group);
            g.writeNumberField("length_bytes", i < t.keyShareLengths().size() ? t.keyShareLengths().get(i) : -1);
            g.writeBooleanField("post_quantum", TlsNames.isPostQuantumGroup(group));
            g.writeEndObject();
        }
        g.writeEndArray();
        leftOut(g, "key_shares", t.keyShareGroups().size());
        g.writeBooleanField("post_quantum_key_share", ClientHello.anyPostQuantum(t.keyShareGroups()));
        g.writeBooleanField("psk_offered", t.pskOffered());
        g.writeNumberField("psk_identities", t.pskIdentities());
        g.writeArrayFieldStart("psk_key_exchange_modes");
        for (int i = 0, n = listed(t.pskKeyExchangeModes().size()); i < n; i++) {
            g.writeString(pskMode(t.pskKeyExchangeModes().get(i)));
        }
        g.writeEndArray();
        leftOut(g, "psk_key_exchange_modes", t.pskKeyExchangeModes().size());
        g.writeBooleanField("early_data", t.earlyData());
        intOrNull(g, "padding_bytes", t.paddingBytes());
        intOrNull(g, "session_ticket_bytes", t.sessionTicketBytes());
        g.writeBooleanField("ech_present", t.echPresent());
        g.writeBooleanField("server_name_is_outer", t.serverNameIsOuter());
        g.writeBooleanField("sslv2_format", t.sslV2());
        g.writeFieldName("cipher_suite_security");
        securityCounts(g, t.cipherSuites());
        strings(g, "anomalies", t.anomalies());
        if (t.sslV2()) {
            g.writeNullField("ja3");
            g.writeNullField("ja3_string");
            g.writeNullField("ja4");
            g.writeNullField("ja4_r");
        } else {
            g.writeStringField("ja3", t.ja3());
            g.writeStringField("ja3_string", t.ja3String());
            g.writeStringField("ja4", Ja4.forTransport(t.ja4(), t.transport()));
            g.writeStringField("ja4_r", Ja4.forTransport(t.ja4R(), t.transport()));
        }
    }

    private static String pskMode(int v) {
        return switch (v) {
            case 0 -> "psk_ke";
            case 1 -> "psk_dhe_ke";
            default -> TlsNames.hex(v & 0xff, 2);
        };
    }

    /** Where a ClientHello carries GREASE values (RFC 8701): count per field, only fields that have any. */
    private static void grease(JsonGenerator g, HelloTail c) throws IOException {
        g.writeStartObject();
        greaseCount(g, "cipher_suites", c.cipherSuites());
        greaseCount(g, "extensions", c.extensionTypes());
        greaseCount(g, "supported_groups", c.supportedGroups());
        greaseCount(g, "key_share_groups", c.keyShareGroups());
        greaseCount(g, "supported_versions", c.supportedVersions());
        greaseCount(g, "signature_algorithms", c.signatureAlgorithms());
        int alpn = 0;
        for (int i = 0; i < c.alpn().size(); i++) {
            String a = c.alpn().get(i);
            // RFC 8701 section 3.2: GREASE ALPN identifiers are the two-byte values 0x?A?A
            if (a.length() == 2 && TlsNames.isGrease((a.charAt(0) << 8) | a.charAt(1))) {
                alpn++;
            }
        }
        if (alpn > 0) {
            g.writeNumberField("alpn", alpn);
        }
        g.writeEndObject();
    }

    private static void greaseCount(JsonGenerator g, String field, List<Integer> codes) throws IOException {
        int n = 0;
        for (int i = 0; i < codes.size(); i++) {
            if (TlsNames.isGrease(codes.get(i))) {
                n++;
            }
        }
        if (n > 0) {
            g.writeNumberField(field, n);
        }
    }

    private static void securityCounts(JsonGenerator g, List<Integer> suites) throws IOException {
        List<String> classes = TlsNames.SECURITY_CLASSES;
        int[] counts = new int[classes.size()];
        for (int i = 0; i < suites.size(); i++) {
            int k = securityClass(suites.get(i));
            if (k >= 0) {
                counts[k]++;
            }
        }
        g.writeStartObject();
        for (int i = 0; i < counts.length; i++) {
            g.writeNumberField(classes.get(i), counts[i]);
        }
        g.writeEndObject();
    }

    /** Per suite code: 0 not looked up yet, 1 no class, 2 + the index in {@link TlsNames#SECURITY_CLASSES}. */
    private static final byte[] SECURITY_CLASS = new byte[1 << 16];

    /** The index of a suite's class in {@link TlsNames#SECURITY_CLASSES}, or -1; looked up once per code. */
    private static int securityClass(int suite) {
        if (suite < 0 || suite >= SECURITY_CLASS.length) {
            // an SSLv2 cipher spec (three bytes): only those of the SSLv2 table have a class
            String c = TlsNames.cipherSuiteSecurity(suite);
            return c == null ? -1 : TlsNames.SECURITY_CLASSES.indexOf(c);
        }
        int k = SECURITY_CLASS[suite];
        if (k == 0) {
            String c = TlsNames.cipherSuiteSecurity(suite);
            int i = c == null ? -1 : TlsNames.SECURITY_CLASSES.indexOf(c);
            if (c != null && i < 0) {
                throw new IllegalStateException("unknown security class " + c);
            }
            k = i + 2;
            SECURITY_CLASS[suite] = (byte) k;
        }
        return k - 2;
    }

    private static void cipherSuiteInfo(JsonGenerator g, int code) throws IOException {
        TlsNames.CipherSuiteInfo info = TlsNames.cipherSuiteInfo(code);
        if (info == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("openssl_name", info.openSslName());
        g.writeStringField("kx", info.kx());
        g.writeStringField("au", info.au());
        g.writeStringField("enc", info.enc());
        g.writeStringField("mac", info.mac());
        strings(g, "versions", info.versions());
        g.writeStringField("security", info.security());
        g.writeEndObject();
    }

    /**
     * {@code decryption}: what the session keys showed, or null without keys for the session. Names and frames
     * only: no key, secret or plaintext byte is written.
     */
    private static void decryption(JsonGenerator g, DecryptedHandshake d) throws IOException {
        if (d == null) {
            g.writeNullField("decryption");
            return;
        }
        g.writeObjectFieldStart("decryption");
        g.writeStringField("problem", d.problem());
        g.writeNumberField("records_decrypted", d.recordsDecrypted());
        g.writeNumberField("records_not_decrypted", d.recordsNotDecrypted());
        strings(g, "client_handshake_messages", d.clientMessages());
        strings(g, "server_handshake_messages", d.serverMessages());
        g.writeStringField("alpn", d.alpn());
        g.writeBooleanField("server_name_acknowledged", d.serverNameAcknowledged());
        if (d.clientCertificates() == null) {
            g.writeNullField("client_certificates");
        } else {
            g.writeArrayFieldStart("client_certificates");
            for (CertificateInfo c : d.clientCertificates()) {
                g.writeStartObject();
                g.writeStringField("subject", c.subject());
                g.writeStringField("issuer", c.issuer());
                g.writeStringField("sha256", c.sha256());
                g.writeStringField("not_before", instant(c.notBefore()));
                g.writeStringField("not_after", instant(c.notAfter()));
                g.writeStringField("key_type", c.keyType());
                intOrNull(g, "key_bits", c.keyBits());
                g.writeBooleanField("self_signed", c.selfSigned());
                g.writeStringField("parse_error", c.parseError());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeNumberField("client_certificate_count", d.clientCertificateCount());
        g.writeStringField("client_certificate_verify", d.clientCertificateVerify());
        g.writeStringField("server_certificate_verify", d.serverCertificateVerify());
        frameOrNull(g, "client_finished_frame", d.clientFinishedFrame());
        frameOrNull(g, "server_finished_frame", d.serverFinishedFrame());
        g.writeNumberField("key_updates", d.keyUpdates());
        g.writeEndObject();
    }

    /**
     * {@link Instant#toString()}, or null; kept per instant: the certificates' validity dates are the same in
     * every full handshake with a server, and {@code toString} formats through a {@code DateTimeFormatter}.
     */
    private static String instant(Instant t) {
        if (t == null) {
            return null;
        }
        String v = INSTANTS.get(t);
        if (v == null) {
            v = t.toString();
            Memos.keep(INSTANTS, t, v);
        }
        return v;
    }

    private static final Map<Instant, String> INSTANTS = new ConcurrentHashMap<>();

    private static void frameOrNull(JsonGenerator g, String key, long frame) throws IOException {
        if (frame < 0) {
            g.writeNullField(key);
        } else {
            g.writeNumberField(key, frame);
        }
    }

    private static void serverFlight(JsonGenerator g, ServerFlight f, HelloInfo hello) throws IOException {
        g.writeArrayFieldStart("server_certificates");
        if (f != null) {
            String sni = hello == null || hello.hello() == null ? null : hello.hello().serverName();
            for (int i = 0; i < f.certificates().size(); i++) {
                CertificateInfo c = f.certificates().get(i);
                g.writeStartObject();
                g.writeNumberField("index", i);
                g.writeNumberField("frame", f.certificateFrame());
                g.writeNumberField("length_bytes", c.lengthBytes());
                g.writeStringField("sha256", c.sha256());
                g.writeStringField("subject", c.subject());
                g.writeStringField("issuer", c.issuer());
                g.writeStringField("serial", c.serial());
                strings(g, "san_dns", c.sanDns());
                strings(g, "san_ip", c.sanIp());
                g.writeStringField("not_before", instant(c.notBefore()));
                g.writeStringField("not_after", instant(c.notAfter()));
                g.writeBooleanField("expired", c.expiredAt(f.certificateTimeNanos()));
                g.writeBooleanField("not_yet_valid", c.notYetValidAt(f.certificateTimeNanos()));
                g.writeStringField("key_type", c.keyType());
                intOrNull(g, "key_bits", c.keyBits());
                g.writeStringField("signature_algorithm", c.signatureAlgorithm());
                g.writeBooleanField("self_signed", c.selfSigned());
                g.writeBooleanField("ca", c.ca());
                if (c.keyUsage() == null) {
                    g.writeNullField("key_usage");
                } else {
                    strings(g, "key_usage", c.keyUsage());
                }
                Boolean matches = i == 0 ? f.leafMatchesSni(sni) : null;
                if (matches == null) {
                    g.writeNullField("matches_sni");
                } else {
                    g.writeBooleanField("matches_sni", matches);
                }
                g.writeStringField("parse_error", c.parseError());
                g.writeEndObject();
            }
        }
        g.writeEndArray();
        if (f == null) {
            g.writeArrayFieldStart("server_handshake_messages");
            g.writeEndArray();
            g.writeBooleanField("certificate_request", false);
            g.writeNullField("server_key_exchange_group");
            g.writeNullField("server_key_exchange");
            g.writeBooleanField("server_hello_done", false);
            g.writeNullField("new_session_ticket");
            return;
        }
        strings(g, "server_handshake_messages", f.messages());
        g.writeNumberField("server_certificate_count", f.certificateCount());
        g.writeBooleanField("certificate_request", f.certificateRequest() != null);
        ServerKeyExchange k = f.keyExchange();
        if (k == null || k.namedCurve() < 0) {
            g.writeNullField("server_key_exchange_group");
        } else {
            name(g, "server_key_exchange_group", GROUPS, k.namedCurve());
        }
        if (k == null) {
            g.writeNullField("server_key_exchange");
        } else {
            g.writeObjectFieldStart("server_key_exchange");
            g.writeStringField("kind", k.kind());
            if (k.namedCurve() < 0) {
                g.writeNullField("group");
            } else {
                name(g, "group", GROUPS, k.namedCurve());
            }
            intOrNull(g, "dh_prime_bits", k.dhPrimeBits());
            intOrNull(g, "public_key_bytes", k.publicKeyBytes());
            if (k.signatureScheme() < 0) {
                g.writeNullField("signature_scheme");
            } else {
                name(g, "signature_scheme", SIGNATURES, k.signatureScheme());
            }
            g.writeEndObject();
        }
        g.writeBooleanField("server_hello_done", f.helloDone());
        NewSessionTicket t = f.sessionTicket();
        if (t == null) {
            g.writeNullField("new_session_ticket");
        } else {
            g.writeObjectFieldStart("new_session_ticket");
            g.writeNumberField("lifetime_hint_s", t.lifetimeHintSeconds());
            g.writeNumberField("ticket_bytes", t.ticketBytes());
            g.writeEndObject();
        }
    }

    private static void preamble(JsonGenerator g, Preamble p) throws IOException {
        if (p == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("protocol", p.protocol());
        longs(g, "frames", p.frames());
        g.writeNumberField("length_bytes", p.clientBytes());
        g.writeStringField("client_command", p.clientCommand());
        g.writeStringField("server_reply", p.serverReply());
        intOrNull(g, "status_code", p.statusCode());
        g.writeStringField("target", p.target());
        g.writeFieldName("proxied_source");
        if (p.proxiedSource() == null) {
            g.writeNull();
        } else {
            endpoint(g, p.proxiedSource());
        }
        g.writeFieldName("proxied_destination");
        if (p.proxiedDestination() == null) {
            g.writeNull();
        } else {
            endpoint(g, p.proxiedDestination());
        }
        g.writeBooleanField("tls_started", p.tlsStarted());
        g.writeStringField("refusal_code", p.refusalCode());
        long clear = p.continuedWithoutTlsFrame();
        frameOrNull(g, "continued_without_tls_frame", clear > 0 ? clear : -1);
        g.writeEndObject();
    }

    /** A TLS version's name as the records write it: {@code TLSv1.3}, {@code GREASE(0x0a0a)}, {@code 0x7f1c}. */
    public static String versionName(int v) {
        return TlsNames.isGrease(v) ? "GREASE(" + TlsNames.hex(v, 4) + ")" : TlsNames.version(v);
    }

    /** Writes a ServerHello's object and leaves it open (returns true), or writes null (returns false). */
    private static boolean serverHello(JsonGenerator g, ServerHelloInfo s, int d) throws IOException {
        if (s == null) {
            g.writeNull();
            return false;
        }
        g.writeStartObject();
        g.writeNumberField("frame", s.frame());
        time(g, "time", s.timeNanos(), d);
        name(g, "version", VERSIONS, s.hello().negotiatedVersion());
        name(g, "cipher_suite", SUITES, s.hello().cipherSuite());
        g.writeFieldName("cipher_suite_info");
        cipherSuiteInfo(g, s.hello().cipherSuite());
        name(g, "legacy_version", VERSIONS, s.hello().legacyVersion());
        if (s.hello().keyShareGroup() < 0) {
            g.writeNullField("key_share");
        } else {
            g.writeObjectFieldStart("key_share");
            name(g, "group", GROUPS, s.hello().keyShareGroup());
            g.writeNumberField("length_bytes", s.hello().keyShareLength());
            g.writeBooleanField("post_quantum", TlsNames.isPostQuantumGroup(s.hello().keyShareGroup()));
            g.writeEndObject();
        }
        names(g, "extensions", s.hello().extensionTypes(), EXTENSIONS);
        if (s.hello().legacyVersion() == SslV2.VERSION) {
            g.writeNullField("ja3s");
            g.writeNullField("ja3s_string");
        } else {
            String ja3sString = Ja3.ja3sString(s.hello());
            g.writeStringField("ja3s", JA3.ja3s(ja3sString));
            g.writeStringField("ja3s_string", ja3sString);
        }
        return true;
    }

    private static void helloRetry(JsonGenerator g, ServerHelloInfo s, int d) throws IOException {
        if (s == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeNumberField("frame", s.frame());
        time(g, "time", s.timeNanos(), d);
        name(g, "selected_group", GROUPS, s.hello().keyShareGroup());
        name(g, "cipher_suite", SUITES, s.hello().cipherSuite());
        g.writeEndObject();
    }

    private static void alert(JsonGenerator g, AlertInfo a) throws IOException {
        if (a == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("from", a.from().label());
        if (a.encrypted()) {
            g.writeBooleanField("encrypted", true);
            g.writeNullField("level");
            g.writeNullField("description");
            g.writeNullField("code");
        } else {
            g.writeBooleanField("encrypted", false);
            g.writeStringField("level", a.level() == 2 ? "fatal" : a.level() == 1 ? "warning" : "level-" + a.level());
            g.writeStringField("description", TlsNames.alert(a.description()));
            g.writeNumberField("code", a.description());
        }
        g.writeNumberField("frame", a.frame());
        g.writeBooleanField("likely", a.likely());
        if (a.decrypted()) {
            g.writeBooleanField("decrypted", true);
        }
        g.writeStringField("meaning", a.meaning());
        g.writeEndObject();
    }

    private static void overlap(JsonGenerator g, CipherOverlap c) throws IOException {
        if (c == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("source", c.source());
        g.writeNumberField("completed_handshakes", c.completedHandshakes());
        names(g, "server_accepted", c.serverAccepted(), SUITES);
        names(g, "offered_and_accepted", c.offeredAndAccepted(), SUITES);
        if (c.likelyChoice() < 0) {
            g.writeNullField("likely_choice");
        } else {
            name(g, "likely_choice", SUITES, c.likelyChoice());
        }
        names(g, "offered_insecure", c.offeredInsecure(), SUITES);
        names(g, "offered_weak", c.offeredWeak(), SUITES);
        // Every source, labelled: the inferred one (the keys above) first, then the user's profile if given,
        // then the built-in profiles.
        g.writeArrayFieldStart("sources");
        g.writeStartObject();
        g.writeStringField("source", c.source());
        g.writeNumberField("completed_handshakes", c.completedHandshakes());
        names(g, "server_accepted", c.serverAccepted(), SUITES);
        names(g, "offered_and_accepted", c.offeredAndAccepted(), SUITES);
        g.writeEndObject();
        if (c.userProfile() != null) {
            ProfileMatch m = c.userProfile();
            ServerProfile p = m.profile();
            g.writeStartObject();
            g.writeStringField("source", "server_profile");
            g.writeStringField("profile", p.id());
            g.writeStringField("versions_overlap", lowerCase(m.versions()));
            g.writeStringField("groups_overlap", lowerCase(m.groups()));
            g.writeStringField("reference", p.source().reference());
            names(g, "server_accepted", p.cipherSuites(), SUITES);
            names(g, "offered_and_accepted", m.commonSuites(), SUITES);
            names(g, "usable", m.usableSuites(), SUITES);
            names(g, "common_versions", m.commonVersions(), VERSIONS);
            names(g, "common_groups", m.commonGroups(), GROUPS);
            g.writeEndObject();
        }
        // Built-in profiles compactly: counts only; their suites are in the generated profile resources.
        for (int i = 0; i < c.builtinProfiles().size(); i++) {
            ProfileMatch m = c.builtinProfiles().get(i);
            SerializedString encoded = g instanceof EncodedKeys k && k.writesBytes ? k.builtinProfile(m) : null;
            if (encoded != null) {
                g.writeRawValue(encoded);
            } else {
                builtinProfile(g, m);
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A built-in profile's entry in {@code sources}: a function of {@code m} alone. */
    private static void builtinProfile(JsonGenerator g, ProfileMatch m) throws IOException {
        g.writeStartObject();
        g.writeStringField("source", "builtin_profile");
        g.writeStringField("profile", m.profile().id());
        g.writeStringField("versions_overlap", lowerCase(m.versions()));
        g.writeStringField("groups_overlap", lowerCase(m.groups()));
        g.writeNumberField("offered_and_accepted_count", m.commonSuites().size());
        g.writeNumberField("usable_count", m.usableSuites().size());
        g.writeEndObject();
    }

    /** An enum constant's name in lower case, made once per constant (each record names ten profiles' overlaps). */
    private static String lowerCase(Enum<?> e) {
        return LOWER_CASE.computeIfAbsent(e, k -> k.name().toLowerCase(Locale.ROOT));
    }

    private static final Map<Enum<?>, String> LOWER_CASE = new ConcurrentHashMap<>();

    private static void name(JsonGenerator g, String key, NameCache names, int code) throws IOException {
        g.writeFieldName(key);
        g.writeString(names.get(code));
    }

    private static void names(JsonGenerator g, String key, List<Integer> codes, NameCache names)
            throws IOException {
        g.writeArrayFieldStart(key);
        for (int i = 0, n = listed(codes.size()); i < n; i++) {
            g.writeString(names.get(codes.get(i)));
        }
        g.writeEndArray();
        leftOut(g, key, codes.size());
    }

    private static final NameCache SUITES = new NameCache(TlsNames::cipherSuite);
    private static final NameCache GROUPS = new NameCache(TlsNames::group);
    private static final NameCache SIGNATURES = new NameCache(TlsNames::signatureScheme);
    private static final NameCache EXTENSIONS = new NameCache(TlsNames::extension);
    private static final NameCache VERSIONS = new NameCache(TlsNames::version);
    private static final NameCache VERSION_NAMES = new NameCache(JsonRecords::versionName);

    /**
     * Names of 16-bit code points, encoded once for the generator: every connection record names the same
     * few suites, groups and schemes, each a map lookup and a character-by-character escape before. Filled
     * as met by every thread; a race only computes a name twice ({@link SerializedString} publishes its value
     * safely).
     */
    private static final class NameCache {
        private final IntFunction<String> namer;
        private final SerializedString[] names = new SerializedString[1 << 16];

        NameCache(IntFunction<String> namer) {
            this.namer = namer;
        }

        SerializableString get(int code) {
            if (code < 0 || code >= names.length) {
                return new SerializedString(namer.apply(code));
            }
            SerializedString s = names[code];
            if (s == null) {
                s = new SerializedString(namer.apply(code));
                names[code] = s;
            }
            return s;
        }
    }

    /**
     * Fingerprints by what they are computed from, as a capture has few distinct clients and servers but thousands
     * of records: JA3S by its string, JA3 and JA4 with their strings by the ClientHello's values they read.
     * Shared by every thread.
     */
    private static final Ja3.Memo JA3 = new Ja3.Memo();
    private static final Ja4.Memo JA4 = new Ja4.Memo();
}
