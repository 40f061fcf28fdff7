package io.hellocheck.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.report.JsonRecords;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener that fails to render one record (planted: the first connection of {@code bad.pcap}) costs that
 * record only: it becomes an INTERNAL error of its capture naming the connection and frame, the capture's other
 * record and its end still come, and every other input's events are what they are when run alone.
 */
class RecordFailureIsolationTest {
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    /** Renders records as JSON lines on the workers (as the command line does), but fails on the planted one. */
    static final class Rendering implements BatchListener {
        final Map<String, List<String>> byCapture = new LinkedHashMap<>();
        private String current;

        private List<String> log() {
            return byCapture.computeIfAbsent(current, k -> new ArrayList<>());
        }

        @Override
        public void captureStarted(String capture) {
            current = capture;
            log().add("start");
        }

        @Override
        public Object prepare(ConnectionRecord r) {
            if (r.capture().endsWith("bad.pcap") && r.tcpStream() == 0) {
                throw new NullPointerException("planted");
            }
            return JsonRecords.connection(r).toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean recordNeededWhenPrepared() {
            return false;
        }

        @Override
        public void connection(ConnectionRecord r, Object prepared) {
            log().add(new String((byte[]) prepared, StandardCharsets.UTF_8));
        }

        @Override
        public void captureFinished(CaptureResult result) {
            log().add("finish " + result.summary().connectionRecords());
            current = null;
        }

        @Override
        public void warning(String input, CaptureWarning warning) {
            log().add("warning " + warning.message());
        }

        @Override
        public void error(InputError error) {
            byCapture.computeIfAbsent(error.capture(), k -> new ArrayList<>())
                    .add("error " + error.kind() + " " + error.message());
        }
    }

    /** A TLS 1.2 ClientHello record offering TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, no extensions (RFC 5246 7.4.1.2). */
    static byte[] hello() {
        byte[] body = Packets.concat(Packets.hex("0303"), new byte[32], Packets.hex("00" + "0002c02f" + "0100"));
        byte[] hs = Packets.concat(new byte[] {1, 0, 0, (byte) body.length}, body);
        return Packets.concat(new byte[] {22, 3, 1, 0, (byte) hs.length}, hs);
    }

    static Path resetAndRefused(Path file) {
        try (CaptureWriter w = CaptureWriter.pcap(file)) {
            w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                    .clientData(T0 + 3 * MS, hello()).serverRst(T0 + 4 * MS);
            w.tcp("10.0.0.1", 50001, "10.0.0.2", 443).syn(T0 + 10 * MS).refuse(T0 + 11 * MS);
        }
        return file;
    }

    private static Map<String, List<String>> run(int threads, List<String> inputs) throws Exception {
        Rendering l = new Rendering();
        BatchSummary s = BatchAnalyzer.builder(HelloCheck.builder().build()).threads(threads).build()
                .run(inputs, null, l);
        assertThat(s.errors()).isEqualTo(inputs.stream().filter(i -> i.endsWith("bad.pcap")).count());
        return l.byCapture;
    }

    @Test
    void aRecordThatFailsToRenderCostsThatRecordOnly(@TempDir Path dir) throws Exception {
        String bad = resetAndRefused(dir.resolve("bad.pcap")).toString();
        String ok1 = resetAndRefused(dir.resolve("ok1.pcap")).toString();
        String ok2 = resetAndRefused(dir.resolve("ok2.pcap")).toString();
        for (int threads : new int[] {1, 2}) {
            Map<String, List<String>> all = run(threads, List.of(ok1, bad, ok2));
            assertThat(all.get(ok1)).isEqualTo(run(threads, List.of(ok1)).get(ok1));
            assertThat(all.get(ok2)).isEqualTo(run(threads, List.of(ok2)).get(ok2));
            List<String> b = all.get(bad);
            assertThat(b).hasSize(4);
            assertThat(b.get(0)).isEqualTo("start");
            // the ClientHello is frame 4 (SYN, SYN-ACK, ACK before it)
            // records come in decision order: the refused attempt (stream 1) before the reset, which waits for
            // the close; the ClientHello of stream 0 is frame 4 (SYN, SYN-ACK, ACK before it)
            assertThat(b.get(1)).contains("\"tcp_stream\":1").contains("\"outcome\":\"TCP_REFUSED\"");
            assertThat(b.get(2)).isEqualTo("error INTERNAL internal error while writing the connection record of "
                    + "tcp.stream eq 0 (frame 4): java.lang.NullPointerException: planted; the capture's other "
                    + "records are complete");
            assertThat(b.get(3)).isEqualTo("finish 2");
        }
    }
}
