package io.hellocheck.profile;

import io.hellocheck.tls.TlsNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a server profile the user gives, recognising the format by content (not by file name):
 *
 * <ul>
 *   <li>text starting with {@code [} or <code>{</code>: {@code testssl.sh --jsonfile} output (a flat JSON
 *       array of findings with {@code id}, {@code severity}, {@code finding}) or {@code --jsonfile-pretty}
 *       output (the same findings grouped under {@code scanResult});</li>
 *   <li>text starting with {@code <}: {@code nmap --script ssl-enum-ciphers -oX} output;</li>
 *   <li>text with {@code KeyType : 0} / {@code CipherSuite : 49200} lines: what PowerShell prints for
 *       {@code Get-TlsCipherSuite};</li>
 *   <li>anything else: a list of cipher suite names (IANA or OpenSSL, one per line or separated by colons,
 *       commas or blanks, {@code #} comments).</li>
 * </ul>
 *
 * <p>Input may be UTF-8 (with or without a byte order mark) or UTF-16 with a byte order mark, as Windows
 * PowerShell 5.1 writes with {@code >}. Names or entries that cannot be used become warnings in the
 * {@link ParsedProfile}; a file from which no cipher suite at all can be read, or that is not valid in its
 * format, gives a {@link ProfileFormatException} naming the file and the problem. Nothing else is thrown
 * for bad content: an I/O failure is an {@link IOException}, a null argument a
 * {@link NullPointerException}.
 *
 * <p>The XML reader does not load external entities or DTDs (XXE-safe) and limits nesting; files over
 * {@value #MAX_BYTES} bytes are refused.
 */
public final class ServerProfiles {

    /** Largest profile file read, in bytes. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    private static final Pattern POWERSHELL = Pattern.compile(
            "(?m)^[ \\t]*(KeyType|CipherSuite|BaseCipherSuite)[ \\t]*:[ \\t]*\\d");

    private ServerProfiles() {
    }

    /** Reads a profile file; its path, as given, names it in messages and in the profile's source. */
    public static ParsedProfile read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a profile from a stream (not closed here); {@code name} names it in messages and in the
     * profile's source, e.g. the file name or "stdin".
     */
    public static ParsedProfile read(InputStream in, String name) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(name, "name");
        byte[] data = in.readNBytes(MAX_BYTES + 1);
        if (data.length > MAX_BYTES) {
            throw new ProfileFormatException(name, "larger than " + MAX_BYTES + " bytes; not a profile");
        }
        String text = decode(data, name);
        ProfileFormat format = detect(text);
        try {
            return switch (format) {
                case TESTSSL_JSON -> TestsslJsonParser.parse(text, name);
                case NMAP_XML -> NmapXmlParser.parse(text, name);
                case POWERSHELL_TLS_CIPHER_SUITE -> PowerShellParser.parse(text, name);
                case CIPHER_LIST -> CipherListParser.parse(text, name);
            };
        } catch (ProfileFormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // A parser bug must not escape as something callers do not expect; the tests check this
            // path is never taken on their inputs.
            throw new ProfileFormatException(name, "could not be read as " + format.description() + ": " + e, e);
        }
    }

    /** The format {@link #read} would use for this text. */
    static ProfileFormat detect(String text) {
        String t = text.stripLeading();
        if (t.startsWith("[") || t.startsWith("{")) {
            return ProfileFormat.TESTSSL_JSON;
        }
        if (t.startsWith("<")) {
            return ProfileFormat.NMAP_XML;
        }
        if (POWERSHELL.matcher(t).find()) {
            return ProfileFormat.POWERSHELL_TLS_CIPHER_SUITE;
        }
        return ProfileFormat.CIPHER_LIST;
    }

    /** Bytes to text: BOM-marked UTF-8/UTF-16, unmarked UTF-16LE (every other byte zero), else UTF-8. */
    static String decode(byte[] b, String name) throws ProfileFormatException {
        String text;
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            text = new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
        } else if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
            text = new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
        } else if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
            text = new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
        } else if (looksUtf16le(b)) {
            text = new String(b, StandardCharsets.UTF_16LE);
        } else {
            text = new String(b, StandardCharsets.UTF_8);
        }
        if (text.isBlank()) {
            throw new ProfileFormatException(name, "empty; expected a cipher suite list, testssl.sh JSON, "
                    + "nmap XML or Get-TlsCipherSuite output");
        }
        int bad = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || c == '\uFFFD' || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) {
                bad++;
            }
        }
        if (bad > 0 && bad * 20L > text.length()) {
            throw new ProfileFormatException(name, "binary data, not a text profile (" + bad
                    + " control or undecodable characters)");
        }
        return text;
    }

    private static boolean looksUtf16le(byte[] b) {
        int n = Math.min(b.length, 256) & ~1;
        if (n < 4) {
            return false;
        }
        for (int i = 0; i < n; i += 2) {
            if (b[i] == 0 || b[i + 1] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A cipher suite name's code point: IANA or OpenSSL names through {@link TlsNames#cipherSuiteCode}, and
     * nmap's names for the TLS 1.3 suites ({@code TLS_AKE_WITH_AES_128_GCM_SHA256}, nselib/tls.lua), -1 when
     * unknown.
     */
    static int suiteCode(String name) {
        int code = TlsNames.cipherSuiteCode(name);
        if (code < 0) {
            String u = name.trim().toUpperCase(Locale.ROOT);
            if (u.startsWith("TLS_AKE_WITH_")) {
                code = TlsNames.cipherSuiteCode("TLS_" + u.substring("TLS_AKE_WITH_".length()));
            }
        }
        return code;
    }

    static String hex4(int code) {
        return String.format("0x%04x", code);
    }
}
