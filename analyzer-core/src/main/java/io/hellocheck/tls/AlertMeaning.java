package io.hellocheck.tls;

/**
 * One plain line saying what an alert means where it was sent (RFC 8446 section 6.2, RFC 5246 section 7.2.2
 * and the registry's references), for users who see "handshake_failure" and wonder what to check.
 *
 * <p>The same description means different things in different places: a handshake_failure right after
 * the ClientHello is nearly always a negotiation failure (no cipher suite, group or signature algorithm in
 * common), while a client's bad_certificate after the server's Certificate is about that certificate.
 */
public final class AlertMeaning {

    /** Where in the handshake the alert was sent. */
    public enum Stage {
        /** The server's answer to the ClientHello, instead of a ServerHello. */
        ANSWER_TO_CLIENT_HELLO,
        /** After the ServerHello, before both sides encrypted. */
        AFTER_SERVER_HELLO,
        /** Before any ClientHello or ServerHello (the client, or a server that speaks first). */
        BEFORE_HANDSHAKE,
        /** After the handshake completed. */
        AFTER_HANDSHAKE
    }

    private AlertMeaning() {
    }

    /** The meaning of an encrypted alert, whose level and description cannot be read. */
    public static String encrypted(boolean likely) {
        return likely
                ? "A lone encrypted record of alert size (19 bytes: a 2-byte alert, its content type and a 16-byte AEAD "
                        + "tag; 11 with CCM_8) followed by a close: "
                        + "most likely an alert (TLS 1.3 hides alerts in application_data records); its description "
                        + "cannot be read without the session keys."
                : "An alert in an encrypted record: its level and description cannot be read without the session keys.";
    }

    /**
     * @param level       1 warning, 2 fatal
     * @param description the AlertDescription code
     * @param fromServer  whether the server sent it
     */
    public static String meaning(int level, int description, boolean fromServer, Stage stage) {
        boolean answer = fromServer && stage == Stage.ANSWER_TO_CLIENT_HELLO;
        boolean clientAfterServerHello = !fromServer && stage == Stage.AFTER_SERVER_HELLO;
        String peer = fromServer ? "the client's" : "the server's";
        switch (description) {
            case 0:
                return stage == Stage.AFTER_HANDSHAKE ? "Orderly close of the TLS session (close_notify), not an error."
                        : "The sender closed the TLS session (close_notify) before the handshake completed.";
            case 10:
                return "The sender got a message it did not expect at this point of the handshake: a protocol state "
                        + "mismatch (an implementation bug, or a middlebox altering the handshake).";
            case 20:
                return "A record failed its integrity check: the two sides derived different keys, or the bytes were "
                        + "altered on the path (a middlebox, broken offload).";
            case 21:
                return "A record could not be decrypted (SSL/TLS 1.0 CBC padding or length error).";
            case 22:
                return "A record was longer than allowed (record_overflow).";
            case 30:
                return "Decompression failed (TLS compression, long deprecated).";
            case 40:
                if (answer) {
                    return "The server found nothing it accepts in the ClientHello: usually no cipher suite, group or "
                            + "signature algorithm in common (compare the offer with the server's configuration).";
                }
                return (fromServer ? "The server" : "The client") + " could not negotiate an acceptable set of "
                        + "security parameters (handshake_failure): no acceptable choice in " + peer + " messages.";
            case 41:
                return "SSLv3: no certificate was available (no_certificate).";
            case 42:
                return (fromServer ? "The server rejected the client's certificate" : "The client rejected the "
                        + "server's certificate") + " as corrupt, unverifiable or otherwise bad.";
            case 43:
                return "The certificate's type is not supported by " + (fromServer ? "the server." : "the client.");
            case 44:
                return "The certificate was revoked by its issuer.";
            case 45:
                return "The certificate is expired or not yet valid (check it against the clock of the side that "
                        + "complained).";
            case 46:
                return (fromServer ? "The server" : "The client") + " did not accept " + peer + " certificate for "
                        + "another reason (often an untrusted issuer or a name mismatch).";
            case 47:
                return answer ? "A field of the ClientHello is out of range or inconsistent (e.g. a key share for a "
                        + "group not offered, a malformed extension value)."
                        : "A handshake field was out of range or inconsistent with other fields (illegal_parameter).";
            case 48:
                return (fromServer ? "The server" : "The client") + " does not trust the CA of " + peer + " certificate "
                        + "chain (a private CA, a missing intermediate certificate, or TLS interception).";
            case 49:
                return "The peer's identity is valid, but access is denied by policy (access_denied).";
            case 50:
                return answer ? "The server could not parse the ClientHello (malformed, or an extension or length it "
                        + "does not expect)." : "A message could not be parsed: a field out of its range or a wrong "
                        + "length (decode_error).";
            case 51:
                return "A signature or Finished check failed (decrypt_error): wrong keys, a certificate that does not "
                        + "match its private key, or an altered handshake.";
            case 60:
                return "Export restriction (obsolete).";
            case 70:
                return answer ? "The server supports none of the TLS versions the client offered (the client's "
                        + "versions are too old or too new for it)."
                        : "The protocol version is not supported (protocol_version).";
            case 71:
                return answer ? "The server requires stronger parameters (cipher suites, key sizes) than the client "
                        + "offered." : "The parameters are weaker than the sender accepts (insufficient_security).";
            case 80:
                return "An internal error of the sender, unrelated to the peer's messages (configuration, resources, "
                        + "a bug); look at " + (fromServer ? "the server's" : "the client's") + " logs.";
            case 86:
                return "A retry at a lower version with TLS_FALLBACK_SCSV was refused: both sides support a higher "
                        + "version, so an earlier attempt failed for another reason (inappropriate_fallback).";
            case 90:
                return "The user or application canceled the handshake (user_canceled).";
            case 100:
                return "Renegotiation was refused (no_renegotiation).";
            case 109:
                return "A mandatory extension was missing (TLS 1.3: e.g. supported_versions, key_share, "
                        + "signature_algorithms).";
            case 110:
                return "An extension appeared in a message that must not carry it (unsupported_extension).";
            case 111:
                return "A certificate could not be obtained from a URL (certificate_unobtainable).";
            case 112:
                return level == 1 ? "The server has no configuration for the SNI name sent; as a warning it is not a "
                        + "failure, the handshake goes on."
                        : "The server does not serve the SNI name the client sent (unrecognized_name).";
            case 113:
                return "The OCSP status response was invalid or unacceptable (bad_certificate_status_response).";
            case 114:
                return "A certificate hash did not match (bad_certificate_hash_value).";
            case 115:
                return "The PSK identity the client offered is unknown to the server (unknown_psk_identity).";
            case 116:
                return "The server requires a client certificate and none was sent (certificate_required).";
            case 117:
                return "General error (general_error).";
            case 120:
                return "No application protocol (ALPN) in common: the server supports none the client offered.";
            case 121:
                return "The server requires Encrypted Client Hello and the client did not use it (ech_required).";
            default:
                return "Alert " + TlsNames.alert(description) + " (" + description + ")"
                        + (clientAfterServerHello ? " from the client after the ServerHello." : ".");
        }
    }
}
