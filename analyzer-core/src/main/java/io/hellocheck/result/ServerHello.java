package io.hellocheck.result;

import java.time.Instant;
import java.util.List;

/**
 * A ServerHello, or a HelloRetryRequest (RFC 8446 section 4.1.3; JSON {@code server_hello},
 * {@code hello_retry_request}). Immutable.
 */
public final class ServerHello {
    private final io.hellocheck.analysis.ServerHelloInfo info;

    ServerHello(io.hellocheck.analysis.ServerHelloInfo info) {
        this.info = info;
    }

    /** {@return the frame carrying its first byte}, counted from 1 as Wireshark does (a message split over segments also has later frames) */
    public long frame() {
        return info.frame();
    }

    /** {@return that frame's capture time} */
    public Instant time() {
        return Convert.instant(info.timeNanos());
    }

    /** {@return the negotiated version}: {@code supported_versions} when present, else the legacy version */
    public CodePoint version() {
        return CodePoint.version(info.hello().negotiatedVersion());
    }

    /** {@return the chosen cipher suite} */
    public CodePoint cipherSuite() {
        return CodePoint.cipherSuite(info.hello().cipherSuite());
    }

    /** {@return the {@code legacy_version} field} ({@code TLSv1.2} for TLS 1.3) */
    public CodePoint legacyVersion() {
        return CodePoint.version(info.hello().legacyVersion());
    }

    /** {@return its extensions' types}, in order */
    public List<CodePoint> extensions() {
        return Convert.codes(info.hello().extensionTypes(), CodePoint::extension);
    }

    /** {@return {@code version cipherSuite (frame N)}} */
    @Override
    public String toString() {
        return version() + " " + cipherSuite() + " (frame " + frame() + ")";
    }
}
