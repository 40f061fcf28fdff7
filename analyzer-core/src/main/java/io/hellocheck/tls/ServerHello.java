package io.hellocheck.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A decoded ServerHello or HelloRetryRequest (RFC 8446 sections 4.1.3 and 4.1.4; RFC 5246 section 7.4.1.3).
 *
 * <p>A HelloRetryRequest is a ServerHello whose random is the SHA-256 of "HelloRetryRequest"
 * (RFC 8446 section 4.1.3): CF 21 AD 74 E5 9A 61 11 BE 1D 8C 02 1E 65 B8 91 C2 A2 11 16 7A BB 8C 5E
 * 07 9E 09 E2 C8 A8 33 9C.
 *
 * <p>As with {@link ClientHello}, the message structure is decoded strictly and extension bodies
 * leniently: a malformed supported_versions or key_share body is noted in {@link #anomalies()} and
 * its field stays -1.
 *
 * <p>ServerHellos of TLS 1.3 drafts before draft 22 (legacy_version 0x7f00 to 0x7f15) have no
 * session id and no compression method (draft-ietf-tls-tls13-21 section 4.1.3); they are decoded in
 * that layout, with an empty session id and {@code compressionMethod} -1. Drafts before 23 also
 * numbered key_share 40 (draft-ietf-tls-tls13-22 section 4.2); a ServerHello that negotiates such
 * a draft and has no extension 51 has its extension 40 read as key_share. Early draft implementations also
 * sent that layout with 0x0304 in the version field: such a ServerHello is recognized by its content (its
 * bytes fit the draft layout exactly and not the final one) and read in the draft layout, with an anomaly.
 *
 * <p>The extension block is read leniently ({@link ExtensionBlock}): a malformed one keeps the extensions
 * before the fault, with an anomaly.
 *
 * @param legacyVersion      legacy_version
 * @param random             the 32-byte random
 * @param sessionId          legacy_session_id_echo
 * @param cipherSuite        cipher_suite
 * @param compressionMethod  legacy_compression_method, or -1 for a draft TLS 1.3 ServerHello that has none
 * @param extensionTypes     extension types in wire order (empty when the extensions block is absent)
 * @param selectedVersion    supported_versions selected_version, or -1 when absent
 * @param keyShareGroup      key_share group (or HRR selected_group), or -1 when absent
 * @param helloRetryRequest  whether the random marks a HelloRetryRequest
 * @param keyShareLength     key_exchange length in bytes of the server's key share, or -1 when absent
 *                           (always -1 in a HelloRetryRequest, which names a group only)
 * @param anomalies          what was wrong but did not stop decoding, one plain sentence each; empty when none
 * @param pskSelectedIdentity pre_shared_key selected_identity (RFC 8446 section 4.2.11): the server accepted
 *                           the client's PSK of that index (resumption in TLS 1.3); -1 when absent
 */
public record ServerHello(
        int legacyVersion,
        byte[] random,
        byte[] sessionId,
        int cipherSuite,
        int compressionMethod,
        List<Integer> extensionTypes,
        int selectedVersion,
        int keyShareGroup,
        boolean helloRetryRequest,
        int keyShareLength,
        List<String> anomalies,
        int pskSelectedIdentity) {

    /** RFC 8446 section 4.1.3: SHA-256("HelloRetryRequest"). Private and never written. */
    private static final byte[] HELLO_RETRY_REQUEST_RANDOM = HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    /** Copies the arrays and lists, so the record is immutable. */
    public ServerHello {
        random = random.clone();
        sessionId = sessionId.clone();
        extensionTypes = List.copyOf(extensionTypes);
        anomalies = List.copyOf(anomalies);
    }

    /** A ServerHello without the fields added later (pre_shared_key). */
    public ServerHello(int legacyVersion, byte[] random, byte[] sessionId, int cipherSuite, int compressionMethod,
                       List<Integer> extensionTypes, int selectedVersion, int keyShareGroup, boolean helloRetryRequest,
                       int keyShareLength, List<String> anomalies) {
        this(legacyVersion, random, sessionId, cipherSuite, compressionMethod, extensionTypes, selectedVersion,
                keyShareGroup, helloRetryRequest, keyShareLength, anomalies, -1);
    }

    /** A copy with another cipher suite (SSLv2: the cipher spec the client chose in CLIENT-MASTER-KEY). */
    public ServerHello withCipherSuite(int suite) {
        return new ServerHello(legacyVersion, random, sessionId, suite, compressionMethod, extensionTypes,
                selectedVersion, keyShareGroup, helloRetryRequest, keyShareLength, anomalies, pskSelectedIdentity);
    }

    /** A copy of the 32-byte random. */
    @Override
    public byte[] random() {
        return random.clone();
    }

    /** A copy of legacy_session_id_echo. */
    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** The negotiated version: supported_versions when present, else legacy_version. */
    public int negotiatedVersion() {
        return selectedVersion >= 0 ? selectedVersion : legacyVersion;
    }

    /** Whether the extension type was sent. */
    public boolean hasExtension(int type) {
        return extensionTypes.contains(type);
    }

    /** Whether {@code random} is the HelloRetryRequest value of RFC 8446 section 4.1.3. */
    public static boolean isHelloRetryRequestRandom(byte[] random) {
        return Arrays.equals(HELLO_RETRY_REQUEST_RANDOM, random);
    }

    /**
     * Decodes a ServerHello handshake message body (after the 4-byte handshake header).
     *
     * @param body the buffer
     * @param off  where the body starts
     * @param len  body length in bytes
     * @throws TlsDecodeException when the body is malformed; its offset is relative to {@code off}.
     *                            No other exception is thrown for any content of {@code body}.
     */
    public static ServerHello parse(byte[] body, int off, int len) throws TlsDecodeException {
        return decode(body, off, len, -1);
    }

    /**
     * Decodes the first {@code have} bytes of a ServerHello body of {@code declared} bytes whose rest is missing
     * from the capture (cut by the snaplen, or a segment not captured), as far as they go: version, random,
     * session id and cipher suite must be there; the compression method and extensions that are there are read
     * (a cut extension is left out), and an anomaly says where the message was cut.
     *
     * @throws TlsDecodeException when the bytes end before the cipher suite
     */
    public static ServerHello parseTruncated(byte[] body, int off, int have, int declared) throws TlsDecodeException {
        return decode(body, off, have, declared);
    }

    /** Decodes a ServerHello body; {@code declared} is the whole body's length when only {@code len} bytes are there, else -1. */
    private static ServerHello decode(byte[] body, int off, int len, int declared) throws TlsDecodeException {
        ByteCursor c = ByteCursor.window(body, off, len);
        List<String> anomalies = new ArrayList<>();
        boolean cut = declared >= 0;

        int legacyVersion = c.u16();
        byte[] random = c.bytes(32);
        boolean hrr = isHelloRetryRequestRandom(random);
        byte[] sessionId;
        int cipherSuite;
        int compression;
        boolean draftLayout = isPreDraft22(legacyVersion);
        if (!draftLayout && !cut && legacyVersion == 0x0304 && !fitsFinalLayout(body, off + 34, off + len)
                && fitsDraftLayout(body, off + 34, off + len)) {
            draftLayout = true;
            anomalies.add("version 0x0304 in the layout of TLS 1.3 drafts before 22 (no legacy_session_id_echo, "
                    + "no compression method), as early draft implementations sent it; read in that layout");
        }
        if (draftLayout) {
            sessionId = new byte[0];
            cipherSuite = c.u16();
            compression = -1;
        } else {
            ByteCursor sid = c.vector8();
            if (sid.remaining() > 32) {
                anomalies.add("legacy_session_id_echo is " + sid.remaining() + " bytes, more than 32 (offset "
                        + (sid.offset() - 1) + ")");
            }
            sessionId = sid.peekRemaining();
            cipherSuite = c.u16();
            compression = cut && c.isEmpty() ? -1 : c.u8();
        }

        List<Integer> types = new ArrayList<>();
        int selectedVersion = -1;
        int pskSelected = -1;
        ByteCursor keyShare = null;
        int keyShareType = -1;
        int keyShareOffset = -1;
        if (!c.isEmpty()) {
            ByteCursor exts = ExtensionBlock.open(c, anomalies);
            if (!c.isEmpty()) {
                anomalies.add(c.remaining() + " bytes after the extensions block (offset " + c.offset() + ")");
            }
            SeenTypes seen = new SeenTypes();
            ByteCursor draftKeyShare = null;
            int draftKeyShareOffset = -1;
            while (ExtensionBlock.hasNext(exts, anomalies)) {
                int extOffset = exts.offset();
                int type = exts.u16();
                ByteCursor data = ExtensionBlock.data(exts, type, extOffset, anomalies);
                if (data == null) {
                    break;
                }
                types.add(type);
                if (!seen.add(type)) {
                    anomalies.add("extension " + TlsNames.extension(type) + " sent twice (offset " + extOffset
                            + "); the first is used");
                } else if (type == ClientHello.EXT_SUPPORTED_VERSIONS) {
                    try {
                        // struct { ProtocolVersion selected_version; } in ServerHello and HRR
                        int v = data.u16();
                        data.expectEnd("supported_versions");
                        selectedVersion = v;
                    } catch (TlsDecodeException e) {
                        anomalies.add("malformed supported_versions extension (offset " + extOffset + "): "
                                + e.getMessage());
                    }
                } else if (type == ClientHello.EXT_PRE_SHARED_KEY) {
                    try {
                        // struct { uint16 selected_identity; } in a ServerHello
                        int v = data.u16();
                        data.expectEnd("pre_shared_key");
                        pskSelected = v;
                    } catch (TlsDecodeException e) {
                        anomalies.add("malformed pre_shared_key extension (offset " + extOffset + "): "
                                + e.getMessage());
                    }
                } else if (type == ClientHello.EXT_KEY_SHARE) {
                    keyShare = data;
                    keyShareType = type;
                    keyShareOffset = extOffset;
                } else if (type == ClientHello.EXT_KEY_SHARE_PRE_DRAFT23) {
                    draftKeyShare = data;
                    draftKeyShareOffset = extOffset;
                }
            }
            int version = selectedVersion >= 0 ? selectedVersion : legacyVersion;
            if (keyShare == null && draftKeyShare != null && (draftLayout || ClientHello.isPreDraft23(version))) {
                keyShare = draftKeyShare;
                keyShareType = ClientHello.EXT_KEY_SHARE_PRE_DRAFT23;
                keyShareOffset = draftKeyShareOffset;
            }
        }
        int keyShareGroup = -1;
        int keyShareLength = -1;
        if (keyShare != null) {
            try {
                if (hrr) {
                    // struct { NamedGroup selected_group; } KeyShareHelloRetryRequest;
                    int g = keyShare.u16();
                    keyShare.expectEnd("key_share");
                    keyShareGroup = g;
                } else {
                    // struct { KeyShareEntry server_share; } KeyShareServerHello;
                    int g = keyShare.u16();
                    int n = keyShare.vector16().remaining();
                    keyShare.expectEnd("key_share");
                    keyShareGroup = g;
                    keyShareLength = n;
                }
            } catch (TlsDecodeException e) {
                anomalies.add("malformed key_share extension (type " + keyShareType + ", offset " + keyShareOffset
                        + "): " + e.getMessage());
            }
        }
        if (cut) {
            anomalies.add("cut after " + len + " of its " + declared + " bytes (snaplen, or bytes missing from the "
                    + "capture): decoded as far as it goes");
        }
        return new ServerHello(legacyVersion, random, sessionId, cipherSuite, compression, types,
                selectedVersion, keyShareGroup, hrr, keyShareLength, anomalies, pskSelected);
    }

    /**
     * Whether the version this ServerHello negotiates is TLS 1.3 or a draft of it: supported_versions present
     * (RFC 8446 section 4.2.1), or the version field 0x0304 or 0x7fNN (drafts before 22 had no such extension).
     */
    public boolean tls13() {
        int v = negotiatedVersion();
        return selectedVersion >= 0 || v == 0x0304 || (v >> 8) == 0x7f;
    }

    /** Whether the bytes after the random, {@code b[at, end)}, are exactly session id, suite, method, extensions. */
    private static boolean fitsFinalLayout(byte[] b, int at, int end) {
        if (at >= end || (b[at] & 0xff) > 32) {
            return false;
        }
        return fitsSuiteAndExtensions(b, at + 1 + (b[at] & 0xff) + 3, end);
    }

    /** Whether the bytes after the random are exactly a cipher suite and extensions (draft layout). */
    private static boolean fitsDraftLayout(byte[] b, int at, int end) {
        return fitsSuiteAndExtensions(b, at + 2, end);
    }

    /** Whether {@code b[p, end)} is empty or exactly an extension block of whole extensions. */
    private static boolean fitsSuiteAndExtensions(byte[] b, int p, int end) {
        if (p == end) {
            return true;
        }
        if (p + 2 > end || p + 2 + (((b[p] & 0xff) << 8) | (b[p + 1] & 0xff)) != end) {
            return false;
        }
        int q = p + 2;
        while (q + 4 <= end) {
            q += 4 + (((b[q + 2] & 0xff) << 8) | (b[q + 3] & 0xff));
        }
        return q == end;
    }

    /** TLS 1.3 drafts 0 to 21 used a ServerHello without session id and compression. */
    private static boolean isPreDraft22(int version) {
        return (version >> 8) == 0x7f && (version & 0xff) < 22;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerHello h
                && legacyVersion == h.legacyVersion
                && Arrays.equals(random, h.random)
                && Arrays.equals(sessionId, h.sessionId)
                && cipherSuite == h.cipherSuite
                && compressionMethod == h.compressionMethod
                && extensionTypes.equals(h.extensionTypes)
                && selectedVersion == h.selectedVersion
                && keyShareGroup == h.keyShareGroup
                && helloRetryRequest == h.helloRetryRequest
                && keyShareLength == h.keyShareLength
                && anomalies.equals(h.anomalies)
                && pskSelectedIdentity == h.pskSelectedIdentity;
    }

    @Override
    public int hashCode() {
        return Objects.hash(legacyVersion, Arrays.hashCode(random), Arrays.hashCode(sessionId), cipherSuite,
                extensionTypes, selectedVersion, keyShareGroup);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return (helloRetryRequest ? "HelloRetryRequest" : "ServerHello")
                + "[legacyVersion=" + TlsNames.version(legacyVersion)
                + ", random=" + hex.formatHex(random)
                + ", sessionId=" + hex.formatHex(sessionId)
                + ", cipherSuite=" + TlsNames.cipherSuite(cipherSuite)
                + ", compressionMethod=" + compressionMethod
                + ", extensionTypes=" + TlsNames.names(extensionTypes, TlsNames::extension)
                + ", selectedVersion=" + (selectedVersion < 0 ? "-" : TlsNames.version(selectedVersion))
                + ", keyShareGroup=" + (keyShareGroup < 0 ? "-" : TlsNames.group(keyShareGroup))
                + ", keyShareLength=" + keyShareLength
                + ", anomalies=" + anomalies
                + ", pskSelectedIdentity=" + pskSelectedIdentity + "]";
    }
}
