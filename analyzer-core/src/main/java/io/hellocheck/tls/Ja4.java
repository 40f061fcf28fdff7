package io.hellocheck.tls;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JA4 TLS client fingerprint of FoxIO (github.com/FoxIO-LLC/ja4, {@code technical_details/JA4.md};
 * JA4 itself is BSD-3-Clause; the other JA4+ fingerprints are under the FoxIO License and are not
 * implemented here). The protocol letter is {@code t}; {@link #forTransport} gives the QUIC ({@code q}) and DTLS
 * ({@code d}) forms.
 *
 * <p>{@code t13d1516h2_8daaf6152771_e5627efa2ab1} is made of
 * <ul>
 * <li>a: {@code t}; the version: the highest supported_versions value, else legacy_version, as
 *     {@code 13 12 11 10 s3} (0x0304 to 0x0300), {@code s2} (0x0002), {@code d1 d2 d3} (DTLS 0xfeff,
 *     0xfefd, 0xfefc), else {@code 00}; {@code d} when the server_name extension is present, else
 *     {@code i}; the number of cipher suites and of extensions, two digits each, at most 99 (SNI and ALPN
 *     counted); the first and last character of the first ALPN protocol name ({@code 00} without one; when
 *     its first or last byte is not an ASCII letter or digit, the first and last character of the name's
 *     hex instead);</li>
 * <li>b: the first 12 hex digits of the SHA-256 of the cipher suites as 4-digit lower-case hex, sorted,
 *     joined by commas;</li>
 * <li>c: the same of the extension types, sorted, without server_name (0) and ALPN (16), then
 *     {@code _} and the signature_algorithms values in wire order (no {@code _} when there are none).</li>
 * </ul>
 * GREASE values (RFC 8701) are left out of everything, counts included. An empty list hashes to
 * {@code 000000000000}. An extension whose body does not decode (see {@link ClientHello}) adds nothing but
 * its type: a malformed ALPN extension, for one, gives {@code 00}. The raw form {@code ja4_r} writes the lists instead of their hashes. The
 * original-order forms {@code ja4_o} and {@code ja4_ro} keep the wire order of cipher suites and
 * extensions and keep server_name and ALPN in the extension list, as JA4.md and FoxIO's Python tool do.
 *
 * <p>Pure functions, no state; {@link Memo} keeps what it computed, per instance.
 */
public final class Ja4 {
    private static final int EXT_SERVER_NAME = ClientHello.EXT_SERVER_NAME;
    private static final int EXT_ALPN = ClientHello.EXT_ALPN;
    private static final String EMPTY_HASH = "000000000000";

    private Ja4() {
    }

    /** JA4, e.g. {@code t13d1516h2_8daaf6152771_e5627efa2ab1}. */
    public static String ja4(ClientHello h) {
        return hashed(h, true);
    }

    /** JA4_r: JA4 with the sorted lists written out instead of hashed. */
    public static String ja4R(ClientHello h) {
        return raw(h, true);
    }

    /** JA4_o: JA4 over the lists in wire order, server_name and ALPN kept among the extensions. */
    public static String ja4O(ClientHello h) {
        return hashed(h, false);
    }

    /** JA4_ro: the raw form of {@link #ja4O}. */
    public static String ja4Ro(ClientHello h) {
        return raw(h, false);
    }

    /**
     * {@code fingerprint} (JA4 or one of its forms) with the protocol letter of {@code transport}: {@code q} for
     * {@code "quic"}, {@code d} for {@code "dtls"}, {@code t} otherwise, as JA4.md defines part a's first
     * character; the rest is computed the same over the ClientHello whatever carried it.
     */
    public static String forTransport(String fingerprint, String transport) {
        char p = switch (transport) {
            case "quic" -> 'q';
            case "dtls" -> 'd';
            default -> 't';
        };
        return fingerprint.charAt(0) == p ? fingerprint : p + fingerprint.substring(1);
    }

    /**
     * The lists of a fingerprint: non-GREASE values, as the 16 bits their 4-digit hex shows, sorted or in wire
     * order (numbers of 16 bits sort as their 4-digit lower-case hex does). Written straight into the
     * fingerprint's characters: no string per value (a record computes JA4_r, and these were a tenth of the
     * bytes allocated per record).
     */
    private record Parts(int[] ciphers, int[] extensions, int[] signatures) {
    }

    private static Parts parts(ClientHello h, boolean sorted) {
        int[] ciphers = values(h.cipherSuites(), false);
        int[] extensions = values(h.extensionTypes(), sorted);
        if (sorted) {
            Arrays.sort(ciphers);
            Arrays.sort(extensions);
        }
        return new Parts(ciphers, extensions, values(h.signatureAlgorithms(), false));
    }

    /** The non-GREASE values as 16 bits, in order; without server_name and ALPN when {@code withoutSniAlpn}. */
    private static int[] values(List<Integer> list, boolean withoutSniAlpn) {
        int[] out = new int[list.size()];
        int n = 0;
        for (int i = 0; i < out.length; i++) {
            int v = list.get(i);
            if (!TlsNames.isGrease(v) && !(withoutSniAlpn && (v == EXT_SERVER_NAME || v == EXT_ALPN))) {
                out[n++] = v & 0xffff;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static String hashed(ClientHello h, boolean sorted) {
        Parts p = parts(h, sorted);
        StringBuilder b = new StringBuilder(36);
        partA(b, h);
        b.append('_').append(hash12(p.ciphers, null)).append('_')
                .append(p.extensions.length == 0 ? EMPTY_HASH : hash12(p.extensions, p.signatures));
        return b.toString();
    }

    private static String raw(ClientHello h, boolean sorted) {
        Parts p = parts(h, sorted);
        StringBuilder b = new StringBuilder(13 + 5 * (p.ciphers.length + p.extensions.length + p.signatures.length));
        partA(b, h);
        b.append('_');
        hexList(b, p.ciphers);
        b.append('_');
        extensionsAndSignatures(b, p.extensions, p.signatures);
        return b.toString();
    }

    private static void partA(StringBuilder b, ClientHello h) {
        b.append('t').append(version(h)).append(h.hasExtension(EXT_SERVER_NAME) ? 'd' : 'i');
        twoDigits(b, countNonGrease(h.cipherSuites()));
        twoDigits(b, countNonGrease(h.extensionTypes()));
        b.append(alpn(h.alpn()));
    }

    private static String version(ClientHello h) {
        int v = -1;
        List<Integer> versions = h.supportedVersions();
        for (int i = 0; i < versions.size(); i++) {
            int s = versions.get(i);
            if (!TlsNames.isGrease(s) && s > v) {
                v = s;
            }
        }
        if (v < 0) {
            v = h.legacyVersion();
        }
        switch (v) {
            case 0x0304: return "13";
            case 0x0303: return "12";
            case 0x0302: return "11";
            case 0x0301: return "10";
            case 0x0300: return "s3";
            case 0x0002: return "s2";
            case 0xfeff: return "d1";
            case 0xfefd: return "d2";
            case 0xfefc: return "d3";
            default: return "00";
        }
    }

    /** First and last character of the first ALPN name; the names hold one char per byte (ISO-8859-1). */
    static String alpn(List<String> names) {
        if (names.isEmpty() || names.get(0).isEmpty()) {
            return "00";
        }
        String first = names.get(0);
        char f = first.charAt(0);
        char l = first.charAt(first.length() - 1);
        if (isAsciiAlphanumeric(f) && isAsciiAlphanumeric(l)) {
            return "" + f + l;
        }
        String hex = HexFormat.of().formatHex(first.getBytes(StandardCharsets.ISO_8859_1));
        return "" + hex.charAt(0) + hex.charAt(hex.length() - 1);
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** The extension types joined by commas, then {@code _} and the signature algorithms when there are any. */
    private static void extensionsAndSignatures(StringBuilder b, int[] extensions, int[] signatures) {
        hexList(b, extensions);
        if (signatures != null && signatures.length > 0) {
            b.append('_');
            hexList(b, signatures);
        }
    }

    /** The first 12 hex digits of the SHA-256 of the list (with the signatures after {@code _}, when given). */
    private static String hash12(int[] values, int[] signatures) {
        if (values.length == 0) {
            return EMPTY_HASH;
        }
        StringBuilder b = new StringBuilder(5 * (values.length + (signatures == null ? 0 : signatures.length)));
        extensionsAndSignatures(b, values, signatures);
        byte[] d = Ja3.digest("SHA-256").digest(b.toString().getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(d, 0, 6);
    }

    private static int countNonGrease(List<Integer> values) {
        int n = 0;
        for (int i = 0; i < values.size(); i++) {
            if (!TlsNames.isGrease(values.get(i))) {
                n++;
            }
        }
        return n;
    }

    /** At most 99, two digits ({@code %02d} without a Formatter: it was most of JA4's cost). */
    private static void twoDigits(StringBuilder b, int n) {
        int v = Math.min(n, 99);
        b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Four lower-case hex digits of each 16-bit value ({@code %04x} without a Formatter), joined by commas. */
    private static void hexList(StringBuilder b, int[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            int v = values[i];
            b.append(HEX[(v >> 12) & 0xf]).append(HEX[(v >> 8) & 0xf]).append(HEX[(v >> 4) & 0xf]).append(HEX[v & 0xf]);
        }
    }

    /**
     * JA4 and JA4_r computed once per distinct input (the lists and values {@link #ja4(ClientHello)} reads; the
     * SNI marker is the server_name extension's presence among the extension types): a capture holds many
     * connections of few client configurations, and two SHA-256 and JA4_r's strings cost far more than comparing
     * the lists. An input not seen yet is looked up by its JA4_r (JA4 is a function of it), so that a client
     * whose GREASE values and extension order change with each connection (Chrome's do), a new input each time,
     * pays JA4_r's string but not its hashes. Thread-safe; at most 1,024 entries kept in each map (each cleared
     * beyond).
     */
    public static final class Memo {
        private final Map<Input, Prints> byInput = new ConcurrentHashMap<>();
        private final Map<String, Prints> byRaw = new ConcurrentHashMap<>();

        /** {@link Ja4#ja4(ClientHello)}, from the memo when this input was seen. */
        public String ja4(ClientHello hello) {
            return of(hello).ja4();
        }

        /** {@link Ja4#ja4(ClientHello)} and {@link Ja4#ja4R(ClientHello)}, from the memo when this input was seen. */
        public Prints of(ClientHello hello) {
            Input key = new Input(hello.cipherSuites(), hello.extensionTypes(), hello.signatureAlgorithms(),
                    hello.supportedVersions(), hello.legacyVersion(),
                    hello.alpn().isEmpty() ? "" : hello.alpn().get(0));
            Prints v = byInput.get(key);
            if (v == null) {
                String raw = Ja4.ja4R(hello);
                v = byRaw.get(raw);
                if (v == null) {
                    v = new Prints(Ja4.ja4(hello), raw);
                    Memos.keep(byRaw, raw, v);
                }
                Memos.keep(byInput, key, v);
            }
            return v;
        }
    }

    /**
     * The JA4 of a ClientHello and its raw form.
     *
     * @param ja4  {@link #ja4(ClientHello)}, e.g. {@code t13d1516h2_8daaf6152771_e5627efa2ab1}
     * @param ja4R {@link #ja4R(ClientHello)}
     */
    public record Prints(String ja4, String ja4R) {
    }

    /** A memo key; equals and hashCode written out (the generated ones go through method handles, slow under C1). */
    private record Input(List<Integer> suites, List<Integer> extensions, List<Integer> signatures,
                         List<Integer> versions, int legacyVersion, String firstAlpn) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Input x && legacyVersion == x.legacyVersion && suites.equals(x.suites)
                    && extensions.equals(x.extensions) && signatures.equals(x.signatures)
                    && versions.equals(x.versions) && firstAlpn.equals(x.firstAlpn);
        }

        @Override
        public int hashCode() {
            return ((((suites.hashCode() * 31 + extensions.hashCode()) * 31 + signatures.hashCode()) * 31
                    + versions.hashCode()) * 31 + legacyVersion) * 31 + firstAlpn.hashCode();
        }
    }
}
