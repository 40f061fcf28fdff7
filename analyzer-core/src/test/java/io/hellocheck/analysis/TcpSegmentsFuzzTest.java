package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.report.CsvRecords;
import io.hellocheck.report.JsonRecords;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target (Jazzer, see "Fuzzing" in README.md): the TCP tracker and the handshake analysis fed segment
 * sequences of one connection, written by the test-side capture writer. Each segment is 8 input bytes (side,
 * TCP flags, sequence and acknowledgment offsets from each side's initial number, milliseconds since the last
 * segment, payload choice: below 128 that many input bytes, else one of the canned TLS messages) and its
 * payload. The analysis throws nothing; it reports no internal error; records are no more than the segments;
 * each record renders in JSON and CSV, within 8 times the input plus 64 KiB.
 */
class TcpSegmentsFuzzTest {
    private static final long T0 = 1_800_000_000_000_000_000L;
    static final byte[][] CANNED = {
        HandshakeDepthTest.tls12Hello(),
        HandshakeDepthTest.tls13Hello(),
        HandshakeDepthTest.record(22, HandshakeDepthTest.serverHello(0x0303, 0xc02f, new byte[0], new byte[0])),
        HandshakeDepthTest.tls13ServerHello(),
        HandshakeDepthTest.ccs(),
        HandshakeDepthTest.appData(40),
        HandshakeDepthTest.alert(2, 40),
        HandshakeDepthTest.v2Hello(0x0301, "000039 000004 010080"),
        HandshakeDepthTest.record(22, HandshakeDepthTest.certificateMessage(HandshakeDepthTest.der("leaf"))),
        "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
    };

    /** The connection the input describes, as a pcap. */
    static byte[] capture(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443);
            long t = T0;
            int at = 0;
            while (at + 8 <= data.length) {
                TcpFlow.Dir dir = (data[at] & 1) == 0 ? TcpFlow.Dir.CLIENT : TcpFlow.Dir.SERVER;
                int flags = data[at + 1] & 0xff;
                long seq = (dir == TcpFlow.Dir.CLIENT ? 1000 : 5000) + u16(data, at + 2);
                long ack = (dir == TcpFlow.Dir.CLIENT ? 5000 : 1000) + u16(data, at + 4);
                t += (data[at + 6] & 0xff) * 1_000_000L;
                int choice = data[at + 7] & 0xff;
                at += 8;
                byte[] payload;
                if (choice < 128) {
                    int n = Math.min(choice, data.length - at);
                    payload = Arrays.copyOfRange(data, at, at + n);
                    at += n;
                } else {
                    payload = CANNED[choice % CANNED.length];
                }
                f.segment(dir, seq, ack, flags, payload, t);
            }
        }
        return out.toByteArray();
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    @FuzzTest(maxDuration = "20s")
    void segments(byte[] data) throws IOException {
        byte[] pcap = capture(data);
        List<ConnectionRecord> records = new ArrayList<>();
        CaptureResult r = HelloCheck.builder().build().analyze(new ByteArrayInputStream(pcap), "fuzz", records::add);
        assertThat(r.warnings()).extracting(CaptureWarning::message).noneMatch(m -> m.contains("internal error"));
        assertThat(records.size()).isLessThanOrEqualTo(Math.max(1, data.length / 8));
        for (ConnectionRecord c : records) {
            int json = JsonRecords.connection(c).toString().length();
            assertThat(json).isLessThanOrEqualTo(8 * data.length + (64 << 10));
            assertThat(CsvRecords.row(c)).isNotEmpty();
        }
    }

    /** The canned messages are what the seeds of the corpus refer to by number (choice 128 + index). */
    static byte[] segment(TcpFlow.Dir dir, int flags, int seqOffset, int ackOffset, int millis, int canned) {
        return new byte[] {(byte) dir.ordinal(), (byte) flags, (byte) (seqOffset >> 8), (byte) seqOffset,
            (byte) (ackOffset >> 8), (byte) ackOffset, (byte) millis, (byte) (128 + canned)};
    }

    static byte[] concat(byte[]... parts) {
        return Packets.concat(parts);
    }
}
