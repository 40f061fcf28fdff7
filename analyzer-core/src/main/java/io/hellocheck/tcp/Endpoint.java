package io.hellocheck.tcp;

/**
 * One end of a connection: an IP address and a TCP port.
 *
 * @param ip   IPv4 dotted quad or IPv6 in RFC 5952 canonical text
 * @param port TCP port, 0..65535
 */
public record Endpoint(String ip, int port) {
    /** {@code ip:port}, with IPv6 in brackets ({@code [::1]:443}), as tshark's summaries print it. */
    @Override
    public String toString() {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
