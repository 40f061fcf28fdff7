package io.hellocheck.tls;

import static io.hellocheck.tls.TestBytes.w;
import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.tls.TestBytes.Writer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Certificates read with java.security.cert against what OpenSSL prints of the same DER files
 * ({@code certs/*.openssl.txt}, made by {@code certs/generate.sh}); host matching by RFC 6125 section 6.4;
 * the Certificate message layouts of RFC 5246 section 7.4.2 and RFC 8446 section 4.4.2.
 */
class CertificateInfoTest {

    static byte[] der(String name) {
        try (InputStream in = CertificateInfoTest.class.getResourceAsStream("certs/" + name + ".der")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * "key=value" lines of OpenSSL's output; an extension's value lines (indented by 4) are appended to its
     * name's line; the lines from -text (indented deeper) are keys of their own.
     */
    static Map<String, String> openssl(String name) {
        Map<String, String> m = new HashMap<>();
        String last = null;
        for (String line : TestBytes.resourceText("certs/" + name + ".openssl.txt").split("\n")) {
            if (line.startsWith("    ") && !line.startsWith("        ")) {
                m.merge(last, line.trim(), (a, b) -> a + " " + b);
            } else if (line.contains("=")) {
                last = line.substring(0, line.indexOf('='));
                m.put(last, line.substring(line.indexOf('=') + 1));
            } else {
                last = line.trim();
                m.put(last, "");
            }
        }
        return m;
    }

    private static Instant opensslDate(String s) {
        // "Nov 29 14:19:24 2026 GMT"
        return java.time.ZonedDateTime.parse(s.replaceAll("\\s+", " "),
                DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy zzz", Locale.ROOT)).toInstant();
    }

    private static void agreesWithOpenssl(String name) {
        byte[] der = der(name);
        Map<String, String> o = openssl(name);
        CertificateInfo c = CertificateInfo.parse(der, 0, der.length);
        assertThat(c.parseError()).isNull();
        assertThat(c.subject()).isEqualTo(o.get("subject"));
        assertThat(c.issuer()).isEqualTo(o.get("issuer"));
        assertThat(c.notBefore()).isEqualTo(opensslDate(o.get("notBefore")));
        assertThat(c.notAfter()).isEqualTo(opensslDate(o.get("notAfter")));
        assertThat(c.serial()).isEqualTo(o.get("serial").toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", ""));
        assertThat(c.sha256()).isEqualTo(o.get("sha256 Fingerprint").replace(":", "").toLowerCase(Locale.ROOT));
        assertThat(c.lengthBytes()).isEqualTo(der.length);
        assertThat(c.ca()).isEqualTo(o.getOrDefault("X509v3 Basic Constraints: critical",
                o.getOrDefault("X509v3 Basic Constraints:", "")).contains("CA:TRUE"));
    }

    @Test
    void readsWhatOpensslReads() {
        for (String n : List.of("ca", "leaf", "ed25519")) {
            agreesWithOpenssl(n);
        }
        CertificateInfo leaf = CertificateInfo.parse(der("leaf"), 0, der("leaf").length);
        // OpenSSL: "DNS:*.example.com, DNS:example.net, IP Address:192.0.2.7"; "Public-Key: (256 bit)", id-ecPublicKey
        assertThat(leaf.sanDns()).containsExactly("*.example.com", "example.net");
        assertThat(leaf.sanIp()).containsExactly("192.0.2.7");
        assertThat(leaf.keyType()).isEqualTo("EC");
        assertThat(leaf.keyBits()).isEqualTo(256);
        assertThat(leaf.selfSigned()).isFalse();
        CertificateInfo ca = CertificateInfo.parse(der("ca"), 0, der("ca").length);
        assertThat(ca.keyType()).isEqualTo("RSA");
        assertThat(ca.keyBits()).as("Public-Key: (2048 bit)").isEqualTo(2048);
        assertThat(ca.selfSigned()).isTrue();
        CertificateInfo ed = CertificateInfo.parse(der("ed25519"), 0, der("ed25519").length);
        assertThat(ed.keyType()).isIn("Ed25519", "EdDSA");
        assertThat(ed.keyBits()).isEqualTo(255);
        assertThat(ed.selfSigned()).isTrue();
        assertThat(ed.sanDns()).isEmpty();
    }

    @Test
    void validityAgainstTheCaptureTime() {
        CertificateInfo leaf = CertificateInfo.parse(der("leaf"), 0, der("leaf").length);
        long after = (leaf.notAfter().getEpochSecond() + 1) * 1_000_000_000L;
        long before = (leaf.notBefore().getEpochSecond() - 1) * 1_000_000_000L;
        long during = (leaf.notBefore().getEpochSecond() + 60) * 1_000_000_000L;
        assertThat(leaf.expiredAt(after)).isTrue();
        assertThat(leaf.expiredAt(during)).isFalse();
        assertThat(leaf.notYetValidAt(before)).isTrue();
        assertThat(leaf.notYetValidAt(during)).isFalse();
    }

    @Test
    void hostMatchingByRfc6125() {
        // RFC 6125 section 6.4.3: the wildcard is the whole left-most label and matches one label only
        assertThat(CertificateInfo.hostMatches("*.example.com", "foo.example.com")).isTrue();
        assertThat(CertificateInfo.hostMatches("*.example.com", "bar.foo.example.com")).isFalse();
        assertThat(CertificateInfo.hostMatches("*.example.com", "example.com")).isFalse();
        // partial-label wildcards (allowed by 6125 as a MAY, forbidden by RFC 9525 section 6.3) do not match
        assertThat(CertificateInfo.hostMatches("baz*.example.net", "baz1.example.net")).isFalse();
        assertThat(CertificateInfo.hostMatches("*.com", "example.com")).isFalse();
        // case and a trailing dot do not matter (section 6.4.1; DNS names)
        assertThat(CertificateInfo.hostMatches("WWW.Example.COM", "www.example.com.")).isTrue();

        CertificateInfo leaf = CertificateInfo.parse(der("leaf"), 0, der("leaf").length);
        assertThat(leaf.matchesHost("api.example.com")).isTrue();
        assertThat(leaf.matchesHost("example.net")).isTrue();
        assertThat(leaf.matchesHost("example.com")).isFalse();
        assertThat(leaf.matchesHost("192.0.2.7")).as("an SNI is never an IP address (RFC 6066 section 3)").isFalse();
        // no dNSName at all: the CN is used (section 6.4.4)
        CertificateInfo ed = CertificateInfo.parse(der("ed25519"), 0, der("ed25519").length);
        assertThat(ed.commonName()).isEqualTo("ed.example");
        assertThat(ed.matchesHost("ed.example")).isTrue();
        assertThat(ed.matchesHost("other.example")).isFalse();
    }

    @Test
    void garbageIsAParseErrorNotAnException() {
        byte[] junk = {0x30, (byte) 0x82, 0x01, 0x00, 1, 2, 3};
        CertificateInfo c = CertificateInfo.parse(junk, 0, junk.length);
        assertThat(c.parseError()).isNotNull();
        assertThat(c.sha256()).hasSize(64);
        assertThat(c.subject()).isNull();
    }

    @Test
    void aKeyWithExplicitCurveParametersKeepsTheNamesOpensslReads() {
        byte[] der = der("explicit-ec");
        Map<String, String> o = openssl("explicit-ec");
        assertThat(o).containsKey("Field Type: prime-field");
        CertificateInfo c = CertificateInfo.parse(der, 0, der.length);
        assertThat(c.parseError()).startsWith(CertificateInfo.EXPLICIT_EC_PARAMETERS);
        assertThat(c.subject()).isEqualTo(o.get("subject"));
        assertThat(c.issuer()).isEqualTo(o.get("issuer"));
        assertThat(c.serial()).isEqualTo(o.get("serial").toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", ""));
        assertThat(c.sha256()).isEqualTo(o.get("sha256 Fingerprint").replace(":", "").toLowerCase(Locale.ROOT));
        assertThat(c.keyType()).as(o.get("Public Key Algorithm")).isEqualTo("EC");
        assertThat(c.selfSigned()).as("its signature cannot be checked").isFalse();
    }

    private static byte[] tls12Message(byte[]... certs) {
        Writer list = w();
        for (byte[] c : certs) {
            list.u24(c.length).raw(c);
        }
        byte[] l = list.bytes();
        return w().u24(l.length).raw(l).bytes();
    }

    @Test
    void certificateMessageOfTls12And13() throws TlsDecodeException {
        byte[] m = tls12Message(der("leaf"), der("ca"));
        Certificates chain = Certificates.parse(m, 0, m.length, false);
        assertThat(chain.count()).isEqualTo(2);
        assertThat(chain.certificates()).extracting(CertificateInfo::subject)
                .containsExactly(openssl("leaf").get("subject"), openssl("ca").get("subject"));

        // TLS 1.3: certificate_request_context, then entries with their extensions
        Writer entries = w().u24(der("leaf").length).raw(der("leaf")).vec16(w().u16(5).vec16(w().u8(1)));
        byte[] e = entries.bytes();
        byte[] m13 = w().vec8(w()).u24(e.length).raw(e).bytes();
        Certificates chain13 = Certificates.parse(m13, 0, m13.length, true);
        assertThat(chain13.count()).isEqualTo(1);
        assertThat(chain13.certificates().get(0).sanDns()).contains("example.net");
    }

    @Test
    void boundedToTenCertificatesOf64KiB() throws TlsDecodeException {
        byte[][] many = new byte[12][];
        for (int i = 0; i < many.length; i++) {
            many[i] = der("ca");
        }
        byte[] m = tls12Message(many);
        Certificates chain = Certificates.parse(m, 0, m.length, false);
        assertThat(chain.count()).isEqualTo(12);
        assertThat(chain.certificates()).hasSize(Certificates.MAX_CERTIFICATES);

        byte[] huge = new byte[Certificates.MAX_CERTIFICATE_BYTES + 1];
        byte[] big = tls12Message(huge);
        Certificates one = Certificates.parse(big, 0, big.length, false);
        assertThat(one.certificates()).singleElement()
                .satisfies(c -> assertThat(c.parseError()).contains("more than"));

        // the first bytes of an oversized message: complete certificates are read, a cut one is not
        byte[] prefix = java.util.Arrays.copyOf(m, 3 + 2 * (3 + der("ca").length) + 10);
        Certificates first = Certificates.parsePrefix(prefix, 0, prefix.length, false);
        assertThat(first.certificates()).hasSize(2);
    }

    @Test
    void malformedCertificateMessagesThrowTlsDecodeException() {
        byte[] m = w().u24(10).u24(20).zeros(5).bytes();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Certificates.parse(m, 0, m.length, false))
                .isInstanceOf(TlsDecodeException.class);
        byte[] empty = w().u24(3).u24(0).bytes();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Certificates.parse(empty, 0, empty.length, false))
                .isInstanceOf(TlsDecodeException.class).hasMessageContaining("empty certificate");
    }

    /** subjectAltName iPAddress as the JDK writes it, in RFC 5952 text (examples of RFC 5952 sections 4.2.2-4.2.3). */
    @Test
    void sanIpAddressesAreWrittenInRfc5952Text() {
        assertThat(CertificateInfo.canonicalIp("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(CertificateInfo.canonicalIp("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(CertificateInfo.canonicalIp("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
        assertThat(CertificateInfo.canonicalIp("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(CertificateInfo.canonicalIp("192.0.2.7")).isEqualTo("192.0.2.7");
    }
}
