package io.hellocheck.profile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain list of cipher suites: IANA names ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}), OpenSSL
 * names ({@code ECDHE-RSA-AES128-GCM-SHA256}), Java's {@code SSL_} names, or code points ({@code 0xc02f},
 * {@code 0xC0,0x2F}); one or more per line, separated by blanks, colons (OpenSSL cipher strings), commas
 * or semicolons; {@code #} starts a comment. OpenSSL cipher-string keywords and operators
 * ({@code HIGH}, {@code !aNULL}, {@code @STRENGTH}) are not expanded: they become warnings, as do unknown
 * names. The order of first appearance is the profile's order; repeats are dropped.
 */
final class CipherListParser {

    private static final Pattern PAIR = Pattern.compile("0[xX]([0-9a-fA-F]{2})\\s*,\\s*0[xX]([0-9a-fA-F]{2})\\b");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]{1,4}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,:;]+");
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9]+(=[0-9]+)?");

    private CipherListParser() {
    }

    static ParsedProfile parse(String text, String fileName) throws ProfileFormatException {
        ProfileBuilder b = new ProfileBuilder(fileName, ProfileFormat.CIPHER_LIST);
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            Matcher m = PAIR.matcher(line);
            line = m.replaceAll(r -> "0x" + r.group(1) + r.group(2));
            for (String raw : SEPARATORS.split(line)) {
                String tok = strip(raw);
                if (tok.isEmpty()) {
                    continue;
                }
                token(b, tok, i + 1);
            }
        }
        b.note("from a list of cipher suite names: protocol versions and groups unknown");
        return b.build();
    }

    private static void token(ProfileBuilder b, String tok, int line) {
        String where = "line " + line + ": ";
        char first = tok.charAt(0);
        if (first == '!' || first == '-' || first == '+' || first == '@') {
            b.warn(where + "OpenSSL cipher-string operator " + ProfileBuilder.quote(tok)
                    + " ignored (list the suites the server accepts by name)");
            return;
        }
        if (HEX.matcher(tok).matches()) {
            b.suite(Integer.parseInt(tok.substring(2), 16));
            return;
        }
        int code = ServerProfiles.suiteCode(tok);
        if (code >= 0) {
            b.suite(code);
        } else if (KEYWORD.matcher(tok).matches()) {
            b.warn(where + ProfileBuilder.quote(tok) + " is not a cipher suite name (an OpenSSL cipher-string "
                    + "keyword is not expanded; list the suites by name)");
        } else {
            b.warn(where + "unknown cipher suite name " + ProfileBuilder.quote(tok));
        }
    }

    private static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && "\"'`".indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && "\"'`".indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        return s.substring(from, to);
    }
}
