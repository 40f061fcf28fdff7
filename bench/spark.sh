#!/usr/bin/env bash
# hellocheck-spark against the CLI batch, on the same captures (issue 19's targets):
#
#   bash bench/spark.sh [DIR] [ROUNDS]     (defaults /var/tmp/hellocheck-spark-bench/captures, 3)
#
# DIR: 16 captures of about 200 MB each, made by `bash bench/spark.sh captures [DIR]` (as root: a seed of 2,000
# connections recorded by make-seed.sh, about 213 MB, copied 16 times). Each round runs, in rotated order:
#   cli       ./hellocheck analyze --format jsonl --threads 2 DIR > /dev/null   (wall and CPU of the process)
#   local[1]  ./hellocheck-spark --master local[1] --runs 2 --out TMP DIR
#   local[2]  ./hellocheck-spark --master local[2] --runs 2 --out TMP DIR
# Spark's times are those the launcher prints, from the job's start inside the running session: run 1 is the
# session's first job (it also loads and compiles Spark's code), run 2 a second job in the same session. CPU is
# the JVM's own CPU time over the job (all threads). Prints the medians and the ratios; the load average before
# and after, as the figures mean little on a busy machine (compare CPU times then).
# HELLOCHECK_SPARK_JAVA_OPTS and HELLOCHECK_JAVA_OPTS are passed on to the launchers.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
if [[ "${1:-}" == "captures" ]]; then
    DIR="${2:-/var/tmp/hellocheck-spark-bench/captures}"
    base="$(dirname "$DIR")"
    mkdir -p "$DIR"
    [[ -s "$base/seed.pcap" ]] || bash "$HERE/make-seed.sh" "$base/seed.pcap" 2000
    for i in $(seq -w 1 16); do cp "$base/seed.pcap" "$DIR/c$i.pcap"; done
    exit 0
fi
DIR="${1:-/var/tmp/hellocheck-spark-bench/captures}"
ROUNDS="${2:-3}"
[[ -d "$DIR" ]] || { echo "no $DIR: run 'sudo bash $0 captures' first" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
results="$out/results.tsv"
# build both (and the CLI's class-data archive) before timing anything
"$ROOT/hellocheck" analyze --format jsonl --threads 2 "$DIR" > /dev/null || true
"$ROOT/hellocheck-spark" --master 'local[1]' --out "$out/warm" "$ROOT/sample-captures" 2>/dev/null || true
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run_cli() {
    /usr/bin/time -f "%e %U %S" -o "$out/time" "$ROOT/hellocheck" analyze --format jsonl --threads 2 "$DIR" \
        > /dev/null || true
    read -r wall user sys < <(tail -n 1 "$out/time") # after "Command exited with non-zero status 1"
    printf 'cli\t%s\t%s\n' "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" >> "$results"
}
run_spark() { # N
    "$ROOT/hellocheck-spark" --master "local[$1]" --runs 2 --out "$out/spark" "$DIR" 2> "$out/log" || true
    grep -q 'run 2 job' "$out/log" || { cat "$out/log" >&2; exit 1; }
    sed -n 's/^hellocheck-spark: run \([0-9]\) job \([0-9.]*\) s cpu \([0-9.]*\) s.*/\1 \2 \3/p' "$out/log" |
        while read -r run wall cpu; do printf 'local[%s] run %s\t%s\t%s\n' "$1" "$run" "$wall" "$cpu" >> "$results"; done
}
order=(cli 1 2)
for ((r = 0; r < ROUNDS; r++)); do
    for ((i = 0; i < 3; i++)); do
        what="${order[$(((i + r) % 3))]}"
        if [[ "$what" == cli ]]; then run_cli; else run_spark "$what"; fi
    done
    echo "round $((r + 1)) done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "each run (wall s, CPU s):"
cat "$results"
python3 - "$results" <<'PY'
import statistics, sys, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    what, wall, cpu = line.rstrip("\n").split("\t")
    rows[what].append((float(wall), float(cpu)))
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v), len(v)) for k, v in rows.items()}
for k in ["cli", "local[1] run 1", "local[2] run 1", "local[1] run 2", "local[2] run 2"]:
    w, c, n = med[k]
    print(f"{k:16s} wall {w:7.2f} s  cpu {c:7.2f} s  (median of {n})")
cli_w, cli_c, _ = med["cli"]
for run, label in (("run 1", "first job of the session"), ("run 2", "second job of the session")):
    l1w, l1c, _ = med[f"local[1] {run}"]
    l2w, l2c, _ = med[f"local[2] {run}"]
    print(f"{label}: local[1]/local[2] wall {l1w / l2w:.2f}x (target >= 1.5x); "
          f"local[2]/CLI wall {l2w / cli_w:.2f}x (target <= 1.5x), cpu {l2c / cli_c:.2f}x")
PY
