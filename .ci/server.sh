#!/usr/bin/env bash
# CI step for `cert-preflight serve`: the real Huawei Cloud SDK and otcextensions against the
# server (pytest, in a venv made here), then the bounded load test. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }

step "server: build the cert-preflight binary and the load client"
cargo build -p cert-preflight-cli -p cert-preflight-server --bins --examples
export CERT_PREFLIGHT_BIN="$PWD/target/debug/cert-preflight"

step "server: Python SDK tests (huaweicloudsdkapig, otcextensions)"
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
venv="${SERVER_VENV:-$tmp/venv}"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  pytest huaweicloudsdkcore huaweicloudsdkapig otcextensions
set +e
"$venv/bin/pytest" -q -p no:cacheprovider server/tests/python
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "!!! pytest collected no tests: that is a failure here"
  exit 1
fi
[ "$status" = 0 ] || exit "$status"

step "server: load test (32 clients, 10,000 mixed requests, bounded)"
timeout 300 target/debug/examples/load --clients 32 --requests 10000
