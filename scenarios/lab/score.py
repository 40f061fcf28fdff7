#!/usr/bin/env python3
"""usage: score.py EXPECTED.tsv RECORDS.jsonl [-q]: compare hellocheck's connection records with the lab's."""
import json
import os
import sys


def main():
    expected, records = sys.argv[1], sys.argv[2]
    quiet = "-q" in sys.argv[3:]
    got = {}
    with open(records) as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("type") != "connection":
                continue
            # EXPECTED.tsv's stream column: tshark's tcp.stream, or "udp:N" (udp.stream) for a QUIC or DTLS flow
            if r.get("tcp_stream") is not None:
                got[(os.path.basename(r["capture"]), str(r["tcp_stream"]))] = r
            elif r.get("udp_stream") is not None:
                got[(os.path.basename(r["capture"]), f"udp:{r['udp_stream']}")] = r
    rows = [l.rstrip("\n").split("\t") for l in open(expected)][1:]
    n = ok_outcome = ok_cause = ok_both = 0
    misses = []
    for f in rows:
        file, stream, outcome, causes = f[0], f[1], f[4], f[5]
        acceptable = [] if causes == "-" else causes.split(",")
        n += 1
        r = got.get((file, stream))
        if r is None:
            misses.append(f"{file} #{stream}: no record (expected {outcome}, {causes})")
            continue
        diag = [d["cause"] for d in (r.get("diagnosis") or [])]
        o = r["outcome"] == outcome
        c = (not diag) if not acceptable else (bool(diag) and diag[0] in acceptable)
        ok_outcome += o
        ok_cause += c
        ok_both += o and c
        if not (o and c):
            misses.append(f"{file} #{stream}: expected {outcome} / {causes}; got {r['outcome']} / "
                          f"{diag[0] if diag else '-'}")
    print(f"connections: {n}")
    print(f"expected outcome: {ok_outcome}/{n}")
    print(f"acceptable first cause: {ok_cause}/{n}")
    print(f"both: {ok_both}/{n}")
    if not quiet:
        for m in misses:
            print("  " + m)


if __name__ == "__main__":
    main()
