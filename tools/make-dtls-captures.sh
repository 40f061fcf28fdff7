#!/usr/bin/env bash
# Makes the DTLS captures of analyzer-core/src/test/resources/io/hellocheck/udp/ on loopback with Debian 12's
# openssl (3.0) (whose s_server always starts with a HelloVerifyRequest) and what each client printed beside them (*.client.txt):
#   dtls12-cookie.pcap  DTLS 1.2 with the server's HelloVerifyRequest cookie round (s_server -listen), completed
#   dtls12-alert.pcap   DTLS 1.2, no common cipher suite: the server answers with a fatal handshake_failure alert
#   dtls-closed-port.pcap  a DTLS 1.2 ClientHello to a port nothing listens on: the kernel answers with an ICMP
#                       port unreachable
#   dtls10.pcap         DTLS 1.0 (security level 0 on both sides, as DTLS 1.0 needs SHA-1), completed
# Needs root (tcpdump on lo), openssl, tcpdump. Ports 47443-47445 on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="analyzer-core/src/test/resources/io/hellocheck/udp"
work="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$out"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=dtls.test -keyout "$work/key.pem" \
    -out "$work/cert.pem" 2>/dev/null

# capture NAME PORT "SERVER OPTIONS" "CLIENT OPTIONS"; no server when SERVER OPTIONS is "none"
capture() {
    local name=$1 port=$2 server=$3 client=$4 srv=
    tcpdump -i lo -U -s 0 -w "$work/$name.pcap" "udp port $port or icmp" 2>/dev/null &
    local dump=$!
    pids+=("$dump")
    if [ "$server" != none ]; then
        # its standard input held open: s_server stops at its end
        # shellcheck disable=SC2086
        sleep 15 | openssl s_server -accept "127.0.0.1:$port" -cert "$work/cert.pem" -key "$work/key.pem" $server \
            >/dev/null 2>&1 &
        srv=$!
        pids+=("$srv")
    fi
    sleep 1
    # shellcheck disable=SC2086
    (sleep 2; echo Q) | timeout 10 openssl s_client -connect "127.0.0.1:$port" $client > "$out/$name.client.txt" 2>&1 || true
    sleep 1
    [ -n "$srv" ] && kill "$srv" 2>/dev/null || true
    kill "$dump" 2>/dev/null || true
    wait "$dump" 2>/dev/null || true
    cp "$work/$name.pcap" "$out/$name.pcap"
    echo "== $name"
    tshark -n -r "$out/$name.pcap" 2>/dev/null | head -20
}

capture dtls12-cookie 47443 "-dtls1_2 -listen" "-dtls1_2 -servername dtls.test"
capture dtls12-alert 47444 "-dtls1_2 -cipher AES256-GCM-SHA384" "-dtls1_2 -cipher AES128-SHA"
capture dtls-closed-port 47446 none "-dtls1_2"
capture dtls10 47445 "-dtls1 -cipher DEFAULT:@SECLEVEL=0" "-dtls1 -cipher DEFAULT:@SECLEVEL=0"
