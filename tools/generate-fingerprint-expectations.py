#!/usr/bin/env python3
"""Write the JA3 / JA3S / JA4 expectations that the fingerprint tests compare with.

Usage (from the repository root, with ../shared beside it, tshark 4.0 on the PATH):
  python3 tools/generate-fingerprint-expectations.py [--shared SHARED_DIR] [--out OUT_DIR]

Every expected value comes from a source independent of this project, for the TCP hellos of the
captures in SHARED_DIR/captures/public:

  tshark.tsv           TShark's tls.handshake.ja3/ja3_full (ClientHello) and ja3s/ja3s_full
                       (ServerHello and HelloRetryRequest), every TCP hello of every capture
  foxio-python.tsv     FoxIO's published JA4, JA4_r, JA4_o, JA4_ro (ja4/pcap/*.ja4-python.json)
  foxio-rust.tsv       FoxIO's published JA4 (ja4/pcap/*.ja4-rust.snap)
  ndpi.tsv             nDPI's JA4 and JA3C from ndpiReader's expected output (ndpi/pcap/*.out)
  arkime.tsv           Arkime's ja3, ja3string, ja3s, ja3sstring, ja4, ja4_r (arkime/pcap/*.test)
  suricata-verify.tsv  the JA3/JA4 values checked by suricata-verify tests (test.yaml)
  fixtures/*.txt       a few hellos as raw bytes (tshark -T json -x) with every value above for
                       them, so that a fresh clone, without ../shared, tests the functions too

The DTLS and QUIC values of these sources are left out (TCP only). Where a source deviates
from the fingerprint's definition, the CORRECTIONS table below gives the definition's value and
the reason; the row keeps the source's value in its note. Where our pipeline makes no record
(or no such message) for a hello yet, KNOWN_GAPS says why; the test counts those rows and does
not fail on them. Both tables are checked: a correction whose source value changed, or a tshark
hello without JA3 that no table explains, stops the script.

nDPI and Arkime name flows by their endpoints; tshark maps them to tcp.stream. The output is
deterministic. Python 3, standard library only (and tools/extract-hello-fixtures.py for the
message bytes).
"""

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
DEFAULT_OUT = os.path.join(REPO_ROOT, "analyzer-core", "src", "test", "resources",
                           "io", "hellocheck", "tls", "fingerprints")
HRR_RANDOM = "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c"
TSHARK = ["tshark", "-n", "-o", "tcp.reassemble_out_of_order:TRUE"]
# captures where tshark needs a decode-as to see TLS (MANIFEST.md notes)
DECODE_AS = {"zeek/Traces/tls/ssl-to-http-server.pcap": ["-d", "tcp.port==80,tls"]}
CAPTURE_SUFFIXES = (".pcap", ".pcapng", ".pcap.gz", ".pcapng.gz")
MESSAGE_ORDER = ["client_hello", "client_hello_2", "hello_retry_request", "server_hello"]
FINGERPRINT_ORDER = ["ja3", "ja3_string", "ja3s", "ja3s_string", "ja4", "ja4_r", "ja4_o", "ja4_ro"]

# Why our pipeline has no record (or no such message) for these hellos yet:
# capture -> {tcp.stream or None for every stream: reason}
_SH_ONLY = ("no ClientHello of this connection is in the capture, so there is no connection "
            "record (one record per connection with a ClientHello)")
KNOWN_GAPS = {
    "ndpi/pcap/tls_1.2_unidirectional_server.pcapng": {None: _SH_ONLY},
    "pcapplusplus/Packet++Test/PacketExamples/SSL-MultipleRecords1.pcap": {None: _SH_ONLY},
    "ndpi/pcap/tls_missing_ch_frag.pcap": {None: _SH_ONLY},
    "ndpi/pcap/tls_multiple_synack_different_seq.pcapng": {
        0: "several SYN-ACKs with different sequence numbers precede the handshake; our record of this "
           "connection has no ServerHello yet"},
}

# tshark hellos that have no JA3/JA3S, and why: (capture, tcp.stream, frame) -> reason.
# These are rows with expected '-' (no fingerprint), status ok.
NO_FINGERPRINT = {
    ("zeek/Traces/tls/ssl-v2.pcap", 0, 4): "SSLv2-format CLIENT-HELLO: JA3 reads TLS handshake records only",
    ("zeek/Traces/tls/ssl-v2.pcap", 0, 8): "SSLv2 SERVER-HELLO: JA3S reads TLS handshake records only",
    ("zeek/Traces/tls/ssl.v3.pcap", 0, 4): "SSLv2-format ClientHello (version 3.1 inside an SSLv2 record): "
                                           "JA3 reads TLS handshake records only",
    ("suricata-verify/tests/ssl_version_negated/input.pcap", 1, 7):
        "SSLv2-format ClientHello: JA3 reads TLS handshake records only",
    ("ndpi/pcap/tls_cipher_lens.pcap", 1, 2): "malformed ClientHello (the cipher_suites length runs past "
                                              "the message); neither tshark nor we decode it",
    ("ndpi/pcap/tls_cipher_lens.pcap", 2, 3): "malformed ClientHello (odd cipher_suites length); neither "
                                              "tshark nor we decode it",
    ("ndpi/pcap/tls_invalid_reads.pcap", 2, 12): "malformed ClientHello; tshark gives no JA3",
    ("pcapplusplus/Packet++Test/PacketExamples/ssl-malformed1.pcap", 0, 1):
        "malformed ClientHello (an extension length runs past the message); neither tshark nor we decode it",
}

# Source values that deviate from the fingerprint's definition:
# (source file, capture, tcp.stream, message, fingerprint) -> (source's value, definition's value, reason)
_TSHARK_PARTIAL = ("tshark prints a partial JA3 for a ClientHello it cannot parse ({}): a string with "
                   "3 of the 5 fields JA3 always has. The hello has no JA3 (the Salesforce script, like "
                   "us, cannot parse it)")
_NDPI_HT = ("the first ALPN value is 'http/1.1' ({}); JA4.md: first and last character, and it names "
            "this very case: 'http/1.1' gives 'h1'. nDPI wrote 'ht'")
_NDPI_NO_SNI = ("the ClientHello has no server_name extension (0x0000){}; JA4.md: 'd' only when that "
                "extension exists, else 'i'. nDPI wrote 'd'")
_NDPI_MALFORMED = ("malformed ClientHello (tshark: 'Vector length 47241 is too large, truncating it to 9', "
                   "'Malformed Packet'; we stop at the same extension vector): nDPI fingerprints the part it "
                   "could read, but a hello that cannot be parsed has no {} by definition")
CORRECTIONS = {
    ("ndpi", "ndpi/pcap/tls_invalid_reads.pcap", 2, "client_hello", "ja3"):
        ("9d5430e6dfce44459702b74d790df353", "-", _NDPI_MALFORMED.format("JA3")),
    ("ndpi", "ndpi/pcap/tls_invalid_reads.pcap", 2, "client_hello", "ja4"):
        ("t12d200500_6e20beb92e8e_354730cf0bf0", "-", _NDPI_MALFORMED.format("JA4")),
    ("tshark", "ndpi/pcap/tls_cipher_lens.pcap", 4, "client_hello", "ja3"):
        ("12f72b3830028e0151f98b64f504bd9c", "-",
         _TSHARK_PARTIAL.format("extensions length 65472, 130 bytes left")),
    ("tshark", "ndpi/pcap/tls_cipher_lens.pcap", 4, "client_hello", "ja3_string"):
        ("769,,", "-", _TSHARK_PARTIAL.format("extensions length 65472, 130 bytes left")),
    ("tshark", "ndpi/pcap/tls_invalid_reads.pcap", 0, "client_hello", "ja3"):
        ("88d4e76accc5dbd6e8ba82e094f04049", "-",
         _TSHARK_PARTIAL.format("it ends one byte into the extensions length")),
    ("tshark", "ndpi/pcap/tls_invalid_reads.pcap", 0, "client_hello", "ja3_string"):
        ("769,4-5-10-9-100-98-3-6-19-18-37,", "-",
         _TSHARK_PARTIAL.format("it ends one byte into the extensions length")),
    ("ndpi", "ndpi/pcap/codm.pcap", 0, "client_hello", "ja4"):
        ("t13d1713ht_5b57614c22b0_eca864cca44a", "t13d1713h1_5b57614c22b0_eca864cca44a",
         _NDPI_HT.format("nDPI lists '(Advertised) ALPNs: http/1.1'")),
    ("ndpi", "ndpi/pcap/sites.pcapng", 7, "client_hello", "ja4"):
        ("t13d1713ht_5b57614c22b0_eca864cca44a", "t13d1713h1_5b57614c22b0_eca864cca44a",
         _NDPI_HT.format("nDPI lists '(Advertised) ALPNs: http/1.1'")),
    ("ndpi", "ndpi/pcap/zoom.pcap", 3, "client_hello", "ja4"):
        ("t12d8008ht_9cedc1f1428b_046e095b7c4a", "t12d8008h1_9cedc1f1428b_046e095b7c4a",
         _NDPI_HT.format("nDPI lists '(Advertised) ALPNs: http/1.1'")),
    ("ndpi", "ndpi/pcap/zoom.pcap", 7, "client_hello", "ja4"):
        ("t12d8008ht_9cedc1f1428b_046e095b7c4a", "t12d8008h1_9cedc1f1428b_046e095b7c4a",
         _NDPI_HT.format("nDPI lists '(Advertised) ALPNs: http/1.1'")),
    ("ndpi", "ndpi/pcap/zoom.pcap", 8, "client_hello", "ja4"):
        ("t12d8008ht_9cedc1f1428b_046e095b7c4a", "t12d8008h1_9cedc1f1428b_046e095b7c4a",
         _NDPI_HT.format("nDPI lists '(Advertised) ALPNs: http/1.1'")),
    ("ndpi", "ndpi/pcap/encrypted_sni.pcap", 0, "client_hello", "ja4"):
        ("t13d1813h2_29a2cd9e9f10_0d6ff543c596", "t13i1813h2_29a2cd9e9f10_0d6ff543c596",
         _NDPI_NO_SNI.format(", only encrypted_server_name (0xffce); tshark: extensions "
                             "23,65281,10,11,35,16,5,51,43,13,45,65486,28")),
    ("ndpi", "ndpi/pcap/encrypted_sni.pcap", 1, "client_hello", "ja4"):
        ("t13d1813h2_29a2cd9e9f10_0d6ff543c596", "t13i1813h2_29a2cd9e9f10_0d6ff543c596",
         _NDPI_NO_SNI.format(", only encrypted_server_name (0xffce); tshark: extensions "
                             "23,65281,10,11,35,16,5,51,43,13,45,65486,28")),
    ("ndpi", "ndpi/pcap/encrypted_sni.pcap", 2, "client_hello", "ja4"):
        ("t13d1813h2_29a2cd9e9f10_0d6ff543c596", "t13i1813h2_29a2cd9e9f10_0d6ff543c596",
         _NDPI_NO_SNI.format(", only encrypted_server_name (0xffce); tshark: extensions "
                             "23,65281,10,11,35,16,5,51,43,13,45,65486,28")),
    ("ndpi", "ndpi/pcap/ftp-start-tls.pcap", 0, "client_hello", "ja4"):
        ("t12d410100_d572b635dddf_5f8d9ea464d3", "t12i410100_d572b635dddf_5f8d9ea464d3",
         _NDPI_NO_SNI.format(" (tshark: extensions 13)")),
    ("ndpi", "ndpi/pcap/tls_with_huge_ch.pcapng", 0, "client_hello", "ja4"):
        ("t13d1811h2_f71e3e15ae0d_5c3a8cf9b2bc", "t13i1811h2_f71e3e15ae0d_5c3a8cf9b2bc",
         _NDPI_NO_SNI.format(" (tshark: extensions 45,13,35,10,51,43,11,16,65281,23,21)")),
    ("ndpi", "ndpi/pcap/tls_cipher_lens.pcap", 3, "client_hello", "ja4"):
        ("t10d660000_1ade43d4e5bc_e3b0c44298fc", "t10i660000_1ade43d4e5bc_000000000000",
         "malformed ClientHello whose cipher_suites length (132 bytes) swallows what was meant as the "
         "extensions block (suites 0x0d77,0x7777,0x2e67,0x6f6f,0x676c,0x652e,0x6974 spell "
         "'\\rwww.google.it'); tshark and we read it alike, with no extensions after the empty "
         "compression list. JA4.md: no server_name extension gives 'i', and an empty extension list "
         "gives '000000000000'. nDPI wrote 'd' and hashed the empty string (sha256('') = e3b0c44298fc...)"),
}

# Fresh-clone fixtures: (file name, capture, tcp.stream, message, what)
FIXTURES = [
    ("foxio-tls12-firefox-client-hello", "ja4/pcap/tls12.pcap", 0, "client_hello",
     "Firefox TLS 1.3 ClientHello; FoxIO's JA4, JA4_r, JA4_o, JA4_ro"),
    ("foxio-chrome-grease-client-hello", "ja4/pcap/tls-handshake.pcapng", 38, "client_hello",
     "Chrome ClientHello with GREASE cipher, extensions, groups, versions, key share; answered by a HelloRetryRequest"),
    ("foxio-chrome-grease-client-hello-2", "ja4/pcap/tls-handshake.pcapng", 38, "client_hello_2",
     "the second ClientHello of the same connection, after the HelloRetryRequest"),
    ("foxio-hello-retry-request", "ja4/pcap/tls-handshake.pcapng", 38, "hello_retry_request",
     "HelloRetryRequest: a ServerHello message on the wire, so it has a JA3S"),
    ("foxio-server-hello-after-hrr", "ja4/pcap/tls-handshake.pcapng", 38, "server_hello",
     "the ServerHello after the HelloRetryRequest"),
    ("foxio-latest-chrome-client-hello", "ja4/pcap/latest.pcapng", 1, "client_hello",
     "the JA4.md example value t13d1516h2_8daaf6152771_e5627efa2ab1"),
    ("suricata-ja4-client-hello", "suricata-verify/tests/ja4-tls/input.pcap", 0, "client_hello",
     "suricata-verify's JA4 test: no SNI ('i'), ALPN spdy/3.1 ('s1')"),
    ("suricata-duplicate-client-hello", "suricata-verify/tests/tls-duplicate-hello/input.pcap", 1,
     "client_hello", "first of two ClientHellos in one connection; suricata-verify's JA3 string"),
    ("suricata-tls13-draft22-client-hello", "suricata-verify/tests/tls/tls13-draft22/tls13_draft22.pcap", 0,
     "client_hello", "TLS 1.3 draft 22 only (JA4 version '00'); suricata-verify's JA3 hash"),
    ("pcapplusplus-grease-client-hello", "pcapplusplus/Packet++Test/PacketExamples/tls_grease.pcap", 0,
     "client_hello", "GREASE in cipher suites, extensions, groups and versions; tshark leaves it out"),
    ("ndpi-codm-alpn-http11-client-hello", "ndpi/pcap/codm.pcap", 0, "client_hello",
     "first ALPN value http/1.1 ('h1'); nDPI's JA4 deviates"),
    ("ndpi-esni-client-hello", "ndpi/pcap/encrypted_sni.pcap", 0, "client_hello",
     "encrypted_server_name instead of server_name ('i'); nDPI's JA4 deviates"),
    ("ndpi-swallowed-extensions-client-hello", "ndpi/pcap/tls_cipher_lens.pcap", 3, "client_hello",
     "malformed: the cipher_suites vector swallows the extensions; no extensions ('000000000000')"),
    ("arkime-sslv3-client-hello", "arkime/pcap/openssl-ssl3.pcap", 0, "client_hello",
     "SSLv3 ClientHello without extensions block ('768,...,,,', JA4 's3')"),
    ("arkime-sslv3-server-hello", "arkime/pcap/openssl-ssl3.pcap", 0, "server_hello",
     "SSLv3 ServerHello"),
    ("arkime-tls13-draft18-client-hello", "arkime/pcap/tls13.pcap", 0, "client_hello",
     "TLS 1.3 draft 18 ClientHello (JA4 version '00')"),
    ("arkime-tls13-draft18-server-hello", "arkime/pcap/tls13.pcap", 0, "server_hello",
     "TLS 1.3 draft 18 ServerHello (legacy_version 0x7f12 = 32530)"),
    ("arkime-alpn-h2-client-hello", "arkime/pcap/tls-alpn-h2.pcap", 0, "client_hello",
     "ALPN h2; signature algorithms 0xefef, 0xeeee, 0xeded (not GREASE)"),
]

SURICATA_TESTS = [
    # (test.yaml, capture, tcp.stream of the checked hello)
    ("suricata-verify/tests/ja4-tls/test.yaml", "suricata-verify/tests/ja4-tls/input.pcap", 0),
    ("suricata-verify/tests/tls-duplicate-hello/test.yaml",
     "suricata-verify/tests/tls-duplicate-hello/input.pcap", 1),
    ("suricata-verify/tests/tls/tls13-draft22/test.yaml",
     "suricata-verify/tests/tls/tls13-draft22/tls13_draft22.pcap", 0),
]


class Row:
    def __init__(self, capture, stream, message, frame, fingerprint, value):
        self.capture, self.stream, self.message, self.frame = capture, stream, message, frame
        self.fingerprint, self.source_value = fingerprint, value
        self.expected, self.status, self.reason = value, "ok", None

    def key(self):
        return (self.capture, self.stream, MESSAGE_ORDER.index(self.message),
                FINGERPRINT_ORDER.index(self.fingerprint))


def known_gap(capture, stream):
    gaps = KNOWN_GAPS.get(capture, {})
    return gaps.get(stream, gaps.get(None))


def apply_corrections(source, rows, used):
    for r in rows:
        k = (source, r.capture, r.stream, r.message, r.fingerprint)
        if k in CORRECTIONS:
            was, fixed, reason = CORRECTIONS[k]
            if r.source_value != was:
                sys.exit(f"error: correction {k} expects the source value {was!r}, found {r.source_value!r}")
            r.expected, r.status, r.reason = fixed, "corrected", reason
            used.add(k)


def captures(public_dir):
    out = []
    for root, _, files in os.walk(public_dir):
        for name in files:
            if name.endswith(CAPTURE_SUFFIXES):
                out.append(os.path.relpath(os.path.join(root, name), public_dir))
    return sorted(out)


def tshark_cmd(capture, display_filter, fields):
    cmd = TSHARK + DECODE_AS.get(capture, []) + ["-r", capture, "-Y", display_filter, "-T", "fields",
                                                 "-E", "occurrence=a", "-E", "aggregator=;"]
    for f in fields:
        cmd += ["-e", f]
    return cmd


def run(public_dir, cmd):
    out = subprocess.run(cmd, cwd=public_dir, capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines() if line.strip()]


CH_FIELDS = ["frame.number", "tcp.stream", "tls.handshake.ja3", "tls.handshake.ja3_full"]
SH_FIELDS = ["frame.number", "tcp.stream", "tls.handshake.random", "tls.handshake.ja3s",
             "tls.handshake.ja3s_full"]
CH_FILTER = "tcp && tls.handshake.type==1"
SH_FILTER = "tcp && tls.handshake.type==2"


def show_cmd(cmd):
    return " ".join(a if re.fullmatch(r"[\w./:=+,-]+", a) else f"'{a}'" for a in cmd)


def tshark_rows(public_dir, caps):
    rows, frames, no_fp_used = [], {}, set()
    for cap in caps:
        per_stream = {}
        for fields in run(public_dir, tshark_cmd(cap, CH_FILTER, CH_FIELDS)):
            fields += [""] * (len(CH_FIELDS) - len(fields))
            frame, stream = int(fields[0]), int(fields[1].split(";")[0])
            hashes = fields[2].split(";") if fields[2] else [""]
            strings = fields[3].split(";") if fields[3] else [""]
            if len(hashes) != 1 or len(strings) != 1:
                sys.exit(f"error: {cap} frame {frame}: more than one ClientHello in a frame")
            n = per_stream[stream] = per_stream.get(stream, 0) + 1
            if n > 2:
                sys.exit(f"error: {cap} tcp.stream {stream}: more than two ClientHellos")
            message = "client_hello" if n == 1 else "client_hello_2"
            frames[(cap, stream, message)] = (frame, 1)
            rows += hello_rows(cap, stream, message, frame, "ja3", hashes[0], strings[0], no_fp_used)
        seen = set()
        for fields in run(public_dir, tshark_cmd(cap, SH_FILTER, SH_FIELDS)):
            fields += [""] * (len(SH_FIELDS) - len(fields))
            frame, stream = int(fields[0]), int(fields[1].split(";")[0])
            if ";" in fields[3] or ";" in fields[2]:
                sys.exit(f"error: {cap} frame {frame}: more than one ServerHello in a frame")
            message = "hello_retry_request" if fields[2] == HRR_RANDOM else "server_hello"
            if (stream, message) in seen:
                sys.exit(f"error: {cap} tcp.stream {stream}: two messages {message}")
            seen.add((stream, message))
            frames[(cap, stream, message)] = (frame, 2)
            rows += hello_rows(cap, stream, message, frame, "ja3s", fields[3], fields[4], no_fp_used)
    missing = set(NO_FINGERPRINT) - no_fp_used
    if missing:
        sys.exit(f"error: NO_FINGERPRINT entries not seen: {sorted(missing)}")
    return rows, frames


def hello_rows(cap, stream, message, frame, name, digest, string, no_fp_used):
    if not digest and not string:
        reason = NO_FINGERPRINT.get((cap, stream, frame))
        if reason is None:
            sys.exit(f"error: tshark gives no {name} for {cap} tcp.stream {stream} frame {frame}, "
                     "and NO_FINGERPRINT does not say why")
        no_fp_used.add((cap, stream, frame))
        out = [Row(cap, stream, message, frame, name, "-"), Row(cap, stream, message, frame, name + "_string", "-")]
        for r in out:
            r.reason = "tshark gives none: " + reason
        return out
    return [Row(cap, stream, message, frame, name, digest), Row(cap, stream, message, frame, name + "_string", string)]


def endpoint_map(public_dir, caps):
    """(capture, frozenset of two 'ip:port') -> the first tcp.stream carrying a ClientHello."""
    m = {}
    fields = ["tcp.stream", "ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport"]
    for cap in caps:
        for f in run(public_dir, tshark_cmd(cap, CH_FILTER, fields)):
            f += [""] * (len(fields) - len(f))
            stream = int(f[0].split(";")[0])
            srcs = [a for a in re.split("[;,]", f[1] + ";" + f[2]) if a]
            dsts = [a for a in re.split("[;,]", f[4] + ";" + f[5]) if a]
            sport, dport = f[3].split(";")[-1], f[6].split(";")[-1]
            for s in srcs:
                for d in dsts:
                    m.setdefault((cap, frozenset([f"{s}:{sport}", f"{d}:{dport}"])), stream)
    return m


def foxio_python_rows(public_dir):
    rows = []
    for name in sorted(os.listdir(os.path.join(public_dir, "ja4", "pcap"))):
        if not name.endswith(".ja4-python.json"):
            continue
        cap = "ja4/pcap/" + name[: -len(".ja4-python.json")]
        with open(os.path.join(public_dir, "ja4", "pcap", name), encoding="utf-8") as fh:
            entries = json.load(fh)
        for e in entries:
            for k, v in e.items():
                m = re.fullmatch(r"JA4(_r|_o|_ro)?\.(\d)", k)
                if not m or not v.startswith("t"):  # q = QUIC, d = DTLS: out of scope
                    continue
                message = "client_hello" if m.group(2) == "1" else "client_hello_" + m.group(2)
                rows.append(Row(cap, int(e["stream"]), message, "-", "ja4" + (m.group(1) or ""), v))
    return rows


def foxio_rust_rows(public_dir):
    rows = []
    for name in sorted(os.listdir(os.path.join(public_dir, "ja4", "pcap"))):
        if not name.endswith(".ja4-rust.snap"):
            continue
        cap = "ja4/pcap/" + name[: -len(".ja4-rust.snap")]
        cur = None
        with open(os.path.join(public_dir, "ja4", "pcap", name), encoding="utf-8") as fh:
            for line in fh:
                m = re.match(r"- stream: (\d+)$", line.rstrip())
                if m:
                    cur = {"stream": int(m.group(1))}
                    continue
                m = re.match(r"  (transport|ja4): (\S+)$", line.rstrip())
                if m and cur is not None:
                    cur[m.group(1)] = m.group(2)
                    if m.group(1) == "ja4" and cur.get("transport") == "tcp":
                        rows.append(Row(cap, cur["stream"], "client_hello", "-", "ja4", m.group(2)))
    return rows


def norm_endpoint(ep):
    m = re.fullmatch(r"\[(.*)\]:(\d+)", ep)
    return f"{m.group(1)}:{m.group(2)}" if m else ep


def ndpi_rows(public_dir, emap):
    rows = []
    d = os.path.join(public_dir, "ndpi", "pcap")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".out"):
            continue
        cap = "ndpi/pcap/" + name[:-4]
        with open(os.path.join(d, name), encoding="utf-8") as fh:
            for line in fh:
                m = re.match(r"\s*(\d+)\s+TCP (\S+) <?-> (\S+) ", line)
                if not m or "[JA4: " not in line:
                    continue
                pair = frozenset([norm_endpoint(m.group(2)), norm_endpoint(m.group(3))])
                stream = emap.get((cap, pair))
                if stream is None:
                    sys.exit(f"error: {cap} nDPI flow {m.group(1)}: tshark has no ClientHello between {set(pair)}")
                ja4 = re.search(r"\[JA4: ([^]]*)\]", line).group(1)
                rows.append(Row(cap, stream, "client_hello", "-", "ja4", ja4))
                ja3 = re.search(r"\[JA3C: ([0-9a-f]{32})\]", line)
                if ja3:
                    rows.append(Row(cap, stream, "client_hello", "-", "ja3", ja3.group(1)))
    return rows


def arkime_rows(public_dir, emap):
    rows = []
    d = os.path.join(public_dir, "arkime", "pcap")
    keys = [("ja3", "client_hello", "ja3"), ("ja3string", "client_hello", "ja3_string"),
            ("ja4", "client_hello", "ja4"), ("ja4_r", "client_hello", "ja4_r"),
            ("ja3s", "server_hello", "ja3s"), ("ja3sstring", "server_hello", "ja3s_string")]
    for name in sorted(os.listdir(d)):
        if not name.endswith(".test"):
            continue
        cap = "arkime/pcap/" + name[: -len(".test")] + ".pcap"
        with open(os.path.join(d, name), encoding="utf-8") as fh:
            text = fh.read()
        for s in json.loads(text[text.index("{"):])["sessions3"]:
            b = s["body"]
            tls = b.get("tls", {})
            if b.get("ipProtocol") != 6 or not any(k in tls for k, _, _ in keys):
                continue
            pair = frozenset([f"{b['source']['ip']}:{b['source']['port']}",
                              f"{b['destination']['ip']}:{b['destination']['port']}"])
            stream = emap.get((cap, pair))
            if stream is None:
                sys.exit(f"error: {cap}: tshark has no ClientHello between {set(pair)}")
            for k, message, fp in keys:
                for v in tls.get(k, []):
                    rows.append(Row(cap, stream, message, "-", fp, v))
    return rows


def suricata_rows(public_dir, emap):
    rows = []
    streams = {(cap, s) for (cap, _), s in emap.items()}
    for yaml, cap, stream in SURICATA_TESTS:
        if (cap, stream) not in streams:
            sys.exit(f"error: {cap} tcp.stream {stream} carries no ClientHello")
        with open(os.path.join(public_dir, yaml), encoding="utf-8") as fh:
            for line in fh:
                m = re.fullmatch(r'\s*tls\.(ja4|ja3\.string|ja3\.hash):\s*"?([^"\s]+)"?', line.rstrip())
                if m:
                    fp = {"ja4": "ja4", "ja3.string": "ja3_string", "ja3.hash": "ja3"}[m.group(1)]
                    rows.append(Row(cap, stream, "client_hello", "-", fp, m.group(2)))
    return rows


COLUMNS = ["capture", "tcp_stream", "message", "frame", "fingerprint", "expected", "status", "known_gap", "note"]


def write_tsv(path, title, source_lines, rows):
    rows = sorted(rows, key=Row.key)
    lines = [f"# {title}",
             "# generated by: python3 tools/generate-fingerprint-expectations.py (from the repository root, "
             "../shared present); do not edit by hand",
             *[f"# {s}" for s in source_lines],
             "# capture: path under ../shared/captures/public; message: client_hello (first of the TCP "
             "connection), client_hello_2 (second), hello_retry_request, server_hello; frame: the frame in "
             "which tshark decodes the message ('-' when the source does not say)",
             "# expected: the value the definition gives; '-' = no fingerprint (the hello cannot be decoded)",
             "# status: ok = the source's value; corrected = the source deviates from the definition "
             "(the comment before the row says how; note = the source's value)",
             "# known_gap: '-', or why our pipeline may have no record or no such message for this hello "
             "yet (the test counts these and does not fail on them)",
             "\t".join(COLUMNS)]
    last_reason = None
    for r in rows:
        if r.reason and r.reason != last_reason:
            lines.append(f"# {r.capture} tcp.stream {r.stream} {r.message}: {r.reason}")
        last_reason = r.reason
        note = f"source value: {r.source_value}" if r.status == "corrected" else "-"
        gap = known_gap(r.capture, r.stream) or "-"
        lines.append("\t".join([r.capture, str(r.stream), r.message, str(r.frame), r.fingerprint,
                                r.expected, r.status, gap, note]))
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"{os.path.basename(path)}: {len(rows)} values")


def load_extractor():
    spec = importlib.util.spec_from_file_location("extract_hello_fixtures",
                                                  os.path.join(HERE, "extract-hello-fixtures.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def write_fixtures(public_dir, out_dir, frames, by_source, tshark_version):
    extractor = load_extractor()
    fdir = os.path.join(out_dir, "fixtures")
    os.makedirs(fdir, exist_ok=True)
    for name, cap, stream, message, what in FIXTURES:
        frame, hs_type = frames[(cap, stream, message)]
        found = extractor.fixtures_from(public_dir, cap, frame, hs_type)
        if len(found) != 1:
            sys.exit(f"error: fixture {name}: {len(found)} complete messages of type {hs_type} in frame {frame}")
        _, raw, _, cmd = found[0]
        lines = ["# JA3/JA3S/JA4 values from independent sources for one hello (see "
                 "tools/generate-fingerprint-expectations.py).",
                 f"# capture: {cap} (under ../shared/captures/public; see its MANIFEST.md)",
                 f"# tcp.stream: {stream}; message: {message}; frame: {frame}",
                 f"# what: {what}",
                 f"# message bytes: tls.handshake_raw (whole message, 4-byte header included) from {tshark_version}: "
                 + show_cmd(cmd),
                 "# values: fingerprint@source=expected; '-' = no fingerprint; a corrected value follows a "
                 "'# corrected' comment giving the source's own value and the reason",
                 f"message={raw}"]
        n = 0
        for source, rows in by_source:
            for r in sorted(rows, key=Row.key):
                if (r.capture, r.stream, r.message) != (cap, stream, message):
                    continue
                if r.status == "corrected":
                    lines.append(f"# corrected ({source} wrote {r.source_value}): {r.reason}")
                lines.append(f"{r.fingerprint}@{source}={r.expected}")
                n += 1
        if n == 0:
            sys.exit(f"error: fixture {name} has no expected value")
        with open(os.path.join(fdir, name + ".txt"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(lines) + "\n")
        print(f"fixtures/{name}.txt: {n} values")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(REPO_ROOT, "..", "shared"))
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    public_dir = os.path.abspath(os.path.join(args.shared, "captures", "public"))
    os.makedirs(args.out, exist_ok=True)
    version = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    version = version.strip().rstrip(".")
    caps = captures(public_dir)

    used = set()
    tshark, frames = tshark_rows(public_dir, caps)
    apply_corrections("tshark", tshark, used)
    emap = endpoint_map(public_dir, caps)
    sources = [
        ("tshark", tshark, "tshark.tsv",
         "JA3 and JA3S of every TCP ClientHello, ServerHello and HelloRetryRequest that tshark decodes",
         [f"source: {version}; per capture, run in ../shared/captures/public (plus "
          + ", ".join(f"{' '.join(v)} for {k}" for k, v in DECODE_AS.items()) + "):",
          "  " + show_cmd(tshark_cmd("CAPTURE", CH_FILTER, CH_FIELDS)),
          "  " + show_cmd(tshark_cmd("CAPTURE", SH_FILTER, SH_FIELDS)),
          f"  (a ServerHello whose random is {HRR_RANDOM[:16]}... is a HelloRetryRequest)"]),
        ("foxio-python", foxio_python_rows(public_dir), "foxio-python.tsv",
         "JA4, JA4_r, JA4_o, JA4_ro published by FoxIO for its captures (TCP only)",
         ["source: ../shared/captures/public/ja4/pcap/*.ja4-python.json (FoxIO-LLC/ja4 python/test/testdata; "
          "JA4 is BSD-3-Clause); keys JA4.1 / JA4.2 = first / second ClientHello of the stream"]),
        ("foxio-rust", foxio_rust_rows(public_dir), "foxio-rust.tsv",
         "JA4 published by FoxIO's Rust implementation for its captures (TCP only)",
         ["source: ../shared/captures/public/ja4/pcap/*.ja4-rust.snap (FoxIO-LLC/ja4 rust insta snapshots)"]),
        ("ndpi", ndpi_rows(public_dir, emap), "ndpi.tsv",
         "JA4 and JA3 (JA3C) of nDPI's expected ndpiReader output (TCP flows only)",
         ["source: ../shared/captures/public/ndpi/pcap/*.out (ntop/nDPI tests/cfgs/default/result); a flow's "
          "endpoints are mapped to tcp.stream with tshark (the first stream carrying a ClientHello between them)"]),
        ("arkime", arkime_rows(public_dir, emap), "arkime.tsv",
         "ja3, ja3string, ja4, ja4_r, ja3s, ja3sstring of Arkime's expected sessions (TCP only)",
         ["source: ../shared/captures/public/arkime/pcap/*.test (arkime/arkime tests/pcap); endpoints mapped "
          "to tcp.stream with tshark"]),
        ("suricata-verify", suricata_rows(public_dir, emap), "suricata-verify.tsv",
         "JA3 and JA4 values checked by suricata-verify tests",
         ["source: " + ", ".join(y for y, _, _ in SURICATA_TESTS) + " under ../shared/captures/public "
          "(the tls event of the flow: its first ClientHello)"]),
    ]
    for source, rows, _, _, _ in sources[1:]:
        apply_corrections(source, rows, used)
    unused = set(CORRECTIONS) - used
    if unused:
        sys.exit(f"error: corrections not applied: {sorted(unused)}")
    for source, rows, fname, title, src_lines in sources:
        write_tsv(os.path.join(args.out, fname), title, src_lines, rows)
    write_fixtures(public_dir, args.out, frames, [(s, rows) for s, rows, _, _, _ in sources], version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
