#!/bin/sh
# The adversarial capture of the TCP-robustness issue: CONNECTIONS half-open connections (default 1,000,000) to
# one TLS server, written by io.hellocheck.tcp.HalfOpenCapture (test sources; MODE partial-hello: SYN, SYN-ACK,
# ACK and the first 100 bytes of a ClientHello; syn: SYN and SYN-ACK; hello: a whole ClientHello, never
# answered), then analyzed by the CLI jar with -Xmx HEAP (default 256m). Prints GNU time's wall and user time and
# peak RSS, and the summary's connection, record and eviction counts. The capture (388 MB for a million) is
# written to a temporary folder and removed.
# Run from the repository root: sh bench/half-open.sh [CONNECTIONS] [MODE] [HEAP]
set -eu
n=${1:-1000000}
mode=${2:-partial-hello}
heap=${3:-256m}
mvn -B -o -q -DskipTests package
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
java -cp analyzer-core/target/test-classes io.hellocheck.tcp.HalfOpenCapture "$dir/half-open.pcap" "$n" "$mode"
rc=0
/usr/bin/time -v java "-Xmx$heap" -jar analyzer-cli/target/hellocheck.jar analyze --format jsonl \
    "$dir/half-open.pcap" > "$dir/out.jsonl" 2> "$dir/time.txt" || rc=$?
grep -E 'Elapsed|User time|Maximum resident' "$dir/time.txt"
grep '"type":"error"' "$dir/out.jsonl" || true
grep '"type":"summary"' "$dir/out.jsonl" | head -1 \
    | grep -o '"tcp_connections":[0-9]*\|"connection_records":[0-9]*\|"evicted_connections":[0-9]*' || true
echo "exit code $rc"
[ "$rc" -le 1 ]
