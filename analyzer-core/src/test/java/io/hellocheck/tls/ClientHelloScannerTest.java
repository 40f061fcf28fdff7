package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The search for a ClientHello by content after an unknown preamble. The hello is the RFC 8446 section 4.1.2
 * layout: a record header (22, 3.1, length), a handshake header (1, length), legacy_version 3.3, a zero random,
 * an empty session id, one suite (TLS_AES_128_GCM_SHA256), the null compression method, no extensions.
 */
class ClientHelloScannerTest {
    private static final byte[] HELLO = TestBytes.hex("16 0301 002d 01 000029 0303"
            + "0000000000000000000000000000000000000000000000000000000000000000 00 0002 1301 0100");

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private record Chunk(int length, long frame) {
    }

    private static List<Chunk> replay(ClientHelloScanner s, List<byte[]> bytes) {
        List<Chunk> out = new ArrayList<>();
        s.replay((b, off, len, frame, t) -> {
            out.add(new Chunk(len, frame));
            bytes.add(java.util.Arrays.copyOfRange(b, off, off + len));
        });
        return out;
    }

    @Test
    void aHelloAfterAPreambleIsFoundAndReplayedFromItsFirstByte() {
        ClientHelloScanner s = new ClientHelloScanner();
        byte[] preamble = "XTUN/1 hello\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] stream = cat(preamble, HELLO, new byte[] {23, 3, 3});
        // the header straddles two segments; the hello ends in a third
        assertThat(s.feed(stream, 0, preamble.length + 2, 1, 10)).isEqualTo(ClientHelloScanner.MORE);
        assertThat(s.feed(stream, preamble.length + 2, 20, 2, 20)).isEqualTo(ClientHelloScanner.MORE);
        int rest = preamble.length + 22;
        assertThat(s.feed(stream, rest, stream.length - rest, 3, 30)).isEqualTo(ClientHelloScanner.FOUND);
        assertThat(s.helloOffset()).isEqualTo(preamble.length);
        assertThat(s.helloFrame()).isEqualTo(1);
        assertThat(s.helloFrameCarriesPreamble()).isTrue();
        List<byte[]> bytes = new ArrayList<>();
        assertThat(replay(s, bytes)).containsExactly(new Chunk(2, 1), new Chunk(20, 2),
                new Chunk(stream.length - rest, 3));
        assertThat(cat(bytes.toArray(new byte[0][]))).isEqualTo(java.util.Arrays.copyOfRange(stream, preamble.length,
                stream.length));
    }

    @Test
    void aLookAlikeThatDoesNotDecodeIsPassedOver() {
        // a record header and handshake header whose body is no ClientHello (its session id length is 200)
        byte[] fake = HELLO.clone();
        fake[9 + 34] = (byte) 200;
        ClientHelloScanner s = new ClientHelloScanner();
        byte[] stream = cat(fake, HELLO);
        assertThat(s.feed(stream, 0, stream.length, 7, 0)).isEqualTo(ClientHelloScanner.FOUND);
        assertThat(s.helloOffset()).isEqualTo(fake.length);
    }

    @Test
    void onlyTheFirst16KiBAreSearched() {
        ClientHelloScanner s = new ClientHelloScanner();
        byte[] filler = new byte[ClientHelloScanner.SEARCH_BYTES];
        assertThat(s.feed(filler, 0, filler.length - 1, 1, 0)).isEqualTo(ClientHelloScanner.MORE);
        assertThat(s.feed(cat(new byte[1], HELLO), 0, HELLO.length + 1, 2, 0)).isEqualTo(ClientHelloScanner.GAVE_UP);
        // one byte earlier, it is found
        ClientHelloScanner t = new ClientHelloScanner();
        assertThat(t.feed(filler, 0, filler.length - 1, 1, 0)).isEqualTo(ClientHelloScanner.MORE);
        assertThat(t.feed(HELLO, 0, HELLO.length, 2, 0)).isEqualTo(ClientHelloScanner.FOUND);
        assertThat(t.helloOffset()).isEqualTo(ClientHelloScanner.SEARCH_BYTES - 1);
        assertThat(t.helloFrameCarriesPreamble()).isFalse();
    }
}
