package io.hellocheck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.report.RecordTrees;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Encapsulation;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A TLS 1.3 ClientHello and ServerHello (RFC 8448 section 3) through tunnels, encapsulations and fragments,
 * analyzed end to end: the connection is found with its inner endpoints and both hellos, and the summary
 * counts the encapsulations and the fragments.
 */
class EncapsulatedHandshakeTest {

    private static final long T0 = 1_760_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("pppoe over qinq", (Supplier<Encapsulation>) () -> Encapsulation.pppoe(1)
                        .then(Encapsulation.vlan(0x88A8_0010, 0x8100_0020)), "10.1.0.1", "10.2.0.2", "802.1ad/PPPoE", false),
                Arguments.of("mpls", (Supplier<Encapsulation>) () -> Encapsulation.mpls(16, 17),
                        "2001:db8::1", "2001:db8::2", "MPLS", false),
                Arguments.of("fragmented gre", (Supplier<Encapsulation>) () -> Encapsulation.gre("203.0.113.1", "203.0.113.2")
                        .then(Encapsulation.fragment(128)), "10.1.0.1", "10.2.0.2", "GRE", true),
                Arguments.of("vxlan", (Supplier<Encapsulation>) () -> Encapsulation.vxlan("203.0.113.1", "203.0.113.2", 10),
                        "10.1.0.1", "10.2.0.2", "VXLAN", false),
                Arguments.of("geneve", (Supplier<Encapsulation>) () -> Encapsulation.geneve("2001:db8:f::1", "2001:db8:f::2",
                        11, new byte[0]), "2001:db8::1", "2001:db8::2", "Geneve", false),
                Arguments.of("4in6", (Supplier<Encapsulation>) () -> Encapsulation.ipInIp("2001:db8:f::1", "2001:db8:f::2"),
                        "10.1.0.1", "10.2.0.2", "4in6", false),
                Arguments.of("cisco metadata", (Supplier<Encapsulation>) () -> Encapsulation.ciscoMetaData(42),
                        "10.1.0.1", "10.2.0.2", "CiscoMetaData", false),
                Arguments.of("gtp-u", (Supplier<Encapsulation>) () -> Encapsulation.gtpU("10.9.0.1", "10.9.0.2", 5, true),
                        "10.1.0.1", "10.2.0.2", "GTP-U", false),
                Arguments.of("ipv6 fragments", (Supplier<Encapsulation>) () -> Encapsulation.fragment(64),
                        "2001:db8::1", "2001:db8::2", null, true),
                Arguments.of("ipv4 fragments in gre over ipv6", (Supplier<Encapsulation>) () -> Encapsulation.fragment(48)
                        .then(Encapsulation.gre("2001:db8:f::1", "2001:db8:f::2")), "10.1.0.1", "10.2.0.2", "GRE", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void handshakeIsFoundThroughTheEncapsulation(String name, Supplier<Encapsulation> e, String client, String server,
                                                 String chain, boolean fragmented) throws IOException {
        Path file = tmp.resolve("c.pcap");
        try (CaptureWriter w = CaptureWriter.to(file).format(CaptureWriter.Format.PCAP_NANO).encapsulation(e.get()).build()) {
            TcpFlow f = w.tcp(client, 50000, server, 443);
            f.syn(T0).synAck(T0 + MS).ack(T0 + 2 * MS)
                    .clientData(T0 + 3 * MS, record(0x0301, hex("section3-client-hello.hex")))
                    .serverData(T0 + 5 * MS, record(0x0303, hex("section3-server-hello.hex")))
                    .clientAck(T0 + 6 * MS).clientFin(T0 + 7 * MS).serverFin(T0 + 8 * MS).clientAck(T0 + 9 * MS);
        }
        CaptureResult result = HelloCheck.builder().build().analyze(file);
        assertThat(result.connections()).hasSize(1);
        ConnectionRecord c = result.connections().get(0);
        assertThat(c.client().ip()).isEqualTo(client);
        assertThat(c.server().ip()).isEqualTo(server);
        assertThat(c.client().port()).isEqualTo(50000);
        assertThat(c.clientHello()).isNotNull();
        assertThat(c.clientHello().decodeError()).isNull();
        assertThat(c.clientHello().lengthBytes()).isEqualTo(196);
        assertThat(c.serverHello()).isNotNull();
        assertThat(c.clientMissedBytes() + c.serverMissedBytes()).isZero();

        CaptureSummary s = result.summary();
        assertThat(s.tcpConnections()).isEqualTo(1);
        if (chain == null) {
            assertThat(s.encapsulations()).isEmpty();
        } else {
            assertThat(s.encapsulations()).containsOnlyKeys(chain);
            assertThat(s.encapsulations().get(chain)).isEqualTo(9);
        }
        assertThat(s.ipFragments().fragments() > 0).isEqualTo(fragmented);
        assertThat(s.ipFragments().reassembled() > 0).isEqualTo(fragmented);
        assertThat(s.ipFragments().dropped() + s.ipFragments().incomplete() + s.ipFragments().overlaps()).isZero();
        assertThat(s.frameKinds().getOrDefault("FRAGMENT", 0L)).isEqualTo(
                s.ipFragments().fragments() - s.ipFragments().reassembled());

        ObjectNode json = RecordTrees.summary(s);
        assertThat(json.get("ip_fragments").asLong()).isEqualTo(s.ipFragments().fragments());
        assertThat(json.get("ip_datagrams_reassembled").asLong()).isEqualTo(s.ipFragments().reassembled());
        assertThat(json.has("ip_fragment_overlaps") && json.has("ip_datagrams_timed_out") && json.has("ip_datagrams_evicted")
                && json.has("ip_datagrams_invalid") && json.has("ip_datagrams_incomplete")).isTrue();
        if (chain != null) {
            assertThat(json.get("encapsulations").get(chain).asLong()).isEqualTo(9);
        }
    }

    @Test
    void unsupportedEncapsulationsAreCountedApartFromLinkTypes() throws IOException {
        Path file = tmp.resolve("u.pcap");
        byte[] ip = Packets.ipTcp("10.1.0.1", 50000, "10.2.0.2", 443, 1, 0, Packets.SYN, new byte[0]);
        try (CaptureWriter w = CaptureWriter.pcap(file)) {
            w.frame(T0, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x88E5, new byte[60]));   // MACsec
            w.frame(T0 + 1, Packets.ethernet(Packets.MAC_SERVER, Packets.MAC_CLIENT, 0x0800,
                    Packets.ipv4(Packets.address("10.9.0.1"), Packets.address("10.9.0.2"), 115, 64, 1, new byte[40])));   // L2TPv3
            w.ip(T0 + 2, ip);
        }
        CaptureSummary s = HelloCheck.builder().build().analyze(file).summary();
        assertThat(s.unsupportedLinkTypes()).isEmpty();
        assertThat(s.unsupportedEncapsulations()).hasSize(2).containsValues(1L);
        assertThat(s.frameKinds()).containsEntry("UNSUPPORTED", 2L).containsEntry("TCP", 1L);
        ObjectNode json = RecordTrees.summary(s);
        assertThat(json.get("unsupported_encapsulations").size()).isEqualTo(2);
    }

    private static byte[] record(int version, byte[] handshake) {
        byte[] h = new byte[5];
        h[0] = 22;
        Packets.put16(h, 1, version);
        Packets.put16(h, 3, handshake.length);
        return Packets.concat(h, handshake);
    }

    private static byte[] hex(String name) {
        String path = "/io/hellocheck/tls/rfc8448/" + name;
        try (InputStream in = Objects.requireNonNull(EncapsulatedHandshakeTest.class.getResourceAsStream(path), path)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Packets.hex(text.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
