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
    columns = ["code", "name"] + (["recommended"] if has_rec else [])
    lines = header_lines(title, src, columns)
    for code, name, row in rows:
        fields = [hexcode(code, width), name]
        if has_rec:
            fields.append(row.get("Recommended", "").strip())
        lines.append("\t".join(fields))
    write(os.path.join(OUT_DIR, out_name), lines)
    counts[out_name] = len(rows)


def generate_cipher_suites(shared, counts):
    out_name, csv_name, registry_id, xml_name, width = CIPHER_SUITES
    rows, path = iana_rows(shared, csv_name, registry_id, 16)
    iana = {code: (name, row) for code, name, row in rows}

    ts_path = os.path.join(shared, "reference", TESTSSL_CSV)
    testssl = {}
    for r in read_csv(ts_path):
        code = parse_code(r["hex_code"])
        if code is None or len(r["hex_code"].split(",")) != 2:
            continue  # SSLv2 three-byte cipher specs are not TLS cipher suites
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
            "iana_name is empty for codes testssl.sh lists but IANA has not registered."]
    columns = ["code", "iana_name", "openssl_name", "kx", "au", "enc", "mac", "recommended"]
    lines = header_lines(title, src, columns)
    n = 0
    for code in sorted(set(iana) | set(testssl)):
        name, row = iana.get(code, ("", {}))
        t = testssl.get(code, {})
        fields = [hexcode(code, 4), name, t.get("openssl_name", ""), t.get("kx", ""),
                  t.get("au", ""), t.get("enc", ""), t.get("mac", ""),
                  row.get("Recommended", "").strip()]
        for fld in fields:
            if "\t" in fld or "\n" in fld:
                fail(f"control character in cipher suite field {fld!r}")
        lines.append("\t".join(fields))
        n += 1
    write(os.path.join(OUT_DIR, out_name), lines)
    counts[out_name] = n
    counts["cipher-suites.tsv (IANA-registered)"] = len(iana)
    counts["cipher-suites.tsv (with OpenSSL name)"] = len(openssl_seen)


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
