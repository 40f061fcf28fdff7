package io.hellocheck.profile;

import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a ClientHello has in common with a {@link ServerProfile}: a pure function of the two, no state.
 * (Not to be confused with {@code analysis.CipherOverlap}, the overlap with the suites seen in completed
 * handshakes.)
 *
 * @param profile       the profile compared with
 * @param commonSuites  the client's suites the profile accepts, in the client's order (GREASE and signalling
 *                      values never match: no profile lists them)
 * @param usableSuites  those of {@code commonSuites} that some common version can use: TLS 1.3 suites need
 *                      TLS 1.3, the others TLS 1.2 or lower; equal to {@code commonSuites} when the versions
 *                      are {@link Overlap#UNKNOWN}
 * @param versions      whether the client's versions and the profile's meet
 * @param commonVersions the client's versions the profile accepts, in the client's order; empty unless
 *                      {@code versions} is {@link Overlap#YES}
 * @param groups        whether the client's supported groups and the profile's meet; {@link Overlap#UNKNOWN}
 *                      unless both are known (the profile lists groups and the client sent supported_groups)
 * @param commonGroups  the client's groups the profile accepts, in the client's order
 */
public record ProfileMatch(ServerProfile profile, List<Integer> commonSuites, List<Integer> usableSuites,
                           Overlap versions, List<Integer> commonVersions, Overlap groups,
                           List<Integer> commonGroups) {

    /** Whether two sets meet: yes, no, or not known because one side is unknown. */
    public enum Overlap {
        /** At least one value in common. */
        YES,
        /** Both sides known, nothing in common. */
        NO,
        /** One side unknown. */
        UNKNOWN
    }

    /** Copies the lists. */
    public ProfileMatch {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(groups, "groups");
        commonSuites = List.copyOf(commonSuites);
        usableSuites = List.copyOf(usableSuites);
        commonVersions = List.copyOf(commonVersions);
        commonGroups = List.copyOf(commonGroups);
    }

    /**
     * Compares a client's offer with a profile.
     *
     * @param profile         the server profile
     * @param offeredSuites   the ClientHello's cipher_suites, in wire order
     * @param offeredVersions the versions the client offers: supported_versions when sent, otherwise
     *                        {@link #legacyVersionRange(int)} of legacy_version; empty when unknown
     * @param offeredGroups   supported_groups, empty when not sent (then groups are {@link Overlap#UNKNOWN})
     */
    public static ProfileMatch of(ServerProfile profile, List<Integer> offeredSuites, List<Integer> offeredVersions,
                                  List<Integer> offeredGroups) {
        Objects.requireNonNull(profile, "profile");
        List<Integer> suites = common(offeredSuites, profile.cipherSuites());

        Overlap versions;
        List<Integer> commonVersions;
        if (offeredVersions.isEmpty() || !profile.versionsKnown()) {
            versions = Overlap.UNKNOWN;
            commonVersions = List.of();
        } else {
            commonVersions = common(offeredVersions, profile.tlsVersions());
            versions = commonVersions.isEmpty() ? Overlap.NO : Overlap.YES;
        }

        List<Integer> usable;
        if (versions == Overlap.UNKNOWN) {
            usable = suites;
        } else {
            boolean tls13 = commonVersions.contains(0x0304);
            boolean below13 = commonVersions.stream().anyMatch(v -> v >= 0x0300 && v < 0x0304);
            usable = new ArrayList<>();
            for (int s : suites) {
                if (isTls13Suite(s) ? tls13 : below13) {
                    usable.add(s);
                }
            }
        }

        Overlap groups;
        List<Integer> commonGroups;
        if (offeredGroups.isEmpty() || !profile.groupsKnown()) {
            groups = Overlap.UNKNOWN;
            commonGroups = List.of();
        } else {
            commonGroups = common(offeredGroups, profile.groups());
            groups = commonGroups.isEmpty() ? Overlap.NO : Overlap.YES;
        }
        return new ProfileMatch(profile, suites, usable, versions, commonVersions, groups, commonGroups);
    }

    /** {@link #of(ServerProfile, List, List, List)} with a decoded ClientHello's fields. */
    public static ProfileMatch of(ServerProfile profile, ClientHello hello) {
        List<Integer> versions = hello.supportedVersions().isEmpty()
                ? legacyVersionRange(hello.legacyVersion()) : hello.supportedVersions();
        return of(profile, hello.cipherSuites(), versions, hello.supportedGroups());
    }

    /**
     * The versions a client without supported_versions may negotiate: SSL 3.0 up to its legacy_version
     * (RFC 5246 Appendix E.1: the server may pick any version up to the client's). The client's lowest
     * acceptable version is not in the hello, so this is an upper bound. Empty for a value outside
     * 0x0300..0x0303 (0x0002 SSL 2.0, garbage); 0x0303 and above give SSL 3.0 to TLS 1.2, as TLS 1.3 needs
     * supported_versions.
     */
    public static List<Integer> legacyVersionRange(int legacyVersion) {
        if (legacyVersion < 0x0300 || legacyVersion > 0x03ff) {
            return List.of();
        }
        int top = Math.min(legacyVersion, 0x0303);
        List<Integer> out = new ArrayList<>();
        for (int v = top; v >= 0x0300; v--) {
            out.add(v);
        }
        return List.copyOf(out);
    }

    /** Whether a suite is a TLS 1.3 one (0x13xx, or key exchange "any" in testssl.sh's table, e.g. 0x00c6). */
    static boolean isTls13Suite(int code) {
        if ((code & 0xff00) == 0x1300) {
            return true;
        }
        TlsNames.CipherSuiteInfo info = TlsNames.cipherSuiteInfo(code);
        return info != null && "any".equals(info.kx());
    }

    private static List<Integer> common(List<Integer> offered, List<Integer> accepted) {
        Set<Integer> acc = new HashSet<>(accepted);
        Set<Integer> seen = new HashSet<>();
        List<Integer> out = new ArrayList<>();
        for (Integer c : offered) {
            if (c != null && acc.contains(c) && seen.add(c)) {
                out.add(c);
            }
        }
        return out;
    }
}
