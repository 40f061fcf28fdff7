package io.hellocheck.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The server profiles shipped with hellocheck, generated from {@code ../shared/reference} by
 * {@code tools/generate-server-profiles.py} into TSV resources beside this class (see
 * {@code tools/README.md}); nothing here is typed by hand.
 *
 * <ul>
 *   <li>{@code mozilla-modern-5.7}, {@code mozilla-intermediate-5.7}, {@code mozilla-old-5.7}: Mozilla's
 *       Server Side TLS guidelines 5.7 ({@code mozilla/ssl-config-generator}
 *       {@code src/static/guidelines/5.7.json}), the last long-standing version with "old";</li>
 *   <li>{@code mozilla-modern-6.0}, {@code mozilla-intermediate-6.0}: guidelines 6.0 (no "old");</li>
 *   <li>{@code windows-server-2012-r2}, {@code windows-server-2016}, {@code windows-server-2019},
 *       {@code windows-server-2022}, {@code windows-server-2025}: the default Schannel cipher suite lists
 *       Microsoft publishes ({@code MicrosoftDocs/win32 desktop-src/SecAuthN/tls-cipher-suites-in-*.md}),
 *       in priority order, with the server-side protocol versions enabled by default and the default
 *       groups.</li>
 * </ul>
 *
 * <p>Loaded once, when the class is first used; immutable and thread-safe.
 */
public final class BuiltinProfiles {

    private static final Map<String, ServerProfile> BY_ID = load();
    private static final List<ServerProfile> ALL = List.copyOf(BY_ID.values());

    private BuiltinProfiles() {
    }

    /** All built-in profiles: the Mozilla ones, then the Windows Server ones, oldest first. */
    public static List<ServerProfile> all() {
        return ALL;
    }

    /** The profile with this id (case-insensitive, surrounding blanks ignored), if there is one. */
    public static Optional<ServerProfile> byId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_ID.get(id.trim().toLowerCase(Locale.ROOT)));
    }

    /** The ids, in the order of {@link #all()}. */
    public static List<String> ids() {
        return List.copyOf(BY_ID.keySet());
    }

    private static Map<String, ServerProfile> load() {
        Map<String, ServerProfile> m = new LinkedHashMap<>();
        for (String[] f : Resources.rows("index.tsv", 2)) {
            ServerProfile p = loadProfile(f[1]);
            if (!p.id().equals(f[0])) {
                throw new IllegalStateException(f[1] + ": id " + p.id() + ", index says " + f[0]);
            }
            if (m.put(p.id(), p) != null) {
                throw new IllegalStateException("index.tsv: profile listed twice: " + p.id());
            }
        }
        return m;
    }

    private static ServerProfile loadProfile(String resource) {
        String id = null;
        String name = null;
        String source = null;
        List<Integer> suites = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String[] f : Resources.rows(resource, 2)) {
            switch (f[0]) {
                case "id" -> id = f[1];
                case "name" -> name = f[1];
                case "source" -> source = f[1];
                case "tls_version" -> versions.add(Resources.code(resource, f[1]));
                case "group" -> groups.add(Resources.code(resource, f[1]));
                case "note" -> notes.add(f[1]);
                case "suite" -> suites.add(Resources.code(resource, f[1]));
                default -> throw new IllegalStateException(resource + ": unknown row " + f[0]);
            }
        }
        if (id == null || name == null || source == null || suites.isEmpty()) {
            throw new IllegalStateException(resource + ": id, name, source or suites missing");
        }
        return new ServerProfile(id, name, ProfileSource.builtin(source), suites, versions, groups, notes);
    }
}
