package io.hellocheck.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.analysis.ConnectionRecord;
import io.hellocheck.analysis.Outcome;
import io.hellocheck.capture.CaptureReader;
import io.hellocheck.capture.Frame;
import io.hellocheck.frame.DecodeStatus;
import io.hellocheck.frame.FrameDecoder;
import io.hellocheck.frame.PacketView;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fixture of {@link TcpFixtures}, written to a pcap and read back through the real reader, frame decoder
 * and tracker: the exact bytes delivered per direction, the frames that carried them, the gaps, the counters;
 * and, where tshark says the same kind of thing, the same view of every frame as tshark's.
 *
 * <p>tshark's views are saved in {@code src/test/resources/io/hellocheck/tcp/fixtures/NAME.tsv}: the command
 * first, then the SHA-256 of the file tshark read (checked against what the writer makes now), then lines
 * {@code # by design: frame N KIND: why} for each frame where we knowingly differ, then tshark's fields.
 * {@code regenerate.sh} beside them writes the fixtures and runs tshark again (keeping the "by design" lines);
 * the tests never run tshark.
 */
class TcpFixturesTest {

    private static final String RESOURCES = "/io/hellocheck/tcp/fixtures/";

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ one fixture each

    @Test
    void outOfOrderSegmentsAreHeldAndDeliveredWhenTheHoleFills() throws IOException {
        Run r = run("out-of-order");
        assertThat(r.conns).hasSize(1);
        Conn c = r.conns.get(0);
        assertThat(c.text(Side.CLIENT)).isEqualTo(TcpFixtures.GET + TcpFixtures.HOST + TcpFixtures.END);
        assertThat(c.frames(Side.CLIENT)).containsExactly(6L, 4L, 5L);
        assertThat(c.text(Side.SERVER)).isEqualTo("HTTP/1.1 400 Bad Request\r\n\r\n");
        assertThat(c.events).containsExactly("end CAPTURE_END");
        HalfStream h = c.c.clientStream();
        assertThat(h.outOfOrderSegments()).isEqualTo(2);
        assertThat(h.retransmittedBytes() + h.missedBytes() + h.retransmissionMismatches() + h.keepAlives()).isZero();
        assertThat(r.tracker.heldMemoryBytes()).isZero();
        assertThat(r.tracker.heldMemoryPeakBytes()).isEqualTo(HOST.length() + END.length()
                + 2L * HalfStream.CHUNK_OVERHEAD_BYTES);
    }

    private static final String HOST = TcpFixtures.HOST;
    private static final String END = TcpFixtures.END;

    @Test
    void aHoleNeverFilledIsAGapWhenTheCaptureEnds() throws IOException {
        Run r = run("hole-never-filled");
        Conn c = r.conns.get(0);
        assertThat(c.bytes(Side.SERVER)).isEqualTo(cat(TcpFixtures.pattern(300, 3), TcpFixtures.pattern(300, 5)));
        assertThat(c.frames(Side.SERVER)).containsExactly(5L, 7L);
        assertThat(c.events).containsExactly("gap SERVER 400 @9", "end CAPTURE_END");
        HalfStream h = c.c.serverStream();
        assertThat(h.missedBytes()).isEqualTo(400);
        assertThat(h.outOfOrderSegments()).isEqualTo(1);
        assertThat(h.ackedButNotCaptured()).isZero();
    }

    @Test
    void anAcknowledgedHoleIsAGapAndTlsResumesAtTheNextRecord() throws IOException {
        Run r = run("gap-resync");
        Conn c = r.conns.get(0);
        byte[] hello1 = TcpFixtures.handshakeRecord(0x0301, TcpFixtures.rfc8448("section5-client-hello-1.hex"));
        byte[] hello2 = TcpFixtures.handshakeRecord(0x0303, TcpFixtures.rfc8448("section5-client-hello-2.hex"));
        assertThat(c.bytes(Side.CLIENT)).isEqualTo(cat(hello1, hello2, TcpFixtures.applicationData(60, 2)));
        assertThat(c.frames(Side.CLIENT)).containsExactly(4L, 7L, 10L);
        assertThat(c.events).containsExactly("gap CLIENT 6 @8", "end CAPTURE_END");
        assertThat(c.c.clientStream().missedBytes()).isEqualTo(TcpFixtures.CHANGE_CIPHER_SPEC.length);
        assertThat(c.c.clientStream().outOfOrderSegments()).isEqualTo(1);

        ConnectionRecord rec = analyze("gap-resync");
        assertThat(rec.clientMissedBytes()).isEqualTo(6);
        assertThat(rec.serverMissedBytes()).isZero();
        assertThat(rec.clientHello().frame()).isEqualTo(4);
        assertThat(rec.helloRetryRequest()).isNotNull();
        assertThat(rec.retryClientHello()).as("the ClientHello after the gap is decoded").isNotNull();
        assertThat(rec.retryClientHello().frame()).isEqualTo(7);
        assertThat(rec.retryClientHello().lengthBytes()).isEqualTo(512);
        assertThat(rec.retryClientHello().decodeError()).isNull();
        assertThat(rec.serverHello()).isNotNull();
        assertThat(rec.serverHello().frame()).isEqualTo(9);
        assertThat(rec.outcome()).as(rec.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        assertThat(rec.evidence()).anySatisfy(e -> assertThat(e.what()).contains("6 bytes of the client's stream"));
    }

    @Test
    void theFirstCopyWinsAndDisagreeingCopiesAreCounted() throws IOException {
        Run r = run("overlap-different-bytes");
        Conn c = r.conns.get(0);
        assertThat(c.text(Side.CLIENT)).isEqualTo("AAAAAAAAAA" + "BBBBB" + "bbbbb" + "CCCCCCCCCC" + "DDDDD");
        assertThat(c.frames(Side.CLIENT)).containsExactly(4L, 8L, 7L, 6L, 9L);
        HalfStream h = c.c.clientStream();
        // frame 5 repeats frame 4's range with other bytes (CRC); frame 7 disagrees with the held frame 6;
        // frame 8 disagrees with the held part of frame 7. Frame 9's [25,30) repeats delivered bytes: counted
        // as retransmitted, not compared (delivered bytes are not kept).
        assertThat(h.retransmissionMismatches()).isEqualTo(3);
        assertThat(h.firstMismatchFrame()).isEqualTo(5);
        assertThat(h.retransmittedBytes()).isEqualTo(10 + 5 + 5 + 5);
        assertThat(h.outOfOrderSegments()).isEqualTo(2);
        assertThat(h.missedBytes()).isZero();
        assertThat(c.events).containsExactly("end CAPTURE_END");
    }

    @Test
    void sequenceNumbersWrapAt2To32() throws IOException {
        Run r = run("wraparound");
        Conn c = r.conns.get(0);
        assertThat(c.text(Side.CLIENT)).isEqualTo("0123456789abcdefghijklmnopqrst");
        assertThat(c.frames(Side.CLIENT)).containsExactly(4L, 6L, 5L);
        assertThat(c.text(Side.SERVER)).isEqualTo("server bytes after the wrap");
        assertThat(c.c.clientStream().outOfOrderSegments()).isEqualTo(1);
        assertThat(c.c.clientStream().streamOffset()).isEqualTo(30);
        assertThat(c.events).containsExactly("end CAPTURE_END");
    }

    @Test
    void aCaptureStartingMidConnectionIsPartialWithRolesFromTheClientHello() throws IOException {
        Run r = run("mid-connection");
        assertThat(r.conns).hasSize(1);
        Conn c = r.conns.get(0);
        assertThat(c.c.isPartial()).isTrue();
        assertThat(c.c.synSeen()).isFalse();
        // Without a SYN the lower port is taken for the server: wrong here, until the ClientHello says otherwise.
        assertThat(c.c.server().port()).isEqualTo(40000);
        byte[] hello = TcpFixtures.handshakeRecord(0x0301, TcpFixtures.rfc8448("section3-client-hello.hex"));
        assertThat(c.bytes(Side.SERVER)).isEqualTo(cat(hello, TcpFixtures.applicationData(60, 2)));
        // The first data seen sets the base: nothing before it is missing.
        assertThat(c.c.serverStream().missedBytes() + c.c.clientStream().missedBytes()).isZero();
        assertThat(c.c.swapRoles()).isTrue();
        assertThat(c.c.client().port()).isEqualTo(40000);

        ConnectionRecord rec = analyze("mid-connection");
        assertThat(rec.partial()).isTrue();
        assertThat(rec.client().port()).isEqualTo(40000);
        assertThat(rec.server().port()).isEqualTo(61443);
        assertThat(rec.clientHello().frame()).isEqualTo(2);
        assertThat(rec.serverHello().frame()).isEqualTo(3);
        assertThat(rec.outcome()).as(rec.outcomeReason()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void retransmittedSynsAndSynAcksStayInTheConnection() throws IOException {
        Run r = run("syn-retransmission");
        assertThat(r.conns).hasSize(1);
        Conn c = r.conns.get(0);
        assertThat(c.text(Side.CLIENT)).isEqualTo("hello");
        assertThat(c.text(Side.SERVER)).isEqualTo("world");
        assertThat(r.ours.get(2L)).contains(Kind.RETRANSMISSION);
        assertThat(r.ours.get(4L)).contains(Kind.RETRANSMISSION);
        assertThat(r.streams.values()).containsOnly(0);
        assertThat(c.c.isPartial()).isFalse();
    }

    @Test
    void simultaneousOpenIsOneConnection() throws IOException {
        Run r = run("simultaneous-open");
        assertThat(r.conns).hasSize(1);
        Conn c = r.conns.get(0);
        assertThat(c.c.client().port()).isEqualTo(50000);
        assertThat(c.c.synSeen()).isTrue();
        assertThat(c.c.synAckSeen()).isTrue();
        assertThat(c.c.isPartial()).isFalse();
        assertThat(c.text(Side.CLIENT)).isEqualTo("from the first SYN's side");
        assertThat(c.text(Side.SERVER)).isEqualTo("from the second");
        assertThat(c.c.clientStream().missedBytes() + c.c.serverStream().missedBytes()).isZero();
    }

    @Test
    void dataOnTheSynIsDelivered() throws IOException {
        Run r = run("tfo");
        assertThat(r.conns).hasSize(2);
        byte[] hello = TcpFixtures.handshakeRecord(0x0301, TcpFixtures.rfc8448("section3-client-hello.hex"));
        Conn accepted = r.conns.get(0);
        assertThat(accepted.bytes(Side.CLIENT)).isEqualTo(cat(hello, TcpFixtures.applicationData(60, 2)));
        assertThat(accepted.frames(Side.CLIENT)).containsExactly(1L, 5L);
        assertThat(accepted.c.clientStream().retransmittedBytes()).isZero();
        Conn refused = r.conns.get(1);
        assertThat(refused.bytes(Side.CLIENT)).isEqualTo(cat(hello, TcpFixtures.applicationData(60, 2)));
        assertThat(refused.frames(Side.CLIENT)).containsExactly(10L, 15L);
        assertThat(refused.c.clientStream().retransmittedBytes()).isEqualTo(hello.length);
        assertThat(refused.c.clientStream().retransmissionMismatches()).isZero();

        CaptureResult result = HelloCheck.builder().build().analyze(write("tfo"));
        assertThat(result.connections()).hasSize(2);
        ConnectionRecord a = result.connections().get(0);
        assertThat(a.clientHello().frame()).isEqualTo(1);
        assertThat(a.serverHello().frame()).isEqualTo(3);
        assertThat(a.outcome()).as(a.outcomeReason()).isEqualTo(Outcome.COMPLETED);
        ConnectionRecord b = result.connections().get(1);
        assertThat(b.clientHello().frame()).isEqualTo(10);
        assertThat(b.serverHello().frame()).isEqualTo(14);
        assertThat(b.outcome()).as(b.outcomeReason()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aPortPairReusedAfterFinRstOrTimeWaitIsANewConnection() throws IOException {
        Run r = run("port-reuse");
        assertThat(r.conns).extracting(c -> c.c.streamIndex()).containsExactly(0, 1, 2, 3, 4);
        assertThat(r.conns).extracting(c -> c.text(Side.CLIENT)).containsExactly("one", "two", "three", "", "four");
        assertThat(r.conns).extracting(c -> c.text(Side.SERVER)).containsExactly("ONE", "", "THREE", "", "FOUR");
        assertThat(r.conns).extracting(c -> c.events.get(c.events.size() - 1))
                .containsExactly("end REUSED", "end REUSED", "end IDLE", "end CAPTURE_END", "end CAPTURE_END");
        assertThat(r.conns).allSatisfy(c -> assertThat(c.c.isPartial()).isFalse());
        assertThat(r.ours.get(9L)).contains(Kind.REUSED);
        assertThat(r.ours.get(14L)).contains(Kind.REUSED);
        assertThat(r.ours.get(23L)).contains(Kind.REUSED);
    }

    @Test
    void keepAlivesAndZeroWindowProbesAreNotData() throws IOException {
        Run r = run("keep-alive-zero-window");
        Conn c = r.conns.get(0);
        assertThat(c.text(Side.CLIENT)).isEqualTo("0123456789ABCDEFGHIJ");
        assertThat(c.frames(Side.CLIENT)).containsExactly(4L, 11L, 14L);
        HalfStream h = c.c.clientStream();
        assertThat(h.keepAlives()).isEqualTo(2);
        assertThat(h.zeroWindowProbes()).isEqualTo(1);
        assertThat(h.retransmittedBytes()).as("the probe's byte, sent again").isEqualTo(1);
        assertThat(h.retransmissionMismatches() + h.missedBytes()).isZero();
        assertThat(r.ours.get(6L)).contains(Kind.KEEP_ALIVE);
        assertThat(r.ours.get(8L)).contains(Kind.KEEP_ALIVE);
        assertThat(r.ours.get(11L)).contains(Kind.ZERO_WINDOW_PROBE);
    }

    @Test
    void aFrameCutByTheSnaplenIsAGapAndTheRecordSaysSo() throws IOException {
        Run r = run("snaplen");
        Conn c = r.conns.get(0);
        byte[] hello = TcpFixtures.handshakeRecord(0x0301, TcpFixtures.rfc8448("section3-client-hello.hex"));
        assertThat(c.bytes(Side.CLIENT)).isEqualTo(Arrays.copyOf(hello, 100));
        int cut = hello.length - 100;
        assertThat(c.events).containsExactly("gap CLIENT " + cut + " @4", "end CAPTURE_END");
        assertThat(c.c.clientStream().missedBytes()).isEqualTo(cut);
        assertThat(c.c.clientStream().streamOffset()).isEqualTo(hello.length);

        ConnectionRecord rec = analyze("snaplen");
        assertThat(rec.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(rec.outcomeReason()).contains("snaplen");
        assertThat(rec.clientMissedBytes()).isEqualTo(cut);
        assertThat(rec.serverMissedBytes()).isZero();
    }

    // ------------------------------------------------------------------ agreement with tshark

    static Stream<String> fixtures() {
        return TcpFixtures.ALL.keySet().stream();
    }

    /** What we say of a frame, in tshark's terms. */
    enum Kind {
        /** Every payload byte (or the SYN) was seen before: tshark's retransmission, fast or spurious. */
        RETRANSMISSION("tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
                "tcp.analysis.spurious_retransmission"),
        /** New bytes starting below the highest byte seen: tshark's out_of_order. */
        OUT_OF_ORDER("tcp.analysis.out_of_order"),
        /** Held above a hole, starting beyond every byte seen: tshark's "previous segment not captured". */
        LOST_SEGMENT("tcp.analysis.lost_segment"),
        KEEP_ALIVE("tcp.analysis.keep_alive"),
        ZERO_WINDOW_PROBE("tcp.analysis.zero_window_probe"),
        /** A gap reported at this frame: tshark's "ACKed segment that wasn't captured", or a frame cut short. */
        GAP("tcp.analysis.ack_lost_segment"),
        /** A SYN that opened a new connection on an address and port pair used before. */
        REUSED("tcp.analysis.reused_ports");

        final String[] fields;

        Kind(String... fields) {
            this.fields = fields;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void agreesWithTshark(String name) throws IOException {
        Tsv tsv = Tsv.load(RESOURCES + name + ".tsv");
        assertThat(tsv.comments.get(0)).startsWith("# tshark").contains("-r " + name + ".pcap")
                .contains("tcp.reassemble_out_of_order:TRUE");
        Path file = write(name);
        assertThat(sha256(file)).as("the fixture tshark read is the one the writer makes")
                .isEqualTo(tsv.fact("sha256 " + name + ".pcap"));
        Run r = run(file);
        Map<String, String> byDesign = tsv.byDesign();
        Set<String> used = new HashSet<>();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat((long) tsv.rows.size()).as("tshark rows").isEqualTo(r.frames);
        for (String[] row : tsv.rows) {
            long frame = Long.parseLong(tsv.get(row, "frame.number"));
            check(soft, byDesign, used, frame, "stream", Objects.toString(r.streams.get(frame), ""),
                    tsv.get(row, "tcp.stream"));
            EnumSet<Kind> ours = r.ours.getOrDefault(frame, EnumSet.noneOf(Kind.class));
            for (Kind k : Kind.values()) {
                boolean theirs = false;
                for (String f : k.fields) {
                    theirs |= !tsv.get(row, f).isEmpty();
                }
                if (k == Kind.GAP) {
                    theirs |= !tsv.get(row, "frame.cap_len").equals(tsv.get(row, "frame.len"));
                }
                check(soft, byDesign, used, frame, k.label(), String.valueOf(ours.contains(k)), String.valueOf(theirs));
            }
        }
        Set<String> stale = new HashSet<>(byDesign.keySet());
        stale.removeAll(used);
        soft.assertThat(stale).as("\"by design\" lines where we now agree with tshark").isEmpty();
        soft.assertAll();
    }

    private static void check(SoftAssertions soft, Map<String, String> byDesign, Set<String> used, long frame,
                              String what, String ours, String theirs) {
        String key = "frame " + frame + " " + what;
        if (ours.equals(theirs)) {
            return;
        }
        if (byDesign.containsKey(key)) {
            used.add(key);
            return;
        }
        soft.fail(key + ": we say " + ours + ", tshark " + theirs);
    }

    /**
     * Writes every fixture into the folder named by {@code -Dhellocheck.writeFixtures=DIR} (regenerate.sh). Tagged
     * {@code fixture-writer}, which the build excludes unless asked for.
     */
    @Test
    @Tag("fixture-writer")
    void writeFixtures() throws IOException {
        Path dir = Path.of(System.getProperty("hellocheck.writeFixtures"));
        Files.createDirectories(dir);
        for (TcpFixtures.Fixture fx : TcpFixtures.ALL.values()) {
            fx.write(dir.resolve(fx.name() + ".pcap"));
        }
    }

    // ------------------------------------------------------------------ running a fixture

    private Path write(String name) {
        Path file = tmp.resolve(name + ".pcap");
        TcpFixtures.ALL.get(name).write(file);
        return file;
    }

    private Run run(String name) throws IOException {
        return run(write(name));
    }

    private ConnectionRecord analyze(String name) throws IOException {
        CaptureResult result = HelloCheck.builder().build().analyze(write(name));
        assertThat(result.connections()).hasSize(1);
        return result.connections().get(0);
    }

    /** Reads a capture through the reader, the frame decoder and the tracker, recording what it delivers. */
    static Run run(Path file) throws IOException {
        Run r = new Run();
        r.tracker = new TcpTracker(TcpOptions.defaults(), r::open);
        FrameDecoder decoder = new FrameDecoder();
        PacketView v = new PacketView();
        Frame f = new Frame();
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.next(f)) {
                r.frame = f.number();
                r.frames++;
                DecodeStatus s = decoder.decode(f, v);
                if (s == DecodeStatus.ICMP_QUOTED_TCP) {
                    int seen = r.tracker.connectionsSeen();
                    int stream = r.tracker.onQuotedSegment(v);
                    r.streams.put(f.number(), stream);
                    if (stream == seen) {
                        r.openedByQuote.put(stream, f.number());
                    }
                    continue;
                }
                if (s == DecodeStatus.OTHER_IP) {
                    continue;       // an ICMP message without a numbered TCP quote
                }
                assertThat(s).as("frame " + f.number()).isEqualTo(DecodeStatus.TCP);
                r.tracker.onSegment(v);
            }
        }
        r.tracker.finish();
        return r;
    }

    /** What the tracker made of a capture. */
    static final class Run {
        TcpTracker tracker;
        long frame;
        long frames;
        final List<Conn> conns = new ArrayList<>();
        final Map<Long, Integer> streams = new TreeMap<>();
        final Map<Long, EnumSet<Kind>> ours = new HashMap<>();
        private final Set<FlowKey> keys = new HashSet<>();
        private final Set<Long> reused = new HashSet<>();

        /** Streams a quoted header opened (their index, the quote's frame): a reuse is that frame's. */
        final Map<Integer, Long> openedByQuote = new HashMap<>();

        StreamListener open(TcpConnection c) {
            if (!keys.add(c.key)) {
                Long quote = openedByQuote.get(c.streamIndex());
                if (quote != null) {
                    mark(quote, Kind.REUSED);
                } else {
                    reused.add(frame);
                }
            }
            Conn conn = new Conn(this, c);
            conns.add(conn);
            return conn;
        }

        void mark(long frame, Kind k) {
            ours.computeIfAbsent(frame, x -> EnumSet.noneOf(Kind.class)).add(k);
        }
    }

    /** Counters of a half stream before a segment, and the highest sequence number seen (Wireshark's nextseq). */
    private static final class Before {
        long retransmitted;
        long keepAlives;
        long probes;
        long held;
        boolean syn;
        long isn = -1;
        long highest = -1;
    }

    /** One connection as the tracker delivered it. */
    static final class Conn implements StreamListener {
        final Run run;
        final TcpConnection c;
        private final ByteArrayOutputStream[] bytes = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        private final List<List<Long>> frames = List.of(new ArrayList<>(), new ArrayList<>());
        final List<String> events = new ArrayList<>();
        private final Map<HalfStream, Before> before = new IdentityHashMap<>();

        Conn(Run run, TcpConnection c) {
            this.run = run;
            this.c = c;
        }

        byte[] bytes(Side s) {
            return bytes[s.ordinal()].toByteArray();
        }

        String text(Side s) {
            return bytes[s.ordinal()].toString(StandardCharsets.ISO_8859_1);
        }

        List<Long> frames(Side s) {
            return frames.get(s.ordinal());
        }

        @Override
        public void onData(TcpConnection conn, Side from, byte[] buf, int off, int len, long frame, long timeNanos) {
            bytes[from.ordinal()].write(buf, off, len);
            frames.get(from.ordinal()).add(frame);
        }

        @Override
        public void onGap(TcpConnection conn, Side from, long n, long frame, long timeNanos) {
            events.add("gap " + from + " " + n + " @" + frame);
            run.mark(frame, Kind.GAP);
        }

        @Override
        public void onSegment(TcpConnection conn, Side from, PacketView p) {
            long frame = p.frameNumber();
            run.streams.put(frame, conn.streamIndex());
            if (run.reused.contains(frame)) {
                run.mark(frame, Kind.REUSED);
            }
            HalfStream h = conn.stream(from);
            Before b = before.computeIfAbsent(h, x -> new Before());
            int flags = p.flags();
            boolean syn = (flags & PacketView.SYN) != 0;
            boolean fin = (flags & PacketView.FIN) != 0;
            boolean rst = (flags & PacketView.RST) != 0;
            long len = p.payloadLength() + p.payloadMissingBytes();
            long start = syn ? p.seq() + 1 : p.seq();
            long retransmitted = h.retransmittedBytes() - b.retransmitted;
            boolean keepAlive = h.keepAlives() > b.keepAlives;
            boolean probe = h.zeroWindowProbes() > b.probes;
            if (keepAlive) {
                run.mark(frame, Kind.KEEP_ALIVE);
            }
            if (probe) {
                run.mark(frame, Kind.ZERO_WINDOW_PROBE);
            }
            if (!rst && ((len > 0 && !keepAlive && retransmitted == len) || (syn && b.syn && p.seq() == b.isn))) {
                run.mark(frame, Kind.RETRANSMISSION);
            }
            if (!rst && len > 0 && !keepAlive && retransmitted < len && b.highest >= 0) {
                if (serialLess(start, b.highest)) {
                    run.mark(frame, Kind.OUT_OF_ORDER);
                } else if (serialLess(b.highest, start) && h.outOfOrderSegments() > b.held) {
                    run.mark(frame, Kind.LOST_SEGMENT);
                }
            }
            if (!rst && !probe && (len > 0 || syn || fin)) {
                long end = (start + len + (fin ? 1 : 0)) & 0xffff_ffffL;
                if (b.highest < 0 || serialLess(b.highest, end)) {
                    b.highest = end;
                }
            }
            if (syn && !b.syn) {
                b.syn = true;
                b.isn = p.seq();
            }
            b.retransmitted = h.retransmittedBytes();
            b.keepAlives = h.keepAlives();
            b.probes = h.zeroWindowProbes();
            b.held = h.outOfOrderSegments();
        }

        @Override
        public void onTimer(TcpConnection conn, long nowNanos) {
        }

        @Override
        public void onEnd(TcpConnection conn, EndReason reason, long nowNanos) {
            events.add("end " + reason);
        }
    }

    private static boolean serialLess(long a, long b) {
        return (int) ((a - b) & 0xffff_ffffL) < 0;
    }

    // ------------------------------------------------------------------ helpers

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A saved tshark field table: comment lines, a header, rows. */
    static final class Tsv {
        private static final Pattern BY_DESIGN = Pattern.compile("^# by design: (frame \\d+ \\w+): (.+)$");
        final List<String> comments = new ArrayList<>();
        final Map<String, Integer> col = new HashMap<>();
        final List<String[]> rows = new ArrayList<>();

        static Tsv load(String resource) throws IOException {
            Tsv t = new Tsv();
            try (InputStream in = Objects.requireNonNull(Tsv.class.getResourceAsStream(resource), resource);
                 BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                boolean header = false;
                for (String l; (l = br.readLine()) != null; ) {
                    if (!header && l.startsWith("#")) {
                        t.comments.add(l);
                    } else if (!header) {
                        String[] h = l.split("\t", -1);
                        for (int i = 0; i < h.length; i++) {
                            t.col.put(h[i], i);
                        }
                        header = true;
                    } else if (!l.isEmpty()) {
                        t.rows.add(l.split("\t", -1));
                    }
                }
            }
            return t;
        }

        String fact(String key) {
            for (String c : comments) {
                if (c.startsWith("# " + key + " ")) {
                    return c.substring(key.length() + 3);
                }
            }
            return null;
        }

        /** "frame N KIND" to why, from the "# by design:" lines. */
        Map<String, String> byDesign() {
            Map<String, String> m = new HashMap<>();
            for (String c : comments) {
                Matcher x = BY_DESIGN.matcher(c);
                if (x.matches()) {
                    m.put(x.group(1), x.group(2));
                }
            }
            return m;
        }

        String get(String[] row, String field) {
            Integer i = col.get(field);
            assertThat(i).as("tshark column " + field).isNotNull();
            return i >= row.length ? "" : row[i];
        }
    }
}
