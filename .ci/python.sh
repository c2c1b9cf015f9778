#!/usr/bin/env bash
# CI step for the Python package (python/): a fresh virtual environment, `pip install ./python`
# as a user would from a clean clone, the pytest suite (Go corpus, gateway scenarios against the
# command line, no-key-leak check, hypothesis properties, API), stubtest on the type stubs, and
# `maturin build --release`, which must give one abi3 wheel (its size is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

python=${PYTHON:-python3}
command -v "$python" >/dev/null || { echo "python.sh: $python not found"; exit 1; }
"$python" -c 'import sys; assert sys.version_info >= (3, 9), sys.version' \
  || { echo "python.sh: the package needs Python 3.9 or later"; exit 1; }
if ! "$python" -m venv --help >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq python3-venv
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" -m venv "$work/venv"
# shellcheck disable=SC1091
source "$work/venv/bin/activate"
python -m pip install -q --upgrade pip
python -m pip install -q maturin pytest hypothesis mypy

echo "--- pip install ./python"
python -m pip install -q ./python
python -c 'import cert_preflight; print("cert_preflight", cert_preflight.__version__, "from", cert_preflight.__file__)'

echo "--- pytest"
# Run from outside the source tree, so that the installed package is what is tested.
# The corpus: $CERT_PREFLIGHT_CORPUS or ../shared/corpus; with CI set, a missing corpus fails.
status=0
(cd "$work" && python -m pytest -q -p no:cacheprovider --rootdir "$repo/python" "$repo/python/tests") \
  || status=$?
if [ "$status" -eq 5 ]; then
  echo "python.sh: pytest collected no tests: that is a failure"
  exit 1
elif [ "$status" -ne 0 ]; then
  echo "python.sh: pytest failed (exit $status)"
  exit "$status"
fi

echo "--- stubtest (the .pyi stubs against the installed module)"
(cd "$work" && python -m mypy.stubtest cert_preflight --allowlist "$repo/python/stubtest-allowlist.txt")

echo "--- maturin build --release (abi3 wheel)"
maturin build --release -q -m python/Cargo.toml --out "$work/wheels"
wheels=("$work"/wheels/*.whl)
[ "${#wheels[@]}" -eq 1 ] || { echo "python.sh: expected one wheel, got ${#wheels[@]}"; exit 1; }
wheel=${wheels[0]}
case "$(basename "$wheel")" in
  *-abi3-*) ;;
  *) echo "python.sh: $(basename "$wheel") is not an abi3 wheel"; exit 1 ;;
esac
python - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
for want in ("cert_preflight/__init__.py", "cert_preflight/_native.pyi", "cert_preflight/py.typed"):
    assert want in names, f"{want} missing from the wheel: {names}"
assert any(n.startswith("cert_preflight/_native") and n.endswith(".so") for n in names), names
PY
echo "wheel: $(basename "$wheel"), $(stat -c %s "$wheel") bytes ($(du -h "$wheel" | cut -f1))"
