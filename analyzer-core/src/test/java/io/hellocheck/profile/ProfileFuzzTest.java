package io.hellocheck.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Garbage in, documented exceptions out: {@link ServerProfiles#read} either returns a profile with at least
 * one suite or throws a {@link ProfileFormatException} naming the input, and never by way of its safety net
 * (a parser's RuntimeException wrapped as the cause). Mutations of every sample, random bytes, and a few
 * hand-picked hostile inputs (deep nesting, huge lines, many unknown names).
 */
class ProfileFuzzTest {

    private static final String[] SAMPLES = {"testssl-jsonfile.json", "testssl-jsonfile-pretty.json",
        "testssl-show-each.json", "nmap-ssl-enum-ciphers.xml", "get-tlsciphersuite.txt"};

    private static final String PUNCTUATION = "<>[]{}\":,\n#&;!";

    private int parsed;
    private int refused;

    @Test
    void mutatedSamples() throws IOException {
        Random rnd = new Random(0x5eed_0001L);
        for (String s : SAMPLES) {
            byte[] base;
            try (InputStream in = ProfileFuzzTest.class.getResourceAsStream(s)) {
                base = in.readAllBytes();
            }
            for (int i = 0; i < 200; i++) {
                check(mutate(base, rnd), s + "#" + i);
            }
        }
        byte[] list = "TLS_AES_128_GCM_SHA256\nECDHE-RSA-AES128-GCM-SHA256:AES128-SHA\n0xC0,0x2F\n"
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 200; i++) {
            check(mutate(list, rnd), "list#" + i);
        }
        assertThat(parsed).as("some mutations still parse").isPositive();
        assertThat(refused).as("some mutations are refused").isPositive();
    }

    @Test
    void randomBytesAndText() {
        Random rnd = new Random(0x5eed_0002L);
        String alphabet = "[]{}<>\"':,#!/\\ \t\r\n=-_0123456789xXabcdefTLS_AESGCMcipher-tls1_2_idfinding"
                + "KeyTypeCipherSuiteName&;?";
        for (int i = 0; i < 400; i++) {
            byte[] b = new byte[rnd.nextInt(600)];
            rnd.nextBytes(b);
            check(b, "bytes#" + i);
            StringBuilder t = new StringBuilder();
            int n = rnd.nextInt(400);
            for (int k = 0; k < n; k++) {
                t.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            check(t.toString().getBytes(StandardCharsets.UTF_8), "text#" + i);
        }
    }

    @Test
    void hostileShapes() {
        List<String> inputs = new ArrayList<>();
        inputs.add("[".repeat(200_000));
        inputs.add("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000));
        inputs.add("<a>".repeat(100_000) + "</a>".repeat(100_000));
        inputs.add("<script id=\"ssl-enum-ciphers\">" + "<table key=\"TLSv1.2\">".repeat(5_000) + "</script>");
        inputs.add("<");
        inputs.add("{");
        inputs.add("]");
        inputs.add("\u0000".repeat(1000));
        inputs.add("X".repeat(2_000_000));
        inputs.add("NOT-A-SUITE\n".repeat(100_000));
        inputs.add("CipherSuite : 99999999999999999999\nName : x\n");
        inputs.add("CipherSuite : 4865\n".repeat(10_000));
        inputs.add("[{\"id\":\"cipher-tls1_2_x" + "f".repeat(100) + "\",\"finding\":\"\"}]");
        inputs.add("[{\"id\":\"cipher_x\",\"finding\":\"\"}]");
        inputs.add("[{\"id\":{\"id\":\"TLS1_2\"},\"finding\":[1]}]");
        inputs.add("[{\"id\":\"TLS1_3\",\"finding\":null},{\"id\":\"cipher-tls1_3_x1301\",\"finding\":17}]");
        inputs.add("<!DOCTYPE x [<!ENTITY % p SYSTEM \"http://192.0.2.1/x.dtd\"> %p;]><x/>");
        inputs.add("<?xml version=\"1.0\" encoding=\"EBCDIC-XYZ\"?><x/>");
        inputs.add("\uFEFF\uFEFF\uFEFF");
        for (int i = 0; i < inputs.size(); i++) {
            check(inputs.get(i).getBytes(StandardCharsets.UTF_8), "hostile#" + i);
        }
        check(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xd8, 0x41, 0x00}, "lone-surrogate");
        check(new byte[] {(byte) 0xfe, (byte) 0xff}, "bom-only");
    }

    @Test
    void warningsAreCapped() throws IOException {
        String text = "TLS_AES_128_GCM_SHA256\n" + "NOT-A-SUITE\n".repeat(5_000);
        ParsedProfile r = ServerProfiles.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "w");
        assertThat(r.warnings()).hasSize(ProfileBuilder.MAX_WARNINGS + 1);
        assertThat(r.warnings().get(ProfileBuilder.MAX_WARNINGS)).isEqualTo("4950 more warnings not shown");
    }

    private void check(byte[] input, String name) {
        try {
            ParsedProfile r = ServerProfiles.read(new ByteArrayInputStream(input), name);
            assertThat(r.profile().cipherSuites()).as(name).isNotEmpty();
            assertThat(r.warnings().size()).as(name).isLessThanOrEqualTo(ProfileBuilder.MAX_WARNINGS + 1);
            parsed++;
        } catch (ProfileFormatException e) {
            assertThat(e.getMessage()).as(name).startsWith(name + ": ");
            assertThat(e.fileName()).isEqualTo(name);
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException || cause instanceof Error) {
                fail(name + ": parser failure caught only by the safety net: " + cause + " on input "
                        + preview(input), cause);
            }
            refused++;
        } catch (Throwable t) {
            fail(name + ": undocumented " + t + " on input " + preview(input), t);
        }
    }

    private static String preview(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, 200), StandardCharsets.ISO_8859_1);
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static byte[] mutate(byte[] base, Random rnd) {
        byte[] b = base.clone();
        int edits = 1 + rnd.nextInt(8);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(6)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b[at] = (byte) PUNCTUATION.charAt(rnd.nextInt(PUNCTUATION.length()));
                case 2 -> b = Arrays.copyOf(b, at); // truncate
                case 3 -> { // delete a range
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c;
                }
                case 4 -> { // duplicate a range
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(200));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                default -> { // insert random bytes
                    int len = 1 + rnd.nextInt(16);
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at);
                    for (int k = 0; k < len; k++) {
                        c[at + k] = (byte) rnd.nextInt(256);
                    }
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
            }
        }
        return b;
    }
}
