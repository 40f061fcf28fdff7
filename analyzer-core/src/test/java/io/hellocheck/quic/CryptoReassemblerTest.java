package io.hellocheck.quic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The ClientHello of RFC 9001 appendix A.2 (the CRYPTO frame's 241 bytes, after its 4-byte frame header) cut
 * into CRYPTO pieces that arrive out of order, overlapping and repeated, as Chrome sends them: the message
 * comes out once, byte for byte, when its last missing piece arrives.
 */
class CryptoReassemblerTest {
    private static final byte[] HELLO = Arrays.copyOfRange(
            InitialProtectionTest.resource("rfc9001-a2-client-crypto-frame.hex"), 4, 245);

    @Test
    void outOfOrderOverlappingPiecesGiveTheMessageOnce() {
        assertThat(HELLO).hasSize(241);
        assertThat(HELLO[0]).as("client_hello").isEqualTo((byte) 1);
        CryptoReassembler r = new CryptoReassembler();
        r.add(150, HELLO, 150, 91, 7, 700);
        assertThat(r.next()).isNull();
        r.add(60, HELLO, 60, 100, 5, 500);   // overlaps the piece above
        r.add(60, HELLO, 60, 100, 6, 600);   // a repeat
        assertThat(r.next()).isNull();
        r.add(0, HELLO, 0, 61, 9, 900);      // the start arrives last
        CryptoReassembler.Message m = r.next();
        assertThat(m).isNotNull();
        assertThat(m.type()).isEqualTo(1);
        assertThat(m.bytes()).isEqualTo(HELLO);
        assertThat(m.frames()).containsExactly(5L, 6L, 7L, 9L);
        assertThat(m.firstFrame()).isEqualTo(5);
        assertThat(m.lastFrame()).isEqualTo(9);
        assertThat(r.next()).isNull();
        r.add(0, HELLO, 0, 241, 10, 1000);   // a retransmission of delivered bytes
        assertThat(r.next()).isNull();
    }

    @Test
    void aSecondMessageAfterTheFirstIsReadFromItsOffset() {
        CryptoReassembler r = new CryptoReassembler();
        r.add(0, HELLO, 0, 241, 1, 100);
        assertThat(r.next().bytes()).isEqualTo(HELLO);
        r.add(241 + 100, HELLO, 100, 141, 3, 300);
        r.add(241, HELLO, 0, 120, 2, 200);
        CryptoReassembler.Message second = r.next();
        assertThat(second.bytes()).isEqualTo(HELLO);
        assertThat(second.frames()).containsExactly(2L, 3L);
    }

    @Test
    void dataPastTheLimitIsDroppedAndSaid() {
        CryptoReassembler r = new CryptoReassembler();
        r.add(CryptoReassembler.MAX_BYTES - 10, new byte[100], 0, 100, 1, 100);
        assertThat(r.overflowed()).isTrue();
        assertThat(r.next()).isNull();
    }
}
