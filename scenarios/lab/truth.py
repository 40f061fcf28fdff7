#!/usr/bin/env python3
"""Check the scenario lab's expectations against tshark, and write EXPECTED.tsv.

usage: truth.py MANIFEST CAPTURE_DIR EXPECTED_OUT

MANIFEST (written by generate.sh before each client runs): file, n (1 = the capture's first TCP
connection or DTLS flow, in the order of their first frames), expected outcome, acceptable first causes, note,
path of the client's standard error.

Every capture is read with tshark, decrypting with its key log (CAPTURE_DIR/keys/FILE.keys, written by
the clients). Each TCP stream gets an outcome by a small reading of CONTRACT.md's rules, independent of
hellocheck: the first thing the server's side did after the last ClientHello (tshark's
tls.handshake.type, alerts decrypted from the key log, RST/FIN flags), the client's close before it
(CLIENT_GAVE_UP), SOCKS/CONNECT replies and SMTP codes from the payload bytes. Where tshark does not
dissect TLS (after a preamble it does not know, inside some tunnels), the TLS records are walked in the
reassembled payload bytes instead. A DTLS flow (a udp.stream) gets its outcome the same way from tshark's dtls
fields (the last ClientHello is the first one with the highest message_seq: RFC 6347 4.2.2 numbers the
ClientHello after a HelloVerifyRequest 1, and a retransmission keeps its number) and ICMP port unreachable
errors; its stream column is "udp:N". A QUIC flow (a udp.stream whose datagrams tshark reads as QUIC) is judged from
tshark's quic fields and the TLS messages in its CRYPTO frames, decrypted with the client's key log (classify_quic). Any disagreement with the manifest is printed and the exit status is 1.
"""
import os
import re
import subprocess
import sys

FIELDS = ["frame.number", "frame.time_epoch", "tcp.stream", "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport",
          "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.fin", "tcp.flags.reset", "tcp.len", "ip.ttl",
          "tls.record.content_type", "tls.handshake.type", "tls.handshake.random",
          "tls.handshake.extensions.supported_version", "tls.handshake.version",
          "tls.alert_message.level", "tls.alert_message.desc", "tcp.payload", "tcp.seq", "tcp.ack",
          "tcp.analysis.lost_segment", "tcp.options.sack_le", "tcp.options.sack_re", "tcp.analysis.zero_window"]
TLS_PORTS = [443, 8443, 4443, 587, 9443, 8444]
DTLS_PORTS = [4433, 4434]
QUIC_PORTS = [443, 8443, 444]
UDP_FIELDS = ["frame.number", "frame.time_epoch", "udp.stream", "ip.src", "ip.dst", "udp.srcport", "udp.dstport",
              "icmp.type", "icmp.code", "dtls.record.content_type", "dtls.handshake.type",
              "dtls.handshake.message_seq", "dtls.alert_message.level", "dtls.alert_message.desc",
              "quic.header_form", "quic.version", "quic.long.packet_type", "quic.long.packet_type_v2", "quic.dcid",
              "quic.supported_version", "quic.frame_type", "quic.cc.error_code", "tls.handshake.type"]
# QUIC long-header packet types, RFC 9000 section 17.2 (version 1) and RFC 9369 section 3.2 (version 2)
INITIAL, ZERO_RTT, HANDSHAKE, RETRY = 0, 1, 2, 3
V2_TYPES = {1: INITIAL, 2: ZERO_RTT, 3: HANDSHAKE, 0: RETRY}
QUIC_V2 = 0x6b3343cf
# QUIC frame types, RFC 9000 section 19
CONNECTION_CLOSE, CONNECTION_CLOSE_APP, HANDSHAKE_DONE = 0x1c, 0x1d, 0x1e
HRR = "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c"
ALERTS = {0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac", 40: "handshake_failure",
          42: "bad_certificate", 43: "unsupported_certificate", 44: "certificate_revoked",
          45: "certificate_expired", 46: "certificate_unknown", 47: "illegal_parameter", 48: "unknown_ca",
          49: "access_denied", 50: "decode_error", 51: "decrypt_error", 70: "protocol_version",
          71: "insufficient_security", 80: "internal_error", 86: "inappropriate_fallback",
          90: "user_canceled", 109: "missing_extension", 110: "unsupported_extension",
          112: "unrecognized_name", 116: "certificate_required", 120: "no_application_protocol"}


def ints(v):
    out = []
    for x in v.split(","):
        x = x.strip()
        if x:
            try:
                out.append(int(x, 0))
            except ValueError:
                pass
    return out


def tshark_rows(path, keylog, options, fields):
    """tshark's rows of `fields` for each frame of the capture, as dicts, decrypted with the key log if it exists;
    `options` are tshark's own (preferences, decode-as)."""
    cmd = ["tshark", "-r", path, "-n", *options]
    if os.path.exists(keylog):
        cmd += ["-o", f"tls.keylog_file:{keylog}"]
    cmd += ["-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in fields:
        cmd += ["-e", f]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"tshark failed on {path}: {res.stderr}")
    return [dict(zip(fields, line.split("\t"))) for line in res.stdout.splitlines()]


def frames_of(path, keylog):
    options = ["-o", "tcp.desegment_tcp_streams:TRUE"]
    for p in TLS_PORTS:
        options += ["-d", f"tcp.port=={p},tls"]
    streams = {}
    for v in tshark_rows(path, keylog, options, FIELDS):
        if not v.get("tcp.stream"):
            continue
        f = {"no": int(v["frame.number"]), "t": float(v["frame.time_epoch"]),
             "src": f"{v['ip.src']}:{v['tcp.srcport']}", "dst": f"{v['ip.dst']}:{v['tcp.dstport']}",
             "syn": v["tcp.flags.syn"] in ("1", "True"), "ack": v["tcp.flags.ack"] in ("1", "True"),
             "fin": v["tcp.flags.fin"] in ("1", "True"), "rst": v["tcp.flags.reset"] in ("1", "True"),
             "len": int(v["tcp.len"] or 0), "ttl": int(v["ip.ttl"] or 0),
             "ctypes": ints(v["tls.record.content_type"]), "hs": ints(v["tls.handshake.type"]),
             "randoms": [r.replace(":", "") for r in v["tls.handshake.random"].split(",") if r],
             "sv": ints(v["tls.handshake.extensions.supported_version"]),
             "hv": ints(v["tls.handshake.version"]),
             "alevels": ints(v["tls.alert_message.level"]), "adescs": ints(v["tls.alert_message.desc"]),
             "payload": bytes.fromhex(v["tcp.payload"].split(",")[0].replace(":", "")) if v["tcp.payload"] else b"",
             "seq": int(v["tcp.seq"] or 0), "ackno": int(v["tcp.ack"] or 0),
             "hole_before": bool(v["tcp.analysis.lost_segment"]), "zero_window": bool(v["tcp.analysis.zero_window"]),
             "sack": list(zip(ints(v["tcp.options.sack_le"]), ints(v["tcp.options.sack_re"])))}
        streams.setdefault(int(v["tcp.stream"]), []).append(f)
    return streams


def udp_flows_of(path, keylog):
    """{udp.stream: [frame]} of the capture's UDP datagrams and the ICMP errors quoting them (tshark gives a
    quoted datagram its conversation's udp.stream); the outer addresses come first in ip.src and ip.dst."""
    options = []
    for p in DTLS_PORTS:
        options += ["-d", f"udp.port=={p},dtls"]
    for p in QUIC_PORTS:
        options += ["-d", f"udp.port=={p},quic"]
    flows = {}
    for v in tshark_rows(path, keylog, options, UDP_FIELDS):
        if not v.get("udp.stream"):
            continue
        first = lambda x: x.split(",")[0]
        icmp = first(v["icmp.type"]) == "3" and first(v["icmp.code"]) == "3"
        f = {"no": int(v["frame.number"]), "t": float(v["frame.time_epoch"]), "icmp_unreachable": icmp,
             "src": first(v["ip.src"]) if icmp else f"{first(v['ip.src'])}:{first(v['udp.srcport'])}",
             "dst": f"{first(v['ip.dst'])}:{first(v['udp.dstport'])}",
             "ctypes": ints(v["dtls.record.content_type"]), "hs": ints(v["dtls.handshake.type"]),
             "seqs": ints(v["dtls.handshake.message_seq"]),
             "alevels": ints(v["dtls.alert_message.level"]), "adescs": ints(v["dtls.alert_message.desc"])}
        if v["quic.header_form"] and not icmp:
            f["quic"] = quic_packets(v)
        flows.setdefault(int(first(v["udp.stream"])), []).append(f)
    return flows


def classify_udp(frames):
    """A DTLS flow's outcome by CONTRACT.md's rules: the first thing the server did after the last ClientHello."""
    hello = next((f for f in frames if not f["icmp_unreachable"] and 1 in f["hs"]), None)
    if hello is None:
        return None, None, Verdict("NO_CLIENT_HELLO", "no DTLS ClientHello")
    client, server = hello["src"], hello["dst"]
    chs = [f for f in frames if f["src"] == client and 1 in f["hs"]]
    seq = lambda f: f["seqs"][f["hs"].index(1)] if len(f["seqs"]) == len(f["hs"]) else 0
    top = max(seq(f) for f in chs)
    ch = next(f for f in chs if seq(f) == top)
    again = sum(1 for f in chs if seq(f) == top) - 1
    facts = [f"ClientHello frame {ch['no']} (message_seq {top}" + (f", sent {again} more time(s)" if again else "") + ")"]
    hvr = next((f for f in frames if f["src"] == server and 3 in f["hs"] and f["no"] < ch["no"]), None)
    if hvr is not None:
        facts.insert(0, f"HelloVerifyRequest frame {hvr['no']}")
    later = [f for f in frames if f["no"] > ch["no"]]
    icmp = next((f for f in later if f["icmp_unreachable"]), None)
    sfirst = next((f for f in later if f["src"] == server), None)
    if sfirst is None:
        facts.append(f"ICMP port unreachable frame {icmp['no']}" if icmp else "no datagram from the server after it")
        return client, server, Verdict("NO_RESPONSE", "; ".join(facts))
    if 2 in sfirst["hs"]:
        facts.append(f"ServerHello frame {sfirst['no']}")
        ccs = {client: False, server: False}
        for f in later:
            side = "client" if f["src"] == client else "server"
            for lvl, d in zip(f["alevels"], f["adescs"]):
                if lvl == 2:
                    facts.append(f"{side} fatal alert {ALERTS.get(d, d)} frame {f['no']}")
                    return client, server, Verdict("FAILED_AFTER_SERVER_HELLO", "; ".join(facts))
            if 20 in f["ctypes"] and f["src"] in ccs:
                ccs[f["src"]] = True
                if all(ccs.values()):
                    facts.append(f"ChangeCipherSpec both ways (frame {f['no']})")
                    return client, server, Verdict("COMPLETED", "; ".join(facts))
        return client, server, Verdict("INCONCLUSIVE", "; ".join(facts + ["capture ends in the handshake"]))
    if sfirst["ctypes"][:1] == [21]:
        d = ALERTS.get(sfirst["adescs"][0], sfirst["adescs"][0]) if sfirst["adescs"] else "?"
        lvl = sfirst["alevels"][0] if sfirst["alevels"] else "?"
        return client, server, Verdict("SERVER_ALERT", "; ".join(facts + [f"server alert {d} (level {lvl}) frame {sfirst['no']}"]))
    return client, server, Verdict("NON_TLS_RESPONSE", "; ".join(facts + [f"server datagram frame {sfirst['no']} is no DTLS hello or alert"]))


def quic_packets(v):
    """One datagram's QUIC packets as tshark decodes them (coalesced packets, RFC 9000 section 12.2, give several
    values): long-header packet types (version 2's renumbered to version 1's), versions, whether a short-header
    (1-RTT) packet is in it, the Destination Connection IDs, the frame types and CONNECTION_CLOSE error codes
    tshark could decrypt, and the TLS handshake types in its CRYPTO frames."""
    versions = ints(v["quic.version"])
    return {"types": ints(v["quic.long.packet_type"]) + [V2_TYPES[t] for t in ints(v["quic.long.packet_type_v2"])],
            "versions": versions, "vn": 0 in versions, "supported": ints(v["quic.supported_version"]),
            "short": 0 in ints(v["quic.header_form"]), "dcids": [d for d in v["quic.dcid"].split(",") if d],
            "ftypes": ints(v["quic.frame_type"]), "errors": ints(v["quic.cc.error_code"]),
            "hs": ints(v["tls.handshake.type"])}


def version_name(v):
    return {1: "1", QUIC_V2: "2"}.get(v, f"{v:#010x}")


def close_text(q):
    e = q["errors"][0] if q["errors"] else None
    if e is None:
        return "CONNECTION_CLOSE (error code not decrypted)"
    if 0x100 <= e < 0x200:
        return f"CONNECTION_CLOSE crypto error {e:#x} (TLS alert {ALERTS.get(e - 0x100, e - 0x100)})"
    return f"CONNECTION_CLOSE error {e:#x}"


def classify_quic(frames):
    """A QUIC flow's outcome by CONTRACT.md's rules, read from tshark's quic fields (decrypted with the client's
    key log): the last ClientHello is the client's first Initial after the server's last Retry or Version
    Negotiation (RFC 9000 sections 17.2.5 and 6: the client starts again with a new Initial), else its first
    Initial; then the first thing the server's side did after it."""
    quic = [f for f in frames if "quic" in f]
    first = next((f for f in quic if INITIAL in f["quic"]["types"]), None)
    if first is None:
        return None, None, Verdict("NO_CLIENT_HELLO", "no QUIC Initial")
    client, server = first["src"], first["dst"]
    restarts = [f for f in quic if f["src"] == server and (f["quic"]["vn"] or RETRY in f["quic"]["types"])]
    initials = [f for f in quic if f["src"] == client and INITIAL in f["quic"]["types"]]
    ch = next((f for f in initials if restarts and f["no"] > restarts[-1]["no"]), initials[0])
    facts = []
    for r in restarts:
        if r["no"] < ch["no"]:
            facts.append(f"Retry frame {r['no']}" if not r["quic"]["vn"] else f"Version Negotiation frame {r['no']}")
    later = [f for f in frames if f["no"] > ch["no"]]
    sfirst = next((f for f in later if f["src"] == server), None)
    dcid = ch["quic"]["dcids"][0] if ch["quic"]["dcids"] else ""
    again = sum(1 for f in initials if f["no"] > ch["no"] and f["quic"]["dcids"][:1] == [dcid]
                and (sfirst is None or f["no"] < sfirst["no"]))
    version = next((v for v in ch["quic"]["versions"] if v), 0)
    facts.append(f"client Initial frame {ch['no']} (QUIC version {version_name(version)}, DCID {dcid}"
                 + (", ClientHello decrypted" if 1 in ch["quic"]["hs"] else "")
                 + (f"; sent {again} more time(s) before any answer" if again else "") + ")")
    if sfirst is None:
        icmp = next((f for f in later if f["icmp_unreachable"]), None)
        facts.append(f"ICMP port unreachable frame {icmp['no']}" if icmp else "no datagram from the server after it")
        return client, server, Verdict("NO_RESPONSE", "; ".join(facts))
    q = sfirst["quic"]
    if q["vn"]:
        facts.append(f"Version Negotiation frame {sfirst['no']} lists "
                     + ", ".join(version_name(v) for v in q["supported"]))
        if not any(f["src"] == client and INITIAL in f["quic"]["types"] for f in later if "quic" in f):
            facts.append("no client Initial after it")
            return client, server, Verdict("SERVER_CLOSED", "; ".join(facts))
        return client, server, Verdict("UNDECIDED", "; ".join(facts + ["the client went on after it"]))
    if 2 not in q["hs"] and (CONNECTION_CLOSE in q["ftypes"] or CONNECTION_CLOSE_APP in q["ftypes"]):
        facts.append(f"server {close_text(q)} in frame {sfirst['no']}, no ServerHello")
        e = q["errors"][0] if q["errors"] else -1
        return client, server, Verdict("SERVER_ALERT" if 0x100 <= e < 0x200 else "SERVER_CLOSED", "; ".join(facts))
    sh = next((f for f in later if f["src"] == server and 2 in f["quic"]["hs"]), None)
    if sh is None:
        return client, server, Verdict("UNDECIDED", "; ".join(facts + [f"server frame {sfirst['no']}: no ServerHello"]))
    facts.append(f"ServerHello frame {sh['no']}")
    client_handshake = None
    for f in [f for f in later if f["no"] > sh["no"] and "quic" in f]:
        fq, side = f["quic"], ("client" if f["src"] == client else "server")
        if CONNECTION_CLOSE in fq["ftypes"] or CONNECTION_CLOSE_APP in fq["ftypes"]:
            facts.append(f"{side} {close_text(fq)} frame {f['no']} (decrypted)")
            return client, server, Verdict("FAILED_AFTER_SERVER_HELLO", "; ".join(facts))
        if side == "server" and HANDSHAKE_DONE in fq["ftypes"]:
            facts.append(f"server HANDSHAKE_DONE frame {f['no']} (decrypted; RFC 9001 section 4.1.2)")
            return client, server, Verdict("COMPLETED", "; ".join(facts))
        if side == "client" and HANDSHAKE in fq["types"] and client_handshake is None:
            client_handshake = f
        if side == "server" and fq["short"] and client_handshake is not None:
            facts.append(f"client Handshake frame {client_handshake['no']}, server 1-RTT frame {f['no']} (not decrypted)")
            return client, server, Verdict("COMPLETED", "; ".join(facts))
    return client, server, Verdict("INCONCLUSIVE", "; ".join(facts + ["capture ends in the handshake"]))


class Verdict:
    def __init__(self, outcome, facts):
        self.outcome, self.facts = outcome, facts


def byte_records(frames, side, start_frame=0, skip=0):
    """TLS records in one direction's payload from frame start_frame on, after skipping `skip` bytes of
    it: [(frame, type, length, first body byte)]. Stops at the first bytes that are not a record."""
    buf, owner = b"", []
    for f in frames:
        if f["src"] == side and f["len"] and f["no"] >= start_frame:
            buf += f["payload"]
            owner += [f["no"]] * len(f["payload"])
    out, p = [], skip
    while p + 5 <= len(buf) and buf[p] in (20, 21, 22, 23) and buf[p + 1] == 3:
        ln = int.from_bytes(buf[p + 3:p + 5], "big")
        out.append((owner[p], buf[p], ln, buf[p + 5] if p + 5 < len(buf) else None))
        p += 5 + ln
    return out


def classify_bytes(frames, client, server):
    """For streams where tshark dissects no TLS: find the ClientHello by content."""
    cbuf = b"".join(f["payload"] for f in frames if f["src"] == client)
    m = re.search(rb"\x16\x03[\x01-\x04]..\x01", cbuf, re.S)
    if not m:
        return None
    crec = byte_records(frames, client, skip=m.start())
    ch_frame = crec[0][0]
    srv = [f for f in frames if f["src"] == server and f["no"] > ch_frame and (f["len"] or f["fin"] or f["rst"])]
    if not srv:
        facts = f"byte walk: ClientHello at offset {m.start()} of the client's bytes"
        zw = next((f for f in frames if f["src"] == server and f["zero_window"]), None)
        if zw is not None:
            # the client could not send its whole ClientHello: the server's window is zero (a server not reading)
            declared = int.from_bytes(cbuf[m.start() + 3:m.start() + 5], "big") + 5
            facts += (f", {len(cbuf) - m.start()} of its record's {declared} bytes sent; server TCP ZeroWindow frame "
                      f"{zw['no']} (tcp.analysis.zero_window), "
                      f"{sum(1 for f in frames if f['src'] == server and f['zero_window'])} in all")
        return Verdict("NO_RESPONSE", facts)
    first = srv[0]
    if first["rst"]:
        return Verdict("SERVER_RESET", "byte walk")
    if not first["len"]:
        return Verdict("SERVER_CLOSED", "byte walk")
    srec = [r for r in byte_records(frames, server, start_frame=first["no"])]
    if not srec or srec[0][1] != 22 or srec[0][3] != 2:
        return Verdict("NON_TLS_RESPONSE" if not srec else "SERVER_ALERT", "byte walk")
    sh_frame = srec[0][0]
    after = [r for r in crec if r[0] > sh_frame and r[1] == 23]
    facts = f"byte walk (tshark dissects no TLS here): ClientHello at client byte {m.start()}, ServerHello frame {sh_frame}"
    if not after:
        return Verdict("FAILED_AFTER_SERVER_HELLO", facts + "; no encrypted client record")
    if after[0][2] == 19:
        return Verdict("FAILED_AFTER_SERVER_HELLO", facts + f"; the client's first encrypted record (frame {after[0][0]}) is alert-sized")
    later = [r for r in srec if r[0] > after[0][0]]
    return Verdict("COMPLETED" if later else "FAILED_AFTER_SERVER_HELLO",
                   facts + f"; client flight frame {after[0][0]}, server records after it: {len(later)}")


def classify(frames):
    syn = next((f for f in frames if f["syn"] and not f["ack"]), None)
    if syn is None:
        return None, None, Verdict("NO_SYN", "no SYN in the capture")
    client, server = syn["src"], syn["dst"]
    synack = next((f for f in frames if f["src"] == server and f["syn"] and f["ack"]), None)
    if synack is None:
        rst = any(f["src"] == server and f["rst"] for f in frames)
        n = sum(1 for f in frames if f["syn"] and not f["ack"])
        return client, server, Verdict("TCP_REFUSED" if rst else "TCP_NO_ANSWER", f"{n} SYN, no SYN-ACK")
    chs = [f for f in frames if f["src"] == client and 1 in f["hs"]]
    if not chs:
        return client, server, proxy_or_starttls(frames, client, server)
    ch = chs[-1]
    facts = [f"ClientHello frame {ch['no']}" + (f" (retry, first {chs[0]['no']})" if len(chs) > 1 else "")]
    later = [f for f in frames if f["no"] > ch["no"]]
    lost = lost_before_client(frames, client, server, later)
    if lost:
        # the client never got these server bytes: they are no answer it saw (a path-MTU black hole, a drop)
        facts.append(lost[1])
        later = [f for f in later if f not in lost[0]]
    sfirst = next((f for f in later if f["src"] == server and (f["len"] or f["fin"] or f["rst"])), None)
    cclose = next((f for f in later if f["src"] == client and (f["fin"] or f["rst"])), None)
    if sfirst is None:
        return client, server, Verdict("NO_RESPONSE", "; ".join(facts + ["nothing " + ("else " if lost else "")
                                                                         + "but ACKs from the server"]))
    if cclose is not None and cclose["no"] < sfirst["no"]:
        if not sfirst["len"]:
            facts.append(f"client closed first (frame {cclose['no']}), the server only closed after it")
            return client, server, Verdict("NO_RESPONSE", "; ".join(facts))
        what = "RST" if cclose["rst"] else "FIN"
        kind = "ServerHello" if 2 in sfirst["hs"] else ("RST" if sfirst["rst"] else ("FIN" if not sfirst["len"] else "bytes"))
        facts.append(f"client {what} frame {cclose['no']} {cclose['t'] - ch['t']:.3f} s after the ClientHello, "
                     f"server's first answer ({kind}) frame {sfirst['no']} {sfirst['t'] - ch['t']:.3f} s after it")
        return client, server, Verdict("CLIENT_GAVE_UP", "; ".join(facts))
    if sfirst["rst"]:
        ttl = synack["ttl"]
        facts.append(f"server RST frame {sfirst['no']} (TTL {sfirst['ttl']}, SYN-ACK TTL {ttl})")
        shs = [f for f in later if f["src"] == server and 2 in f["hs"]]
        if shs:
            facts.append(f"a ServerHello follows in frame {shs[0]['no']}")
        return client, server, Verdict("SERVER_RESET", "; ".join(facts))
    if not sfirst["len"]:
        return client, server, Verdict("SERVER_CLOSED", "; ".join(facts + [f"server FIN frame {sfirst['no']}, no byte"]))
    if 2 in sfirst["hs"]:
        return client, server, after_server_hello(frames, client, server, sfirst, facts)
    if sfirst["ctypes"][:1] == [21]:
        d = ALERTS.get(sfirst["adescs"][0], sfirst["adescs"][0]) if sfirst["adescs"] else "?"
        lvl = sfirst["alevels"][0] if sfirst["alevels"] else "?"
        return client, server, Verdict("SERVER_ALERT", "; ".join(facts + [f"server alert {d} (level {lvl}) frame {sfirst['no']}"]))
    if 1 in sfirst["hs"]:
        # both ends acting as TLS clients: the server's side answers with a ClientHello of its own
        facts.append(f"server ClientHello frame {sfirst['no']} (tls.handshake.type 1), not a ServerHello")
    return client, server, Verdict("NON_TLS_RESPONSE", "; ".join(facts + [f"server bytes {sfirst['payload'][:16]!r} frame {sfirst['no']}"]))


def lost_before_client(frames, client, server, later):
    """Server segments that tshark finds after a hole in the server's stream ("previous segment not captured", also
    on a segment without payload: its sequence number moved past bytes not in the capture) whose tcp.seq is past
    every acknowledgment the client sent in the whole capture: the client never got the server's bytes before them,
    which were lost on the path before the capture point. Returns (frames, fact) or None."""
    top_ack = max((f["ackno"] for f in frames if f["src"] == client and f["ack"]), default=0)
    held = [f for f in later if f["src"] == server and not f["rst"] and f["seq"] > top_ack]
    if not held or not held[0]["hole_before"]:
        return None
    first = held[0]
    what = f"{first['len']} bytes" if first["len"] else "no payload"
    sacks = [f for f in frames if f["src"] == client and f["no"] > first["no"]
             and any(le <= first["seq"] < re for le, re in f["sack"])]
    fact = (f"server segment frame {first['no']} (seq {first['seq']}, {what}) after a hole the client never "
            f"acknowledged (its highest ACK {top_ack}"
            + (f"; SACK {sacks[0]['sack'][0][0]}-{sacks[0]['sack'][0][1]} in frame {sacks[0]['no']}" if sacks else "")
            + f"): the server's {first['seq'] - top_ack} bytes from seq {top_ack} were lost before the client")
    return held, fact


def after_server_hello(frames, client, server, sh, facts):
    version = max(sh["sv"]) if sh["sv"] else (sh["hv"][-1] if sh["hv"] else 0)
    facts.append(f"ServerHello frame {sh['no']} version {version:#06x}")
    later = [f for f in frames if f["no"] > sh["no"]]
    ccs = {client: False, server: False}
    cfin = None
    for f in later:
        side = "client" if f["src"] == client else "server"
        for lvl, d in zip(f["alevels"], f["adescs"]):
            if lvl == 2:
                facts.append(f"{side} fatal alert {ALERTS.get(d, d)} frame {f['no']}")
                return Verdict("FAILED_AFTER_SERVER_HELLO", "; ".join(facts))
        if version == 0x0304:
            if f["src"] == client and 20 in f["hs"]:
                cfin = f
                facts.append(f"client Finished frame {f['no']} (decrypted)")
                continue
            if cfin is not None and f["src"] == server and (f["len"] or f["fin"] or f["rst"]):
                if f["rst"] or (f["fin"] and not f["len"]):
                    facts.append(f"server {'RST' if f['rst'] else 'FIN'} frame {f['no']} after the client's Finished")
                    return Verdict("FAILED_AFTER_SERVER_HELLO", "; ".join(facts))
                facts.append(f"server record frame {f['no']} after the client's Finished")
                return Verdict("COMPLETED", "; ".join(facts))
        else:
            if 20 in f["ctypes"]:
                ccs[f["src"]] = True
                if all(ccs.values()):
                    facts.append(f"ChangeCipherSpec both ways (frame {f['no']})")
                    return Verdict("COMPLETED", "; ".join(facts))
        if f["rst"] or f["fin"]:
            facts.append(f"{side} {'RST' if f['rst'] else 'FIN'} frame {f['no']} before completion")
            return Verdict("FAILED_AFTER_SERVER_HELLO", "; ".join(facts))
    if version == 0x0304 and cfin is None and not any(20 in f["hs"] for f in later):
        facts.append("TLS 1.3 not decrypted (no key log?)")
        return Verdict("UNDECIDED", "; ".join(facts))
    return Verdict("INCONCLUSIVE", "; ".join(facts + ["capture ends in the handshake"]))


def proxy_or_starttls(frames, client, server):
    cbuf = b"".join(f["payload"] for f in frames if f["src"] == client)
    sbuf = b"".join(f["payload"] for f in frames if f["src"] == server)
    if cbuf[:1] == b"\x05" and len(sbuf) >= 4:
        rep = sbuf[3]
        if rep != 0:
            return Verdict("PROXY_REFUSED", f"SOCKS5 reply code {rep:#04x}")
        v = classify_bytes(frames, client, server)
        return v if v else Verdict("NO_CLIENT_HELLO", "SOCKS5 granted, no ClientHello")
    if cbuf[:1] == b"\x04" and len(sbuf) >= 2:
        if sbuf[1] != 0x5a:
            return Verdict("PROXY_REFUSED", f"SOCKS4 reply code {sbuf[1]:#04x}")
        v = classify_bytes(frames, client, server)
        return v if v else Verdict("NO_CLIENT_HELLO", "SOCKS4 granted, no ClientHello")
    if cbuf.startswith(b"CONNECT "):
        status = sbuf.split(b"\r\n", 1)[0].decode(errors="replace")
        if not re.match(r"HTTP/1\.[01] 2\d\d", status):
            return Verdict("PROXY_REFUSED", f"CONNECT answered: {status}")
        v = classify_bytes(frames, client, server)
        return v if v else Verdict("NO_CLIENT_HELLO", "CONNECT granted, no ClientHello")
    if re.search(rb"(?im)^STARTTLS\r?$", cbuf):
        codes = re.findall(rb"(?m)^(\d{3}) ", sbuf)
        if b"454" in codes:
            return Verdict("STARTTLS_REFUSED", "server answered STARTTLS with 454")
    v = classify_bytes(frames, client, server)
    return v if v else Verdict("NO_CLIENT_HELLO", "no ClientHello found, by tshark or in the bytes")


def client_messages(path):
    try:
        with open(path, errors="replace") as fh:
            lines = [l.strip() for l in fh if l.strip()]
    except OSError:
        return ""
    keep = [l for l in lines if not l.startswith(("depth=", "verify return:", "Connecting to", "CONNECTED("))]
    text = " | ".join(keep).replace("\t", " ")
    return text[:400]


def main():
    manifest, capdir, out = sys.argv[1:4]
    rows = [l.rstrip("\n").split("\t") for l in open(manifest) if l.strip()]
    by_file = {}
    for r in rows:
        by_file.setdefault(r[0], []).append(r)
    bad = 0
    lines = ["file\ttcp_stream\tclient\tserver\toutcome\tcauses\ttshark\tnote"]
    for file, exp in by_file.items():
        path, keylog = os.path.join(capdir, file), os.path.join(capdir, "keys", file + ".keys")
        streams = frames_of(path, keylog)
        flows = udp_flows_of(path, keylog)
        # the n-th connection is the n-th TCP stream or UDP flow by first frame (tshark may skip tcp.stream
        # indexes: its SOCKS dissector opens one for the tunnel)
        order = sorted([(fr[0]["no"], str(i), fr, classify) for i, fr in streams.items()]
                       + [(fr[0]["no"], f"udp:{i}", fr, classify_quic if any("quic" in f for f in fr) else classify_udp)
                          for i, fr in flows.items()])
        if len(order) != len(exp):
            print(f"{file}: tshark finds {len(streams)} TCP streams and {len(flows)} UDP flows, the scenario made "
                  f"{len(exp)} connections")
            bad += 1
        for k, r in enumerate(exp):
            _, n, outcome, causes, note, errpath = r
            if k >= len(order):
                print(f"{file} #{n}: no TCP stream or UDP flow for this connection")
                bad += 1
                continue
            _, i, frames, judge = order[k]
            client, server, v = judge(frames)
            flag = "" if v.outcome == outcome else "   <-- DISAGREES"
            print(f"{file}\t{i}\t{outcome}\t(tshark: {v.outcome}: {v.facts}){flag}")
            if v.outcome != outcome:
                bad += 1
            msg = client_messages(errpath)
            lines.append("\t".join([file, str(i), client or "-", server or "-", outcome, causes,
                                    v.facts.replace("\t", " "), note + (f" | client printed: {msg}" if msg else "")]))
    with open(out, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    if bad:
        print(f"{bad} disagreement(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
