package io.hellocheck.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.UdpFacts;
import io.hellocheck.quic.ConnectionClose;
import io.hellocheck.quic.TransportParameters;
import io.hellocheck.tls.TlsNames;
import java.io.IOException;

/**
 * The keys of a connection record that tell QUIC and DTLS flows from TCP ones (CONTRACT.md): {@code transport},
 * {@code udp_stream}, and the {@code quic} or {@code dtls} object. Keys are literals only (the connection
 * record's key cache holds them).
 */
final class UdpJson {
    private UdpJson() {
    }

    /** {@code tcp_stream} (null for QUIC and DTLS), {@code transport} and {@code udp_stream}. */
    static void streams(JsonGenerator g, ConnectionRecord r) throws IOException {
        UdpFacts u = r.udp();
        if (u == null) {
            g.writeNumberField("tcp_stream", r.tcpStream());
            g.writeStringField("transport", "tcp");
            g.writeNullField("udp_stream");
        } else {
            g.writeNullField("tcp_stream");
            g.writeStringField("transport", u.transport());
            g.writeNumberField("udp_stream", u.udpStream());
        }
    }

    /** The {@code quic} and {@code dtls} objects; the one that does not apply is null. */
    static void details(JsonGenerator g, ConnectionRecord r) throws IOException {
        UdpFacts u = r.udp();
        if (u == null || !u.transport().equals("quic")) {
            g.writeNullField("quic");
        } else {
            g.writeObjectFieldStart("quic");
            g.writeStringField("version", u.version());
            g.writeStringField("initial_dcid", u.dcid());
            if (u.retry() == null) {
                g.writeNullField("retry");
            } else {
                g.writeObjectFieldStart("retry");
                g.writeNumberField("frame", u.retry().frame());
                g.writeEndObject();
            }
            if (u.versionNegotiation() == null) {
                g.writeNullField("version_negotiation");
            } else {
                g.writeObjectFieldStart("version_negotiation");
                g.writeNumberField("frame", u.versionNegotiationFrame());
                g.writeArrayFieldStart("versions");
                for (String v : u.versionNegotiation()) {
                    g.writeString(v);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            connectionClose(g, u.connectionClose());
            g.writeArrayFieldStart("transport_parameters");
            for (TransportParameters.Parameter p : u.transportParameters()) {
                g.writeStartObject();
                g.writeNumberField("id", p.id());
                g.writeStringField("name", p.name());
                g.writeStringField("value", p.value());
                g.writeEndObject();
            }
            g.writeEndArray();
            counts(g, u);
            if (u.fallbackTcpStream() == null) {
                g.writeNullField("fallback_tcp_stream");
            } else {
                g.writeNumberField("fallback_tcp_stream", u.fallbackTcpStream());
            }
            g.writeEndObject();
        }
        if (u == null || !u.transport().equals("dtls")) {
            g.writeNullField("dtls");
        } else {
            g.writeObjectFieldStart("dtls");
            g.writeStringField("client_hello_record_version", u.version());
            if (u.helloVerifyRequest() == null) {
                g.writeNullField("hello_verify_request");
            } else {
                g.writeObjectFieldStart("hello_verify_request");
                g.writeNumberField("frame", u.helloVerifyRequest().frame());
                g.writeEndObject();
            }
            g.writeNumberField("retransmitted_fragments", u.retransmissions());
            counts(g, u);
            g.writeEndObject();
        }
    }

    private static void counts(JsonGenerator g, UdpFacts u) throws IOException {
        g.writeNumberField("client_datagrams", u.clientDatagrams());
        g.writeNumberField("server_datagrams", u.serverDatagrams());
        if (u.portUnreachable() == null) {
            g.writeNullField("icmp_port_unreachable");
        } else {
            g.writeObjectFieldStart("icmp_port_unreachable");
            g.writeNumberField("frame", u.portUnreachable().frame());
            g.writeEndObject();
        }
    }

    private static void connectionClose(JsonGenerator g, ConnectionClose c) throws IOException {
        if (c == null) {
            g.writeNullField("connection_close");
            return;
        }
        g.writeObjectFieldStart("connection_close");
        g.writeStringField("from", c.fromClient() ? "client" : "server");
        g.writeNumberField("frame", c.frame());
        g.writeStringField("error", c.errorName());
        g.writeNumberField("error_code", c.errorCode());
        if (c.tlsAlert() >= 0) {
            g.writeStringField("tls_alert", TlsNames.alert(c.tlsAlert()));
        } else {
            g.writeNullField("tls_alert");
        }
        g.writeStringField("reason", c.reason());
        g.writeEndObject();
    }
}
