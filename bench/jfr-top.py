#!/usr/bin/env python3
"""Summarizes a JFR recording: where the CPU samples fall and what allocates (Python 3 stdlib + `jfr`).

usage: jfr-top.py RECORDING.jfr [TOP]

Prints, from jdk.ExecutionSample, the top methods by self samples (top frame) and by inclusive samples
(anywhere in the stack), and from jdk.ObjectAllocationSample the allocated bytes (the events' weight) per
class and per allocating io.hellocheck method (the first io.hellocheck frame of the stack).

Record with:  java -Xms192m -Xmx896m -Xmn64m -XX:+UseSerialGC -XX:SurvivorRatio=2 -XX:TieredStopAtLevel=1 -XX:StartFlightRecording=filename=X.jfr,settings=profile \
                   -jar analyzer-cli/target/hellocheck.jar analyze --format jsonl BIG.pcap > /dev/null
"""
import collections
import json
import subprocess
import sys


def events(path, name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", name, path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]


def method(frame):
    m = frame["method"]
    return f'{m["type"]["name"]}.{m["name"]}'


def table(title, counter, total, unit, top):
    print(f"\n{title} (total {total:,} {unit})")
    for k, v in counter.most_common(top):
        print(f"  {100 * v / max(total, 1):5.1f}%  {v:>14,}  {k}")


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    samples = events(path, "jdk.ExecutionSample")
    self_, incl = collections.Counter(), collections.Counter()
    for e in samples:
        frames = e["values"]["stackTrace"]["frames"]
        if not frames:
            continue
        self_[method(frames[0])] += 1
        for m in {method(f) for f in frames}:
            incl[m] += 1
    table("CPU samples by method, self", self_, len(samples), "samples", top)
    table("CPU samples by method, inclusive", incl, len(samples), "samples", top)
    by_class, by_site = collections.Counter(), collections.Counter()
    total = 0
    for e in events(path, "jdk.ObjectAllocationSample"):
        v = e["values"]
        w = v["weight"]
        total += w
        by_class[v["objectClass"]["name"]] += w
        frames = v["stackTrace"]["frames"] if v["stackTrace"] else []
        site = next((method(f) + ":" + str(f["lineNumber"]) for f in frames
                     if method(f).startswith(("io.hellocheck", "io/hellocheck"))), "(no io.hellocheck frame)")
        by_site[f'{site}  [{v["objectClass"]["name"]}]'] += w
    table("allocation by class", by_class, total, "bytes", top)
    table("allocation by first io.hellocheck frame [class]", by_site, total, "bytes", top)


if __name__ == "__main__":
    main()
