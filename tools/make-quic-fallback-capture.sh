#!/usr/bin/env bash
# Makes analyzer-core/src/test/resources/io/hellocheck/udp/quic-fallback.pcap: a client tries HTTP/3 (Kwik
# 0.9.1, a real QUIC stack) to a server whose UDP port 443 is dropped by nftables, then falls back to TLS over
# TCP port 443 (openssl s_client to openssl s_server), as a browser does.
#
# Everything happens in two network namespaces this script creates (hcqf-client 10.231.0.1, hcqf-server
# 10.231.0.2, joined by a veth pair) and deletes at the end; nothing touches the host's network.
# Needs root, iproute2, nftables, tcpdump, openssl, Maven (to fetch Kwik into ~/.m2) and a JDK 17.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="analyzer-core/src/test/resources/io/hellocheck/udp/quic-fallback.pcap"
work="$(mktemp -d)"
C=hcqf-client
S=hcqf-server

cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "${dump_pid:-}" ] && kill "$dump_pid" 2>/dev/null || true
    ip netns del "$C" 2>/dev/null || true
    ip netns del "$S" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

mvn -B -q dependency:get -Dartifact=tech.kwik:kwik:0.9.1 >/dev/null
m2="${HOME}/.m2/repository"
cp="$m2/tech/kwik/kwik/0.9.1/kwik-0.9.1.jar:$m2/tech/kwik/agent15/2.3/agent15-2.3.jar:$m2/at/favre/lib/hkdf/2.0.0/hkdf-2.0.0.jar"

ip netns add "$C"
ip netns add "$S"
ip link add hcqf-c type veth peer name hcqf-s
ip link set hcqf-c netns "$C"
ip link set hcqf-s netns "$S"
ip -n "$C" addr add 10.231.0.1/24 dev hcqf-c
ip -n "$S" addr add 10.231.0.2/24 dev hcqf-s
ip -n "$C" link set hcqf-c up
ip -n "$S" link set hcqf-s up
ip -n "$C" link set lo up
ip -n "$S" link set lo up

# the path drops UDP 443 towards the server, silently
ip netns exec "$S" nft -f - <<'NFT'
table inet hcqf {
    chain input {
        type filter hook input priority 0; policy accept;
        udp dport 443 drop
    }
}
NFT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=hcqf.test \
    -addext subjectAltName=DNS:hcqf.test -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
ip netns exec "$S" openssl s_server -accept 443 -cert "$work/cert.pem" -key "$work/key.pem" -www -quiet \
    >/dev/null 2>&1 &
server_pid=$!

ip netns exec "$C" tcpdump -i hcqf-c -U -s 0 -w "$work/capture.pcap" 'host 10.231.0.2' 2>/dev/null &
dump_pid=$!
sleep 1

# HTTP/3 first; Kwik gives up after 4 s (its Initial retransmitted meanwhile)
ip netns exec "$C" java -cp "$cp" tools/kwik/QuicFallbackClient.java https://10.231.0.2:443 4
# then the fallback to TCP, as browsers do
printf 'GET / HTTP/1.0\r\nHost: hcqf.test\r\n\r\n' | ip netns exec "$C" timeout 10 \
    openssl s_client -connect 10.231.0.2:443 -servername hcqf.test -quiet >/dev/null 2>&1 || true
sleep 1
kill "$dump_pid"
wait "$dump_pid" 2>/dev/null || true
dump_pid=
mkdir -p "$(dirname "$out")"
cp "$work/capture.pcap" "$out"
tshark -n -r "$out" 2>/dev/null | head -40
