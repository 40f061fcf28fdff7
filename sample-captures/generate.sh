#!/usr/bin/env bash
# Regenerate hellocheck's sample captures and EXPECTED.tsv.
#
#   sudo bash sample-captures/generate.sh            # all scenarios
#   sudo bash sample-captures/generate.sh --keep     # keep the temp dir (certs, logs) for debugging
#
# Every scenario runs in its own private network namespace (unshare --net): only that namespace's
# loopback is used, nothing leaves the machine. tcpdump records lo while openssl s_server/s_client,
# curl and small Python listeners (gen/listeners.py) play the server and client. Afterwards
# gen/verify.py reads every capture back with tshark, checks it against what the scenario set up
# (fails loudly on any disagreement) and writes EXPECTED.tsv. Only when everything agrees are the
# files copied into sample-captures/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SELF="$HERE/$(basename "${BASH_SOURCE[0]}")"
GEN="$HERE/gen"

log() { printf '[generate] %s\n' "$*" >&2; }
die() { printf '[generate] ERROR: %s\n' "$*" >&2; exit 1; }

# --------------------------------------------------------------------------------------------
# Inside the namespace
# --------------------------------------------------------------------------------------------

PIDS=()
kill_started() {
    local p
    for p in "${PIDS[@]:-}"; do
        [[ -n "$p" ]] && kill "$p" 2>/dev/null || true
    done
    for p in "${PIDS[@]:-}"; do
        [[ -n "$p" ]] && wait "$p" 2>/dev/null || true
    done
    PIDS=()
}

netns_setup() {
    ip link set lo up
    ip link set lo mtu 1500
    # One flag at a time: a kernel that refuses one of them still gets the others switched off.
    local f
    for f in tso gso gro; do
        ethtool -K lo "$f" off 2>/dev/null || log "ethtool -K lo $f off failed (ignored)"
    done
    sysctl -qw net.ipv6.conf.lo.disable_ipv6=0 2>/dev/null || true
    if ! ip -6 addr show dev lo | grep -q '::1/128'; then
        ip -6 addr add ::1/128 dev lo 2>/dev/null || log "could not add ::1 to lo"
    fi
}

# wait_listen PORT: wait until something listens on TCP PORT (ss opens no connection).
wait_listen() {
    local port="$1" i
    for i in $(seq 100); do
        if ss -ltnH "sport = :$port" | grep -q .; then return 0; fi
        sleep 0.05
    done
    die "nothing listens on port $port"
}

# start_capture FILE [tcpdump options...]
CAP_PID=""
start_capture() {
    local file="$1"; shift
    local errlog="$LOGS/$(basename "$file").tcpdump.log"
    : > "$errlog"
    tcpdump -i lo -U -n "$@" -w "$file" tcp 2> "$errlog" &
    CAP_PID=$!
    local i
    for i in $(seq 100); do
        if grep -q 'listening on' "$errlog"; then sleep 0.2; return 0; fi
        kill -0 "$CAP_PID" 2>/dev/null || die "tcpdump died: $(cat "$errlog")"
        sleep 0.05
    done
    die "tcpdump did not start: $(cat "$errlog")"
}

# stop_capture: let the last FIN/ACKs pass, then SIGINT so tcpdump flushes and closes the file.
stop_capture() {
    sleep "${1:-1}"
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || true
    CAP_PID=""
}

# expect FILE SERVER OUTCOME ALERT CHECKS NOTE -- one line per TCP connection, in connection order.
# CHECKS is a comma list of extra facts verify.py must find (tls12, tls13, hrr, resumed, ...).
expect() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$WORK/manifest.tsv"
}

# s_server PORT_SPEC LOGNAME [options...] -- openssl s_server in -www mode with the localhost cert.
s_server() {
    local accept="$1" name="$2"; shift 2
    openssl s_server -accept "$accept" -cert "$CERTS/server.pem" -key "$CERTS/server.key" \
        -www "$@" < /dev/null > "$LOGS/$name.s_server.log" 2>&1 &
    PIDS+=($!)
    wait_listen "${accept##*:}"
}

# s_client CONNECT LOGNAME [options...] -- sends "GET /", waits for the server to close (-ign_eof).
s_client() {
    local connect="$1" name="$2"; shift 2
    printf 'GET / HTTP/1.0\r\n\r\n' |
        openssl s_client -connect "$connect" -servername localhost -CAfile "$CERTS/ca.pem" \
            -ign_eof "$@" > "$LOGS/$name.s_client.log" 2>&1
}

# s_client_fail: a client whose handshake is expected to fail (its exit status is ignored).
s_client_fail() {
    local connect="$1" name="$2"; shift 2
    openssl s_client -connect "$connect" -servername localhost -CAfile "$CERTS/ca.pem" \
        "$@" < /dev/null > "$LOGS/$name.s_client.log" 2>&1 || true
}

listener() {
    local mode="$1" host="$2" port="$3" name="$4"
    python3 "$GEN/listeners.py" "$mode" "$host" "$port" > "$LOGS/$name.listener.log" 2>&1 &
    PIDS+=($!)
    wait_listen "$port"
}

# ---- scenarios ------------------------------------------------------------------------------

sc_tls12_ok() {
    local f=tls12-ok.pcap
    s_server 4433 tls12-ok -tls1_2 -naccept 1
    start_capture "$OUT/$f"
    curl -sS -o "$LOGS/tls12-ok.curl.body" --tlsv1.2 --tls-max 1.2 --cacert "$CERTS/ca.pem" \
        --resolve localhost:4433:127.0.0.1 https://localhost:4433/ 2> "$LOGS/tls12-ok.curl.log"
    stop_capture
    grep -q 'HTTP/1.0 200 ok' "$LOGS/tls12-ok.curl.body" 2>/dev/null ||
        grep -q 'Ciphers supported' "$LOGS/tls12-ok.curl.body" || die "tls12-ok: no page received"
    expect "$f" 127.0.0.1:4433 COMPLETED - tls12,ccs_both "TLS 1.2 ECDHE handshake, curl GET / and page, clean close"
}

sc_tls13_ok() {
    # Captured with nanosecond timestamps; tls13-ok.pcap is the microsecond pcap made from it,
    # tls13-ok.pcapng the same packets as pcapng with nanosecond resolution (a copy).
    local nano="$WORK/tls13-ok.nsec.pcap"
    s_server 4433 tls13-ok -tls1_3 -naccept 1
    start_capture "$nano" --time-stamp-precision=nano
    s_client 127.0.0.1:4433 tls13-ok -tls1_3
    stop_capture
    editcap -F pcap "$nano" "$OUT/tls13-ok.pcap"
    editcap -F pcapng "$nano" "$OUT/tls13-ok.pcapng"
    expect tls13-ok.pcap 127.0.0.1:4433 COMPLETED - tls13,appdata_both "TLS 1.3 handshake, GET / and page, clean close"
    expect tls13-ok.pcapng 127.0.0.1:4433 COMPLETED - tls13,appdata_both "copy of tls13-ok.pcap as pcapng, nanosecond timestamps"
}

sc_tls13_ok_ipv6() {
    local f=tls13-ok-ipv6.pcap
    s_server '[::1]:4433' tls13-ok-ipv6 -tls1_3 -naccept 1
    start_capture "$OUT/$f"
    s_client '[::1]:4433' tls13-ok-ipv6 -tls1_3
    stop_capture
    expect "$f" '[::1]:4433' COMPLETED - tls13,appdata_both "TLS 1.3 over IPv6 ::1, GET / and page, clean close"
}

sc_tls13_hrr() {
    local f=tls13-hrr.pcap
    s_server 4433 tls13-hrr -tls1_3 -groups secp384r1 -naccept 1
    start_capture "$OUT/$f"
    s_client 127.0.0.1:4433 tls13-hrr -tls1_3 -groups x25519:secp384r1
    stop_capture
    expect "$f" 127.0.0.1:4433 COMPLETED - tls13,hrr,appdata_both "HelloRetryRequest (key_share x25519 -> secp384r1) then success"
}

sc_tls13_resumption() {
    local f=tls13-resumption.pcap
    s_server 4433 tls13-resumption -tls1_3 -naccept 2
    start_capture "$OUT/$f"
    s_client 127.0.0.1:4433 tls13-resumption-1 -tls1_3 -sess_out "$WORK/tls13.sess"
    [[ -s "$WORK/tls13.sess" ]] || die "tls13-resumption: no session ticket saved"
    s_client 127.0.0.1:4433 tls13-resumption-2 -tls1_3 -sess_in "$WORK/tls13.sess"
    stop_capture
    grep -q '^Reused' "$LOGS/tls13-resumption-2.s_client.log" || die "tls13-resumption: second session not reused"
    expect "$f" 127.0.0.1:4433 COMPLETED - tls13,appdata_both "full handshake, session ticket saved (-sess_out)"
    expect "$f" 127.0.0.1:4433 COMPLETED - tls13,appdata_both,resumed "resumed session (-sess_in, pre_shared_key accepted)"
}

sc_server_alert_40_tls12() {
    local f=server-alert-40-tls12.pcap
    s_server 4433 server-alert-40-tls12 -tls1_2 -cipher AES256-SHA -naccept 1
    start_capture "$OUT/$f"
    s_client_fail 127.0.0.1:4433 server-alert-40-tls12 -tls1_2 -cipher AES128-SHA
    stop_capture
    gzip -n -9 -c "$OUT/$f" > "$OUT/$f.gz"
    expect "$f" 127.0.0.1:4433 SERVER_ALERT handshake_failure tls12 "no shared cipher (server AES256-SHA, client AES128-SHA)"
    expect "$f.gz" 127.0.0.1:4433 SERVER_ALERT handshake_failure tls12 "gzip copy of server-alert-40-tls12.pcap"
}

sc_server_alert_40_tls13() {
    local f=server-alert-40-tls13.pcap
    s_server 4433 server-alert-40-tls13 -tls1_3 -ciphersuites TLS_AES_256_GCM_SHA384 -naccept 1
    start_capture "$OUT/$f"
    s_client_fail 127.0.0.1:4433 server-alert-40-tls13 -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256
    stop_capture
    expect "$f" 127.0.0.1:4433 SERVER_ALERT handshake_failure tls13 "no shared TLS 1.3 cipher suite (server AES_256_GCM, client AES_128_GCM)"
}

sc_server_alert_40_tls13_ipv6() {
    local f=server-alert-40-tls13-ipv6.pcap
    s_server '[::1]:4433' server-alert-40-tls13-ipv6 -tls1_3 -ciphersuites TLS_AES_256_GCM_SHA384 -naccept 1
    start_capture "$OUT/$f"
    s_client_fail '[::1]:4433' server-alert-40-tls13-ipv6 -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256
    stop_capture
    expect "$f" '[::1]:4433' SERVER_ALERT handshake_failure tls13 "IPv6 ::1, no shared TLS 1.3 cipher suite"
}

sc_server_alert_70() {
    local f=server-alert-70-protocol-version.pcap
    s_server 4433 server-alert-70 -tls1_3 -naccept 1
    start_capture "$OUT/$f"
    s_client_fail 127.0.0.1:4433 server-alert-70 -tls1_2
    stop_capture
    expect "$f" 127.0.0.1:4433 SERVER_ALERT protocol_version tls12 "server TLS 1.3 only, client TLS 1.2 only"
}

sc_client_alert_unknown_ca() {
    local f=client-alert-48-unknown-ca-tls12.pcap
    s_server 4433 unknown-ca -tls1_2 -naccept 1
    start_capture "$OUT/$f"
    # -CAfile of an unrelated CA: the client rejects the server certificate after the ServerHello.
    openssl s_client -connect 127.0.0.1:4433 -servername localhost -tls1_2 -verify_return_error \
        -CAfile "$CERTS/other-ca.pem" < /dev/null > "$LOGS/unknown-ca.s_client.log" 2>&1 || true
    stop_capture
    expect "$f" 127.0.0.1:4433 FAILED_AFTER_SERVER_HELLO unknown_ca tls12,client_alert "client rejects the certificate (CA not trusted) after the ServerHello"
}

sc_server_reset() {
    local f=server-reset.pcap
    listener reset 127.0.0.1 443 server-reset
    start_capture "$OUT/$f"
    s_client_fail 127.0.0.1:443 server-reset
    stop_capture
    expect "$f" 127.0.0.1:443 SERVER_RESET - - "listener reads the ClientHello and closes with SO_LINGER 0 (RST, no byte sent)"
}

sc_server_closed() {
    local f=server-closed.pcap
    listener fin 127.0.0.1 443 server-closed
    start_capture "$OUT/$f"
    s_client_fail 127.0.0.1:443 server-closed
    stop_capture
    # OpenSSL 3 clients answer the unexpected EOF with a fatal decode_error alert, which the closed
    # socket answers with a RST: the outcome is still decided by the server's FIN that came first.
    expect "$f" 127.0.0.1:443 SERVER_CLOSED decode_error client_alert "listener reads the ClientHello and closes (FIN, no byte sent); client then sends alert decode_error, gets RST"
}

sc_no_response() {
    local f=no-response.pcap
    listener silent 127.0.0.1 443 no-response
    start_capture "$OUT/$f"
    # The client gives up after 4 s; the listener stays silent (and open) until after the capture.
    timeout 4 openssl s_client -connect 127.0.0.1:443 -servername localhost \
        < /dev/null > "$LOGS/no-response.s_client.log" 2>&1 || true
    stop_capture 1.5
    expect "$f" 127.0.0.1:443 NO_RESPONSE - min_wait_3s "server ACKs the ClientHello and stays silent; client gives up after 4 s (FIN)"
}

sc_non_tls_response() {
    local f=non-tls-http-response.pcap
    listener http 127.0.0.1 443 non-tls
    start_capture "$OUT/$f"
    curl -sS -k -o /dev/null https://127.0.0.1:443/ 2> "$LOGS/non-tls.curl.log" || true
    stop_capture
    expect "$f" 127.0.0.1:443 NON_TLS_RESPONSE - http_reply "plain HTTP/1.1 400 Bad Request answered to the ClientHello (curl); client then resets"
}

sc_tcp_refused() {
    local f=tcp-refused-8443.pcap
    start_capture "$OUT/$f"
    curl -sS -k -o /dev/null --connect-timeout 3 https://127.0.0.1:8443/ 2> "$LOGS/tcp-refused.curl.log" || true
    stop_capture
    expect "$f" 127.0.0.1:8443 TCP_REFUSED - - "nothing listens on 8443: SYN answered by RST"
}

sc_tcp_no_answer() {
    local f=tcp-no-answer-443.pcap
    local fw=""
    if nft add table inet hellocheck 2>/dev/null &&
       nft add chain inet hellocheck input '{ type filter hook input priority 0; policy accept; }' &&
       nft add rule inet hellocheck input tcp dport 443 drop; then
        fw=nftables
    elif iptables -A INPUT -p tcp --dport 443 -j DROP 2>/dev/null; then
        fw=iptables
    else
        log "tcp-no-answer: neither nftables nor iptables works in the namespace; scenario skipped"
        echo "tcp-no-answer-443.pcap: skipped, no packet filter usable in the namespace" >> "$WORK/skipped.txt"
        return 0
    fi
    log "tcp-no-answer: SYNs to port 443 dropped with $fw"
    start_capture "$OUT/$f"
    curl -sS -k -o /dev/null --connect-timeout 4.5 https://127.0.0.1:443/ 2> "$LOGS/tcp-no-answer.curl.log" || true
    stop_capture
    expect "$f" 127.0.0.1:443 TCP_NO_ANSWER - - "SYNs to 443 dropped by $fw, client retries then gives up after 4.5 s"
}

SCENARIOS=(
    tls12_ok tls13_ok tls13_ok_ipv6 tls13_hrr tls13_resumption
    server_alert_40_tls12 server_alert_40_tls13 server_alert_40_tls13_ipv6 server_alert_70
    client_alert_unknown_ca server_reset server_closed no_response non_tls_response
    tcp_refused tcp_no_answer
)

if [[ "${1:-}" == "--in-netns" ]]; then
    SCEN="$2"; WORK="$3"
    OUT="$WORK/out"; LOGS="$WORK/logs"; CERTS="$WORK/certs"
    trap kill_started EXIT
    netns_setup
    log "scenario $SCEN"
    "sc_$SCEN"
    kill_started
    exit 0
fi

# --------------------------------------------------------------------------------------------
# Outside: tools, certificates, one namespace per scenario, copies, verification
# --------------------------------------------------------------------------------------------

KEEP=0
[[ "${1:-}" == "--keep" ]] && KEEP=1

[[ $(id -u) -eq 0 ]] || die "run as root (unshare --net, tcpdump): sudo bash $0"

# command -> Debian package
declare -A NEED=(
    [tcpdump]=tcpdump [tshark]=tshark [editcap]=wireshark-common [openssl]=openssl
    [python3]=python3 [curl]=curl [ip]=iproute2 [ss]=iproute2 [ethtool]=ethtool
    [nft]=nftables [unshare]=util-linux [timeout]=coreutils [gzip]=gzip
)
missing=()
for cmd in "${!NEED[@]}"; do
    command -v "$cmd" > /dev/null 2>&1 || missing+=("${NEED[$cmd]}")
done
if ((${#missing[@]})); then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    log "installing: ${missing[*]}"
    command -v apt-get > /dev/null || die "missing ${missing[*]} and no apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" > /dev/null ||
        die "apt-get install ${missing[*]} failed"
fi
for cmd in "${!NEED[@]}"; do
    command -v "$cmd" > /dev/null 2>&1 || die "$cmd still missing"
done
command -v iptables > /dev/null || log "iptables not installed (only a fallback for nft)"

WORK="$(mktemp -d /tmp/hellocheck-captures.XXXXXX)"
cleanup() {
    if ((KEEP)); then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
mkdir -p "$WORK/out" "$WORK/logs" "$WORK/certs"
: > "$WORK/manifest.tsv"

log "certificates in $WORK/certs"
(
    cd "$WORK/certs"
    cat > server.ext << 'EOF'
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
EOF
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout ca.key -out ca.pem \
        -subj "/O=hellocheck samples/CN=hellocheck sample CA" 2> /dev/null
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout server.key -out server.csr \
        -subj "/O=hellocheck samples/CN=localhost" 2> /dev/null
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days 3650 \
        -extfile server.ext -out server.pem 2> /dev/null
    # An unrelated CA that did not sign server.pem (for the unknown_ca scenario).
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout other-ca.key -out other-ca.pem \
        -subj "/O=somebody else/CN=unrelated CA" 2> /dev/null
    openssl verify -CAfile ca.pem server.pem > /dev/null
    ! openssl verify -CAfile other-ca.pem server.pem > /dev/null 2>&1
) || die "certificate generation failed"

for s in "${SCENARIOS[@]}"; do
    unshare --net -- bash "$SELF" --in-netns "$s" "$WORK" ||
        die "scenario $s failed (logs: rerun with --keep and look in $WORK/logs)"
done

log "verifying every capture with tshark"
python3 "$GEN/verify.py" "$WORK/manifest.tsv" "$WORK/out" "$WORK/out/EXPECTED.tsv" ||
    { KEEP=1; die "verification failed: tshark disagrees with a scenario (kept $WORK)"; }

# Replace the previous captures with the new ones.
rm -f "$HERE"/*.pcap "$HERE"/*.pcapng "$HERE"/*.pcap.gz
cp "$WORK"/out/* "$HERE"/
if [[ -s "$WORK/skipped.txt" ]]; then
    log "skipped:"; cat "$WORK/skipped.txt" >&2
fi
log "done: $(ls "$WORK/out" | wc -l) files in $HERE"
du -ch "$HERE"/*.pcap "$HERE"/*.pcapng "$HERE"/*.pcap.gz "$HERE"/EXPECTED.tsv | tail -1 >&2
