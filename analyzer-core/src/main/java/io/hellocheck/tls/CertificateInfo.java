package io.hellocheck.tls;

import io.hellocheck.frame.IpAddresses;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * What a certificate of the server's chain says, read with {@code java.security.cert} (X.509, RFC 5280).
 *
 * <p>Names are RFC 2253 strings with OpenSSL's short names for attributes Java has no keyword for
 * ({@code emailAddress}, {@code serialNumber}, {@code businessCategory}, {@code jurisdictionC} ...), the way
 * Zeek's x509.log and ssl.log write them. A certificate Java cannot read keeps its length and SHA-256, with
 * {@link #parseError()} saying why, its serial, subject and issuer when its DER structure holds them
 * ({@link CertificateOutline}), and null or empty fields otherwise.
 *
 * @param lengthBytes        DER length in bytes
 * @param sha256             SHA-256 of the DER encoding, lowercase hex (Zeek's {@code cert_chain_fps})
 * @param subject            subject DN, or null when unreadable
 * @param issuer             issuer DN, or null
 * @param serial             serial number, lowercase hex, or null
 * @param notBefore          start of validity, or null
 * @param notAfter           end of validity, or null
 * @param sanDns             subjectAltName dNSName entries, in order
 * @param sanIp              subjectAltName iPAddress entries, in order
 * @param keyType            public key algorithm ("RSA", "EC", "Ed25519", "DSA", or the key's OID), or null
 * @param keyBits            key size in bits (RSA modulus, EC field, DSA p, 255/448 for EdDSA), -1 when unknown
 * @param signatureAlgorithm signature algorithm ("SHA256withRSA"), or null
 * @param selfSigned         subject equals issuer and the certificate's signature verifies with its own key
 * @param ca                 basicConstraints says CA
 * @param parseError         why Java could not read it, or null; it starts with {@link #EXPLICIT_EC_PARAMETERS}
 *                           when the key has explicit elliptic-curve parameters
 * @param keyUsage           the bits the keyUsage extension asserts, by their RFC 5280 section 4.2.1.3 names
 *                           ({@link #KEY_USAGE_NAMES}, in bit order), or null when the certificate has no keyUsage
 *                           extension (or could not be read)
 */
public record CertificateInfo(int lengthBytes, String sha256, String subject, String issuer, String serial,
                              Instant notBefore, Instant notAfter, List<String> sanDns, List<String> sanIp,
                              String keyType, int keyBits, String signatureAlgorithm, boolean selfSigned, boolean ca,
                              String parseError, List<String> keyUsage) {

    /** The KeyUsage bits 0 to 8 by their RFC 5280 section 4.2.1.3 names (bit 1 is contentCommitment since X.509 2008). */
    public static final List<String> KEY_USAGE_NAMES = List.of("digitalSignature", "nonRepudiation",
            "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly",
            "decipherOnly");

    /** A certificate without a keyUsage extension, or one whose key usage is not known. */
    public CertificateInfo(int lengthBytes, String sha256, String subject, String issuer, String serial,
                           Instant notBefore, Instant notAfter, List<String> sanDns, List<String> sanIp,
                           String keyType, int keyBits, String signatureAlgorithm, boolean selfSigned, boolean ca,
                           String parseError) {
        this(lengthBytes, sha256, subject, issuer, serial, notBefore, notAfter, sanDns, sanIp, keyType, keyBits,
                signatureAlgorithm, selfSigned, ca, parseError, null);
    }

    /** How {@link #parseError()} starts for a key with explicit elliptic-curve parameters (RFC 5480 section 2.1.1). */
    public static final String EXPLICIT_EC_PARAMETERS = "explicit elliptic-curve parameters (specifiedCurve, which RFC "
            + "5480 section 2.1.1 forbids)";

    private static final Map<String, String> OPENSSL_NAMES = Map.ofEntries(
            Map.entry("1.2.840.113549.1.9.1", "emailAddress"),
            Map.entry("2.5.4.5", "serialNumber"),
            Map.entry("2.5.4.9", "street"),
            Map.entry("2.5.4.15", "businessCategory"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"),
            Map.entry("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"),
            Map.entry("2.5.4.17", "postalCode"),
            Map.entry("2.5.4.12", "title"),
            Map.entry("2.5.4.4", "SN"),
            Map.entry("2.5.4.42", "GN"));

    public CertificateInfo {
        sanDns = List.copyOf(sanDns);
        sanIp = List.copyOf(sanIp);
        keyUsage = keyUsage == null ? null : List.copyOf(keyUsage);
    }

    /**
     * Whether the keyUsage extension is present and does not assert digitalSignature (RFC 5280 section 4.2.1.3):
     * then the key may not sign a ServerKeyExchange (RFC 5246 section 7.4.3) or a CertificateVerify (RFC 8446
     * section 4.4.3). False without the extension, which allows every use.
     */
    public boolean keyUsageLacksDigitalSignature() {
        return keyUsage != null && !keyUsage.contains("digitalSignature");
    }

    /** Whether {@code atNanos} (ns since the epoch) is after notAfter. */
    public boolean expiredAt(long atNanos) {
        return notAfter != null && notAfter.isBefore(instant(atNanos));
    }

    /** Whether {@code atNanos} is before notBefore. */
    public boolean notYetValidAt(long atNanos) {
        return notBefore != null && notBefore.isAfter(instant(atNanos));
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /**
     * Whether the certificate is for {@code host} by RFC 6125 section 6.4: the dNSName entries of
     * subjectAltName, or the subject's last CN only when there is no dNSName (section 6.4.4). Case is
     * ignored, a trailing dot too; a wildcard is only a whole left-most label ("*.example.com" matches
     * "a.example.com", neither "example.com" nor "a.b.example.com"; section 6.4.3, as RFC 9525 now requires),
     * and never in a public-suffix-like name of fewer than three labels ("*.com").
     */
    public boolean matchesHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        List<String> names = sanDns;
        if (names.isEmpty()) {
            String cn = commonName();
            names = cn == null ? List.of() : List.of(cn);
        }
        for (String n : names) {
            if (hostMatches(n, host)) {
                return true;
            }
        }
        return false;
    }

    /** The subject's most specific CN, or null. */
    public String commonName() {
        if (subject == null) {
            return null;
        }
        try {
            javax.naming.ldap.LdapName dn = new javax.naming.ldap.LdapName(subject);
            for (int i = dn.size() - 1; i >= 0; i--) {
                javax.naming.ldap.Rdn rdn = dn.getRdns().get(i);
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException | RuntimeException e) {
            return null;
        }
        return null;
    }

    static boolean hostMatches(String pattern, String host) {
        String p = strip(pattern);
        String h = strip(host);
        if (p.isEmpty() || h.isEmpty()) {
            return false;
        }
        if (!p.startsWith("*.")) {
            return !p.contains("*") && p.equals(h);
        }
        String suffix = p.substring(1); // ".example.com"
        if (suffix.indexOf('*') >= 0 || suffix.chars().filter(ch -> ch == '.').count() < 2) {
            return false;
        }
        if (!h.endsWith(suffix)) {
            return false;
        }
        String label = h.substring(0, h.length() - suffix.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    private static String strip(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    /** Reads one DER certificate; never throws for any content. */
    public static CertificateInfo parse(byte[] der, int off, int len) {
        String sha = sha256(der, off, len);
        X509Certificate c;
        try {
            c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der, off, len));
        } catch (Exception | LinkageError e) {
            return outlined(der, off, len, sha, e);
        }
        try {
            String subject = name(c.getSubjectX500Principal());
            String issuer = name(c.getIssuerX500Principal());
            List<String> dns = new ArrayList<>();
            List<String> ips = new ArrayList<>();
            Collection<List<?>> alt = null;
            try {
                alt = c.getSubjectAlternativeNames();
            } catch (Exception e) {
                alt = null;
            }
            if (alt != null) {
                for (List<?> entry : alt) {
                    if (entry.size() >= 2 && entry.get(0) instanceof Integer type && entry.get(1) instanceof String v) {
                        if (type == 2) {
                            dns.add(v);
                        } else if (type == 7) {
                            ips.add(canonicalIp(v));
                        }
                    }
                }
            }
            String keyType = null;
            int keyBits = -1;
            PublicKey key = null;
            try {
                key = c.getPublicKey();
                keyType = key.getAlgorithm();
                keyBits = keyBits(key);
            } catch (Exception e) {
                key = null;
            }
            boolean self = false;
            if (subject != null && subject.equals(issuer) && key != null) {
                try {
                    c.verify(key);
                    self = true;
                } catch (Exception e) {
                    self = false;
                }
            }
            return new CertificateInfo(len, sha, subject, issuer, c.getSerialNumber().toString(16),
                    c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), dns, ips, keyType, keyBits,
                    c.getSigAlgName(), self, c.getBasicConstraints() >= 0, null, keyUsage(c.getKeyUsage()));
        } catch (Exception | LinkageError e) {
            return failed(len, sha, e);
        }
    }

    /** The names of the bits set in {@link X509Certificate#getKeyUsage()}, or null without the extension. */
    private static List<String> keyUsage(boolean[] bits) {
        if (bits == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < bits.length && i < KEY_USAGE_NAMES.size(); i++) {
            if (bits[i]) {
                out.add(KEY_USAGE_NAMES.get(i));
            }
        }
        return out;
    }

    private static CertificateInfo failed(int len, String sha, Throwable e) {
        return new CertificateInfo(len, sha, null, null, null, null, null, List.of(), List.of(), null, -1, null,
                false, false, why(e));
    }

    /** A certificate Java refused: what {@link CertificateOutline} reads of it. */
    private static CertificateInfo outlined(byte[] der, int off, int len, String sha, Throwable e) {
        CertificateOutline o = CertificateOutline.read(der, off, len);
        if (o == null) {
            return failed(len, sha, e);
        }
        try {
            return new CertificateInfo(len, sha, name(new X500Principal(o.subject())), name(new X500Principal(
                    o.issuer())), o.serial(), null, null, List.of(), List.of(), o.explicitEcParameters() ? "EC" : null,
                    -1, null, false, false, (o.explicitEcParameters() ? EXPLICIT_EC_PARAMETERS + ": " : "") + why(e));
        } catch (IllegalArgumentException bad) {
            return failed(len, sha, e);
        }
    }

    private static String why(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String name(X500Principal p) {
        return p.getName(X500Principal.RFC2253, OPENSSL_NAMES);
    }

    private static int keyBits(PublicKey key) {
        if (key instanceof RSAKey r) {
            return r.getModulus().bitLength();
        }
        if (key instanceof ECKey e) {
            return e.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAKey d && d.getParams() != null) {
            return d.getParams().getP().bitLength();
        }
        if (key instanceof EdECKey ed) {
            return ed.getParams().getName().equalsIgnoreCase("Ed448") ? 448 : 255;
        }
        if (key.getAlgorithm().equalsIgnoreCase("Ed25519")) {
            return 255;
        }
        if (key.getAlgorithm().equalsIgnoreCase("Ed448")) {
            return 448;
        }
        return -1;
    }

    private static String sha256(byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, off, len);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Bit length of an unsigned big-endian number (a DH prime). */
    static int bits(byte[] unsigned) {
        return new BigInteger(1, unsigned).bitLength();
    }

    /**
     * An iPAddress name as the JDK gives it ({@code 0:0:0:0:0:0:0:1}) in RFC 5952 text ({@code ::1}), as
     * endpoints are written; an IPv4 address as it is.
     */
    static String canonicalIp(String v) {
        if (v.indexOf(':') < 0) {
            return v;
        }
        try {
            byte[] a = InetAddress.getByName(v).getAddress();
            if (a.length != 16) {
                return v;
            }
            ByteBuffer b = ByteBuffer.wrap(a);
            return IpAddresses.format(b.getLong(), b.getLong(), true);
        } catch (UnknownHostException e) {
            return v;
        }
    }
}
