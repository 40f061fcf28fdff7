package io.hellocheck.analysis;

import io.hellocheck.tls.CertificateInfo;
import java.util.List;

/**
 * What the session keys (a key log, or a pcapng Decryption Secrets Block) showed of one connection's protected
 * records. The server's decrypted Certificate and CertificateRequest are in {@link ServerFlight}, as for TLS 1.2.
 *
 * @param problem                why the key log's entry for this session could not be used (unsupported suite,
 *                               missing secret), or null
 * @param clientMessages         the client's decrypted handshake messages in order, IANA names
 *                               ({@code certificate}, {@code certificate_verify}, {@code finished} ...), at most 16
 * @param serverMessages         the server's, likewise ({@code encrypted_extensions}, {@code certificate_request} ...)
 * @param alpn                   the protocol the server's EncryptedExtensions selected, or null
 * @param serverNameAcknowledged whether the EncryptedExtensions acknowledged the client's server_name (RFC 6066)
 * @param clientCertificates     the client's certificate chain, leaf first (decrypted in TLS 1.3, in clear text
 *                               before; empty for an empty Certificate message), or null when the client sent none
 * @param clientCertificateCount certificates in the client's message (more than the list when it was capped)
 * @param clientCertificateVerify the client's CertificateVerify signature scheme (IANA name), or null
 * @param serverCertificateVerify the server's, or null
 * @param clientFinishedFrame    frame completing the client's Finished (from 1), or -1
 * @param serverFinishedFrame    frame completing the server's Finished, or -1
 * @param keyUpdates             KeyUpdate messages seen, both sides
 * @param recordsDecrypted       protected records that opened with the keys
 * @param recordsNotDecrypted    protected records that did not (another session's keys, a gap, 0-RTT data)
 */
public record DecryptedHandshake(String problem, List<String> clientMessages, List<String> serverMessages,
                                 String alpn, boolean serverNameAcknowledged, List<CertificateInfo> clientCertificates,
                                 int clientCertificateCount, String clientCertificateVerify,
                                 String serverCertificateVerify, long clientFinishedFrame, long serverFinishedFrame,
                                 int keyUpdates, long recordsDecrypted, long recordsNotDecrypted) {

    public DecryptedHandshake {
        clientMessages = List.copyOf(clientMessages);
        serverMessages = List.copyOf(serverMessages);
        clientCertificates = clientCertificates == null ? null : List.copyOf(clientCertificates);
    }
}
