package io.hellocheck.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * testssl.sh JSON output. The format, from testssl.sh's source ({@code fileout_json_finding},
 * {@code ciphers_by_strength}, {@code run_allciphers}, {@code run_protocols}; testssl/testssl.sh 3.3dev):
 *
 * <ul>
 *   <li>{@code --jsonfile}: a JSON array of findings, each an object with {@code id}, {@code ip}
 *       ({@code host/address}), {@code port}, {@code severity}, optional {@code cve}, {@code cwe},
 *       {@code hint}, and {@code finding}; {@code --jsonfile-pretty}: an object whose {@code scanResult}
 *       array holds, per target, {@code targetHost}, {@code ip}, {@code port} and arrays of the same
 *       findings ({@code protocols}, {@code ciphers}, {@code serverPreferences}, {@code fs}, ...). Both are
 *       read by collecting every object with an {@code id} and a {@code finding}.</li>
 *   <li>Accepted cipher suites, per protocol ({@code -E}, and the server preferences of the default run):
 *       {@code id} {@code cipher-tls1_2_xc030} ({@code cipher}, the protocol option {@code -ssl3},
 *       {@code -tls1}, {@code -tls1_1}, {@code -tls1_2}, {@code -tls1_3}, then {@code _x} and the code in
 *       lowercase hex without a leading {@code 00} byte: {@code x9d} is 0x009d), {@code finding}
 *       {@code "TLSv1.2   xc030   ECDHE-RSA-AES256-GCM-SHA384   ECDH 253   AESGCM   256
 *       TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"}; all protocols together ({@code -e}): {@code cipher_xc030}.
 *       With {@code --show-each} the suites the server refused are listed too, their finding ending in
 *       {@code "not a/v"}; those are skipped. SSL 2.0 cipher specs ({@code cipher-ssl2_x010080}, three bytes)
 *       are not TLS cipher suites and are skipped with a warning.</li>
 *   <li>Protocols: {@code id} {@code SSLv2}, {@code SSLv3}, {@code TLS1}, {@code TLS1_1}, {@code TLS1_2},
 *       {@code TLS1_3}; {@code finding} {@code "offered"}, {@code "offered (deprecated)"},
 *       {@code "offered with final"} (TLS 1.3; {@code "offered with draft 28"} alone means only drafts),
 *       {@code "not offered"}, {@code "not offered and downgraded to a weaker protocol"},
 *       {@code "supported but couldn't detect a cipher ..."}. When no protocol finding is present, the
 *       versions are those that have per-protocol cipher findings.</li>
 *   <li>Groups: {@code FS_ECDHE_curves} (e.g. {@code "prime256v1 secp384r1 secp521r1 X25519 X448"};
 *       {@code PFS_ECDHE_curves} in testssl.sh 3.0), {@code FS_KEMs} ({@code "X25519MLKEM768"}),
 *       {@code DH_groups} ({@code "ffdhe2048 ffdhe3072"}).</li>
 * </ul>
 *
 * <p>Suites are ordered by protocol, highest first, each protocol's suites in testssl.sh's order (the
 * server's order when testssl.sh found one, {@code cipher_order-tls1_2} = {@code server}), then those only
 * in {@code cipher_x..} findings. Run with {@code --severity}, testssl.sh leaves out findings below that
 * level, cipher findings included.
 */
final class TestsslJsonParser {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Pattern CIPHER_PER_PROTOCOL =
            Pattern.compile("cipher-(ssl2|ssl3|tls1|tls1_1|tls1_2|tls1_3)_x([0-9a-fA-F]+)");
    private static final Pattern CIPHER_ANY_PROTOCOL = Pattern.compile("cipher_x([0-9a-fA-F]+)");
    private static final Pattern CIPHER_ORDER = Pattern.compile("cipher_order-(ssl3|tls1|tls1_1|tls1_2|tls1_3)");
    private static final Map<String, Integer> PROTOCOL_OPTIONS = Map.of("ssl2", 0x0002, "ssl3", 0x0300,
            "tls1", 0x0301, "tls1_1", 0x0302, "tls1_2", 0x0303, "tls1_3", 0x0304);
    private static final Map<String, Integer> PROTOCOL_IDS = Map.of("SSLv2", 0x0002, "SSLv3", 0x0300,
            "TLS1", 0x0301, "TLS1_1", 0x0302, "TLS1_2", 0x0303, "TLS1_3", 0x0304);
    private static final Set<String> GROUP_IDS = Set.of("FS_ECDHE_curves", "PFS_ECDHE_curves", "FS_KEMs",
            "DH_groups");

    private TestsslJsonParser() {
    }

    static ParsedProfile parse(String text, String fileName) throws ProfileFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ProfileFormatException(fileName, "not valid JSON" + at + ": " + e.getOriginalMessage(), e);
        }
        ProfileBuilder b = new ProfileBuilder(fileName, ProfileFormat.TESTSSL_JSON);
        List<JsonNode> findings = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        collect(root, findings, targets);
        if (findings.isEmpty()) {
            throw new ProfileFormatException(fileName, "JSON without testssl.sh findings (objects with \"id\" "
                    + "and \"finding\"); expected testssl.sh --jsonfile output");
        }
        targets.forEach(b::host);
        if (targets.size() > 1) {
            b.warn("findings for " + targets.size() + " targets merged into one profile: "
                    + String.join(", ", targets));
        }

        // protocol -> suites in file order; highest protocol first
        Map<Integer, Set<Integer>> perProtocol = new TreeMap<>(Comparator.reverseOrder());
        Set<Integer> anyProtocol = new LinkedHashSet<>();
        Map<Integer, Boolean> offered = new TreeMap<>();
        Map<String, String> order = new LinkedHashMap<>();
        for (JsonNode f : findings) {
            String id = f.get("id").asText();
            String finding = f.get("finding").asText();
            Matcher m;
            if ((m = CIPHER_PER_PROTOCOL.matcher(id)).matches()) {
                int code = cipherCode(b, id, m.group(2), finding);
                if (code >= 0) {
                    perProtocol.computeIfAbsent(PROTOCOL_OPTIONS.get(m.group(1)), k -> new LinkedHashSet<>())
                            .add(code);
                }
            } else if ((m = CIPHER_ANY_PROTOCOL.matcher(id)).matches()) {
                int code = cipherCode(b, id, m.group(1), finding);
                if (code >= 0) {
                    anyProtocol.add(code);
                }
            } else if (PROTOCOL_IDS.containsKey(id)) {
                protocol(b, id, finding, offered);
            } else if (GROUP_IDS.contains(id)) {
                groups(b, id, finding);
            } else if ((m = CIPHER_ORDER.matcher(id)).matches()) {
                order.put(m.group(1), finding.trim());
            }
        }
        if (perProtocol.isEmpty() && anyProtocol.isEmpty()) {
            throw new ProfileFormatException(fileName, "no cipher findings (ids like cipher-tls1_2_xc02f or "
                    + "cipher_xc02f) among " + findings.size() + " testssl.sh findings; run testssl.sh with -E, "
                    + "-e or its default checks, and without --severity");
        }
        perProtocol.values().forEach(s -> s.forEach(b::suite));
        anyProtocol.forEach(b::suite);

        if (!offered.isEmpty()) {
            offered.forEach((v, yes) -> {
                if (yes) {
                    b.version(v);
                }
            });
            if (!offered.containsValue(true)) {
                b.warn("no protocol finding says \"offered\"; versions unknown");
            }
        } else if (!perProtocol.isEmpty()) {
            perProtocol.keySet().forEach(b::version);
            b.note("versions: those with per-protocol cipher findings (no protocol findings in the file)");
        } else {
            b.note("versions unknown: no protocol findings and no per-protocol cipher findings");
        }
        b.note("suites: testssl.sh's per-protocol cipher findings, highest protocol first"
                + (anyProtocol.isEmpty() ? "" : ", then those only in cipher_x.. findings"));
        if (b.hasGroups()) {
            b.note("groups: from testssl.sh's FS_ECDHE_curves, FS_KEMs and DH_groups findings, in its order");
        }
        if (!order.isEmpty()) {
            List<String> parts = new ArrayList<>();
            order.forEach((p, o) -> parts.add(p + " " + o));
            b.note("cipher order (testssl.sh cipher_order): " + String.join(", ", parts));
        }
        return b.build();
    }

    /** Every object with textual "id" and a "finding"; targets from objects with "ip" and "port". */
    private static void collect(JsonNode root, List<JsonNode> findings, Set<String> targets) {
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        List<JsonNode> children = new ArrayList<>();
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n.isObject()) {
                JsonNode id = n.get("id");
                if (id != null && id.isTextual() && n.has("finding") && n.get("finding").isValueNode()) {
                    findings.add(n);
                }
                JsonNode ip = n.get("ip");
                JsonNode port = n.get("port");
                // "/" is testssl.sh's NODE/NODEIP before the target is resolved (engine_problem and other
                // client-side warnings)
                if (ip != null && ip.isValueNode() && port != null && port.isValueNode()
                        && !ip.asText().replace("/", "").isBlank()) {
                    targets.add(ip.asText() + ":" + port.asText());
                }
            }
            if (n.isContainerNode()) {
                children.clear();
                n.elements().forEachRemaining(children::add);
                for (int i = children.size() - 1; i >= 0; i--) {
                    todo.push(children.get(i)); // keep document order
                }
            }
        }
    }

    private static int cipherCode(ProfileBuilder b, String id, String hex, String finding) {
        String f = finding.trim();
        if (f.endsWith("not a/v")) {
            return -1; // --show-each: tested, not accepted
        }
        if (hex.length() > 4) {
            b.warn(id + ": " + (hex.length() == 6 ? "an SSL 2.0 cipher spec, not a TLS cipher suite; skipped"
                    : "unexpected code; skipped"));
            return -1;
        }
        int code = Integer.parseInt(hex, 16);
        for (String tok : f.split("\\s+")) {
            if (tok.startsWith("TLS_") || tok.startsWith("SSL_")) {
                int named = ServerProfiles.suiteCode(tok);
                if (named >= 0 && named != code) {
                    b.warn(id + ": finding names " + tok + " (" + ServerProfiles.hex4(named) + "); using the id's "
                            + ServerProfiles.hex4(code));
                }
            }
        }
        return code;
    }

    private static void protocol(ProfileBuilder b, String id, String finding, Map<Integer, Boolean> offered) {
        int version = PROTOCOL_IDS.get(id);
        String f = finding.trim().toLowerCase(Locale.ROOT);
        Boolean yes = null;
        if (f.contains("not offered")) {
            yes = false;
        } else if (f.startsWith("offered")) {
            if (version == 0x0304 && f.startsWith("offered with") && !f.contains("final")) {
                b.warn(id + ": only TLS 1.3 drafts offered (" + ProfileBuilder.quote(finding.trim())
                        + "); TLS 1.3 (0x0304) not counted");
                yes = false;
            } else {
                yes = true;
            }
        } else if (f.startsWith("supported")) {
            yes = true; // "supported but couldn't detect a cipher": testssl.sh counts it as offered
        }
        if (yes != null) {
            offered.merge(version, yes, Boolean::logicalOr);
        }
    }

    private static void groups(ProfileBuilder b, String id, String finding) {
        List<String> unknown = new ArrayList<>();
        int known = 0;
        for (String raw : finding.trim().split("[\\s,]+")) {
            if (raw.isEmpty()) {
                continue;
            }
            int code = GroupNames.code(raw);
            int slash = raw.lastIndexOf('/');
            if (code < 0 && slash >= 0) {
                code = GroupNames.code(raw.substring(slash + 1));
            }
            if (code >= 0) {
                b.group(code);
                known++;
            } else {
                unknown.add(raw);
            }
        }
        if (known == 0) {
            b.warn(id + ": " + ProfileBuilder.quote(finding.trim()) + " names no known group");
        } else if (!unknown.isEmpty()) {
            b.warn(id + ": unknown group names " + ProfileBuilder.quote(String.join(" ", unknown)));
        }
    }
}
