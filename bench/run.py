#!/usr/bin/env python3
"""Runs hellocheck, tshark and the minimal walker on the same capture, interleaved, and prints the ratios.

usage: run.py FILE [--runs 5] [--large FILE3X] [--skip-tshark] [--skip-batch] [--skip-cancel] [--no-wait]

Each round runs, in an order that rotates from round to round:
  hellocheck  ./hellocheck analyze --format jsonl FILE > /dev/null      (the launcher's default JVM options)
  plain       java -jar analyzer-cli/target/hellocheck.jar analyze --format jsonl FILE > /dev/null   (the JVM's
              own defaults: G1, C2, a quarter of the memory as heap; as a library host or a Spark executor runs it)
  tshark      tshark -r FILE -Y tls.handshake.type==1 -T fields -e tcp.stream > /dev/null
  walker      java -Xmx192m -XX:+UseSerialGC -cp bench/target/walker Walker FILE   (bench/Walker.java)
  hellocheck on FILE3X (with --large: a capture three times larger, for the flat-memory check)
each under /usr/bin/time -v (peak RSS); wall time is measured here. The file is read once before (page
cache). On a shared machine each run waits for idle CPUs first (90% idle over 0.5 s, at most 2 min;
--no-wait to skip). Then the median of the rounds, the ratios and the targets of the issue are printed.

When `hellocheck analyze --help` knows `--threads`, FILE is also cut into 16 captures (editcap -c) and
the batch is analyzed with --threads 1 and --threads 2, interleaved (with --large, also 16 captures cut
from FILE3X, for information); otherwise that check is skipped with a note.

Last, the cancel latency (bench/CancelLatency.java, with the launcher's JVM options): milliseconds from
Cancellation.cancel() or Thread.interrupt() to the return of the run method, and bytes read after it, for one
capture (FILE) and for a batch of 2 tasks on 2 threads; the median of --runs (at least 7).
"""
import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WALKER_DIR = os.path.join(ROOT, "bench", "target", "walker")
CANCEL_DIR = os.path.join(ROOT, "bench", "target", "cancel")
LAUNCHER_OPTS = ["-Xmx192m", "-XX:+UseSerialGC", "-XX:SurvivorRatio=2", "-XX:TieredStopAtLevel=1"]
HELLOCHECK = os.path.join(ROOT, "hellocheck")
JAR = os.path.join(ROOT, "analyzer-cli", "target", "hellocheck.jar")


def build():
    src = os.path.join(ROOT, "bench", "Walker.java")
    cls = os.path.join(WALKER_DIR, "Walker.class")
    if not os.path.exists(cls) or os.path.getmtime(cls) < os.path.getmtime(src):
        subprocess.run(["javac", "-d", WALKER_DIR, src], check=True)
    # Builds the jar if it is missing or stale (the launcher does it), outside the measurements.
    subprocess.run([HELLOCHECK, "--version"], check=True, stdout=subprocess.DEVNULL)


def cpu_times():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return v[3] + v[4], sum(v)  # idle + iowait, total


QUIET = {"wait": 0.0, "late": 0}


def wait_quiet(max_wait=120.0, window=0.5, idle=0.9):
    """On a shared machine: waits until the CPUs were at least 90% idle over half a second (at most 2 min)."""
    t0 = time.perf_counter()
    while True:
        i0, a0 = cpu_times()
        time.sleep(window)
        i1, a1 = cpu_times()
        if a1 == a0 or (i1 - i0) / (a1 - a0) >= idle:
            break
        if time.perf_counter() - t0 > max_wait:
            QUIET["late"] += 1
            break
    QUIET["wait"] += time.perf_counter() - t0


def measure(argv, ok=(0,)):
    """Runs argv under /usr/bin/time -v; returns (wall s, peak RSS MiB, user+sys s)."""
    if QUIET.get("on"):
        wait_quiet()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name, *argv], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
        report = tf.read()
    err = p.stderr.decode(errors="replace")
    # A JVM that dies of an uncaught exception exits 1, which hellocheck also uses for "failed handshakes".
    crash = re.search(r"(OutOfMemoryError|Exception in thread \S+)", err)
    if p.returncode not in ok or crash:
        print(f"  FAILED: {' '.join(argv)} exited {p.returncode}"
              + (f" ({crash.group(1)})" if crash else "") + f": {err[-600:].strip()}", flush=True)
        return None
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", report).group(1))
    sys_ = float(re.search(r"System time \(seconds\): ([\d.]+)", report).group(1))
    return wall, rss_kb / 1024, user + sys_


def interleave(tools, runs):
    """Medians (wall s, peak RSS MiB, cpu s) per tool; a tool with a failed run is left out."""
    results = {name: [] for name, _, _ in tools}
    failed = set()
    for r in range(runs):
        order = tools[r % len(tools):] + tools[:r % len(tools)]
        for name, argv, ok in order:
            if name in failed:
                continue
            m = measure(argv, ok)
            if m is None:
                failed.add(name)
                print(f"  round {r + 1}: {name:<16} FAILED, not run again", flush=True)
                continue
            results[name].append(m)
            w, rss, cpu = m
            print(f"  round {r + 1}: {name:<16} {w:7.2f} s  {rss:7.1f} MiB  cpu {cpu:6.2f} s", flush=True)
    return {name: tuple(statistics.median(x[i] for x in v) for i in range(3))
            for name, v in results.items() if name not in failed}


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    tshark = subprocess.run(["tshark", "-v"], capture_output=True, text=True).stdout.splitlines()[0]
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}; "
            f"{java}; {tshark}")


def batch(file, runs):
    help_text = subprocess.run([HELLOCHECK, "analyze", "--help"], capture_output=True, text=True)
    if "--threads" not in help_text.stdout + help_text.stderr:
        print("\nbatch of 16 captures, 1 vs 2 threads: SKIPPED (this hellocheck has no --threads option)")
        return None
    frames = int(subprocess.run(["capinfos", "-M", "-c", "-T", "-r", file], capture_output=True, text=True,
                                check=True).stdout.split()[-1])
    d = tempfile.mkdtemp(prefix="hellocheck-batch.", dir=os.path.dirname(os.path.abspath(file)))
    try:
        subprocess.run(["editcap", "-c", str(frames // 16 + 1), file, os.path.join(d, "part.pcap")], check=True)
        parts = sorted(os.path.join(d, p) for p in os.listdir(d))
        print(f"\nbatch: {len(parts)} captures of about {frames // 16} frames each in {d}")
        subprocess.run(["cat", *parts], stdout=subprocess.DEVNULL, check=True)
        tools = [(f"threads={n}", [HELLOCHECK, "analyze", "--threads", str(n), "--format", "jsonl", *parts],
                  (0, 1)) for n in (1, 2)]
        m = interleave(tools, runs)
        if len(m) < 2:
            return None
        return m["threads=1"][0] / m["threads=2"][0]
    finally:
        shutil.rmtree(d)


def cancel_latency(file, runs):
    """Runs bench/CancelLatency.java against the jar (compiled here); prints what it prints."""
    src = os.path.join(ROOT, "bench", "CancelLatency.java")
    cls = os.path.join(CANCEL_DIR, "CancelLatency.class")
    if not os.path.exists(cls) or os.path.getmtime(cls) < max(os.path.getmtime(src), os.path.getmtime(JAR)):
        subprocess.run(["javac", "-cp", JAR, "-d", CANCEL_DIR, src], check=True)
    if QUIET.get("on"):
        wait_quiet()
    print(f"\ncancel latency (bench/CancelLatency.java, {' '.join(LAUNCHER_OPTS)}):", flush=True)
    subprocess.run(["java", *LAUNCHER_OPTS, "-cp", os.pathsep.join([JAR, CANCEL_DIR]), "CancelLatency", file,
                    str(max(7, runs))], check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--large", help="a capture 3x larger, for the flat-memory check (hellocheck only)")
    ap.add_argument("--skip-tshark", action="store_true")
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument("--skip-cancel", action="store_true", help="do not measure the cancel latency")
    ap.add_argument("--no-wait", action="store_true",
                    help="do not wait for idle CPUs before each run (the default waits, up to 2 min)")
    a = ap.parse_args()
    QUIET["on"] = not a.no_wait
    build()
    size = os.path.getsize(a.file)
    print(f"machine: {machine()}")
    print(f"capture: {a.file}, {size / 1e9:.2f} GB" + (f"; large: {a.large}, "
          f"{os.path.getsize(a.large) / 1e9:.2f} GB" if a.large else ""))
    print(f"hellocheck JVM options: {os.environ.get('HELLOCHECK_JAVA_OPTS', 'launcher default')}")
    for f in [a.file] + ([a.large] if a.large else []):
        subprocess.run(["cat", f], stdout=subprocess.DEVNULL, check=True)
    tools = [("hellocheck", [HELLOCHECK, "analyze", "--format", "jsonl", a.file], (0, 1)),
             ("plain", ["java", "-jar", JAR, "analyze", "--format", "jsonl", a.file], (0, 1)),
             ("walker", ["java", "-Xmx192m", "-XX:+UseSerialGC", "-cp", WALKER_DIR, "Walker", a.file], (0,))]
    if not a.skip_tshark:
        tools.insert(1, ("tshark", ["tshark", "-r", a.file, "-Y", "tls.handshake.type==1", "-T", "fields",
                                    "-e", "tcp.stream"], (0,)))
    if a.large:
        tools.append(("hellocheck-3x", [HELLOCHECK, "analyze", "--format", "jsonl", a.large], (0, 1)))
    load = os.getloadavg()
    m = interleave(tools, a.runs)
    print(f"\nload average before / after: {load[0]:.1f} / {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)"
          + (f"; waited {QUIET['wait']:.0f} s in all for idle CPUs before the runs"
             + (f", {QUIET['late']} run(s) started busy after 2 min" if QUIET["late"] else "")
             if QUIET.get("on") else ""))
    print(f"median of {a.runs} (wall s, peak RSS MiB, user+sys s):")
    for name, (w, rss, cpu) in m.items():
        print(f"  {name:<16} {w:8.2f} s  {rss:8.1f} MiB  {cpu:8.2f} s cpu")
    verdict = lambda ok: "met" if ok else "NOT met"
    print("\ntargets:")
    if "hellocheck" not in m:
        print("  hellocheck failed: every target NOT met")
        return
    hc = m["hellocheck"]
    if "tshark" in m:
        r = m["tshark"][0] / hc[0]
        print(f"  tshark / hellocheck time      {r:6.1f}x   (target >= 20x: {verdict(r >= 20)})")
    r = hc[0] / m["walker"][0]
    print(f"  hellocheck / walker time      {r:6.2f}x   (target <= 3x: {verdict(r <= 3)})")
    if "plain" in m:
        r = m["plain"][0] / m["walker"][0]
        print(f"  plain java -jar / walker time {r:6.2f}x   (target <= 4x: {verdict(r <= 4)}); peak RSS "
              f"{m['plain'][1]:.1f} MiB (target <= 256 MiB: {verdict(m['plain'][1] <= 256)})")
    cpu = [f"tshark / hellocheck {m['tshark'][2] / hc[2]:.1f}x"] if "tshark" in m else []
    cpu.append(f"hellocheck / walker {hc[2] / m['walker'][2]:.2f}x")
    print(f"  (by CPU time, user + sys: {', '.join(cpu)})")
    print(f"  hellocheck peak RSS           {hc[1]:6.1f} MiB (target <= 128 MiB: {verdict(hc[1] <= 128)})")
    if a.large and "hellocheck-3x" not in m:
        print("  RSS 3x capture / 1x capture   hellocheck failed on the 3x capture: NOT met")
    elif a.large:
        r = m["hellocheck-3x"][1] / hc[1]
        print(f"  RSS 3x capture / 1x capture   {r:6.2f}x   (target <= 1.2x: {verdict(r <= 1.2)})")
    if not a.skip_batch:
        r = batch(a.file, a.runs)
        if r is not None:
            print(f"  batch 1 thread / 2 threads    {r:6.2f}x   (target >= 1.6x: {verdict(r >= 1.6)})")
        if a.large:
            # the same, cut from the 3x capture: captures 3 times larger, for information
            r3 = batch(a.large, a.runs)
            if r3 is not None:
                print(f"  (16 captures cut from the 3x capture: 1 thread / 2 threads {r3:.2f}x)")
    if not a.skip_cancel:
        cancel_latency(a.file, a.runs)
    if QUIET.get("on"):
        print(f"\nwaited {QUIET['wait']:.0f} s in all for idle CPUs"
              + (f"; {QUIET['late']} run(s) started on busy CPUs after 2 min" if QUIET["late"] else ""))


if __name__ == "__main__":
    main()
