package io.hellocheck.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.analysis.Cause;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Finding;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.testing.CaptureWriter;
import io.hellocheck.testing.Packets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Where a UDP flow's capture ends (CONTRACT.md, Outcomes, rule 1: "the capture ends less than 3 s after the
 * ClientHello with no answer and no close" is INCONCLUSIVE). A pcapng file joined from several captures keeps each in
 * its own interface (nDPI's {@code sites.pcapng}: 22 interfaces, its QUIC Initials of frames 315 and 656 each the only
 * frame of interface 1 and 17, the file's next frames years later on others): a flow's capture ends with its
 * interface's last frame. And a client that gets no answer sends its first flight again after 1 s (RFC 6347 section
 * 4.2.4.1; QUIC: RFC 9002 section 6.2.2), so a lone datagram in a capture that went on is more likely a capture that
 * lost the rest than a path that drops UDP.
 */
class UdpCaptureEndTest {
    private static final long T0 = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final long HOUR = 3_600 * S;

    /**
     * A DTLS 1.2 ClientHello record (RFC 6347 section 4.2.2: message_seq 0, one fragment, empty cookie) with record
     * sequence number {@code record} (section 4.1: a retransmission is a new record with a new number).
     */
    private static byte[] dtlsClientHello(int record) {
        byte[] body = Packets.concat(new byte[] {(byte) 0xfe, (byte) 0xfd}, new byte[32], new byte[] {0, 0},
                new byte[] {0, 2, (byte) 0xc0, 0x2b}, new byte[] {1, 0}, new byte[] {0, 0});
        int n = body.length;
        byte[] handshake = Packets.concat(new byte[] {1, 0, (byte) (n >> 8), (byte) n, 0, 0, 0, 0, 0, 0,
            (byte) (n >> 8), (byte) n}, body);
        return Packets.concat(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, (byte) record,
            (byte) (handshake.length >> 8), (byte) handshake.length}, handshake);
    }

    private static byte[] dtlsFrame(CaptureWriter w) {
        return dtlsFrame(w, 0);
    }

    private static byte[] dtlsFrame(CaptureWriter w, int record) {
        return w.wrap(CaptureWriter.ETHERNET, Packets.ipUdp("10.0.0.1", 40000, "10.0.0.2", 4433,
                dtlsClientHello(record)), true);
    }

    /** A TCP connection whose server answers (so that the capture is not one-sided), from {@code t} on. */
    private static void answeredTcp(CaptureWriter w, long t) {
        w.tcp("10.0.0.3", 50000, "10.0.0.4", 443).syn(t).synAck(t + MS).ack(t + 2 * MS).clientFin(t + 3 * MS)
                .serverFin(t + 4 * MS);
    }

    @Test
    void aFlowAloneOnItsInterfaceEndsWithIt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).format(CaptureWriter.Format.PCAPNG).build()) {
            int second = w.addInterface(CaptureWriter.ETHERNET, 0, 9, 0);
            w.frameOn(second, T0, dtlsFrame(w));      // frame 1, the only frame of interface 1
            answeredTcp(w, T0 + 2 * HOUR);            // interface 0, two hours later: another capture
        }
        ConnectionRecord r = analyzeDtls(out);
        assertThat(r.clientHello().frame()).isEqualTo(1);
        assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(r.outcomeReason()).contains("pcapng interface 1").contains("0.000 s after the ClientHello");
        assertThat(r.diagnosis().get(0).cause()).isEqualTo(Cause.CAPTURE_ARTEFACT);
    }

    @Test
    void interfacesCapturedAtTheSameTimeEndTogether() throws IOException {
        // dumpcap -i eth0 -i eth1: interface 1 holds only the ClientHello, while interface 0 has frames from 1 s
        // before it to 10 s after: the capture went on, and the silent interface means no answer came
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).format(CaptureWriter.Format.PCAPNG).build()) {
            int second = w.addInterface(CaptureWriter.ETHERNET, 0, 9, 0);
            answeredTcp(w, T0 - S);
            w.frameOn(second, T0, dtlsFrame(w));
            w.frameOn(second, T0 + S, dtlsFrame(w, 1));
            w.tcp("10.0.0.3", 50001, "10.0.0.4", 443).syn(T0 + 10 * S).synAck(T0 + 10 * S + MS);
        }
        ConnectionRecord r = analyzeDtls(out);
        assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
    }

    @Test
    void interfacesOneAfterTheOtherWithinTheGapAreOneCapture() throws IOException {
        // interface 1 holds the ClientHello and its retransmission (0-1 s), interface 0 begins 2 s after them and
        // goes on to 12 s: their frames do not overlap, but an idle interface of a running capture looks the same
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).format(CaptureWriter.Format.PCAPNG).build()) {
            int second = w.addInterface(CaptureWriter.ETHERNET, 0, 9, 0);
            w.frameOn(second, T0, dtlsFrame(w));
            w.frameOn(second, T0 + S, dtlsFrame(w, 1));
            answeredTcp(w, T0 + 3 * S);
            w.tcp("10.0.0.3", 50001, "10.0.0.4", 443).syn(T0 + 12 * S).synAck(T0 + 12 * S + MS);
        }
        ConnectionRecord r = analyzeDtls(out);
        assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
    }

    @Test
    void aFlowInAnEarlierSectionEndsWithItsSection() throws IOException {
        // cat a.pcapng b.pcapng: the second section's interface 0 is another capture than the first's
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).format(CaptureWriter.Format.PCAPNG).build()) {
            w.frameOn(0, T0, dtlsFrame(w));
            w.newSection(false);
            w.addInterface(CaptureWriter.ETHERNET, 0, 9, 0);
            answeredTcp(w, T0 + 2 * HOUR);
        }
        ConnectionRecord r = analyzeDtls(out);
        assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(r.outcomeReason()).contains("pcapng interface 0").contains("0.000 s after the ClientHello");
    }

    /** The DTLS ClientHello's datagram captured twice at T0, then an answered TCP connection at {@code tcpAt}. */
    private static ConnectionRecord helloCapturedTwiceThenTcp(long tcpAt) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            w.frame(T0, dtlsFrame(w));
            w.frame(T0, dtlsFrame(w));
            answeredTcp(w, tcpAt);
        }
        return analyzeDtls(out);
    }

    @Test
    void aPauseOfMoreThanAnHourOnTheSameInterfaceEndsTheCapture() throws IOException {
        // nDPI dtls.pcap (tshark): udp.stream 0 is frames 1-2 on interface 0 at 1545143424.891780; the next frame of
        // the same interface, frame 3, comes 164,259,558 s later from a GTP capture: the file joins two captures
        ConnectionRecord r = helloCapturedTwiceThenTcp(T0 + 2 * HOUR);
        assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(r.outcomeReason()).isEqualTo("The capture (the file goes on 7200.000 s later with another capture "
                + "joined to it) ends 0.000 s after the ClientHello with no answer, too soon to call it no response.");
        assertThat(r.diagnosis()).extracting(Finding::cause).containsExactly(Cause.CAPTURE_ARTEFACT);
    }

    @Test
    void aLoneClientHelloNeverSentAgainPointsAtTheCaptureFirst() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            w.frame(T0, dtlsFrame(w));
            answeredTcp(w, T0 + 5 * S);
        }
        ConnectionRecord r = analyzeDtls(out);
        assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(r.udp().clientDatagrams()).isEqualTo(1);
        Finding first = r.diagnosis().get(0);
        assertThat(first.cause()).isEqualTo(Cause.CAPTURE_ARTEFACT);
        assertThat(first.confidence()).isEqualTo(Finding.Confidence.MEDIUM);
        assertThat(first.explanation()).contains("once and never again").contains("RFC 6347 section 4.2.4.1");
        Finding second = r.diagnosis().get(1);
        assertThat(second.cause()).isEqualTo(Cause.UDP_BLOCKED);
        assertThat(second.confidence()).isEqualTo(Finding.Confidence.LOW);
        assertThat(second.explanation()).contains("the client's 1 datagram over UDP");
    }

    @Test
    void aCopyOfTheClientHelloRecordIsNoResend() throws IOException {
        // the same datagram twice in the capture (nDPI dtls.pcap udp.stream 0, frames 1 and 2: byte-identical in
        // tshark -x, the same time and record sequence number 0 in tshark's dtls.record.sequence_number): one
        // datagram captured twice (a duplicate frame), which the client never sent again
        ConnectionRecord r = helloCapturedTwiceThenTcp(T0 + 5 * S);
        assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(r.outcomeReason()).contains("(1 datagram from the client, besides 1 duplicate frame (the same "
                + "datagram captured twice, not sent again))");
        assertThat(r.udp().clientDatagrams()).isEqualTo(1);
        assertThat(r.udp().retransmissions()).isZero();
        assertThat(r.diagnosis().get(0).cause()).isEqualTo(Cause.CAPTURE_ARTEFACT);
    }

    @Test
    void aClientHelloSentAgainAfterASecondIsUdpBlocked() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.to(out).build()) {
            w.frame(T0, dtlsFrame(w));
            w.frame(T0 + S, dtlsFrame(w, 1));        // the retransmission, 1 s later, a new record
            answeredTcp(w, T0 + 5 * S);
        }
        ConnectionRecord r = analyzeDtls(out);
        assertThat(r.outcome()).as(r.outcomeReason()).isEqualTo(Outcome.NO_RESPONSE);
        assertThat(r.udp().clientDatagrams()).isEqualTo(2);
        assertThat(r.diagnosis().get(0).cause()).isEqualTo(Cause.UDP_BLOCKED);
        assertThat(r.diagnosis().get(0).confidence()).isEqualTo(Finding.Confidence.MEDIUM);
        assertThat(r.diagnosis()).extracting(Finding::cause).doesNotContain(Cause.CAPTURE_ARTEFACT);
    }

    private static ConnectionRecord analyzeDtls(ByteArrayOutputStream out) throws IOException {
        return HelloCheck.builder().build().analyze(new ByteArrayInputStream(out.toByteArray()), "test")
                .connections().stream().filter(r -> r.transport().equals("dtls")).findFirst().orElseThrow();
    }
}
