package io.hellocheck.profile;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * nmap's XML output ({@code -oX}) of the {@code ssl-enum-ciphers} script. The structure, from the
 * script's {@code @xmloutput} documentation (nmap/nmap {@code scripts/ssl-enum-ciphers.nse}):
 *
 * <pre>{@code
 * <script id="ssl-enum-ciphers" output="...">
 *   <table key="TLSv1.2">
 *     <table key="ciphers">
 *       <table>
 *         <elem key="name">TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</elem>
 *         <elem key="kex_info">secp256r1</elem>
 *         <elem key="strength">A</elem>
 *       </table>
 *       ...
 *     </table>
 *     <table key="compressors"><elem>NULL</elem></table>
 *     <elem key="cipher preference">server</elem>
 *   </table>
 *   <elem key="least strength">A</elem>
 * </script>
 * }</pre>
 *
 * <p>inside {@code <nmaprun><host><ports><port>}. One protocol table per version the server accepted
 * ({@code SSLv3}, {@code TLSv1.0} to {@code TLSv1.3}), so the versions are known. Names are nmap's
 * ({@code nselib/tls.lua}): IANA names, except the TLS 1.3 suites, which nmap calls
 * {@code TLS_AKE_WITH_AES_128_GCM_SHA256}. The script sorts a protocol's suites in the server's order when
 * the server has one ({@code cipher preference} = {@code server}), alphabetically otherwise. Groups are
 * not known: {@code kex_info} shows only the group the server chose in each handshake. Several hosts or
 * ports are merged, with a warning.
 */
final class NmapXmlParser {

    private static final Map<String, Integer> PROTOCOLS = Map.of("SSLv3", 0x0300, "TLSv1.0", 0x0301,
            "TLSv1.1", 0x0302, "TLSv1.2", 0x0303, "TLSv1.3", 0x0304);
    private static final int MAX_DEPTH = 256;

    private NmapXmlParser() {
    }

    static ParsedProfile parse(String text, String fileName) throws ProfileFormatException {
        Document doc = parseXml(text, fileName);
        ProfileBuilder b = new ProfileBuilder(fileName, ProfileFormat.NMAP_XML);
        List<Element> scripts = new ArrayList<>();
        NodeList all = doc.getElementsByTagName("script");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if ("ssl-enum-ciphers".equals(e.getAttribute("id"))) {
                scripts.add(e);
            }
        }
        if (scripts.isEmpty()) {
            throw new ProfileFormatException(fileName, "XML without a <script id=\"ssl-enum-ciphers\"> element; "
                    + "expected nmap --script ssl-enum-ciphers -oX output");
        }
        for (Element s : scripts) {
            String t = target(s);
            if (!t.startsWith("?")) {
                b.host(t);
            }
        }
        if (scripts.size() > 1) {
            List<String> where = new ArrayList<>();
            for (Element s : scripts) {
                where.add(target(s));
            }
            b.warn("ssl-enum-ciphers results for " + scripts.size() + " ports merged into one profile: "
                    + String.join(", ", where));
        }
        Map<Integer, Set<Integer>> perProtocol = new TreeMap<>(Comparator.reverseOrder());
        Map<String, String> preference = new LinkedHashMap<>();
        for (Element script : scripts) {
            for (Element table : children(script, "table")) {
                String key = table.getAttribute("key");
                Integer version = PROTOCOLS.get(key);
                if (version == null) {
                    if (key.startsWith("SSL") || key.startsWith("TLS")) {
                        b.warn("protocol table " + ProfileBuilder.quote(key) + " not understood; skipped");
                    }
                    continue;
                }
                Set<Integer> suites = perProtocol.computeIfAbsent(version, k -> new LinkedHashSet<>());
                for (Element ciphers : children(table, "table")) {
                    if (!"ciphers".equals(ciphers.getAttribute("key"))) {
                        continue;
                    }
                    for (Element cipher : children(ciphers, "table")) {
                        String name = elem(cipher, "name");
                        if (name == null || name.isBlank()) {
                            b.warn(key + ": cipher entry without a name; skipped");
                            continue;
                        }
                        int code = ServerProfiles.suiteCode(name.trim());
                        if (code < 0) {
                            b.warn(key + ": unknown cipher suite name " + ProfileBuilder.quote(name.trim()));
                        } else {
                            suites.add(code);
                        }
                    }
                }
                String pref = elem(table, "cipher preference");
                if (pref != null && !pref.isBlank()) {
                    preference.merge(key, pref.trim(), (a, c) -> a.equals(c) ? a : a + "/" + c);
                }
            }
        }
        perProtocol.forEach((version, suites) -> {
            b.version(version);
            suites.forEach(b::suite);
        });
        b.note("versions: the protocols ssl-enum-ciphers found; suites by protocol, highest first, each in "
                + "nmap's order (the server's when cipher preference is server, else alphabetical)");
        if (!preference.isEmpty()) {
            List<String> parts = new ArrayList<>();
            preference.forEach((p, v) -> parts.add(p + " " + v));
            b.note("cipher preference (nmap): " + String.join(", ", parts));
        }
        b.note("groups unknown: nmap's kex_info shows only the group chosen in each handshake");
        return b.build();
    }

    private static Document parseXml(String text, String fileName) throws ProfileFormatException {
        DocumentBuilder builder;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // nmap writes <!DOCTYPE nmaprun>, so DOCTYPEs are allowed; nothing external is ever loaded.
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            trySetAttribute(f, "http://www.oracle.com/xml/jaxp/properties/maxElementDepth", String.valueOf(MAX_DEPTH));
            trySetAttribute(f, "http://www.oracle.com/xml/jaxp/properties/entityExpansionLimit", "1000");
            builder = f.newDocumentBuilder();
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("XML parser cannot be configured safely", e);
        }
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity " + systemId + " not loaded");
        });
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        try {
            return builder.parse(new InputSource(new StringReader(text)));
        } catch (SAXParseException e) {
            throw new ProfileFormatException(fileName, "not well-formed XML at line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new ProfileFormatException(fileName, "XML not readable: " + e.getMessage(), e);
        }
    }

    private static void trySetAttribute(DocumentBuilderFactory f, String name, String value) {
        try {
            f.setAttribute(name, value);
        } catch (IllegalArgumentException e) {
            // another JAXP implementation: FEATURE_SECURE_PROCESSING still applies its own limits
        }
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** Text of the child {@code <elem key="...">}, or null. */
    private static String elem(Element parent, String key) {
        for (Element e : children(parent, "elem")) {
            if (key.equals(e.getAttribute("key"))) {
                return e.getTextContent();
            }
        }
        return null;
    }

    /** "address:port" of the host and port a script element belongs to, as far as the document says. */
    private static String target(Element script) {
        String port = "?";
        String addr = "?";
        for (Node n = script.getParentNode(); n instanceof Element e; n = n.getParentNode()) {
            if ("port".equals(e.getTagName()) && !e.getAttribute("portid").isEmpty()) {
                port = e.getAttribute("portid");
            } else if ("host".equals(e.getTagName())) {
                for (Element a : children(e, "address")) {
                    if (!a.getAttribute("addr").isEmpty()) {
                        addr = a.getAttribute("addr");
                        break;
                    }
                }
            }
        }
        return addr + ":" + port;
    }
}
