package io.hellocheck.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * <p>Pure functions, no state.
 */
public final class Ja4 {
    private static final int EXT_SERVER_NAME = ClientHello.EXT_SERVER_NAME;
    private static final int EXT_ALPN = ClientHello.EXT_ALPN;
    private static final String EMPTY_HASH = "000000000000";

    private Ja4() {
    }

    /** JA4, e.g. {@code t13d1516h2_8daaf6152771_e5627efa2ab1}. */
    public static String ja4(ClientHello h) {
        Parts p = parts(h, true);
        return p.a + "_" + hash12(p.ciphers) + "_" + hashExtensions(p);
    }

    /** JA4_r: JA4 with the sorted lists written out instead of hashed. */
    public static String ja4R(ClientHello h) {
        return raw(parts(h, true));
    }

    /** JA4_o: JA4 over the lists in wire order, server_name and ALPN kept among the extensions. */
    public static String ja4O(ClientHello h) {
        Parts p = parts(h, false);
        return p.a + "_" + hash12(p.ciphers) + "_" + hashExtensions(p);
    }

    /** JA4_ro: the raw form of {@link #ja4O}. */
    public static String ja4Ro(ClientHello h) {
        return raw(parts(h, false));
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

    private record Parts(String a, List<String> ciphers, List<String> extensions, List<String> signatures) {
    }

    private static Parts parts(ClientHello h, boolean sorted) {
        List<String> ciphers = hex(h.cipherSuites());
        List<String> extensions = new ArrayList<>();
        for (int t : h.extensionTypes()) {
            if (TlsNames.isGrease(t) || (sorted && (t == EXT_SERVER_NAME || t == EXT_ALPN))) {
                continue;
            }
            extensions.add(hex4(t));
        }
        if (sorted) {
            // 4-digit lower-case hex sorts as the numbers do
            ciphers.sort(null);
            extensions.sort(null);
        }
        return new Parts(partA(h), ciphers, extensions, hex(h.signatureAlgorithms()));
    }

    private static String partA(ClientHello h) {
        int ciphers = countNonGrease(h.cipherSuites());
        int extensions = countNonGrease(h.extensionTypes());
        return "t" + version(h)
                + (h.hasExtension(EXT_SERVER_NAME) ? 'd' : 'i')
                + twoDigits(ciphers) + twoDigits(extensions)
                + alpn(h.alpn());
    }

    private static String version(ClientHello h) {
        int v = -1;
        for (int s : h.supportedVersions()) {
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

    private static String hashExtensions(Parts p) {
        if (p.extensions.isEmpty()) {
            return EMPTY_HASH;
        }
        return sha256Hex12(extensionsAndSignatures(p));
    }

    private static String extensionsAndSignatures(Parts p) {
        String e = String.join(",", p.extensions);
        return p.signatures.isEmpty() ? e : e + "_" + String.join(",", p.signatures);
    }

    private static String raw(Parts p) {
        return p.a + "_" + String.join(",", p.ciphers) + "_" + extensionsAndSignatures(p);
    }

    private static String hash12(List<String> values) {
        return values.isEmpty() ? EMPTY_HASH : sha256Hex12(String.join(",", values));
    }

    private static String sha256Hex12(String s) {
        byte[] d = Ja3.digest("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(d, 0, 6);
    }

    private static int countNonGrease(List<Integer> values) {
        int n = 0;
        for (int v : values) {
            if (!TlsNames.isGrease(v)) {
                n++;
            }
        }
        return n;
    }

    /** 4-digit lower-case hex of each non-GREASE value, in order. */
    private static List<String> hex(List<Integer> values) {
        List<String> out = new ArrayList<>(values.size());
        for (int v : values) {
            if (!TlsNames.isGrease(v)) {
                out.add(hex4(v));
            }
        }
        return out;
    }

    /** At most 99, two digits ({@code %02d} without a Formatter: it was most of JA4's cost). */
    private static String twoDigits(int n) {
        int v = Math.min(n, 99);
        return new String(new char[] {(char) ('0' + v / 10), (char) ('0' + v % 10)});
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Four lower-case hex digits of a 16-bit value ({@code %04x} without a Formatter). */
    private static String hex4(int v) {
        return new String(new char[] {HEX[(v >> 12) & 0xf], HEX[(v >> 8) & 0xf], HEX[(v >> 4) & 0xf], HEX[v & 0xf]});
    }

    /**
     * JA4 computed once per distinct input (the lists and values {@link #ja4(ClientHello)} reads; the SNI marker
     * is the server_name extension's presence among the extension types): a capture holds many connections of
     * few client configurations, and two SHA-256 and JA4_r's strings cost far more than comparing the lists.
     * Thread-safe; at most 1,024 inputs kept (cleared beyond).
     */
    public static final class Memo {
        private static final int MAX_INPUTS = 1024;
        private final Map<Input, String> byInput = new ConcurrentHashMap<>();

        /** {@link Ja4#ja4(ClientHello)}, from the memo when this input was seen. */
        public String ja4(ClientHello hello) {
            Input key = new Input(hello.cipherSuites(), hello.extensionTypes(), hello.signatureAlgorithms(),
                    hello.supportedVersions(), hello.legacyVersion(),
                    hello.alpn().isEmpty() ? "" : hello.alpn().get(0));
            String v = byInput.get(key);
            if (v == null) {
                v = Ja4.ja4(hello);
                if (byInput.size() >= MAX_INPUTS) {
                    byInput.clear();
                }
                byInput.put(key, v);
            }
            return v;
        }
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
