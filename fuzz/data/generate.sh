#!/usr/bin/env bash
# Regenerates the fixed certificate/key pairs the `private_key` and `preflight` fuzz targets (and
# tests/it/secrets.rs) use: one self-signed leaf per key algorithm and encoding the gateway takes,
# valid for 4000 days from today (the fuzzers pretend it is 2030-01-01; keep the files made after
# 2026-11 and before 2027-01, or adjust the fuzzers' clock), with a SAN. Needs OpenSSL 3.
# Usage: fuzz/data/generate.sh
set -euo pipefail
cd "$(dirname "$0")"
cert() { # name keyfile
  openssl req -x509 -new -key "$2" -subj "/O=Fuzz/CN=$1.fuzz.example" \
    -addext "subjectAltName=DNS:$1.fuzz.example" -days 4000 -out "$1.cert.pem"
}
openssl genrsa -traditional -out rsa2048-pkcs1.key.pem 2048 2>/dev/null
cert rsa2048-pkcs1 rsa2048-pkcs1.key.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out rsa3072-pkcs8.key.pem 2>/dev/null
cert rsa3072-pkcs8 rsa3072-pkcs8.key.pem
openssl ecparam -name secp384r1 -genkey -noout -out p384-sec1.key.pem
cert p384-sec1 p384-sec1.key.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out p521-pkcs8.key.pem
cert p521-pkcs8 p521-pkcs8.key.pem
openssl genpkey -algorithm ED25519 -out ed25519-pkcs8.key.pem
cert ed25519-pkcs8 ed25519-pkcs8.key.pem
chmod 644 ./*.pem
