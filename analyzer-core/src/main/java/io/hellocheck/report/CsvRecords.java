package io.hellocheck.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.hellocheck.analysis.ConnectionRecord;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection records as flat CSV rows for spreadsheets (written with jackson-dataformat-csv): one row per
 * connection record, one column per {@link #COLUMNS} entry. A column is named after the JSON key it comes
 * from, the path joined with {@code _} ({@code client.ip} is {@code client_ip},
 * {@code client_hello.server_name} is {@code client_hello_server_name}); lists are joined with spaces;
 * null is an empty cell; {@code diagnosis_cause} and {@code diagnosis_confidence} are those of the first (most
 * likely) finding. Text that a spreadsheet would take for a formula (starting with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or carriage return) gets a leading {@code '}.
 */
public final class CsvRecords {
    /** The columns, in order: name and the JSON pointer into {@link JsonRecords#connection} it comes from. */
    public static final List<String[]> COLUMNS = List.of(
            col("capture"), col("tcp_stream"), col("wireshark_filter"),
            col("client_ip", "/client/ip"), col("client_port", "/client/port"),
            col("server_ip", "/server/ip"), col("server_port", "/server/port"),
            col("start_time"), col("outcome"), col("failed"), col("outcome_reason"),
            col("client_hello_frame", "/client_hello/frame"), col("client_hello_time", "/client_hello/time"),
            col("client_hello_length_bytes", "/client_hello/length_bytes"),
            col("client_hello_legacy_version", "/client_hello/legacy_version"),
            col("client_hello_supported_versions", "/client_hello/supported_versions"),
            col("client_hello_server_name", "/client_hello/server_name"),
            col("client_hello_cipher_suites", "/client_hello/cipher_suites"),
            col("client_hello_supported_groups", "/client_hello/supported_groups"),
            col("client_hello_key_share_groups", "/client_hello/key_share_groups"),
            col("client_hello_signature_algorithms", "/client_hello/signature_algorithms"),
            col("client_hello_alpn", "/client_hello/alpn"),
            col("client_hello_decode_error", "/client_hello/decode_error"),
            col("retry_client_hello_frame", "/retry_client_hello/frame"),
            col("server_hello_frame", "/server_hello/frame"), col("server_hello_time", "/server_hello/time"),
            col("server_hello_version", "/server_hello/version"),
            col("server_hello_cipher_suite", "/server_hello/cipher_suite"),
            col("hello_retry_request_frame", "/hello_retry_request/frame"),
            col("hello_retry_request_selected_group", "/hello_retry_request/selected_group"),
            col("server_reaction_ms"), col("rtt_ms"),
            col("alert_from", "/alert/from"), col("alert_level", "/alert/level"),
            col("alert_description", "/alert/description"), col("alert_code", "/alert/code"),
            col("alert_frame", "/alert/frame"),
            col("closed_by_side", "/closed_by/side"), col("closed_by_how", "/closed_by/how"),
            col("closed_by_frame", "/closed_by/frame"),
            col("cipher_overlap_completed_handshakes", "/cipher_overlap/completed_handshakes"),
            col("cipher_overlap_server_accepted", "/cipher_overlap/server_accepted"),
            col("cipher_overlap_offered_and_accepted", "/cipher_overlap/offered_and_accepted"),
            col("cipher_overlap_server_profile_offered_and_accepted", "/cipher_overlap/sources/1/offered_and_accepted"),
            col("server_preamble_protocol", "/server_preamble/protocol"),
            col("partial"), col("client_missed_bytes"), col("server_missed_bytes"),
            col("client_hello_ja3", "/client_hello/ja3"), col("client_hello_ja4", "/client_hello/ja4"),
            col("diagnosis_cause", "/diagnosis/0/cause"), col("diagnosis_confidence", "/diagnosis/0/confidence"),
            col("transport"), col("udp_stream"));

    private static final CsvMapper MAPPER = new CsvMapper();

    private CsvRecords() {
    }

    private static String[] col(String name) {
        return new String[] {name, "/" + name};
    }

    private static String[] col(String name, String pointer) {
        return new String[] {name, pointer};
    }

    /** The CSV schema: the column names, a header line. */
    public static CsvSchema schema() {
        CsvSchema.Builder b = CsvSchema.builder();
        for (String[] c : COLUMNS) {
            b.addColumn(c[0]);
        }
        return b.setUseHeader(true).build();
    }

    /** A writer of rows (from {@link #row}) that writes the header first; closing it does not close {@code out}. */
    public static SequenceWriter writer(Writer out) throws IOException {
        return MAPPER.writer(schema()).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .with(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).writeValues(out);
    }

    /** One connection record as a row, in {@link #COLUMNS} order. */
    public static List<String> row(ConnectionRecord r) {
        return row(JsonRecords.connection(r));
    }

    /** A {@code connection} JSON record as a row, in {@link #COLUMNS} order. */
    public static List<String> row(JsonNode record) {
        List<String> row = new ArrayList<>(COLUMNS.size());
        for (String[] c : COLUMNS) {
            row.add(cell(record.at(c[1])));
        }
        return row;
    }

    private static String cell(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "";
        }
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode e : n) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(e.isValueNode() ? e.asText() : e.toString());
            }
            return defuse(sb.toString());
        }
        if (n.isTextual()) {
            return defuse(n.asText());
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    /** Keeps spreadsheets from running a cell as a formula (CSV injection). */
    private static String defuse(String s) {
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return s;
    }
}
