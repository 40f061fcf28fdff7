package io.hellocheck.tls.decrypt;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A TLS key log in the NSS {@code SSLKEYLOGFILE} format: one {@code LABEL CLIENT_RANDOM_HEX SECRET_HEX} line per
 * secret, {@code #} comments. Read labels: {@code CLIENT_RANDOM} (the TLS 1.2 and earlier master secret),
 * {@code CLIENT_EARLY_TRAFFIC_SECRET}, {@code CLIENT_HANDSHAKE_TRAFFIC_SECRET},
 * {@code SERVER_HANDSHAKE_TRAFFIC_SECRET}, {@code CLIENT_TRAFFIC_SECRET_0} and {@code SERVER_TRAFFIC_SECRET_0}
 * (RFC 8446 section 7.1 names); the exporter secrets are ignored, other labels ({@code RSA}, unknown ones) and
 * malformed lines are skipped and counted. Entries are matched by the ClientHello's 32-byte random.
 *
 * <p>Immutable once built. The secrets never leave this package and {@link #toString} does not show them: keys
 * stay in memory, never in any output. At most {@link #MAX_SESSIONS} client randoms are kept (the rest counted
 * in {@link #skippedLines}), so a huge or hostile file cannot grow memory without bound.
 */
public final class KeyLog {
    /** Most sessions kept from one key log (about 300 bytes each). */
    public static final int MAX_SESSIONS = 200_000;
    private static final int MAX_LINE = 1024;
    private static final KeyLog EMPTY = new KeyLog(Map.of(), 0);

    /** The secrets logged for one client random. Byte arrays are never handed out of the package. */
    static final class Secrets {
        byte[] master;
        byte[] clientEarly;
        byte[] clientHandshake;
        byte[] serverHandshake;
        byte[] clientTraffic0;
        byte[] serverTraffic0;

        boolean any() {
            return master != null || clientHandshake != null || serverHandshake != null || clientTraffic0 != null
                    || serverTraffic0 != null || clientEarly != null;
        }

        Secrets merged(Secrets o) {
            Secrets s = new Secrets();
            s.master = o.master != null ? o.master : master;
            s.clientEarly = o.clientEarly != null ? o.clientEarly : clientEarly;
            s.clientHandshake = o.clientHandshake != null ? o.clientHandshake : clientHandshake;
            s.serverHandshake = o.serverHandshake != null ? o.serverHandshake : serverHandshake;
            s.clientTraffic0 = o.clientTraffic0 != null ? o.clientTraffic0 : clientTraffic0;
            s.serverTraffic0 = o.serverTraffic0 != null ? o.serverTraffic0 : serverTraffic0;
            return s;
        }
    }

    /** A client random as a map key. */
    private record Random(long a, long b, long c, long d) {
        static Random of(byte[] r, int off) {
            return new Random(longAt(r, off), longAt(r, off + 8), longAt(r, off + 16), longAt(r, off + 24));
        }

        private static long longAt(byte[] r, int off) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (r[off + i] & 0xff);
            }
            return v;
        }
    }

    private final Map<Random, Secrets> sessions;
    private final int skippedLines;

    private KeyLog(Map<Random, Secrets> sessions, int skippedLines) {
        this.sessions = sessions;
        this.skippedLines = skippedLines;
    }

    /** A key log with no entry. */
    public static KeyLog empty() {
        return EMPTY;
    }

    /**
     * Parses a key log's text (UTF-8 or ASCII; LF or CRLF line ends). Never throws on bad content: lines that are
     * not a known label, a 64-hex-digit client random and an even number of hex digits (16 to 64 bytes) are skipped.
     */
    public static KeyLog parse(byte[] text) {
        return parse(text, 0, text.length);
    }

    /** Parses {@code text[off, off + len)}; see {@link #parse(byte[])}. */
    public static KeyLog parse(byte[] text, int off, int len) {
        Map<Random, Secrets> map = new HashMap<>();
        int skipped = 0;
        int end = off + len;
        int i = off;
        while (i < end) {
            int eol = i;
            while (eol < end && text[eol] != '\n') {
                eol++;
            }
            int lineEnd = eol;
            while (lineEnd > i && (text[lineEnd - 1] == '\r' || text[lineEnd - 1] == ' ' || text[lineEnd - 1] == '\t')) {
                lineEnd--;
            }
            if (lineEnd > i && text[i] != '#') {
                if (!line(text, i, lineEnd, map)) {
                    skipped++;
                }
            }
            i = eol + 1;
        }
        return map.isEmpty() ? new KeyLog(Map.of(), skipped) : new KeyLog(map, skipped);
    }

    private static boolean line(byte[] t, int start, int end, Map<Random, Secrets> map) {
        if (end - start > MAX_LINE) {
            return false;
        }
        String s = new String(t, start, end - start, StandardCharsets.ISO_8859_1);
        String[] parts = s.trim().split("[ \t]+");
        if (parts.length != 3 || parts[1].length() != 64) {
            return false;
        }
        byte[] random = hex(parts[1]);
        byte[] secret = hex(parts[2]);
        if (random == null || secret == null || secret.length < 16 || secret.length > 64) {
            return false;
        }
        Random key = Random.of(random, 0);
        Secrets e = map.get(key);
        if (e == null) {
            if (map.size() >= MAX_SESSIONS) {
                return false;
            }
            e = new Secrets();
        }
        switch (parts[0]) {
            case "EXPORTER_SECRET", "EARLY_EXPORTER_SECRET" -> {
                return true; // logged by every TLS 1.3 stack; not needed to read records
            }
            case "CLIENT_RANDOM" -> {
                if (secret.length != 48) {
                    return false;
                }
                e.master = secret;
            }
            case "CLIENT_EARLY_TRAFFIC_SECRET" -> e.clientEarly = secret;
            case "CLIENT_HANDSHAKE_TRAFFIC_SECRET" -> e.clientHandshake = secret;
            case "SERVER_HANDSHAKE_TRAFFIC_SECRET" -> e.serverHandshake = secret;
            case "CLIENT_TRAFFIC_SECRET_0" -> e.clientTraffic0 = secret;
            case "SERVER_TRAFFIC_SECRET_0" -> e.serverTraffic0 = secret;
            default -> {
                return false;
            }
        }
        map.put(key, e);
        return true;
    }

    private static byte[] hex(String s) {
        if ((s.length() & 1) != 0) {
            return null;
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** This key log with {@code other}'s entries added (other's secret wins where both have one). */
    public KeyLog with(KeyLog other) {
        if (other.sessions.isEmpty() && other.skippedLines == 0) {
            return this;
        }
        if (sessions.isEmpty() && skippedLines == 0) {
            return other;
        }
        Map<Random, Secrets> map = new HashMap<>(sessions);
        for (Map.Entry<Random, Secrets> e : other.sessions.entrySet()) {
            Secrets mine = map.get(e.getKey());
            if (mine != null) {
                map.put(e.getKey(), mine.merged(e.getValue()));
            } else if (map.size() < MAX_SESSIONS) {
                map.put(e.getKey(), e.getValue());
            }
        }
        return new KeyLog(map, skippedLines + other.skippedLines);
    }

    /** The secrets for a ClientHello random ({@code random[off, off + 32)}), or null. */
    Secrets lookup(byte[] random, int off) {
        if (sessions.isEmpty() || random == null || random.length - off < 32) {
            return null;
        }
        Secrets s = sessions.get(Random.of(random, off));
        return s != null && s.any() ? s : null;
    }

    /** Whether a session with this ClientHello random is in the log. */
    public boolean has(byte[] random) {
        return lookup(random, 0) != null;
    }

    /** Count of client randoms with at least one secret. */
    public int sessions() {
        return sessions.size();
    }

    /** Count of lines skipped: other labels than the exporter secrets, malformed lines, sessions beyond {@link #MAX_SESSIONS}. */
    public int skippedLines() {
        return skippedLines;
    }

    /** Whether the log has no session. */
    public boolean isEmpty() {
        return sessions.isEmpty();
    }

    @Override
    public String toString() {
        return "KeyLog[" + sessions.size() + " sessions]";
    }
}
