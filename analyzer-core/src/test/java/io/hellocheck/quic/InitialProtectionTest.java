package io.hellocheck.quic;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.frame.PacketView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The Initial packets of RFC 9001 appendix A (QUIC version 1) and RFC 9369 appendix A (version 2): the keys
 * derived from the Destination Connection ID 0x8394c8f03e515708 (A.1), the client's protected Initial (A.2)
 * and the server's (A.3), opened with those keys. Expected values are the appendices' printed ones.
 */
class InitialProtectionTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] DCID = HEX.parseHex("8394c8f03e515708");

    static byte[] resource(String name) {
        try (InputStream in = InitialProtectionTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return HEX.parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("\\s", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void version1KeysAreThoseOfAppendixA1() {
        InitialKeys c = InitialKeys.derive(QuicVersions.V1, DCID, true);
        assertThat(HEX.formatHex(c.secret()))
                .isEqualTo("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea");
        assertThat(HEX.formatHex(c.key())).isEqualTo("1f369613dd76d5467730efcbe3b1a22d");
        assertThat(HEX.formatHex(c.iv())).isEqualTo("fa044b2f42a3fd3b46fb255c");
        assertThat(HEX.formatHex(c.hp())).isEqualTo("9f50449e04a0e810283a1e9933adedd2");
        InitialKeys s = InitialKeys.derive(QuicVersions.V1, DCID, false);
        assertThat(HEX.formatHex(s.secret()))
                .isEqualTo("3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b");
        assertThat(HEX.formatHex(s.key())).isEqualTo("cf3a5331653c364c88f0f379b6067e37");
        assertThat(HEX.formatHex(s.iv())).isEqualTo("0ac1493ca1905853b0bba03e");
        assertThat(HEX.formatHex(s.hp())).isEqualTo("c206b8d9b9f0f37644430b490eeaa314");
    }

    @Test
    void version2KeysAreThoseOfRfc9369AppendixA1() {
        InitialKeys c = InitialKeys.derive(QuicVersions.V2, DCID, true);
        assertThat(HEX.formatHex(c.secret()))
                .isEqualTo("14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b");
        assertThat(HEX.formatHex(c.key())).isEqualTo("8b1a0bc121284290a29e0971b5cd045d");
        assertThat(HEX.formatHex(c.iv())).isEqualTo("91f73e2351d8fa91660e909f");
        assertThat(HEX.formatHex(c.hp())).isEqualTo("45b95e15235d6f45a6b19cbcb0294ba9");
        InitialKeys s = InitialKeys.derive(QuicVersions.V2, DCID, false);
        assertThat(HEX.formatHex(s.secret()))
                .isEqualTo("0263db1782731bf4588e7e4d93b7463907cb8cd8200b5da55a8bd488eafc37c1");
        assertThat(HEX.formatHex(s.key())).isEqualTo("82db637861d55e1d011f19ea71d5d2a7");
        assertThat(HEX.formatHex(s.iv())).isEqualTo("dd13c276499c0249d3310652");
        assertThat(HEX.formatHex(s.hp())).isEqualTo("edf6d05c83121201b436e16877593c3a");
    }

    @Test
    void clientInitialOfAppendixA2Opens() {
        assertClientInitial(QuicVersions.V1, "rfc9001-a2-client-initial.hex",
                "c300000001088394c8f03e5157080000449e00000002");
    }

    @Test
    void clientInitialOfRfc9369AppendixA2Opens() {
        assertClientInitial(QuicVersions.V2, "rfc9369-a2-client-initial.hex",
                "d36b3343cf088394c8f03e5157080000449e00000002");
    }

    private static void assertClientInitial(int version, String resource, String unprotectedHeader) {
        byte[] packet = resource(resource);
        InitialOpener o = new InitialOpener(InitialKeys.derive(version, DCID, true));
        // header: first byte, version (4), DCID length + 8, SCID length 0, token length 0, length 0x449e (2)
        InitialOpener.Opened opened = o.open(packet, 0, 18, packet.length);
        assertThat(opened).isNotNull();
        assertThat(opened.packetNumber()).isEqualTo(2);
        assertThat(HEX.formatHex(opened.header())).isEqualTo(unprotectedHeader);
        byte[] frame = resource("rfc9001-a2-client-crypto-frame.hex");
        // A.2: the CRYPTO frame, then PADDING to a 1162-byte payload
        assertThat(opened.payload()).hasSize(1162);
        assertThat(Arrays.copyOf(opened.payload(), frame.length)).isEqualTo(frame);
        assertThat(Arrays.copyOfRange(opened.payload(), frame.length, 1162)).containsOnly((byte) 0);
    }

    @Test
    void serverInitialOfAppendixA3Opens() {
        assertServerInitial(QuicVersions.V1, "rfc9001-a3-server-initial.hex",
                "c1000000010008f067a5502a4262b50040750001");
    }

    @Test
    void serverInitialOfRfc9369AppendixA3Opens() {
        assertServerInitial(QuicVersions.V2, "rfc9369-a3-server-initial.hex",
                "d16b3343cf0008f067a5502a4262b50040750001");
    }

    private static void assertServerInitial(int version, String resource, String unprotectedHeader) {
        byte[] packet = resource(resource);
        InitialOpener o = new InitialOpener(InitialKeys.derive(version, DCID, false));
        // first byte, version, DCID length 0, SCID length 8 + f067a5502a4262b5, token length 0, length 0x4075
        InitialOpener.Opened opened = o.open(packet, 0, 18, packet.length);
        assertThat(opened).isNotNull();
        assertThat(opened.packetNumber()).isEqualTo(1);
        assertThat(HEX.formatHex(opened.header())).isEqualTo(unprotectedHeader);
        assertThat(opened.payload()).isEqualTo(resource("rfc9001-a3-server-payload.hex"));
    }

    @Test
    void otherKeysDoNotOpenThePacket() {
        byte[] packet = resource("rfc9001-a2-client-initial.hex");
        InitialOpener server = new InitialOpener(InitialKeys.derive(QuicVersions.V1, DCID, false));
        assertThat(server.open(packet, 0, 18, packet.length)).isNull();
        InitialOpener v2 = new InitialOpener(InitialKeys.derive(QuicVersions.V2, DCID, true));
        assertThat(v2.open(packet, 0, 18, packet.length)).isNull();
        assertThat(server.open(packet, 0, 18, 30)).as("too short for the sample").isNull();
    }

    @Test
    void packetNumberDecodingFollowsRfc9000AppendixA3() {
        // RFC 9000 A.3's example: largest 0xa82f30ea, 16-bit truncated 0x9b32 -> 0xa82f9b32
        assertThat(InitialOpener.decodePacketNumber(0xa82f30eaL, 0x9b32, 16)).isEqualTo(0xa82f9b32L);
    }

    @Test
    void aFlowReadsTheAppendixPacketsAsClientHelloAndServerHello() {
        byte[] client = resource("rfc9001-a2-client-initial.hex");
        byte[] server = resource("rfc9001-a3-server-initial.hex");
        long c = 0x0000_ffff_0a00_0001L;
        long s = 0x0000_ffff_0a00_0002L;
        PacketView p = new PacketView().set(1, 1_000, false, 0, c, 0, s, 50000, 443, 64, 1, 0, 0, 0, 0,
                client, 0, client.length, 0);
        assertThat(QuicFlow.looksLikeClientInitial(p)).isTrue();
        QuicFlow flow = new QuicFlow(0, p);
        flow.onDatagram(p);
        flow.onDatagram(new PacketView().set(2, 2_000, false, 0, s, 0, c, 443, 50000, 64, 2, 0, 0, 0, 0,
                server, 0, server.length, 0));
        assertThat(flow.clientHellos()).hasSize(1);
        QuicFlow.Hello hello = flow.clientHellos().get(0);
        assertThat(hello.hello().serverName()).isEqualTo("example.com");
        assertThat(hello.message().frames()).containsExactly(1L);
        assertThat(hello.dcid()).isEqualTo("8394c8f03e515708");
        // A.2's transport parameters (extension 0x39): 04 08 ffffffffffffffff, 05 04 8000ffff, ... 06 04 8000ffff
        assertThat(hello.parameters()).extracting(TransportParameters.Parameter::name).containsExactly(
                "initial_max_data", "initial_max_stream_data_bidi_local", "initial_max_stream_data_uni",
                "initial_max_streams_bidi", "max_idle_timeout", "initial_max_streams_uni",
                "initial_source_connection_id", "initial_max_stream_data_bidi_remote");
        assertThat(hello.parameters()).extracting(TransportParameters.Parameter::value).containsExactly(
                "4611686018427387903", "65535", "65535", "16", "30000", "16", "8394c8f03e515708", "65535");
        assertThat(flow.serverHello().cipherSuite()).isEqualTo(0x1301);
        assertThat(flow.serverHelloMessage().firstFrame()).isEqualTo(2);
    }
}
