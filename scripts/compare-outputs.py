#!/usr/bin/env python3
"""Runs two `cert-preflight` binaries on the same inputs and lists every output that differs.

Used to show that a refactor changes no output: the README's examples (check in every format,
inspect, request) and the shared corpus (inspect of every certificate file in text and JSON,
check --format report of every certificate/key pair). Exit status 1 when anything differs.

    python3 scripts/compare-outputs.py OLD_BINARY NEW_BINARY [--corpus ../shared/corpus]
"""
import argparse, json, os, subprocess, sys

AT = "2030-01-01T00:00:00Z"
ID = "a27be832f2e9441c8127fe48e3b5ac67"


def run(binary, args):
    p = subprocess.run([binary] + args, capture_output=True, env={**os.environ, "NO_COLOR": "1"}, timeout=60)
    return p.returncode, p.stdout, p.stderr


def cases(root, corpus):
    ex = os.path.join(root, "examples")
    cert, key, ca = (os.path.join(ex, f) for f in ("bundle.pem", "key.pem", "root-ca.pem"))
    base = ["--cert", cert, "--key", key, "--at", AT, "--id", ID, "--project-id", "p1"]
    for fmt in ("text", "json", "report"):
        yield f"check {fmt}", ["check", *base, "--format", fmt]
        yield f"check {fmt} +root", ["check", *base, "--trusted-root-ca", ca, "--type", "instance",
                                     "--instance-id", "f0fa17893b76433ba7879892951c620e", "--format", fmt]
        yield f"check {fmt} wrong key", ["check", "--cert", cert, "--key", cert, "--at", AT, "--format", fmt]
    yield "request", ["request", "--cert", cert, "--key", key, "--name", "shop_example", "--at", AT]
    for fmt in ("text", "json"):
        yield f"inspect {fmt}", ["inspect", "--format", fmt, cert, ca]
    if not corpus or not os.path.isdir(corpus):
        return
    with open(os.path.join(corpus, "expected", "certs.jsonl")) as f:
        files = sorted({json.loads(l)["path"] for l in f if l.strip()})
    for path in files:
        full = os.path.join(corpus, path)
        yield f"inspect json {path}", ["inspect", "--format", "json", full]
        yield f"inspect text {path}", ["inspect", full]
    with open(os.path.join(corpus, "expected", "pairs.jsonl")) as f:
        for line in f:
            d = json.loads(line)
            c, k = os.path.join(corpus, d["cert"]), os.path.join(corpus, d["key"])
            yield f"pair {d['cert']} {d['key']}", ["check", "--cert", c, "--key", k, "--at", AT,
                                                   "--name", "corpus_pair", "--format", "report"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--corpus", default=os.environ.get("CERT_PREFLIGHT_CORPUS", os.path.join(root, "..", "shared", "corpus")))
    a = ap.parse_args()
    total = differ = 0
    for name, args in cases(root, a.corpus):
        total += 1
        old, new = run(a.old, args), run(a.new, args)
        if old != new:
            differ += 1
            which = [n for n, o, w in zip(("status", "stdout", "stderr"), old, new) if o != w]
            print(f"DIFFERS ({', '.join(which)}): {name}")
    print(f"{total - differ} identical, {differ} differ, of {total} runs")
    sys.exit(1 if differ else 0)


main()
