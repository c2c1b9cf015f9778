#!/usr/bin/env bash
# Regenerates the example bundle: an ECDSA P-256 root, intermediate and leaf (valid until late
# 2037, before the gateway's 2038-01-19 limit), the leaf's PKCS#8 key, and the root as
# trusted_root_ca. Needs OpenSSL 3. Usage: examples/generate.sh (writes into examples/).
set -euo pipefail
out=$(cd "$(dirname "$0")" && pwd)
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; cd "$d"
openssl ecparam -name prime256v1 -genkey -noout -out root.key
openssl req -x509 -new -key root.key -sha256 -days 4020 -subj "/C=DE/O=Example Trust/CN=Example Root CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out root.pem
openssl ecparam -name prime256v1 -genkey -noout -out int.key
openssl req -new -key int.key -subj "/C=DE/O=Example Trust/CN=Example Issuing CA 1" -out int.csr
printf "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n" > int.ext
openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -set_serial 4097 -sha256 -days 4010 -extfile int.ext -out int.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out leaf.key
openssl req -new -key leaf.key -subj "/C=DE/ST=Berlin/L=Berlin/O=Example Shop GmbH/OU=Web/CN=shop.example.com" -out leaf.csr
printf "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:shop.example.com,DNS:www.shop.example.com\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n" > leaf.ext
openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -set_serial 13010 -sha256 -days 4000 -extfile leaf.ext -out leaf.pem
cat leaf.pem int.pem > "$out/bundle.pem"
cp leaf.key "$out/key.pem"
cp root.pem "$out/root-ca.pem"
