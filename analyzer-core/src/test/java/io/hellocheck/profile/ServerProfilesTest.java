package io.hellocheck.profile;

import static io.hellocheck.profile.BuiltinProfilesTest.c;
import static io.hellocheck.profile.BuiltinProfilesTest.codes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user-profile readers on inputs written from each tool's documentation or source (see
 * {@code src/test/resources/io/hellocheck/profile/README.md} for where each sample's shape comes from).
 */
class ServerProfilesTest {

    static ParsedProfile sample(String resource) throws IOException {
        try (InputStream in = ServerProfilesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return ServerProfiles.read(in, resource);
        }
    }

    static ParsedProfile text(String text) throws IOException {
        return ServerProfiles.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.txt");
    }

    static byte[] resourceBytes(String resource) throws IOException {
        try (InputStream in = ServerProfilesTest.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    // ---- plain lists

    @Test
    void ianaAndOpensslNamesOnePerLineWithComments() throws IOException {
        ParsedProfile r = text("""
                # accepted by the load balancer
                TLS_AES_128_GCM_SHA256
                ECDHE-RSA-AES128-GCM-SHA256     # OpenSSL name of 0xc02f

                tls_ecdhe_rsa_with_aes_256_gcm_sha384
                SSL_RSA_WITH_3DES_EDE_CBC_SHA
                TLS_AES_128_GCM_SHA256
                """);
        assertThat(r.format()).isEqualTo(ProfileFormat.CIPHER_LIST);
        assertThat(r.profile().cipherSuites()).containsExactly(0x1301, 0xc02f, 0xc030, 0x000a);
        assertThat(r.profile().tlsVersions()).isEmpty();
        assertThat(r.profile().groups()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.profile().id()).isEqualTo("user:test.txt");
        assertThat(r.profile().source().kind()).isEqualTo(ProfileSource.Kind.USER);
        assertThat(r.profile().source().reference()).isEqualTo("test.txt (cipher suite list)");
    }

    @Test
    void opensslCipherStringsAndUnknownNamesAreWarnings() throws IOException {
        ParsedProfile r = text("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:!aNULL:HIGH:NOT-A-SUITE,"
                + "DHE-RSA-AES128-GCM-SHA256\n0xC0,0x2B 0x1302\n");
        assertThat(r.profile().cipherSuites()).containsExactly(0xc02f, 0xc030, 0x009e, 0xc02b, 0x1302);
        assertThat(r.warnings()).hasSize(3);
        assertThat(r.warnings().get(0)).contains("line 1", "!aNULL");
        assertThat(r.warnings().get(1)).contains("\"HIGH\"", "keyword");
        assertThat(r.warnings().get(2)).contains("unknown cipher suite name \"NOT-A-SUITE\"");
    }

    @Test
    void aListWithNoKnownSuiteIsAnError() {
        assertThatThrownBy(() -> text("HIGH:!aNULL\nfoo bar\n"))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessageStartingWith("test.txt: no cipher suite found in this cipher suite list")
                .hasMessageContaining("HIGH");
    }

    // ---- testssl.sh

    @Test
    void testsslJsonfile() throws IOException {
        ParsedProfile r = sample("testssl-jsonfile.json");
        assertThat(r.format()).isEqualTo(ProfileFormat.TESTSSL_JSON);
        ServerProfile p = r.profile();
        // TLS 1.3 first (highest protocol), each protocol in testssl.sh's (= server's) order
        assertThat(p.cipherSuites()).containsExactly(0x1302, 0x1303, 0x1301, 0xc030, 0xcca8, 0xc02f, 0x009d, 0x00c0);
        assertThat(p.tlsVersions()).containsExactly(0x0303, 0x0304);
        // FS_ECDHE_curves prime256v1 secp384r1 secp521r1 X25519 X448, FS_KEMs, DH_groups
        assertThat(p.groups()).containsExactlyInAnyOrder(0x0017, 0x0018, 0x0019, 0x001d, 0x001e, 0x11ec,
                0x0100, 0x0101);
        assertThat(r.warnings()).isEmpty();
        assertThat(p.notes()).anyMatch(n -> n.contains("tls1_2 server"));
    }

    @Test
    void testsslJsonfilePretty() throws IOException {
        ParsedProfile r = sample("testssl-jsonfile-pretty.json");
        ServerProfile p = r.profile();
        assertThat(p.tlsVersions()).containsExactly(0x0301, 0x0302, 0x0303); // "offered (deprecated)" counts
        assertThat(p.cipherSuites()).containsExactly(0xc030, 0xc014, 0x0035);
        assertThat(p.groups()).containsExactly(0x0017, 0x0018);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void testsslShowEachSkipsRefusedSuitesSslv2SpecsAndTls13Drafts() throws IOException {
        ParsedProfile r = sample("testssl-show-each.json");
        ServerProfile p = r.profile();
        assertThat(p.cipherSuites()).containsExactly(0xc030, 0x000a); // xc02f "not a/v"
        assertThat(p.tlsVersions()).containsExactly(0x0002, 0x0303);  // SSLv2 offered; TLS 1.3 only draft 28
        assertThat(p.groups()).isEmpty();
        assertThat(r.warnings()).hasSize(2);
        assertThat(r.warnings()).anyMatch(w -> w.contains("cipher_x010080") && w.contains("SSL 2.0"));
        assertThat(r.warnings()).anyMatch(w -> w.contains("TLS1_3") && w.contains("draft"));
    }

    @Test
    void testsslSeveralTargetsAreMergedWithAWarning() throws IOException {
        ParsedProfile r = text("""
                [{"id":"cipher-tls1_2_xc02f","ip":"a.example/192.0.2.1","port":"443","severity":"OK",
                  "finding":"TLSv1.2 xc02f ECDHE-RSA-AES128-GCM-SHA256 ECDH 253 AESGCM 128 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
                 {"id":"cipher-tls1_2_x9c","ip":"b.example/192.0.2.2","port":"443","severity":"OK",
                  "finding":"TLSv1.2 x9c AES128-GCM-SHA256 RSA AESGCM 128 TLS_RSA_WITH_AES_128_GCM_SHA256"}]
                """);
        assertThat(r.profile().cipherSuites()).containsExactly(0xc02f, 0x009c);
        assertThat(r.profile().tlsVersions()).containsExactly(0x0303); // from the per-protocol ids
        assertThat(r.warnings()).singleElement().asString().contains("2 targets");
    }

    @Test
    void testsslErrors() {
        assertThatThrownBy(() -> text("[{\"id\": \"TLS1_2\", \"finding\": \"offered\"}]"))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("no cipher findings");
        assertThatThrownBy(() -> text("{\"foo\": [1, 2, 3]}"))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("without testssl.sh findings");
        assertThatThrownBy(() -> text("[{\"id\": \"TLS1_2\", \"finding\": "))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("not valid JSON at line 1");
        assertThatThrownBy(() -> text("[] trailing"))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("not valid JSON");
    }

    // ---- nmap

    @Test
    void nmapSslEnumCiphersXml() throws IOException {
        ParsedProfile r = sample("nmap-ssl-enum-ciphers.xml");
        assertThat(r.format()).isEqualTo(ProfileFormat.NMAP_XML);
        ServerProfile p = r.profile();
        // TLS 1.3 (nmap's TLS_AKE_WITH_ names) first, then TLS 1.2 in nmap's (server) order
        assertThat(p.cipherSuites()).containsExactlyElementsOf(codes("TLS_AES_256_GCM_SHA384",
                "TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"));
        assertThat(p.tlsVersions()).containsExactly(0x0303, 0x0304);
        assertThat(p.groups()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(p.notes()).anyMatch(n -> n.contains("TLSv1.2 server"));
    }

    @Test
    void nmapSeveralPortsAreMergedUnknownNamesWarned() throws IOException {
        ParsedProfile r = text("""
                <nmaprun><host><address addr="192.0.2.5" addrtype="ipv4"/><ports>
                <port protocol="tcp" portid="443"><script id="ssl-enum-ciphers" output="">
                  <table key="TLSv1.0"><table key="ciphers">
                    <table><elem key="name">TLS_RSA_WITH_AES_128_CBC_SHA</elem></table>
                    <table><elem key="name">TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256-draft</elem></table>
                  </table></table>
                </script></port>
                <port protocol="tcp" portid="8443"><script id="ssl-enum-ciphers" output="">
                  <table key="SSLv3"><table key="ciphers">
                    <table><elem key="name">TLS_RSA_WITH_RC4_128_SHA</elem></table>
                  </table></table>
                </script></port>
                </ports></host></nmaprun>
                """);
        assertThat(r.profile().cipherSuites()).containsExactly(0x002f, 0x0005);
        assertThat(r.profile().tlsVersions()).containsExactly(0x0300, 0x0301);
        assertThat(r.warnings()).hasSize(2);
        assertThat(r.warnings().get(0)).contains("2 ports", "192.0.2.5:443", "192.0.2.5:8443");
        assertThat(r.warnings().get(1)).contains("-draft");
    }

    @Test
    void nmapErrors() {
        assertThatThrownBy(() -> text("<nmaprun><host></host></nmaprun>"))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("ssl-enum-ciphers");
        assertThatThrownBy(() -> text("<nmaprun><host></nmaprun>"))
                .isInstanceOf(ProfileFormatException.class).hasMessageContaining("not well-formed XML at line 1");
    }

    @Test
    void xmlExternalEntitiesAreNotLoaded(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TLS_AES_128_GCM_SHA256");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<nmaprun><script id=\"ssl-enum-ciphers\"><table key=\"TLSv1.3\"><table key=\"ciphers\">"
                + "<table><elem key=\"name\">&x;</elem></table></table></table></script></nmaprun>";
        assertThatThrownBy(() -> text(xml)).isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("no cipher suite found");

        String dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun SYSTEM \"" + dir.resolve("missing.dtd").toUri()
                + "\">\n<nmaprun><script id=\"ssl-enum-ciphers\"><table key=\"TLSv1.2\"><table key=\"ciphers\">"
                + "<table><elem key=\"name\">TLS_RSA_WITH_AES_128_CBC_SHA</elem></table></table></table>"
                + "</script></nmaprun>";
        assertThat(text(dtd).profile().cipherSuites()).containsExactly(0x002f); // DTD not fetched
    }

    @Test
    void xmlEntityExpansionIsLimited() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY l0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            b.append("<!ENTITY l").append(i).append(" \"");
            b.append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        b.append("]><nmaprun><script id=\"ssl-enum-ciphers\">&l9;</script></nmaprun>");
        assertThatThrownBy(() -> text(b.toString())).isInstanceOf(ProfileFormatException.class);
    }

    // ---- PowerShell

    @Test
    void getTlsCipherSuiteOutput() throws IOException {
        ParsedProfile r = sample("get-tlsciphersuite.txt");
        assertThat(r.format()).isEqualTo(ProfileFormat.POWERSHELL_TLS_CIPHER_SUITE);
        ServerProfile p = r.profile();
        assertThat(p.cipherSuites()).containsExactly(4866, 49200, 49199, 49196); // 0x1302 0xc030 0xc02f 0xc02c
        assertThat(p.tlsVersions()).isEmpty();
        assertThat(p.groups()).isEmpty();
        assertThat(r.warnings()).singleElement().asString().contains("SSL_CK_RC4_128_WITH_MD5", "65664");
        assertThat(p.notes()).anyMatch(n -> n.contains("versions unknown") && n.contains("TLSv1.3"));
    }

    @Test
    void getTlsCipherSuiteAsWindowsPowerShellWritesItUtf16WithBom() throws IOException {
        String s = new String(resourceBytes("get-tlsciphersuite.txt"), StandardCharsets.UTF_8);
        byte[] body = s.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[body.length + 2];
        withBom[0] = (byte) 0xff;
        withBom[1] = (byte) 0xfe;
        System.arraycopy(body, 0, withBom, 2, body.length);
        ParsedProfile r = ServerProfiles.read(new ByteArrayInputStream(withBom), "ciphers.txt");
        assertThat(r.format()).isEqualTo(ProfileFormat.POWERSHELL_TLS_CIPHER_SUITE);
        assertThat(r.profile().cipherSuites()).containsExactly(4866, 49200, 49199, 49196);
        // and without the BOM
        ParsedProfile noBom = ServerProfiles.read(new ByteArrayInputStream(body), "ciphers.txt");
        assertThat(noBom.profile().cipherSuites()).isEqualTo(r.profile().cipherSuites());
    }

    @Test
    void getTlsCipherSuiteNameAndCodeDisagreeing() throws IOException {
        ParsedProfile r = text("""
                BaseCipherSuite       : 49199
                CipherSuite           : 49199
                Name                  : TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
                Protocols             : {771}

                Name                  : TLS_AES_128_GCM_SHA256
                CipherSuite           : 4865
                """);
        assertThat(r.profile().cipherSuites()).containsExactly(0xc02f, 0x1301);
        assertThat(r.warnings()).singleElement().asString().contains("using CipherSuite");
    }

    // ---- reading files, encodings, errors

    @Test
    void readPathNamesTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("server-ciphers.txt");
        Files.write(f, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'T', 'L', 'S', '_', 'A', 'E', 'S', '_', '1',
                '2', '8', '_', 'G', 'C', 'M', '_', 'S', 'H', 'A', '2', '5', '6', '\r', '\n'});
        ParsedProfile r = ServerProfiles.read(f);
        assertThat(r.profile().cipherSuites()).containsExactly(0x1301);
        assertThat(r.profile().id()).isEqualTo("user:server-ciphers.txt");
        assertThat(r.profile().source().reference()).startsWith(f.toString());

        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, " \n\n");
        assertThatThrownBy(() -> ServerProfiles.read(empty)).isInstanceOf(ProfileFormatException.class)
                .hasMessageStartingWith(empty + ": empty")
                .extracting(e -> ((ProfileFormatException) e).fileName()).isEqualTo(empty.toString());
        assertThatThrownBy(() -> ServerProfiles.read(dir.resolve("missing.txt")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void binaryDataIsRefused() {
        byte[] pcap = {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                (byte) 0xff, (byte) 0xff, 0, 0, 1, 0, 0, 0};
        assertThatThrownBy(() -> ServerProfiles.read(new ByteArrayInputStream(pcap), "capture.pcap"))
                .isInstanceOf(ProfileFormatException.class).hasMessageStartingWith("capture.pcap: binary data");
    }

    @Test
    void detection() {
        assertThat(ServerProfiles.detect("  \n[{\"id\":1}]")).isEqualTo(ProfileFormat.TESTSSL_JSON);
        assertThat(ServerProfiles.detect("<?xml version=\"1.0\"?><nmaprun/>")).isEqualTo(ProfileFormat.NMAP_XML);
        assertThat(ServerProfiles.detect("Name : X\nCipherSuite : 4865\n"))
                .isEqualTo(ProfileFormat.POWERSHELL_TLS_CIPHER_SUITE);
        assertThat(ServerProfiles.detect("ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA")).isEqualTo(ProfileFormat.CIPHER_LIST);
        assertThat(c("TLS_AES_128_GCM_SHA256")).isEqualTo(0x1301);
        assertThat(ServerProfiles.suiteCode("TLS_AKE_WITH_CHACHA20_POLY1305_SHA256")).isEqualTo(0x1303);
    }
}
