package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteCursorTest {

    private static final byte[] BUF = {
        (byte) 0xee, (byte) 0xee,                 // outside the window
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, // window starts here (offset 0)
        (byte) 0xee};

    @Test
    void readsBigEndianAndCountsOffsetsFromTheWindowStart() throws TlsDecodeException {
        ByteCursor c = new ByteCursor(BUF, 2, 7);
        assertThat(c.offset()).isZero();
        assertThat(c.u8()).isEqualTo(0x01);
        assertThat(c.u16()).isEqualTo(0x0203);
        assertThat(c.u24()).isEqualTo(0x040506);
        assertThat(c.offset()).isEqualTo(6);
        assertThat(c.remaining()).isEqualTo(1);
        assertThat(c.bytes(1)).containsExactly(0x07);
        assertThat(c.isEmpty()).isTrue();
        c.expectEnd("test");
    }

    @Test
    void unsignedValues() throws TlsDecodeException {
        byte[] b = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        ByteCursor c = new ByteCursor(b, 0, b.length);
        assertThat(c.u8()).isEqualTo(0xff);
        assertThat(c.u16()).isEqualTo(0xffff);
        assertThat(c.u24()).isEqualTo(0xffffff);
    }

    @Test
    void readingPastTheLimitThrowsWithTheOffset() throws TlsDecodeException {
        ByteCursor c = new ByteCursor(BUF, 2, 7);
        c.skip(6);
        assertThatThrownBy(c::u16).isInstanceOf(TlsDecodeException.class)
                .satisfies(e -> assertThat(((TlsDecodeException) e).offset()).isEqualTo(6));
        assertThat(c.offset()).as("a failed read does not move").isEqualTo(6);
        assertThatThrownBy(() -> c.bytes(2)).isInstanceOf(TlsDecodeException.class);
        assertThatThrownBy(() -> c.skip(-1)).isInstanceOf(TlsDecodeException.class);
        assertThatThrownBy(() -> c.bytes(-1)).isInstanceOf(TlsDecodeException.class);
    }

    @Test
    void vectorsAreBoundedSubCursors() throws TlsDecodeException {
        // vector8 of 3 bytes {0xaa 0xbb 0xcc}, then 0xdd
        byte[] b = {3, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd};
        ByteCursor c = new ByteCursor(b, 0, b.length);
        ByteCursor v = c.vector8();
        assertThat(v.remaining()).isEqualTo(3);
        assertThat(v.offset()).isEqualTo(1);
        assertThat(c.offset()).as("parent moved past the vector").isEqualTo(4);
        assertThat(v.u16()).isEqualTo(0xaabb);
        assertThatThrownBy(v::u16).as("cannot read into the parent's next byte")
                .isInstanceOf(TlsDecodeException.class)
                .satisfies(e -> assertThat(((TlsDecodeException) e).offset()).isEqualTo(3));
        assertThat(c.u8()).isEqualTo(0xdd);
    }

    @Test
    void vector16AndVector24() throws TlsDecodeException {
        byte[] b = {0, 2, 1, 2, 0, 0, 1, 9};
        ByteCursor c = new ByteCursor(b, 0, b.length);
        assertThat(c.vector16().u16()).isEqualTo(0x0102);
        ByteCursor v = c.vector24();
        assertThat(v.remaining()).isEqualTo(1);
        assertThat(v.u8()).isEqualTo(9);
        c.expectEnd("test");
    }

    @Test
    void vectorLongerThanItsParentThrows() {
        byte[] b = {0, 5, 1, 2};
        ByteCursor c = new ByteCursor(b, 0, b.length);
        assertThatThrownBy(c::vector16).isInstanceOf(TlsDecodeException.class)
                .hasMessageContaining("vector length 5")
                .satisfies(e -> assertThat(((TlsDecodeException) e).offset()).isZero());
    }

    @Test
    void nestedVectorCannotOverrunItsOuterVector() throws TlsDecodeException {
        // outer vector8 of 2 bytes whose content claims an inner vector8 of 3
        byte[] b = {2, 3, 1, 1, 1, 1};
        ByteCursor outer = new ByteCursor(b, 0, b.length).vector8();
        assertThatThrownBy(outer::vector8).isInstanceOf(TlsDecodeException.class);
    }

    @Test
    void expectEndAndRest() throws TlsDecodeException {
        byte[] b = {1, 2, 3};
        ByteCursor c = new ByteCursor(b, 0, 3);
        c.u8();
        assertThatThrownBy(() -> c.expectEnd("thing")).isInstanceOf(TlsDecodeException.class)
                .hasMessageContaining("thing");
        assertThat(c.peekRemaining()).containsExactly(2, 3);
        ByteCursor r = c.rest();
        assertThat(c.isEmpty()).isTrue();
        assertThat(r.offset()).isEqualTo(1);
        assertThat(r.u16()).isEqualTo(0x0203);
    }

    @Test
    void windowOutsideTheArrayIsAProgrammingError() {
        assertThatThrownBy(() -> new ByteCursor(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
