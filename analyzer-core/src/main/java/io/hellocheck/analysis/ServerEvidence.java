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
 * @param completedChains     per certificate chain sent in clear or decrypted ({@link #chainKey}), the tcp.stream of
 *                            the first completed handshake that carried it (at most 8 chains)
 * @param nextConnections     per connection that the client closed silently after the server's flight, before its
 *                            own ({@link #connectionKey}), the same client's next connection to this server that went
 *                            on past the server's flight (at most 64)
 * @param completedSignatureAlgorithms signature scheme code points (RFC 8446 section 4.2.3) every completed
 *                            ClientHello with this server offered, GREASE left out, in the first one's order; empty
 *                            when none completed
 * @param completedGroups     named group code points (RFC 8446 section 4.2.7) every completed ClientHello offered,
 *                            likewise
 */
public record ServerEvidence(List<Integer> negotiatedVersions, int completed,
                             List<ServerRecord.Difference> differences, int synAckTtl, int proxyHeaderCompleted,
                             Map<String, Map<String, Set<String>>> issuers, boolean windowsBanner,
                             Map<String, Integer> completedChains, Map<String, NextConnection> nextConnections,
                             List<Integer> completedSignatureAlgorithms, List<Integer> completedGroups) {

    /** Nothing known of the server (a connection attempt judged alone, tests). */
    public static final ServerEvidence NONE = new ServerEvidence(List.of(), 0, List.of(), -1, 0, Map.of(), false);

    public ServerEvidence {
        negotiatedVersions = List.copyOf(negotiatedVersions);
        differences = List.copyOf(differences);
        issuers = Map.copyOf(issuers);
        completedSignatureAlgorithms = List.copyOf(completedSignatureAlgorithms);
        completedGroups = List.copyOf(completedGroups);
        completedChains = Map.copyOf(completedChains);
        nextConnections = Map.copyOf(nextConnections);
    }

    /** Evidence without completed chains, next connections, or completed offers. */
    public ServerEvidence(List<Integer> negotiatedVersions, int completed, List<ServerRecord.Difference> differences,
                          int synAckTtl, int proxyHeaderCompleted, Map<String, Map<String, Set<String>>> issuers,
                          boolean windowsBanner) {
        this(negotiatedVersions, completed, differences, synAckTtl, proxyHeaderCompleted, issuers, windowsBanner,
                Map.of(), Map.of(), List.of(), List.of());
    }

    /**
     * A later connection of the same client (address) to the same server.
     *
     * @param tcpStream  its tcp.stream
     * @param afterNanos from the start of the earlier connection to its start, in nanoseconds
     * @param what       what it shows, a phrase: "completed", "sent an empty Certificate", "sent its flight ..."
     * @param version    the version its ServerHello chose (0x0304 for TLS 1.3)
     */
    public record NextConnection(int tcpStream, long afterNanos, String what, int version) {
    }

    /** The key of a certificate chain: the SHA-256 (else subject, issuer and serial) of each certificate, in order. */
    static String chainKey(ServerFlight f) {
        if (f == null || f.certificates().isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (io.hellocheck.tls.CertificateInfo c : f.certificates()) {
            sb.append(c.sha256() != null ? c.sha256() : c.subject() + "|" + c.issuer() + "|" + c.serial()).append(';');
        }
        return sb.toString();
    }

    /** The key of a connection in {@link #nextConnections}: its client endpoint and start time. */
    static String connectionKey(ConnectionRecord r) {
        return r.client() + "@" + r.startTimeNanos();
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
