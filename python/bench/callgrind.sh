#!/usr/bin/env bash
# Instructions per call through each door, counted by callgrind (repeatable whatever the load on
# the machine, unlike times): each door run with 0 and with N calls, the difference over N.
# Needs valgrind and a release build of the package in the active Python (pip install ./python).
# Usage: python/bench/callgrind.sh [N=200] [rsa2048|p256|ed25519]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-200}
kind=${2:-rsa2048}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$here/../.." && cargo run -q --release -p cert-preflight-python --example bench_bundle "$kind") >"$work/body.json"
count() { # door calls -> instructions
  valgrind --tool=callgrind --callgrind-out-file="$work/out" python "$here/callgrind_driver.py" \
    "$work/body.json" "$1" "$2" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
rust=""
printf '%-12s %14s %10s\n' door "instr/call" "to rust"
for door in rust rust+json python python-dict python-all; do
  per=$(( ($(count "$door" "$n") - $(count "$door" 0)) / n ))
  [ -n "$rust" ] || rust=$per
  printf '%-12s %14d %9.3fx\n' "$door" "$per" "$(echo "$per / $rust" | bc -l)"
done
