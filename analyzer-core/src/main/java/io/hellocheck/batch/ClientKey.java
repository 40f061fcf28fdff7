package io.hellocheck.batch;

import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.Ja4;
import io.hellocheck.tls.Memos;
import io.hellocheck.tls.TlsNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the batch summary groups handshakes per client: a key computed from the ClientHello, the same for
 * every connection of the same client software and configuration.
 *
 * <p>The default, {@link #ja4()}, is the client's JA4 fingerprint (FoxIO); {@link #suitesAndVersions()}
 * hashes the sorted offered cipher suites and TLS versions only (GREASE left out).
 */
public interface ClientKey {

    /** The name of the key, written into the summary ({@code "ja4"}, {@code "suites_versions"}). */
    String kind();

    /** The key of a ClientHello; equal for equal client configurations. */
    String key(ClientHello hello);

    /**
     * The key of a ClientHello carried over {@code transport} (a connection record's {@code transport}:
     * {@code "tcp"}, {@code "quic"} or {@code "dtls"}): {@link #key(ClientHello)}, unless the key names the
     * transport, as JA4 does (its first letter {@code t}, {@code q} or {@code d}: FoxIO's JA4.md, "QUIC and DTLS").
     */
    default String key(ClientHello hello, String transport) {
        return key(hello);
    }

    /**
     * {@code "sv_"} and the first 12 hex digits of SHA-256 over the sorted non-GREASE cipher suites and
     * versions (supported_versions, else legacy_version), as {@code "v=0303,0304;c=1301,c02f,..."}.
     */
    static ClientKey suitesAndVersions() {
        return SuitesAndVersions.INSTANCE;
    }

    /** The JA4 fingerprint of the ClientHello ({@link Ja4#ja4(ClientHello)}). */
    static ClientKey ja4() {
        return Ja4Key.INSTANCE;
    }

    /** JA4 as the key. */
    final class Ja4Key implements ClientKey {
        static final Ja4Key INSTANCE = new Ja4Key();

        private Ja4Key() {
        }

        @Override
        public String kind() {
            return "ja4";
        }

        /** A capture has few client configurations: JA4 once per distinct input ({@link Ja4.Memo}). */
        private final Ja4.Memo memo = new Ja4.Memo();

        @Override
        public String key(ClientHello hello) {
            return memo.ja4(hello);
        }

        @Override
        public String key(ClientHello hello, String transport) {
            return Ja4.forTransport(memo.ja4(hello), transport);
        }
    }

    /** Sorted cipher suites and versions as the key. */
    final class SuitesAndVersions implements ClientKey {
        static final SuitesAndVersions INSTANCE = new SuitesAndVersions();

        private SuitesAndVersions() {
        }

        @Override
        public String kind() {
            return "suites_versions";
        }

        /** Keys by what they are computed from; a capture has few client configurations. Cleared beyond 1,024. */
        private final Map<Offer, String> keys = new ConcurrentHashMap<>();

        /** A map key: equals and hashCode written out (a record's run through method handles, slow in C1). */
        private record Offer(List<Integer> supportedVersions, int legacyVersion, List<Integer> suites) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Offer x && legacyVersion == x.legacyVersion
                        && supportedVersions.equals(x.supportedVersions) && suites.equals(x.suites);
            }

            @Override
            public int hashCode() {
                return (supportedVersions.hashCode() * 31 + legacyVersion) * 31 + suites.hashCode();
            }
        }

        @Override
        public String key(ClientHello hello) {
            Offer offer = new Offer(hello.supportedVersions(), hello.legacyVersion(), hello.cipherSuites());
            String key = keys.get(offer);
            if (key == null) {
                key = compute(hello);
                Memos.keep(keys, offer, key);
            }
            return key;
        }

        private static String compute(ClientHello hello) {
            String canonical = "v=" + sortedHex(versions(hello)) + ";c=" + sortedHex(hello.cipherSuites());
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII));
                return "sv_" + HexFormat.of().formatHex(d, 0, 6);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
            }
        }

        /** supported_versions without GREASE, else legacy_version. */
        static List<Integer> versions(ClientHello hello) {
            List<Integer> v = hello.supportedVersions().stream().filter(x -> !TlsNames.isGrease(x)).toList();
            return v.isEmpty() ? List.of(hello.legacyVersion()) : v;
        }

        private static String sortedHex(List<Integer> codes) {
            TreeSet<Integer> sorted = new TreeSet<>();
            for (int c : codes) {
                if (!TlsNames.isGrease(c)) {
                    sorted.add(c);
                }
            }
            StringBuilder sb = new StringBuilder();
            for (int c : sorted) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                // %04x without a Formatter (codes are 16-bit)
                for (int shift = 12; shift >= 0; shift -= 4) {
                    sb.append(Character.forDigit((c >> shift) & 0xf, 16));
                }
            }
            return sb.toString();
        }
    }
}
