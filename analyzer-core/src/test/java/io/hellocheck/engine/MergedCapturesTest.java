package io.hellocheck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.analysis.Cause;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.batch.BatchAnalyzer;
import io.hellocheck.batch.BatchListener;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --merge} (issue 13, point 3): the files of a rotation are one capture. The capture is written whole by
 * the test-side writer, then cut into two files at a record boundary as tcpdump {@code -C} does (the pcap
 * global header repeated, records as they were), so the merged result must be the whole capture's.
 */
class MergedCapturesTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    /** A TLS 1.2 ClientHello record offering {@code suite}. */
    private static byte[] hello(int suite) {
        byte[] body = Packets.concat(Packets.hex("0303"), new byte[32], new byte[] {0, 0, 2, (byte) (suite >> 8),
                (byte) suite}, Packets.hex("0100"));
        return record(22, Packets.concat(new byte[] {1, 0, (byte) (body.length >> 8), (byte) body.length}, body));
    }

    private static byte[] serverHello(int suite) {
        byte[] body = Packets.concat(Packets.hex("0303"), new byte[32], new byte[] {0, (byte) (suite >> 8),
                (byte) suite, 0});
        return record(22, Packets.concat(new byte[] {2, 0, (byte) (body.length >> 8), (byte) body.length}, body));
    }

    private static byte[] record(int type, byte[] body) {
        return Packets.concat(new byte[] {(byte) type, 3, 3, (byte) (body.length >> 8), (byte) body.length}, body);
    }

    /**
     * Connection 0 fails with alert 40 offering only TLS_RSA_WITH_AES_128_CBC_SHA; connection 1 starts before the
     * cut and completes after it choosing TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256. Frames 1 to 9 are before 2 s.
     */
    private static byte[] whole() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] ccs = record(20, new byte[] {1});
        try (CaptureWriter w = CaptureWriter.to(out).format(CaptureWriter.Format.PCAP_MICRO).build()) {
            w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                    .clientData(T0 + 3 * MS, hello(0x002f)).serverData(T0 + 4 * MS, record(21, new byte[] {2, 40}))
                    .serverFin(T0 + 5 * MS);
            w.tcp("10.0.0.1", 50001, "10.0.0.2", 443).syn(T0 + 10 * MS).synAck(T0 + 11 * MS).ack(T0 + 12 * MS)
                    .clientData(T0 + 3_000 * MS, hello(0xc02f)).serverData(T0 + 3_001 * MS, serverHello(0xc02f))
                    .clientData(T0 + 3_002 * MS, ccs).serverData(T0 + 3_003 * MS, ccs);
        }
        return out.toByteArray();
    }

    /** The pcap file cut before the first record at or after {@code cutNanos}: two files, as tcpdump -C writes. */
    private static byte[][] cut(byte[] pcap, long cutNanos) {
        ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        int off = 24;
        while (off < pcap.length) {
            long t = (b.getInt(off) & 0xffffffffL) * 1_000_000_000L + (b.getInt(off + 4) & 0xffffffffL) * 1_000L;
            if (t >= cutNanos) {
                break;
            }
            off += 16 + b.getInt(off + 8);
        }
        byte[] first = Arrays.copyOf(pcap, off);
        byte[] second = Packets.concat(Arrays.copyOf(pcap, 24), Arrays.copyOfRange(pcap, off, pcap.length));
        return new byte[][] {first, second};
    }

    private static List<ConnectionRecord> byStream(List<ConnectionRecord> records) {
        return records.stream().sorted(Comparator.comparingInt(ConnectionRecord::tcpStream)).toList();
    }

    @Test
    void theFilesOfARotationAreOneCapture(@TempDir Path dir) throws IOException {
        byte[][] parts = cut(whole(), T0 + 2_000 * MS);
        Path a = dir.resolve("trace.pcap0");
        Path b = dir.resolve("trace.pcap1");
        Files.write(a, parts[0]);
        Files.write(b, parts[1]);
        HelloCheck analyzer = HelloCheck.builder().build();
        CaptureResult merged = analyzer.analyzeMerged(List.of(a, b));
        CaptureResult alone = analyzer.analyze(new java.io.ByteArrayInputStream(whole()), "whole");
        List<ConnectionRecord> m = byStream(merged.connections());
        assertThat(m).extracting(ConnectionRecord::outcome).containsExactly(Outcome.SERVER_ALERT, Outcome.COMPLETED);
        // the same frames as the uncut capture (mergecap numbers the merged frames from 1)
        assertThat(m.get(1).serverHello().frame()).isEqualTo(byStream(alone.connections()).get(1).serverHello().frame());
        assertThat(merged.summary().frames()).isEqualTo(alone.summary().frames());
        // the failure reads the completion in the second file
        assertThat(m.get(0).cipherOverlap().completedHandshakes()).isEqualTo(1);
        assertThat(m.get(0).diagnosis().get(0).cause()).isEqualTo(Cause.NO_SHARED_CIPHER_SUITE);
        // each file alone: the completion is not seen with the failure
        CaptureResult first = analyzer.analyze(a);
        assertThat(byStream(first.connections()).get(0).cipherOverlap().completedHandshakes()).isZero();
    }

    @Test
    void theBatchMergesTheCaptureFilesWhenAsked(@TempDir Path dir) throws Exception {
        byte[][] parts = cut(whole(), T0 + 2_000 * MS);
        Path a = dir.resolve("trace.pcap0");
        Path b = dir.resolve("trace.pcap1");
        Files.write(a, parts[0]);
        Files.write(b, parts[1]);
        List<ConnectionRecord> records = new ArrayList<>();
        BatchListener collect = new BatchListener() {
            @Override
            public void connection(ConnectionRecord r) {
                records.add(r);
            }
        };
        var summary = BatchAnalyzer.builder(HelloCheck.builder().build()).merge(true).build()
                .run(List.of(a.toString(), b.toString()), null, collect);
        assertThat(summary.captures()).isEqualTo(1);
        assertThat(records).extracting(ConnectionRecord::capture).containsOnly(a + " + " + b);
        assertThat(byStream(records)).extracting(ConnectionRecord::outcome)
                .containsExactly(Outcome.SERVER_ALERT, Outcome.COMPLETED);
    }
}
