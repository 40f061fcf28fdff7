#!/usr/bin/env bash
# Makes QUIC captures of analyzer-core/src/test/resources/io/hellocheck/udp/ with Kwik 0.9.1 (server and client,
# tools/kwik/QuicLoopback.java) on 127.0.0.1, and what the client printed beside them (*.client.txt):
#   quic-alpn-refused.pcap  the client asks for ALPN h3, the server speaks only hq-interop: it refuses the
#                           ClientHello with a CONNECTION_CLOSE carrying a crypto error (TLS alert
#                           no_application_protocol, 120) in an Initial packet
#   quic-retry.pcap         the server requires a Retry; the client retries with its token, the handshake completes
# Needs root (tcpdump on lo), tcpdump, openssl, Maven (to fetch Kwik into ~/.m2) and a JDK 17. Ports 47451-47452.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="analyzer-core/src/test/resources/io/hellocheck/udp"
work="$(mktemp -d)"
dump=
cleanup() {
    [ -n "$dump" ] && kill "$dump" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mvn -B -q dependency:get -Dartifact=tech.kwik:kwik:0.9.1 >/dev/null
m2="${HOME}/.m2/repository"
cp="$m2/tech/kwik/kwik/0.9.1/kwik-0.9.1.jar:$m2/tech/kwik/agent15/2.3/agent15-2.3.jar:$m2/at/favre/lib/hkdf/2.0.0/hkdf-2.0.0.jar"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
mkdir -p "$out"

capture() {
    local name=$1 port=$2 alpn=$3 retry=$4
    tcpdump -i lo -U -s 0 -w "$work/$name.pcap" "udp port $port" 2>/dev/null &
    dump=$!
    sleep 1
    timeout 30 java -cp "$cp" tools/kwik/QuicLoopback.java "$port" "$work/cert.pem" "$work/key.pem" "$alpn" "$retry" \
        2>&1 | grep -v -e "SECURITY WARNING" -e "^Note:" > "$out/$name.client.txt" || true
    sleep 1
    kill "$dump"
    wait "$dump" 2>/dev/null || true
    dump=
    cp "$work/$name.pcap" "$out/$name.pcap"
    echo "== $name: $(cat "$out/$name.client.txt")"
    tshark -n -r "$out/$name.pcap" 2>/dev/null | head -12
}

capture quic-alpn-refused 47451 h3 noretry
capture quic-retry 47452 hq-interop retry
