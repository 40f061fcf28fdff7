package io.hellocheck.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.frame.FrameDecoder;
import io.hellocheck.frame.PacketView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code udp.stream} number of every UDP header of the public captures (the datagram's own, a tunnel's
 * outer one, one quoted in an ICMP error) against tshark 4.0.17's, written into {@code udp-streams.tsv} by
 * {@code tools/generate-udp-stream-expectations.py}: the same frames under the same numbers.
 */
@Tag("public-captures")
class UdpStreamsPublicCapturesTest {
    private final Path corpus = Paths.get(System.getProperty("hellocheck.shared", "../shared"))
            .resolve("captures").resolve("public");

    @Test
    void everyUdpFrameHasTsharksStreamNumber() throws IOException {
        Map<String, Map<Integer, List<Long>>> expected = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("udp-streams.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t");
                List<Long> frames = new ArrayList<>();
                for (String n : f[2].split(",")) {
                    frames.add(Long.parseLong(n));
                }
                expected.computeIfAbsent(f[0], k -> new TreeMap<>()).put(Integer.parseInt(f[1]), frames);
            }
        }
        int frames = 0;
        for (Map.Entry<String, Map<Integer, List<Long>>> e : expected.entrySet()) {
            Map<Integer, List<Long>> ours = streams(corpus.resolve(e.getKey()));
            assertThat(ours).as(e.getKey()).isEqualTo(e.getValue());
            frames += e.getValue().values().stream().mapToInt(List::size).sum();
        }
        System.out.println("udp.stream vs tshark: " + expected.size() + " captures, " + frames + " frame numbers");
        assertThat(expected).hasSize(24);
    }

    private static Map<Integer, List<Long>> streams(Path capture) throws IOException {
        Map<Integer, List<Long>> out = new TreeMap<>();
        UdpFlowTable table = new UdpFlowTable(100_000);
        FrameDecoder decoder = new FrameDecoder();
        PacketView view = new PacketView();
        Frame frame = new Frame();
        long[] current = new long[1];
        decoder.onOtherUdpHeaders(p -> note(out, table.stream(p), current[0]));
        try (InputStream in = Files.newInputStream(capture); CaptureReader reader = CaptureReader.open(in)) {
            while (reader.next(frame)) {
                current[0] = frame.number();
                decoder.decode(frame, view);
                if (view.isUdp()) {
                    note(out, table.stream(view), frame.number());
                }
            }
        }
        return out;
    }

    private static void note(Map<Integer, List<Long>> out, int stream, long frame) {
        List<Long> frames = out.computeIfAbsent(stream, k -> new ArrayList<>());
        if (frames.isEmpty() || frames.get(frames.size() - 1) != frame) {
            frames.add(frame);
        }
    }
}
