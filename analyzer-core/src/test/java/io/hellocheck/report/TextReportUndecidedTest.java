package io.hellocheck.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import io.hellocheck.testing.TcpFlow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The text report shows each connection the capture cannot decide, with its reason, and says why. */
class TextReportUndecidedTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private static byte[] clientHello() {
        byte[] body = Packets.concat(Packets.hex("0303"), new byte[32], Packets.hex("00" + "0002c02f" + "0100"));
        byte[] hs = Packets.concat(new byte[] {1, 0, 0, (byte) body.length}, body);
        return Packets.concat(new byte[] {22, 3, 1, 0, (byte) hs.length}, hs);
    }

    private static CaptureResult analyze(Consumer<CaptureWriter> story) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            story.accept(w);
        }
        return HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test");
    }

    @Test
    void undecidedConnectionsAreListedWithTheirReasonAlsoWithOnlyFailures() throws IOException {
        // one-sided: no packet of any server in the capture
        CaptureResult r = analyze(w -> w.tcp("10.0.0.1", 50000, "10.0.0.2", 443).syn(T0).ack(T0 + 10 * MS)
                .clientData(T0 + 20 * MS, clientHello()).clientRst(T0 + 11_000 * MS));
        String text = TextReport.render(r, true);
        assertThat(text).contains("Undecided (INCONCLUSIVE)")
                .contains("tcp.stream 0  10.0.0.1:50000 -> 10.0.0.2:443: No packet from any server is in the "
                        + "capture (a\n      one-sided capture)");
    }

    @Test
    void aCaptureOfOnlyTheServersSideSaysSo() throws IOException {
        CaptureResult r = analyze(w -> {
            TcpFlow f = w.tcp("10.0.0.1", 50000, "10.0.0.2", 443);
            f.synAck(T0).clientAdvance(200).serverData(T0 + 5 * MS, new byte[] {22, 3, 3, 0, 1, 2});
        });
        assertThat(r.connections()).isEmpty();
        assertThat(r.warnings()).anySatisfy(wn -> assertThat(wn.message())
                .contains("only the servers' side of its TCP connections (1 connection"));
        assertThat(TextReport.render(r, false)).contains("warning: the capture holds only the servers' side");
    }
}
