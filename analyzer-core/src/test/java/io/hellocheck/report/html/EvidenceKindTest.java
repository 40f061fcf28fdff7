package io.hellocheck.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.report.html.LadderLayout.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an arrow is and which way it goes, from the first words of an evidence text. */
class EvidenceKindTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SYN from client | SYN | CLIENT_TO_SERVER",
        "SYN retransmission from client (attempt 2) | SYN | CLIENT_TO_SERVER",
        "SYN-ACK from server (RTT 0.014 ms) | SYN_ACK | SERVER_TO_CLIENT",
        "ClientHello, 310 bytes, up to TLSv1.3, 31 cipher suites, SNI localhost | CLIENT_HELLO | CLIENT_TO_SERVER",
        "server ACKed the ClientHello | ACK | SERVER_TO_CLIENT",
        "ServerHello: TLSv1.2, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 | SERVER_HELLO | SERVER_TO_CLIENT",
        "HelloRetryRequest from server: group secp384r1 | HELLO_RETRY_REQUEST | SERVER_TO_CLIENT",
        "alert from server: fatal handshake_failure (40) | ALERT | SERVER_TO_CLIENT",
        "alert from client: fatal unknown_ca (48) | ALERT | CLIENT_TO_SERVER",
        "likely encrypted alert from server | ALERT | SERVER_TO_CLIENT",
        "RST from server | RST | SERVER_TO_CLIENT",
        "FIN from client | FIN | CLIENT_TO_SERVER",
        "ServerKeyExchange: ECDHE x25519 | OTHER | SERVER_TO_CLIENT",
        "ServerHelloDone | OTHER | SERVER_TO_CLIENT",
        "server Certificate: 1 certificate, leaf CN=localhost | OTHER | SERVER_TO_CLIENT",
        "first encrypted record from client | OTHER | CLIENT_TO_SERVER",
        "client's first encrypted record has the size of an alert (19 bytes) | OTHER | CLIENT_TO_SERVER",
        "TLS decoding of the client's stream stopped: invalid TLS record header | OTHER | NOTE",
        "the server refused: SMTP STARTTLS answer 454 | OTHER | SERVER_TO_CLIENT",
        "3 later facts left out | OTHER | NOTE",
    })
    void kindAndDirection(String what, EvidenceKind kind, Direction direction) {
        assertThat(EvidenceKind.of(what)).isEqualTo(kind);
        assertThat(EvidenceKind.direction(what)).isEqualTo(direction);
    }

    @Test
    void onlyTheFirstThreeWordsNameTheKind() {
        // an alert spoken of later in the text is no alert
        assertThat(EvidenceKind.of("client's first encrypted record has the size of an alert"))
                .isEqualTo(EvidenceKind.OTHER);
        assertThat(EvidenceKind.of("")).isEqualTo(EvidenceKind.OTHER);
    }

    @Test
    void retransmissionsAndSegmentsOutOfOrderAreMarked() {
        assertThat(EvidenceKind.retransmission("SYN retransmission from client (attempt 3)")).isTrue();
        assertThat(EvidenceKind.retransmission("ClientHello retransmitted in frame 9")).isTrue();
        assertThat(EvidenceKind.retransmission("SYN from client")).isFalse();
        assertThat(EvidenceKind.outOfOrder("ClientHello segment out of order")).isTrue();
        assertThat(EvidenceKind.outOfOrder("an out-of-order segment from server")).isTrue();
        assertThat(EvidenceKind.outOfOrder("FIN from server")).isFalse();
    }
}
