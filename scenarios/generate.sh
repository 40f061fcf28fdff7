#!/usr/bin/env bash
# hellocheck's scenario lab: realistic TLS failures, made with real TLS stacks, each beside working
# connections, captured on the client's side; writes scenarios/*.pcap and scenarios/EXPECTED.tsv.
#
#   sudo bash scenarios/generate.sh [--keep] [SCENARIO...]     (default: every scenario)
#
# Network: four namespaces this script creates (hc-cli, hc-mid, hc-srv, hc-win) joined by veth pairs,
# with addresses it assigns there and nowhere else (10.203.0.0/16); nothing leaves them:
#
#   hc-cli 10.203.1.2 (+ .3)  --  10.203.1.1 hc-mid 10.203.2.1  --  10.203.2.2 hc-srv
#                                             hc-mid 10.203.3.1  --  10.203.3.2 hc-win (TTL 128, no timestamps)
#
# hc-mid routes, and is where the middleboxes sit (iptables string/length rules, the reset injector,
# the SOCKS and CONNECT proxies, the TLS-intercepting proxy). tcpdump records hc-cli's interface.
#
# Ground truth: every connection's expected outcome and acceptable first causes (at most two) are
# written by `conn` below, beside the scenario's set-up, before its client runs and before hellocheck
# ever sees the capture. lab/truth.py then reads every capture back with tshark (decrypting with the
# clients' key logs, kept in scenarios/keys/) and fails loudly when tshark's frames disagree with the
# expected outcome; the client's own messages (standard error) go into the note column.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LAB="$HERE/lab"
log() { printf '[scenarios] %s\n' "$*" >&2; }
die() { printf '[scenarios] ERROR: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (namespaces, tcpdump): sudo bash $0"

KEEP=0
if [[ "${1:-}" == "--keep" ]]; then KEEP=1; shift; fi

# ---- tools ------------------------------------------------------------------------------------
declare -A NEED=(
    [tcpdump]=tcpdump [tshark]=tshark [openssl]=openssl [gnutls-serv]=gnutls-bin [gnutls-cli]=gnutls-bin
    [nginx]=nginx-light [haproxy]=haproxy [squid]=squid [curl]=curl [ip]=iproute2 [ss]=iproute2
    [ethtool]=ethtool [nft]=nftables [iptables]=iptables [python3]=python3 [timeout]=coreutils
    [java]=openjdk-17-jdk-headless [javac]=openjdk-17-jdk-headless [mvn]=maven
)
missing=()
for cmd in "${!NEED[@]}"; do command -v "$cmd" > /dev/null 2>&1 || missing+=("${NEED[$cmd]}"); done
if ((${#missing[@]})); then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    log "installing: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" > /dev/null ||
        die "apt-get install ${missing[*]} failed"
fi

WORK="$(mktemp -d /tmp/hellocheck-scenarios.XXXXXX)"
chmod 755 "$WORK"
OUT="$WORK/out"; LOGS="$WORK/logs"; CERTS="$WORK/certs"; KEYS="$WORK/out/keys"
mkdir -p "$OUT" "$LOGS" "$CERTS" "$KEYS"
chmod 777 "$LOGS"
: > "$WORK/manifest.tsv"
export CERTS

NS=(hc-cli hc-mid hc-srv hc-win)
PIDS=()
CAP_PID=""
kill_started() {
    local p
    for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2> /dev/null || true; done
    for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && wait "$p" 2> /dev/null || true; done
    PIDS=()
}
cleanup() {
    [[ -n "$CAP_PID" ]] && kill -INT "$CAP_PID" 2> /dev/null || true
    kill_started
    local n
    for n in "${NS[@]}"; do ip netns del "$n" 2> /dev/null || true; done
    if ((KEEP)); then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# ---- namespaces -------------------------------------------------------------------------------
for n in "${NS[@]}"; do
    ip netns del "$n" 2> /dev/null || true
    ip netns add "$n"
    ip -n "$n" link set lo up
done
ip link add c0 netns hc-cli type veth peer name m0 netns hc-mid
ip link add s0 netns hc-srv type veth peer name m1 netns hc-mid
ip link add w0 netns hc-win type veth peer name m2 netns hc-mid
ip -n hc-cli addr add 10.203.1.2/24 dev c0
ip -n hc-cli addr add 10.203.1.3/24 dev c0
ip -n hc-mid addr add 10.203.1.1/24 dev m0
ip -n hc-mid addr add 10.203.2.1/24 dev m1
ip -n hc-mid addr add 10.203.3.1/24 dev m2
ip -n hc-srv addr add 10.203.2.2/24 dev s0
ip -n hc-win addr add 10.203.3.2/24 dev w0
for pair in hc-cli:c0 hc-mid:m0 hc-mid:m1 hc-mid:m2 hc-srv:s0 hc-win:w0; do
    n="${pair%%:*}"; d="${pair##*:}"
    ip -n "$n" link set "$d" up
    for f in tso gso gro; do ip netns exec "$n" ethtool -K "$d" "$f" off > /dev/null 2>&1 || true; done
done
ip -n hc-cli route add default via 10.203.1.1
ip -n hc-srv route add default via 10.203.2.1
ip -n hc-win route add default via 10.203.3.1
ip netns exec hc-mid sysctl -qw net.ipv4.ip_forward=1
# The Windows-like host: initial TTL 128, no TCP timestamps (as Windows Server sends its SYN-ACK).
ip netns exec hc-win sysctl -qw net.ipv4.ip_default_ttl=128 net.ipv4.tcp_timestamps=0

# ---- certificates -----------------------------------------------------------------------------
# sign NAME ISSUER SUBJECT_CN EXT_LINES [STARTDATE ENDDATE]: NAME.key/NAME.pem, signed by ISSUER.key/.pem
sign() {
    local name="$1" issuer="$2" cn="$3" ext="$4" start="${5:-}" end="${6:-}"
    local d="$CERTS/ca-$issuer"
    mkdir -p "$d/new"; [[ -f "$d/index.txt" ]] || : > "$d/index.txt"
    [[ -f "$d/serial" ]] || echo 1000 > "$d/serial"
    cat > "$d/ca.cnf" << EOF
[ ca ]
default_ca = lab
[ lab ]
database = $d/index.txt
new_certs_dir = $d/new
serial = $d/serial
default_md = sha256
default_days = 3650
policy = anything
unique_subject = no
[ anything ]
commonName = supplied
organizationName = optional
EOF
    printf '%b\n' "$ext" > "$CERTS/$name.ext"
    openssl req -newkey rsa:2048 -nodes -keyout "$CERTS/$name.key" -out "$CERTS/$name.csr" \
        -subj "/O=hellocheck lab/CN=$cn" 2> /dev/null
    local dates=()
    [[ -n "$start" ]] && dates=(-startdate "$start" -enddate "$end")
    openssl ca -config "$d/ca.cnf" -batch -notext -cert "$CERTS/$issuer.pem" -keyfile "$CERTS/$issuer.key" \
        -in "$CERTS/$name.csr" -out "$CERTS/$name.pem" -extfile "$CERTS/$name.ext" "${dates[@]}" 2> /dev/null ||
        die "signing $name failed"
}
root_ca() {
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout "$CERTS/$1.key" -out "$CERTS/$1.pem" \
        -subj "/O=$2/CN=$3" -addext "keyUsage=critical,keyCertSign,cRLSign" 2> /dev/null
}
log "certificates in $CERTS"
CAEXT='basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign'
SRVEXT='basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:www.lab.test,DNS:lab.test,DNS:mail.lab.test,DNS:blocked.lab.test,DNS:win.lab.test,IP:10.203.2.2,IP:10.203.3.2'
CLIEXT='basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth'
root_ca ca "hellocheck lab" "hellocheck lab root CA"
sign inter ca "hellocheck lab issuing CA" "$CAEXT"
sign server inter www.lab.test "$SRVEXT"
sign expired inter www.lab.test "$SRVEXT" 20200101000000Z 20210101000000Z
sign wrongname inter other.example.test \
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:other.example.test'
sign client ca "lab client 1" "$CLIEXT"
root_ca rogue "somebody else" "unrelated client CA"
sign rogueclient rogue "lab client 2" "$CLIEXT"
root_ca other "somebody else" "unrelated CA"
root_ca corp "Example Corp" "Example Corp TLS Inspection CA"
sign intercepted corp www.lab.test "$SRVEXT"
cat "$CERTS/server.pem" "$CERTS/inter.pem" > "$CERTS/chain.pem"
cat "$CERTS/expired.pem" "$CERTS/inter.pem" > "$CERTS/expired-chain.pem"
cat "$CERTS/wrongname.pem" "$CERTS/inter.pem" > "$CERTS/wrongname-chain.pem"
cat "$CERTS/intercepted.pem" "$CERTS/corp.pem" > "$CERTS/intercepted-chain.pem"
openssl verify -CAfile "$CERTS/ca.pem" -untrusted "$CERTS/inter.pem" "$CERTS/server.pem" > /dev/null
chmod 644 "$CERTS"/*

# ---- helpers ----------------------------------------------------------------------------------
# bg_in NS CMD...: run a server or box in the background in namespace NS (killed when the scenario ends).
bg_in() {
    local n="$1"; shift
    ip netns exec "$n" "$@" > "$LOGS/$SC.$n.$(basename "$1").$RANDOM.log" 2>&1 &
    PIDS+=($!)
}
# wait_listen NS PORT [t|u]: until a TCP (t, the default) or UDP (u) socket listens on PORT in NS
wait_listen() {
    local i proto="${3:-t}"
    for i in $(seq 100); do
        ip netns exec "$1" ss -l"$proto"nH "sport = :$2" | grep -q . && return 0
        sleep 0.05
    done
    die "$SC: nothing listens on $1 $([ "$proto" = u ] && echo "UDP ")port $2"
}
wait_listen_udp() { wait_listen "$1" "$2" u; }
box() { local n="$1"; shift; bg_in "$n" env LIFETIME=300 python3 "$LAB/boxes.py" "$@"; }

# nginx_srv HTTP_BLOCK: an nginx in hc-srv whose http block holds the given directives and server blocks.
nginx_srv() {
    local conf="$WORK/$SC.nginx.conf" defaults=""
    # nginx 1.22 enables TLS 1.0 and 1.1 by default, and adds up repeated ssl_protocols: set them once
    [[ "$1" == *ssl_protocols* ]] || defaults+="ssl_protocols TLSv1.2 TLSv1.3; "
    [[ "$1" == *ssl_certificate_key* ]] || defaults+="ssl_certificate $CERTS/chain.pem; ssl_certificate_key $CERTS/server.key;"
    cat > "$conf" << EOF
user root;
worker_processes 1;
pid $WORK/$SC.nginx.pid;
error_log $LOGS/$SC.nginx.error.log info;
events { worker_connections 64; }
http {
    access_log $LOGS/$SC.nginx.access.log;
    default_type text/plain;
$defaults
$1
}
EOF
    bg_in hc-srv nginx -c "$conf" -g 'daemon off;'
}

# s_server_in NS ACCEPT [options...]: openssl s_server -www with the lab's certificate chain.
s_server_in() {
    local n="$1" accept="$2"; shift 2
    bg_in "$n" openssl s_server -accept "$accept" -cert "$CERTS/server.pem" -key "$CERTS/server.key" \
        -cert_chain "$CERTS/inter.pem" -www -quiet "$@"
}

# dtls_server_in NS ACCEPT [options...]: openssl s_server -dtls1_2 with the lab's certificate chain (it sends a
# HelloVerifyRequest first). In DTLS mode s_server reads its standard input and stops at its end: it gets a FIFO
# opened read-write, which never ends.
dtls_server_in() {
    local n="$1" accept="$2"; shift 2
    local fifo="$WORK/$SC.$RANDOM.stdin"
    mkfifo "$fifo"
    ip netns exec "$n" openssl s_server -dtls1_2 -accept "$accept" -cert "$CERTS/server.pem" \
        -key "$CERTS/server.key" -cert_chain "$CERTS/inter.pem" -quiet "$@" 0<> "$fifo" \
        > "$LOGS/$SC.$n.s_server.$RANDOM.log" 2>&1 &
    PIDS+=($!)
}

# start_capture [FILTER]: tcpdump on hc-cli's interface, TCP only unless FILTER says otherwise (DTLS
# scenarios: "udp or icmp", for the datagrams and the ICMP errors quoting them).
start_capture() {
    FILE="$SC.pcap"
    local errlog="$LOGS/$SC.tcpdump.log" filter="${1:-tcp}"
    : > "$errlog"
    ip netns exec hc-cli tcpdump -i c0 -U -n -w "$OUT/$FILE" "$filter" 2> "$errlog" &
    CAP_PID=$!
    local i
    for i in $(seq 100); do
        grep -q 'listening on' "$errlog" && { sleep 0.2; return 0; }
        sleep 0.05
    done
    die "$SC: tcpdump did not start: $(cat "$errlog")"
}
stop_capture() {
    sleep "${1:-1}"
    kill -INT "$CAP_PID"; wait "$CAP_PID" || true
    CAP_PID=""
}

# conn OUTCOME CAUSES NOTE COMMAND: the next TCP connection (or QUIC or DTLS flow) of the capture. OUTCOME and CAUSES (comma list,
# at most two, "-" for none: a handshake that did not fail has no diagnosis) are written into the manifest
# first; then COMMAND runs in hc-cli (bash -c, at most 15 s) with its key log in keys/FILE.keys.
# $KEYLOG in COMMAND is that file (for openssl s_client -keylogfile).
N=0
conn() {
    local outcome="$1" causes="$2" note="$3" cmd="$4"
    N=$((N + 1))
    local err="$LOGS/$SC.$N.client.err"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$FILE" "$N" "$outcome" "$causes" "$note" "$err" >> "$WORK/manifest.tsv"
    ip netns exec hc-cli env SSLKEYLOGFILE="$KEYS/$FILE.keys" KEYLOG="$KEYS/$FILE.keys" CERTS="$CERTS" \
        timeout 15 bash -c "$cmd" < /dev/null > "$LOGS/$SC.$N.client.out" 2> "$err" || true
    # gnutls-cli prints its verdicts on standard output
    grep -E '^(\*\*\*|- Status|- The|Verify return code|.*verify error)' "$LOGS/$SC.$N.client.out" >> "$err" || true
    sleep 0.3
}

mid_reset() {
    ip netns exec hc-mid nft flush ruleset
}

# Client command lines (run by conn inside hc-cli).
CURL='curl -sS -o /dev/null --resolve www.lab.test:443:10.203.2.2 --resolve www.lab.test:8443:10.203.2.2 --resolve blocked.lab.test:443:10.203.2.2 --resolve win.lab.test:443:10.203.3.2'
CURL_CA="$CURL --cacert \$CERTS/ca.pem"
GET='printf "GET / HTTP/1.0\r\nHost: www.lab.test\r\n\r\n"'
SCLIENT='openssl s_client -keylogfile $KEYLOG -CAfile $CERTS/ca.pem -verify_return_error -servername www.lab.test -verify_hostname www.lab.test'
GCLI='gnutls-cli --x509cafile=$CERTS/ca.pem --sni-hostname=www.lab.test --verify-hostname=www.lab.test'
CLICERT='--cert $CERTS/client.pem --key $CERTS/client.key'
ROGUECERT='--cert $CERTS/rogueclient.pem --key $CERTS/rogueclient.key'
NGINX_443='server { listen 10.203.2.2:443 ssl; server_name www.lab.test; location / { return 200 "ok\n"; } }'
NGINX_8443='server { listen 10.203.2.2:8443 ssl; server_name www.lab.test; location / { return 200 "ok\n"; } }'

# ---- scenarios: issue 11 ----------------------------------------------------------------------

sc_mtls13_openssl() {
    s_server_in hc-srv 10.203.2.2:443 -tls1_3 -Verify 1 -verify_return_error -CAfile "$CERTS/ca.pem"
    wait_listen hc-srv 443
    start_capture
    conn COMPLETED - "curl with a client certificate the server trusts" "$CURL_CA $CLICERT https://www.lab.test/"
    conn FAILED_AFTER_SERVER_HELLO client_certificate_required "curl without a client certificate; s_server -Verify 1 sends an encrypted certificate_required alert" "$CURL_CA https://www.lab.test/"
    conn FAILED_AFTER_SERVER_HELLO client_certificate_required "openssl s_client without a client certificate" "$GET | $SCLIENT -connect 10.203.2.2:443 -ign_eof"
    conn COMPLETED - "openssl s_client with a client certificate" "$GET | $SCLIENT -connect 10.203.2.2:443 -ign_eof -cert \$CERTS/client.pem -key \$CERTS/client.key"
    stop_capture
}

sc_mtls13_gnutls() {
    bg_in hc-srv gnutls-serv -p 443 --http --require-client-cert --x509cafile "$CERTS/ca.pem" \
        --x509certfile "$CERTS/chain.pem" --x509keyfile "$CERTS/server.key"
    wait_listen hc-srv 443
    start_capture
    conn COMPLETED - "gnutls-cli with a client certificate" "$GET | $GCLI -p 443 10.203.2.2 --x509certfile=\$CERTS/client.pem --x509keyfile=\$CERTS/client.key"
    conn FAILED_AFTER_SERVER_HELLO client_certificate_required "gnutls-cli without a client certificate, gnutls-serv --require-client-cert" "$GET | $GCLI -p 443 10.203.2.2"
    conn FAILED_AFTER_SERVER_HELLO client_certificate_required "curl without a client certificate" "$CURL_CA https://www.lab.test/"
    conn COMPLETED - "curl with a client certificate" "$CURL_CA $CLICERT https://www.lab.test/"
    stop_capture
}

sc_mtls13_untrusted_client_ca() {
    s_server_in hc-srv 10.203.2.2:443 -tls1_3 -Verify 1 -verify_return_error -CAfile "$CERTS/ca.pem"
    wait_listen hc-srv 443
    start_capture
    conn FAILED_AFTER_SERVER_HELLO client_certificate_required,certificate_problem "curl with a client certificate from a CA the server does not trust" "$CURL_CA $ROGUECERT https://www.lab.test/"
    conn FAILED_AFTER_SERVER_HELLO client_certificate_required,certificate_problem "openssl s_client with the untrusted client certificate" "$GET | $SCLIENT -connect 10.203.2.2:443 -ign_eof -cert \$CERTS/rogueclient.pem -key \$CERTS/rogueclient.key"
    conn COMPLETED - "curl with a trusted client certificate" "$CURL_CA $CLICERT https://www.lab.test/"
    stop_capture
}

sc_mtls12_openssl() {
    s_server_in hc-srv 10.203.2.2:443 -tls1_2 -Verify 1 -verify_return_error -CAfile "$CERTS/ca.pem"
    wait_listen hc-srv 443
    start_capture
    conn FAILED_AFTER_SERVER_HELLO client_certificate_required "TLS 1.2, curl without a client certificate" "$CURL_CA https://www.lab.test/"
    conn COMPLETED - "TLS 1.2, curl with a client certificate" "$CURL_CA $CLICERT https://www.lab.test/"
    conn FAILED_AFTER_SERVER_HELLO client_certificate_required,certificate_problem "TLS 1.2, curl with a client certificate from an untrusted CA" "$CURL_CA $ROGUECERT https://www.lab.test/"
    stop_capture
}

sc_client_rejects_unknown_ca_tls13() {
    nginx_srv "$NGINX_443"
    wait_listen hc-srv 443
    start_capture
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "curl trusting only an unrelated CA (TLS 1.3)" "$CURL --cacert \$CERTS/other.pem https://www.lab.test/"
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "openssl s_client trusting only an unrelated CA" "openssl s_client -keylogfile \$KEYLOG -CAfile \$CERTS/other.pem -verify_return_error -servername www.lab.test -connect 10.203.2.2:443"
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "gnutls-cli trusting only an unrelated CA" "gnutls-cli --x509cafile=\$CERTS/other.pem --sni-hostname=www.lab.test --verify-hostname=www.lab.test -p 443 10.203.2.2"
    conn COMPLETED - "curl trusting the lab CA" "$CURL_CA https://www.lab.test/"
    stop_capture
}

sc_client_rejects_unknown_ca_tls12() {
    nginx_srv "ssl_protocols TLSv1.2; $NGINX_443"
    wait_listen hc-srv 443
    start_capture
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "curl trusting only an unrelated CA (TLS 1.2)" "$CURL --cacert \$CERTS/other.pem https://www.lab.test/"
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "gnutls-cli trusting only an unrelated CA (TLS 1.2)" "gnutls-cli --x509cafile=\$CERTS/other.pem --sni-hostname=www.lab.test -p 443 10.203.2.2"
    conn COMPLETED - "curl trusting the lab CA" "$CURL_CA https://www.lab.test/"
    stop_capture
}

sc_client_rejects_expired_tls13() {
    nginx_srv "ssl_certificate $CERTS/expired-chain.pem; ssl_certificate_key $CERTS/expired.key; $NGINX_443"
    wait_listen hc-srv 443
    start_capture
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "curl, the server's certificate expired in 2021 (TLS 1.3)" "$CURL_CA https://www.lab.test/"
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "gnutls-cli, expired certificate" "$GCLI -p 443 10.203.2.2"
    conn COMPLETED - "curl -k (no verification) to the same server" "$CURL -k https://www.lab.test/"
    stop_capture
}

sc_client_rejects_expired_tls12() {
    nginx_srv "ssl_protocols TLSv1.2; ssl_certificate $CERTS/expired-chain.pem; ssl_certificate_key $CERTS/expired.key; $NGINX_443"
    wait_listen hc-srv 443
    start_capture
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "curl, expired certificate (TLS 1.2)" "$CURL_CA https://www.lab.test/"
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "openssl s_client, expired certificate (TLS 1.2)" "$SCLIENT -connect 10.203.2.2:443"
    conn COMPLETED - "curl -k to the same server" "$CURL -k https://www.lab.test/"
    stop_capture
}

sc_client_rejects_name_mismatch_tls13() {
    nginx_srv "ssl_certificate $CERTS/wrongname-chain.pem; ssl_certificate_key $CERTS/wrongname.key; $NGINX_443"
    wait_listen hc-srv 443
    start_capture
    # (not curl: it checks the name after sending its Finished, racing the server's session tickets)
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "gnutls-cli, certificate for other.example.test (TLS 1.3)" "$GCLI -p 443 10.203.2.2"
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "openssl s_client -verify_hostname, name mismatch" "$SCLIENT -connect 10.203.2.2:443"
    conn COMPLETED - "curl -k to the same server" "$CURL -k https://www.lab.test/"
    stop_capture
}

sc_client_rejects_name_mismatch_tls12() {
    nginx_srv "ssl_protocols TLSv1.2; ssl_certificate $CERTS/wrongname-chain.pem; ssl_certificate_key $CERTS/wrongname.key; $NGINX_443"
    wait_listen hc-srv 443
    start_capture
    # curl checks the name once the TLS 1.2 handshake is over (both Finished sent): the handshake
    # completed by the contract's rule, and curl then closes without an alert
    conn COMPLETED - "curl, name mismatch (TLS 1.2), found by curl after the handshake" "$CURL_CA https://www.lab.test/"
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "gnutls-cli, name mismatch (TLS 1.2)" "$GCLI -p 443 10.203.2.2"
    conn COMPLETED - "curl -k to the same server" "$CURL -k https://www.lab.test/"
    stop_capture
}

sc_client_gave_up_slow_server() {
    nginx_srv "server { listen 127.0.0.1:4443 ssl; server_name www.lab.test; location / { return 200 \"ok\n\"; } }"
    wait_listen hc-srv 4443
    box hc-srv delay 10.203.2.2 443 127.0.0.1 4443 2.5
    wait_listen hc-srv 443
    start_capture
    conn CLIENT_GAVE_UP client_timeout "curl --max-time 1.5; the server's answer is held 2.5 s after the ClientHello" "$CURL_CA --max-time 1.5 https://www.lab.test/"
    conn CLIENT_GAVE_UP client_timeout "openssl s_client killed after 1.2 s (timeout 1.2)" "timeout 1.2 $SCLIENT -connect 10.203.2.2:443"
    conn COMPLETED - "curl waiting up to 6 s" "$CURL_CA --max-time 6 https://www.lab.test/"
    stop_capture 3
}

sc_connection_racing() {
    nginx_srv "server { listen 127.0.0.1:4443 ssl; server_name www.lab.test; location / { return 200 \"ok\n\"; } }"
    wait_listen hc-srv 4443
    box hc-srv delay 10.203.2.2 443 127.0.0.1 4443 0.6
    wait_listen hc-srv 443
    start_capture
    conn CLIENT_GAVE_UP - "curl --max-time 0.3 drops the connection before the answer (0.6 s): racing, not a failure" "$CURL_CA --max-time 0.3 https://www.lab.test/"
    conn COMPLETED - "curl waiting for the answer" "$CURL_CA --max-time 4 https://www.lab.test/"
    stop_capture 1.5
}

sc_tls13_close_notify() {
    box hc-srv closenotify 10.203.2.2 443 "$CERTS/chain.pem" "$CERTS/server.key"
    wait_listen hc-srv 443
    start_capture
    conn COMPLETED - "server (Python ssl) sends close_notify and FIN right after the handshake; s_client answers close_notify" "$SCLIENT -ign_eof -connect 10.203.2.2:443"
    conn COMPLETED - "the same with gnutls-cli" "$GCLI -p 443 10.203.2.2"
    stop_capture
}

sc_socks5() {
    nginx_srv "$NGINX_443"
    wait_listen hc-srv 443
    box hc-mid socks 10.203.1.1 1080
    wait_listen hc-mid 1080
    start_capture
    conn COMPLETED - "curl through a SOCKS5 proxy" "$CURL_CA --socks5 10.203.1.1:1080 https://www.lab.test/"
    conn PROXY_REFUSED proxy_refused "SOCKS5 proxy: target port 8444 refuses (reply 0x05)" "$CURL_CA --socks5 10.203.1.1:1080 --resolve www.lab.test:8444:10.203.2.2 https://www.lab.test:8444/"
    conn PROXY_REFUSED proxy_refused "SOCKS5 proxy: target port 9 not allowed by ruleset (reply 0x02)" "$CURL_CA --socks5 10.203.1.1:1080 --resolve www.lab.test:9:10.203.2.2 https://www.lab.test:9/"
    stop_capture
}

sc_socks4() {
    nginx_srv "$NGINX_443"
    wait_listen hc-srv 443
    box hc-mid socks 10.203.1.1 1080
    wait_listen hc-mid 1080
    start_capture
    conn COMPLETED - "curl through a SOCKS4 proxy" "$CURL_CA --socks4 10.203.1.1:1080 https://www.lab.test/"
    conn PROXY_REFUSED proxy_refused "SOCKS4 proxy: target refused (reply 0x5b)" "$CURL_CA --socks4 10.203.1.1:1080 --resolve www.lab.test:8444:10.203.2.2 https://www.lab.test:8444/"
    stop_capture
}

sc_smtp_starttls_refused() {
    box hc-srv smtp 10.203.2.2 25 refuse "$CERTS/chain.pem" "$CERTS/server.key"
    box hc-srv smtp 10.203.2.2 587 accept "$CERTS/chain.pem" "$CERTS/server.key"
    wait_listen hc-srv 25; wait_listen hc-srv 587
    start_capture
    conn STARTTLS_REFUSED starttls_refused "curl --ssl-reqd, the SMTP server answers STARTTLS with 454" "curl -sS --ssl-reqd --cacert \$CERTS/ca.pem --resolve mail.lab.test:25:10.203.2.2 smtp://mail.lab.test:25/ -X NOOP"
    conn COMPLETED - "openssl s_client -starttls smtp to a server that accepts it" "printf 'QUIT\r\n' | $SCLIENT -starttls smtp -connect 10.203.2.2:587 -ign_eof"
    stop_capture
}

sc_unknown_preamble() {
    nginx_srv "server { listen 127.0.0.1:4443 ssl; server_name www.lab.test; location / { return 200 \"ok\n\"; } }"
    wait_listen hc-srv 4443
    box hc-srv preamble-server 10.203.2.2 7000 127.0.0.1 4443 12
    box hc-cli preamble-client 127.0.0.1 7000 10.203.2.2 7000 48434c0100080000a5c3e1f0
    wait_listen hc-srv 7000; wait_listen hc-cli 7000
    start_capture
    conn COMPLETED - "a tunnel header of 12 arbitrary bytes, then curl's ClientHello (relay)" "$CURL_CA --connect-to www.lab.test:443:127.0.0.1:7000 https://www.lab.test/"
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "the same tunnel, curl trusting only an unrelated CA" "$CURL --cacert \$CERTS/other.pem --connect-to www.lab.test:443:127.0.0.1:7000 https://www.lab.test/"
    stop_capture
}

# ---- scenarios: issue 13 ----------------------------------------------------------------------

sc_nginx_tls12_only() {
    nginx_srv "ssl_protocols TLSv1.2; $NGINX_443"
    wait_listen hc-srv 443
    start_capture
    conn SERVER_ALERT version_mismatch "curl --tlsv1.3 (TLS 1.3 only) to nginx ssl_protocols TLSv1.2" "$CURL_CA --tlsv1.3 https://www.lab.test/"
    conn SERVER_ALERT version_mismatch "openssl s_client -tls1_3" "$SCLIENT -tls1_3 -connect 10.203.2.2:443"
    conn COMPLETED - "curl default (TLS 1.2 and 1.3)" "$CURL_CA https://www.lab.test/"
    stop_capture
}

sc_nginx_tls13_only() {
    nginx_srv "ssl_protocols TLSv1.3; $NGINX_443"
    wait_listen hc-srv 443
    start_capture
    conn SERVER_ALERT version_mismatch "curl --tls-max 1.2 to nginx ssl_protocols TLSv1.3" "$CURL_CA --tls-max 1.2 https://www.lab.test/"
    conn SERVER_ALERT version_mismatch "gnutls-cli without TLS 1.3" "$GCLI --priority=NORMAL:-VERS-TLS1.3 -p 443 10.203.2.2"
    conn COMPLETED - "curl default" "$CURL_CA https://www.lab.test/"
    stop_capture
}

sc_nginx_no_shared_cipher() {
    nginx_srv "ssl_protocols TLSv1.2; ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384; $NGINX_443"
    wait_listen hc-srv 443
    start_capture
    conn SERVER_ALERT no_shared_cipher_suite "curl offering only ECDHE-RSA-CHACHA20-POLY1305 in TLS 1.2" "$CURL_CA --tls-max 1.2 --ciphers ECDHE-RSA-CHACHA20-POLY1305 https://www.lab.test/"
    conn SERVER_ALERT no_shared_cipher_suite "openssl s_client offering only AES128-SHA" "$SCLIENT -tls1_2 -cipher AES128-SHA -connect 10.203.2.2:443"
    conn COMPLETED - "curl default" "$CURL_CA https://www.lab.test/"
    stop_capture
}

sc_gnutls_no_shared_cipher() {
    bg_in hc-srv gnutls-serv -p 443 --http --priority 'NORMAL:-VERS-TLS1.3:-CIPHER-ALL:+AES-256-GCM' \
        --x509certfile "$CERTS/chain.pem" --x509keyfile "$CERTS/server.key"
    wait_listen hc-srv 443
    start_capture
    conn SERVER_ALERT no_shared_cipher_suite "s_client -tls1_2 offering only AES-128-GCM to gnutls-serv (AES-256-GCM only)" "$SCLIENT -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -connect 10.203.2.2:443"
    conn COMPLETED - "curl default" "$CURL_CA https://www.lab.test/"
    stop_capture
}

sc_gnutls_protocol_version() {
    bg_in hc-srv gnutls-serv -p 443 --http --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.3' \
        --x509certfile "$CERTS/chain.pem" --x509keyfile "$CERTS/server.key"
    wait_listen hc-srv 443
    start_capture
    conn SERVER_ALERT version_mismatch "curl --tls-max 1.2 to gnutls-serv TLS 1.3 only" "$CURL_CA --tls-max 1.2 https://www.lab.test/"
    conn COMPLETED - "curl default" "$CURL_CA https://www.lab.test/"
    stop_capture
}

sc_nginx_sni_only() {
    nginx_srv "server { listen 10.203.2.2:443 ssl default_server; ssl_reject_handshake on; }
    $NGINX_443"
    wait_listen hc-srv 443
    start_capture
    conn SERVER_ALERT sni_required,sni_problem "curl to the IP address (no SNI); nginx default server: ssl_reject_handshake on" "$CURL_CA https://10.203.2.2/"
    conn SERVER_ALERT sni_required,sni_problem "openssl s_client -noservername" "openssl s_client -keylogfile \$KEYLOG -CAfile \$CERTS/ca.pem -noservername -connect 10.203.2.2:443"
    conn COMPLETED - "curl with the name (SNI www.lab.test)" "$CURL_CA https://www.lab.test/"
    stop_capture
}

haproxy_srv() {
    local conf="$WORK/$SC.haproxy.cfg"
    cat > "$conf" << EOF
global
    maxconn 64
defaults
    timeout connect 1s
    timeout client 5s
    timeout server 5s
$1
EOF
    bg_in hc-srv haproxy -db -f "$conf"
}

sc_haproxy_strict_sni() {
    cat "$CERTS/chain.pem" "$CERTS/server.key" > "$CERTS/haproxy.pem"
    haproxy_srv "frontend tls
    mode http
    bind 10.203.2.2:443 ssl crt $CERTS/haproxy.pem strict-sni
    http-request return status 200 content-type text/plain string ok"
    wait_listen hc-srv 443
    start_capture
    conn SERVER_ALERT sni_required,sni_problem "curl to the IP address (no SNI); haproxy strict-sni" "$CURL_CA https://10.203.2.2/"
    conn COMPLETED - "curl with SNI www.lab.test" "$CURL_CA https://www.lab.test/"
    stop_capture
}

sc_haproxy_backend_down() {
    nginx_srv "server { listen 127.0.0.1:4443 ssl; server_name www.lab.test; location / { return 200 \"ok\n\"; } }"
    wait_listen hc-srv 4443
    haproxy_srv "frontend down
    mode tcp
    bind 10.203.2.2:443
    default_backend nothing
frontend up
    mode tcp
    bind 10.203.2.2:8443
    default_backend web
backend nothing
    mode tcp
    server s1 127.0.0.1:9443
backend web
    mode tcp
    server s1 127.0.0.1:4443"
    wait_listen hc-srv 443; wait_listen hc-srv 8443
    start_capture
    conn SERVER_CLOSED backend_unavailable,server_rejected_client_hello "haproxy TCP passthrough, its backend 127.0.0.1:9443 refuses" "$CURL_CA https://www.lab.test/"
    conn COMPLETED - "the same haproxy, another frontend whose backend is up" "$CURL_CA https://www.lab.test:8443/"
    stop_capture
}

sc_nginx_proxy_protocol() {
    nginx_srv "server { listen 10.203.2.2:443 ssl proxy_protocol; server_name www.lab.test; location / { return 200 \"ok\n\"; } }"
    wait_listen hc-srv 443
    start_capture
    conn COMPLETED - "curl --haproxy-protocol (a PROXY v1 header before the ClientHello)" "$CURL_CA --haproxy-protocol https://www.lab.test/"
    conn SERVER_RESET proxy_protocol_expected,server_rejected_client_hello "curl without the PROXY header to nginx listen ... proxy_protocol" "$CURL_CA https://www.lab.test/"
    conn COMPLETED - "curl --haproxy-protocol again" "$CURL_CA --haproxy-protocol https://www.lab.test/"
    stop_capture
}

WIN_BACKEND="ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256:AES256-GCM-SHA384:AES128-GCM-SHA256"
sc_schannel_no_shared_cipher() {
    s_server_in hc-win 127.0.0.1:4433 -tls1_2 -cipher "$WIN_BACKEND"
    wait_listen hc-win 4433
    box hc-win front schannel 10.203.3.2 443 127.0.0.1 4433
    wait_listen hc-win 443
    start_capture
    conn SERVER_RESET no_shared_cipher_suite "curl offering only ECDHE-RSA-CHACHA20-POLY1305 (TLS 1.2) to a Windows-like server (TTL 128, no timestamps) that resets" "$CURL_CA --tls-max 1.2 --ciphers ECDHE-RSA-CHACHA20-POLY1305 https://win.lab.test/"
    conn SERVER_RESET no_shared_cipher_suite "openssl s_client offering only DHE-RSA-CHACHA20-POLY1305" "$SCLIENT -tls1_2 -cipher DHE-RSA-CHACHA20-POLY1305 -servername win.lab.test -verify_hostname win.lab.test -connect 10.203.3.2:443"
    conn COMPLETED - "curl default (TLS 1.2 chosen)" "$CURL_CA https://win.lab.test/"
    stop_capture
}

sc_schannel_tls13_only_client() {
    s_server_in hc-win 127.0.0.1:4433 -tls1_2 -cipher "$WIN_BACKEND"
    wait_listen hc-win 4433
    box hc-win front schannel 10.203.3.2 443 127.0.0.1 4433
    wait_listen hc-win 443
    start_capture
    conn SERVER_RESET version_mismatch "curl --tlsv1.3 (TLS 1.3 only) to a Windows-like TLS 1.2 server that resets" "$CURL_CA --tlsv1.3 https://win.lab.test/"
    conn COMPLETED - "curl default" "$CURL_CA https://win.lab.test/"
    conn SERVER_RESET version_mismatch "gnutls-cli TLS 1.3 only" "$GCLI --sni-hostname=win.lab.test --verify-hostname=win.lab.test --priority=NORMAL:-VERS-ALL:+VERS-TLS1.3 -p 443 10.203.3.2"
    stop_capture
}

sc_injected_reset() {
    nginx_srv "server { listen 127.0.0.1:4443 ssl; server_name www.lab.test blocked.lab.test; location / { return 200 \"ok\n\"; } }"
    wait_listen hc-srv 4443
    # the server is 150 ms away (its answers held), the injector sits near the client
    box hc-srv delay 10.203.2.2 443 127.0.0.1 4443 0.15
    box hc-mid inject m0 blocked.lab.test
    wait_listen hc-srv 443
    sleep 0.5
    start_capture
    conn COMPLETED - "curl to www.lab.test through the on-path injector" "$CURL_CA https://www.lab.test/"
    conn SERVER_RESET injected_reset "curl to blocked.lab.test: an on-path box forges a RST (TTL 200) as the ClientHello passes; the real ServerHello follows" "$CURL_CA https://blocked.lab.test/"
    conn SERVER_RESET injected_reset "openssl s_client to blocked.lab.test" "openssl s_client -keylogfile \$KEYLOG -CAfile \$CERTS/ca.pem -servername blocked.lab.test -connect 10.203.2.2:443"
    stop_capture 1
}

sc_firewall_sni_reset() {
    nginx_srv "server { listen 10.203.2.2:443 ssl; server_name www.lab.test blocked.lab.test; location / { return 200 \"ok\n\"; } }"
    wait_listen hc-srv 443
    ip netns exec hc-mid iptables -A FORWARD -p tcp --dport 443 -m string --algo bm --string blocked.lab.test \
        -j REJECT --reject-with tcp-reset
    start_capture
    conn SERVER_RESET injected_reset,sni_blocked "a firewall on the path rejects (tcp-reset) ClientHellos naming blocked.lab.test" "$CURL_CA https://blocked.lab.test/"
    conn COMPLETED - "curl to www.lab.test" "$CURL_CA https://www.lab.test/"
    conn SERVER_RESET injected_reset,sni_blocked "gnutls-cli to blocked.lab.test" "$GCLI --sni-hostname=blocked.lab.test --verify-hostname=blocked.lab.test -p 443 10.203.2.2"
    stop_capture
}

sc_sni_drop() {
    nginx_srv "server { listen 10.203.2.2:443 ssl; server_name www.lab.test blocked.lab.test; location / { return 200 \"ok\n\"; } }"
    wait_listen hc-srv 443
    ip netns exec hc-mid iptables -A FORWARD -p tcp --dport 443 -m string --algo bm --string blocked.lab.test -j DROP
    start_capture
    conn NO_RESPONSE client_hello_not_acked,sni_blocked "a middlebox silently drops ClientHellos naming blocked.lab.test; curl --max-time 4" "$CURL_CA --max-time 4 https://blocked.lab.test/"
    conn COMPLETED - "curl to www.lab.test" "$CURL_CA https://www.lab.test/"
    stop_capture
}

sc_large_client_hello_dropped() {
    nginx_srv "ssl_ecdh_curve X25519:ffdhe8192; $NGINX_443"
    wait_listen hc-srv 443
    ip netns exec hc-mid iptables -A FORWARD -p tcp --dport 443 -m length --length 1100:65535 -j DROP
    start_capture
    conn NO_RESPONSE large_or_split_client_hello,client_hello_not_acked "s_client -groups ffdhe8192:x25519 (a 1024-byte key share, a 1.3 KB ClientHello); packets over 1100 bytes dropped on the path" "timeout 5 $SCLIENT -groups ffdhe8192:x25519 -connect 10.203.2.2:443"
    conn COMPLETED - "s_client default (small ClientHello)" "$GET | $SCLIENT -connect 10.203.2.2:443 -ign_eof"
    stop_capture
}

sc_split_client_hello_reset() {
    nginx_srv "ssl_ecdh_curve X25519:ffdhe8192; server { listen 127.0.0.1:4443 ssl; server_name www.lab.test; location / { return 200 \"ok\n\"; } }"
    wait_listen hc-srv 4443
    box hc-srv front large-reset 10.203.2.2 443 127.0.0.1 4443
    wait_listen hc-srv 443
    # the server advertises an MSS of 1000 bytes: a 1.3 KB ClientHello takes two segments
    ip -n hc-srv route replace default via 10.203.2.1 advmss 1000
    ip -n hc-srv route replace 10.203.2.0/24 dev s0 advmss 1000
    start_capture
    conn SERVER_RESET large_or_split_client_hello "a ClientHello split over two segments (ffdhe8192 key share); the front end resets it" "$SCLIENT -groups ffdhe8192:x25519 -connect 10.203.2.2:443"
    conn COMPLETED - "s_client default (one segment)" "$GET | $SCLIENT -connect 10.203.2.2:443 -ign_eof"
    conn SERVER_RESET large_or_split_client_hello "gnutls-cli with an ffdhe8192 key share" "$GCLI --priority=NORMAL:-GROUP-ALL:+GROUP-FFDHE8192:+GROUP-X25519 -p 443 10.203.2.2"
    stop_capture
    ip -n hc-srv route replace default via 10.203.2.1
    ip -n hc-srv route replace 10.203.2.0/24 dev s0
}

sc_tls13_intolerant() {
    s_server_in hc-srv 127.0.0.1:4433 -tls1_2
    wait_listen hc-srv 4433
    box hc-srv front tls13-intolerant 10.203.2.2 443 127.0.0.1 4433
    wait_listen hc-srv 443
    start_capture
    conn SERVER_CLOSED tls13_intolerant_middlebox,version_mismatch "curl default (offers TLS 1.3): the box closes" "$CURL_CA https://www.lab.test/"
    conn COMPLETED - "curl --tls-max 1.2" "$CURL_CA --tls-max 1.2 https://www.lab.test/"
    conn SERVER_CLOSED tls13_intolerant_middlebox,version_mismatch "gnutls-cli default" "$GCLI -p 443 10.203.2.2"
    conn COMPLETED - "s_client -no_tls1_3" "$SCLIENT -no_tls1_3 -connect 10.203.2.2:443"
    stop_capture
}

sc_tls10_appliance() {
    s_server_in hc-srv 10.203.2.2:443 -tls1 -cipher 'AES128-SHA:@SECLEVEL=0'
    wait_listen hc-srv 443
    start_capture
    conn SERVER_ALERT version_mismatch "curl --tlsv1.2 (TLS 1.2 and 1.3) to an appliance speaking only TLS 1.0" "$CURL_CA --tlsv1.2 https://www.lab.test/"
    conn COMPLETED - "an old client: s_client -tls1 -cipher AES128-SHA@SECLEVEL=0" "$SCLIENT -tls1 -cipher 'AES128-SHA:@SECLEVEL=0' -connect 10.203.2.2:443"
    conn SERVER_ALERT version_mismatch "gnutls-cli without TLS 1.0 and 1.1" "$GCLI --priority=NORMAL:-VERS-TLS1.0:-VERS-TLS1.1 -p 443 10.203.2.2"
    conn COMPLETED - "curl default (still offers TLS 1.0)" "$CURL_CA https://www.lab.test/"
    stop_capture
}

sc_squid_connect_refused() {
    nginx_srv "$NGINX_443 $NGINX_8443"
    wait_listen hc-srv 443
    mkdir -p "$WORK/squid"; chmod 777 "$WORK/squid"
    printf 'lab:%s\n' "$(openssl passwd -apr1 secret)" > "$WORK/squid/passwd"
    printf '10.203.2.2 www.lab.test\n' > "$WORK/squid/hosts"
    chmod 644 "$WORK/squid/passwd" "$WORK/squid/hosts"
    cat > "$WORK/squid/squid.conf" << EOF
http_port 10.203.1.1:3128
pid_filename $WORK/squid/squid.pid
cache_log $WORK/squid/cache.log
access_log $WORK/squid/access.log
cache deny all
hosts_file $WORK/squid/hosts
dns_nameservers 127.0.0.1
shutdown_lifetime 0 seconds
auth_param basic program /usr/lib/squid/basic_ncsa_auth $WORK/squid/passwd
acl authed proxy_auth REQUIRED
acl port443 port 443
acl port9443 port 9443
acl CONNECT method CONNECT
http_access allow CONNECT port443
http_access allow CONNECT port9443 authed
http_access deny all
EOF
    bg_in hc-mid squid -N -f "$WORK/squid/squid.conf"
    wait_listen hc-mid 3128
    start_capture
    conn COMPLETED - "curl through squid (CONNECT www.lab.test:443 allowed)" "$CURL_CA -x http://10.203.1.1:3128 https://www.lab.test/"
    conn PROXY_REFUSED proxy_refused "squid denies CONNECT to port 8443 (403)" "$CURL_CA -x http://10.203.1.1:3128 https://www.lab.test:8443/"
    conn PROXY_REFUSED proxy_refused "squid wants proxy authentication for port 9443 (407)" "$CURL_CA -x http://10.203.1.1:3128 --resolve www.lab.test:9443:10.203.2.2 https://www.lab.test:9443/"
    stop_capture
}

sc_tls_interception() {
    nginx_srv "$NGINX_443"
    wait_listen hc-srv 443
    box hc-mid mitm 10.203.1.1 8443 10.203.2.2 443 "$CERTS/intercepted-chain.pem" "$CERTS/intercepted.key" "$CERTS/ca.pem"
    wait_listen hc-mid 8443
    ip netns exec hc-mid nft -f - << 'EOF'
table ip intercept {
    chain pre {
        type nat hook prerouting priority dstnat;
        ip saddr 10.203.1.2 ip daddr 10.203.2.2 tcp dport 443 redirect to :8443
    }
}
EOF
    start_capture
    conn COMPLETED - "curl from 10.203.1.3 (not intercepted): the real certificate" "$CURL_CA --interface 10.203.1.3 https://www.lab.test/"
    conn FAILED_AFTER_SERVER_HELLO tls_interception,client_rejected_server_certificate "curl from 10.203.1.2: an intercepting proxy presents a leaf of Example Corp TLS Inspection CA" "$CURL_CA --interface 10.203.1.2 https://www.lab.test/"
    conn COMPLETED - "curl from 10.203.1.2 trusting the inspection CA" "$CURL --cacert \$CERTS/corp.pem --interface 10.203.1.2 https://www.lab.test/"
    conn COMPLETED - "curl from 10.203.1.3 again" "$CURL_CA --interface 10.203.1.3 https://www.lab.test/"
    stop_capture
}

sc_tarpit() {
    nginx_srv "$NGINX_8443"
    wait_listen hc-srv 8443
    box hc-srv silent 10.203.2.2 443
    wait_listen hc-srv 443
    start_capture
    conn NO_RESPONSE server_silent_after_ack "a listener on 443 that takes the ClientHello and never answers; curl --max-time 4" "$CURL_CA --max-time 4 https://www.lab.test/"
    conn COMPLETED - "curl to the same host on 8443" "$CURL_CA https://www.lab.test:8443/"
    stop_capture
}

sc_lb_reset_after_wait() {
    nginx_srv "$NGINX_8443"
    wait_listen hc-srv 8443
    box hc-srv silent 10.203.2.2 443 3
    wait_listen hc-srv 443
    start_capture
    conn SERVER_RESET backend_unavailable,server_rejected_client_hello "a load balancer takes the ClientHello, waits 3 s for a backend, then resets" "$CURL_CA --max-time 8 https://www.lab.test/"
    conn COMPLETED - "curl to the same host on 8443" "$CURL_CA https://www.lab.test:8443/"
    stop_capture
}

sc_no_shared_group() {
    s_server_in hc-srv 10.203.2.2:443 -tls1_3 -groups secp384r1
    wait_listen hc-srv 443
    start_capture
    conn SERVER_ALERT no_shared_group_or_signature_algorithm "s_client -groups x25519 (only) to s_server -groups secp384r1 (TLS 1.3)" "$SCLIENT -tls1_3 -groups x25519 -connect 10.203.2.2:443"
    conn COMPLETED - "s_client -groups x25519:secp384r1: a HelloRetryRequest for secp384r1, then success" "$GET | $SCLIENT -tls1_3 -groups x25519:secp384r1 -connect 10.203.2.2:443 -ign_eof"
    stop_capture
}

sc_http_on_tls_port() {
    nginx_srv "server { listen 10.203.2.2:443; location / { return 200 \"plain\n\"; } }
    $NGINX_8443"
    wait_listen hc-srv 443
    start_capture
    conn NON_TLS_RESPONSE non_tls_service "curl https:// to a plain HTTP nginx on 443 (400 Bad Request)" "$CURL_CA https://www.lab.test/"
    conn COMPLETED - "curl to the TLS listener on 8443" "$CURL_CA https://www.lab.test:8443/"
    stop_capture
}

sc_incomplete_chain() {
    nginx_srv "server { listen 10.203.2.2:443 ssl; ssl_certificate $CERTS/server.pem; server_name www.lab.test; location / { return 200 \"ok\n\"; } }
    $NGINX_8443"
    wait_listen hc-srv 443
    start_capture
    conn FAILED_AFTER_SERVER_HELLO certificate_problem,client_rejected_server_certificate "nginx sends the leaf without its issuing CA; curl trusts the root only" "$CURL_CA https://www.lab.test/"
    conn COMPLETED - "the same nginx on 8443 with the full chain" "$CURL_CA https://www.lab.test:8443/"
    stop_capture
}

sc_port_closed() {
    nginx_srv "$NGINX_8443"
    wait_listen hc-srv 8443
    start_capture
    conn TCP_REFUSED port_not_listening "nothing listens on 443" "$CURL_CA https://www.lab.test/"
    conn COMPLETED - "curl to 8443" "$CURL_CA https://www.lab.test:8443/"
    stop_capture
}

sc_syn_dropped() {
    nginx_srv "$NGINX_443 $NGINX_8443"
    wait_listen hc-srv 443
    ip netns exec hc-mid iptables -A FORWARD -p tcp --dport 443 --syn -j DROP
    start_capture
    conn TCP_NO_ANSWER host_not_answering "SYNs to 443 dropped on the path; curl --connect-timeout 3" "$CURL_CA --connect-timeout 3 https://www.lab.test/"
    conn COMPLETED - "curl to 8443" "$CURL_CA https://www.lab.test:8443/"
    stop_capture
}

# ---- scenarios: ALPN, TLS roles, DTLS ---------------------------------------------------------

sc_alpn_mismatch() {
    bg_in hc-srv gnutls-serv -p 443 --http --alpn=h2 --alpn-fatal \
        --x509certfile "$CERTS/chain.pem" --x509keyfile "$CERTS/server.key"
    wait_listen hc-srv 443
    start_capture
    conn SERVER_ALERT alpn_mismatch "gnutls-cli --alpn=http/1.1 to gnutls-serv --alpn=h2 --alpn-fatal: no protocol in common, alert 120 (RFC 7301 3.2)" "$GCLI --alpn=http/1.1 -p 443 10.203.2.2"
    conn SERVER_ALERT alpn_mismatch "curl --http1.1 (ALPN http/1.1 only)" "$CURL_CA --http1.1 https://www.lab.test/"
    conn COMPLETED - "gnutls-cli --alpn=h2" "$GCLI --alpn=h2 -p 443 10.203.2.2"
    conn SERVER_ALERT alpn_mismatch "openssl s_client -tls1_2 -alpn http/1.1 (TLS 1.2)" "$SCLIENT -tls1_2 -alpn http/1.1 -connect 10.203.2.2:443"
    conn COMPLETED - "openssl s_client without ALPN (gnutls-serv does not require the extension)" "$GET | $SCLIENT -connect 10.203.2.2:443 -ign_eof"
    stop_capture
}

sc_tls_role_conflict() {
    box hc-srv tls-client 10.203.2.2 443
    s_server_in hc-srv 10.203.2.2:8443
    wait_listen hc-srv 443; wait_listen hc-srv 8443
    start_capture
    conn NON_TLS_RESPONSE role_conflict "curl to a listener whose TLS end is set up as a client (Python ssl, server_side=False): it answers the ClientHello with its own ClientHello" "$CURL_CA https://www.lab.test/"
    conn NON_TLS_RESPONSE role_conflict "openssl s_client to the same listener" "$SCLIENT -connect 10.203.2.2:443"
    conn COMPLETED - "curl to a TLS server on 8443" "$CURL_CA https://www.lab.test:8443/"
    stop_capture
}

# openssl s_client in DTLS 1.2; its standard input ends after 1 s (it closes then)
DTLS_SCLIENT='sleep 1 | openssl s_client -dtls1_2 -keylogfile $KEYLOG -CAfile $CERTS/ca.pem -verify_return_error -servername www.lab.test -verify_hostname www.lab.test'

sc_dtls12_openssl() {
    dtls_server_in hc-srv 10.203.2.2:4433
    wait_listen_udp hc-srv 4433
    start_capture "udp or icmp"
    conn COMPLETED - "openssl s_client -dtls1_2 to openssl s_server -dtls1_2 (a HelloVerifyRequest cookie round first)" "$DTLS_SCLIENT -connect 10.203.2.2:4433"
    conn COMPLETED - "gnutls-cli --udp (DTLS 1.2) to the same server" "$GCLI --udp -p 4433 10.203.2.2"
    stop_capture
}

sc_dtls_no_shared_cipher() {
    dtls_server_in hc-srv 10.203.2.2:4433 -cipher ECDHE-RSA-AES256-GCM-SHA384
    wait_listen_udp hc-srv 4433
    start_capture "udp or icmp"
    conn SERVER_ALERT no_shared_cipher_suite "s_client -dtls1_2 offering only ECDHE-RSA-AES128-GCM-SHA256 to s_server -dtls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384" "$DTLS_SCLIENT -cipher ECDHE-RSA-AES128-GCM-SHA256 -connect 10.203.2.2:4433"
    conn COMPLETED - "s_client -dtls1_2 default" "$DTLS_SCLIENT -connect 10.203.2.2:4433"
    # last: s_server serves one peer at a time, and gnutls-cli sends its ClientHello again after the alert
    conn SERVER_ALERT no_shared_cipher_suite "gnutls-cli --udp offering only AES-128-GCM (timeout 3)" "timeout 3 $GCLI --udp --priority=NORMAL:-CIPHER-ALL:+AES-128-GCM -p 4433 10.203.2.2"
    stop_capture
}

sc_dtls_server_silent() {
    bg_in hc-srv gnutls-serv --udp -p 4433 --priority 'NORMAL:-CIPHER-ALL:+AES-256-GCM' \
        --x509certfile "$CERTS/chain.pem" --x509keyfile "$CERTS/server.key"
    wait_listen_udp hc-srv 4433
    start_capture "udp or icmp"
    conn COMPLETED - "s_client -dtls1_2 default to gnutls-serv --udp (AES-256-GCM only)" "$DTLS_SCLIENT -connect 10.203.2.2:4433"
    conn NO_RESPONSE no_shared_cipher_suite,server_silent_after_ack "s_client -dtls1_2 offering only ECDHE-RSA-AES128-GCM-SHA256: gnutls-serv sends its HelloVerifyRequest, then drops the handshake without an alert; timeout 4" "timeout 4 openssl s_client -dtls1_2 -keylogfile \$KEYLOG -CAfile \$CERTS/ca.pem -servername www.lab.test -cipher ECDHE-RSA-AES128-GCM-SHA256 -connect 10.203.2.2:4433"
    stop_capture 3
}

sc_dtls_port_closed() {
    dtls_server_in hc-srv 10.203.2.2:4433
    wait_listen_udp hc-srv 4433
    start_capture "udp or icmp"
    conn NO_RESPONSE port_not_listening "s_client -dtls1_2 to UDP port 4434, where nothing listens (the host answers with an ICMP port unreachable)" "$DTLS_SCLIENT -connect 10.203.2.2:4434"
    conn COMPLETED - "s_client -dtls1_2 to port 4433" "$DTLS_SCLIENT -connect 10.203.2.2:4433"
    stop_capture
}

# ---- scenarios: QUIC -------------------------------------------------------------------------
# Kwik 0.9.1 (RFC 9000, RFC 9001, version 2 RFC 9369), server and client: lab/QuicLab.java, compiled once.
# Clients resolve www.lab.test through Java's jdk.net.hosts.file and write their TLS secrets to the key log.
KWIK_CP=""
quic_setup() {
    [[ -n "$KWIK_CP" ]] && return 0
    local m2="${HOME}/.m2/repository"
    local jars="$m2/tech/kwik/kwik/0.9.1/kwik-0.9.1.jar:$m2/tech/kwik/agent15/2.3/agent15-2.3.jar:$m2/at/favre/lib/hkdf/2.0.0/hkdf-2.0.0.jar"
    [[ -f "$m2/tech/kwik/kwik/0.9.1/kwik-0.9.1.jar" && -f "$m2/tech/kwik/agent15/2.3/agent15-2.3.jar" ]] ||
        mvn -B -q dependency:get -Dartifact=tech.kwik:kwik:0.9.1 > /dev/null || die "fetching Kwik 0.9.1 failed"
    mkdir -p "$WORK/quic"
    javac -nowarn -d "$WORK/quic" -cp "$jars" "$LAB/QuicLab.java" 2> "$LOGS/quiclab.javac.log" ||
        die "compiling lab/QuicLab.java failed: $(cat "$LOGS/quiclab.javac.log")"
    printf '10.203.2.2 www.lab.test\n' > "$WORK/quic/hosts"
    chmod -R a+rX "$WORK/quic"
    KWIK_CP="$WORK/quic:$jars"
}
# quic_server PORT ALPN retry|noretry VERSIONS: a Kwik server in hc-srv on 10.203.2.2:PORT with the lab's chain
quic_server() {
    quic_setup
    bg_in hc-srv java -cp "$KWIK_CP" QuicLab server 10.203.2.2 "$1" "$CERTS/chain.pem" "$CERTS/server.key" "$2" "$3" "$4"
    wait_listen_udp hc-srv "$1"
}
# quic_client PORT ALPN VERSION TRUST.pem TIMEOUT_S: the client command line for conn (https://www.lab.test:PORT);
# after a quic_server (which compiles the lab's Kwik program once)
quic_client() {
    printf 'java -Djdk.net.hosts.file=%s -cp %s QuicLab client https://www.lab.test:%s %s %s %s $KEYLOG %s' \
        "$WORK/quic/hosts" "$KWIK_CP" "$1" "$2" "$3" "$4" "$5"
}

sc_quic_ok() {
    quic_server 443 hq-interop noretry V1,V2
    start_capture "udp or icmp"
    conn COMPLETED - "Kwik client (QUIC version 1, ALPN hq-interop) to a Kwik server on UDP 443" "$(quic_client 443 hq-interop V1 "$CERTS/ca.pem" 5)"
    conn COMPLETED - "Kwik client in QUIC version 2 (RFC 9369) to the same server" "$(quic_client 443 hq-interop V2 "$CERTS/ca.pem" 5)"
    stop_capture
}

sc_quic_retry() {
    quic_server 443 hq-interop retry V1,V2
    start_capture "udp or icmp"
    conn COMPLETED - "the server requires a Retry (RFC 9000 section 8.1.2); the client's next Initial carries its token" "$(quic_client 443 hq-interop V1 "$CERTS/ca.pem" 5)"
    conn COMPLETED - "the same in QUIC version 2 (its Retry integrity key differs, RFC 9369 section 3.3.3)" "$(quic_client 443 hq-interop V2 "$CERTS/ca.pem" 5)"
    stop_capture
}

sc_quic_udp_blocked() {
    quic_server 443 hq-interop noretry V1
    quic_server 8443 hq-interop noretry V1
    nginx_srv "$NGINX_443"
    wait_listen hc-srv 443
    ip netns exec hc-mid nft -f - << 'EOF'
table inet quicblock {
    chain path {
        type filter hook forward priority 0; policy accept;
        ip daddr 10.203.2.2 udp dport 443 drop
    }
}
EOF
    start_capture "udp or icmp or tcp"
    conn NO_RESPONSE udp_blocked "hc-mid drops UDP 443 (nft): the Kwik client's Initials to 443 (connect timeout 4 s) get nothing back" "$(quic_client 443 hq-interop V1 "$CERTS/ca.pem" 4)"
    conn COMPLETED - "then curl over TCP 443 to the same host, as a browser falls back" "$CURL_CA https://www.lab.test/"
    conn COMPLETED - "Kwik client to UDP 8443 (not dropped)" "$(quic_client 8443 hq-interop V1 "$CERTS/ca.pem" 5)"
    stop_capture
}

sc_quic_retry_then_silent() {
    quic_server 443 hq-interop retry V1
    quic_server 8443 hq-interop retry V1
    # a Retry service in front of a backend that is down (RFC 9000 section 8.1): the server's Retry comes back,
    # the client's Initial with the token goes nowhere; hc-mid passes a client's first datagram to UDP 443 only
    ip netns exec hc-mid sysctl -qw net.netfilter.nf_conntrack_acct=1
    ip netns exec hc-mid nft -f - << 'EOF'
table inet retrysilent {
    chain path {
        type filter hook forward priority 0; policy accept;
        ip daddr 10.203.2.2 udp dport 443 ct original packets > 1 drop
    }
}
EOF
    start_capture "udp or icmp"
    conn NO_RESPONSE server_silent_after_ack,udp_blocked "the server answers the first Initial with a Retry; the client's Initial with the token (and its resends) never reach it (connect timeout 4 s)" "$(quic_client 443 hq-interop V1 "$CERTS/ca.pem" 4)"
    conn COMPLETED - "Kwik client to UDP 8443 (a Retry, then the handshake)" "$(quic_client 8443 hq-interop V1 "$CERTS/ca.pem" 5)"
    stop_capture
}

sc_quic_port_closed() {
    quic_server 443 hq-interop noretry V1
    start_capture "udp or icmp"
    conn NO_RESPONSE port_not_listening "Kwik client to UDP 444, where nothing listens: ICMP port unreachable (connect timeout 3 s)" "$(quic_client 444 hq-interop V1 "$CERTS/ca.pem" 3)"
    conn COMPLETED - "Kwik client to UDP 443" "$(quic_client 443 hq-interop V1 "$CERTS/ca.pem" 5)"
    stop_capture
}

sc_quic_alpn_mismatch() {
    quic_server 443 hq-interop noretry V1
    start_capture "udp or icmp"
    conn SERVER_ALERT alpn_mismatch "Kwik client asking for ALPN h3 from a Kwik server speaking only hq-interop: CONNECTION_CLOSE crypto error 0x178 (TLS alert 120, RFC 9001 section 8.1)" "$(quic_client 443 h3 V1 "$CERTS/ca.pem" 5)"
    conn COMPLETED - "Kwik client asking for hq-interop" "$(quic_client 443 hq-interop V1 "$CERTS/ca.pem" 5)"
    stop_capture
}

sc_quic_version_negotiation() {
    quic_server 443 hq-interop noretry V1
    start_capture "udp or icmp"
    conn SERVER_CLOSED version_mismatch "Kwik client starting in QUIC version 2 to a server of version 1 only: a Version Negotiation packet (RFC 9000 section 6); the client speaks only version 2 and gives up" "$(quic_client 443 hq-interop V2 "$CERTS/ca.pem" 5)"
    conn COMPLETED - "Kwik client in QUIC version 1" "$(quic_client 443 hq-interop V1 "$CERTS/ca.pem" 5)"
    stop_capture
}

sc_quic_client_rejects_unknown_ca() {
    quic_server 443 hq-interop noretry V1
    start_capture "udp or icmp"
    conn FAILED_AFTER_SERVER_HELLO client_rejected_server_certificate,certificate_problem "Kwik client trusting only an unrelated CA: it closes the connection with a TLS alert in a Handshake packet" "$(quic_client 443 hq-interop V1 "$CERTS/other.pem" 5)"
    conn COMPLETED - "Kwik client trusting the lab CA" "$(quic_client 443 hq-interop V1 "$CERTS/ca.pem" 5)"
    stop_capture
}

# ---- scenarios: TCP path failures -------------------------------------------------------------

# mid_pmtu_blackhole: hc-mid's link toward the client gets an MTU of 1280 while the client, its link and the server
# keep 1500 (the client advertises an MSS of 1460), and hc-mid drops the ICMP "fragmentation needed" errors it
# generates (type 3 code 4): the server's full-size segments (its certificate flight) vanish, small packets pass.
mid_pmtu_blackhole() {
    ip -n hc-mid link set m0 mtu 1280
    ip netns exec hc-mid iptables -A OUTPUT -p icmp --icmp-type fragmentation-needed -j DROP
}
mid_pmtu_restore() {
    ip -n hc-mid link set m0 mtu 1500
    ip netns exec hc-mid iptables -F OUTPUT
    ip netns exec hc-mid iptables -t mangle -F FORWARD
}

sc_pmtu_blackhole() {
    nginx_srv "$NGINX_443"
    wait_listen hc-srv 443
    mid_pmtu_blackhole
    # the tunnel's fix for one client address: its SYNs get an MSS of 1240 (1280 minus the IP and TCP headers)
    ip netns exec hc-mid iptables -t mangle -A FORWARD -s 10.203.1.3 -p tcp --tcp-flags SYN,RST SYN \
        -j TCPMSS --set-mss 1240
    start_capture
    conn NO_RESPONSE server_flight_lost "a path-MTU black hole toward the client (hc-mid m0 MTU 1280, its ICMP fragmentation-needed dropped): nginx's full-size segments (ServerHello, certificates) never arrive; curl from 10.203.1.2 (MSS 1460), --max-time 4" "$CURL_CA --interface 10.203.1.2 --max-time 4 https://www.lab.test/"
    conn COMPLETED - "curl from 10.203.1.3, whose SYN hc-mid clamps to MSS 1240" "$CURL_CA --interface 10.203.1.3 https://www.lab.test/"
    conn NO_RESPONSE server_flight_lost "openssl s_client -tls1_2 from 10.203.1.2 (timeout 4)" "timeout 4 $SCLIENT -tls1_2 -connect 10.203.2.2:443"
    conn NO_RESPONSE server_flight_lost "gnutls-cli from 10.203.1.2 (timeout 4)" "timeout 4 $GCLI -p 443 10.203.2.2"
    stop_capture
    mid_pmtu_restore
}

sc_large_segment_drop() {
    nginx_srv "$NGINX_443 $NGINX_8443"
    wait_listen hc-srv 443; wait_listen hc-srv 8443
    # a filter on the path (a broken IPS) drops the server's segments of 600 bytes or more from port 443: its
    # whole first flight (ServerHello, certificates) vanishes, its ACKs pass
    ip netns exec hc-mid iptables -A FORWARD -p tcp --sport 443 -m length --length 600:65535 -j DROP
    start_capture
    conn NO_RESPONSE server_flight_lost "a filter on the path drops the server's segments of 600 bytes or more from port 443: nothing of nginx's flight arrives, its ACK of the client's FIN shows how far it got; curl --max-time 4" "$CURL_CA --max-time 4 https://www.lab.test/"
    conn COMPLETED - "curl to the same nginx on 8443" "$CURL_CA https://www.lab.test:8443/"
    conn NO_RESPONSE server_flight_lost "openssl s_client -tls1_2 (timeout 4)" "timeout 4 $SCLIENT -tls1_2 -connect 10.203.2.2:443"
    stop_capture
}

sc_zero_window() {
    nginx_srv "$NGINX_8443"
    wait_listen hc-srv 8443
    box hc-srv stuck 10.203.2.2 443
    wait_listen hc-srv 443
    start_capture
    conn NO_RESPONSE server_zero_window "a hung server application: accepts, never reads, receive buffer at the kernel's minimum; s_client with an ffdhe8192 key share (a 1.3 KB ClientHello) stalls under the server's zero window (timeout 5)" "timeout 5 $SCLIENT -groups ffdhe8192:x25519 -connect 10.203.2.2:443"
    conn NO_RESPONSE server_silent_after_ack,server_zero_window "curl default (a ClientHello that fits the window) to the same listener; --max-time 4" "$CURL_CA --max-time 4 https://www.lab.test/"
    conn COMPLETED - "curl to nginx on 8443" "$CURL_CA https://www.lab.test:8443/"
    stop_capture
}

SCENARIOS=(
    mtls13_openssl mtls13_gnutls mtls13_untrusted_client_ca mtls12_openssl
    client_rejects_unknown_ca_tls13 client_rejects_unknown_ca_tls12 client_rejects_expired_tls13
    client_rejects_expired_tls12 client_rejects_name_mismatch_tls13 client_rejects_name_mismatch_tls12
    client_gave_up_slow_server connection_racing tls13_close_notify socks5 socks4 smtp_starttls_refused
    unknown_preamble
    nginx_tls12_only nginx_tls13_only nginx_no_shared_cipher gnutls_no_shared_cipher gnutls_protocol_version
    nginx_sni_only haproxy_strict_sni haproxy_backend_down nginx_proxy_protocol schannel_no_shared_cipher
    schannel_tls13_only_client injected_reset firewall_sni_reset sni_drop large_client_hello_dropped
    split_client_hello_reset tls13_intolerant tls10_appliance squid_connect_refused tls_interception tarpit
    http_on_tls_port incomplete_chain port_closed syn_dropped lb_reset_after_wait no_shared_group
    alpn_mismatch tls_role_conflict dtls12_openssl dtls_no_shared_cipher dtls_server_silent dtls_port_closed
    quic_ok quic_retry quic_retry_then_silent quic_udp_blocked quic_port_closed quic_alpn_mismatch quic_version_negotiation
    quic_client_rejects_unknown_ca
    pmtu_blackhole large_segment_drop zero_window
)
(($#)) && SCENARIOS=("$@")

for s in "${SCENARIOS[@]}"; do
    SC="${s//_/-}"
    N=0
    log "scenario $SC"
    "sc_$s"
    # end the client's sockets (a ClientHello a middlebox dropped is retransmitted long after its client
    # gave up), then the servers and the middlebox rules
    ip netns exec hc-cli ss -K -tn > /dev/null 2>&1 || true
    kill_started
    mid_reset
    sleep 0.5
done

log "checking every capture with tshark"
python3 "$LAB/truth.py" "$WORK/manifest.tsv" "$OUT" "$OUT/EXPECTED.tsv" ||
    { KEEP=1; die "tshark disagrees with an expectation (kept $WORK)"; }

if (($# == 0)); then
    rm -f "$HERE"/*.pcap "$HERE"/keys/*.keys
    mkdir -p "$HERE/keys"
    cp "$OUT"/*.pcap "$OUT/EXPECTED.tsv" "$HERE/"
    cp "$KEYS"/*.keys "$HERE/keys/" 2> /dev/null || true
    log "done: $(ls "$OUT"/*.pcap | wc -l) captures, $(du -ch "$HERE"/*.pcap | tail -1 | cut -f1) in $HERE"
else
    KEEP=1
    log "partial run (only $*): results left in $OUT, scenarios/ untouched"
fi
