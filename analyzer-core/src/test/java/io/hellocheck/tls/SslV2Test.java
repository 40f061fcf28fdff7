package io.hellocheck.tls;

import static io.hellocheck.tls.TestBytes.hex;
import static io.hellocheck.tls.TestBytes.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SSL 2.0 messages as the SSL 2.0 specification (draft-hickman-netscape-ssl-00, appendix A and section 2.6)
 * lays them out, and the SSLv2-compatible hello of RFC 5246 appendix E.2; records through the stream decoder.
 */
class SslV2Test {

    /** The SSLv2 CLIENT-HELLO of Zeek's ssl-v2.pcap frame 4, as tshark lists it: 7 specs, 16-byte challenge. */
    static byte[] pureClientHello() {
        return w().u8(1).u16(0x0002).u16(21).u16(0).u16(16)
                .raw(hex("0700c0 050080 030080 010080 060040 040080 020080"))
                .raw(hex("000102030405060708090a0b0c0d0e0f")).bytes();
    }

    /** A TLS 1.0 client's SSLv2-compatible CLIENT-HELLO (RFC 5246 E.2): TLS suites as 00xxxx specs, 32-byte challenge. */
    static byte[] compatibleClientHello() {
        byte[] challenge = new byte[32];
        for (int i = 0; i < 32; i++) {
            challenge[i] = (byte) (0xa0 + i);
        }
        return w().u8(1).u16(0x0301).u16(9).u16(0).u16(32).raw(hex("000039 00002f 010080")).raw(challenge).bytes();
    }

    static byte[] record2(byte[] msg) {
        return w().u8(0x80 | (msg.length >> 8)).u8(msg.length & 0xff).raw(msg).bytes();
    }

    @Test
    void pureSslV2ClientHello() throws TlsDecodeException {
        byte[] m = pureClientHello();
        ClientHello h = SslV2.clientHello(m, 0, m.length);
        assertThat(h.sslV2()).isTrue();
        assertThat(h.legacyVersion()).isEqualTo(0x0002);
        assertThat(TlsNames.version(h.legacyVersion())).isEqualTo("SSLv2");
        assertThat(h.cipherSuites()).containsExactly(0x0700c0, 0x050080, 0x030080, 0x010080, 0x060040, 0x040080,
                0x020080);
        assertThat(TlsNames.names(h.cipherSuites(), TlsNames::cipherSuite)).first()
                .isEqualTo("SSL_CK_DES_192_EDE3_CBC_WITH_MD5");
        // RFC 5246 E.2: the challenge is the ClientHello random, right-aligned and zero-padded to 32 bytes
        byte[] expected = new byte[32];
        System.arraycopy(hex("000102030405060708090a0b0c0d0e0f"), 0, expected, 16, 16);
        assertThat(h.random()).isEqualTo(expected);
        assertThat(h.extensionTypes()).isEmpty();
        assertThat(h.compressionMethods()).isEmpty();
        assertThat(h.anomalies()).isEmpty();
    }

    @Test
    void compatibleClientHelloKeepsTlsSuitesAsTwoByteCodes() throws TlsDecodeException {
        byte[] m = compatibleClientHello();
        ClientHello h = SslV2.clientHello(m, 0, m.length);
        assertThat(h.legacyVersion()).isEqualTo(0x0301);
        assertThat(h.cipherSuites()).containsExactly(0x0039, 0x002f, 0x010080);
        assertThat(h.random()[0]).isEqualTo((byte) 0xa0);
        assertThat(SslV2.looksLikeClientHello(record2(m), 0, 7)).isTrue();
    }

    @Test
    void malformedClientHellosAreDecodeErrors() {
        byte[] badSpecs = w().u8(1).u16(2).u16(4).u16(0).u16(16).zeros(4 + 16).bytes();
        assertThatThrownBy(() -> SslV2.clientHello(badSpecs, 0, badSpecs.length)).isInstanceOf(TlsDecodeException.class)
                .hasMessageContaining("multiple of 3");
        byte[] shortChallenge = w().u8(1).u16(2).u16(3).u16(0).u16(8).zeros(3 + 8).bytes();
        assertThatThrownBy(() -> SslV2.clientHello(shortChallenge, 0, shortChallenge.length))
                .hasMessageContaining("challenge");
        byte[] truncated = Arrays.copyOf(pureClientHello(), 20);
        assertThatThrownBy(() -> SslV2.clientHello(truncated, 0, truncated.length)).isInstanceOf(TlsDecodeException.class);
    }

    @Test
    void serverHelloMasterKeyAndError() throws TlsDecodeException {
        byte[] cert = hex("3082000130");
        byte[] sh = w().u8(4).u8(0).u8(1).u16(0x0002).u16(cert.length).u16(6).u16(16).raw(cert)
                .raw(hex("0700c0 010080")).zeros(16).bytes();
        SslV2.ServerHelloV2 v2 = SslV2.serverHello(sh, 0, sh.length);
        assertThat(v2.hello().legacyVersion()).isEqualTo(SslV2.VERSION);
        assertThat(v2.hello().cipherSuite()).as("the server's first spec until the client chooses").isEqualTo(0x0700c0);
        assertThat(v2.cipherSpecs()).containsExactly(0x0700c0, 0x010080);
        assertThat(v2.certificate()).isEqualTo(cert);
        assertThat(v2.sessionIdHit()).isFalse();
        byte[] cmk = w().u8(2).raw(hex("010080")).u16(0).u16(0).u16(0).bytes();
        assertThat(SslV2.clientMasterKeyCipher(cmk, 0, cmk.length)).isEqualTo(0x010080);
        byte[] err = w().u8(0).u16(1).bytes();
        assertThat(SslV2.errorName(SslV2.errorCode(err, 0, err.length))).isEqualTo("NO-CIPHER-ERROR");
    }

    private final List<String> events = new ArrayList<>();
    private final TlsStreamDecoder decoder = new TlsStreamDecoder(new TlsListener() {
        @Override
        public void onHandshake(int type, byte[] body, int length, FrameSpan frames) {
            events.add("hs " + type + " " + length);
        }

        @Override
        public void onChangeCipherSpec(long frame, long timeNanos) {
            events.add("ccs");
        }

        @Override
        public void onAlert(int level, int description, long frame, long timeNanos) {
            events.add("alert");
        }

        @Override
        public void onEncryptedRecord(int contentType, int length, long frame, long timeNanos) {
            events.add("enc " + contentType);
        }

        @Override
        public void onNotTls(byte[] firstBytes, long frame, long timeNanos) {
            events.add("nottls " + firstBytes.length);
        }

        @Override
        public void onProtocolError(String what, long frame, long timeNanos) {
            events.add("error " + what);
        }

        @Override
        public void onSslV2Message(int msgType, byte[] body, int length, FrameSpan frames) {
            events.add("v2 " + msgType + " " + length + " frames " + Arrays.toString(frames.frames()));
        }
    });

    @Test
    void compatibleHelloThenTlsRecords() {
        byte[] hello = record2(compatibleClientHello());
        byte[] tls = hex("16 0301 0004 10000000" + "14 0301 0001 01");
        byte[] stream = TestBytes.w().raw(hello).raw(tls).bytes();
        // byte by byte, each byte its own frame: the record spans frames
        for (int i = 0; i < stream.length; i++) {
            decoder.feed(stream, i, 1, i < hello.length ? 4 : 6, 0);
        }
        assertThat(events).containsExactly("v2 1 " + compatibleClientHello().length + " frames [4]", "hs 16 0", "ccs");
        assertThat(decoder.isTls()).isTrue();
    }

    @Test
    void pureSslV2KeepsReadingSslV2RecordsAfterTheHello() {
        byte[] cmk = w().u8(2).raw(hex("0700c0")).u16(0).u16(0).u16(0).bytes();
        // an encrypted record with a 3-byte header (high bit clear: length 0x0020, then 5 bytes of padding)
        byte[] enc3 = w().u8(0x00).u8(0x20).u8(5).zeros(0x20).bytes();
        byte[] enc2 = w().u8(0x80).u8(0x18).zeros(0x18).bytes();
        byte[] stream = w().raw(record2(pureClientHello())).raw(record2(cmk)).raw(enc3).raw(enc2).bytes();
        decoder.feed(stream, 0, stream.length, 7, 0);
        assertThat(events).containsExactly("v2 1 " + pureClientHello().length + " frames [7]",
                "v2 2 " + cmk.length + " frames [7]", "v2 -1 27 frames [7]", "v2 -1 24 frames [7]");
    }

    @Test
    void aServerHelloIsTheOnlyClearRecordOfTheServer() {
        byte[] sh = w().u8(4).u8(1).u8(1).u16(2).u16(0).u16(3).u16(16).raw(hex("010080")).zeros(16).bytes();
        byte[] stream = w().raw(record2(sh)).raw(w().u8(0x80).u8(0x10).zeros(16).bytes()).bytes();
        decoder.feed(stream, 0, stream.length, 9, 0);
        assertThat(events).containsExactly("v2 4 " + sh.length + " frames [9]", "v2 -1 16 frames [9]");
    }

    @Test
    void highBitBytesThatAreNoSslV2HelloAreNotTls() {
        byte[] junk = hex("8005 07 0102030405");
        decoder.feed(junk, 0, junk.length, 1, 0);
        assertThat(events).containsExactly("nottls " + junk.length);
        assertThat(decoder.isStopped()).isTrue();
    }
}
