package io.hellocheck.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Per server: how its QUIC handshakes went against its others, for the server record's differences, and how
 * many QUIC flows got no answer while the client reached the server over TCP.
 */
final class UdpServerStats {
    static final String QUIC_FACTOR = "goes over QUIC (UDP)";

    /** Failed over QUIC, completed over QUIC, failed otherwise, completed otherwise. */
    private final int[] counts = new int[4];
    private boolean quicSeen;
    private int fellBack;

    void note(ConnectionRecord r) {
        boolean quic = "quic".equals(r.transport());
        quicSeen |= quic;
        if (r.failed()) {
            counts[quic ? 0 : 2]++;
        } else if (r.outcome() == Outcome.COMPLETED) {
            counts[quic ? 1 : 3]++;
        }
        if (r.udp() != null && r.udp().fallbackTcpStream() != null && r.udp().portUnreachable() == null) {
            fellBack++;
        }
    }

    /** {@code differences}, then the QUIC one when the server had a QUIC handshake. */
    List<ServerRecord.Difference> withDifference(List<ServerRecord.Difference> differences) {
        if (!quicSeen) {
            return differences;
        }
        List<ServerRecord.Difference> out = new ArrayList<>(differences);
        String finding = null;
        if (fellBack > 0) {
            finding = UdpDiagnosis.FELL_BACK + ": " + (fellBack == 1 ? "a QUIC handshake" : fellBack + " QUIC handshakes")
                    + " to this server got no answer while the same client reached it over TCP.";
        }
        out.add(new ServerRecord.Difference(QUIC_FACTOR, counts[0], counts[1], counts[2], counts[3], finding));
        return out;
    }
}
