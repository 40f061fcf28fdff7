package io.hellocheck.profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Collects what a parser finds; {@link #build} makes the {@link ParsedProfile}. Not thread-safe. */
final class ProfileBuilder {

    /** More warnings than this are counted, not kept. */
    static final int MAX_WARNINGS = 50;

    private final String fileName;
    private final ProfileFormat format;
    private final Set<Integer> suites = new LinkedHashSet<>();
    private final Set<Integer> versions = new TreeSet<>();
    private final Set<Integer> groups = new LinkedHashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> hosts = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private int droppedWarnings;

    ProfileBuilder(String fileName, ProfileFormat format) {
        this.fileName = fileName;
        this.format = format;
    }

    void suite(int code) {
        suites.add(code);
    }

    boolean hasSuite(int code) {
        return suites.contains(code);
    }

    void version(int code) {
        versions.add(code);
    }

    void group(int code) {
        groups.add(code);
    }

    boolean hasGroups() {
        return !groups.isEmpty();
    }

    /** A server the profile describes ("address:port"); a profile naming none applies to any server. */
    void host(String host) {
        if (!hosts.contains(host)) {
            hosts.add(host);
        }
    }

    void note(String note) {
        notes.add(note);
    }

    void warn(String warning) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(warning);
        } else {
            droppedWarnings++;
        }
    }

    ParsedProfile build() throws ProfileFormatException {
        if (suites.isEmpty()) {
            String why = warnings.isEmpty() ? "" : " (" + String.join("; ", warnings.subList(0,
                    Math.min(3, warnings.size()))) + (warnings.size() > 3 ? "; ..." : "") + ")";
            throw new ProfileFormatException(fileName, "no cipher suite found in this "
                    + format.description() + why);
        }
        List<String> w = new ArrayList<>(warnings);
        if (droppedWarnings > 0) {
            w.add(droppedWarnings + " more warnings not shown");
        }
        String base = baseName(fileName);
        ServerProfile p = new ServerProfile("user:" + base,
                "User profile " + base + " (" + format.description() + ")",
                ProfileSource.user(oneLine(fileName) + " (" + format.description() + ")"),
                List.copyOf(suites), List.copyOf(versions), List.copyOf(groups), notes, hosts);
        return new ParsedProfile(p, format, w);
    }

    static String baseName(String fileName) {
        String s = oneLine(fileName);
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        String b = slash >= 0 && slash < s.length() - 1 ? s.substring(slash + 1) : s;
        return b.isBlank() ? "profile" : b;
    }

    static String oneLine(String s) {
        String t = s.replaceAll("[\\r\\n\\t]+", " ").trim();
        return t.isEmpty() ? "(unnamed)" : t;
    }

    /** A value from the input, shortened and made printable for a warning. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        int n = 0;
        for (int i = 0; i < s.length() && n < 60; i++, n++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (s.length() > 60) {
            b.append("...");
        }
        return b.append('"').toString();
    }
}
