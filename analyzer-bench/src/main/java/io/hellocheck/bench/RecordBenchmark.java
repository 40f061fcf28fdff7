package io.hellocheck.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.report.JsonRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * One connection record written as the CLI's JSON line ({@link JsonRecords#writeConnection} into a UTF-8
 * generator over a null stream), per operation: the rendering cost a record adds to the analysis.
 *
 * <p>{@code capture}: the sample capture whose first connection record is written (a completed TLS 1.3
 * handshake; a server alert 40).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
public class RecordBenchmark {

    @Param({"sample-captures/tls13-ok.pcap", "sample-captures/server-alert-40-tls13.pcap"})
    public String capture;

    private ConnectionRecord record;
    private JsonGenerator gen;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        List<ConnectionRecord> records = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Captures.resolve(capture))) {
            HelloCheck.builder().build().analyze(in, capture, records::add);
        }
        record = records.get(0);
        gen = new JsonFactory().createGenerator(OutputStream.nullOutputStream(), JsonEncoding.UTF8);
        gen.setRootValueSeparator(null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        gen.close();
    }

    @Benchmark
    public JsonGenerator writeConnection() throws IOException {
        JsonRecords.writeConnection(gen, record);
        gen.writeRaw('\n');
        return gen;
    }
}
