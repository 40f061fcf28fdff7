#!/usr/bin/env bash
# Score of hellocheck on the scenario lab: how many connections of scenarios/EXPECTED.tsv get the expected
# outcome, and how many an acceptable first diagnosis cause; lists the connections that miss either.
#
#   bash scenarios/score.sh [-q]      (-q: the score lines only)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE/.."
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
# exit 1 means "some handshake failed", which the lab is made of
./hellocheck analyze --format jsonl -o "$out" "$HERE"/*.pcap || [[ $? -eq 1 ]]
python3 "$HERE/lab/score.py" "$HERE/EXPECTED.tsv" "$out" "$@"
