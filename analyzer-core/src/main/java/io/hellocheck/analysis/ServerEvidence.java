package io.hellocheck.analysis;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the whole capture (or {@code --merge} group) shows about one server (address and port), as the
 * diagnosis of each of its failed connections reads it: made once the capture has ended (or when a held
 * failure must be written early), from every handshake with that server.
 *
 * @param negotiatedVersions  TLS versions of its completed handshakes, in order first seen
 * @param completed           its completed handshakes
 * @param differences         what tells its failing ClientHellos from its working ones, as in
 *                            {@link ServerRecord#differences()}
 * @param synAckTtl           IP TTL (hop limit) of its first captured SYN-ACK, or -1
 * @param proxyHeaderCompleted completed handshakes whose client sent a PROXY protocol header first
 * @param issuers             per server name (SNI), the issuers of the leaf certificates it sent in clear, each with
 *                            the client addresses that received it (at most 32 names, 8 issuers and 8 addresses each)
 * @param windowsBanner       whether an answer of this server named IIS or HTTP.sys ("Microsoft-IIS",
 *                            "Microsoft-HTTPAPI")
 * @param completedSignatureAlgorithms signature scheme code points (RFC 8446 section 4.2.3) every completed
 *                            ClientHello with this server offered, GREASE left out, in the first one's order; empty
 *                            when none completed
 * @param completedGroups     named group code points (RFC 8446 section 4.2.7) every completed ClientHello offered,
 *                            likewise
 */
public record ServerEvidence(List<Integer> negotiatedVersions, int completed,
                             List<ServerRecord.Difference> differences, int synAckTtl, int proxyHeaderCompleted,
                             Map<String, Map<String, Set<String>>> issuers, boolean windowsBanner,
                             List<Integer> completedSignatureAlgorithms, List<Integer> completedGroups) {

    /** Nothing known of the server (a connection attempt judged alone, tests). */
    public static final ServerEvidence NONE = new ServerEvidence(List.of(), 0, List.of(), -1, 0, Map.of(), false,
            List.of(), List.of());

    public ServerEvidence {
        negotiatedVersions = List.copyOf(negotiatedVersions);
        differences = List.copyOf(differences);
        issuers = Map.copyOf(issuers);
        completedSignatureAlgorithms = List.copyOf(completedSignatureAlgorithms);
        completedGroups = List.copyOf(completedGroups);
    }

    /**
     * Whether the server looks like Windows: an IIS or HTTP.sys banner, or a SYN-ACK TTL of 65 to 128 (Windows
     * starts at 128, Linux and the BSDs at 64, network gear at 255).
     */
    public boolean windowsLike() {
        return windowsBanner || (synAckTtl > 64 && synAckTtl <= 128);
    }

    /** The factor of a ClientHello with a post-quantum key share, as in {@link ServerRecord.Difference#factor()}. */
    static final String POST_QUANTUM_FACTOR = "carries a post-quantum key share";
    /** The factor of a ClientHello over several TCP segments. */
    static final String SPLIT_FACTOR = "spans several TCP segments";

    /** Completed handshakes whose ClientHello has the property {@code factor}; 0 when it was not counted. */
    int completedWith(String factor) {
        for (ServerRecord.Difference d : differences) {
            if (d.factor().equals(factor)) {
                return d.completedWith();
            }
        }
        return 0;
    }

    /** The finding of the difference named {@code factor}, or null when there is none. */
    String finding(String factor) {
        for (ServerRecord.Difference d : differences) {
            if (d.factor().equals(factor)) {
                return d.finding();
            }
        }
        return null;
    }
}
