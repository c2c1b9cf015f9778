#!/usr/bin/env bash
# CI step for the WebAssembly package (wasm/): installs what it needs (clang for ring's C on
# wasm32 and Debian's Chromium, with apt when missing; the rustup target; the npm packages of
# wasm/package-lock.json: playwright-core, binaryen's wasm-opt, typescript; the wasm-bindgen CLI at
# the crate's version, by the build), builds the package and the page, runs the Node tests, then
# the page in headless Chromium. Any failure fails the step.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v clang >/dev/null || missing+=(clang)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
rustup target add wasm32-unknown-unknown >/dev/null

npm --prefix wasm ci --no-audit --no-fund
npm --prefix wasm run build
npm --prefix wasm test
npm --prefix wasm run test:browser
