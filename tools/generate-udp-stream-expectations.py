#!/usr/bin/env python3
"""Write tshark's udp.stream numbers of every UDP frame of the public captures, for UdpStreamsPublicCapturesTest.

Usage (from the repository root, with ../shared beside it, tshark 4.0 on the PATH):
  python3 tools/generate-udp-stream-expectations.py [--shared SHARED_DIR] [--out FILE]

For every capture of SHARED_DIR/captures/public (pcap, pcapng, gzipped or not) holding a UDP frame, tshark
prints frame.number and udp.stream of each frame with a UDP header (-Y udp: a tunnel's outer header and a
datagram quoted in an ICMP error count, as they do in Wireshark; such a frame has several numbers, outer
first). One row per capture and stream: capture path, udp.stream, the frames holding it (comma-separated,
ascending). Default OUT: analyzer-core/src/test/resources/io/hellocheck/udp/udp-streams.tsv. Deterministic;
Python 3, standard library only.
"""

import argparse
import os
import subprocess
from collections import defaultdict


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="analyzer-core/src/test/resources/io/hellocheck/udp/udp-streams.tsv")
    a = ap.parse_args()
    root = os.path.join(a.shared, "captures", "public")
    captures = []
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith((".pcap", ".pcapng", ".pcap.gz", ".pcapng.gz")):
                captures.append(os.path.relpath(os.path.join(d, f), root))
    rows = []
    for c in sorted(captures):
        out = subprocess.run(["tshark", "-n", "-r", os.path.join(root, c), "-Y", "udp", "-T", "fields",
                              "-e", "frame.number", "-e", "udp.stream"],
                             capture_output=True, text=True, check=True).stdout
        streams = defaultdict(list)
        for line in out.splitlines():
            frame, numbers = line.split("\t")
            for n in numbers.split(","):
                if not streams[int(n)] or streams[int(n)][-1] != int(frame):
                    streams[int(n)].append(int(frame))
        for s in sorted(streams):
            rows.append(f"{c}\t{s}\t{','.join(map(str, streams[s]))}")
    with open(a.out, "w") as f:
        f.write("capture\tudp_stream\tframes\n")
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
