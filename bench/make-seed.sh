#!/usr/bin/env bash
# Records the benchmark's seed capture: real TLS traffic on the loopback of a private network namespace.
#
#   sudo bash bench/make-seed.sh OUT.pcap [CONNECTIONS] [PARALLEL]     (defaults 4000, 6)
#
# As sample-captures/generate.sh does: unshare --net, lo up with MTU 1500 and tso/gso/gro off (real
# 1500-byte segments), openssl s_server, curl, openssl s_client and Python listeners
# (bench/gen/listeners.py), tcpdump on lo. The mix of connections is in bench/gen/clients.py: completed
# TLS 1.2 and 1.3 downloads of 1 KB to 1 MB (IPv4 and IPv6), alerts 40 and 70, a client alert
# (unknown CA), server RST, FIN, HTTP answer, silence, refused connections, plus UDP/ICMP noise.
# Writes OUT.pcap and OUT.pcap.manifest.tsv (connections and ClientHellos per kind); fails when tcpdump
# dropped packets. Certificates and server logs live in a temp dir, removed at the end.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SELF="$HERE/$(basename "${BASH_SOURCE[0]}")"
log() { printf '[make-seed] %s\n' "$*" >&2; }
die() { printf '[make-seed] ERROR: %s\n' "$*" >&2; exit 1; }

wait_listen() { # ADDR PORT
    local i
    for i in $(seq 200); do
        ss -ltnH "sport = :$2" | grep -qF "$1:$2" && return 0
        sleep 0.05
    done
    die "nothing listens on $1:$2"
}

if [[ "${1:-}" == "--in-netns" ]]; then
    OUT="$2"; WORK="$3"; N="$4"; P="$5"
    PIDS=()
    trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
    ip link set lo up
    ip link set lo mtu 1500
    for f in tso gso gro; do ethtool -K lo "$f" off 2>/dev/null || log "ethtool -K lo $f off failed"; done
    sysctl -qw net.ipv6.conf.lo.disable_ipv6=0 2>/dev/null || true
    ip -6 addr show dev lo | grep -q '::1/128' || ip -6 addr add ::1/128 dev lo
    # Many short connections from one client address: do not run out of ephemeral ports.
    sysctl -qw net.ipv4.tcp_tw_reuse=1 2>/dev/null || true
    cd "$WORK/docroot"
    server() { # NAME ACCEPT [options]
        local name="$1" accept="$2"; shift 2
        openssl s_server -accept "$accept" -cert "$WORK/certs/server.pem" -key "$WORK/certs/server.key" \
            -WWW -quiet "$@" < /dev/null > "$WORK/$name.log" 2>&1 &
        PIDS+=($!)
    }
    server web1 127.0.0.1:443
    server web2 127.0.0.2:443
    server web6 '[::1]:443'
    server cipher 127.0.0.3:443 -cipher AES256-SHA -ciphersuites TLS_AES_256_GCM_SHA384
    server tls13only 127.0.0.4:443 -tls1_3
    python3 "$HERE/gen/listeners.py" reset:127.0.0.5:443 fin:127.0.0.6:443 http:127.0.0.7:443 \
        silent:127.0.0.8:443 > "$WORK/listeners.log" 2>&1 &
    PIDS+=($!)
    for a in 127.0.0.1 127.0.0.2 '[::1]' 127.0.0.3 127.0.0.4 127.0.0.5 127.0.0.6 127.0.0.7 127.0.0.8; do
        wait_listen "$a" 443
    done
    tcpdump -i lo -n -s 0 -B 131072 -w "$OUT" > "$WORK/tcpdump.log" 2>&1 &
    CAP=$!
    for i in $(seq 100); do grep -q 'listening on' "$WORK/tcpdump.log" && break; sleep 0.05; done
    sleep 0.3
    python3 "$HERE/gen/clients.py" "$N" "$P" "$WORK/certs" "$OUT.manifest.tsv"
    sleep 2 # the last FINs and ACKs
    kill -INT "$CAP"; wait "$CAP" || true
    cat "$WORK/tcpdump.log" >&2
    grep -q '^0 packets dropped by kernel' "$WORK/tcpdump.log" || die "tcpdump dropped packets"
    exit 0
fi

[[ $# -ge 1 ]] || die "usage: sudo bash $0 OUT.pcap [CONNECTIONS] [PARALLEL]"
[[ $(id -u) -eq 0 ]] || die "run as root (unshare --net, tcpdump)"
for c in tcpdump openssl curl python3 ethtool unshare ss; do
    command -v "$c" > /dev/null || die "$c missing (apt-get install tcpdump openssl curl python3 ethtool util-linux iproute2)"
done
OUT="$(realpath -m "$1")"; N="${2:-4000}"; P="${3:-6}"
mkdir -p "$(dirname "$OUT")"
WORK="$(mktemp -d /tmp/hellocheck-seed.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/certs" "$WORK/docroot"
(
    cd "$WORK/certs"
    printf 'basicConstraints = CA:FALSE\nsubjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1\n' > server.ext
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -keyout ca.key -out ca.pem \
        -subj "/O=hellocheck bench/CN=bench CA" 2> /dev/null
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout server.key -out server.csr \
        -subj "/O=hellocheck bench/CN=localhost" 2> /dev/null
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days 30 \
        -extfile server.ext -out server.pem 2> /dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -keyout other-ca.key -out other-ca.pem \
        -subj "/O=somebody else/CN=unrelated CA" 2> /dev/null
)
for s in 1k:1 16k:16 64k:64 256k:256 1m:1024; do
    head -c "$(( ${s#*:} * 1024 ))" /dev/urandom > "$WORK/docroot/f${s%%:*}"
done
log "recording $N connections ($P at a time) into $OUT"
rm -f "$OUT"
start=$(date +%s)
unshare --net -- bash "$SELF" --in-netns "$OUT" "$WORK" "$N" "$P"
log "done in $(( $(date +%s) - start )) s: $(du -h "$OUT" | cut -f1)"
cat "$OUT.manifest.tsv" >&2
