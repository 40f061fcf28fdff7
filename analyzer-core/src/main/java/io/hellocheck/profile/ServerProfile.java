package io.hellocheck.profile;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a server is configured to accept: its cipher suites, and when known its protocol versions and
 * supported groups. One of the three sources of a server's accepted set in the diagnosis (the others
 * being the set inferred from completed handshakes in the capture, {@code analysis.CipherOverlap}).
 *
 * <p>Shapes, by source:
 * <ul>
 *   <li>built in ({@link BuiltinProfiles}), generated from {@code ../shared/reference} by
 *       {@code tools/generate-server-profiles.py}: {@code mozilla-modern-5.7},
 *       {@code mozilla-intermediate-5.7}, {@code mozilla-old-5.7}, {@code mozilla-modern-6.0},
 *       {@code mozilla-intermediate-6.0} (Mozilla's Server Side TLS guidelines: suites, versions and
 *       groups all known); {@code windows-server-2012-r2}, {@code windows-server-2016},
 *       {@code windows-server-2019}, {@code windows-server-2022}, {@code windows-server-2025} (the default
 *       Schannel cipher suite lists as Microsoft publishes them, the protocol versions enabled by default
 *       on the server side, and the default groups, unknown for 2012 R2);</li>
 *   <li>given by the user ({@link ServerProfiles#read}): a list of IANA or OpenSSL names (suites only),
 *       {@code testssl.sh --jsonfile} output (suites, versions, groups when testssl.sh reported them),
 *       {@code nmap --script ssl-enum-ciphers -oX} output (suites and versions), PowerShell
 *       {@code Get-TlsCipherSuite} output (suites only).</li>
 * </ul>
 *
 * <p>An empty {@code tlsVersions} or {@code groups} list means "not known", never "none". The record is
 * immutable: the lists are copied, and each holds 16-bit code points without repeats.
 *
 * @param id           stable identifier: {@code mozilla-intermediate-5.7}, {@code windows-server-2019},
 *                     {@code user:server.json}
 * @param name         for people: "Mozilla Server Side TLS "intermediate" configuration, guidelines 5.7"
 * @param source       where it comes from (built in or user, and the file or reference)
 * @param cipherSuites cipher suite code points, in the profile's priority order (for a server that lets
 *                     the client choose, the order of its configuration)
 * @param tlsVersions  protocol version code points it accepts (0x0300 SSL 3.0, 0x0301 to 0x0304 TLS 1.0 to
 *                     1.3, 0x0002 SSL 2.0), ascending; empty when unknown
 * @param groups       supported group code points (IANA TLS Supported Groups, e.g. 0x001d x25519), in the
 *                     source's order; empty when unknown
 * @param notes        what a reader of the output should know about this profile (how the order was
 *                     chosen, suites only used on request, what is unknown and why); may be empty
 * @param hosts        the servers the profile describes, "address:port" (or "address" for every port; testssl.sh's
 *                     "host/address:port"), as the scan that made it names them (nmap, testssl.sh); empty: any
 *                     server
 */
public record ServerProfile(String id, String name, ProfileSource source, List<Integer> cipherSuites,
                            List<Integer> tlsVersions, List<Integer> groups, List<String> notes,
                            List<String> hosts) {

    /** Copies the lists and checks them: no nulls, code points in 0..0xffff, no repeats. */
    public ServerProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (id.isBlank()) {
            throw new IllegalArgumentException("blank profile id");
        }
        cipherSuites = checkedCodes(cipherSuites, "cipherSuites", id);
        tlsVersions = checkedCodes(tlsVersions, "tlsVersions", id);
        groups = checkedCodes(groups, "groups", id);
        notes = List.copyOf(notes);
        hosts = List.copyOf(hosts);
    }

    /** A profile for any server. */
    public ServerProfile(String id, String name, ProfileSource source, List<Integer> cipherSuites,
                         List<Integer> tlsVersions, List<Integer> groups, List<String> notes) {
        this(id, name, source, cipherSuites, tlsVersions, groups, notes, List.of());
    }

    /**
     * Whether the profile describes the server at {@code ip} and {@code port}: it names no host, or names this
     * address with this port (or with no port, or nmap's "?").
     */
    public boolean appliesTo(String ip, int port) {
        if (hosts.isEmpty()) {
            return true;
        }
        for (String h : hosts) {
            String addr = h;
            String p = null;
            if (h.startsWith("[") && h.contains("]:")) {
                addr = h.substring(1, h.indexOf("]:"));
                p = h.substring(h.indexOf("]:") + 2);
            } else if (h.indexOf(':') >= 0 && h.indexOf(':') == h.lastIndexOf(':')) {
                addr = h.substring(0, h.indexOf(':'));
                p = h.substring(h.indexOf(':') + 1);
            }
            // testssl.sh names a target "host/address"
            addr = addr.substring(addr.lastIndexOf('/') + 1);
            if (addr.equalsIgnoreCase(ip) && (p == null || p.equals("?") || p.equals(String.valueOf(port)))) {
                return true;
            }
        }
        return false;
    }

    /** A profile without notes. */
    public ServerProfile(String id, String name, ProfileSource source, List<Integer> cipherSuites,
                         List<Integer> tlsVersions, List<Integer> groups) {
        this(id, name, source, cipherSuites, tlsVersions, groups, List.of());
    }

    /** Whether the accepted protocol versions are known. */
    public boolean versionsKnown() {
        return !tlsVersions.isEmpty();
    }

    /** Whether the supported groups are known. */
    public boolean groupsKnown() {
        return !groups.isEmpty();
    }

    /** One-line label for output: {@code "windows-server-2019 (builtin)"}. */
    public String label() {
        return id + " (" + source.kind().label() + ")";
    }

    private static List<Integer> checkedCodes(List<Integer> codes, String what, String id) {
        List<Integer> copy = List.copyOf(codes); // rejects null elements
        Set<Integer> seen = new HashSet<>();
        for (int c : copy) {
            if (c < 0 || c > 0xffff) {
                throw new IllegalArgumentException(id + ": " + what + " value out of range: " + c);
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException(id + ": " + what + " lists " + String.format("0x%04x", c)
                        + " twice");
            }
        }
        return copy;
    }
}
