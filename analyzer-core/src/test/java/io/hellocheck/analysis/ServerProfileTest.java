package io.hellocheck.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerProfileTest {

    @Test
    void readsIanaAndOpenSslNamesCommentsAndColonLists() {
        ServerProfile p = ServerProfile.parse("srv.txt", "# nginx ssl_ciphers\n"
                + "TLS_AES_128_GCM_SHA256\r\n"
                + "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384  # two more\n"
                + "\n"
                + "ssl_rsa_with_3des_ede_cbc_sha, 0x009c\n"
                + "TLS_AES_128_GCM_SHA256\n");
        assertThat(p.name()).isEqualTo("srv.txt");
        assertThat(p.cipherSuites()).containsExactly(0x1301, 0xc02f, 0xc030, 0x000a, 0x009c);
    }

    @Test
    void anUnknownNameIsReportedWithItsLine() {
        assertThatThrownBy(() -> ServerProfile.parse("srv.txt", "TLS_AES_128_GCM_SHA256\n\nAES-FANCY\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("srv.txt line 3: unknown cipher suite 'AES-FANCY'");
        assertThatThrownBy(() -> ServerProfile.parse("empty.txt", "# nothing\n"))
                .hasMessage("empty.txt: names no cipher suite");
    }
}
