package io.hellocheck.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.testing.CaptureWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Fuzz target (Jazzer, see "Fuzzing" in README.md): the frame decoder (link layers, tunnels, IPv4/IPv6, IP
 * reassembly) over up to 16 frames of one link type. Input: byte 0 picks the link type, then each frame is a
 * 2-byte big-endian length and that many bytes. The decoder throws nothing; a TCP segment's payload lies
 * inside its frame (or, reassembled, is no longer than the input).
 */
class FrameDecoderFuzzTest {
    private static final int[] LINK_TYPES = {FrameDecoder.LINKTYPE_ETHERNET, FrameDecoder.LINKTYPE_RAW,
        FrameDecoder.LINKTYPE_NULL, FrameDecoder.LINKTYPE_LOOP, FrameDecoder.LINKTYPE_PPP, 113, 276, 228, 229,
        FrameDecoder.LINKTYPE_PPP_HDLC, FrameDecoder.LINKTYPE_RAW_12, 147};

    /** The frames of {@code data} in a pcap written by the test-side capture writer. */
    static byte[] capture(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lt = data.length == 0 ? 1 : LINK_TYPES[(data[0] & 0xff) % LINK_TYPES.length];
        try (CaptureWriter w = CaptureWriter.to(out).linkType(lt).snaplen(262144).build()) {
            int at = 1;
            for (int n = 0; n < 16 && at + 2 <= data.length; n++) {
                int len = Math.min(((data[at] & 0xff) << 8) | (data[at + 1] & 0xff), data.length - at - 2);
                w.frame(1_800_000_000_000_000_000L + n * 1000L, Arrays.copyOfRange(data, at + 2, at + 2 + len));
                at += 2 + len;
            }
        }
        return out.toByteArray();
    }

    @FuzzTest(maxDuration = "20s")
    void frames(byte[] data) {
        FrameDecoder decoder = new FrameDecoder();
        PacketView p = new PacketView();
        Frame f = new Frame();
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(capture(data)))) {
            while (r.next(f)) {
                DecodeStatus s = decoder.decode(f, p);
                assertThat(s).isNotNull();
                if (s == DecodeStatus.TCP) {
                    assertThat(p.payloadLength()).isBetween(0, data.length);
                    assertThat(p.payloadOffset() + p.payloadLength()).isLessThanOrEqualTo(p.data().length);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the writer's capture must read back", e);
        }
    }
}
