package io.hellocheck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.HelloInfo;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.batch.BatchSummary;
import io.hellocheck.report.Renderer;
import io.hellocheck.tcp.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A connection record that fails half-way through rendering (a ClientHello without its frame list) leaves
 * nothing behind: the next record on the same thread, or in the same JSON document, is what it is alone.
 */
class RenderFailureTest {
    private static final long T0 = 1_800_000_000_000_000_000L;

    private static ConnectionRecord record(int stream, HelloInfo hello) {
        return new ConnectionRecord("a.pcap", stream, new Endpoint("10.0.0.1", 50000 + stream),
                new Endpoint("10.0.0.2", 443), T0, 6, Outcome.TCP_REFUSED, "refused", hello, null, null, null, null,
                null, List.of(), null, List.of(new Evidence(1, T0, "SYN from client")), null, null, false, 0, 0,
                null, null, List.of(), null, null, ConnectionRecord.streamFilter(stream), null);
    }

    /** Breaks after the record's first keys: {@code client_hello.frames} is null. */
    private static final ConnectionRecord BROKEN = record(0, new HelloInfo(4, null, T0, 4, T0, 100, null, "x"));
    private static final ConnectionRecord GOOD = record(1, null);

    @Test
    void aJsonLineFailingHalfWayLeavesNothingInTheNextLine() throws Exception {
        Renderer.Jsonl r = new Renderer.Jsonl(new PrintStream(new ByteArrayOutputStream()), false, null);
        byte[] alone = (byte[]) new Thread_(() -> r.prepare(GOOD)).call();
        assertThatThrownBy(() -> r.prepare(BROKEN)).isInstanceOf(IllegalStateException.class);
        byte[] after = (byte[]) r.prepare(GOOD);
        assertThat(new String(after, StandardCharsets.UTF_8)).isEqualTo(new String(alone, StandardCharsets.UTF_8));
    }

    @Test
    void aJsonLinePreparedOnTheOutputThreadIsWrittenFromItsBufferAsTheSameBytes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Renderer.Jsonl r = new Renderer.Jsonl(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, null);
        r.captureStarted("a.pcap");
        byte[] elsewhere = (byte[]) new Thread_(() -> r.prepare(GOOD)).call();
        Object here = r.prepare(GOOD);
        assertThat(here).isNotInstanceOf(byte[].class);
        r.connection(GOOD, here);
        assertThatThrownBy(() -> r.prepare(BROKEN)).isInstanceOf(IllegalStateException.class);
        r.connection(GOOD, r.prepare(GOOD));
        String line = new String(elsewhere, StandardCharsets.UTF_8);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(line + line);
    }

    @Test
    void aJsonLineWrittenOnTheOutputThreadIsWrittenWholeOrNotAtAll() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Renderer.Jsonl r = new Renderer.Jsonl(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, null);
        assertThatThrownBy(() -> r.connection(BROKEN)).isInstanceOf(IllegalStateException.class);
        assertThat(bytes.size()).isZero();
        r.connection(GOOD);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("{\"type\":\"connection\"")
                .contains("\"tcp_stream\":1").doesNotContain("\"tcp_stream\":0");
    }

    @Test
    void aJsonDocumentKeepsNoPartOfARecordThatFailed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Renderer json = Renderer.of("json", new PrintStream(bytes, true, StandardCharsets.UTF_8), false, null, "t");
        json.inputs(List.of("a.pcap"), 0);
        assertThatThrownBy(() -> json.connection(BROKEN)).isInstanceOf(IllegalStateException.class);
        json.connection(GOOD);
        json.finish(new BatchSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of(), 0, "ja4", List.of(), 0, 0,
                List.of(), 0));
        var doc = Runs.JSON.readTree(bytes.toString(StandardCharsets.UTF_8));
        assertThat(doc.get("records")).hasSize(1);
        assertThat(doc.at("/records/0/tcp_stream").asInt()).isEqualTo(1);
    }

    /** Runs a call on a new thread (a fresh per-thread buffer) and returns its result. */
    private record Thread_(java.util.concurrent.Callable<Object> body) {
        Object call() throws Exception {
            Object[] out = new Object[1];
            Exception[] failure = new Exception[1];
            Thread t = new Thread(() -> {
                try {
                    out[0] = body.call();
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
            t.start();
            t.join();
            if (failure[0] != null) {
                throw failure[0];
            }
            return out[0];
        }
    }
}
