package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzz targets (Jazzer, see "Fuzzing" in README.md) for the TLS decoders that read input bytes.
 *
 * <p>{@link #recordStream}: one direction's bytes through {@link TlsStreamDecoder} in chunks whose sizes the
 * input sets (byte 0: chunk size 1 to 256, the rest the stream); it throws nothing, and what it reports is no
 * more than it was fed. {@link #handshakeMessages}: byte 0 picks a decoder (ClientHello, ServerHello and
 * HelloRetryRequest, Certificate in TLS 1.2 and 1.3, SSLv2 CLIENT-HELLO and SERVER-HELLO, CertificateInfo), the
 * rest is the message body; only {@link TlsDecodeException} may come out, and a decoded message holds no more
 * entries than its bytes allow.
 */
class TlsDecodersFuzzTest {

    /** Counts what the decoder reports. */
    private static final class Tally implements TlsListener {
        long events;
        long handshakeBytes;

        @Override
        public void onHandshake(int type, byte[] body, int length, FrameSpan frames) {
            events++;
            handshakeBytes += body == null ? 0 : length;
        }

        @Override
        public void onChangeCipherSpec(long frame, long timeNanos) {
            events++;
        }

        @Override
        public void onAlert(int level, int description, long frame, long timeNanos) {
            events++;
        }

        @Override
        public void onEncryptedRecord(int contentType, int length, long frame, long timeNanos) {
            events++;
        }

        @Override
        public void onNotTls(byte[] firstBytes, long frame, long timeNanos) {
            events++;
        }

        @Override
        public void onProtocolError(String what, long frame, long timeNanos) {
            events++;
        }

        @Override
        public void onSslV2Message(int msgType, byte[] body, int length, FrameSpan frames) {
            events++;
            handshakeBytes += body == null ? 0 : length;
        }
    }

    @FuzzTest(maxDuration = "20s")
    void recordStream(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int chunk = 1 + (data[0] & 0xff);
        Tally tally = new Tally();
        TlsStreamDecoder d = new TlsStreamDecoder(tally);
        long frame = 1;
        for (int at = 1; at < data.length; at += chunk) {
            int n = Math.min(chunk, data.length - at);
            d.feed(data, at, n, frame++, frame * 1000);
            if (frame % 7 == 0) {
                d.gap(3, frame, frame * 1000);
            }
        }
        assertThat(tally.handshakeBytes).isLessThanOrEqualTo(data.length);
        assertThat(tally.events).isLessThanOrEqualTo(data.length + frame);
    }

    @FuzzTest(maxDuration = "20s")
    void handshakeMessages(byte[] data) {
        if (data.length == 0) {
            return;
        }
        byte[] b = Arrays.copyOfRange(data, 1, data.length);
        int len = b.length;
        try {
            switch ((data[0] & 0xff) % 7) {
                case 0 -> {
                    ClientHello c = ClientHello.parse(b, 0, len);
                    assertThat(c.cipherSuites().size()).isLessThanOrEqualTo(len / 2);
                    assertThat(c.extensionTypes().size()).isLessThanOrEqualTo(len / 4);
                    assertThat(c.anomalies().size()).isLessThanOrEqualTo(ClientHello.MAX_ANOMALIES + 1);
                    Ja3.ja3String(c);
                    Ja4.ja4(c);
                }
                case 1 -> {
                    ServerHello s = ServerHello.parse(b, 0, len);
                    assertThat(s.extensionTypes().size()).isLessThanOrEqualTo(len / 4);
                }
                case 2 -> Certificates.parse(b, 0, len, false);
                case 3 -> Certificates.parse(b, 0, len, true);
                case 4 -> {
                    ClientHello c = SslV2.clientHello(b, 0, len);
                    assertThat(c.cipherSuites().size()).isLessThanOrEqualTo(len / 3);
                }
                case 5 -> SslV2.serverHello(b, 0, len);
                default -> CertificateInfo.parse(b, 0, len);
            }
        } catch (TlsDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
