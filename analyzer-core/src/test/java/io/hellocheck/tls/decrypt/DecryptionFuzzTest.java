package io.hellocheck.tls.decrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.hellocheck.tls.RecordDecryptor;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input is normal input: mangled key logs and random records never throw, records that do not belong to the
 * keys are refused (-1), and the key log keeps its bounds.
 */
class DecryptionFuzzTest {
    private static final String CR = "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7";
    private static final String SECRET48 = "00".repeat(48);
    private static final String SECRET32 = "11".repeat(32);

    private static byte[] random32() {
        return java.util.HexFormat.of().parseHex(CR);
    }

    @Test
    void mangledKeyLogsNeverThrow() {
        String good = "CLIENT_RANDOM " + CR + " " + SECRET48 + "\nCLIENT_HANDSHAKE_TRAFFIC_SECRET " + CR + " " + SECRET32
                + "\n";
        Random rnd = new Random(16);
        for (int i = 0; i < 2000; i++) {
            byte[] b = good.getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < 1 + rnd.nextInt(6); k++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            byte[] cut = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            assertThatCode(() -> KeyLog.parse(cut)).doesNotThrowAnyException();
        }
        byte[] noise = new byte[1 << 16];
        rnd.nextBytes(noise);
        assertThat(KeyLog.parse(noise).sessions()).isZero();
        // a CLIENT_RANDOM secret must be 48 bytes; a line of 2 KiB is not read
        assertThat(KeyLog.parse(("CLIENT_RANDOM " + CR + " " + SECRET32).getBytes(StandardCharsets.US_ASCII)).isEmpty())
                .isTrue();
        assertThat(KeyLog.parse(("CLIENT_HANDSHAKE_TRAFFIC_SECRET " + CR + " " + "ab".repeat(1000))
                .getBytes(StandardCharsets.US_ASCII)).isEmpty()).isTrue();
    }

    @Test
    void randomRecordsAreRefusedWithoutThrowingForEverySupportedSuite() {
        KeyLog log = KeyLog.parse(("CLIENT_RANDOM " + CR + " " + SECRET48 + "\n"
                + "CLIENT_HANDSHAKE_TRAFFIC_SECRET " + CR + " " + "22".repeat(48) + "\n"
                + "SERVER_HANDSHAKE_TRAFFIC_SECRET " + CR + " " + "33".repeat(48) + "\n"
                + "CLIENT_TRAFFIC_SECRET_0 " + CR + " " + "44".repeat(48) + "\n"
                + "SERVER_TRAFFIC_SECRET_0 " + CR + " " + "55".repeat(48) + "\n").getBytes(StandardCharsets.US_ASCII));
        int[][] suites = {{0x0304, 0x1301}, {0x0304, 0x1302}, {0x0304, 0x1303}, {0x0304, 0x1304}, {0x0304, 0x1305},
            {0x0303, 0xC02F}, {0x0303, 0xC030}, {0x0303, 0xC013}, {0x0303, 0xC028}, {0x0303, 0xCCA8},
            {0x0303, 0xC0AC}, {0x0303, 0xC0AE}, {0x0303, 0x000A}, {0x0302, 0x002F}, {0x0301, 0x0035}};
        Random rnd = new Random(8446);
        for (int[] s : suites) {
            for (boolean etm : new boolean[] {false, true}) {
                SessionKeys keys = SessionKeys.find(log, random32(), new byte[32], s[0], s[1], etm);
                assertThat(keys).isNotNull();
                assertThat(keys.problem()).as(Integer.toHexString(s[1])).isNull();
                for (RecordDecryptor d : new RecordDecryptor[] {keys.client(), keys.server()}) {
                    for (int i = 0; i < 200; i++) {
                        byte[] fragment = new byte[rnd.nextInt(300)];
                        rnd.nextBytes(fragment);
                        int type = 20 + rnd.nextInt(5);
                        assertThat(d.open(type, 0x0303, fragment, fragment.length)).isEqualTo(-1);
                    }
                }
            }
        }
    }

    @Test
    void unsupportedSuitesAndVersionsAreAProblemNotAnError() {
        KeyLog log = KeyLog.parse(("CLIENT_RANDOM " + CR + " " + SECRET48 + "\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(SessionKeys.find(log, random32(), new byte[32], 0x0303, 0x0005, false).problem())
                .contains("TLS_RSA_WITH_RC4_128_SHA"); // RC4
        assertThat(SessionKeys.find(log, random32(), new byte[32], 0x0300, 0x002F, false).problem())
                .contains("SSLv3");
        assertThat(SessionKeys.find(log, random32(), new byte[32], 0x0304, 0x1301, false).problem())
                .contains("no TLS 1.3 traffic secret");
    }
}
