"""Damaged and odd variants of a few fixture keys, for the differential test against Go.

Prints hex DER lines (deterministic). make.sh pipes them through a Go 1.19 program that applies
tls.parsePrivateKey and writes mutations.jsonl.
"""
import base64, random, re, sys

def der(name):
    text = open(name).read()
    body = re.search(r"-----BEGIN [^-]+-----\n(.*?)-----END", text, re.S).group(1)
    return base64.b64decode("".join(l for l in body.splitlines() if ":" not in l))

rng = random.Random(20240601)
bases = [der(n) for n in ["ecp256.sec1.pem", "ecp256.pem", "ecp224.pem", "ecp521.sec1-nopub.pem",
                          "ed25519.pem", "rsa1024.pkcs1.pem", "rsa1024.pem"]]
out = []
for b in bases:
    out.append(b)
    for _ in range(40 if len(b) > 300 else 70):
        m = bytearray(b)
        kind = rng.randrange(6)
        i = rng.randrange(len(m))
        if kind == 0:
            m[i] ^= rng.randrange(1, 256)
        elif kind == 1:
            m = m[:i]
        elif kind == 2:
            m += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5)))
        elif kind == 3:
            m.insert(i, rng.randrange(256))
        elif kind == 4:
            m[i] ^= 1 << rng.randrange(8)
        else:
            # A tag octet turned into another class, constructed bit or high tag number.
            m[i] = rng.choice([0x1f, 0x3f, 0x9f, 0xa0, 0xa1, 0xa2, 0x80, 0x81, 0x05, 0x30, 0x04, 0x03])
        out.append(bytes(m))
for o in out:
    print(o.hex())
