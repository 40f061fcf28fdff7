package io.hellocheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.analysis.ServerRecord;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.batch.InputError;
import io.hellocheck.engine.CaptureSummary;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.frame.FragmentCounters;
import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tls.TlsNames;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The JSON records of CONTRACT.md other than {@code connection} records ({@code server}, {@code summary} of a capture
 * or a batch, {@code warning}, {@code error}) as Jackson trees: a few per capture, where a connection record is
 * written once per handshake straight into a generator ({@link JsonRecords}). Keys are snake_case and never
 * renamed; every record carries {@code type} and {@code schema_version}.
 */
public final class RecordTrees {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private RecordTrees() {
    }

    private static ObjectNode header(String type) {
        ObjectNode o = F.objectNode();
        o.put("type", type);
        o.put("schema_version", JsonRecords.SCHEMA_VERSION);
        return o;
    }

    private static ObjectNode endpoint(Endpoint e) {
        ObjectNode o = F.objectNode();
        o.put("ip", e.ip());
        o.put("port", e.port());
        return o;
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
        ArrayNode diagnoses = o.putArray("top_diagnoses");
        s.causes().entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).forEach(e -> {
            ObjectNode n = diagnoses.addObject();
            n.put("cause", e.getKey().id());
            n.put("count", e.getValue());
        });
        ArrayNode retries = o.putArray("retries");
        for (ServerRecord.Retry r : s.retries()) {
            ObjectNode n = retries.addObject();
            n.put("failed_tcp_stream", r.failedStream());
            n.put("failed_outcome", r.failedOutcome().name());
            n.put("completed_tcp_stream", r.completedStream());
            n.put("after_ms", Times.millis(r.afterNanos()));
            ArrayNode d = n.putArray("differences");
            r.differences().forEach(d::add);
            n.put("other_client_ja4", r.otherClientJa4());
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

    /** A {@code summary} record for one capture read to its end ({@code damaged_at_offset} null). */
    public static ObjectNode summary(CaptureSummary s) {
        return summary(s, -1);
    }

    /**
     * A {@code summary} record for one capture; for a capture damaged after its start, {@code s} counts what
     * was read before the damage and {@code damagedAtOffset} is the damage's byte offset (its {@code error}
     * record follows), otherwise -1.
     */
    public static ObjectNode summary(CaptureSummary s, long damagedAtOffset) {
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
        if (damagedAtOffset >= 0) {
            o.put("damaged_at_offset", damagedAtOffset);
        } else {
            o.putNull("damaged_at_offset");
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
        o.put("captures_with_errors", s.capturesWithErrors());
        o.put("warnings", s.warnings());
        o.put("skipped_files", s.skippedFiles());
        o.put("frames", s.frames());
        o.put("bytes", s.bytes());
        o.put("tcp_connections", s.tcpConnections());
        o.put("connection_records", s.connectionRecords());
        o.put("failed_handshakes", s.failedHandshakes());
        o.put("completed_with_findings", s.completedWithFindings());
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
            n.set("top_diagnoses", causes(t.topDiagnoses()));
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
