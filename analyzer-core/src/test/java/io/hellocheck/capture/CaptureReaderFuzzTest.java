package io.hellocheck.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz target (Jazzer, see "Fuzzing" in README.md): the pcap and pcapng reader over any bytes. Only an
 * {@link IOException} ({@link CaptureFormatException} for what is not a capture or is damaged) may come out;
 * frames are numbered from 1 without a gap, and an uncompressed input cannot yield more frames than it has
 * 16-byte record headers, nor a frame larger than itself. The plain test run replays the seeds in
 * {@code CaptureReaderFuzzTestInputs/}.
 */
class CaptureReaderFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void pcapAndPcapng(byte[] data) {
        boolean gzip = data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
        long frames = 0;
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(data))) {
            Frame f = new Frame();
            while (r.next(f)) {
                frames++;
                assertThat(f.number()).isEqualTo(frames);
                assertThat(f.capturedLength()).isBetween(0, CaptureReader.MAX_RECORD_BYTES);
                if (!gzip) {
                    assertThat(f.capturedLength()).isLessThanOrEqualTo(data.length);
                    assertThat(frames).isLessThanOrEqualTo(data.length / 16);
                }
            }
            assertThat(r.truncatedAtOffset()).isLessThan(gzip ? Long.MAX_VALUE : data.length);
        } catch (IOException expected) {
            // the documented failure: not a capture, or damaged
        }
    }
}
