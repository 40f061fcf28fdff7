#!/bin/sh
# Test certificates for CertificateInfoTest, made with OpenSSL; each NAME.der has NAME.openssl.txt beside it,
# what `openssl x509 -noout -subject -issuer -dates -serial -ext ... -fingerprint -sha256` prints of it
# (the test's expectations, independent of Java). Re-running makes new keys, dates and fingerprints: the
# test reads the .txt files, so it needs no edit. Private keys are not kept.
set -e
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/ca.key" -days 3650 -sha256 \
  -subj "/C=DE/O=hellocheck tests/CN=Test Root CA" -addext "basicConstraints=critical,CA:TRUE" \
  -outform DER -out ca.der
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/leaf.key" \
  -subj "/C=US/O=Example, Inc./CN=www.example.com" -out "$tmp/leaf.csr"
printf 'subjectAltName=DNS:*.example.com,DNS:example.net,IP:192.0.2.7\nbasicConstraints=CA:FALSE\n' > "$tmp/ext"
openssl x509 -req -in "$tmp/leaf.csr" -CA ca.der -CAform DER -CAkey "$tmp/ca.key" -CAcreateserial \
  -CAserial "$tmp/serial" -days 1 -sha256 -extfile "$tmp/ext" -outform DER -out leaf.der
openssl req -x509 -newkey ed25519 -nodes -keyout "$tmp/ed.key" -days 30 -subj "/CN=ed.example" \
  -outform DER -out ed25519.der
for n in ca leaf ed25519; do
  openssl x509 -inform DER -in $n.der -noout -subject -issuer -dates -serial -ext subjectAltName,basicConstraints \
    -fingerprint -sha256 -nameopt RFC2253 > $n.openssl.txt
  openssl x509 -inform DER -in $n.der -noout -text | grep -E 'Public-Key|Public Key Algorithm' >> $n.openssl.txt
done
# A self-signed root whose key has explicit curve parameters (RFC 5480 2.1.1 forbids them; Java refuses it).
openssl ecparam -name prime256v1 -param_enc explicit -genkey -noout -out "$tmp/explicit.key"
openssl req -x509 -key "$tmp/explicit.key" -days 30 -sha256 -subj "/C=HR/O=hellocheck tests/CN=Explicit Curve Root" \
  -outform DER -out explicit-ec.der
openssl x509 -inform DER -in explicit-ec.der -noout -subject -issuer -dates -serial -ext subjectAltName,basicConstraints \
  -fingerprint -sha256 -nameopt RFC2253 > explicit-ec.openssl.txt
openssl x509 -inform DER -in explicit-ec.der -noout -text | grep -E 'Public-Key|Public Key Algorithm|Field Type' \
  >> explicit-ec.openssl.txt
# An RSA leaf whose keyUsage has keyEncipherment only (no digitalSignature: it may not sign a ServerKeyExchange or a
# CertificateVerify, RFC 5280 4.2.1.3; Chromium refuses it with ERR_SSL_KEY_USAGE_INCOMPATIBLE), and the CA that
# issued it, sent together as a whole chain.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/ku-ca.key" -days 3650 -sha256 \
  -subj "/C=DE/O=hellocheck tests/CN=Key Usage Test CA" -addext "basicConstraints=critical,CA:TRUE" \
  -outform DER -out ku-ca.der
openssl req -new -newkey rsa:2048 -nodes -keyout "$tmp/ku.key" -subj "/O=hellocheck tests/CN=ku.example" \
  -out "$tmp/ku.csr"
printf 'subjectAltName=DNS:ku.example\nbasicConstraints=CA:FALSE\nkeyUsage=critical,keyEncipherment\n' > "$tmp/ku.ext"
openssl x509 -req -in "$tmp/ku.csr" -CA ku-ca.der -CAform DER -CAkey "$tmp/ku-ca.key" -CAcreateserial \
  -CAserial "$tmp/ku-serial" -days 3650 -sha256 -extfile "$tmp/ku.ext" -outform DER -out ku-keyencipherment.der
openssl x509 -inform DER -in ku-keyencipherment.der -noout -subject -issuer -ext keyUsage -nameopt RFC2253 \
  > ku-keyencipherment.openssl.txt
