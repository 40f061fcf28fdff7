#!/usr/bin/env bash
# Regenerate the key-log sample captures (sample-captures-keylog/*.pcap, *.pcapng, *.keys) and EXPECTED.tsv.
#
#   sudo bash sample-captures-keylog/generate.sh           # all scenarios
#   sudo bash sample-captures-keylog/generate.sh --keep    # keep the temp dir (certificates, logs)
#
# Everything runs in a private network namespace (unshare --net): only its loopback is used. tcpdump records
# lo while openssl s_server/s_client (-keylogfile), curl and gnutls-cli (SSLKEYLOGFILE) play server and client;
# each capture gets the key log its client wrote (NAME.keys). Afterwards expected.py reads every capture back
# with tshark -o tls.keylog_file:NAME.keys (decrypted handshake types, alerts, certificates, Finished frames;
# certificate subjects printed by openssl x509) and writes EXPECTED.tsv, which KeyLogSampleCapturesTest
# compares with hellocheck's records field by field. One pcapng carries its key log in a Decryption Secrets
# Block (editcap --inject-secrets tls,FILE).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SELF="$HERE/$(basename "${BASH_SOURCE[0]}")"

log() { printf '[keylog] %s\n' "$*" >&2; }
die() { printf '[keylog] ERROR: %s\n' "$*" >&2; exit 1; }

PIDS=()
kill_started() {
    local p
    for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && wait "$p" 2>/dev/null || true; done
    PIDS=()
}

wait_listen() {
    local port="$1" i
    for i in $(seq 100); do
        if ss -ltnH "sport = :$port" | grep -q .; then return 0; fi
        sleep 0.05
    done
    die "nothing listens on port $port"
}

CAP_PID=""
start_capture() {
    local file="$1" errlog="$LOGS/$(basename "$1").tcpdump.log" i
    : > "$errlog"
    tcpdump -i lo -U -n -w "$file" tcp 2> "$errlog" &
    CAP_PID=$!
    for i in $(seq 100); do
        if grep -q 'listening on' "$errlog"; then sleep 0.2; return 0; fi
        kill -0 "$CAP_PID" 2>/dev/null || die "tcpdump died: $(cat "$errlog")"
        sleep 0.05
    done
    die "tcpdump did not start"
}

stop_capture() {
    sleep "${1:-1}"
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || true
    CAP_PID=""
    kill_started
}

# server ACCEPT NAME [s_server options...]: openssl s_server -www with the localhost certificate by default
server() {
    local accept="$1" name="$2"; shift 2
    openssl s_server -accept "$accept" -www -naccept 2 "$@" < /dev/null > "$LOGS/$name.s_server.log" 2>&1 &
    PIDS+=($!)
    wait_listen "${accept##*:}"
}

# client CONNECT NAME [s_client options...]: GET / then waits for the close; never fails the script
client() {
    local connect="$1" name="$2"; shift 2
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "$connect" -servername localhost \
        -keylogfile "$OUT/$name.keys" -ign_eof "$@" > "$LOGS/$name.s_client.log" 2>&1 || true
}

SRV=(-cert "" -key "")
srv_cert() { SRV=(-cert "$CERTS/$1.pem" -key "$CERTS/$1.key"); }

# ---- certificates --------------------------------------------------------------------------------

make_certs() {
    cd "$CERTS"
    local ca
    for ca in ca other-ca; do
        openssl req -x509 -newkey rsa:2048 -nodes -keyout "$ca.key" -out "$ca.pem" -days 3650 \
            -subj "/CN=hellocheck test $ca" 2>/dev/null
    done
    # leaf NAME CA CN [extra x509 options]
    leaf() {
        openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$3" 2>/dev/null
        printf 'subjectAltName=DNS:%s\n' "$3" > "$1.ext"
        openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -out "$1.pem" \
            -days 825 -extfile "$1.ext" 2>/dev/null
    }
    leaf server ca localhost
    leaf server-other-ca other-ca localhost
    leaf server-wrong-name ca wrong.example
    leaf client ca "hellocheck client"
    leaf client-other-ca other-ca "untrusted client"
    # an expired server certificate: openssl ca with explicit dates (x509 -req has no start date in 3.0)
    mkdir -p ca-db && : > ca-db/index.txt && echo 1000 > ca-db/serial
    cat > ca.cnf <<CNF
[ ca ]
default_ca = test
[ test ]
dir = $CERTS/ca-db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = any
copy_extensions = copy
[ any ]
commonName = supplied
CNF
    openssl req -newkey rsa:2048 -nodes -keyout server-expired.key -out server-expired.csr -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost" 2>/dev/null
    openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in server-expired.csr -out server-expired.pem \
        -startdate 20200101000000Z -enddate 20210101000000Z -notext 2>/dev/null
    cd - > /dev/null
}

# ---- scenarios -----------------------------------------------------------------------------------

sc() {  # sc NAME: capture file for the scenario
    printf '%s/%s.pcap' "$OUT" "$1"
}

scenarios() {
    local n
    # TLS 1.3, the server requires a client certificate and the client has none: certificate_required
    n=tls13-client-cert-missing; srv_cert server
    server 4433 $n "${SRV[@]}" -tls1_3 -Verify 1 -CAfile "$CERTS/ca.pem"
    start_capture "$(sc $n)"; client 127.0.0.1:4433 $n -tls1_3 -CAfile "$CERTS/ca.pem"; stop_capture

    # TLS 1.3, the client's certificate is from a CA the server does not trust: unknown_ca
    n=tls13-client-cert-untrusted
    server 4433 $n "${SRV[@]}" -tls1_3 -Verify 1 -CAfile "$CERTS/ca.pem" -verify_return_error
    start_capture "$(sc $n)"
    client 127.0.0.1:4433 $n -tls1_3 -CAfile "$CERTS/ca.pem" -cert "$CERTS/client-other-ca.pem" \
        -key "$CERTS/client-other-ca.key"
    stop_capture

    # TLS 1.3, client certificate accepted
    n=tls13-client-cert-ok
    server 4433 $n "${SRV[@]}" -tls1_3 -Verify 1 -CAfile "$CERTS/ca.pem"
    start_capture "$(sc $n)"
    client 127.0.0.1:4433 $n -tls1_3 -CAfile "$CERTS/ca.pem" -cert "$CERTS/client.pem" -key "$CERTS/client.key"
    stop_capture

    # TLS 1.3, the client rejects the server's certificate: expired, unknown CA, name mismatch (curl)
    n=tls13-server-cert-expired; srv_cert server-expired
    server 4433 $n "${SRV[@]}" -tls1_3
    start_capture "$(sc $n)"; client 127.0.0.1:4433 $n -tls1_3 -CAfile "$CERTS/ca.pem" -verify_return_error
    stop_capture
    n=tls13-server-unknown-ca; srv_cert server-other-ca
    server 4433 $n "${SRV[@]}" -tls1_3
    start_capture "$(sc $n)"; client 127.0.0.1:4433 $n -tls1_3 -CAfile "$CERTS/ca.pem" -verify_return_error
    stop_capture
    n=tls13-name-mismatch; srv_cert server-wrong-name
    server 4433 $n "${SRV[@]}" -tls1_3
    start_capture "$(sc $n)"
    client 127.0.0.1:4433 $n -tls1_3 -CAfile "$CERTS/ca.pem" -verify_hostname localhost -verify_return_error
    stop_capture
    # curl checks the name after the handshake and closes with close_notify, without an alert: completed
    n=tls13-curl-name-mismatch
    server 4433 $n "${SRV[@]}" -tls1_3
    start_capture "$(sc $n)"
    SSLKEYLOGFILE="$OUT/$n.keys" timeout 10 curl -sS --tlsv1.3 --cacert "$CERTS/ca.pem" \
        --resolve localhost:4433:127.0.0.1 https://localhost:4433/ > /dev/null 2> "$LOGS/$n.curl.log" || true
    stop_capture

    # TLS 1.3, a monitoring probe: no session ticket (s_server -num_tickets 0); the client sends nothing, closes
    # with close_notify right after its Finished, and the server returns its own close_notify before its FIN: the
    # server's first record after the client's Finished is no error, so the handshake completed
    n=tls13-probe-close-notify; srv_cert server
    server 4433 $n "${SRV[@]}" -tls1_3 -num_tickets 0
    start_capture "$(sc $n)"
    timeout 10 openssl s_client -connect 127.0.0.1:4433 -servername localhost -keylogfile "$OUT/$n.keys" -tls1_3 \
        -CAfile "$CERTS/ca.pem" < /dev/null > "$LOGS/$n.s_client.log" 2>&1 || true
    stop_capture

    # TLS 1.3, a normal exchange ended by close_notify (curl, SSLKEYLOGFILE)
    n=tls13-curl-ok; srv_cert server
    server 4433 $n "${SRV[@]}" -tls1_3
    start_capture "$(sc $n)"
    SSLKEYLOGFILE="$OUT/$n.keys" timeout 10 curl -sS --tlsv1.3 --cacert "$CERTS/ca.pem" \
        --resolve localhost:4433:127.0.0.1 https://localhost:4433/ > /dev/null 2> "$LOGS/$n.curl.log" || true
    stop_capture

    # TLS 1.3 resumption with a PSK: a full handshake saves the ticket, the second connection resumes
    n=tls13-psk-resumption
    server 4433 $n "${SRV[@]}" -tls1_3
    start_capture "$(sc $n)"
    client 127.0.0.1:4433 $n -tls1_3 -CAfile "$CERTS/ca.pem" -sess_out "$WORK/psk.sess"
    mv "$OUT/$n.keys" "$WORK/first.keys"
    client 127.0.0.1:4433 $n -tls1_3 -CAfile "$CERTS/ca.pem" -sess_in "$WORK/psk.sess"
    cat "$WORK/first.keys" "$OUT/$n.keys" > "$WORK/both.keys" && mv "$WORK/both.keys" "$OUT/$n.keys"
    stop_capture
    grep -q '^Reused' "$LOGS/$n.s_client.log" || die "$n: the second session was not resumed"

    # TLS 1.3 HelloRetryRequest (key share x25519 -> secp384r1), then the client rejects the server (unknown CA)
    n=tls13-hrr-unknown-ca; srv_cert server-other-ca
    server 4433 $n "${SRV[@]}" -tls1_3 -groups secp384r1
    start_capture "$(sc $n)"
    client 127.0.0.1:4433 $n -tls1_3 -groups x25519:secp384r1 -CAfile "$CERTS/ca.pem" -verify_return_error
    stop_capture

    # TLS 1.3 suites: ChaCha20-Poly1305, AES-256-GCM, AES-128-CCM, AES-128-CCM_8
    local suite
    srv_cert server
    for suite in TLS_CHACHA20_POLY1305_SHA256 TLS_AES_256_GCM_SHA384 TLS_AES_128_CCM_SHA256 TLS_AES_128_CCM_8_SHA256; do
        n=tls13-$(echo "$suite" | tr 'A-Z_' 'a-z-' | sed 's/^tls-//')
        server 4433 $n "${SRV[@]}" -tls1_3 -ciphersuites "$suite"
        start_capture "$(sc $n)"; client 127.0.0.1:4433 $n -tls1_3 -ciphersuites "$suite" -CAfile "$CERTS/ca.pem"
        stop_capture
    done

    # IPv6: TLS 1.3 client certificate required and missing over ::1
    n=tls13-ipv6-client-cert-missing
    server '[::1]:4433' $n "${SRV[@]}" -tls1_3 -Verify 1 -CAfile "$CERTS/ca.pem"
    start_capture "$(sc $n)"; client '[::1]:4433' $n -tls1_3 -CAfile "$CERTS/ca.pem"; stop_capture

    # gnutls-cli (SSLKEYLOGFILE): a normal TLS 1.3 handshake, and one rejecting an unknown CA
    n=tls13-gnutls-ok
    server 4433 $n "${SRV[@]}" -tls1_3
    start_capture "$(sc $n)"
    printf 'GET / HTTP/1.0\r\n\r\n' | SSLKEYLOGFILE="$OUT/$n.keys" timeout 10 gnutls-cli --x509cafile "$CERTS/ca.pem" \
        -p 4433 localhost > "$LOGS/$n.gnutls.log" 2>&1 || true
    stop_capture
    n=tls13-gnutls-unknown-ca; srv_cert server-other-ca
    server 4433 $n "${SRV[@]}" -tls1_3
    start_capture "$(sc $n)"
    SSLKEYLOGFILE="$OUT/$n.keys" timeout 10 gnutls-cli --x509cafile "$CERTS/ca.pem" -p 4433 localhost \
        < /dev/null > "$LOGS/$n.gnutls.log" 2>&1 || true
    stop_capture

    # TLS 1.2: client certificate rejected (unknown CA), a GCM and a CBC (HMAC-SHA1) handshake, ChaCha20
    srv_cert server
    n=tls12-client-cert-rejected
    server 4433 $n "${SRV[@]}" -tls1_2 -Verify 1 -CAfile "$CERTS/ca.pem" -verify_return_error
    start_capture "$(sc $n)"
    client 127.0.0.1:4433 $n -tls1_2 -CAfile "$CERTS/ca.pem" -cert "$CERTS/client-other-ca.pem" \
        -key "$CERTS/client-other-ca.key"
    stop_capture
    local cipher
    for cipher in ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-AES256-GCM-SHA384 ECDHE-RSA-AES128-SHA \
            ECDHE-RSA-CHACHA20-POLY1305 AES128-CCM AES128-CCM8; do
        n=tls12-$(echo "$cipher" | tr 'A-Z' 'a-z')
        server 4433 $n "${SRV[@]}" -tls1_2 -cipher "$cipher"
        start_capture "$(sc $n)"; client 127.0.0.1:4433 $n -tls1_2 -cipher "$cipher" -CAfile "$CERTS/ca.pem"
        stop_capture
    done
    # CBC with MAC-then-encrypt (the client does not offer encrypt_then_mac), TLS 1.2 and TLS 1.0 (chained IVs,
    # the MD5/SHA-1 PRF; OpenSSL 3 needs security level 0 for it)
    n=tls12-cbc-mac-then-encrypt
    server 4433 $n "${SRV[@]}" -tls1_2 -cipher ECDHE-RSA-AES256-SHA384
    start_capture "$(sc $n)"
    client 127.0.0.1:4433 $n -tls1_2 -cipher ECDHE-RSA-AES256-SHA384 -no_etm -CAfile "$CERTS/ca.pem"
    stop_capture
    n=tls10-cbc
    server 4433 $n "${SRV[@]}" -tls1 -cipher 'ECDHE-RSA-AES128-SHA:@SECLEVEL=0'
    start_capture "$(sc $n)"
    client 127.0.0.1:4433 $n -tls1 -cipher 'ECDHE-RSA-AES128-SHA:@SECLEVEL=0' -no_etm -CAfile "$CERTS/ca.pem"
    stop_capture
    # TLS 1.2 server rejecting the client's Finished is not reproducible with stock tools; the client rejecting
    # a resumed server after its encrypted Finished neither: not covered.

    # the key log inside the capture: a pcapng with a Decryption Secrets Block
    editcap --inject-secrets "tls,$OUT/tls13-client-cert-missing.keys" "$OUT/tls13-client-cert-missing.pcap" \
        "$OUT/tls13-client-cert-missing-dsb.pcapng"
}

inside() {
    ip link set lo up
    ip link set lo mtu 1500
    local f
    for f in tso gso gro; do ethtool -K lo "$f" off 2>/dev/null || true; done
    sysctl -qw net.ipv6.conf.lo.disable_ipv6=0 2>/dev/null || true
    ip -6 addr show dev lo | grep -q '::1/128' || ip -6 addr add ::1/128 dev lo 2>/dev/null || true
    trap kill_started EXIT
    make_certs
    scenarios
}

if [[ "${1:-}" == "--inside" ]]; then
    WORK="$2"; OUT="$WORK/out"; CERTS="$WORK/certs"; LOGS="$WORK/logs"
    inside
    exit 0
fi

[[ "$(id -u)" == 0 ]] || die "run as root (network namespace, tcpdump)"
WORK="$(mktemp -d /tmp/hellocheck-keylog.XXXXXX)"
mkdir -p "$WORK/out" "$WORK/certs" "$WORK/logs"
unshare --net bash "$SELF" --inside "$WORK"
python3 "$HERE/expected.py" "$WORK/out" > "$WORK/EXPECTED.tsv"
rm -f "$HERE"/*.pcap "$HERE"/*.pcapng "$HERE"/*.keys
cp "$WORK"/out/*.pcap "$WORK"/out/*.pcapng "$WORK"/out/*.keys "$HERE"/
cp "$WORK/EXPECTED.tsv" "$HERE/EXPECTED.tsv"
log "wrote $(ls "$HERE"/*.pcap* | wc -l) captures and EXPECTED.tsv"
if [[ "${1:-}" == "--keep" ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
