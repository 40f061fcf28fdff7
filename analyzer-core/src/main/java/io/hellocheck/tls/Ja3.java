package io.hellocheck.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JA3 and JA3S fingerprints, as defined by Salesforce (github.com/salesforce/ja3, BSD-3-Clause).
 *
 * <p>JA3 string: {@code SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats}, each
 * value in decimal, the values of a list joined by {@code -}; JA3 is the MD5 of that string in lower-case
 * hex. JA3S string: {@code SSLVersion,Cipher,Extensions}, JA3S its MD5. {@code SSLVersion} is the hello's
 * legacy_version field (so a TLS 1.3 ClientHello gives 771), the lists are in wire order, and GREASE
 * values (RFC 8701) are left out of every list. An absent list is an empty field, so a ClientHello with no
 * extensions block gives {@code "769,47-53,,,"}.
 *
 * <p>EllipticCurves and EllipticCurvePointFormats come from the first supported_groups (10) and
 * ec_point_formats (11) extension that decoded cleanly; a malformed one counts as absent. (Salesforce's
 * script takes the last of duplicated extensions; duplicates are an anomaly that {@link ClientHello} notes.)
 *
 * <p>GREASE is left out of a ServerHello's extensions too (the README: JA3 ignores GREASE values);
 * Salesforce's {@code ja3s.py} keeps them, which matters only for a ServerHello that carries a GREASE
 * extension (none of the tested captures has one).
 *
 * <p>SSLv2-format ClientHellos have no JA3: the definition reads TLS handshake records only.
 *
 * <p>Pure functions, no state; {@link Memo} keeps what it computed, per instance.
 */
public final class Ja3 {

    private Ja3() {
    }

    /** The JA3 string of a ClientHello, e.g. {@code "771,4865-4866,0-23-65281,29-23,0"}. */
    public static String ja3String(ClientHello h) {
        StringBuilder b = new StringBuilder(16 + 6 * (h.cipherSuites().size() + h.extensionTypes().size()
                + h.supportedGroups().size()));
        b.append(h.legacyVersion()).append(',');
        join(b, h.cipherSuites());
        b.append(',');
        join(b, h.extensionTypes());
        b.append(',');
        join(b, h.supportedGroups());
        b.append(',');
        join(b, h.ecPointFormats());
        return b.toString();
    }

    /** The JA3 fingerprint of a ClientHello: MD5 of {@link #ja3String}, 32 lower-case hex digits. */
    public static String ja3(ClientHello h) {
        return md5Hex(ja3String(h));
    }

    /**
     * The JA3S string of a ServerHello, e.g. {@code "771,4865,51-43"}. A HelloRetryRequest is a ServerHello
     * message on the wire and has one too.
     */
    public static String ja3sString(ServerHello h) {
        StringBuilder b = new StringBuilder(16 + 6 * h.extensionTypes().size());
        b.append(h.legacyVersion()).append(',').append(h.cipherSuite()).append(',');
        join(b, h.extensionTypes());
        return b.toString();
    }

    /** The JA3S fingerprint of a ServerHello: MD5 of {@link #ja3sString}, 32 lower-case hex digits. */
    public static String ja3s(ServerHello h) {
        return md5Hex(ja3sString(h));
    }

    /** Decimal values without GREASE, joined by '-', appended to {@code b} (one builder per string). */
    private static void join(StringBuilder b, List<Integer> values) {
        boolean first = true;
        for (int i = 0; i < values.size(); i++) {
            int v = values.get(i);
            if (TlsNames.isGrease(v)) {
                continue;
            }
            if (!first) {
                b.append('-');
            }
            b.append(v);
            first = false;
        }
    }

    /** Lower-case hex MD5 of the string's ASCII bytes. */
    static String md5Hex(String s) {
        return HexFormat.of().formatHex(digest("MD5").digest(s.getBytes(StandardCharsets.US_ASCII)));
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide MD5 and SHA-256 (MessageDigest's documentation)
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /**
     * The JA3 string and JA3 computed once per distinct input (legacy_version and the four lists the string
     * reads): a capture holds many connections of few client configurations. An input not seen yet is looked up
     * by its JA3 string, so that a client whose GREASE values change with each connection, a new input each time,
     * pays the string but not its MD5. JA3S by its string likewise. Thread-safe; at most 1,024 entries kept in
     * each map (each cleared beyond).
     */
    public static final class Memo {
        private final Map<Input, Prints> byInput = new ConcurrentHashMap<>();
        private final Map<String, Prints> byString = new ConcurrentHashMap<>();
        private final Map<String, String> ja3sByString = new ConcurrentHashMap<>();

        /**
         * The JA3S of a ServerHello whose {@link Ja3#ja3sString JA3S string} is {@code ja3sString}: its MD5, from
         * the memo when this string was seen.
         */
        public String ja3s(String ja3sString) {
            String v = ja3sByString.get(ja3sString);
            if (v == null) {
                v = md5Hex(ja3sString);
                Memos.keep(ja3sByString, ja3sString, v);
            }
            return v;
        }

        /** {@link Ja3#ja3(ClientHello)} and {@link Ja3#ja3String(ClientHello)}, from the memo when this input was seen. */
        public Prints of(ClientHello hello) {
            Input key = new Input(hello.legacyVersion(), hello.cipherSuites(), hello.extensionTypes(),
                    hello.supportedGroups(), hello.ecPointFormats());
            Prints v = byInput.get(key);
            if (v == null) {
                String s = ja3String(hello);
                v = byString.get(s);
                if (v == null) {
                    v = new Prints(md5Hex(s), s);
                    Memos.keep(byString, s, v);
                }
                Memos.keep(byInput, key, v);
            }
            return v;
        }
    }

    /**
     * The JA3 of a ClientHello and the string it hashes.
     *
     * @param ja3       {@link #ja3(ClientHello)}: 32 lower-case hex digits
     * @param ja3String {@link #ja3String(ClientHello)}
     */
    public record Prints(String ja3, String ja3String) {
    }

    /** A memo key; equals and hashCode written out (the generated ones go through method handles, slow under C1). */
    private record Input(int legacyVersion, List<Integer> suites, List<Integer> extensions, List<Integer> groups,
                         List<Integer> pointFormats) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Input x && legacyVersion == x.legacyVersion && suites.equals(x.suites)
                    && extensions.equals(x.extensions) && groups.equals(x.groups)
                    && pointFormats.equals(x.pointFormats);
        }

        @Override
        public int hashCode() {
            return (((legacyVersion * 31 + suites.hashCode()) * 31 + extensions.hashCode()) * 31
                    + groups.hashCode()) * 31 + pointFormats.hashCode();
        }
    }
}
