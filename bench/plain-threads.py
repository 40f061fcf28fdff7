#!/usr/bin/env python3
"""CPU of plain `java -jar` runs (the JVM's defaults: G1, tiered C1 + C2), interleaved, with the compiler threads' share.

    python3 bench/plain-threads.py FILE ROUNDS NAME=JAR[@JVM-OPTIONS] ...

Each round runs `java [JVM-OPTIONS] -jar JAR analyze --format jsonl FILE > /dev/null` once per NAME, the order
reversed every other round (the machine is shared: compare within a round, and medians). Per run: wall seconds,
CPU seconds (user + sys of the process, from wait4), CPU seconds of the C2 and of the C1 compiler threads (their
utime + stime in /proc/PID/task/*/stat, read every 20 ms until the process ends; a thread's last reading is
within 20 ms of its end), and peak RSS in MiB. JVM-OPTIONS (space-separated) are for experiments only, such as
`-XX:TieredStopAtLevel=1` or `-Xbatch` (every compilation waits for its compiler: the compilers' whole demand).
"""
import os
import statistics
import subprocess
import sys
import time

TICK = os.sysconf('SC_CLK_TCK')


def run(spec, capture):
    jar, _, opts = spec.partition('@')
    start = time.time()
    p = subprocess.Popen(["java", *opts.split(), "-jar", jar, "analyze", "--format", "jsonl", capture],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    last = {}
    while True:
        pid, _, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        try:
            tids = os.listdir(f"/proc/{p.pid}/task")
        except OSError:
            tids = []
        for tid in tids:
            try:
                with open(f"/proc/{p.pid}/task/{tid}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            comm = stat[stat.index('(') + 1:stat.rindex(')')]
            fields = stat[stat.rindex(')') + 2:].split()
            last[tid] = (comm, (int(fields[11]) + int(fields[12])) / TICK)
        time.sleep(0.02)
    wall = time.time() - start
    c2 = sum(cpu for comm, cpu in last.values() if comm.startswith('C2 '))
    c1 = sum(cpu for comm, cpu in last.values() if comm.startswith('C1 '))
    return wall, usage.ru_utime + usage.ru_stime, c2, c1, usage.ru_maxrss / 1024


def main():
    capture, rounds = sys.argv[1], int(sys.argv[2])
    specs = [a.split('=', 1) for a in sys.argv[3:]]
    results = {name: [] for name, _ in specs}
    for r in range(rounds):
        for name, spec in (specs if r % 2 == 0 else specs[::-1]):
            v = run(spec, capture)
            results[name].append(v)
            print(f"round {r} {name:10s} wall {v[0]:.2f} cpu {v[1]:.2f} c2 {v[2]:.2f} c1 {v[3]:.2f} rss {v[4]:.0f}",
                  flush=True)
    for name, runs in results.items():
        m = [statistics.median(x[i] for x in runs) for i in range(5)]
        print(f"{name:10s} median of {len(runs)}: wall {m[0]:.2f} s, cpu {m[1]:.2f} s, C2 {m[2]:.2f} s, "
              f"C1 {m[3]:.2f} s, rss {m[4]:.0f} MiB")


if __name__ == '__main__':
    main()
