package io.hellocheck.tcp;

/**
 * One end of a connection: an IP address and a TCP port.
 *
 * @param ip   IPv4 dotted quad or IPv6 in RFC 5952 canonical text
 * @param port TCP port, 0..65535
 */
public record Endpoint(String ip, int port) {
    // equals and hashCode written out (the values a record's generated ones give): the generated ones go
    // through method handles, which C1 (the launcher's compiler) does not inline, and endpoints are map keys
    // for every record.

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && port == e.port && ip.equals(e.ip);
    }

    @Override
    public int hashCode() {
        return 31 * ip.hashCode() + port;
    }

    /** {@code ip:port}, with IPv6 in brackets ({@code [::1]:443}), as tshark's summaries print it. */
    @Override
    public String toString() {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
