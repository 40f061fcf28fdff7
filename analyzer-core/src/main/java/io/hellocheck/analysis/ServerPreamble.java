package io.hellocheck.analysis;

/**
 * Bytes the server sent before the ClientHello (a banner or greeting).
 *
 * @param protocol   the protocol recognized ("SMTP", "FTP", "SSH", "HTTP", ...) or "unknown"
 * @param firstBytes the first bytes, printable ASCII kept and others escaped as \xNN
 */
public record ServerPreamble(String protocol, String firstBytes) {
}
