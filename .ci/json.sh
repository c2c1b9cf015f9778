#!/usr/bin/env bash
# CI step for the request-body decoder (docs/json.md): the committed Go fixture must be exactly
# what Go's encoding/json answers today (the oracle is built and run again, and its output
# compared byte for byte), and our decoder must equal it on every body.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v go >/dev/null 2>&1; then
  echo "installing golang-go (Debian's Go; the target is Go 1.19)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq golang-go >/dev/null
fi
go version
case "$(go version)" in
  *" go1.19"*) ;;
  *) echo "note: not Go 1.19; encoding/json's messages for these bodies are unchanged up to 1.22 (docs/json.md)" ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOCACHE="${GOCACHE:-$work/gocache}" GOPATH="${GOPATH:-$work/gopath}" GOTOOLCHAIN=local GOFLAGS=

(
  cd tools/go-json-oracle
  unformatted=$(gofmt -l .)
  [ -z "$unformatted" ] || { echo "gofmt: $unformatted"; exit 1; }
  go vet .
  go build -o "$work/go-json-oracle" .
)
"$work/go-json-oracle" fixture tests/data/json/cases.txt >"$work/go-unmarshal.jsonl"
if ! cmp -s "$work/go-unmarshal.jsonl" tests/data/json/go-unmarshal.jsonl; then
  echo "tests/data/json/go-unmarshal.jsonl is not what Go answers now; first differences:"
  diff <(cut -c1-300 tests/data/json/go-unmarshal.jsonl) <(cut -c1-300 "$work/go-unmarshal.jsonl") | head -40 || true
  echo "regenerate it (docs/json.md) or find out why Go changed"
  exit 1
fi
echo "fixture: $(wc -l <tests/data/json/go-unmarshal.jsonl) bodies, identical to Go's answers"

# The response bytes (issue 12): Go's json.Marshal of every detail the test compares, made again.
cargo test -p cert-preflight --test it go_marshal::generate_go_marshal_input -- --ignored --quiet
"$work/go-json-oracle" marshal <target/go-marshal-input.jsonl >"$work/go-marshal.jsonl"
if ! cmp -s "$work/go-marshal.jsonl" tests/data/json/go-marshal.jsonl; then
  echo "tests/data/json/go-marshal.jsonl is not what Go's json.Marshal writes now"
  diff <(cut -c1-300 tests/data/json/go-marshal.jsonl) <(cut -c1-300 "$work/go-marshal.jsonl") | head -20 || true
  exit 1
fi
cargo test -p cert-preflight --test it go_marshal::response_bytes_are_gos_json_marshal -- --nocapture

cargo test -p cert-preflight --test it json_go
cargo test -p cert-preflight --lib form::

# A larger run than the fixture: 20,000 more mutants (seed JSON_SEED, 1 unless set), Go's
# answers made now, the same two comparisons (fields or exact text; error kind and offset).
seed=${JSON_SEED:-1}
"$work/go-json-oracle" mutants tests/data/json/cases.txt 20000 "$seed" >"$work/mutants.jsonl"
echo "20000 mutants from seed $seed"
JSON_GO_ANSWERS="$work/mutants.jsonl" cargo test -p cert-preflight --test it json_go::every_body_reads_as_go_reads_it
JSON_GO_ANSWERS="$work/mutants.jsonl" cargo test -p cert-preflight --lib kinds_and_offsets_as_go_gives_them
