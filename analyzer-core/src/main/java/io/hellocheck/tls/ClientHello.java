package io.hellocheck.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A decoded ClientHello (RFC 8446 section 4.1.2; RFC 5246 section 7.4.1.2).
 *
 * <p>All code points are kept as sent, in wire order, GREASE values included (RFC 8701). Lists are
 * immutable; the byte arrays are copied in and out, so a ClientHello is an immutable value.
 *
 * <p>Decoding is strict about the message's own structure (the fixed fields, the cipher suite and
 * compression vectors, the framing of the extensions block) and lenient inside extension bodies: an
 * extension whose body does not match its RFC structure is noted in {@link #anomalies()} and the
 * fields it would have filled stay empty, while the rest of the message is kept. Bytes at the end of the
 * extensions block too few for an extension header are noted as an anomaly too, as tshark keeps such a hello
 * ({@link ExtensionBlock}).
 *
 * @param legacyVersion        legacy_version, e.g. 0x0303
 * @param random               the 32-byte random
 * @param sessionId            legacy_session_id (0 to 32 bytes; longer is kept and noted as an anomaly)
 * @param cipherSuites         cipher_suites, in wire order
 * @param compressionMethods   legacy_compression_methods
 * @param extensionTypes       extension types in wire order (empty when the extensions block is absent,
 *                             as from SSLv3 and early TLS 1.0 clients)
 * @param serverName           host_name from server_name (RFC 6066 section 3), or null
 * @param supportedVersions    supported_versions (RFC 8446 section 4.2.1), empty when absent
 * @param supportedGroups      supported_groups (RFC 8446 section 4.2.7), empty when absent
 * @param keyShareGroups       group of each key_share entry (RFC 8446 section 4.2.8), empty when absent; from
 *                             extension 40 when a client offering only TLS 1.3 drafts before 23 sends no 51
 * @param keyShareLengths      key_exchange length in bytes of each key_share entry, same order
 * @param signatureAlgorithms  signature_algorithms (RFC 8446 section 4.2.3), empty when absent
 * @param alpn                 application_layer_protocol_negotiation protocol names (RFC 7301), empty when absent
 * @param ecPointFormats       ec_point_formats (RFC 8422 section 5.1.2), empty when absent
 * @param anomalies            what was wrong but did not stop decoding, one plain sentence each, in the
 *                             order found (a malformed extension body, a duplicated extension, bytes
 *                             after the extensions block, an over-long session id); empty when none
 * @param pskKeyExchangeModes  psk_key_exchange_modes (RFC 8446 section 4.2.9: 0 psk_ke, 1 psk_dhe_ke), empty when absent
 * @param pskIdentities        number of identities in pre_shared_key (RFC 8446 section 4.2.11), 0 when absent
 * @param paddingBytes         length of the padding extension's body (RFC 7685), -1 when absent
 * @param sessionTicketBytes   length of the SessionTicket extension's ticket (RFC 5077 section 3.2): 0 asks for
 *                             a new ticket, more offers one for resumption; -1 when absent
 * @param echType              ECHClientHello type of encrypted_client_hello (RFC 9849 section 5: 0 outer,
 *                             1 inner), -1 when the extension is absent or empty
 * @param sslV2                whether the hello came as an SSLv2 CLIENT-HELLO (see {@link SslV2})
 */
public record ClientHello(
        int legacyVersion,
        byte[] random,
        byte[] sessionId,
        List<Integer> cipherSuites,
        List<Integer> compressionMethods,
        List<Integer> extensionTypes,
        String serverName,
        List<Integer> supportedVersions,
        List<Integer> supportedGroups,
        List<Integer> keyShareGroups,
        List<Integer> keyShareLengths,
        List<Integer> signatureAlgorithms,
        List<String> alpn,
        List<Integer> ecPointFormats,
        List<String> anomalies,
        List<Integer> pskKeyExchangeModes,
        int pskIdentities,
        int paddingBytes,
        int sessionTicketBytes,
        int echType,
        boolean sslV2) {

    static final int EXT_SERVER_NAME = 0;
    static final int EXT_SUPPORTED_GROUPS = 10;
    static final int EXT_EC_POINT_FORMATS = 11;
    static final int EXT_SIGNATURE_ALGORITHMS = 13;
    static final int EXT_ALPN = 16;
    static final int EXT_SUPPORTED_VERSIONS = 43;
    static final int EXT_KEY_SHARE = 51;
    /** key_share's number in TLS 1.3 drafts before 23 (draft-ietf-tls-tls13-22 section 4.2). */
    static final int EXT_KEY_SHARE_PRE_DRAFT23 = 40;
    static final int EXT_PADDING = 21;
    static final int EXT_SESSION_TICKET = 35;
    static final int EXT_PRE_SHARED_KEY = 41;
    static final int EXT_EARLY_DATA = 42;
    static final int EXT_PSK_KEY_EXCHANGE_MODES = 45;
    static final int EXT_ENCRYPTED_CLIENT_HELLO = 0xfe0d;

    /** Copies the arrays and lists, so the record is immutable (code points in shared boxes, see {@link CodePoints}). */
    public ClientHello {
        random = random.clone();
        sessionId = sessionId.clone();
        cipherSuites = CodePoints.copyOf(cipherSuites);
        compressionMethods = CodePoints.copyOf(compressionMethods);
        extensionTypes = CodePoints.copyOf(extensionTypes);
        supportedVersions = CodePoints.copyOf(supportedVersions);
        supportedGroups = CodePoints.copyOf(supportedGroups);
        keyShareGroups = CodePoints.copyOf(keyShareGroups);
        keyShareLengths = CodePoints.copyOf(keyShareLengths);
        signatureAlgorithms = CodePoints.copyOf(signatureAlgorithms);
        alpn = List.copyOf(alpn);
        ecPointFormats = CodePoints.copyOf(ecPointFormats);
        anomalies = List.copyOf(anomalies);
        pskKeyExchangeModes = CodePoints.copyOf(pskKeyExchangeModes);
    }

    /** A ClientHello without the fields added later (PSK, padding, ticket, ECH), as from a TLS record. */
    public ClientHello(int legacyVersion, byte[] random, byte[] sessionId, List<Integer> cipherSuites,
                       List<Integer> compressionMethods, List<Integer> extensionTypes, String serverName,
                       List<Integer> supportedVersions, List<Integer> supportedGroups, List<Integer> keyShareGroups,
                       List<Integer> keyShareLengths, List<Integer> signatureAlgorithms, List<String> alpn,
                       List<Integer> ecPointFormats, List<String> anomalies) {
        this(legacyVersion, random, sessionId, cipherSuites, compressionMethods, extensionTypes, serverName,
                supportedVersions, supportedGroups, keyShareGroups, keyShareLengths, signatureAlgorithms, alpn,
                ecPointFormats, anomalies, List.of(), 0, -1, -1, -1, false);
    }

    /**
     * This ClientHello with another server name, every other field kept (what {@code --redact} needs: a
     * field added to the record must be carried over here, which the canonical constructor enforces).
     */
    public ClientHello withServerName(String name) {
        return new ClientHello(legacyVersion, random, sessionId, cipherSuites, compressionMethods, extensionTypes,
                name, supportedVersions, supportedGroups, keyShareGroups, keyShareLengths, signatureAlgorithms,
                alpn, ecPointFormats, anomalies, pskKeyExchangeModes, pskIdentities, paddingBytes, sessionTicketBytes,
                echType, sslV2);
    }

    /** Whether a pre_shared_key extension offers PSKs (resumption tickets or external PSKs, RFC 8446 section 4.2.11). */
    public boolean pskOffered() {
        return hasExtension(EXT_PRE_SHARED_KEY);
    }

    /** Whether the client announced 0-RTT data (early_data, RFC 8446 section 4.2.10). */
    public boolean earlyData() {
        return hasExtension(EXT_EARLY_DATA);
    }

    /** Whether encrypted_client_hello was sent (RFC 9849; a GREASE ECH, its section 6.2, looks the same). */
    public boolean echPresent() {
        return hasExtension(EXT_ENCRYPTED_CLIENT_HELLO);
    }

    /**
     * Whether {@link #serverName()} is the outer name of an Encrypted Client Hello (RFC 9849 section 6.1):
     * the ClientHelloOuter carries the client-facing server's public name, the real one is encrypted.
     */
    public boolean serverNameIsOuter() {
        return serverName != null && echType == 0;
    }

    /** Whether a key share is for a post-quantum group (X25519MLKEM768, SecP256r1MLKEM768, X25519Kyber768Draft00 ...). */
    public boolean postQuantumKeyShare() {
        return anyPostQuantum(keyShareGroups);
    }

    /** Whether {@code groups} holds a post-quantum group ({@link TlsNames#isPostQuantumGroup}). */
    public static boolean anyPostQuantum(List<Integer> groups) {
        for (int i = 0; i < groups.size(); i++) {
            if (TlsNames.isPostQuantumGroup(groups.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The fields in which {@code retry} (a second ClientHello, e.g. after a HelloRetryRequest) differs from this
     * one, by their JSON names ("key_share_groups", "cipher_suites", "random" ...), in a fixed order.
     */
    public List<String> differencesFrom(ClientHello retry) {
        List<String> out = new ArrayList<>();
        if (legacyVersion != retry.legacyVersion) {
            out.add("legacy_version");
        }
        if (!Arrays.equals(random, retry.random)) {
            out.add("random");
        }
        if (!Arrays.equals(sessionId, retry.sessionId)) {
            out.add("session_id");
        }
        if (!cipherSuites.equals(retry.cipherSuites)) {
            out.add("cipher_suites");
        }
        if (!extensionTypes.equals(retry.extensionTypes)) {
            out.add("extensions");
        }
        if (!Objects.equals(serverName, retry.serverName)) {
            out.add("server_name");
        }
        if (!supportedVersions.equals(retry.supportedVersions)) {
            out.add("supported_versions");
        }
        if (!supportedGroups.equals(retry.supportedGroups)) {
            out.add("supported_groups");
        }
        if (!keyShareGroups.equals(retry.keyShareGroups)) {
            out.add("key_share_groups");
        }
        if (!signatureAlgorithms.equals(retry.signatureAlgorithms)) {
            out.add("signature_algorithms");
        }
        if (!alpn.equals(retry.alpn)) {
            out.add("alpn");
        }
        if (pskIdentities != retry.pskIdentities) {
            out.add("psk_identities");
        }
        if (earlyData() != retry.earlyData()) {
            out.add("early_data");
        }
        return out;
    }

    /** A copy of this hello marked as decoded from an SSLv2 CLIENT-HELLO. */
    ClientHello asSslV2() {
        return new ClientHello(legacyVersion, random, sessionId, cipherSuites, compressionMethods, extensionTypes,
                serverName, supportedVersions, supportedGroups, keyShareGroups, keyShareLengths, signatureAlgorithms,
                alpn, ecPointFormats, anomalies, pskKeyExchangeModes, pskIdentities, paddingBytes, sessionTicketBytes,
                echType, true);
    }

    /** A copy of the 32-byte random. */
    @Override
    public byte[] random() {
        return random.clone();
    }

    /** A copy of legacy_session_id. */
    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** Whether the extension type was sent. */
    public boolean hasExtension(int type) {
        return extensionTypes.contains(type);
    }

    /**
     * Decodes a ClientHello handshake message body (after the 4-byte handshake header).
     *
     * @param body the buffer
     * @param off  where the body starts
     * @param len  body length in bytes (the handshake header's length field)
     * @throws TlsDecodeException when the body is malformed; its offset is relative to {@code off}.
     *                            No other exception is thrown for any content of {@code body}.
     */
    public static ClientHello parse(byte[] body, int off, int len) throws TlsDecodeException {
        ByteCursor c = ByteCursor.window(body, off, len);
        Anomalies anomalies = new Anomalies();

        int legacyVersion = c.u16();
        byte[] random = c.bytes(32);
        ByteCursor sid = c.vector8();
        if (sid.remaining() > 32) {
            anomalies.add("legacy_session_id is " + sid.remaining() + " bytes, more than 32 (offset "
                    + (sid.offset() - 1) + ")");
        }
        byte[] sessionId = sid.peekRemaining();
        ByteCursor suites = c.vector16();
        if (suites.isEmpty()) {
            anomalies.add("cipher_suites is empty (offset " + (suites.offset() - 2) + ")");
        }
        List<Integer> cipherSuites = u16List(suites, "cipher_suites");
        ByteCursor comp = c.vector8();
        if (comp.isEmpty()) {
            anomalies.add("legacy_compression_methods is empty (offset " + (comp.offset() - 1) + ")");
        }
        List<Integer> compression = u8List(comp);

        Extensions x = new Extensions(anomalies);
        if (!c.isEmpty()) {
            ByteCursor exts = c.vector16();
            if (!c.isEmpty()) {
                anomalies.add(c.remaining() + " bytes after the extensions block (offset " + c.offset() + ")");
            }
            SeenTypes seen = new SeenTypes();
            ByteCursor draftKeyShare = null;
            int draftKeyShareOffset = -1;
            while (ExtensionBlock.hasNext(exts, anomalies)) {
                int extOffset = exts.offset();
                int type = exts.u16();
                ByteCursor data = exts.vector16();
                x.types.add(type);
                if (!seen.add(type)) {
                    anomalies.add("extension " + TlsNames.extension(type) + " sent twice (offset " + extOffset
                            + "); the first is used");
                    continue;
                }
                if (type == EXT_KEY_SHARE_PRE_DRAFT23) {
                    draftKeyShare = data;
                    draftKeyShareOffset = extOffset;
                    continue;
                }
                try {
                    x.parse(type, data);
                } catch (TlsDecodeException e) {
                    anomalies.add("malformed " + TlsNames.extension(type) + " extension (offset " + extOffset
                            + "): " + e.getMessage());
                }
            }
            if (draftKeyShare != null && !seen.contains(EXT_KEY_SHARE)
                    && x.supportedVersions.stream().anyMatch(ClientHello::isPreDraft23)) {
                try {
                    x.parse(EXT_KEY_SHARE, draftKeyShare);
                } catch (TlsDecodeException e) {
                    anomalies.add("malformed key_share extension (type 40, offset " + draftKeyShareOffset
                            + "): " + e.getMessage());
                }
            }
        }
        return new ClientHello(legacyVersion, random, sessionId, cipherSuites, compression, x.types,
                x.serverName, x.supportedVersions, x.supportedGroups, x.keyShareGroups, x.keyShareLengths,
                x.signatureAlgorithms, x.alpn, x.ecPointFormats, anomalies.done(), x.pskKeyExchangeModes,
                x.pskIdentities, x.paddingBytes, x.sessionTicketBytes, x.echType, false);
    }

    /** Anomalies kept per ClientHello; the input sets how many there are (16,382 repeated extensions fit in one). */
    static final int MAX_ANOMALIES = 32;

    /** The anomalies as found: the first {@link #MAX_ANOMALIES}, then one saying how many more were left out. */
    private static final class Anomalies extends ArrayList<String> {
        private static final long serialVersionUID = 1L;
        private int leftOut;

        @Override
        public boolean add(String anomaly) {
            if (size() < MAX_ANOMALIES) {
                return super.add(anomaly);
            }
            leftOut++;
            return false;
        }

        List<String> done() {
            if (leftOut > 0) {
                super.add(leftOut + " more anomalies left out");
            }
            return this;
        }
    }

    /** The extension fields, each set only when its extension decoded cleanly. */
    private static final class Extensions {
        final List<Integer> types = new ArrayList<>();
        final List<String> anomalies;
        String serverName;
        List<Integer> supportedVersions = List.of();
        List<Integer> supportedGroups = List.of();
        List<Integer> keyShareGroups = List.of();
        List<Integer> keyShareLengths = List.of();
        List<Integer> signatureAlgorithms = List.of();
        List<String> alpn = List.of();
        List<Integer> ecPointFormats = List.of();
        List<Integer> pskKeyExchangeModes = List.of();
        int pskIdentities;
        int paddingBytes = -1;
        int sessionTicketBytes = -1;
        int echType = -1;

        Extensions(List<String> anomalies) {
            this.anomalies = anomalies;
        }

        void parse(int type, ByteCursor data) throws TlsDecodeException {
            switch (type) {
                case EXT_SERVER_NAME: {
                    // struct { NameType name_type; select (name_type) { case host_name: HostName; } name; }
                    // ServerName; struct { ServerName server_name_list<1..2^16-1> } ServerNameList;
                    ByteCursor list = data.vector16();
                    data.expectEnd("server_name");
                    ByteCursor host = null;
                    while (!list.isEmpty()) {
                        int nameType = list.u8();
                        ByteCursor name = list.vector16();
                        if (nameType == 0 && host == null) {
                            host = name;
                        }
                    }
                    if (host == null) {
                        anomalies.add("server_name carries no host_name");
                    } else if (host.isEmpty()) {
                        anomalies.add("server_name carries an empty host_name (offset " + host.offset() + ")");
                    } else {
                        serverName = hostName(host.peekRemaining(), host.offset());
                    }
                    break;
                }
                case EXT_SUPPORTED_VERSIONS: {
                    ByteCursor v = data.vector8();
                    data.expectEnd("supported_versions");
                    supportedVersions = u16List(v, "supported_versions");
                    break;
                }
                case EXT_SUPPORTED_GROUPS: {
                    ByteCursor g = data.vector16();
                    data.expectEnd("supported_groups");
                    supportedGroups = u16List(g, "supported_groups");
                    break;
                }
                case EXT_KEY_SHARE: {
                    // struct { NamedGroup group; opaque key_exchange<1..2^16-1>; } KeyShareEntry;
                    // struct { KeyShareEntry client_shares<0..2^16-1>; } KeyShareClientHello;
                    ByteCursor shares = data.vector16();
                    data.expectEnd("key_share");
                    List<Integer> groups = new ArrayList<>();
                    List<Integer> lengths = new ArrayList<>();
                    while (!shares.isEmpty()) {
                        groups.add(shares.u16());
                        lengths.add(shares.vector16().remaining());
                    }
                    keyShareGroups = groups;
                    keyShareLengths = lengths;
                    break;
                }
                case EXT_SIGNATURE_ALGORITHMS: {
                    ByteCursor s = data.vector16();
                    data.expectEnd("signature_algorithms");
                    signatureAlgorithms = u16List(s, "signature_algorithms");
                    break;
                }
                case EXT_ALPN: {
                    // opaque ProtocolName<1..2^8-1>; struct { ProtocolName protocol_name_list<2..2^16-1> }
                    ByteCursor list = data.vector16();
                    data.expectEnd("application_layer_protocol_negotiation");
                    List<String> names = new ArrayList<>();
                    while (!list.isEmpty()) {
                        int at = list.offset();
                        ByteCursor name = list.vector8();
                        if (name.isEmpty()) {
                            throw new TlsDecodeException("empty protocol name", at);
                        }
                        String protocol = new String(name.peekRemaining(), StandardCharsets.ISO_8859_1);
                        names.add(COMMON_ALPN.getOrDefault(protocol, protocol));
                    }
                    alpn = names;
                    break;
                }
                case EXT_EC_POINT_FORMATS: {
                    ByteCursor f = data.vector8();
                    data.expectEnd("ec_point_formats");
                    ecPointFormats = u8List(f);
                    break;
                }
                case EXT_PADDING:
                    paddingBytes = data.remaining();
                    break;
                case EXT_SESSION_TICKET:
                    sessionTicketBytes = data.remaining();
                    break;
                case EXT_PSK_KEY_EXCHANGE_MODES: {
                    // struct { PskKeyExchangeMode ke_modes<1..255>; } PskKeyExchangeModes;
                    ByteCursor m = data.vector8();
                    data.expectEnd("psk_key_exchange_modes");
                    pskKeyExchangeModes = u8List(m);
                    break;
                }
                case EXT_PRE_SHARED_KEY: {
                    // struct { opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age; } PskIdentity;
                    // struct { PskIdentity identities<7..2^16-1>; PskBinderEntry binders<33..2^16-1>; } OfferedPsks;
                    ByteCursor ids = data.vector16();
                    data.vector16();
                    data.expectEnd("pre_shared_key");
                    int n = 0;
                    while (!ids.isEmpty()) {
                        ids.vector16();
                        ids.skip(4);
                        n++;
                    }
                    pskIdentities = n;
                    break;
                }
                case EXT_ENCRYPTED_CLIENT_HELLO:
                    // enum { outer(0), inner(1) } ECHClientHelloType; the rest depends on the type
                    if (!data.isEmpty()) {
                        echType = data.u8();
                    }
                    break;
                default:
                    break;
            }
        }

        private String hostName(byte[] b, int offset) {
            for (byte x : b) {
                if (x <= 0x20 || x >= 0x7f) {
                    anomalies.add("server_name host_name has bytes outside printable ASCII (offset " + offset + ")");
                    break;
                }
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /**
     * The protocol names browsers and common clients offer (IANA's TLS ALPN Protocol IDs), one shared copy each, so
     * that ClientHellos waiting for their answer do not each keep their own.
     */
    private static final Map<String, String> COMMON_ALPN = Stream.of("h2", "http/1.1", "http/1.0", "h3", "spdy/3.1",
            "acme-tls/1", "dot", "doq").collect(Collectors.toUnmodifiableMap(Function.identity(), Function.identity()));

    /** TLS 1.3 drafts 0 to 22 (0x7f00 to 0x7f16) numbered key_share 40. */
    static boolean isPreDraft23(int version) {
        return (version >> 8) == 0x7f && (version & 0xff) < 23;
    }

    static List<Integer> u16List(ByteCursor c, String what) throws TlsDecodeException {
        if (c.remaining() % 2 != 0) {
            throw new TlsDecodeException(what + " has odd length " + c.remaining(), c.offset());
        }
        char[] out = new char[c.remaining() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (char) c.u16();
        }
        return CodePoints.of(out);
    }

    static List<Integer> u8List(ByteCursor c) throws TlsDecodeException {
        char[] out = new char[c.remaining()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (char) c.u8();
        }
        return CodePoints.of(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientHello h
                && legacyVersion == h.legacyVersion
                && Arrays.equals(random, h.random)
                && Arrays.equals(sessionId, h.sessionId)
                && cipherSuites.equals(h.cipherSuites)
                && compressionMethods.equals(h.compressionMethods)
                && extensionTypes.equals(h.extensionTypes)
                && Objects.equals(serverName, h.serverName)
                && supportedVersions.equals(h.supportedVersions)
                && supportedGroups.equals(h.supportedGroups)
                && keyShareGroups.equals(h.keyShareGroups)
                && keyShareLengths.equals(h.keyShareLengths)
                && signatureAlgorithms.equals(h.signatureAlgorithms)
                && alpn.equals(h.alpn)
                && ecPointFormats.equals(h.ecPointFormats)
                && anomalies.equals(h.anomalies)
                && pskKeyExchangeModes.equals(h.pskKeyExchangeModes)
                && pskIdentities == h.pskIdentities
                && paddingBytes == h.paddingBytes
                && sessionTicketBytes == h.sessionTicketBytes
                && echType == h.echType
                && sslV2 == h.sslV2;
    }

    @Override
    public int hashCode() {
        return Objects.hash(legacyVersion, Arrays.hashCode(random), Arrays.hashCode(sessionId), cipherSuites,
                extensionTypes, serverName);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "ClientHello[legacyVersion=" + TlsNames.version(legacyVersion)
                + ", random=" + hex.formatHex(random)
                + ", sessionId=" + hex.formatHex(sessionId)
                + ", cipherSuites=" + TlsNames.names(cipherSuites, TlsNames::cipherSuite)
                + ", compressionMethods=" + compressionMethods
                + ", extensionTypes=" + TlsNames.names(extensionTypes, TlsNames::extension)
                + ", serverName=" + serverName
                + ", supportedVersions=" + TlsNames.names(supportedVersions, TlsNames::version)
                + ", supportedGroups=" + TlsNames.names(supportedGroups, TlsNames::group)
                + ", keyShareGroups=" + TlsNames.names(keyShareGroups, TlsNames::group)
                + ", keyShareLengths=" + keyShareLengths
                + ", signatureAlgorithms=" + TlsNames.names(signatureAlgorithms, TlsNames::signatureScheme)
                + ", alpn=" + alpn
                + ", ecPointFormats=" + ecPointFormats
                + ", anomalies=" + anomalies
                + ", pskKeyExchangeModes=" + pskKeyExchangeModes
                + ", pskIdentities=" + pskIdentities
                + ", paddingBytes=" + paddingBytes
                + ", sessionTicketBytes=" + sessionTicketBytes
                + ", echType=" + echType
                + ", sslV2=" + sslV2 + "]";
    }
}
