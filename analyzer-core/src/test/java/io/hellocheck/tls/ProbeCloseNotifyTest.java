package io.hellocheck.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.analysis.Cause;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Evidence;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.tls.decrypt.KeyLog;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A monitoring probe on TLS 1.3 ({@code sample-captures-keylog/tls13-probe-close-notify.pcap}: openssl s_client with
 * no input against s_server -num_tickets 0). tshark with the key log: 6 the server's flight with its Finished, 8 the
 * client's Finished, 9 Alert (Level: Warning, Description: Close Notify) from the client, 10 its FIN, 11 the same
 * alert from the server, 12 its FIN.
 */
class ProbeCloseNotifyTest {
    @Test
    void withTheKeysTheServersCloseNotifyAfterTheClientsFinishedCompletesTheHandshake() throws Exception {
        HelloCheck hc = HelloCheck.builder().keyLog(KeyLog.parse(Files.readAllBytes(
                KeyLogSampleCapturesTest.dir().resolve("tls13-probe-close-notify.keys")))).build();
        ConnectionRecord c = hc.analyze(KeyLogSampleCapturesTest.dir().resolve("tls13-probe-close-notify.pcap"))
                .connections().get(0);
        // CONTRACT.md with the keys: the server's first record after the client's Finished is no fatal alert
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(c.alerts()).extracting(a -> a.frame()).containsExactly(9L, 11L);
    }

    @Test
    void withoutTheKeysTheServerReturningARecordOfAlertSizeMakesItAProbeThatLeft() throws Exception {
        ConnectionRecord c = HelloCheck.builder().build()
                .analyze(KeyLogSampleCapturesTest.dir().resolve("tls13-probe-close-notify.pcap")).connections().get(0);
        // CONTRACT.md without keys: a lone record of alert size then a close, before the server's next record, fails
        assertThat(c.outcome()).as(c.outcomeReason()).isEqualTo(Outcome.FAILED_AFTER_SERVER_HELLO);
        Finding top = c.diagnosis().get(0);
        assertThat(top.cause()).isEqualTo(Cause.CLIENT_ABANDONED_HANDSHAKE);
        assertThat(top.evidence()).extracting(Evidence::frame).contains(9L, 11L);
    }
}
