#!/usr/bin/env python3
"""Regenerates the committed seed corpora in fuzz/seeds/<target>/ from the repository's examples,
fuzz/data and the shared corpus (../shared/corpus or $CERT_PREFLIGHT_CORPUS): a small, varied
selection (every source, PEM and DER, each key format), files under 8 KiB, about 0.5 MB in all.
Usage: python3 fuzz/seeds/make.py"""
import base64, hashlib, json, os, re, shutil, sys

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))
corpus = os.environ.get("CERT_PREFLIGHT_CORPUS", os.path.join(repo, "..", "shared", "corpus"))
MAX_FILE = 8 * 1024
# The private_key target's pairs, in the order of fuzz_targets/common.rs PAIRS.
PAIRS = [("examples/bundle.pem", "examples/key.pem")] + [
    (f"fuzz/data/{n}.cert.pem", f"fuzz/data/{n}.key.pem")
    for n in ["rsa2048-pkcs1", "rsa3072-pkcs8", "p384-sec1", "p521-pkcs8", "ed25519-pkcs8"]
]

def read(path):
    with open(path, "rb") as f:
        return f.read()

def pem_blocks(data):
    out = []
    for m in re.finditer(rb"-----BEGIN ([^-\r\n]*)-----\r?\n(.*?)-----END \1-----", data, re.S):
        body = b"".join(l for l in m.group(2).splitlines() if b":" not in l)
        try:
            out.append((m.group(1).decode(), base64.b64decode(body, validate=False)))
        except Exception:
            pass
    return out

def write(target, data):
    d = os.path.join(here, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)

def spread(items, n):
    """n items spread evenly over a sorted list (every source gets a share)."""
    items = sorted(items)
    if len(items) <= n:
        return items
    return [items[i * len(items) // n] for i in range(n)]

for t in ["pem_intake", "certificate", "private_key", "preflight"]:
    shutil.rmtree(os.path.join(here, t), ignore_errors=True)

manifest = []
if os.path.isdir(corpus):
    for line in open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8"):
        if line.startswith("#"):
            continue
        path, kind, fmt, _sha, size, *_ = line.rstrip("\n").split("\t")
        if int(size) <= MAX_FILE:
            manifest.append((path, kind, fmt))
else:
    print(f"corpus not found at {corpus}: seeds from the repository only", file=sys.stderr)

# pem_intake: whole files as people give them (PEM with text around blocks, bundles, DER).
local_pem = [p for pair in PAIRS for p in pair] + ["examples/root-ca.pem"]
for p in local_pem:
    write("pem_intake", read(os.path.join(repo, p)))
by_source = {}
for path, kind, fmt in manifest:
    if kind == "cert":
        by_source.setdefault((path.split("/")[0], fmt), []).append(path)
for (source, fmt), paths in sorted(by_source.items()):
    for p in spread(paths, 24 if fmt == "PEM" else 8):
        write("pem_intake", read(os.path.join(corpus, p)))

# certificate: DER certificates.
for p in local_pem:
    for label, der in pem_blocks(read(os.path.join(repo, p))):
        if label == "CERTIFICATE":
            write("certificate", der)
for (source, fmt), paths in sorted(by_source.items()):
    for p in spread(paths, 24):
        data = read(os.path.join(corpus, p))
        ders = [der for label, der in pem_blocks(data) if label == "CERTIFICATE"] if fmt == "PEM" else [data]
        for der in ders[:2]:
            write("certificate", der)

# private_key: the pick byte, then a key; matching keys for each pair, then every corpus key
# (all formats, encrypted and OpenSSH too) beside pair 0.
for i, (_cert, key) in enumerate(PAIRS):
    write("private_key", bytes([i]) + read(os.path.join(repo, key)))
for path, kind, fmt in manifest:
    if kind == "key":
        write("private_key", bytes([0]) + read(os.path.join(corpus, path)))

# preflight: JSON mode (first byte even) request bodies: every pair matching, a mismatch, the
# example with its root, fields switched, and a few request-rule failures.
def body(**fields):
    return b"\x00" + json.dumps(fields).encode()
texts = {p: read(os.path.join(repo, p)).decode() for p in local_pem}
for cert, key in PAIRS:
    write("preflight", body(name="fuzz_cert", cert_content=texts[cert], private_key=texts[key]))
c0, k0 = PAIRS[0]
write("preflight", body(name="fuzz_cert", cert_content=texts[c0], private_key=texts[k0],
                        type="instance", instance_id="0123456789abcdef0123456789abcdef",
                        trusted_root_ca=texts["examples/root-ca.pem"]))
write("preflight", body(name="fuzz_cert", cert_content=texts[c0], private_key=texts[PAIRS[1][1]]))
write("preflight", body(name="fuzz_cert", cert_content=texts[k0], private_key=texts[c0]))
leaf, inter = texts[c0].split("-----END CERTIFICATE-----\n", 1)
write("preflight", body(name="fuzz_cert", cert_content=inter + leaf + "-----END CERTIFICATE-----\n",
                        private_key=texts[k0]))
write("preflight", body(name="1x", type="other", cert_content="", private_key="x"))
write("preflight", b"\x00" + json.dumps({"name": "fuzz_cert", "cert_content": texts[c0],
                                         "private_key": texts[k0]}).encode().replace(b"\\n", b"\\\\n"))
write("preflight", b"\x01")

total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(here) for f in fs)
for t in ["pem_intake", "certificate", "private_key", "preflight"]:
    print(t, len(os.listdir(os.path.join(here, t))))
print("total bytes", total)
