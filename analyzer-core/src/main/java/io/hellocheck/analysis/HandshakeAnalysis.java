package io.hellocheck.analysis;

import io.hellocheck.engine.CaptureWarning;
import io.hellocheck.profile.BuiltinProfiles;
import io.hellocheck.profile.ProfileMatch;
import io.hellocheck.profile.ServerProfile;
import io.hellocheck.tcp.Endpoint;
import io.hellocheck.tcp.StreamListener;
import io.hellocheck.tcp.TcpConnection;
import io.hellocheck.tcp.TcpTracker;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.Ja4;
import io.hellocheck.tls.TlsNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The analysis of one capture: makes a {@link HandshakeAnalyzer} for each TCP connection, hands each
 * finished {@link ConnectionRecord} to the sink in decision order, and keeps a compact aggregate per server
 * for the {@link ServerRecord}s written at the end. A failed record, and those decided after it, wait until
 * the capture ends (at most {@link #MAX_HELD}), so that its diagnosis reads every handshake with its server
 * ({@link ServerEvidence}). Not thread-safe: one per capture.
 */
public final class HandshakeAnalysis implements TcpTracker.ListenerFactory {
    private static final int MAX_PENDING_ATTEMPTS = 10_000;
    /** Records held for the end of the capture, at most. */
    static final int MAX_HELD = 1_000;
    private static final int MAX_SERVER_NAMES = 32;
    private static final int MAX_OFFERS = 1_000;
    private static final int MAX_RETRIES = 32;
    private static final int MAX_CACHED_OFFERS = 256;
    private static final int MAX_CLIENTS = 64;
    private static final int MAX_CLIENT_FACTORS = 3;
    private static final int MAX_ISSUERS = 8;
    private static final int MAX_CHAINS = 8;
    private static final int MAX_SILENT_CLOSES = 64;
    private static final int NO_APPLICATION_PROTOCOL = 120;

    private final AnalysisOptions options;
    private final String name;
    private final Consumer<ConnectionRecord> sink;
    private static final List<ServerProfile> BUILTIN = BuiltinProfiles.all();
    /** The profile the user gave, or null. */
    private final ServerProfile userProfile;
    private int timeDigits = 6;
    private final Map<Endpoint, ServerStats> servers = new LinkedHashMap<>();
    private final Set<Integer> tlsPorts = new HashSet<>();
    private final Retries retries;
    private final TcpSightings tcpSightings = new TcpSightings();
    private final List<ConnectionRecord> pendingAttempts = new ArrayList<>();
    /** NO_RESPONSE records without a server packet, while no server packet of any connection was seen. */
    private final List<ConnectionRecord> pendingOneSided = new ArrayList<>();
    private static final int MAX_PENDING_ONE_SIDED = 1_000;
    private boolean serverSideSeen;
    private long serverOnlyConnections;
    private int failedRecords;
    private long snaplenCutConnections;
    /** Records waiting for the end of the capture, in decision order, a failed one first (at most {@link #MAX_HELD}). */
    private final ArrayDeque<ConnectionRecord> held = new ArrayDeque<>();
    private final EnumMap<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    private long droppedAttempts;
    private final Ja4.Memo ja4s = new Ja4.Memo();
    /** Profile comparisons per distinct offer, the least recently used dropped beyond 256. */
    private final Map<Offer, ProfileMatches> matches = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Offer, ProfileMatches> eldest) {
            return size() > MAX_CACHED_OFFERS;
        }
    };

    /**
     * @param name the capture's name as given (written into each record)
     * @param sink receives each connection record in decision order (a failed one when the capture ends)
     */
    public HandshakeAnalysis(AnalysisOptions options, String name, Consumer<ConnectionRecord> sink) {
        this(options, name, sink, null);
    }

    /**
     * @param name    the capture's name as given (written into each record)
     * @param sink    receives each connection record in decision order (a failed one when the capture ends)
     * @param profile the user's server profile, compared with each ClientHello in {@link CipherOverlap} before
     *                the built-in ones, or null
     */
    public HandshakeAnalysis(AnalysisOptions options, String name, Consumer<ConnectionRecord> sink,
                             ServerProfile profile) {
        this.options = options;
        this.name = name;
        this.sink = sink;
        this.userProfile = profile;
        this.retries = new Retries(ja4s);
    }

    /**
     * Says that a BPF filter hides frames from the analysis: tcp.stream then counts only the connections it
     * kept, so records name their connection by addresses, ports and first frame for Wireshark.
     */
    public void setFiltered(boolean filtered) {
        this.filtered = filtered;
    }

    boolean filtered() {
        return filtered;
    }

    /**
     * Says that the capture ends at damage (an unreadable record, a failing stream), not at its end: the
     * connections then undecided are reported as cut by the damage.
     */
    public void setDamaged() {
        this.damaged = true;
    }

    /**
     * A frame of capture source {@code source} ({@link CaptureEnds#source}) captured at {@code timeNanos}, before it
     * is decoded, filtered out or not: counted in where each capture of the file ends ({@link CaptureEnds}), and the
     * source of the connections it starts.
     */
    public void frame(long source, long timeNanos) {
        ends.frame(source, timeNanos);
        this.source = source;
    }

    /** The capture source of the frame being read. */
    long source() {
        return source;
    }

    /**
     * Where the capture of a connection or flow ends, after the file's last frame (or its damage); before it, from the
     * frames read so far.
     *
     * @param noun      "connection" or "flow"
     * @param source    its capture source
     * @param lastNanos the time of its last frame
     * @param read      whether the file was read to its end
     */
    FlowEnd endOf(String noun, long source, long lastNanos, boolean read) {
        return FlowEnd.atEnd(ends, noun, source, lastNanos, damaged, read, options.noAnswerTimeoutNanos());
    }

    /** The start of a reason when the capture ends at damage; {@link Diagnoser} keys on it. */
    static final String DAMAGED = "The capture file is damaged";

    /**
     * Adds TLS session secrets: the user's key log, or a pcapng Decryption Secrets Block read before the packets
     * it covers. Connections whose ServerHello comes later are decrypted when the log has their client random.
     */
    public void addKeyLog(io.hellocheck.tls.decrypt.KeyLog log) {
        keyLog = keyLog.with(log);
    }

    io.hellocheck.tls.decrypt.KeyLog keyLog() {
        return keyLog;
    }

    /** Counts a session looked up in the key log at its ServerHello. */
    void sessionLookedUp(boolean hadClientHello, boolean found) {
        if (hadClientHello && !keyLog.isEmpty()) {
            sessionsLookedUp++;
            if (found) {
                sessionsMatched++;
            }
        }
    }

    /**
     * One warning when a key log was given but matched none of the capture's TLS sessions (a wrong file, or the
     * secrets of other sessions), else null. Names no secret.
     */
    public String keyLogWarning() {
        if (keyLog.isEmpty() || sessionsLookedUp == 0 || sessionsMatched > 0) {
            return null;
        }
        return "the TLS key log (" + keyLog.sessions() + " session" + (keyLog.sessions() == 1 ? "" : "s")
                + ") matches none of the " + sessionsLookedUp + " TLS session" + (sessionsLookedUp == 1 ? "" : "s")
                + " in this capture (no client random in common), so nothing was decrypted: is it the key log "
                + "written while this capture was taken?";
    }

    /** Sets the fractional-second digits of the capture's timestamps (6 for microseconds, 9 for nanoseconds). */
    public void setTimeDigits(int digits) {
        this.timeDigits = digits;
    }

    @Override
    public StreamListener newConnection(TcpConnection connection) {
        return new ConnectionGuard(this, new HandshakeAnalyzer(this, connection));
    }

    AnalysisOptions options() {
        return options;
    }

    String name() {
        return name;
    }

    int timeDigits() {
        return timeDigits;
    }

    private boolean filtered;
    private boolean damaged;
    private final CaptureEnds ends = new CaptureEnds();
    private long source;
    /** The TLS key log (--keylog and the capture's Decryption Secrets Blocks); empty without one. */
    private io.hellocheck.tls.decrypt.KeyLog keyLog = io.hellocheck.tls.decrypt.KeyLog.empty();
    /** Sessions (a ServerHello after a readable ClientHello) looked up in a non-empty key log, and those found. */
    private int sessionsLookedUp;
    private int sessionsMatched;

    /** A connection without a ClientHello ended: counts those whose client sent nothing that was captured. */
    void connectionWithoutHello(TcpConnection c) {
        if (c.clientStream().packets() == 0 && c.serverStream().packets() > 0) {
            serverOnlyConnections++;
        }
    }

    /**
     * A warning when the capture holds only the servers' side of its connections (no ClientHello can be seen
     * then), or null.
     */
    public String sidesWarning() {
        if (serverOnlyConnections == 0 || !outcomes.isEmpty()) {
            return null;
        }
        return "the capture holds only the servers' side of its TCP connections (" + serverOnlyConnections
                + (serverOnlyConnections == 1 ? " connection" : " connections") + " with no packet from the "
                + "client), so no ClientHello can be seen; capture both directions (for example tcpdump on the "
                + "client, without a direction filter)";
    }

    /** A packet of a server's side was seen: the capture is not one-sided. */
    void serverPacketSeen() {
        if (!serverSideSeen) {
            serverSideSeen = true;
            for (ConnectionRecord r : pendingOneSided) {
                write(r);
            }
            pendingOneSided.clear();
        }
    }

    /** A connection with a ClientHello is decided: write its record, or hold it when it failed. */
    void emit(HandshakeAnalyzer a) {
        TcpConnection c = a.connection();
        ServerStats stats = servers.computeIfAbsent(c.server(), k -> new ServerStats());
        Outcome o = a.outcome();
        if (o == Outcome.COMPLETED && a.serverHello() != null) {
            stats.accepted.add(a.serverHello().hello().cipherSuite());
            String name = a.clientHello() == null || a.clientHello().hello() == null ? null
                    : a.clientHello().hello().serverName();
            if (name != null && (stats.acceptedBySni.containsKey(name) || stats.acceptedBySni.size() < MAX_SERVER_NAMES)) {
                stats.acceptedBySni.computeIfAbsent(name, k -> new LinkedHashSet<>())
                        .add(a.serverHello().hello().cipherSuite());
            }
            stats.versions.add(a.serverHello().hello().negotiatedVersion());
        }
        if (stats.synAckTtl < 0 && c.serverStream().synSeen()) {
            stats.synAckTtl = c.serverStream().synTtl();
        }
        HelloInfo hello = a.clientHello();
        CipherOverlap overlap = hello == null || hello.hello() == null ? null
                : overlap(hello.hello(), stats, o == Outcome.COMPLETED ? 1 : 0, c.server());
        if (o == Outcome.COMPLETED) {
            // counted when decided, not when written: the failures held before it read it
            stats.completed++;
        }
        if (hello != null && hello.hello() != null) {
            tlsPorts.add(c.serverPort());
            String sni = hello.hello().serverName();
            if (sni != null && stats.names.size() < MAX_SERVER_NAMES) {
                stats.names.add(sni);
            }
        }
        ConnectionRecord r = a.toRecord(null, null, overlap);
        if (!serverSideSeen && (r.outcome() == Outcome.NO_RESPONSE || a.endedUnanswered())
                && c.serverStream().packets() == 0) {
            // one-sided is judged on the whole capture (CONTRACT.md): wait for a server packet anywhere, or the end;
            // a capture that ends too soon after the ClientHello is one-sided alike (ndpi encrypted_sni.pcap, its
            // three connections from the client only)
            if (pendingOneSided.size() < MAX_PENDING_ONE_SIDED) {
                pendingOneSided.add(r);
            } else {
                write(oneSided(r));
            }
            return;
        }
        write(r);
    }

    private static ConnectionRecord oneSided(ConnectionRecord r) {
        return r.withOutcome(Outcome.INCONCLUSIVE, HandshakeAnalyzer.ONE_SIDED);
    }

    /** A record whose outcome is final: counted for the server, then written or held. */
    private void write(ConnectionRecord r) {
        ServerStats stats = servers.computeIfAbsent(r.server(), k -> new ServerStats());
        stats.observe(r);
        countFactors(stats, r);
        hold(r);
    }

    /**
     * Writes {@code r} at once, or, when it failed, holds it until the capture ends, so that its diagnosis
     * reads every handshake of the capture with the same server. Records decided after a held one wait behind
     * it, so that records keep their decision order; at most {@link #MAX_HELD} wait, beyond that the oldest is
     * written with what is known so far.
     */
    private void hold(ConnectionRecord r) {
        if (held.isEmpty() && !r.failed()) {
            release(r, null);
            return;
        }
        held.add(r);
        if (held.size() > MAX_HELD) {
            release(held.poll(), null);
        }
    }

    /**
     * Diagnoses {@code r} with what the capture showed of its server ({@code evidence}, or made now when
     * null), counts it and hands it to the sink.
     */
    private void release(ConnectionRecord r, ServerEvidence evidence) {
        ServerStats stats = servers.computeIfAbsent(r.server(), k -> new ServerStats());
        HelloInfo h = r.clientHello();
        if (r.failed() && h != null && h.hello() != null) {
            r = r.withCipherOverlap(overlap(h.hello(), stats, 0, r.server()));
        }
        r = Texts.consistentReason(r);
        ServerEvidence server = evidence != null ? evidence : r.failed() ? stats.recentEvidence() : ServerEvidence.NONE;
        r = r.withDiagnosis(PreambleFindings.rankFirst(r, server, Diagnoser.diagnose(r, server)));
        ServerRecord.Retry retry = retries.note(r);
        if (retry != null && stats.retries.size() < MAX_RETRIES) {
            stats.retries.add(retry);
        }
        count(stats, r);
        tcpSightings.note(r);
        deliver(r);
        recordsSettled++;
    }

    TcpSightings tcpSightings() {
        return tcpSightings;
    }

    /** Whether a packet of any TCP connection's server side was seen. */
    boolean serverSideSeen() {
        return serverSideSeen;
    }

    /**
     * The cipher-suite overlap of a QUIC or DTLS record's ClientHello with its server's known set, once every
     * flow of the capture went through {@link #noteUdpCompleted}.
     */
    CipherOverlap overlapFor(ConnectionRecord r) {
        HelloInfo hello = r.clientHello();
        if (hello == null || hello.hello() == null) {
            return null;
        }
        ServerStats stats = servers.computeIfAbsent(r.server(), k -> new ServerStats());
        return overlap(hello.hello(), stats, 0, r.server());
    }

    /**
     * Counts a completed QUIC or DTLS handshake with its server (its chosen suite and version join the server's
     * known set); returns {@code r}.
     */
    ConnectionRecord noteUdpCompleted(ConnectionRecord r) {
        if (r.outcome() == Outcome.COMPLETED) {
            ServerStats stats = servers.computeIfAbsent(r.server(), k -> new ServerStats());
            if (r.serverHello() != null) {
                stats.accepted.add(r.serverHello().hello().cipherSuite());
                stats.versions.add(r.serverHello().hello().negotiatedVersion());
            }
            stats.completed++;
        }
        return r;
    }

    /** A QUIC or DTLS flow's record (its completed handshake already counted): diagnosed, counted, written. */
    void emitUdp(ConnectionRecord r) {
        ServerStats stats = servers.computeIfAbsent(r.server(), k -> new ServerStats());
        r = r.withDiagnosis(UdpDiagnosis.diagnose(r, r.failed() ? stats.recentEvidence() : ServerEvidence.NONE));
        countFactors(stats, r);
        count(stats, r);
        deliver(r);
    }

    /**
     * The overlap of {@code hello} with what is known of its server; the user's profile only when it applies to
     * {@code server} (a profile from a scan applies to the hosts it names).
     */
    private CipherOverlap overlap(ClientHello hello, ServerStats stats, int completedNow, Endpoint server) {
        List<Integer> common = new ArrayList<>();
        List<Integer> offered = hello.cipherSuites();
        for (int i = 0; i < offered.size(); i++) {
            Integer s = offered.get(i); // the list's own box: none made per suite and lookup
            if (stats.accepted.contains(s)) {
                common.add(s);
            }
        }
        ProfileMatches m = profileMatches(hello);
        ProfileMatch user = m.user != null && m.user.profile().appliesTo(server.ip(), server.port()) ? m.user : null;
        int likely = -1;
        if (user != null) {
            for (int s : user.profile().cipherSuites()) {
                if (user.usableSuites().contains(s)) {
                    likely = s;
                    break;
                }
            }
        } else if (!common.isEmpty()) {
            likely = common.get(0);
        }
        return new CipherOverlap(CipherOverlap.INFERRED, List.copyOf(stats.accepted), List.copyOf(common),
                stats.completed + completedNow, user, m.builtin, likely, m.insecure, m.weak);
    }

    /** The offered suites whose security class is {@code insecure} and {@code weak}, in offer order. */
    private static List<List<Integer>> insecureAndWeak(List<Integer> suites) {
        List<Integer> insecure = new ArrayList<>();
        List<Integer> weak = new ArrayList<>();
        for (int s : suites) {
            TlsNames.CipherSuiteInfo info = TlsNames.cipherSuiteInfo(s);
            if (info != null && "insecure".equals(info.security())) {
                insecure.add(s);
            } else if (info != null && "weak".equals(info.security())) {
                weak.add(s);
            }
        }
        return List.of(List.copyOf(insecure), List.copyOf(weak));
    }

    /**
     * The comparisons with the profiles, and the offered insecure and weak suites, computed once per distinct
     * offer (suites, versions, groups): a capture holds many connections of few client configurations, and
     * both are pure functions of the offer. The results are immutable and shared between records.
     */
    private ProfileMatches profileMatches(ClientHello hello) {
        Offer key = new Offer(hello.cipherSuites(), hello.supportedVersions(), hello.legacyVersion(),
                hello.supportedGroups());
        ProfileMatches m = matches.get(key);
        if (m == null) {
            List<ProfileMatch> builtin = new ArrayList<>(BUILTIN.size());
            for (ServerProfile p : BUILTIN) {
                builtin.add(ProfileMatch.of(p, hello));
            }
            List<List<Integer>> insecureAndWeak = insecureAndWeak(hello.cipherSuites());
            m = new ProfileMatches(userProfile == null ? null : ProfileMatch.of(userProfile, hello),
                    List.copyOf(builtin), insecureAndWeak.get(0), insecureAndWeak.get(1));
            matches.put(key, m);
        }
        return m;
    }

    /**
     * What {@link ProfileMatch#of(ServerProfile, ClientHello)} reads of a ClientHello. A map key: equals and
     * hashCode written out, as a record's generated ones run through method handles that C1 does not inline.
     */
    private record Offer(List<Integer> suites, List<Integer> versions, int legacyVersion, List<Integer> groups) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Offer x && legacyVersion == x.legacyVersion && suites.equals(x.suites)
                    && versions.equals(x.versions) && groups.equals(x.groups);
        }

        @Override
        public int hashCode() {
            return ((suites.hashCode() * 31 + versions.hashCode()) * 31 + legacyVersion) * 31 + groups.hashCode();
        }
    }

    /**
     * Offered suites, and whether TLS 1.3 and whether TLS 1.2 or earlier is offered: what a suite compares with.
     * A map key: equals and hashCode written out, as for {@link Offer}.
     */
    private record Suites(List<Integer> suites, boolean tls13, boolean older) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Suites x && tls13 == x.tls13 && older == x.older && suites.equals(x.suites);
        }

        @Override
        public int hashCode() {
            return (suites.hashCode() * 31 + Boolean.hashCode(tls13)) * 31 + Boolean.hashCode(older);
        }

        static Suites of(ClientHello ch) {
            boolean tls13 = false;
            boolean older = false;
            for (int v : Diagnoser.offeredVersions(ch)) {
                if (Diagnoser.versionRank(v) >= Diagnoser.versionRank(0x0304)) {
                    tls13 = true;
                } else {
                    older = true;
                }
            }
            return new Suites(ch.cipherSuites(), tls13, older);
        }
    }

    /** Per distinct offer: the profile comparisons, and the offered insecure and weak suites. */
    private record ProfileMatches(ProfileMatch user, List<ProfileMatch> builtin, List<Integer> insecure,
                                  List<Integer> weak) {
    }

    /**
     * A connection attempt without a ClientHello ended: refused, unanswered, or too short to say.
     *
     * @param nowNanos when its capture ended, or when it went idle
     * @param end      how a reason says where its capture ended (null when it was refused)
     */
    void failedAttempt(HandshakeAnalyzer a, long nowNanos, FlowEnd end) {
        TcpConnection c = a.connection();
        Outcome o;
        String why;
        if (a.refused()) {
            o = Outcome.TCP_REFUSED;
            why = "The SYN was answered by a RST: nothing listens on port " + c.server().port() + ".";
        } else if (nowNanos - a.firstSynTime() >= options.noAnswerTimeoutNanos()) {
            o = Outcome.TCP_NO_ANSWER;
            why = "The SYN" + (a.synCount() > 1 ? " (sent " + a.synCount() + " times)" : "")
                    + " was never answered.";
        } else {
            o = Outcome.INCONCLUSIVE;
            why = end.say(" " + Texts.seconds(nowNanos - a.firstSynTime()) + " after the SYN, too soon to call it "
                    + "unanswered");
        }
        ConnectionRecord r = a.toRecord(o, why, null);
        int port = c.serverPort();
        if (AnalysisOptions.WELL_KNOWN_TLS_PORTS.contains(port) || options.extraTlsPorts().contains(port)
                || tlsPorts.contains(port)) {
            emitAttempt(r);
        } else if (pendingAttempts.size() < MAX_PENDING_ATTEMPTS) {
            pendingAttempts.add(r);
        } else {
            droppedAttempts++;
        }
        recordsSettled++;
    }

    private void emitAttempt(ConnectionRecord r) {
        hold(r);
    }

    /** Hands a record to the sink; what the sink throws comes out as a {@link SinkFailure}. */
    private void deliver(ConnectionRecord r) {
        try {
            sink.accept(r);
        } catch (RuntimeException e) {
            throw new SinkFailure(e);
        }
    }

    /**
     * What the sink threw while a connection's events were analyzed: {@link ConnectionGuard} hands it on
     * unchanged, as it is not the connection's failure.
     */
    static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailure(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    /** How many connections' records were written or set aside so far: {@link ConnectionGuard} watches it. */
    long recordsSettled() {
        return recordsSettled;
    }

    /**
     * A bug while analyzing one connection ({@link ConnectionGuard}): a warning for the capture, and, when the
     * connection's record was not written yet, an {@code INCONCLUSIVE} record with what was gathered before,
     * the exception and its frame in the evidence.
     *
     * @param frame   the frame being analyzed (from 1), or -1 for a timer or the end of the connection
     * @param settled whether the connection's record was written (or set aside) before the failure
     */
    void connectionFailed(HandshakeAnalyzer a, RuntimeException e, long frame, long timeNanos, boolean settled) {
        TcpConnection c = a.connection();
        String where = frame > 0 ? "at frame " + frame : "at the end of the connection";
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(new CaptureWarning("internal error while analyzing " + ConnectionRecord.streamFilter(
                    c.streamIndex()) + " (" + c.client() + " to " + c.server() + ") " + where + ": " + e
                    + (settled ? "; its record was written before" : "; it is reported INCONCLUSIVE")
                    + ", and the rest of the capture was analyzed; please report it as a bug", -1));
        } else {
            warningsLeftOut++;
        }
        if (settled) {
            return;
        }
        String what = "internal error while analyzing this connection " + where + ": " + e;
        ConnectionRecord r;
        try {
            r = a.toRecord(Outcome.INCONCLUSIVE, "hellocheck could not finish analyzing this connection (an internal "
                    + "error " + where + "), so its outcome is unknown; please report it as a bug.", null);
        } catch (RuntimeException again) {
            r = new ConnectionRecord(name, c.streamIndex(), c.client(), c.server(), c.firstTimeNanos(), timeDigits,
                    Outcome.INCONCLUSIVE, "hellocheck could not finish analyzing this connection (an internal error "
                    + where + "), so its outcome is unknown; please report it as a bug.", null, null, null, null,
                    null, null, List.of(), null, List.of(), null, null, c.isPartial(), 0, 0, null, null, List.of(),
                    null, null, filtered ? ConnectionRecord.tupleFilter(c.client(), c.server(), c.firstFrame())
                    : ConnectionRecord.streamFilter(c.streamIndex()), null);
        }
        r = r.withEvidence(new Evidence(frame > 0 ? frame : c.firstFrame(), timeNanos, what));
        count(servers.computeIfAbsent(r.server(), k -> new ServerStats()), r);
        deliver(r);
        recordsSettled++;
    }

    /**
     * Warnings about the capture's analysis (an internal error on a connection, with its frame), at most 100;
     * a last one says how many more were left out.
     */
    public List<CaptureWarning> warnings() {
        List<CaptureWarning> out = new ArrayList<>(warnings);
        if (warningsLeftOut > 0) {
            out.add(new CaptureWarning(warningsLeftOut + " more internal errors left out", -1));
        }
        return List.copyOf(out);
    }

    private static final int MAX_WARNINGS = 100;
    private final List<CaptureWarning> warnings = new ArrayList<>();
    private int warningsLeftOut;
    private long recordsSettled;

    private void count(ServerStats stats, ConnectionRecord r) {
        outcomes.merge(r.outcome(), 1, Integer::sum);
        stats.outcomes.merge(r.outcome(), 1, Integer::sum);
        stats.connections++;
        stats.udp.note(r);
        if (r.failed()) {
            failedRecords++;
            stats.failed++;
            if (!r.diagnosis().isEmpty()) {
                stats.causes.merge(r.diagnosis().get(0).cause(), 1, Integer::sum);
            }
        }
    }

    /** Counts what the server differences compare: the ClientHello's properties, when it failed or completed. */
    private void countFactors(ServerStats stats, ConnectionRecord r) {
        HelloInfo h = r.retryClientHello() != null ? r.retryClientHello() : r.clientHello();
        if (h != null && h.hello() != null && (r.outcome() == Outcome.COMPLETED || r.failed())) {
            boolean ok = r.outcome() == Outcome.COMPLETED;
            ClientHello ch = h.hello();
            stats.factor(TLS13_FACTOR, ch.supportedVersions().contains(TLS13), ok);
            stats.factor(1, ch.serverName() != null, ok);
            stats.factor(2, Diagnoser.postQuantum(ch), ok);
            stats.factor(3, h.frames().size() > 1, ok);
            stats.factor(4, !ch.alpn().isEmpty(), ok);
            stats.offer(ch, ok);
            stats.nameFactors.note(ch.serverName(), ok);
            if (ok) {
                stats.completedOffers.completed(ch);
            }
            // the client's fingerprint is that of its first ClientHello, as in client_hello.ja4
            ClientHello first = r.clientHello() != null && r.clientHello().hello() != null
                    ? r.clientHello().hello() : ch;
            stats.client(first.sslV2() ? null : Ja4.forTransport(ja4s.ja4(first), r.transport()), ok);
        }
    }

    private static Map<String, List<Integer>> bySni(ServerStats s) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        s.acceptedBySni.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** The ClientHello properties whose effect each server record reports. */
    private static final String[] FACTORS = {"offers TLSv1.3", "sends SNI", "carries a post-quantum key share",
        "spans several TCP segments", "offers ALPN"};

    /** The index of "offers TLSv1.3" in {@link #FACTORS}. */
    private static final int TLS13_FACTOR = 0;

    /** TLS 1.3's version number, as a ServerHello's negotiated version (RFC 8446 4.2.1). */
    private static final int TLS13 = 0x0304;

    /** The index of "offers ALPN" in {@link #FACTORS}. */
    private static final int ALPN_FACTOR = 4;

    /** Fewer handshakes than this behind a finding: it says that it may be chance. */
    private static final int FEW_HANDSHAKES = 4;

    /** The factor comparing the offered suites with those the server chose in completed handshakes. */
    static final String COMMON_SUITE_FACTOR = "offers a cipher suite this server chose in a completed handshake";

    /**
     * One difference per property of {@link #FACTORS} seen on the server's handshakes, then whether the
     * ClientHello offered a suite the server chose in a completed handshake of the capture (only when it
     * completed one: before that, "chose" has nothing to compare with).
     */
    private static List<ServerRecord.Difference> differences(ServerStats s) {
        List<ServerRecord.Difference> out = new ArrayList<>();
        for (int i = 0; i < FACTORS.length; i++) {
            if (i == ALPN_FACTOR && !s.alpnRejected) {
                // ALPN matters to a handshake only when the server rejects the protocols (alert 120)
                continue;
            }
            int[] c = s.factors[i];
            if (i == TLS13_FACTOR && !s.versions.contains(TLS13) && c[0] == 0 && c[3] == 0) {
                // "fail only when the ClientHello does not offer TLSv1.3": offering it cannot have made a
                // handshake complete with a server that never chose it (failing when offering it still counts)
                continue;
            }
            ServerRecord.Difference d = difference(FACTORS[i], c, null);
            if (d != null) {
                out.add(d);
            }
        }
        if (!s.accepted.isEmpty()) {
            ServerRecord.Difference d = difference(COMMON_SUITE_FACTOR, s.commonSuiteCounts(), chosen(s.accepted));
            if (d != null) {
                out.add(d);
            }
        }
        out.addAll(s.nameFactors.differences());
        out.addAll(clientDifferences(s));
        return out;
    }

    /** "client JA4 t13d1516h2_8daaf6152771_02713d6af862": the factor of a JA4 fingerprint. */
    static final String CLIENT_FACTOR = "client JA4 ";

    /**
     * One difference per JA4 fingerprint among the failed handshakes' first ClientHellos, at most 3: those
     * with the most failures, ties in JA4 order. "With" is a handshake whose first ClientHello has that
     * JA4; "without", any other (another JA4, or an SSLv2 CLIENT-HELLO, which has none).
     */
    private static List<ServerRecord.Difference> clientDifferences(ServerStats s) {
        List<Map.Entry<String, int[]>> failing = new ArrayList<>();
        List<Map.Entry<String, int[]>> completed = new ArrayList<>();
        int completedCounted = 0;
        for (Map.Entry<String, int[]> e : s.clients.entrySet()) {
            if (e.getValue()[0] > 0) {
                failing.add(e);
            }
            if (e.getValue()[1] > 0) {
                completed.add(e);
                completedCounted += e.getValue()[1];
            }
        }
        failing.sort((x, y) -> x.getValue()[0] != y.getValue()[0] ? y.getValue()[0] - x.getValue()[0]
                : x.getKey().compareTo(y.getKey()));
        completed.sort((x, y) -> x.getValue()[1] != y.getValue()[1] ? y.getValue()[1] - x.getValue()[1]
                : x.getKey().compareTo(y.getKey()));
        List<ServerRecord.Difference> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : failing.subList(0, Math.min(MAX_CLIENT_FACTORS, failing.size()))) {
            int failedWith = e.getValue()[0];
            int completedWith = e.getValue()[1];
            int failedWithout = s.clientTotals[0] - failedWith;
            int completedWithout = s.clientTotals[1] - completedWith;
            String finding = null;
            if (completedWith == 0 && failedWithout == 0 && completedWithout > 0) {
                finding = (failedWith == 1 ? "The failed handshake" : "Every failed handshake (" + failedWith + ")")
                        + " came from client JA4 " + e.getKey() + ", never seen completing; "
                        + (completedWithout == 1 ? "the completed one" : "the " + completedWithout
                        + " completed ones") + " came from "
                        + completedClients(completed, completedWithout - completedCounted)
                        + (failedWith + completedWithout < FEW_HANDSHAKES ? " (too few to rule out chance)." : ".");
            }
            out.add(new ServerRecord.Difference(CLIENT_FACTOR + e.getKey(), failedWith, completedWith, failedWithout,
                    completedWithout, finding));
        }
        return out;
    }

    /**
     * "t13d1715h2_5b57614c22b0_3d5424432f57", "t13d... (9) and 2 other JA4 fingerprints": the JA4s of the
     * completed handshakes, most frequent first; {@code uncounted} completed handshakes had no JA4 or one
     * beyond the 64 kept per server.
     */
    private static String completedClients(List<Map.Entry<String, int[]>> completed, int uncounted) {
        if (completed.isEmpty()) {
            return "other clients";
        }
        Map.Entry<String, int[]> top = completed.get(0);
        int others = completed.size() - 1;
        if (others == 0 && uncounted == 0) {
            return top.getKey();
        }
        return top.getKey() + " (" + top.getValue()[1] + ") and "
                + (uncounted > 0 ? "other clients"
                : others + (others == 1 ? " other JA4 fingerprint" : " other JA4 fingerprints"));
    }

    /**
     * The difference of a property from its counts (failed with, completed with, failed without, completed
     * without), null when no handshake was counted; {@code more} is appended to the finding when there is one.
     */
    private static ServerRecord.Difference difference(String factor, int[] c, String more) {
        int failedWith = c[0];
        int completedWith = c[1];
        int failedWithout = c[2];
        int completedWithout = c[3];
        if (failedWith + completedWith + failedWithout + completedWithout == 0) {
            return null;
        }
        String finding = null;
        if (failedWith > 0 && completedWith == 0 && completedWithout > 0 && failedWithout == 0) {
            finding = "Handshakes fail only when the ClientHello " + factor + " (" + failedWith
                    + " failed with it, " + completedWithout + " completed without it"
                    + (failedWith + completedWithout < FEW_HANDSHAKES ? ": too few to rule out chance)" : ")");
        } else if (failedWithout > 0 && completedWithout == 0 && completedWith > 0 && failedWith == 0) {
            finding = "Handshakes fail only when the ClientHello does not " + negate(factor) + " ("
                    + failedWithout + " failed without it, " + completedWith + " completed with it"
                    + (failedWithout + completedWith < FEW_HANDSHAKES ? ": too few to rule out chance)" : ")");
        }
        if (finding != null) {
            finding += (more == null ? "" : "; " + more) + ".";
        }
        return new ServerRecord.Difference(factor, failedWith, completedWith, failedWithout, completedWithout,
                finding);
    }

    /** "the server chose TLS_AES_128_GCM_SHA256 (and 2 other suites)": the first suite chosen, and how many others. */
    private static String chosen(Set<Integer> accepted) {
        int first = accepted.iterator().next();
        int others = accepted.size() - 1;
        return "the server chose " + TlsNames.cipherSuite(first)
                + (others == 0 ? "" : " and " + others + (others == 1 ? " other suite" : " other suites"));
    }

    private static String negate(String factor) {
        return switch (factor) {
            case "offers TLSv1.3" -> "offer TLSv1.3";
            case "sends SNI" -> "send SNI";
            case "carries a post-quantum key share" -> "carry a post-quantum key share";
            case "offers ALPN" -> "offer ALPN";
            case COMMON_SUITE_FACTOR -> "offer a cipher suite this server chose in a completed handshake";
            default -> "span several TCP segments";
        };
    }

    /**
     * The capture ended (after the TCP tracker ended every connection): writes the held connection
     * attempts whose port carried TLS elsewhere in the capture.
     */
    public void finish() {
        for (ConnectionRecord r : pendingOneSided) {
            write(oneSided(r));
        }
        pendingOneSided.clear();
        for (ConnectionRecord r : pendingAttempts) {
            if (tlsPorts.contains(r.server().port())) {
                emitAttempt(r);
            }
        }
        pendingAttempts.clear();
        Map<Endpoint, ServerEvidence> evidence = new HashMap<>();
        for (ConnectionRecord r : held) {
            release(r, evidence.computeIfAbsent(r.server(),
                    k -> servers.computeIfAbsent(k, x -> new ServerStats()).evidence()));
        }
        held.clear();
    }

    /** One record per server that had a connection record, in order of first record. */
    public List<ServerRecord> servers() {
        List<ServerRecord> out = new ArrayList<>();
        for (Map.Entry<Endpoint, ServerStats> e : servers.entrySet()) {
            ServerStats s = e.getValue();
            if (s.connections == 0) {
                continue;
            }
            int noCommon = s.accepted.isEmpty() ? 0 : s.commonSuiteCounts()[2];
            out.add(new ServerRecord(e.getKey(), s.connections, s.completed, s.failed, Collections.unmodifiableMap(new EnumMap<>(s.outcomes)),
                    List.copyOf(s.accepted), List.copyOf(s.versions), List.copyOf(s.names), noCommon,
                    Collections.unmodifiableMap(new EnumMap<>(s.causes)), s.udp.withDifference(differences(s)), bySni(s),
                    List.copyOf(s.retries)));
        }
        return out;
    }

    /** Connection records written so far that are failed handshakes ({@link ConnectionRecord#failed()}). */
    public int failedRecords() {
        return failedRecords;
    }

    /** Connections whose handshake bytes (from the ClientHello until the outcome) the snaplen cut. */
    public long snaplenCutConnections() {
        return snaplenCutConnections;
    }

    void snaplenCutTls() {
        snaplenCutConnections++;
    }

    /** Connection records written so far, per outcome. */
    public Map<Outcome, Integer> outcomeCounts() {
        return new EnumMap<>(outcomes);
    }

    /** Connection attempts not written because more than 10,000 waited for the end of the capture. */
    public long droppedAttempts() {
        return droppedAttempts;
    }

    private static final class ServerStats {
        int synAckTtl = -1;
        int proxyHeaderCompleted;
        /** Decided records with a ClientHello, and their count when {@link #cached} was made. */
        long connectionsSeen;
        long cachedAt;
        ServerEvidence cached;
        /** Whether a handshake with this server ended with alert 120 no_application_protocol (RFC 7301 3.2). */
        boolean alpnRejected;
        boolean windowsBanner;
        /** Per server name: leaf issuer, then the client addresses that received it (bounded, see ServerEvidence). */
        final Map<String, Map<String, Set<String>>> issuers = new LinkedHashMap<>();
        int connections;
        int completed;
        int failed;
        final EnumMap<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        final EnumMap<Cause, Integer> causes = new EnumMap<>(Cause.class);
        final Map<String, LinkedHashSet<Integer>> acceptedBySni = new LinkedHashMap<>();
        final List<ServerRecord.Retry> retries = new ArrayList<>();
        final UdpServerStats udp = new UdpServerStats();
        /** Per factor: failed with, completed with, failed without, completed without. */
        final int[][] factors = new int[FACTORS.length][4];
        final ServerNameFactors nameFactors = new ServerNameFactors();
        final CompletedOffers completedOffers = new CompletedOffers();

        /** Completed chains: see {@link ServerEvidence#completedChains()}. */
        final Map<String, Integer> completedChains = new LinkedHashMap<>();
        /** Silent closes after the server's flight waiting for their client's next connection, by connection key. */
        final Map<String, SilentClose> silentCloses = new LinkedHashMap<>();
        /** See {@link ServerEvidence#nextConnections()}. */
        final Map<String, ServerEvidence.NextConnection> nextConnections = new LinkedHashMap<>();

        /**
         * Notes a completed handshake's certificate chain, a client's silent close after the server's flight, and the
         * same client's next connection that went on past the server's flight ({@link CertificatePrompt}).
         */
        private void followUps(ConnectionRecord r) {
            String chain = ServerEvidence.chainKey(r.serverFlight());
            if (r.outcome() == Outcome.COMPLETED && chain != null && completedChains.size() < MAX_CHAINS) {
                completedChains.putIfAbsent(chain, r.tcpStream());
            }
            String what = CertificatePrompt.wentOn(r);
            if (what != null && !silentCloses.isEmpty()) {
                for (var it = silentCloses.entrySet().iterator(); it.hasNext(); ) {
                    var c = it.next();
                    if (c.getValue().clientIp().equals(r.client().ip()) && r.startTimeNanos() > c.getValue().startNanos()) {
                        nextConnections.put(c.getKey(), new ServerEvidence.NextConnection(r.tcpStream(),
                                r.startTimeNanos() - c.getValue().startNanos(), what,
                                r.serverHello().hello().negotiatedVersion()));
                        it.remove();
                    }
                }
            }
            if (CertificatePrompt.silentClose(r) && silentCloses.size() + nextConnections.size() < MAX_SILENT_CLOSES) {
                silentCloses.put(ServerEvidence.connectionKey(r), new SilentClose(r.client().ip(), r.startTimeNanos()));
            }
        }

        /** A connection the client closed silently: its client's address and its start, ns since the epoch. */
        private record SilentClose(String clientIp, long startNanos) {
        }

        /** Notes what a decided record shows of the server: PROXY headers, its certificate's issuer, its banner. */
        void observe(ConnectionRecord r) {
            connectionsSeen++;
            followUps(r);
            if (r.alert() != null && !r.alert().encrypted() && r.alert().description() == NO_APPLICATION_PROTOCOL) {
                alpnRejected = true;
            }
            if (r.outcome() == Outcome.COMPLETED && r.preamble() != null && r.preamble().protocol() != null
                    && r.preamble().protocol().startsWith("PROXY")) {
                proxyHeaderCompleted++;
            }
            if (!windowsBanner) {
                for (Evidence e : r.evidence()) {
                    if (e.what().contains("Microsoft-IIS") || e.what().contains("Microsoft-HTTPAPI")) {
                        windowsBanner = true;
                    }
                }
            }
            ServerFlight f = r.serverFlight();
            HelloInfo h = r.clientHello();
            if (f == null || f.certificates().isEmpty() || f.certificates().get(0).issuer() == null || h == null
                    || h.hello() == null || h.hello().serverName() == null) {
                return;
            }
            String sni = h.hello().serverName();
            if (!issuers.containsKey(sni) && issuers.size() >= MAX_SERVER_NAMES) {
                return;
            }
            Map<String, Set<String>> byIssuer = issuers.computeIfAbsent(sni, k -> new LinkedHashMap<>());
            String issuer = f.certificates().get(0).issuer();
            if (!byIssuer.containsKey(issuer) && byIssuer.size() >= MAX_ISSUERS) {
                return;
            }
            Set<String> clients = byIssuer.computeIfAbsent(issuer, k -> new LinkedHashSet<>());
            if (clients.size() < MAX_ISSUERS) {
                clients.add(r.client().ip());
            }
        }

        /**
         * {@link #evidence()} made again only when the records seen since the last one are more than 64 and an
         * eighth of those seen before: a capture with many failures held past the bound does not redo it for each.
         */
        ServerEvidence recentEvidence() {
            if (cached == null || connectionsSeen - cachedAt > Math.max(64, cachedAt / 8)) {
                cached = evidence();
                cachedAt = connectionsSeen;
            }
            return cached;
        }

        /** What the capture has shown of this server so far, for the diagnosis of its failures. */
        ServerEvidence evidence() {
            Map<String, Map<String, Set<String>>> copy = new LinkedHashMap<>();
            issuers.forEach((name, byIssuer) -> {
                Map<String, Set<String>> m = new LinkedHashMap<>();
                byIssuer.forEach((issuer, clients) -> m.put(issuer, Set.copyOf(clients)));
                copy.put(name, Collections.unmodifiableMap(m));
            });
            return new ServerEvidence(List.copyOf(versions), completed, differences(this), synAckTtl,
                    proxyHeaderCompleted, copy, windowsBanner, completedChains, nextConnections,
                    completedOffers.signatureAlgorithms(), completedOffers.groups());
        }

        void factor(int i, boolean with, boolean completed) {
            factors[i][(with ? 0 : 2) + (completed ? 1 : 0)]++;
        }
        final LinkedHashSet<Integer> accepted = new LinkedHashSet<>();
        final LinkedHashSet<Integer> versions = new LinkedHashSet<>();
        final LinkedHashSet<String> names = new LinkedHashSet<>();
        /**
         * Per distinct list of offered suites and versions: failed and completed handshakes whose ClientHello
         * offered it (at most 1,000; see {@link #offer}).
         */
        final Map<Suites, int[]> offers = new HashMap<>();
        /**
         * Handshakes whose list of suites came after the first 1,000 distinct ones, compared at once with the
         * suites chosen so far: failed with, completed with, failed without, completed without a common suite.
         */
        final int[] lateOffers = new int[4];

        /**
         * Per JA4 of the first ClientHello (at most 64 per server; later ones are not kept): failed and
         * completed handshakes.
         */
        final Map<String, int[]> clients = new HashMap<>();
        /** Failed and completed handshakes counted for {@link #clients}, JA4 kept or not. */
        final int[] clientTotals = new int[2];

        /** Counts a failed or completed handshake by the JA4 of its first ClientHello (null when none). */
        void client(String ja4, boolean completed) {
            clientTotals[completed ? 1 : 0]++;
            if (ja4 == null) {
                return;
            }
            int[] c = clients.get(ja4);
            if (c == null && clients.size() < MAX_CLIENTS) {
                c = new int[2];
                clients.put(ja4, c);
            }
            if (c != null) {
                c[completed ? 1 : 0]++;
            }
        }

        /** Counts the suites offered by a failed or completed ClientHello. */
        void offer(ClientHello ch, boolean completed) {
            Suites key = Suites.of(ch);
            int[] c = offers.get(key);
            if (c == null && offers.size() < MAX_OFFERS) {
                c = new int[2];
                offers.put(key, c);
            }
            if (c != null) {
                c[completed ? 1 : 0]++;
            } else if (comparable(key)) {
                lateOffers[(offersAccepted(key) ? 0 : 2) + (completed ? 1 : 0)]++;
            }
        }

        /**
         * Whether the offer holds a suite the server chose that it could use: a TLS 1.3 suite (0x13xx) counts only
         * for a ClientHello offering TLS 1.3, another suite only for one offering TLS 1.2 or earlier (RFC 8446
         * appendix B.4): a TLS 1.2 client is not compared with the suites of TLS 1.3 handshakes.
         */
        private boolean offersAccepted(Suites offer) {
            for (int s : offer.suites()) {
                if (accepted.contains(s) && usable(s, offer)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the server chose a suite of a version this offer has: else the offer is not compared. */
        private boolean comparable(Suites offer) {
            for (int s : accepted) {
                if (usable(s, offer)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean usable(int suite, Suites offer) {
            return (suite & 0xff00) == 0x1300 ? offer.tls13() : offer.older();
        }

        /**
         * Failed and completed handshakes whose ClientHello offered a suite the server chose in a completed
         * handshake of the capture, and that did not: failed with, completed with, failed without, completed
         * without. A ClientHello whose versions none of the chosen suites belong to is not counted (a TLS 1.2
         * client against suites chosen in TLS 1.3 handshakes).
         */
        int[] commonSuiteCounts() {
            int[] out = lateOffers.clone();
            for (Map.Entry<Suites, int[]> e : offers.entrySet()) {
                if (!comparable(e.getKey())) {
                    continue;
                }
                int i = offersAccepted(e.getKey()) ? 0 : 2;
                out[i] += e.getValue()[0];
                out[i + 1] += e.getValue()[1];
            }
            return out;
        }
    }
}
