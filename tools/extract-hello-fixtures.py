#!/usr/bin/env python3
"""Extract ClientHello / ServerHello bytes and tshark's decoding of them, as test fixtures.

Usage:
  tools/extract-hello-fixtures.py [--shared SHARED_DIR] [--out OUT_DIR]
  tools/extract-hello-fixtures.py --all OUT_DIR [--shared SHARED_DIR]

The first form writes the curated fixtures listed in FIXTURES below into
analyzer-core/src/test/resources/io/hellocheck/tls/tshark/ (committed; the JUnit test
TsharkFixtureTest decodes each message with our parser and compares with tshark's values).
The second form writes one fixture for every ClientHello and ServerHello that tshark decodes
in every capture under SHARED_DIR/captures/public (for a local, broader check; not committed).

SHARED_DIR defaults to ../shared relative to the repository root. Needs tshark on the PATH
(the committed fixtures were made with TShark 4.0.17, Debian 12) and Python 3 (stdlib only).

How: tshark -T json -x prints, for each TLS record, the raw bytes of each handshake message
(tls.handshake_raw) beside its decoded tree (tls.handshake). The script walks the tree of each
ClientHello (type 1) and ServerHello (type 2) in wire order and keeps the fields below; values
are written as tshark prints them (hex "0x1301" or decimal "29"), lists comma-separated, an
absent field as an empty value. Fields inside an extension are taken only from the extension
they belong to (signature_algorithms_cert, for one, uses the same tshark field as
signature_algorithms). tshark_malformed lists tshark's expert messages of severity
warning or error inside the message's tree (';' for ','), and notes a frame-level "Malformed
Packet" exception.
A message is skipped when its raw bytes are not exactly 4 + the
handshake length (tshark could not give the whole message).

Fixture file format (UTF-8 text): '#' lines are comments (capture, frame, tshark version and
command), then key=value lines: message (hex of the whole handshake message, header included),
then the fields.
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
DEFAULT_OUT = os.path.join(REPO_ROOT, "analyzer-core", "src", "test", "resources",
                           "io", "hellocheck", "tls", "tshark")

# (fixture name, capture path under captures/public, frame number, handshake type, why)
FIXTURES = [
    ("zeek-tls12-client-hello", "zeek/Traces/tls/tls1.2.pcap", 4, 1,
     "TLS 1.2 ClientHello, 80 cipher suites, signature_algorithms with legacy pairs"),
    ("zeek-tls12-server-hello", "zeek/Traces/tls/tls1.2.pcap", 5, 2,
     "TLS 1.2 ServerHello"),
    ("mercury-tls13-client-hello", "mercury/pcaps/tlsv1_3.pcap", None, 1,
     "TLS 1.3 ClientHello"),
    ("mercury-tls13-server-hello", "mercury/pcaps/tlsv1_3.pcap", None, 2,
     "TLS 1.3 ServerHello with key_share and supported_versions"),
    ("pcapplusplus-grease-client-hello", "pcapplusplus/Packet++Test/PacketExamples/tls_grease.pcap", None, 1,
     "Chrome-style ClientHello with GREASE cipher, extensions, groups, key share, versions; ALPN h2"),
    ("arkime-alpn-h2-client-hello", "arkime/pcap/tls-alpn-h2.pcap", None, 1,
     "ClientHello offering ALPN h2 and http/1.1, IPv6, null link type"),
    ("arkime-alpn-h2-server-hello", "arkime/pcap/tls-alpn-h2.pcap", None, 2,
     "TLS 1.2 ServerHello selecting ALPN"),
    ("zeek-chrome-kyber-client-hello", "zeek/Traces/tls/chrome-1250-tls-x25519-kyber.pcap", None, 1,
     "Chrome 125 ClientHello with an X25519Kyber768Draft00 key share of 1216 bytes"),
    ("zeek-tls13draft23-server-hello", "zeek/Traces/tls/tls13draft23-chrome67.0.3368.0-canary.pcap", None, 2,
     "ServerHello selecting TLS 1.3 draft 23 (0x7f17)"),
    ("ja4-hrr-client-hello-1", "ja4/pcap/tls-handshake.pcapng", 119, 1,
     "first ClientHello of a flow (tcp.stream 38) answered by a HelloRetryRequest; GREASE key share"),
    ("ja4-hrr-hello-retry-request", "ja4/pcap/tls-handshake.pcapng", 124, 2,
     "HelloRetryRequest selecting secp256r1 (23)"),
    ("ja4-hrr-client-hello-2", "ja4/pcap/tls-handshake.pcapng", 125, 1,
     "second ClientHello of the flow, with a secp256r1 key share"),
    ("ja4-hrr-server-hello", "ja4/pcap/tls-handshake.pcapng", 133, 2,
     "ServerHello after the HelloRetryRequest"),
    ("zeek-sslv3-pcap-client-hello", "zeek/Traces/tls/ssl.v3.pcap", 27, 1,
     "older client offering TLS 1.0, no supported_versions"),
    ("arkime-sslv3-client-hello", "arkime/pcap/openssl-ssl3.pcap", 4, 1,
     "SSLv3 ClientHello (legacy_version 0x0300) with no extensions block"),
    ("arkime-sslv3-server-hello", "arkime/pcap/openssl-ssl3.pcap", 6, 2,
     "SSLv3 ServerHello with no extensions block"),
    ("zeek-tls13draft16-client-hello", "zeek/Traces/tls/tls13draft16-chrome55.0.2879.0-canary-aborted.pcap", 4, 1,
     "Chrome 55 canary offering TLS 1.3 draft 16, key shares in extension 40 (the pre-draft-23 number)"),
    ("arkime-tls13-draft18-server-hello", "arkime/pcap/tls13.pcap", 6, 2,
     "TLS 1.3 draft 18 ServerHello (0x7f12): the pre-draft-22 layout without session id and compression"),
    ("ndpi-empty-compression-client-hello", "ndpi/pcap/tls_cipher_lens.pcap", 4, 1,
     "ClientHello with an empty compression_methods vector; tshark flags it"),
    ("pcapplusplus-malformed-client-hello", "pcapplusplus/Packet++Test/PacketExamples/ssl-malformed1.pcap", 1, 1,
     "malformed ClientHello (tshark: Malformed Packet)"),
]

# tshark field -> fixture key, for fields outside extensions
TOP_FIELDS = {
    "tls.handshake.version": "legacy_version",
    "tls.handshake.random": "random",
    "tls.handshake.session_id": "session_id",
    "tls.handshake.ciphersuite": "cipher_suites",
    "tls.handshake.comp_method": "compression_methods",
    "tls.handshake.extension.type": "extension_types",
}
# extension type -> {tshark field -> fixture key}
EXT_FIELDS = {
    0: {"tls.handshake.extensions_server_name": "server_name"},
    10: {"tls.handshake.extensions_supported_group": "supported_groups"},
    11: {"tls.handshake.extensions_ec_point_format": "ec_point_formats"},
    13: {"tls.handshake.sig_hash_alg": "signature_algorithms"},
    16: {"tls.handshake.extensions_alpn_str": "alpn"},
    43: {"tls.handshake.extensions.supported_version": "supported_versions"},
    51: {"tls.handshake.extensions_key_share_group": "key_share_groups",
         "tls.handshake.extensions_key_share_key_exchange_length": "key_share_lengths",
         "tls.handshake.extensions_key_share_selected_group": "key_share_selected_group"},
}
# TLS 1.3 drafts before 23 numbered key_share 40; tshark decodes it as key_share for them
EXT_FIELDS[40] = EXT_FIELDS[51]
KEYS = ["legacy_version", "random", "session_id", "cipher_suites", "compression_methods",
        "extension_types", "server_name", "supported_versions", "supported_groups",
        "key_share_groups", "key_share_lengths", "key_share_selected_group",
        "signature_algorithms", "alpn", "ec_point_formats", "tshark_malformed"]
PI_WARN = 0x00600000  # Wireshark expert severity: warnings and errors count


def tshark_cmd(capture_rel, frame):
    cmd = ["tshark", "-n", "-o", "tcp.reassemble_out_of_order:TRUE", "-r", capture_rel]
    if frame is not None:
        cmd += ["-Y", f"frame.number=={frame}"]
    else:
        cmd += ["-Y", "tls.handshake.type==1 || tls.handshake.type==2"]
    return cmd + ["-T", "json", "-x"]


def run_tshark(public_dir, capture_rel, frame):
    cmd = tshark_cmd(capture_rel, frame)
    out = subprocess.run(cmd, cwd=public_dir, capture_output=True, check=True).stdout
    # keep duplicate keys and their order: pairs lists instead of dicts
    return json.loads(out or b"[]", object_pairs_hook=lambda pairs: pairs), cmd


def items(node):
    """(key, value) pairs of a JSON object given as a pairs list; [] for anything else."""
    if isinstance(node, list) and all(isinstance(p, tuple) and len(p) == 2 for p in node):
        return node
    return []


def get(node, key):
    return [v for k, v in items(node) if k == key]


def walk_handshakes(layer, frame_no, found):
    """Finds (raw hex, handshake tree) pairs in a tls layer, in order."""
    for k, v in items(layer):
        if k == "tls.record":
            raws = get(v, "tls.handshake_raw")
            trees = get(v, "tls.handshake")
            if len(raws) == len(trees):
                for raw, tree in zip(raws, trees):
                    found.append((frame_no, raw[0] if isinstance(raw, list) else None, tree))
            # deeper records (rare) are not searched


def collect(tree):
    """The fixture fields of one handshake tree."""
    vals = {k: [] for k in KEYS}
    present = set()

    def visit(node, ext_type):
        for k, v in items(node):
            if k.endswith("_raw"):
                continue
            if k == "_ws.expert":
                if any(int(x) >= PI_WARN for x in get(v, "_ws.expert.severity")):
                    vals["tshark_malformed"] += [m.replace(",", ";") for m in get(v, "_ws.expert.message")]
                continue
            if k == "_ws.malformed":
                vals["tshark_malformed"].append("Malformed Packet")
                continue
            if isinstance(v, list) and items(v):
                sub_type = ext_type
                t = get(v, "tls.handshake.extension.type")
                if t:
                    sub_type = int(t[0])
                visit(v, sub_type)
                continue
            if not isinstance(v, str):
                continue
            key = None
            if ext_type is None and k in TOP_FIELDS:
                key = TOP_FIELDS[k]
            elif ext_type is not None and k == "tls.handshake.extension.type":
                key = "extension_types"
            elif ext_type is not None and k in EXT_FIELDS.get(ext_type, {}):
                key = EXT_FIELDS[ext_type][k]
            if key:
                present.add(key)
                if key in ("random", "session_id"):
                    v = v.replace(":", "")
                vals[key].append(v)

    visit(tree, None)
    return vals


def fixtures_from(public_dir, capture_rel, frame, hs_type):
    data, cmd = run_tshark(public_dir, capture_rel, frame)
    out = []
    for pkt in data:
        layers = get(get(pkt, "_source")[0], "layers")[0]
        frame_no = int(get(get(layers, "frame")[0], "frame.number")[0])
        for layer in get(layers, "tls"):
            found = []
            walk_handshakes(layer, frame_no, found)
            for fno, raw, tree in found:
                t = get(tree, "tls.handshake.type")
                length = get(tree, "tls.handshake.length")
                if not t or int(t[0]) != hs_type or raw is None or not length:
                    continue
                if len(raw) != 2 * (4 + int(length[0])):
                    continue
                vals = collect(tree)
                if get(layers, "_ws.malformed"):
                    vals["tshark_malformed"].append("frame: Malformed Packet (Exception occurred)")
                out.append((fno, raw, vals, cmd))
    return out


def tshark_version():
    v = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout
    return v.splitlines()[0].strip() if v else "unknown"


def write_fixture(path, capture_rel, frame_no, raw, vals, cmd, why, version):
    lines = ["# tshark reference values for one TLS handshake message (see tools/extract-hello-fixtures.py).",
             f"# capture: {capture_rel} (under ../shared/captures/public; see its MANIFEST.md)",
             f"# frame: {frame_no}"]
    if why:
        lines.append(f"# what: {why}")
    lines += [f"# tshark: {version}",
              "# command (run in ../shared/captures/public): " + " ".join(
                  a if (" " not in a and "|" not in a) else f"'{a}'" for a in cmd),
              "# message = tls.handshake_raw (whole message, 4-byte header included); the other values are"
              " tshark's fields of that message, as printed, in wire order; empty = field absent;",
              "# tshark_malformed = tshark's expert warnings/errors inside the message, and a frame-level exception mark",
              f"message={raw}"]
    for k in KEYS:
        lines.append(f"{k}={','.join(vals[k])}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(REPO_ROOT, "..", "shared"))
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--all", metavar="OUT_DIR", help="every hello of every public capture into OUT_DIR")
    args = ap.parse_args()
    public_dir = os.path.abspath(os.path.join(args.shared, "captures", "public"))
    version = tshark_version()

    if args.all:
        os.makedirs(args.all, exist_ok=True)
        n = 0
        for root, _, files in os.walk(public_dir):
            for name in sorted(files):
                if not name.endswith((".pcap", ".pcapng", ".pcap.gz", ".pcapng.gz", ".cap")):
                    continue
                rel = os.path.relpath(os.path.join(root, name), public_dir)
                for hs_type in (1, 2):
                    try:
                        found = fixtures_from(public_dir, rel, None, hs_type)
                    except subprocess.CalledProcessError as e:
                        print(f"tshark failed on {rel}: {e}", file=sys.stderr)
                        break
                    for fno, raw, vals, cmd in found:
                        kind = "ch" if hs_type == 1 else "sh"
                        fname = rel.replace("/", "__") + f"--{fno}-{kind}-{n}.txt"
                        write_fixture(os.path.join(args.all, fname), rel, fno, raw, vals,
                                      tshark_cmd(rel, fno), None, version)
                        n += 1
        print(f"{n} fixtures written to {args.all}")
        return 0

    os.makedirs(args.out, exist_ok=True)
    for name, rel, frame, hs_type, why in FIXTURES:
        found = fixtures_from(public_dir, rel, frame, hs_type)
        if not found:
            print(f"error: no complete handshake type {hs_type} in {rel} frame {frame}", file=sys.stderr)
            return 1
        fno, raw, vals, _ = found[0]
        write_fixture(os.path.join(args.out, name + ".txt"), rel, fno, raw, vals,
                      tshark_cmd(rel, fno), why, version)
        print(f"{name}: {rel} frame {fno}, {len(raw) // 2} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
