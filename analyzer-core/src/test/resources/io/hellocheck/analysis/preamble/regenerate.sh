#!/bin/sh
# Writes the preamble and decoding fixtures (PreambleFixtures) with the test writer and saves tshark's view of
# each as NAME.tsv here: the command, the SHA-256 of the file tshark read, then tshark's fields, one row per frame.
# A fixture whose TLS tshark does not find by itself (a port it does not know, TLS after RDP's negotiation) also
# gets NAME.decoded.tsv, the same fields with its decode-as option (PreambleFixtures' decodeAs, written by the
# test beside the capture as NAME.decode-as).
# Run from the repository root: sh analyzer-core/src/test/resources/io/hellocheck/analysis/preamble/regenerate.sh
set -eu
here=analyzer-core/src/test/resources/io/hellocheck/analysis/preamble
dir=$(mktemp -d)
mvn -B -o -q test -pl analyzer-core -Dtest='PreambleFixturesTest#writeFixtures' \
    -Dhellocheck.excludedGroups= -Dhellocheck.groups=fixture-writer \
    -Dhellocheck.writeFixtures="$dir" -Dsurefire.failIfNoSpecifiedTests=false
version=$(tshark --version 2>/dev/null | head -1 | sed 's/ (Git.*//')
fields="-e frame.number -e frame.cap_len -e frame.len -e tcp.stream -e tcp.srcport -e tls.handshake.type -e tls.handshake.version -e tls.handshake.random -e tls.handshake.session_id_length -e tls.handshake.ciphersuite -e tls.handshake.extensions_server_name -e tls.handshake.extension.type -e tls.handshake.extensions.supported_version -e socks.version -e socks.command -e socks.results -e socks.remote_name -e socks.dstport -e socks.auth_accepted_method -e socks.auth_status -e rdp.negReq.requestedProtocols -e rdp.negReq.selectedProtocol -e rdp.negFailure.failureCode -e smtp.req.command -e smtp.response.code -e imap.request.command -e imap.response.status -e pop.request.command -e pop.response.indicator -e ftp.request.command -e ftp.response.code -e _ws.malformed -e _ws.expert.message"
for f in "$dir"/*.pcap; do
    name=$(basename "$f" .pcap)
    table() {
        cmd="tshark -n -o tcp.reassemble_out_of_order:TRUE $1 -r $name.pcap -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=, $fields"
        echo "# $cmd   # $version"
        echo "# sha256 $name.pcap $(sha256sum "$f" | cut -d' ' -f1)"
        (cd "$dir" && $cmd 2>/dev/null)
    }
    table "" > "$here/$name.tsv"
    if [ -s "$dir/$name.decode-as" ]; then
        table "-d $(cat "$dir/$name.decode-as")" > "$here/$name.decoded.tsv"
    fi
done
rm -r "$dir"
