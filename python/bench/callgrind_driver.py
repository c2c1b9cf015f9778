"""Driver for callgrind.sh: runs `n` calls through one door (see bench_python.py for the doors)
on the benchmark body given as a file, after one warm-up call of every door."""

import json
import sys

import cert_preflight
from cert_preflight import _native

AT = "2030-01-01T00:00:00Z"
path, door, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
body = open(path).read()
body_dict = json.loads(body)
cert_preflight.preflight(body, at=AT).to_report()
cert_preflight.preflight(body_dict, at=AT)
_native._bench_rust_preflight(body, AT, 1, parse=True)
if door == "rust":
    _native._bench_rust_preflight(body, AT, n)
elif door == "rust+json":
    _native._bench_rust_preflight(body, AT, n, parse=True)
elif door == "python":
    for _ in range(n):
        cert_preflight.preflight(body, at=AT).accepted
elif door == "python-dict":
    for _ in range(n):
        cert_preflight.preflight(body_dict, at=AT).accepted
elif door == "python-all":
    for _ in range(n):
        r = cert_preflight.preflight(body, at=AT)
        r.detail, r.findings, r.to_report()
else:
    sys.exit(f"unknown door {door}")
