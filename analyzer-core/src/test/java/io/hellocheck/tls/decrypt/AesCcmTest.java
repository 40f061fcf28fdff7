package io.hellocheck.tls.decrypt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** AES-CCM against the packet vectors of RFC 3610 section 8 (AES-128, M = 8, L = 2). */
class AesCcmTest {
    private static final byte[] KEY = hex("C0 C1 C2 C3 C4 C5 C6 C7 C8 C9 CA CB CC CD CE CF");

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** Opens RFC 3610's output packet: {@code aadLen} header octets, then the encrypted message and the tag. */
    private static byte[] open(String nonce, int aadLen, String packet) {
        byte[] p = hex(packet);
        byte[] out = new byte[p.length];
        int n = new AesCcm(KEY, 8).open(hex(nonce), p, 0, aadLen, p, aadLen, p.length - aadLen, out, 0);
        return n < 0 ? null : java.util.Arrays.copyOf(out, n);
    }

    @Test
    void packetVector1() {
        assertThat(open("00 00 00 03 02 01 00 A0 A1 A2 A3 A4 A5", 8,
                "00 01 02 03 04 05 06 07 58 8C 97 9A 61 C6 63 D2 F0 66 D0 C2 C0 F9 89 80 6D 5F 6B 61 DA C3 84"
                        + " 17 E8 D1 2C FD F9 26 E0"))
                .isEqualTo(hex("08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E"));
    }

    @Test
    void packetVector2() {
        assertThat(open("00 00 00 04 03 02 01 A0 A1 A2 A3 A4 A5", 8,
                "00 01 02 03 04 05 06 07 72 C9 1A 36 E1 35 F8 CF 29 1C A8 94 08 5C 87 E3 CC 15 C4 39 C9 E4 3A"
                        + " 3B A0 91 D5 6E 10 40 09 16"))
                .isEqualTo(hex("08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F"));
    }

    @Test
    void packetVector3() {
        assertThat(open("00 00 00 05 04 03 02 A0 A1 A2 A3 A4 A5", 8,
                "00 01 02 03 04 05 06 07 51 B1 E5 F4 4A 19 7D 1D A4 6B 0F 8E 2D 28 2A E8 71 E8 38 BB 64 DA 85"
                        + " 96 57 4A DA A7 6F BD 9F B0 C5"))
                .isEqualTo(hex("08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F 20"));
    }

    @Test
    void aChangedTagOrHeaderIsRefused() {
        String good = "00 01 02 03 04 05 06 07 58 8C 97 9A 61 C6 63 D2 F0 66 D0 C2 C0 F9 89 80 6D 5F 6B 61 DA C3 84"
                + " 17 E8 D1 2C FD F9 26 E1";
        assertThat(open("00 00 00 03 02 01 00 A0 A1 A2 A3 A4 A5", 8, good)).isNull();
        String header = "00 01 02 03 04 05 06 08 58 8C 97 9A 61 C6 63 D2 F0 66 D0 C2 C0 F9 89 80 6D 5F 6B 61 DA C3 84"
                + " 17 E8 D1 2C FD F9 26 E0";
        assertThat(open("00 00 00 03 02 01 00 A0 A1 A2 A3 A4 A5", 8, header)).isNull();
        assertThat(open("00 00 00 03 02 01 00 A0 A1 A2 A3 A4 A5", 8, "00 01 02 03 04 05 06 07 58 8C")).isNull();
    }
}
