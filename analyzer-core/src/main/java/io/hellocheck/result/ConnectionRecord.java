package io.hellocheck.result;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The story of one TLS handshake attempt (JSON {@code "type": "connection"}): one per TCP connection that
 * carried a ClientHello, one per failed connection attempt to a TLS port, one per QUIC or DTLS flow. Immutable.
 *
 * <p>The JSON record has more than this type shows ({@code tcp}, {@code quic},
 * {@code dtls}, {@code decryption}, ...): the JSON writers of {@code io.hellocheck.render} write all of it.
 */
public final class ConnectionRecord {
    private final io.hellocheck.analysis.ConnectionRecord record;

    ConnectionRecord(io.hellocheck.analysis.ConnectionRecord record) {
        this.record = record;
    }

    io.hellocheck.analysis.ConnectionRecord internal() {
        return record;
    }

    /** {@return the capture's name as given} ({@code archive.zip!/entry.pcap} for an archive's entry) */
    public String capture() {
        return record.capture();
    }

    /** {@return Wireshark's {@code tcp.stream} index}, from 0, when no BPF filter was set (with one, the index counts the connections the filter kept: use {@link #wiresharkFilter()}); empty for QUIC and DTLS */
    public OptionalInt tcpStream() {
        return record.udp() == null ? OptionalInt.of(record.tcpStream()) : OptionalInt.empty();
    }

    /** {@return {@code tcp}, {@code quic} or {@code dtls}} */
    public String transport() {
        return record.transport();
    }

    /** {@return Wireshark's {@code udp.stream} index} for QUIC and DTLS, from 0; empty for TCP */
    public OptionalInt udpStream() {
        return record.udp() == null ? OptionalInt.empty() : OptionalInt.of(record.udp().udpStream());
    }

    /** {@return a Wireshark display filter selecting this connection's frames}, {@code tcp.stream eq 3} */
    public String wiresharkFilter() {
        return record.wiresharkFilter();
    }

    /** {@return the side that opened the connection} */
    public Endpoint client() {
        return new Endpoint(record.client());
    }

    /** {@return the side that accepted it} */
    public Endpoint server() {
        return new Endpoint(record.server());
    }

    /** {@return the capture time of the connection's first frame} */
    public Instant startTime() {
        return Convert.instant(record.startTimeNanos());
    }

    /** {@return what became of the handshake} */
    public Outcome outcome() {
        return Outcome.of(record.outcome());
    }

    /** {@return why}, one plain sentence */
    public String outcomeReason() {
        return record.outcomeReason();
    }

    /**
     * {@return whether this is a failed handshake} (CONTRACT.md): a failed outcome, or {@link
     * Outcome#CLIENT_GAVE_UP} after the client waited 1 s or more
     */
    public boolean failed() {
        return record.failed();
    }

    /** {@return the first ClientHello}, empty for a failed connection attempt */
    public Optional<ClientHello> clientHello() {
        return record.clientHello() == null ? Optional.empty()
                : Optional.of(new ClientHello(record.clientHello(), record.transport()));
    }

    /** {@return a second ClientHello} (after a HelloRetryRequest, or a duplicate), or empty */
    public Optional<ClientHello> retryClientHello() {
        return record.retryClientHello() == null ? Optional.empty()
                : Optional.of(new ClientHello(record.retryClientHello(), record.transport()));
    }

    /** {@return the ServerHello}, or empty (a HelloRetryRequest is not one) */
    public Optional<ServerHello> serverHello() {
        return Optional.ofNullable(record.serverHello()).map(ServerHello::new);
    }

    /** {@return the HelloRetryRequest} (RFC 8446 section 4.1.4), or empty */
    public Optional<ServerHello> helloRetryRequest() {
        return Optional.ofNullable(record.helloRetryRequest()).map(ServerHello::new);
    }

    /**
     * {@return from the last ClientHello byte to the server's first data, FIN or RST after it} (JSON
     * {@code server_reaction_ms}), or empty
     */
    public Optional<Duration> serverReaction() {
        return Convert.duration(record.serverReactionNanos());
    }

    /**
     * {@return for {@link Outcome#CLIENT_GAVE_UP}, from the last ClientHello byte to the client's FIN or RST}
     * (JSON {@code client_wait_ms}); else empty
     */
    public Optional<Duration> clientWait() {
        return Convert.duration(record.clientWaitNanos());
    }

    /** {@return the client's SYN to the server's SYN-ACK} (JSON {@code rtt_ms}), or empty */
    public Optional<Duration> rtt() {
        return Convert.duration(record.rttNanos());
    }

    /** {@return the handshake's first fatal alert, else its first alert}, or empty */
    public Optional<Alert> alert() {
        return Optional.ofNullable(record.alert()).map(Alert::new);
    }

    /** {@return every alert seen}, in order */
    public List<Alert> alerts() {
        return record.alerts().stream().map(Alert::new).toList();
    }

    /** {@return the first FIN or RST of either side}, empty when none was seen before the record was decided */
    public Optional<ClosedBy> closedBy() {
        return Optional.ofNullable(record.closedBy()).map(ClosedBy::new);
    }

    /** {@return the facts the outcome rests on}, in frame order */
    public List<Evidence> evidence() {
        return record.evidence().stream().map(Evidence::new).toList();
    }

    /** {@return the offered suites against those the server accepted in the capture}, empty without a ClientHello */
    public Optional<CipherOverlap> cipherOverlap() {
        return Optional.ofNullable(record.cipherOverlap()).map(CipherOverlap::new);
    }

    /** {@return likely causes}, most likely first; empty for a completed handshake unless its client most likely
     * refused the certificate after it (then one client_rejected_server_certificate finding) */
    public List<Finding> diagnosis() {
        return record.diagnosis().stream().map(Finding::new).toList();
    }

    /** {@return whether the capture started after the connection opened} (no SYN seen) */
    public boolean partial() {
        return record.partial();
    }

    /** {@return bytes of the client's stream missing from the capture} */
    public long clientMissedBytes() {
        return record.clientMissedBytes();
    }

    /** {@return bytes of the server's stream missing from the capture} */
    public long serverMissedBytes() {
        return record.serverMissedBytes();
    }

    /** {@return {@code capture wiresharkFilter OUTCOME: reason}} */
    @Override
    public String toString() {
        return capture() + " " + wiresharkFilter() + " " + outcome() + ": " + outcomeReason();
    }
}
