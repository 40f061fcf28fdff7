package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Record layouts from RFC 8446 section 5.1 and handshake headers from section 4. */
class TlsStreamDecoderTest {

    private final List<String> events = new ArrayList<>();
    private final TlsStreamDecoder decoder = new TlsStreamDecoder(new TlsListener() {
        @Override
        public void onHandshake(int type, byte[] body, int length, FrameSpan frames) {
            events.add("hs " + type + " len " + length + " frames " + Arrays.toString(frames.frames())
                    + " body " + (body == null ? "null" : hex(body, length)));
        }

        @Override
        public void onChangeCipherSpec(long frame, long timeNanos) {
            events.add("ccs " + frame);
        }

        @Override
        public void onAlert(int level, int description, long frame, long timeNanos) {
            events.add("alert " + level + " " + description + " " + frame);
        }

        @Override
        public void onEncryptedRecord(int contentType, int length, long frame, long timeNanos) {
            events.add("enc " + contentType + " " + length + " " + frame);
        }

        @Override
        public void onNotTls(byte[] firstBytes, long frame, long timeNanos) {
            events.add("nottls " + new String(firstBytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        @Override
        public void onProtocolError(String what, long frame, long timeNanos) {
            events.add("error " + what);
        }
    });

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", b[i]));
        }
        return sb.toString();
    }

    private static byte[] record(int type, byte[] body) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(type);
        o.write(3);
        o.write(3);
        o.write(body.length >> 8);
        o.write(body.length);
        o.writeBytes(body);
        return o.toByteArray();
    }

    private static byte[] handshake(int type, byte[] body) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(type);
        o.write(body.length >> 16);
        o.write(body.length >> 8);
        o.write(body.length);
        o.writeBytes(body);
        return o.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    @Test
    void reassemblesAHandshakeMessageSplitOverRecordsAndSegments() {
        byte[] msg = handshake(1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        byte[] stream = concat(record(22, Arrays.copyOfRange(msg, 0, 5)), record(22, Arrays.copyOfRange(msg, 5, 12)));
        decoder.feed(stream, 0, 7, 10, 100);
        decoder.feed(stream, 7, 6, 11, 200);
        decoder.feed(stream, 13, stream.length - 13, 12, 300);
        assertThat(events).containsExactly("hs 1 len 8 frames [10, 11, 12] body 0102030405060708");
    }

    @Test
    void deliversSeveralMessagesFromOneRecord() {
        byte[] body = concat(handshake(2, new byte[] {9, 9}), handshake(14, new byte[0]));
        byte[] stream = record(22, body);
        decoder.feed(stream, 0, stream.length, 4, 0);
        assertThat(events).containsExactly("hs 2 len 2 frames [4] body 0909", "hs 14 len 0 frames [4] body ");
    }

    @Test
    void aLargeMessageThenASmallOneSplitOverSegmentsAreBothWhole() {
        byte[] large = new byte[3000];
        Arrays.fill(large, (byte) 0x77);
        byte[] msgs = concat(handshake(11, large), handshake(2, new byte[] {1, 2, 3}));
        byte[] stream = concat(record(22, Arrays.copyOfRange(msgs, 0, 2000)),
                record(22, Arrays.copyOfRange(msgs, 2000, msgs.length)));
        for (int off = 0, frame = 1; off < stream.length; off += 1448, frame++) {
            decoder.feed(stream, off, Math.min(1448, stream.length - off), frame, frame * 10L);
        }
        assertThat(events).containsExactly("hs 11 len 3000 frames [1, 2, 3] body " + "77".repeat(3000),
                "hs 2 len 3 frames [3] body 010203");
    }

    @Test
    void reportsPlaintextAlertsAndTheSwitchToEncryptedRecords() {
        byte[] stream = concat(record(21, new byte[] {2, 40}), record(20, new byte[] {1}),
                record(22, new byte[40]), record(23, new byte[30]), record(21, new byte[26]));
        decoder.feed(stream, 0, stream.length, 7, 0);
        assertThat(events).containsExactly("alert 2 40 7", "ccs 7", "enc 22 40 7", "enc 23 30 7", "enc 21 26 7");
    }

    @Test
    void anAlertRecordOfTwoBytesIsClearTextEvenAfterTheSwitch() {
        // a protected alert carries at least a 16-byte MAC or AEAD tag (RFC 5246 6.2.3, RFC 8446 5.2): a 2-byte
        // alert record after the switch (a TLS 1.3 peer sending before it switched keys) is read; a 19-byte one is not
        decoder.startEncryption();
        byte[] stream = concat(record(21, new byte[] {2, 40}), record(21, new byte[19]));
        decoder.feed(stream, 0, stream.length, 5, 0);
        assertThat(events).containsExactly("alert 2 40 5", "enc 21 19 5");
    }

    @Test
    void middleboxCompatibilityChangeCipherSpecDoesNotEncryptWhenTurnedOff() {
        decoder.setChangeCipherSpecStartsEncryption(false);
        byte[] stream = concat(record(20, new byte[] {1}), record(22, handshake(1, new byte[] {5})));
        decoder.feed(stream, 0, stream.length, 3, 0);
        assertThat(events).containsExactly("ccs 3", "hs 1 len 1 frames [3] body 05");
    }

    @Test
    void namesNonTlsBytes() {
        byte[] http = "HTTP/1.1 400 Bad Request\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        decoder.feed(http, 0, http.length, 5, 0);
        assertThat(events).containsExactly("nottls HTTP/1.1 400 Bad Request\r\n");
        assertThat(decoder.isStopped()).isTrue();
    }

    @Test
    void stopsOnAnInvalidRecordAfterValidOnes() {
        byte[] stream = concat(record(21, new byte[] {1, 0}), new byte[] {99, 3, 3, 0, 1, 0});
        decoder.feed(stream, 0, stream.length, 2, 0);
        assertThat(events).containsExactly("alert 1 0 2", "error invalid TLS record header 63 0303 length 1");
    }

    @Test
    void oversizedHandshakeMessagesAreReportedWithoutABody() {
        int len = TlsStreamDecoder.MAX_HANDSHAKE_BYTES + 10;
        byte[] msg = handshake(11, new byte[len]);
        int off = 0;
        long frame = 1;
        while (off < msg.length) {
            int n = Math.min(16384, msg.length - off);
            byte[] rec = record(22, Arrays.copyOfRange(msg, off, off + n));
            decoder.feed(rec, 0, rec.length, frame++, 0);
            off += n;
        }
        assertThat(events).containsExactly("hs 11 len " + len + " frames [1] body null");
    }
}
