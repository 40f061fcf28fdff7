package io.hellocheck.analysis;

import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayList;
import java.util.List;

/**
 * What every completed ClientHello with one server offered: the signature algorithms (RFC 8446 section 4.2.3) and
 * the supported groups (section 4.2.7), GREASE values (RFC 8701) left out, in the first completed hello's order. A
 * failed ClientHello that lacks one of them lacks something each working client offered.
 */
final class CompletedOffers {
    /** Null until a handshake completed. */
    private List<Integer> signatureAlgorithms;
    private List<Integer> groups;

    /** Notes the ClientHello of a completed handshake. */
    void completed(ClientHello ch) {
        signatureAlgorithms = intersect(signatureAlgorithms, ch.signatureAlgorithms());
        groups = intersect(groups, ch.supportedGroups());
    }

    /** Signature scheme code points every completed ClientHello offered; empty when none completed. */
    List<Integer> signatureAlgorithms() {
        return signatureAlgorithms == null ? List.of() : List.copyOf(signatureAlgorithms);
    }

    /** Named group code points every completed ClientHello offered; empty when none completed. */
    List<Integer> groups() {
        return groups == null ? List.of() : List.copyOf(groups);
    }

    /**
     * The values of {@code kept} (or of {@code offered} when nothing is kept yet) that {@code offered} holds,
     * without GREASE or repeats; {@code kept} itself when it loses nothing, as for every hello of one client.
     */
    private static List<Integer> intersect(List<Integer> kept, List<Integer> offered) {
        if (kept != null && offered.containsAll(kept)) {
            return kept;
        }
        List<Integer> out = new ArrayList<>();
        for (int v : kept == null ? offered : kept) {
            if (!TlsNames.isGrease(v) && offered.contains(v) && !out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
