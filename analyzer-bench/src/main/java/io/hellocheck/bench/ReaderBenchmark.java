package io.hellocheck.bench;

import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.frame.DecodeStatus;
import io.hellocheck.frame.FrameDecoder;
import io.hellocheck.frame.PacketView;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The capture reader and the frame decoder, one frame per operation, over a capture replayed endlessly
 * from memory ({@link LoopingCapture}): the cost per frame, and (with {@code -prof gc}) the allocation per
 * frame, which must be 0.
 *
 * <p>{@code capture}: a pcap path (relative to the repository root, or absolute: a seed capture made by
 * bench/make-seed.sh is the realistic input), or {@code synthetic-not-tcp} (UDP and ICMP frames only).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseSerialGC"})
public class ReaderBenchmark {

    @Param({"sample-captures/tls12-ok.pcap", "synthetic-not-tcp"})
    public String capture;

    private CaptureReader reader;
    private final Frame frame = new Frame();
    private final FrameDecoder decoder = new FrameDecoder();
    private final PacketView view = new PacketView();

    @Setup
    public void setup() throws IOException {
        byte[] pcap = capture.equals("synthetic-not-tcp") ? LoopingCapture.syntheticNotTcp(10_000)
                : Captures.bytes(capture);
        reader = CaptureReader.open(new LoopingCapture(pcap));
    }

    @TearDown
    public void tearDown() throws IOException {
        reader.close();
    }

    /** Reads one frame (record header, bounds, the reusable {@link Frame} filled). */
    @Benchmark
    public long next() throws IOException {
        reader.next(frame);
        return frame.number();
    }

    /** Reads one frame and decodes its link, IP and TCP headers into the reusable {@link PacketView}. */
    @Benchmark
    public DecodeStatus nextAndDecode() throws IOException {
        reader.next(frame);
        return decoder.decode(frame, view);
    }
}
