package io.hellocheck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hellocheck.analysis.ClosedBy;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.capture.CaptureFormatException;
import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.tcp.Side;
import io.hellocheck.testing.CaptureWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A capture damaged after its start (an unreadable record) keeps every record decided before the damage: the
 * same records as if the file ended just before it, then the error with the damaged record's byte offset.
 */
class DamagedCaptureTest {
    private static final HelloCheck ANALYZER = HelloCheck.builder().build();

    static Path sample(String name) {
        String r = System.getProperty("hellocheck.root");
        return (r == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(r)).resolve("sample-captures")
                .resolve(name);
    }

    /** A pcap record header (little-endian, as the samples) whose captured length is 0x7fffffff. */
    static byte[] corruptRecordHeader() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0).putInt(0).putInt(0x7fffffff).putInt(0x7fffffff).array();
    }

    static byte[] damaged(byte[] capture) {
        byte[] out = Arrays.copyOf(capture, capture.length + 16);
        System.arraycopy(corruptRecordHeader(), 0, out, capture.length, 16);
        return out;
    }

    /** outcome, ClientHello frame, ServerHello frame, closed_by: what a record says, in one line. */
    static String line(ConnectionRecord r) {
        ClosedBy c = r.closedBy();
        return r.tcpStream() + " " + r.outcome()
                + " hello=" + (r.clientHello() == null ? "-" : r.clientHello().frame())
                + " serverHello=" + (r.serverHello() == null ? "-" : r.serverHello().frame())
                + " closed=" + (c == null ? "-" : c.side() + " " + c.how() + " " + c.frame());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "server-reset.pcap       | 0 SERVER_RESET hello=4 serverHello=- closed=SERVER RST 6",
        "no-response.pcap        | 0 NO_RESPONSE hello=4 serverHello=- closed=CLIENT FIN 6",
        "server-closed.pcap      | 0 SERVER_CLOSED hello=4 serverHello=- closed=SERVER FIN 6",
        "server-alert-40-tls12.pcap | 0 SERVER_ALERT hello=4 serverHello=- closed=SERVER FIN 8",
        "tls13-ok.pcap           | 0 COMPLETED hello=4 serverHello=6 closed=CLIENT FIN 23",
        "tcp-no-answer-443.pcap  | 0 TCP_NO_ANSWER hello=- serverHello=- closed=-",
    })
    void aDamagedCaptureKeepsTheRecordsOfTheCaptureAlone(String name, String expected) throws IOException {
        byte[] capture = Files.readAllBytes(sample(name));
        List<ConnectionRecord> alone = ANALYZER.analyze(new ByteArrayInputStream(capture), name).connections();
        assertThat(alone).extracting(DamagedCaptureTest::line).containsExactly(expected);

        // the streaming API: the records reach the sink, then the error
        List<ConnectionRecord> streamed = new ArrayList<>();
        CaptureFormatException e = catchThrowableOfType(
                () -> ANALYZER.analyze(new ByteArrayInputStream(damaged(capture)), name, streamed::add),
                CaptureFormatException.class);
        assertThat(e).isNotNull();
        assertThat(e.byteOffset()).isEqualTo(capture.length);
        assertThat(e.getMessage()).contains("captured length 2147483647").endsWith("at byte offset " + capture.length);
        assertThat(streamed).isEqualTo(alone);
        assertThat(e.partialResult()).isNotNull();
        assertThat(e.partialResult().connections()).isEmpty();
        CaptureResult aloneResult = ANALYZER.analyze(new ByteArrayInputStream(capture), name);
        assertThat(e.partialResult().summary()).isEqualTo(aloneResult.summary());
        assertThat(e.partialResult().servers()).isEqualTo(aloneResult.servers());

        // the collecting API: the records are in the partial result
        CaptureFormatException collected = catchThrowableOfType(
                () -> ANALYZER.analyze(new ByteArrayInputStream(damaged(capture)), name),
                CaptureFormatException.class);
        assertThat(collected.byteOffset()).isEqualTo(capture.length);
        assertThat(collected.partialResult().connections()).isEqualTo(alone);
    }

    @Test
    void theSampleServerResetWithACorruptHeaderStillHasItsFailure() throws IOException {
        byte[] capture = Files.readAllBytes(sample("server-reset.pcap"));
        assertThat(capture).hasSize(847);
        CaptureFormatException e = catchThrowableOfType(
                () -> ANALYZER.analyze(new ByteArrayInputStream(damaged(capture)), "server-reset.pcap"),
                CaptureFormatException.class);
        CaptureSummary s = e.partialResult().summary();
        assertThat(s.frames()).isEqualTo(6);
        assertThat(s.tcpConnections()).isEqualTo(1);
        assertThat(s.connectionRecords()).isEqualTo(1);
        assertThat(s.failedHandshakes()).isEqualTo(1);
        assertThat(e.partialResult().connections()).extracting(ConnectionRecord::outcome)
                .containsExactly(Outcome.SERVER_RESET);
    }

    @Test
    void aNotCaptureHasNoPartialResult() {
        CaptureFormatException e = catchThrowableOfType(
                () -> ANALYZER.analyze(new ByteArrayInputStream("not a capture at all".getBytes()), "x"),
                CaptureFormatException.class);
        assertThat(e.byteOffset()).isZero();
        assertThat(e.partialResult()).isNull();
    }

    /**
     * server-reset, then no-response, then the first 5 frames of tls13-ok (ClientHello, no ServerHello yet),
     * each capture 0.5 s after the end of the previous one, in one pcap: the closes of the first two come
     * less than 2 s of capture time before the damage.
     */
    static byte[] merged() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(bytes).build()) {
            long next = 1_800_000_000_000_000_000L;
            for (String name : List.of("server-reset.pcap", "no-response.pcap", "tls13-ok.pcap")) {
                int limit = name.startsWith("tls13") ? 5 : Integer.MAX_VALUE;
                long base = -1;
                long last = next;
                try (InputStream in = Files.newInputStream(sample(name)); CaptureReader r = CaptureReader.open(in)) {
                    Frame f = new Frame();
                    for (int i = 0; i < limit && r.next(f); i++) {
                        if (base < 0) {
                            base = f.timestampNanos();
                        }
                        last = next + f.timestampNanos() - base;
                        w.frame(last, Arrays.copyOfRange(f.data(), f.offset(), f.offset() + f.capturedLength()));
                    }
                }
                next = last + 500_000_000L;
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void aMergedCaptureDamagedInItsLastConnectionKeepsTheFailuresClosedBeforeTheDamage() throws IOException {
        byte[] capture = merged();
        List<ConnectionRecord> alone = ANALYZER.analyze(new ByteArrayInputStream(capture), "merged.pcap")
                .connections();
        // server-reset has 6 frames, no-response 7 (frames 7 to 13), then tls13-ok's first 5 (14 to 18)
        assertThat(alone).extracting(DamagedCaptureTest::line).containsExactlyInAnyOrder(
                "0 SERVER_RESET hello=4 serverHello=- closed=SERVER RST 6",
                "1 NO_RESPONSE hello=10 serverHello=- closed=CLIENT FIN 12",
                "2 INCONCLUSIVE hello=17 serverHello=- closed=-");

        List<ConnectionRecord> streamed = new ArrayList<>();
        CaptureFormatException e = catchThrowableOfType(
                () -> ANALYZER.analyze(new ByteArrayInputStream(damaged(capture)), "merged.pcap", streamed::add),
                CaptureFormatException.class);
        assertThat(e.byteOffset()).isEqualTo(capture.length);
        assertThat(streamed).extracting(DamagedCaptureTest::line).isEqualTo(alone.stream()
                .map(DamagedCaptureTest::line).toList());
        assertThat(streamed.subList(0, 2)).isEqualTo(alone.subList(0, 2));
        // the connection the damage cut says so, with what to do
        assertThat(alone.get(2).outcomeReason()).startsWith("The capture ends ");
        assertThat(streamed.get(2).outcomeReason()).isEqualTo(alone.get(2).outcomeReason()
                .replace("The capture ends ", "The capture file is damaged "));
        assertThat(streamed.get(2).diagnosis().get(0).nextStep()).isEqualTo("Copy the capture again: the file is"
                + " damaged from the offset its error names; what came before was analyzed.");
        assertThat(e.partialResult().summary().frames()).isEqualTo(18);
        assertThat(e.partialResult().summary().tcpConnections()).isEqualTo(3);
    }
}
