#!/usr/bin/env python3
"""Cross-check the sample captures with tshark and write EXPECTED.tsv.

usage: verify.py MANIFEST CAPTURE_DIR EXPECTED_OUT

MANIFEST is written by generate.sh while it sets the scenarios up, one line per TCP connection
in connection order:  file  server  outcome  alert  checks  note
(checks: comma list of extra facts that must hold, or "-").

For every capture, tshark's view of each TCP stream is classified with a small, independent
reading of CONTRACT.md's outcome rules; every disagreement with the manifest is reported and the
script exits 1. The frame numbers in EXPECTED.tsv come from tshark (tls.handshake.type == 1 / 2,
moved back to the first TCP segment when tshark reassembled the record) and are cross-checked
against the first payload segment of the same direction.
"""
import os
import subprocess
import sys

HRR_RANDOM = "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c"
TLS_PORTS = [443, 4433, 8443]  # decode these as TLS whatever tshark's defaults are
OUTCOMES = {"COMPLETED", "INCONCLUSIVE", "FAILED_AFTER_SERVER_HELLO", "SERVER_ALERT", "SERVER_RESET",
            "SERVER_CLOSED", "NON_TLS_RESPONSE", "NO_RESPONSE", "TCP_REFUSED", "TCP_NO_ANSWER"}
ALERTS = {0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac", 21: "decryption_failed",
          22: "record_overflow", 30: "decompression_failure", 40: "handshake_failure",
          41: "no_certificate", 42: "bad_certificate", 43: "unsupported_certificate",
          44: "certificate_revoked", 45: "certificate_expired", 46: "certificate_unknown",
          47: "illegal_parameter", 48: "unknown_ca", 49: "access_denied", 50: "decode_error",
          51: "decrypt_error", 60: "export_restriction", 70: "protocol_version",
          71: "insufficient_security", 80: "internal_error", 86: "inappropriate_fallback",
          90: "user_canceled", 100: "no_renegotiation", 109: "missing_extension",
          110: "unsupported_extension", 111: "certificate_unobtainable", 112: "unrecognized_name",
          113: "bad_certificate_status_response", 114: "bad_certificate_hash_value",
          115: "unknown_psk_identity", 116: "certificate_required", 120: "no_application_protocol"}
NO_ANSWER_MIN_S = 3.0

FIELDS = ["frame.number", "frame.time_epoch", "tcp.stream", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
          "tcp.srcport", "tcp.dstport", "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.fin",
          "tcp.flags.reset", "tcp.len", "tcp.segment", "tls.record.content_type",
          "tls.record.opaque_type", "tls.handshake.type", "tls.handshake.random",
          "tls.handshake.extension.type", "tls.alert_message.level", "tls.alert_message.desc",
          "tcp.payload"]


def as_int(v):
    return int(v, 0) if v else 0


def ints(v):
    return [int(x, 0) for x in v.split(",") if x] if v else []


def tshark_frames(path):
    cmd = ["tshark", "-r", path, "-n"]
    for p in TLS_PORTS:
        cmd += ["-d", f"tcp.port=={p},tls"]
    cmd += ["-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in FIELDS:
        cmd += ["-e", f]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"tshark failed on {path}: {res.stderr}")
    frames = []
    for line in res.stdout.splitlines():
        v = dict(zip(FIELDS, line.split("\t")))
        if not v.get("tcp.stream"):
            continue
        src = v["ip.src"] or v["ipv6.src"]
        dst = v["ip.dst"] or v["ipv6.dst"]
        fmt = (lambda a, p: f"[{a}]:{p}") if ":" in src else (lambda a, p: f"{a}:{p}")
        frames.append({
            "no": int(v["frame.number"]), "t": float(v["frame.time_epoch"]),
            "stream": int(v["tcp.stream"]),
            "src": fmt(src, v["tcp.srcport"]), "dst": fmt(dst, v["tcp.dstport"]),
            "syn": v["tcp.flags.syn"] in ("1", "True"), "ack": v["tcp.flags.ack"] in ("1", "True"),
            "fin": v["tcp.flags.fin"] in ("1", "True"), "rst": v["tcp.flags.reset"] in ("1", "True"),
            "len": as_int(v["tcp.len"]), "segments": ints(v["tcp.segment"]),
            "ctypes": ints(v["tls.record.content_type"]) + ints(v["tls.record.opaque_type"]),
            "hs": ints(v["tls.handshake.type"]),
            "randoms": [r.replace(":", "").lower() for r in v["tls.handshake.random"].split(",") if r],
            "exts": ints(v["tls.handshake.extension.type"]),
            "alert_levels": ints(v["tls.alert_message.level"]),
            "alert_descs": ints(v["tls.alert_message.desc"]),
            "payload": bytes.fromhex(v["tcp.payload"].replace(":", "")) if v["tcp.payload"] else b"",
        })
    return frames


def first_byte_frame(fr):
    """The frame carrying the first byte of the record tshark reports in frame fr."""
    return min(fr["segments"]) if fr["segments"] else fr["no"]


def analyze_stream(frames, capture_end):
    """Independent, minimal classification of one TCP stream. Returns a dict of findings."""
    r = {"errors": []}
    syns = [f for f in frames if f["syn"] and not f["ack"]]
    r["client"] = syns[0]["src"] if syns else frames[0]["src"]
    r["server"] = syns[0]["dst"] if syns else frames[0]["dst"]
    cli = [f for f in frames if f["src"] == r["client"]]
    srv = [f for f in frames if f["src"] == r["server"]]
    r["synack"] = any(f["syn"] and f["ack"] for f in srv)

    # plaintext alerts of both sides, in frame order
    alerts = []
    for f in frames:
        for lvl, desc in zip(f["alert_levels"], f["alert_descs"]):
            alerts.append({"frame": f["no"], "from": "client" if f["src"] == r["client"] else "server",
                           "level": lvl, "desc": desc})
    fatal = [a for a in alerts if a["level"] == 2]
    r["alert"] = ALERTS.get(fatal[0]["desc"], hex(fatal[0]["desc"])) if fatal else "-"
    r["alert_from"] = fatal[0]["from"] if fatal else None

    chs = [f for f in cli if 1 in f["hs"]]
    r["ch_count"] = len(chs)
    r["ch_frame"] = first_byte_frame(chs[0]) if chs else None
    r["ch_exts"] = chs[0]["exts"] if chs else []
    first_cli_data = next((f for f in cli if f["len"] > 0), None)
    if chs and first_cli_data and first_cli_data["no"] != r["ch_frame"]:
        r["errors"].append(f"ClientHello frame {r['ch_frame']} is not the first client payload "
                           f"frame {first_cli_data['no']}")
    hrrs = [f for f in srv if 2 in f["hs"] and HRR_RANDOM in f["randoms"]]
    shs = [f for f in srv if 2 in f["hs"] and any(x != HRR_RANDOM for x in f["randoms"])]
    r["hrr"] = bool(hrrs)
    r["sh_frame"] = first_byte_frame(shs[0]) if shs else None
    r["sh_exts"] = shs[0]["exts"] if shs else []

    if not r["synack"]:
        if any(f["rst"] for f in srv):
            r["outcome"] = "TCP_REFUSED"
        elif not srv:
            r["outcome"] = "TCP_NO_ANSWER"
            r["syn_count"] = len(syns)
        else:
            r["outcome"] = "?"
        return r
    if not chs:
        r["outcome"] = "NO_CLIENT_HELLO"
        return r
    last_ch = chs[-1]["no"]
    after = [f for f in srv if f["no"] > last_ch and (f["len"] > 0 or f["fin"] or f["rst"])]
    if not after:
        waited = capture_end - chs[-1]["t"]
        r["waited"] = waited
        r["outcome"] = "NO_RESPONSE" if waited >= NO_ANSWER_MIN_S else "INCONCLUSIVE"
        return r
    first = after[0]
    r["first_server_data"] = first["no"]
    if first["rst"]:
        r["outcome"] = "SERVER_RESET"
    elif first["len"] == 0:
        r["outcome"] = "SERVER_CLOSED"
    else:
        p = first["payload"]
        tls_like = len(p) >= 3 and p[0] in (20, 21, 22, 23) and p[1] == 3
        if not tls_like:
            r["outcome"] = "NON_TLS_RESPONSE"
            r["first_bytes"] = p[:16]
        elif p[0] == 21:
            r["outcome"] = "SERVER_ALERT"
        elif shs and shs[0]["no"] >= first["no"]:
            sh_no = shs[0]["no"]
            if r["sh_frame"] != first["no"]:
                r["errors"].append(f"ServerHello frame {r['sh_frame']} is not the first server "
                                   f"payload frame {first['no']} after the last ClientHello")
            tls13 = 43 in r["sh_exts"]
            r["version"] = "tls13" if tls13 else "tls12"
            want = 23 if tls13 else 20
            # the decisive frame for each side: first frame at/after the ServerHello with that record type
            done = {}
            for side, fl in (("client", cli), ("server", srv)):
                x = next((f for f in fl if f["no"] >= sh_no and want in f["ctypes"]), None)
                done[side] = x["no"] if x else None
            stop = next((f["no"] for f in frames if f["no"] > sh_no and (f["rst"] or f["fin"])), None)
            fatal_after = next((a["frame"] for a in fatal if a["frame"] >= sh_no), None)
            enders = [x for x in (stop, fatal_after) if x is not None]
            end = min(enders) if enders else None
            if done["client"] and done["server"] and (end is None or max(done.values()) < end):
                r["outcome"] = "COMPLETED"
            elif end is not None:
                r["outcome"] = "FAILED_AFTER_SERVER_HELLO"
            else:
                r["outcome"] = "INCONCLUSIVE"
        else:
            r["outcome"] = "?"
    return r


def check_extra(checks, r, path, frames_of_stream):
    errs = []
    for c in checks:
        if c == "-" or not c:
            continue
        if c in ("tls12", "tls13"):
            if r.get("version") and r["version"] != c:
                errs.append(f"expected {c}, ServerHello says {r['version']}")
            if c == "tls12" and 43 in r["ch_exts"]:
                errs.append("expected a TLS 1.2-only client, but the ClientHello has supported_versions")
            if c == "tls13" and 43 not in r["ch_exts"]:
                errs.append("expected a TLS 1.3 client, but the ClientHello has no supported_versions")
            if c == "tls13" and r.get("sh_frame") is None and r["outcome"] == "COMPLETED":
                errs.append("no ServerHello")
        elif c == "hrr":
            if not r["hrr"] or r["ch_count"] != 2:
                errs.append(f"expected a HelloRetryRequest and 2 ClientHellos "
                            f"(hrr={r['hrr']}, client_hellos={r['ch_count']})")
        elif c == "resumed":
            if 41 not in r["sh_exts"]:
                errs.append("ServerHello has no pre_shared_key extension (41): not resumed")
        elif c in ("appdata_both", "ccs_both"):
            if r["outcome"] != "COMPLETED":
                errs.append(f"{c}: not completed")
        elif c == "client_alert":
            if r["alert_from"] != "client":
                errs.append(f"expected the fatal alert from the client, got {r['alert_from']}")
        elif c == "min_wait_3s":
            if r.get("waited", 0) < NO_ANSWER_MIN_S:
                errs.append(f"capture ends {r.get('waited')} s after the ClientHello (< 3 s)")
        elif c == "http_reply":
            if not r.get("first_bytes", b"").startswith(b"HTTP/1.1 400"):
                errs.append(f"server's first bytes are {r.get('first_bytes')!r}, not HTTP/1.1 400")
        else:
            errs.append(f"unknown check {c}")
    return errs


def main():
    manifest, capdir, out = sys.argv[1:4]
    rows_by_file = {}
    order = []
    with open(manifest) as fh:
        for line in fh:
            if not line.strip():
                continue
            file, server, outcome, alert, checks, note = line.rstrip("\n").split("\t")
            if file not in rows_by_file:
                order.append(file)
                rows_by_file[file] = []
            rows_by_file[file].append({"server": server, "outcome": outcome, "alert": alert,
                                       "checks": checks.split(","), "note": note})
    failures = []
    out_rows = []
    for file in order:
        path = os.path.join(capdir, file)
        if not os.path.exists(path):
            failures.append(f"{file}: missing")
            continue
        frames = tshark_frames(path)
        if not frames:
            failures.append(f"{file}: no TCP frames")
            continue
        capture_end = max(f["t"] for f in frames)
        streams = sorted({f["stream"] for f in frames})
        want = rows_by_file[file]
        if len(streams) != len(want):
            failures.append(f"{file}: tshark sees {len(streams)} TCP streams, scenario set up {len(want)}")
            continue
        for stream, exp in zip(streams, want):
            sf = [f for f in frames if f["stream"] == stream]
            r = analyze_stream(sf, capture_end)
            where = f"{file} tcp.stream {stream}"
            errs = list(r["errors"])
            if exp["outcome"] not in OUTCOMES:
                errs.append(f"manifest outcome {exp['outcome']} is not a contract outcome")
            if r["server"] != exp["server"]:
                errs.append(f"server is {r['server']}, scenario used {exp['server']}")
            if r["outcome"] != exp["outcome"]:
                errs.append(f"tshark shows {r['outcome']}, scenario expects {exp['outcome']}")
            if r["alert"] != exp["alert"]:
                errs.append(f"first fatal alert is {r['alert']}, scenario expects {exp['alert']}")
            errs += check_extra(exp["checks"], r, path, sf)
            failures += [f"{where}: {e}" for e in errs]
            status = "ok" if not errs else "MISMATCH"
            print(f"[verify] {status:8} {where}: {r['client']} -> {r['server']} {r['outcome']} "
                  f"alert={r['alert']} ch={r['ch_frame']} sh={r['sh_frame']}", file=sys.stderr)
            out_rows.append([file, str(stream), r["client"], r["server"], exp["outcome"], exp["alert"],
                             str(r["ch_frame"]) if r["ch_frame"] else "-",
                             str(r["sh_frame"]) if r["sh_frame"] else "-", exp["note"]])
    if failures:
        print("[verify] FAILED:", file=sys.stderr)
        for f in failures:
            print(f"[verify]   {f}", file=sys.stderr)
        return 1
    with open(out, "w") as fh:
        fh.write("\t".join(["file", "tcp_stream", "client", "server", "outcome", "alert",
                            "client_hello_frame", "server_hello_frame", "note"]) + "\n")
        for row in out_rows:
            fh.write("\t".join(row) + "\n")
    print(f"[verify] all {len(out_rows)} connections agree; wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
