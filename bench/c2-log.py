#!/usr/bin/env python3
"""Summary of a HotSpot compilation log: where C2's time goes, what it recompiled, and whether its queue drained.

    java -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=X.log -jar ... ; python3 bench/c2-log.py X.log [N]

Prints the N (25) longest C2 (level 4) compilations with their bytecode size, inlined bytecode and code size, the
methods C2 compiled more than once, the uncommon traps hit in compiled code (reason, action, method and bci of the
trap), and per second of the run how many C2 tasks waited in the queue. Times are the log's time stamps, elapsed
and not CPU time: on a busy machine they include the time the compiler thread waited for a CPU.
"""
import collections
import re
import sys

ATTR = re.compile(r"(\w+)='([^']*)'")


def attrs(text):
    return dict(ATTR.findall(text))


def main():
    log = open(sys.argv[1]).read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    c2 = []
    for m in re.finditer(r"<task (.*?)>.*?<task_done (.*?)/>", log, re.S):
        a, d = attrs(m.group(1)), attrs(m.group(2))
        if a.get('level', '4') == '4':
            c2.append((float(d['stamp']) - float(a['stamp']), a))
            c2[-1][1].update({'inlined': d.get('inlined_bytes', '0'), 'nmsize': d.get('nmsize', '?')})
    total = sum(t for t, _ in c2)
    print(f"C2 compilations: {len(c2)}, {total:.2f} s elapsed")
    for t, a in sorted(c2, key=lambda x: -x[0])[:top]:
        osr = f" (OSR at bci {a['osr_bci']})" if 'osr_bci' in a else ""
        print(f"{t:7.3f} s {100 * t / total:5.1f}%  {a['method']}{osr}: {a.get('bytes')} bytes, "
              f"{a['inlined']} inlined, code {a['nmsize']}")
    per = collections.defaultdict(lambda: [0, 0.0])
    for t, a in c2:
        per[a['method']][0] += 1
        per[a['method']][1] += t
    print("C2 compiled more than once:")
    for method, (n, t) in sorted(per.items(), key=lambda kv: -kv[1][1]):
        if n > 1:
            print(f"  {n} x, {t:.3f} s: {method}")
    print("uncommon traps in compiled code (count, reason, action, compile id, method, bci):")
    traps = collections.Counter()
    for m in re.finditer(r"<uncommon_trap thread='\d+' (.*?)>\s*<jvms (.*?)/>", log):
        a, j = attrs(m.group(1)), attrs(m.group(2))
        traps[(a.get('reason'), a.get('action'), a.get('compile_id'), j.get('method'), j.get('bci'))] += 1
    for key, n in traps.most_common(30):
        print(f"  {n} {key}")
    queued = {}
    for m in re.finditer(r"<task_queued ([^>]*?)/>", log):
        a = attrs(m.group(1))
        if a.get('level', '4') == '4':
            queued[a['compile_id']] = float(a['stamp'])
    started = [float(a['stamp']) for _, a in c2 if a['compile_id'] in queued]
    end = float(re.search(r"<hotspot_log_done stamp='([\d.]+)'", log).group(1))
    print(f"C2 queue: {len(queued)} tasks queued, {len(started)} compiled, {len(queued) - len(started)} never started")
    for second in range(1, int(end) + 2):
        waiting = sum(1 for s in queued.values() if s <= second) - sum(1 for s in started if s <= second)
        print(f"  at {second:3d} s: {waiting} waiting")


if __name__ == '__main__':
    main()
