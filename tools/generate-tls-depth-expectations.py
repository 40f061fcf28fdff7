#!/usr/bin/env python3
"""Write what tshark decodes of the TLS handshakes in the public captures, for the TLS-depth tests.

Usage (from the repository root, with ../shared beside it, tshark 4.0 on the PATH):
  python3 tools/generate-tls-depth-expectations.py [--shared SHARED_DIR] [--out OUT_DIR]

For every capture of SHARED_DIR/captures/public that has a FILE.tshark.tsv, tshark reads the capture
once (-T json --no-duplicate-keys, TCP reassembly as in the tshark summaries) and the TLS records of
each TCP stream are walked in stream order. Three files are written to OUT_DIR (default
analyzer-core/src/test/resources/io/hellocheck/tls/depth/):

  server-flight.tsv   one row per TCP stream in which the server sent a ServerHello: the server's
                      handshake messages from its (last) ServerHello up to its ChangeCipherSpec (types,
                      in order), the certificates of its Certificate message (count, DER lengths and
                      SHA-256 of the DER bytes tshark shows, dNSName entries), the ServerKeyExchange
                      named curve and DH prime size, whether a CertificateRequest came, the
                      NewSessionTicket's lifetime hint and length, and the ServerHello's
                      pre_shared_key selected identity
                      (an SSLv2 SERVER-HELLO counts as a ServerHello, its certificate as the chain)
  client-hellos.tsv   one row per ClientHello: extension types, pre_shared_key identities,
                      psk_key_exchange_modes, padding length, session ticket length, key share
                      groups and lengths, and for an SSLv2 CLIENT-HELLO its version and cipher specs
  alerts.tsv          one row per plaintext alert: sender, level, description

Columns are tab-separated; lists are comma-separated; '-' is "absent". Code points are decimal.
The output is deterministic. Python 3, standard library only.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
DEFAULT_OUT = os.path.join(REPO_ROOT, "analyzer-core", "src", "test", "resources",
                           "io", "hellocheck", "tls", "depth")
TSHARK = ["tshark", "-n", "-o", "tcp.reassemble_out_of_order:TRUE"]
# captures where tshark needs a decode-as to see TLS (MANIFEST.md notes)
DECODE_AS = {"zeek/Traces/tls/ssl-to-http-server.pcap": ["-d", "tcp.port==80,tls"]}
HRR_RANDOM = "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c"


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def find_all(node, key):
    """Every value of `key` anywhere under node, in document order."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                out.extend(as_list(v))
            else:
                out.extend(find_all(v, key))
    elif isinstance(node, list):
        for v in node:
            out.extend(find_all(v, key))
    return out


def hexbytes(s):
    return bytes.fromhex(s.replace(":", ""))


def captures(shared):
    pub = os.path.join(shared, "captures", "public")
    for root, _, files in os.walk(pub):
        for f in sorted(files):
            if f.endswith(".tshark.tsv"):
                cap = os.path.join(root, f[:-len(".tshark.tsv")])
                yield os.path.relpath(cap, pub).replace(os.sep, "/"), cap, os.path.join(root, f)


def tcp_rows(tsv):
    with open(tsv, encoding="utf-8") as f:
        lines = f.read().splitlines()
    head = lines[0].split("\t")
    rows = {}
    for line in lines[1:]:
        if not line.strip():
            continue
        r = dict(zip(head, line.split("\t")))
        if r["tcp.stream"].isdigit():
            rows[int(r["tcp.stream"])] = r
    return rows


def last(layers, key):
    v = as_list(layers.get(key))
    return v[-1] if v else {}


def endpoint(layers):
    """ip:port of the frame's sender (the innermost IP header, as tshark's summaries name flows)."""
    ip4 = last(layers, "ip").get("ip.src")
    ip6 = last(layers, "ipv6").get("ipv6.src")
    ip = ip4 or ip6
    if ip4 and ip6:  # tunnelled: the header that comes last in the frame is the inner one
        ip = ip4 if list(layers).index("ip") > list(layers).index("ipv6") else ip6
    port = last(layers, "tcp").get("tcp.srcport")
    if ip is None or port is None:
        return None
    return ("[" + ip + "]:" + port) if ":" in ip else (ip + ":" + port)


def records(tls_layer):
    """The TLS (and SSLv2) records of a frame's tls layer, in order."""
    out = []
    for t in as_list(tls_layer):
        if not isinstance(t, dict):
            continue
        for key in ("tls.record", "ssl.record"):
            out.extend(r for r in as_list(t.get(key)) if isinstance(r, dict))
    return out


def handshakes(record):
    if record.get("tls.record.version") == "0x0002" and "tls.handshake.type" in record:
        # an SSLv2 record: its message fields sit in the record; SERVER-HELLO (4) is the server's hello
        h = dict(record)
        if h["tls.handshake.type"] == "4":
            h["tls.handshake.type"] = "2"
        return [h] if h["tls.handshake.type"] in ("1", "2") else []
    return [h for h in as_list(record.get("tls.handshake")) if isinstance(h, dict)]


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(REPO_ROOT, "..", "shared"))
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args(argv[1:])
    shared = os.path.abspath(args.shared)
    version = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    flights, hellos, alerts = [], [], []
    for name, cap, tsv in captures(shared):
        rows = tcp_rows(tsv)
        if not rows:
            continue
        cmd = TSHARK + DECODE_AS.get(name, []) + ["-r", cap, "-T", "json", "--no-duplicate-keys",
                                                   "-Y", "tls or ssl", "-O", "tls,ssl,x509af,x509ce"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{name}: tshark failed: {proc.stderr.strip()}", file=sys.stderr)
            continue
        packets = json.loads(proc.stdout or "[]")
        state = {}
        for p in packets:
            layers = p["_source"]["layers"]
            if "tcp" not in layers:
                continue
            stream = int(last(layers, "tcp")["tcp.stream"])
            row = rows.get(stream)
            if row is None:
                continue
            frame = int(layers["frame"]["frame.number"])
            side = "server" if endpoint(layers) == row["server"] else "client"
            st = state.setdefault(stream, {"messages": None, "ccs": False, "certs": [], "dns": [],
                                           "curve": "-", "dh": "-", "creq": "no", "ticket": "-",
                                           "psk": "-"})
            tls_layer = layers.get("tls", layers.get("ssl"))
            for rec in records(tls_layer):
                ctype = rec.get("tls.record.content_type")
                if ctype == "20" and side == "server":
                    st["ccs"] = True
                if ctype == "21" and "tls.alert_message" in rec:
                    am = rec["tls.alert_message"]
                    if isinstance(am, dict) and "tls.alert_message.level" in am:
                        alerts.append((name, stream, frame, side, am["tls.alert_message.level"],
                                       am["tls.alert_message.desc"]))
                for h in handshakes(rec):
                    htype = h.get("tls.handshake.type")
                    if htype is None:
                        continue
                    if side == "client" and htype == "1":
                        hellos.append(client_hello_row(name, stream, frame, h))
                    if side != "server" or st["ccs"]:
                        continue
                    if htype == "2":
                        random = h.get("tls.handshake.random", "").replace(":", "")
                        if random == HRR_RANDOM:
                            continue
                        st.update({"messages": [], "certs": [], "dns": [], "curve": "-", "dh": "-",
                                   "creq": "no", "ticket": "-", "psk": "-"})
                        sel = find_all(h, "tls.handshake.extensions.psk.identity.selected")
                        st["psk"] = sel[0] if sel else "-"
                    if st["messages"] is None:
                        continue
                    st["messages"].append(htype)
                    if htype == "11" or (htype == "2" and "tls.handshake.certificate" in h):
                        st["certs"] = [hexbytes(c) for c in find_all(h, "tls.handshake.certificate")]
                        st["dns"] = find_all(h, "x509ce.dNSName")
                    elif htype == "12":
                        curve = find_all(h, "tls.handshake.server_named_curve")
                        st["curve"] = str(int(curve[0], 16)) if curve else "-"
                        p = find_all(h, "tls.handshake.p")
                        st["dh"] = str(int.from_bytes(hexbytes(p[0]), "big").bit_length()) if p else "-"
                    elif htype == "13":
                        st["creq"] = "yes"
                    elif htype == "4":
                        hint = find_all(h, "tls.handshake.session_ticket_lifetime_hint")
                        length = find_all(h, "tls.handshake.session_ticket_length")
                        if hint:
                            st["ticket"] = hint[0].split()[0] + "/" + (length[0] if length else "-")
        for stream in sorted(state):
            st = state[stream]
            if st["messages"] is None:
                continue
            certs = st["certs"]
            flights.append((name, stream, ",".join(st["messages"]), str(len(certs)),
                            ",".join(str(len(c)) for c in certs) or "-",
                            ",".join(hashlib.sha256(c).hexdigest() for c in certs) or "-",
                            ",".join(st["dns"]) or "-", st["curve"], st["dh"], st["creq"], st["ticket"],
                            st["psk"]))
        print(f"{name}: {len(state)} streams")
    os.makedirs(args.out, exist_ok=True)
    header = ["# Written by tools/generate-tls-depth-expectations.py from ../shared/captures/public with " + version,
              "# (tshark -n -o tcp.reassemble_out_of_order:TRUE -T json --no-duplicate-keys; see the script)."]
    write(os.path.join(args.out, "server-flight.tsv"), header, [
        "capture", "tcp_stream", "server_messages", "certificate_count", "certificate_lengths",
        "certificate_sha256", "san_dns", "named_curve", "dh_prime_bits", "certificate_request",
        "ticket_lifetime_hint_and_length", "psk_selected_identity"], flights)
    write(os.path.join(args.out, "client-hellos.tsv"), header, [
        "capture", "tcp_stream", "frame", "extension_types", "psk_identities", "psk_key_exchange_modes",
        "padding_bytes", "session_ticket_bytes", "key_share_groups", "key_share_lengths", "sslv2_version",
        "sslv2_cipher_specs"], hellos)
    write(os.path.join(args.out, "alerts.tsv"), header, [
        "capture", "tcp_stream", "frame", "from", "level", "description"], alerts)
    return 0


def client_hello_row(name, stream, frame, h):
    ext_types = []
    padding = "-"
    ticket = "-"
    for k, v in h.items():
        if not k.startswith("Extension: "):
            continue
        for e in as_list(v):
            t = e.get("tls.handshake.extension.type")
            if t is None:
                continue
            ext_types.append(t)
            if t == "21":
                padding = e.get("tls.handshake.extension.len", "-")
            if t == "35":
                ticket = e.get("tls.handshake.extension.len", "-")
    psk = find_all(h, "tls.handshake.extensions.psk.identity.identity_length")
    modes = find_all(h, "tls.extension.psk_ke_mode")
    # key_share (51), or its number before TLS 1.3 draft 23 (40), which tshark shows as "Reserved (key_share)"
    shares = [e for k, v in h.items() if k.startswith("Extension: ") for e in as_list(v)
              if e.get("tls.handshake.extension.type") in ("51", "40")]
    groups = [str(int(g)) for g in find_all(shares, "tls.handshake.extensions_key_share_group")]
    lengths = find_all(shares, "tls.handshake.extensions_key_share_key_exchange_length")
    specs = [str(int(s, 16)) for s in find_all(h, "tls.handshake.cipherspec")]
    v2version = "-"
    if specs:
        v = find_all(h, "tls.handshake.version")
        v2version = str(int(v[0], 16)) if v else "-"
    return (name, stream, frame, ",".join(ext_types) or "-", str(len(psk)) if psk else "-",
            ",".join(modes) or "-", padding, ticket, ",".join(groups) or "-", ",".join(lengths) or "-",
            v2version, ",".join(specs) or "-")


def write(path, header, columns, rows):
    rows = sorted(set(rows), key=lambda r: tuple(str(x).zfill(12) if isinstance(x, int) else x for x in r))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for h in header:
            f.write(h + "\n")
        f.write("\t".join(columns) + "\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    print(f"{path}: {len(rows)} rows")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
