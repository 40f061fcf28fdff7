package io.hellocheck.result;

/** One side of a connection: an IP address and a port (JSON {@code {"ip": ..., "port": ...}}). Immutable. */
public final class Endpoint {
    private final io.hellocheck.tcp.Endpoint endpoint;

    Endpoint(io.hellocheck.tcp.Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** {@return the IP address}: dotted IPv4 ({@code 192.0.2.1}) or RFC 5952 IPv6 ({@code 2001:db8::1}) */
    public String ip() {
        return endpoint.ip();
    }

    /** {@return the port}, 0 to 65535 */
    public int port() {
        return endpoint.port();
    }

    /** {@return whether {@code o} is an endpoint with the same address and port} */
    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && e.endpoint.equals(endpoint);
    }

    /** {@return a hash of address and port} */
    @Override
    public int hashCode() {
        return endpoint.hashCode();
    }

    /** {@return {@code 192.0.2.1:443}, or {@code [2001:db8::1]:443} for IPv6} */
    @Override
    public String toString() {
        return endpoint.toString();
    }
}
