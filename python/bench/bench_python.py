#!/usr/bin/env python3
"""The Python call's overhead over the Rust pre-flight, on the `preflight/full/rsa2048` bundle.

The bundle is the library benchmark's own (benches/support/bundles.rs: RSA-2048 leaf +
intermediate, the root as trusted_root_ca, the leaf's PKCS#8 key), printed as a request body by
`cargo run --release -p cert-preflight-python --example bench_bundle`. In one process, round
after round, the same number of pre-flights is timed through each door, in alternation:

  rust         `preflight(&form, &options)` in Rust, the form parsed once (the criterion bench's
               call; `_bench_rust_preflight`, timed inside Rust without the GIL)
  rust+json    `CertificateForm::from_json(body)` then `preflight`, in Rust
  python       `cert_preflight.preflight(body_str, at=AT)`, reading `.accepted`
  python dict  the same with the body as a dict (`json.dumps` included)
  python all   `preflight(body_str)`, then `.detail`, `.findings` and `.to_report()`

Pairing round by round makes the ratios stable under the machine's changing load; the
medians of the per-round ratios are printed. Needs a release build of the package
(`pip install ./python`; `maturin develop` builds debug and is refused).

Usage: python/bench/bench_python.py [--rounds 101] [--batch-ms 4] [--criterion]
(--criterion also runs `cargo bench --bench preflight -- preflight/full/rsa2048$` for 3 s and
prints criterion's median beside the in-process figure.)
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import time
import timeit

import cert_preflight
from cert_preflight import _native

REPO = pathlib.Path(__file__).resolve().parents[2]
AT = "2030-01-01T00:00:00Z"  # the bench's clock (benches/support/bundles.rs)


def bench_body(kind: str) -> str:
    out = subprocess.run(
        ["cargo", "run", "-q", "--release", "-p", "cert-preflight-python", "--example",
         "bench_bundle", kind],
        cwd=REPO, check=True, capture_output=True, text=True,
    )
    return out.stdout.strip()


def criterion_median_us(kind: str) -> float:
    subprocess.run(
        ["cargo", "bench", "-q", "--bench", "preflight", "--", "--warm-up-time", "1",
         "--measurement-time", "3", "--noplot", f"preflight/full/{kind}$"],
        cwd=REPO, check=True, stdout=subprocess.DEVNULL,
    )
    est = REPO / "target" / "criterion" / "preflight" / "full" / kind / "new" / "estimates.json"
    return json.loads(est.read_text())["median"]["point_estimate"] / 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kind", default="rsa2048", choices=["rsa2048", "p256", "ed25519"])
    ap.add_argument("--rounds", type=int, default=101)
    ap.add_argument("--batch-ms", type=float, default=4.0)
    ap.add_argument("--criterion", action="store_true")
    args = ap.parse_args()
    if _native._debug_build:
        sys.exit("bench_python: the installed cert_preflight is a debug build; pip install ./python")

    body = bench_body(args.kind)
    body_dict = json.loads(body)
    first = cert_preflight.preflight(body, at=AT)
    assert first.accepted, first.findings

    def py_str():
        return cert_preflight.preflight(body, at=AT).accepted

    def py_dict():
        return cert_preflight.preflight(body_dict, at=AT).accepted

    def py_all():
        r = cert_preflight.preflight(body, at=AT)
        return r.detail, r.findings, r.to_report()

    # Calls per batch, from a first timing of the Python call.
    once = min(timeit.repeat(py_str, number=20, repeat=5)) / 20
    n = max(10, int(args.batch_ms / 1000 / once))
    doors = {
        "rust": lambda: _native._bench_rust_preflight(body, AT, n),
        "rust+json": lambda: _native._bench_rust_preflight(body, AT, n, parse=True),
        "python": lambda: timeit.timeit(py_str, number=n),
        "python dict": lambda: timeit.timeit(py_dict, number=n),
        "python all": lambda: timeit.timeit(py_all, number=n),
    }
    for door in doors.values():  # warm-up
        door()
    per_call = {k: [] for k in doors}
    ratios = {k: [] for k in doors if k != "rust"}
    for r in range(args.rounds):
        order = list(doors) if r % 2 == 0 else list(reversed(doors))
        secs = {k: doors[k]() for k in order}
        for k, s in secs.items():
            per_call[k].append(s / n * 1e6)
            if k != "rust":
                ratios[k].append(s / secs["rust"])

    print(f"bench: preflight/full/{args.kind}, {args.rounds} rounds of {n} calls per door, "
          f"Python {sys.version.split()[0]}, cert_preflight {cert_preflight.__version__}")
    print(f"  {'door':<12} {'median µs/call':>15} {'ratio to rust (median of rounds)':>34}")
    for k in doors:
        ratio = "1.000x" if k == "rust" else f"{statistics.median(ratios[k]):.3f}x"
        print(f"  {k:<12} {statistics.median(per_call[k]):>15.2f} {ratio:>34}")
    over = statistics.median(per_call["python"]) - statistics.median(per_call["rust"])
    print(f"  Python call overhead: {over:.2f} µs per call "
          f"(goal: python/rust within 1.3x)")
    if args.criterion:
        crit = criterion_median_us(args.kind)
        py = statistics.median(per_call["python"])
        print(f"  criterion preflight/full/{args.kind} median: {crit:.2f} µs; "
              f"python median / criterion median: {py / crit:.3f}x")


if __name__ == "__main__":
    main()
