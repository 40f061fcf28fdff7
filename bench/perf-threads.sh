#!/usr/bin/env bash
# CPU seconds per thread of one analysis, from perf's samples, with the launcher's JVM options (and the class-data
# archive when there is one): which thread is the critical path, and what the JIT compiler and the collector take.
#
#   bash bench/perf-threads.sh FILE [OUT.data] [-- JVM-OPTION... [-- CLI-OPTION...]]
#
# perf record at 1,999 Hz with frame pointers and a perf map of the JIT's code (OUT.data, default
# /tmp/hellocheck-perf.data), so that `perf report -i OUT.data --comm hellocheck-work --children --sort sym`
# then names the Java methods. Needs perf (apt-get install linux-perf). CPU time is inflated when other work
# shares the machine (its caches and memory bandwidth too): compare runs taken side by side.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="$1"; shift
out=/tmp/hellocheck-perf.data
if [[ $# -gt 0 && "$1" != "--" ]]; then out="$1"; shift; fi
jvm=(); cli=()
if [[ $# -gt 0 && "$1" == "--" ]]; then
    shift
    while [[ $# -gt 0 && "$1" != "--" ]]; do jvm+=("$1"); shift; done
    if [[ $# -gt 0 ]]; then shift; cli=("$@"); fi
fi
jar="$root/analyzer-cli/target/hellocheck.jar"
jsa="$root/analyzer-cli/target/hellocheck.jsa"
cds=()
if [[ -s "$jsa" && "$jsa" -nt "$jar" ]]; then cds=(-XX:SharedArchiveFile="$jsa" -Xlog:cds=off); fi
perf record -q -F 1999 -g -o "$out" java -Xms192m -Xmx896m -Xmn64m -XX:+UseSerialGC -XX:SurvivorRatio=2 \
    -XX:TieredStopAtLevel=1 "${cds[@]}" -XX:+PreserveFramePointer -XX:+UnlockDiagnosticVMOptions \
    -XX:+DumpPerfMapAtExit "${jvm[@]}" -jar "$jar" analyze --format jsonl "${cli[@]}" "$file" > /dev/null \
    2> /tmp/hellocheck-perf.err || [[ $? -eq 1 ]] || { cat /tmp/hellocheck-perf.err >&2; exit 2; }
perf script -i "$out" -F comm 2>/dev/null | sort | uniq -c | sort -rn | head -8 \
    | awk '{n=$1; $1=""; printf "%-22s %6.2f s\n", substr($0, 2), n / 1999}'
