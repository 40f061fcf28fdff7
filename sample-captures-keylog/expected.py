#!/usr/bin/env python3
"""What tshark, with each capture's key log, decodes of the captures in a folder: one TSV line per TCP
connection and side, written to standard output.

Columns: file, tcp_stream, side (client/server), tls13 (1/0), encrypted handshake types (decimal, in order:
every type but ClientHello and ServerHello in TLS 1.3, the Finished in TLS 1.2), alerts (level:description,
decimal, in order), the frame of the side's first Finished (or -), and the subjects of the certificates the side
sent, as `openssl x509 -subject -nameopt RFC2253` prints them, joined by ' | '.

Usage: expected.py DIR   (captures NAME.pcap / NAME.pcapng with NAME.keys beside; NAME-dsb.pcapng uses NAME.keys
                          for tshark, and its own Decryption Secrets Block for hellocheck)
"""
import os
import subprocess
import sys

SERVER_PORT = "4433"
FIELDS = ["frame.number", "tcp.stream", "tcp.srcport", "tls.handshake.type", "tls.alert_message.level",
          "tls.alert_message.desc", "tls.handshake.certificate", "tls.handshake.extensions.supported_version"]


def subject(der_hex):
    out = subprocess.run(["openssl", "x509", "-inform", "DER", "-noout", "-subject", "-nameopt", "RFC2253"],
                         input=bytes.fromhex(der_hex.replace(":", "")), capture_output=True, check=True)
    return out.stdout.decode().strip().removeprefix("subject=")


def rows(path, keys):
    cmd = ["tshark", "-n", "-r", path, "-o", "tls.keylog_file:" + keys, "-Y", "tls", "-T", "fields",
           "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, check=True, text=True).stdout
    sides = {}
    tls13 = set()
    for line in out.splitlines():
        v = line.split("\t")
        v += [""] * (len(FIELDS) - len(v))
        frame, stream, port, types, levels, descs, certs, versions = v
        side = "server" if port == SERVER_PORT else "client"
        s = sides.setdefault((int(stream), side), {"types": [], "alerts": [], "finished": None, "certs": []})
        if side == "server" and "0x0304" in versions.split(","):
            tls13.add(int(stream))
        for t in filter(None, types.split(",")):
            s["types"].append(int(t))
            if int(t) == 20 and s["finished"] is None:
                s["finished"] = int(frame)
        for lv, d in zip(filter(None, levels.split(",")), filter(None, descs.split(","))):
            s["alerts"].append("%s:%s" % (int(lv), int(d)))
        for c in filter(None, certs.split(",")):
            s["certs"].append(subject(c))
    for (stream, side), s in sorted(sides.items()):
        is13 = stream in tls13
        enc = [t for t in s["types"] if (t not in (1, 2)) if is13 or t == 20]
        yield [str(stream), side, "1" if is13 else "0", ",".join(map(str, enc)) or "-",
               ",".join(s["alerts"]) or "-", str(s["finished"]) if s["finished"] else "-",
               " | ".join(s["certs"]) or "-"]


def main():
    d = sys.argv[1]
    print("file\ttcp_stream\tside\ttls13\tencrypted_handshake_types\talerts\tfinished_frame\tcertificate_subjects")
    for name in sorted(os.listdir(d)):
        if not (name.endswith(".pcap") or name.endswith(".pcapng")):
            continue
        base = name.rsplit(".", 1)[0].removesuffix("-dsb")
        for r in rows(os.path.join(d, name), os.path.join(d, base + ".keys")):
            print("\t".join([name] + r))


if __name__ == "__main__":
    main()
