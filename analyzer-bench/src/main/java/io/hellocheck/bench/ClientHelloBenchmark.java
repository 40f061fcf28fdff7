package io.hellocheck.bench;

import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.FrameSpan;
import io.hellocheck.tls.TlsDecodeException;
import io.hellocheck.tls.TlsListener;
import io.hellocheck.tls.TlsStreamDecoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ClientHello decoder: {@link ClientHello#parse} on a real ClientHello body, and the whole path a
 * ClientHello takes through {@link TlsStreamDecoder} (record header, handshake reassembly, delivery) with
 * and without the parse, one ClientHello per operation.
 *
 * <p>{@code capture}: the sample capture whose first ClientHello is used (curl 7.88 in tls12-ok.pcap,
 * openssl s_client 3.0 in tls13-ok.pcap).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
public class ClientHelloBenchmark {

    @Param({"sample-captures/tls12-ok.pcap", "sample-captures/tls13-ok.pcap"})
    public String capture;

    private byte[] body;
    /** The ClientHello as a TLS record: 5-byte record header, 4-byte handshake header, body. */
    private byte[] record;
    private TlsStreamDecoder parsing;
    private TlsStreamDecoder notParsing;
    private long frame;
    private Blackhole sink;

    @Setup
    public void setup(Blackhole bh) {
        sink = bh;
        body = Captures.firstClientHelloBody(capture);
        int n = body.length;
        record = new byte[9 + n];
        record[0] = 22;
        record[1] = 3;
        record[2] = 1;
        record[3] = (byte) ((n + 4) >> 8);
        record[4] = (byte) (n + 4);
        record[5] = 1;
        record[6] = (byte) (n >> 16);
        record[7] = (byte) (n >> 8);
        record[8] = (byte) n;
        System.arraycopy(body, 0, record, 9, n);
        parsing = new TlsStreamDecoder(new Listener(true));
        notParsing = new TlsStreamDecoder(new Listener(false));
    }

    /** {@link ClientHello#parse} alone. */
    @Benchmark
    public ClientHello parse() throws TlsDecodeException {
        return ClientHello.parse(body, 0, body.length);
    }

    /** The record through the stream decoder, the message handed to a listener that ignores it. */
    @Benchmark
    public void decodeRecord() {
        notParsing.feed(record, 0, record.length, ++frame, frame * 1000);
    }

    /** The record through the stream decoder, and the listener parses the ClientHello (as the analysis does). */
    @Benchmark
    public void decodeRecordAndParse() {
        parsing.feed(record, 0, record.length, ++frame, frame * 1000);
    }

    private final class Listener implements TlsListener {
        private final boolean parse;

        Listener(boolean parse) {
            this.parse = parse;
        }

        @Override
        public void onHandshake(int type, byte[] body, int length, FrameSpan frames) {
            sink.consume(frames);
            if (parse) {
                try {
                    sink.consume(ClientHello.parse(body, 0, length));
                } catch (TlsDecodeException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                sink.consume(body);
            }
        }

        @Override
        public void onChangeCipherSpec(long frame, long timeNanos) {
        }

        @Override
        public void onAlert(int level, int description, long frame, long timeNanos) {
        }

        @Override
        public void onEncryptedRecord(int contentType, int length, long frame, long timeNanos) {
        }

        @Override
        public void onNotTls(byte[] firstBytes, long frame, long timeNanos) {
            throw new IllegalStateException("not TLS");
        }

        @Override
        public void onProtocolError(String what, long frame, long timeNanos) {
            throw new IllegalStateException(what);
        }
    }
}
