package io.hellocheck.result;

import java.util.List;
import java.util.Optional;

/**
 * The offered cipher suites against those the server is known to accept, from the capture's completed
 * handshakes with it (JSON {@code cipher_overlap}; source {@code completed_handshakes_in_capture}). Immutable.
 * The JSON record's {@code sources} also compare the ClientHello with server profiles.
 */
public final class CipherOverlap {
    private final io.hellocheck.analysis.CipherOverlap overlap;

    CipherOverlap(io.hellocheck.analysis.CipherOverlap overlap) {
        this.overlap = overlap;
    }

    /** {@return where the accepted suites come from}: {@code completed_handshakes_in_capture} */
    public String source() {
        return overlap.source();
    }

    /** {@return the capture's completed handshakes with this server}, which the accepted suites come from */
    public int completedHandshakes() {
        return overlap.completedHandshakes();
    }

    /** {@return the suites the server chose in those handshakes} */
    public List<CodePoint> serverAccepted() {
        return Convert.codes(overlap.serverAccepted(), CodePoint::cipherSuite);
    }

    /** {@return the offered suites among them}, in the client's order; empty means no suite in common seen */
    public List<CodePoint> offeredAndAccepted() {
        return Convert.codes(overlap.offeredAndAccepted(), CodePoint::cipherSuite);
    }

    /** {@return the suite the server would likely choose}, or empty when none is known */
    public Optional<CodePoint> likelyChoice() {
        return overlap.likelyChoice() < 0 ? Optional.empty()
                : Optional.of(CodePoint.cipherSuite(overlap.likelyChoice()));
    }

    /** {@return offered suites classed insecure} (ciphersuite.info's classes) */
    public List<CodePoint> offeredInsecure() {
        return Convert.codes(overlap.offeredInsecure(), CodePoint::cipherSuite);
    }

    /** {@return offered suites classed weak} */
    public List<CodePoint> offeredWeak() {
        return Convert.codes(overlap.offeredWeak(), CodePoint::cipherSuite);
    }

    /** {@return {@code offeredAndAccepted of serverAccepted}} */
    @Override
    public String toString() {
        return offeredAndAccepted() + " of " + serverAccepted();
    }
}
