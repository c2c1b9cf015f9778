#!/bin/sh
# Regenerates the key-format fixtures (OpenSSL 3, OpenSSH). Run from this directory: sh make.sh
# Each KEY.pem has KEY.pub.der, the public key OpenSSL derives, as SubjectPublicKeyInfo DER.
set -eu
rm -f *.pem *.der *.key
pub() { openssl pkey -in "$1.pem" -pubout -outform DER -out "$1.pub.der"; }

for bits in 1024 2048 3072 4096; do
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:$bits -out rsa$bits.pem 2>/dev/null
  openssl rsa -in rsa$bits.pem -traditional -out rsa$bits.pkcs1.pem 2>/dev/null
  pub rsa$bits
done
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_primes:3 -out rsa3prime.pem 2>/dev/null
openssl rsa -in rsa3prime.pem -traditional -out rsa3prime.pkcs1.pem 2>/dev/null
pub rsa3prime
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_pubexp:3 -out rsa2048e3.pem 2>/dev/null
pub rsa2048e3

for c in P-224 P-256 P-384 P-521; do
  n=$(echo $c | tr -d '-' | tr 'P' 'p')
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:$c -out ec$n.pem
  openssl ec -in ec$n.pem -out ec$n.sec1.pem 2>/dev/null
  openssl ec -in ec$n.pem -no_public -out ec$n.sec1-nopub.pem 2>/dev/null
  pub ec$n
done
openssl ec -in ecp256.pem -param_enc explicit -out ecp256.explicit.sec1.pem 2>/dev/null
openssl pkey -in ecp256.explicit.sec1.pem -out ecp256.explicit.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 -out secp256k1.pem
openssl ec -in secp256k1.pem -out secp256k1.sec1.pem 2>/dev/null

openssl genpkey -algorithm ED25519 -out ed25519.pem
pub ed25519
openssl genpkey -algorithm ED448 -out ed448.pem
openssl genpkey -algorithm X25519 -out x25519.pem
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out rsapss.pem 2>/dev/null
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out dsaparam.tmp 2>/dev/null
openssl genpkey -paramfile dsaparam.tmp -out dsa.pem
openssl dsa -in dsa.pem -out dsa.traditional.pem 2>/dev/null
rm dsaparam.tmp

# A self-signed certificate for every key Go can use.
for k in rsa1024 rsa2048 rsa3072 rsa4096 rsa3prime rsa2048e3 ecp224 ecp256 ecp384 ecp521 ed25519; do
  openssl req -x509 -new -key $k.pem -subj /CN=$k -days 30 -out $k.cert.pem 2>/dev/null
done

openssl pkey -in ecp256.pem -aes256 -passout pass:secret -out ecp256.encrypted.pem
openssl rsa -in rsa2048.pem -traditional -aes128 -passout pass:secret -out rsa2048.legacy-encrypted.pem 2>/dev/null
openssl pkey -in rsa2048.pem -outform DER -out rsa2048.der

openssl pkcs12 -export -in rsa2048.cert.pem -inkey rsa2048.pem -passout pass:secret -out rsa2048.p12.der
ssh-keygen -q -t ed25519 -N "" -C fixture -f openssh-ed25519.key
rm -f openssh-ed25519.key.pub

# Go's answers (Go 1.19, the corpus oracle): every key against its own certificate, rsa2048's
# and ecp256's. Needs Go; the oracle is ../../../../shared/tools/go-oracle or $ORACLE.
ORACLE=${ORACLE:-/work/shared/tools/go-oracle}
here=$(pwd)
for k in *.pem *.der *.key; do
  case $k in *.cert.pem|*.pub.der) continue;; esac
  own=${k%%.*}.cert.pem
  [ -f "$own" ] && printf '%s\t%s\town\n' "$here/$own" "$here/$k"
  printf '%s\t%s\trsa2048\n' "$here/rsa2048.cert.pem" "$here/$k"
  printf '%s\t%s\tecp256\n' "$here/ecp256.cert.pem" "$here/$k"
done > pairs.tsv
(cd "$ORACLE" && go run . pairs -list "$here/pairs.tsv") | sed "s#$here/##g" > expected.jsonl
rm pairs.tsv

# Damaged and odd variants of a few keys (mutate.py), with Go 1.19's tls.parsePrivateKey verdict
# and public key (goparse/).
(cd goparse && go build -o /tmp/goparse-key .)
python3 mutate.py | /tmp/goparse-key > mutations.jsonl
