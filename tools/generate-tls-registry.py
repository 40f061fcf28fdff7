#!/usr/bin/env python3
"""Generate hellocheck's TLS name registries from the IANA and testssl.sh reference data.

Usage:  tools/generate-tls-registry.py [SHARED_DIR]

SHARED_DIR defaults to ``../shared`` relative to the repository root (the parent of this
script's folder). It must contain ``reference/iana/*.csv`` (IANA's CSV layout, see
``reference/README.md``) and ``reference/testssl/openssl-iana-cipher-mapping.csv``.
When ``reference/iana/*.xml`` is present, the registry dates are read from it.

The output is written to ``analyzer-core/src/main/resources/io/hellocheck/tls/`` as small
TSV files: ``#`` lines are comments (source file, registry date, sha256 of the input, the
column names), then one row per assigned code point, sorted by code, tab-separated, with
empty fields for absent values. Codes are written as lowercase hex (``0xc02f``).

Rows that are not single assigned code points are skipped: ranges (``0x00,0x1C-1D``,
``28-31``), ``Unassigned...`` and ``Reserved...`` rows (GREASE values are registered as
``Reserved``; the Java side recognises GREASE by its bit pattern). Names are cleaned of
annotations: embedded newlines and runs of whitespace are collapsed, ``[...]`` reference
markers and ``*`` footnote markers are removed, and a trailing parenthetical note such as
``(renamed from "elliptic_curves")``, ``(deprecated)`` or ``(OBSOLETE)`` is removed, unless
removing it would give the same name as another code in the registry (extension 53,
``connection_id (deprecated)``, beside 54 ``connection_id``), in which case the registry text
is kept as is. IANA's ``_RESERVED`` suffixes (``hello_request_RESERVED``) are part of the
registered names and are kept.

The output is deterministic: re-running on the same input gives byte-identical files.
Python 3 standard library only.
"""

import csv
import hashlib
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
OUT_DIR = os.path.join(REPO_ROOT, "analyzer-core", "src", "main", "resources",
                       "io", "hellocheck", "tls")
IANA_NS = "{http://www.iana.org/assignments}"

# Output file, IANA CSV, registry id, XML group file, code width in hex digits.
SIMPLE_REGISTRIES = [
    ("groups.tsv", "tls-parameters-8.csv", "tls-parameters-8", "tls-parameters.xml", 4),
    ("extensions.tsv", "tls-extensiontype-values-1.csv", "tls-extensiontype-values-1",
     "tls-extensiontype-values.xml", 4),
    ("signature-schemes.tsv", "tls-signaturescheme.csv", "tls-signaturescheme",
     "tls-parameters.xml", 4),
    ("alerts.tsv", "tls-parameters-6.csv", "tls-parameters-6", "tls-parameters.xml", 2),
    ("handshake-types.tsv", "tls-parameters-7.csv", "tls-parameters-7", "tls-parameters.xml", 2),
    ("content-types.tsv", "tls-parameters-5.csv", "tls-parameters-5", "tls-parameters.xml", 2),
]
CIPHER_SUITES = ("cipher-suites.tsv", "tls-parameters-4.csv", "tls-parameters-4",
                 "tls-parameters.xml", 4)
TESTSSL_CSV = os.path.join("testssl", "openssl-iana-cipher-mapping.csv")

NAME_RE = re.compile(r"^[A-Za-z0-9_.\-]+$")


class GenerationError(Exception):
    pass


def fail(msg):
    raise GenerationError(msg)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        fail(f"{path}: empty")
    header = rows[0]
    return [dict(zip(header, r)) for r in rows[1:]]


def parse_code(text):
    """'0x00,0x9C' -> 0x009c; '0x0201' -> 0x0201; '29' -> 29; a range or junk -> None."""
    t = text.strip()
    if "-" in t or not t:
        return None
    parts = [p.strip() for p in t.split(",")]
    try:
        if len(parts) == 2:
            hi, lo = (int(p, 16) for p in parts)
            if hi > 0xFF or lo > 0xFF:
                return None
            return (hi << 8) | lo
        if len(parts) == 1:
            p = parts[0]
            return int(p, 16) if p.lower().startswith("0x") else int(p, 10)
    except ValueError:
        return None
    return None


def is_unassigned(desc):
    d = " ".join(desc.split())
    return d.startswith("Unassigned") or d.startswith("Reserved") or d == ""


def clean_name(desc):
    """Returns (cleaned name, registry text with whitespace collapsed)."""
    text = " ".join(desc.split())
    name = re.sub(r"\[[^\]]*\]", "", text)          # reference / footnote markers
    name = name.replace("*", "").strip()
    stripped = re.sub(r"\s*\([^()]*\)\s*$", "", name).strip()  # trailing (note)
    return stripped, text


def registry_dates(xml_path, registry_id):
    """(group <updated>, newest record date or updated attribute in the registry), or Nones."""
    if not os.path.exists(xml_path):
        return None, None
    root = ET.parse(xml_path).getroot()
    group_updated = root.findtext(IANA_NS + "updated")
    newest = None
    for reg in root.iter(IANA_NS + "registry"):
        if reg.get("id") != registry_id:
            continue
        for rec in reg.iter(IANA_NS + "record"):
            for attr in ("date", "updated"):
                v = rec.get(attr)
                if v and (newest is None or v > newest):
                    newest = v
        title = reg.findtext(IANA_NS + "title")
        return group_updated, newest, title
    fail(f"{xml_path}: registry {registry_id} not found")


def iana_rows(shared, csv_name, registry_id, code_bits):
    """Assigned rows of one IANA CSV: list of (code, name, row dict), sorted by code."""
    path = os.path.join(shared, "reference", "iana", csv_name)
    out = {}
    for row in read_csv(path):
        value = row.get("Value", "")
        desc = row.get("Description", row.get("Extension Name", ""))
        code = parse_code(value)
        if code is None or is_unassigned(desc):
            continue
        if code >= (1 << code_bits):
            fail(f"{csv_name}: code {value!r} out of range")
        name, text = clean_name(desc)
        if code in out:
            fail(f"{csv_name}: code {value!r} listed twice")
        out[code] = (name, text, row)
    # An annotation is removed only when the shorter name stays unique.
    counts = {}
    for name, _, _ in out.values():
        counts[name] = counts.get(name, 0) + 1
    result = []
    seen = {}
    for code in sorted(out):
        name, text, row = out[code]
        if counts[name] > 1 and name != text:
            name = text
        if name in seen:
            fail(f"{csv_name}: name {name!r} used by {seen[name]} and {code}")
        seen[name] = code
        if name != text and not NAME_RE.match(name):
            fail(f"{csv_name}: unexpected characters in name {name!r}")
        if "\t" in name or "\n" in name:
            fail(f"{csv_name}: control character in name {name!r}")
        result.append((code, name, row))
    return result, path


def header_lines(title, sources, columns):
    lines = [f"# hellocheck TLS registry: {title}",
             "# Generated by tools/generate-tls-registry.py from the files below; do not edit.",
             "# Re-run the script to update (see tools/README.md)."]
    for s in sources:
        lines.append("# " + s)
    lines.append("# columns: " + "\t".join(columns))
    return lines


def source_line(shared, path, registry_id, xml_name):
    rel = os.path.relpath(path, os.path.join(shared, "reference"))
    xml_path = os.path.join(shared, "reference", "iana", xml_name)
    dates = registry_dates(xml_path, registry_id)
    if dates[0] is None:
        date_text = "registry date unknown (XML not found)"
        title = registry_id
    else:
        group_updated, newest, title = dates
        date_text = (f"registry group iana/{xml_name} updated {group_updated}, "
                     f"newest record in this registry {newest}")
    return title, [f"source: reference/{rel} (IANA registry {registry_id}, \"{title}\")",
                   f"registry date: {date_text}",
                   f"sha256({rel}): {sha256(path)}"]


def hexcode(code, width):
    return f"0x{code:0{width}x}"


def write(path, lines):
    data = "\n".join(lines) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)


def testssl_date(shared):
    """The 'Date of the data' column of the testssl CSV's row in reference/README.md."""
    readme = os.path.join(shared, "reference", "README.md")
    if not os.path.exists(readme):
        return "unknown"
    with open(readme, encoding="utf-8") as f:
        for line in f:
            if line.startswith("| `testssl/openssl-iana-cipher-mapping.csv`"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                return cells[-1] if cells else "unknown"
    return "unknown"


def generate_simple(shared, spec, counts):
    out_name, csv_name, registry_id, xml_name, width = spec
    rows, path = iana_rows(shared, csv_name, registry_id, width * 4)
    has_rec = rows and "Recommended" in rows[0][2]
    title, src = source_line(shared, path, registry_id, xml_name)
    pq = out_name == "groups.tsv"
    columns = ["code", "name"] + (["recommended"] if has_rec else []) + (["post_quantum"] if pq else [])
    if pq:
        src = src + ["post_quantum: Y for ML-KEM and Kyber groups, pure or hybrid (the name says MLKEM or Kyber)"]
    lines = header_lines(title, src, columns)
    for code, name, row in rows:
        fields = [hexcode(code, width), name]
        if has_rec:
            fields.append(row.get("Recommended", "").strip())
        if pq:
            fields.append("Y" if re.search(r"MLKEM|Kyber", name) else "N")
        lines.append("\t".join(fields))
    write(os.path.join(OUT_DIR, out_name), lines)
    counts[out_name] = len(rows)


VERSION_ORDER = ["SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
TESTSSL_VERSION = {"SSLv3": "SSLv3", "TLSv1": "TLSv1.0", "TLSv1.2": "TLSv1.2", "TLSv1.3": "TLSv1.3"}
AEAD_RE = re.compile(r"GCM|CCM|ChaCha20|POLY1305|MGM", re.IGNORECASE)
CBC_CIPHERS = ("AES", "Camellia", "ARIA", "SEED", "IDEA", "3DES", "DES", "RC2")


def suite_versions(name, t):
    """The protocol versions a suite works with, comma-separated, lowest first.

    With testssl.sh's row: from its protocol column (OpenSSL's lowest version for the suite) up to
    TLS 1.2, or TLS 1.0 for EXPORT suites (RFC 4346 section 1.1: TLS 1.1 must not negotiate
    them); TLS 1.3 suites only TLS 1.3. Without it, from the IANA name: no "_WITH_" (TLS 1.3
    naming, RFC 8446 appendix B.4) or GOST MGM (RFC 9367) -> TLS 1.3; ECCPWD (RFC 8492) -> TLS 1.2
    and 1.3; other named suites -> TLS 1.2. Signaling values (SCSV) have none.
    """
    if name.endswith("_SCSV"):
        return ""
    if t:
        low = TESTSSL_VERSION.get(t["protocol"])
        if low is None:
            fail(f"unexpected testssl protocol {t['protocol']!r} for {name or t['openssl_name']}")
        if low == "TLSv1.3":
            return "TLSv1.3"
        high = "TLSv1.0" if t.get("export") else "TLSv1.2"
    elif "_WITH_" not in name or "_MGM_" in name:
        return "TLSv1.3"
    elif "_ECCPWD_" in name:
        low, high = "TLSv1.2", "TLSv1.3"
    else:
        low, high = "TLSv1.2", "TLSv1.2"
    i, j = VERSION_ORDER.index(low), VERSION_ORDER.index(high)
    return ",".join(VERSION_ORDER[i:j + 1])


def suite_security(name, t, recommended):
    """Security class of a suite: insecure, weak, secure or recommended ("" for SCSVs).

    insecure: no encryption (NULL), EXPORT, RC4, single DES (40 to 64-bit keys), anonymous
    (no authentication); weak: 3DES, a CBC cipher with a SHA-1 (or MD5) MAC, a key exchange without
    forward secrecy (static RSA, RSA_PSK, static DH and ECDH); recommended: IANA's Recommended
    column is Y; secure: the rest. From testssl.sh's kx/au/enc/mac columns, or from the IANA name
    when testssl.sh has no row.
    """
    if name.endswith("_SCSV"):
        return ""
    if t:
        kx, au, enc, mac = t["kx"], t["au"], t["enc"], t["mac"]
        export = bool(t.get("export")) or "(512)" in kx or "(1024)" in kx
        cipher = enc.split("(")[0]
        insecure = (enc in ("", "None") or export or cipher == "RC4" or cipher == "DES"
                    or au in ("", "None") or kx == "None")
        aead = mac == "AEAD" or AEAD_RE.search(enc) is not None
        cbc = not aead and cipher in CBC_CIPHERS
        static_kx = kx in ("RSA", "RSAPSK") or kx.startswith("DH/") or kx.startswith("ECDH/")
        weak = cipher == "3DES" or (cbc and mac in ("SHA1", "MD5")) or static_kx
    else:
        n = name.upper()
        insecure = ("_NULL_" in n or n.endswith("_NULL") or "EXPORT" in n or "_RC4_" in n
                    or "_DES_" in n or "DES40" in n or "_ANON_" in n)
        aead = AEAD_RE.search(n) is not None
        weak = ("3DES" in n or (not aead and "_CBC_" in n and n.endswith("_SHA"))
                or n.startswith("TLS_RSA_WITH_") or n.startswith("TLS_RSA_PSK_"))
    if insecure:
        return "insecure"
    if weak:
        return "weak"
    if recommended == "Y":
        return "recommended"
    return "secure"


def generate_cipher_suites(shared, counts):
    out_name, csv_name, registry_id, xml_name, width = CIPHER_SUITES
    rows, path = iana_rows(shared, csv_name, registry_id, 16)
    iana = {code: (name, row) for code, name, row in rows}

    ts_path = os.path.join(shared, "reference", TESTSSL_CSV)
    testssl = {}
    for r in read_csv(ts_path):
        code = parse_code(r["hex_code"])
        if code is None or len(r["hex_code"].split(",")) != 2:
            continue  # SSLv2 three-byte cipher specs are not TLS cipher suites (sslv2-cipher-specs.tsv)
        if code in testssl:
            fail(f"{TESTSSL_CSV}: code {r['hex_code']} listed twice")
        clean = {k: ("" if v.strip() == "-" else v.strip()) for k, v in r.items()}
        testssl[code] = clean
        if code in iana and clean["iana_name"] and clean["iana_name"] != iana[code][0]:
            fail(f"IANA and testssl disagree on {hexcode(code, 4)}: "
                 f"{iana[code][0]!r} vs {clean['iana_name']!r}")

    openssl_seen = {}
    for code, r in testssl.items():
        n = r["openssl_name"]
        if n:
            if n in openssl_seen:
                fail(f"OpenSSL name {n!r} used by {hexcode(openssl_seen[n], 4)} and {hexcode(code, 4)}")
            openssl_seen[n] = code

    title, src = source_line(shared, path, registry_id, xml_name)
    src += [f"source: reference/{TESTSSL_CSV} (testssl.sh etc/cipher-mapping.txt, "
            f"data date {testssl_date(shared)}): openssl_name, kx, au, enc, mac",
            f"sha256({TESTSSL_CSV}): {sha256(ts_path)}",
            "iana_name is empty for codes testssl.sh lists but IANA has not registered.",
            "versions: protocol versions the suite works with (see suite_versions in the script);",
            "security: insecure, weak, secure or recommended, empty for signaling values (see suite_security)."]
    columns = ["code", "iana_name", "openssl_name", "kx", "au", "enc", "mac", "recommended", "versions",
               "security"]
    lines = header_lines(title, src, columns)
    n = 0
    for code in sorted(set(iana) | set(testssl)):
        name, row = iana.get(code, ("", {}))
        t = testssl.get(code, {})
        recommended = row.get("Recommended", "").strip()
        fields = [hexcode(code, 4), name, t.get("openssl_name", ""), t.get("kx", ""),
                  t.get("au", ""), t.get("enc", ""), t.get("mac", ""), recommended,
                  suite_versions(name or t.get("iana_name", ""), t),
                  suite_security(name or t.get("iana_name", ""), t, recommended)]
        for fld in fields:
            if "\t" in fld or "\n" in fld:
                fail(f"control character in cipher suite field {fld!r}")
        lines.append("\t".join(fields))
        n += 1
    write(os.path.join(OUT_DIR, out_name), lines)
    counts[out_name] = n
    counts["cipher-suites.tsv (IANA-registered)"] = len(iana)
    counts["cipher-suites.tsv (with OpenSSL name)"] = len(openssl_seen)


def generate_sslv2_cipher_specs(shared, counts):
    """SSLv2 cipher specs (three-byte codes, RFC 6101 appendix E / the SSL 2.0 draft) from testssl.sh."""
    ts_path = os.path.join(shared, "reference", TESTSSL_CSV)
    rows = {}
    for r in read_csv(ts_path):
        parts = r["hex_code"].split(",")
        if len(parts) != 3:
            continue
        code = 0
        for p in parts:
            code = (code << 8) | int(p.strip(), 16)
        clean = {k: ("" if v.strip() == "-" else v.strip()) for k, v in r.items()}
        if code in rows:
            fail(f"{TESTSSL_CSV}: SSLv2 code {r['hex_code']} listed twice")
        rows[code] = clean
    lines = header_lines("SSLv2 cipher specs", [
        f"source: reference/{TESTSSL_CSV} (testssl.sh etc/cipher-mapping.txt, data date "
        f"{testssl_date(shared)}), its three-byte SSLv2 rows",
        f"sha256({TESTSSL_CSV}): {sha256(ts_path)}",
        "security: as for cipher suites (every SSLv2 spec is insecure: SSLv2 itself is, RFC 6176)."],
        ["code", "name", "openssl_name", "kx", "au", "enc", "mac", "security"])
    for code in sorted(rows):
        t = rows[code]
        lines.append("\t".join([f"0x{code:06x}", t["iana_name"], t["openssl_name"], t["kx"], t["au"],
                                 t["enc"], t["mac"], "insecure"]))
    write(os.path.join(OUT_DIR, "sslv2-cipher-specs.tsv"), lines)
    counts["sslv2-cipher-specs.tsv"] = len(rows)


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__)
        return 0 if len(argv) == 2 else 2
    shared = os.path.abspath(argv[1] if len(argv) == 2
                             else os.path.join(REPO_ROOT, "..", "shared"))
    if not os.path.isdir(os.path.join(shared, "reference", "iana")):
        print(f"error: {shared}/reference/iana not found", file=sys.stderr)
        return 2
    os.makedirs(OUT_DIR, exist_ok=True)
    counts = {}
    try:
        generate_cipher_suites(shared, counts)
        generate_sslv2_cipher_specs(shared, counts)
        for spec in SIMPLE_REGISTRIES:
            generate_simple(shared, spec, counts)
    except GenerationError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for name, n in counts.items():
        print(f"{name}: {n} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
