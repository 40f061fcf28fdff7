package io.hellocheck.tls.decrypt;

import io.hellocheck.tls.RecordDecryptor;
import io.hellocheck.tls.TlsNames;

/**
 * The record decryptors of one TLS session, made from a {@link KeyLog} entry when the ServerHello is known:
 * TLS 1.3 from the traffic secrets (RFC 8446 section 7), TLS 1.0 to 1.2 from the master secret through the key
 * block (RFC 5246 section 6.3: {@code PRF(master_secret, "key expansion", server_random + client_random)}, cut
 * into client and server MAC keys, encryption keys and IVs, in that order). Immutable but for the decryptors'
 * own record state.
 */
public final class SessionKeys {
    private final RecordDecryptor client;
    private final RecordDecryptor server;
    private final String problem;

    private SessionKeys(RecordDecryptor client, RecordDecryptor server, String problem) {
        this.client = client;
        this.server = server;
        this.problem = problem;
    }

    /**
     * The session's decryptors, or null when the key log has no entry for the client random.
     *
     * @param clientRandom   the ClientHello's random (32 bytes)
     * @param serverRandom   the ServerHello's random (32 bytes)
     * @param version        the negotiated version (0x0304 for TLS 1.3)
     * @param suite          the negotiated cipher suite
     * @param encryptThenMac whether the ServerHello accepted encrypt_then_mac (RFC 7366); CBC suites only
     */
    public static SessionKeys find(KeyLog log, byte[] clientRandom, byte[] serverRandom, int version, int suite,
                                   boolean encryptThenMac) {
        KeyLog.Secrets s = log.lookup(clientRandom, 0);
        if (s == null) {
            return null;
        }
        boolean tls13 = version == 0x0304;
        CipherSpec spec = CipherSpec.of(suite, tls13);
        if (spec == null) {
            return new SessionKeys(null, null, "the key log has this session, but its cipher suite "
                    + TlsNames.cipherSuite(suite) + " cannot be decrypted here");
        }
        try {
            if (tls13) {
                if (s.serverHandshake == null && s.serverTraffic0 == null && s.clientHandshake == null) {
                    return new SessionKeys(null, null, "the key log has this session, but no TLS 1.3 traffic secret "
                            + "for it (only a CLIENT_RANDOM or early secret)");
                }
                RecordDecryptor c = s.clientHandshake == null && s.clientTraffic0 == null ? null
                        : new Tls13Direction(spec, s.clientHandshake, s.clientTraffic0);
                RecordDecryptor sv = s.serverHandshake == null && s.serverTraffic0 == null ? null
                        : new Tls13Direction(spec, s.serverHandshake, s.serverTraffic0);
                return new SessionKeys(c, sv, null);
            }
            if (s.master == null) {
                return new SessionKeys(null, null, "the key log has this session, but no CLIENT_RANDOM master secret "
                        + "for its " + TlsNames.version(version));
            }
            if (version < 0x0301 || version > 0x0303 || serverRandom == null || serverRandom.length != 32) {
                return new SessionKeys(null, null, "the key log has this session, but " + TlsNames.version(version)
                        + " cannot be decrypted here");
            }
            return tls12(spec, s.master, clientRandom, serverRandom, version, encryptThenMac);
        } catch (IllegalArgumentException e) {
            return new SessionKeys(null, null, "the key log has this session, but its keys could not be set up ("
                    + e.getMessage() + ")");
        }
    }

    private static SessionKeys tls12(CipherSpec spec, byte[] master, byte[] clientRandom, byte[] serverRandom,
                                     int version, boolean etm) {
        int macLen = spec.aead() ? 0 : spec.macBytes();
        int keyLen = spec.keyBytes();
        int ivLen = spec.ivBytes();
        int total = 2 * (macLen + keyLen + ivLen);
        byte[] seed = KeyDerivation.concat(serverRandom, clientRandom);
        byte[] block = version == 0x0303 ? KeyDerivation.prf12(spec.hashHmac(), master, "key expansion", seed, total)
                : KeyDerivation.prf10(master, "key expansion", seed, total);
        int p = 0;
        byte[] cMac = slice(block, p, macLen);
        byte[] sMac = slice(block, p += macLen, macLen);
        byte[] cKey = slice(block, p += macLen, keyLen);
        byte[] sKey = slice(block, p += keyLen, keyLen);
        byte[] cIv = slice(block, p += keyLen, ivLen);
        byte[] sIv = slice(block, p + ivLen, ivLen);
        RecordKey c = spec.aead() ? new AeadKey(spec, false, cKey, cIv) : new CbcKey(spec, version, etm, cMac, cKey, cIv);
        RecordKey sv = spec.aead() ? new AeadKey(spec, false, sKey, sIv) : new CbcKey(spec, version, etm, sMac, sKey, sIv);
        return new SessionKeys(new Tls12Direction(c), new Tls12Direction(sv), null);
    }

    private static byte[] slice(byte[] b, int off, int len) {
        return java.util.Arrays.copyOfRange(b, off, off + len);
    }

    /** The client-to-server decryptor, or null when the log lacks its secrets. */
    public RecordDecryptor client() {
        return client;
    }

    /** The server-to-client decryptor, or null when the log lacks its secrets. */
    public RecordDecryptor server() {
        return server;
    }

    /** Why the session matched but cannot be decrypted (a plain sentence without any key), or null. */
    public String problem() {
        return problem;
    }
}
