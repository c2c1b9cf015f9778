#!/usr/bin/env bash
# Regenerates the signed worst-case chains tests/it/robustness.rs uses: for RSA-8192 (the largest
# key ring verifies) and ECDSA P-521 (the slowest curve), a root and an 11-certificate chain
# (leaf first, each certificate signed by the next, the last by the root), and the one key all
# of them share (so the key matches the leaf and every signature is real). Valid for 4000 days
# from today. Needs OpenSSL 3. Usage: tests/data/robustness/generate.sh
set -euo pipefail
cd "$(dirname "$0")"
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
chain() { # name keyfile digest
  local name=$1 key=$2 md=$3
  openssl req -x509 -new -key "$key" -"$md" -days 4000 -subj "/O=Robustness/CN=$name root" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" -out "$name-root.pem"
  local issuer="$name-root.pem" out="$d/$name-chain"
  : > "$out"
  for i in $(seq 10 -1 1); do
    openssl req -new -key "$key" -subj "/O=Robustness/CN=$name intermediate $i" -out "$d/csr"
    printf "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n" > "$d/ext"
    openssl x509 -req -in "$d/csr" -CA "$issuer" -CAkey "$key" -"$md" -days 4000 -set_serial "$i" \
      -extfile "$d/ext" -out "$d/int$i.pem" 2>/dev/null
    cat "$d/int$i.pem" "$out" > "$out.new" && mv "$out.new" "$out"
    issuer="$d/int$i.pem"
  done
  openssl req -new -key "$key" -subj "/O=Robustness/CN=$name.robustness.example" -out "$d/csr"
  printf "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:$name.robustness.example\n" > "$d/ext"
  openssl x509 -req -in "$d/csr" -CA "$issuer" -CAkey "$key" -"$md" -days 4000 -set_serial 100 \
    -extfile "$d/ext" -out "$d/leaf.pem" 2>/dev/null
  cat "$d/leaf.pem" "$out" > "$name-chain.pem"
}
[ -f rsa8192.key.pem ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:8192 -out rsa8192.key.pem 2>/dev/null
chain rsa8192 rsa8192.key.pem sha512
[ -f p521.key.pem ] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out p521.key.pem
chain p521 p521.key.pem sha512
chmod 644 ./*.pem
