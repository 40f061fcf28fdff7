package io.hellocheck.profile;

import io.hellocheck.tls.TlsNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PowerShell prints for {@code Get-TlsCipherSuite}: one block of {@code Property : value} lines per
 * cipher suite, blocks separated by blank lines, in the order the cmdlet returns them ("an ordered
 * collection of cipher suites", i.e. Schannel's priority order). The format follows Microsoft's
 * documented example (learn.microsoft.com, powershell/module/tls/get-tlsciphersuite, Example 1):
 *
 * <pre>
 * KeyType               : 0
 * Certificate           : RSA
 * MaximumExchangeLength : 65536
 * MinimumExchangeLength : 0
 * Exchange              : ECDH
 * HashLength            : 0
 * Hash                  :
 * CipherBlockLength     : 16
 * CipherLength          : 256
 * BaseCipherSuite       : 49200
 * CipherSuite           : 49200
 * Cipher                : AES
 * Name                  : TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
 * Protocols             : {771}
 * </pre>
 *
 * <p>{@code CipherSuite} (decimal) is the code point; {@code Name} is used when it is missing, and a name
 * that the registry gives another code is a warning. SSL 2.0 cipher kinds ({@code SSL_CK_RC4_128_WITH_MD5},
 * {@code CipherSuite : 65664}, {@code Protocols : {2}}) are not TLS cipher suites and are skipped with a
 * warning. Prompt lines ({@code PS C:\> Get-TlsCipherSuite}) are ignored; an indented line continues the
 * previous value (Format-List wraps long values). Protocol versions stay unknown: {@code Protocols} says
 * which versions a suite can be used with (771 = 0x0303 TLS 1.2, 65277 = 0xfefd DTLS 1.2), not which
 * versions are enabled on the server.
 */
final class PowerShellParser {

    private static final Pattern PROPERTY = Pattern.compile("^[ \\t]*([A-Za-z][A-Za-z0-9]*)[ \\t]*:[ \\t]?(.*)$");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,10}");

    private PowerShellParser() {
    }

    static ParsedProfile parse(String text, String fileName) throws ProfileFormatException {
        ProfileBuilder b = new ProfileBuilder(fileName, ProfileFormat.POWERSHELL_TLS_CIPHER_SUITE);
        TreeSet<Integer> protocols = new TreeSet<>();
        Map<String, String> block = new LinkedHashMap<>();
        String lastKey = null;
        int blockStart = 0;
        int ignored = 0;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                entry(b, block, blockStart, protocols);
                lastKey = null;
                continue;
            }
            if (line.startsWith("PS ") && line.contains(">")) {
                continue;
            }
            Matcher m = PROPERTY.matcher(line);
            if (m.matches()) {
                String key = m.group(1);
                if (block.containsKey(key)) { // next entry without a blank line between
                    entry(b, block, blockStart, protocols);
                }
                if (block.isEmpty()) {
                    blockStart = i + 1;
                }
                block.put(key, m.group(2).trim());
                lastKey = key;
            } else if (lastKey != null && Character.isWhitespace(line.charAt(0))) {
                block.put(lastKey, block.get(lastKey) + line.trim());
            } else {
                ignored++;
            }
        }
        entry(b, block, blockStart, protocols);
        if (ignored > 0) {
            b.warn(ignored + " lines not in \"Property : value\" form ignored");
        }
        StringBuilder covered = new StringBuilder();
        for (int p : protocols) {
            covered.append(covered.length() == 0 ? "" : ", ").append(TlsNames.version(p));
        }
        b.note("versions unknown: Get-TlsCipherSuite lists the enabled suites, not the enabled protocol versions"
                + (covered.length() == 0 ? "" : " (the suites' Protocols cover " + covered + ")")
                + "; groups unknown (Get-TlsEccCurve lists those)");
        return b.build();
    }

    private static void entry(ProfileBuilder b, Map<String, String> block, int line,
                              TreeSet<Integer> protocols) {
        if (block.isEmpty()) {
            return;
        }
        String name = block.get("Name");
        String suite = block.get("CipherSuite");
        String prot = block.get("Protocols");
        String where = "entry at line " + line + (name == null || name.isEmpty() ? "" : " (" + name + ")") + ": ";
        block.clear();
        long code = -1;
        if (suite != null && NUMBER.matcher(suite).matches()) {
            code = Long.parseLong(suite);
        } else if (suite != null && !suite.isEmpty()) {
            b.warn(where + "CipherSuite " + ProfileBuilder.quote(suite) + " is not a number");
        }
        int named = name == null || name.isEmpty() ? -1 : ServerProfiles.suiteCode(name);
        if (code > 0xffff) {
            b.warn(where + "CipherSuite " + code + " is not a TLS cipher suite (an SSL 2.0 cipher kind); skipped");
            return;
        }
        if (code < 0) {
            if (named < 0) {
                b.warn(where + (name == null || name.isEmpty() ? "no Name or CipherSuite; skipped"
                        : "unknown cipher suite name " + ProfileBuilder.quote(name)));
                return;
            }
            code = named;
        } else if (named >= 0 && named != code) {
            b.warn(where + "Name is " + ServerProfiles.hex4(named) + " in the registry, CipherSuite says "
                    + ServerProfiles.hex4((int) code) + "; using CipherSuite");
        }
        b.suite((int) code);
        if (prot != null) {
            Matcher n = NUMBER.matcher(prot);
            while (n.find()) {
                long v = Long.parseLong(n.group());
                if (v <= 0xffff) {
                    protocols.add((int) v);
                }
            }
        }
    }
}
