package io.hellocheck.capture;

import io.hellocheck.frame.DecodeStatus;
import io.hellocheck.frame.FrameDecoder;
import io.hellocheck.frame.PacketView;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * A throughput check of the reader and decoder (not a unit test): reads a capture file several times and
 * prints frames/s and MB/s (of the decompressed file) for the best pass.
 *
 * <pre>
 * mvn -q -pl analyzer-core -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp "analyzer-core/target/classes:analyzer-core/target/test-classes:$(cat analyzer-core/cp.txt)" \
 *     io.hellocheck.capture.ReadThroughput big.pcap [passes]
 * </pre>
 */
public final class ReadThroughput {

    private ReadThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double bestSeconds = Double.MAX_VALUE;
        for (int pass = 1; pass <= passes; pass++) {
            Map<DecodeStatus, Long> counts = new EnumMap<>(DecodeStatus.class);
            long[] byStatus = new long[DecodeStatus.values().length];
            FrameDecoder decoder = new FrameDecoder();
            PacketView view = new PacketView();
            Frame f = new Frame();
            long payload = 0;
            long allocatedBefore = mx.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            long bytes;
            long frames = 0;
            try (CaptureReader r = CaptureReader.open(Files.newInputStream(file))) {
                while (r.next(f)) {
                    frames++;
                    DecodeStatus s = decoder.decode(f, view);
                    byStatus[s.ordinal()]++;
                    if (s == DecodeStatus.TCP) {
                        payload += view.payloadLength();
                    }
                }
                bytes = r.position();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long allocated = mx.getCurrentThreadAllocatedBytes() - allocatedBefore;
            for (DecodeStatus s : DecodeStatus.values()) {
                if (byStatus[s.ordinal()] > 0) {
                    counts.put(s, byStatus[s.ordinal()]);
                }
            }
            bestSeconds = Math.min(bestSeconds, seconds);
            System.out.printf("pass %d: %,d frames, %,d bytes in %.2f s: %,.0f frames/s, %.0f MB/s; "
                            + "allocated %,d bytes; TCP payload %,d bytes; %s%n",
                    pass, frames, bytes, seconds, frames / seconds, bytes / seconds / 1e6, allocated, payload,
                    counts);
        }
        System.out.printf("best: %.2f s%n", bestSeconds);
    }
}
