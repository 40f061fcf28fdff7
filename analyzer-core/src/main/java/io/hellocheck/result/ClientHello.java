package io.hellocheck.result;

import io.hellocheck.analysis.HelloInfo;
import io.hellocheck.tls.Ja3;
import io.hellocheck.tls.Ja4;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A ClientHello (RFC 8446 section 4.1.2; JSON {@code client_hello}, {@code retry_client_hello}). An undecodable
 * one has only its frames, time, length and {@link #decodeError()}: its lists are empty. Immutable.
 */
public final class ClientHello {
    private final HelloInfo info;
    private final String transport;

    ClientHello(HelloInfo info, String transport) {
        this.info = info;
        this.transport = transport;
    }

    /** {@return the frame carrying its first byte}, counted from 1 as Wireshark does (a message split over segments also has later frames) */
    public long frame() {
        return info.frame();
    }

    /** {@return every frame that carried part of it}, in order */
    public List<Long> frames() {
        return List.copyOf(info.frames());
    }

    /** {@return the capture time of its first frame} */
    public Instant time() {
        return Convert.instant(info.timeNanos());
    }

    /** {@return its length in bytes}: the handshake message with its 4-byte header */
    public int lengthBytes() {
        return info.lengthBytes();
    }

    /** {@return why it could not be decoded}, empty when it was */
    public Optional<String> decodeError() {
        return info.hello() == null ? Optional.ofNullable(info.decodeError()) : Optional.empty();
    }

    private <T> Optional<T> decoded(Function<io.hellocheck.tls.ClientHello, T> f) {
        return info.hello() == null ? Optional.empty() : Optional.ofNullable(f.apply(info.hello()));
    }

    private List<CodePoint> codes(Function<io.hellocheck.tls.ClientHello, List<Integer>> f,
                                  java.util.function.IntFunction<CodePoint> kind) {
        return info.hello() == null ? List.of() : Convert.codes(f.apply(info.hello()), kind);
    }

    /** {@return the {@code legacy_version} field}, empty when undecodable */
    public Optional<CodePoint> legacyVersion() {
        return decoded(h -> CodePoint.version(h.legacyVersion()));
    }

    /** {@return the {@code supported_versions} extension's versions} (RFC 8446 section 4.2.1), in order */
    public List<CodePoint> supportedVersions() {
        return codes(io.hellocheck.tls.ClientHello::supportedVersions, CodePoint::version);
    }

    /** {@return the server name of the {@code server_name} extension} (SNI, RFC 6066 section 3), or empty */
    public Optional<String> serverName() {
        return decoded(io.hellocheck.tls.ClientHello::serverName);
    }

    /** {@return the offered cipher suites}, in the client's order of preference */
    public List<CodePoint> cipherSuites() {
        return codes(io.hellocheck.tls.ClientHello::cipherSuites, CodePoint::cipherSuite);
    }

    /** {@return the {@code supported_groups} extension's groups}, in order */
    public List<CodePoint> supportedGroups() {
        return codes(io.hellocheck.tls.ClientHello::supportedGroups, CodePoint::group);
    }

    /** {@return the groups of the {@code key_share} extension's entries}, in order */
    public List<CodePoint> keyShareGroups() {
        return codes(io.hellocheck.tls.ClientHello::keyShareGroups, CodePoint::group);
    }

    /** {@return the {@code signature_algorithms} extension's schemes}, in order */
    public List<CodePoint> signatureAlgorithms() {
        return codes(io.hellocheck.tls.ClientHello::signatureAlgorithms, CodePoint::signatureScheme);
    }

    /** {@return the ALPN protocol names} (RFC 7301), in order */
    public List<String> alpn() {
        return info.hello() == null ? List.of() : List.copyOf(info.hello().alpn());
    }

    /** {@return the extensions' types}, in order */
    public List<CodePoint> extensions() {
        return codes(io.hellocheck.tls.ClientHello::extensionTypes, CodePoint::extension);
    }

    /**
     * {@return the JA3 fingerprint} (an MD5 hex string, https://github.com/salesforce/ja3), empty when
     * undecodable or in SSLv2 format
     */
    public Optional<String> ja3() {
        return decoded(h -> h.sslV2() ? null : Ja3.ja3(h));
    }

    /**
     * {@return the JA4 fingerprint} (https://github.com/FoxIO-LLC/ja4, {@code t13d1516h2_...}, {@code q...} for
     * QUIC), empty when undecodable or in SSLv2 format
     */
    public Optional<String> ja4() {
        return decoded(h -> h.sslV2() ? null : Ja4.forTransport(Ja4.ja4(h), transport));
    }

    /** {@return {@code ClientHello (frame N)} with its SNI} */
    @Override
    public String toString() {
        return "ClientHello (frame " + frame() + ")" + serverName().map(s -> " " + s).orElse("");
    }
}
