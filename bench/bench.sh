#!/usr/bin/env bash
# hellocheck's end-to-end benchmark: makes the large captures, then times hellocheck against tshark and
# the minimal walker. See bench/README.md.
#
#   sudo bash bench/bench.sh captures [DIR]   seed capture (real traffic, ~400 MB), big.pcap (>= 1 GB) and,
#                                             when the disk allows, big3.pcap (3x big.pcap); checks with tshark
#                                             that every ClientHello is found in each
#   bash bench/bench.sh run [DIR] [RUNS]      hellocheck, tshark and the walker interleaved, median of RUNS (5)
#   sudo bash bench/bench.sh all [DIR]        both
#   bash bench/bench.sh clean [DIR]           deletes the captures (they are never committed)
#
# DIR defaults to /var/tmp/hellocheck-bench. Environment: SEED_CONNECTIONS (4000), COPIES (3), COPIES_LARGE (9).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:-}"
DIR="${2:-/var/tmp/hellocheck-bench}"
log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

# expected_hellos FILE COPIES: ClientHellos the seed's manifest promises, times the copies.
expected_hellos() {
    awk -F'\t' -v k="$2" 'NR > 1 { n += $3 } END { print n * k }' "$1"
}

# check_hellos CAPTURE EXPECTED: tshark must find exactly EXPECTED ClientHellos, in as many connections.
check_hellos() {
    local found streams
    found=$(tshark -r "$1" -Y tls.handshake.type==1 -T fields -e tcp.stream 2> /dev/null | tee "$1.hellos" | wc -l)
    streams=$(sort -u "$1.hellos" | wc -l)
    rm -f "$1.hellos"
    log "$(basename "$1"): tshark finds $found ClientHellos in $streams connections (expected $2)"
    [[ "$found" -eq "$2" && "$streams" -eq "$2" ]] || die "tshark does not find every ClientHello in $1"
}

captures() {
    mkdir -p "$DIR"
    local seed="$DIR/seed.pcap" copies="${COPIES:-3}" large="${COPIES_LARGE:-9}"
    if [[ ! -s "$seed" || ! -s "$seed.manifest.tsv" ]]; then
        bash "$HERE/make-seed.sh" "$seed" "${SEED_CONNECTIONS:-4000}"
    fi
    local want
    want=$(expected_hellos "$seed.manifest.tsv" 1)
    check_hellos "$seed" "$want"
    local size avail
    size=$(stat -c %s "$seed")
    [[ $((size * copies)) -ge 1000000000 ]] || die "seed of $size bytes x $copies copies is under 1 GB: raise COPIES"
    python3 "$HERE/replicate.py" "$seed" "$DIR/big.pcap" "$copies"
    check_hellos "$DIR/big.pcap" "$((want * copies))"
    avail=$(df --output=avail -B1 "$DIR" | tail -1)
    if [[ $((avail)) -gt $((size * large + 10 * 1024 * 1024 * 1024)) ]]; then
        python3 "$HERE/replicate.py" "$seed" "$DIR/big3.pcap" "$large"
        # tshark needs a few minutes and a few GB of memory here.
        check_hellos "$DIR/big3.pcap" "$((want * large))"
    else
        log "not enough disk for big3.pcap ($((size * large)) bytes + 10 GiB margin): flat-memory check skipped"
        rm -f "$DIR/big3.pcap"
    fi
    ls -l "$DIR" >&2
}

run() {
    [[ -s "$DIR/big.pcap" ]] || die "no $DIR/big.pcap: run '$0 captures $DIR' first"
    local large=()
    [[ -s "$DIR/big3.pcap" ]] && large=(--large "$DIR/big3.pcap")
    python3 "$HERE/run.py" "$DIR/big.pcap" --runs "${1:-5}" "${large[@]}"
}

case "$cmd" in
    captures) captures ;;
    run) run "${3:-5}" ;;
    all) captures; run "${3:-5}" ;;
    clean) rm -rf "$DIR"; log "removed $DIR" ;;
    *) sed -n '2,14p' "$0"; exit 2 ;;
esac
