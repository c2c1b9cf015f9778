#!/usr/bin/env python3
"""Medians and ratios from criterion's saved results, across several runs.

Each run of `cargo bench --bench preflight -- --save-baseline NAME` (add
`--features openssl-compare` for the OpenSSL rows) leaves
target/criterion/<group>/<bench>/<param>/NAME/estimates.json. This prints, for every
benchmark, the median of each run, the median over the runs, and the ratios
full/baseline-signatures and openssl/ours computed run by run (each ratio within one run,
then the median of those ratios), as a Markdown table.

Usage: benches/ratios.py [--dir target/criterion] NAME [NAME...]
       (no NAME: the latest run, `new`)
"""
import argparse
import json
import statistics
from pathlib import Path


def load(root: Path, run: str) -> dict:
    out = {}
    for est in root.glob(f"**/{run}/estimates.json"):
        bench = est.parent / "benchmark.json"
        if not bench.exists():
            continue
        full_id = json.loads(bench.read_text())["full_id"]
        out[full_id] = json.loads(est.read_text())["median"]["point_estimate"]
    return out


def fmt(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="target/criterion")
    ap.add_argument("runs", nargs="*", default=["new"])
    args = ap.parse_args()
    root = Path(args.dir)
    runs = [load(root, r) for r in args.runs]
    ids = sorted(set().union(*runs))
    print(f"| benchmark | median of {len(runs)} run(s) | runs | ratio (median of per-run ratios) |")
    print("|---|---:|---|---|")
    for bench_id in ids:
        values = [r[bench_id] for r in runs if bench_id in r]
        ratio = ""
        for prefix, other, label in (
            ("preflight/full/", "baseline/signatures/", "x signatures"),
            ("openssl/", "preflight/", "x ours"),
        ):
            if bench_id.startswith(prefix):
                rest = bench_id[len(prefix):]
                per_run = [r[bench_id] / r[other + rest] for r in runs if bench_id in r and other + rest in r]
                if per_run:
                    ratio = f"{statistics.median(per_run):.2f}{label}"
        per = ", ".join(fmt(v) for v in values)
        print(f"| `{bench_id}` | {fmt(statistics.median(values))} | {per} | {ratio} |")


if __name__ == "__main__":
    main()
