"""The package's contract besides the verdicts: argument types and values, the clock, the
fail_on gate, reprs, inspect and upload_body, the version, the stubs."""

from __future__ import annotations

import datetime
import inspect as pyinspect
import pathlib
import threading

import pytest

import cert_preflight
from conftest import AT, Bundle

UTC = datetime.timezone.utc


def test_public_names_and_version():
    assert cert_preflight.__version__ == "0.1.0"
    assert cert_preflight.REPORT_SCHEMA == "cert-preflight/report/v1"
    assert issubclass(cert_preflight.RejectionError, ValueError)
    for name in cert_preflight.__all__:
        assert getattr(cert_preflight, name) is not None
    for f in (cert_preflight.preflight, cert_preflight.inspect, cert_preflight.upload_body):
        assert f.__doc__ and len(f.__doc__) > 100


def test_signatures_are_the_documented_ones():
    sig = pyinspect.signature(cert_preflight.preflight)
    assert str(sig) == "(body, *, at=None, project_id=None, domains=(), warn_days=30, fail_on='error')"
    sig = pyinspect.signature(cert_preflight.upload_body)
    assert list(sig.parameters)[:5] == ["cert", "key", "name", "type", "instance_id"]


def test_package_is_typed():
    pkg = pathlib.Path(cert_preflight.__file__).parent
    assert (pkg / "py.typed").is_file() and (pkg / "_native.pyi").is_file()


@pytest.mark.parametrize("at", [
    AT,
    "2027-01-01T01:00:00+01:00",
    datetime.datetime(2027, 1, 1),  # naive: UTC
    datetime.datetime(2027, 1, 1, tzinfo=UTC),
    datetime.datetime(2026, 12, 31, 19, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))),
    datetime.datetime(2027, 1, 1, 0, 0, 0, 999999),  # the fraction is dropped
])
def test_the_clock_in_every_form(at):
    r = cert_preflight.preflight(Bundle.body(), at=at)
    assert r.detail["create_time"] == "2027-01-01T00:00:00Z"


def test_default_clock_is_now():
    r = cert_preflight.preflight(Bundle.body())
    now = datetime.datetime.now(UTC).strftime("%Y-%m-%dT")
    assert r.detail["create_time"].startswith(now)


@pytest.mark.parametrize("call,exc", [
    (lambda: cert_preflight.preflight(42), TypeError),
    (lambda: cert_preflight.preflight(None), TypeError),
    (lambda: cert_preflight.preflight(["name"]), TypeError),
    (lambda: cert_preflight.preflight({"name": b"bytes"}), TypeError),  # json.dumps refuses
    (lambda: cert_preflight.preflight("{}", at=12), TypeError),
    (lambda: cert_preflight.preflight("{}", at=datetime.date(2027, 1, 1)), TypeError),
    (lambda: cert_preflight.preflight("{}", at="yesterday"), ValueError),
    (lambda: cert_preflight.preflight("{}", at="2027-13-01T00:00:00Z"), ValueError),
    (lambda: cert_preflight.preflight("{}", project_id=5), TypeError),
    (lambda: cert_preflight.preflight("{}", domains="shop.example.com"), TypeError),
    (lambda: cert_preflight.preflight("{}", domains=[1]), TypeError),
    (lambda: cert_preflight.preflight("{}", domains=5), TypeError),
    (lambda: cert_preflight.preflight("{}", warn_days=-1), ValueError),
    (lambda: cert_preflight.preflight("{}", warn_days=2**32), ValueError),
    (lambda: cert_preflight.preflight("{}", warn_days=2**80), ValueError),
    (lambda: cert_preflight.preflight("{}", warn_days=1.5), TypeError),
    (lambda: cert_preflight.preflight("{}", warn_days=True), TypeError),
    (lambda: cert_preflight.preflight("{}", fail_on="warnings"), ValueError),
    (lambda: cert_preflight.preflight("{}", fail_on=3), TypeError),
    (lambda: cert_preflight.preflight("{}", unknown=1), TypeError),
    (lambda: cert_preflight.preflight("{}", "2027-01-01T00:00:00Z"), TypeError),  # keyword-only
    (lambda: cert_preflight.inspect(42), TypeError),
    (lambda: cert_preflight.inspect(b"0" * ((1 << 20) + 1)), ValueError),
    (lambda: cert_preflight.upload_body(Bundle.cert, Bundle.key), TypeError),  # name required
    (lambda: cert_preflight.upload_body(Bundle.cert, 5, name="shop_example"), TypeError),
    (lambda: cert_preflight.upload_body(Bundle.cert, Bundle.key, name=5), TypeError),
])
def test_misuse_raises(call, exc):
    with pytest.raises(exc):
        call()


def test_a_rejection_is_a_result_not_an_exception():
    r = cert_preflight.preflight(Bundle.body(private_key=Bundle.other_key), at=AT)
    assert not r.accepted and not r.passed
    assert str(r) == "REJECTED APIG.2101 The certificate and private key do not match."
    assert repr(r) == "<cert_preflight.Result accepted=False status=400 error_code='APIG.2101' findings=1>"


def test_fail_on_gate():
    soon = {"at": "2037-11-01T00:00:00Z"}  # both certificates expire within 30 days
    gate = {f: cert_preflight.preflight(Bundle.body(), fail_on=f, **soon) for f in
            ("error", "warning", "notice")}
    assert all(r.accepted for r in gate.values())
    assert [r.passed for r in gate.values()] == [True, False, False]
    assert gate["warning"].fail_on == "warning"
    quiet = cert_preflight.preflight(Bundle.body(), at=AT, fail_on="notice")
    assert quiet.passed and quiet.findings == []
    # warn_days moves the threshold: 0 days, no warning.
    assert cert_preflight.preflight(Bundle.body(), warn_days=0, fail_on="warning", **soon).passed
    rejected = cert_preflight.preflight("{", fail_on="error")
    assert not rejected.passed


def test_properties_return_new_objects():
    r = cert_preflight.preflight(Bundle.body(), at=AT)
    r.detail["name"] = "changed"
    r.to_report()["verdict"] = "changed"
    assert r.detail["name"] == "shop_example" and r.to_report()["verdict"] == "accepted"


def test_result_cannot_be_made_or_changed_from_python():
    r = cert_preflight.preflight(Bundle.body(), at=AT)
    with pytest.raises(AttributeError):
        r.accepted = False
    with pytest.raises(TypeError):
        cert_preflight.Result()


def test_report_lists_diagnostics_and_warnings():
    r = cert_preflight.preflight(Bundle.body(private_key=Bundle.other_key,
                                             cert_content=Bundle.leaf), at=AT)
    report = r.to_report()
    assert report["verdict"] == "rejected" and report["http_status"] == 400
    assert [d["id"] for d in report["diagnostics"]] == ["key.mismatch"]
    assert [w["id"] for w in report["warnings"]] == ["chain.missing-intermediate"]
    assert [(f["id"], f["severity"]) for f in r.findings] == [
        ("key.mismatch", "error"), ("chain.missing-intermediate", "warning")]


def test_inspect():
    certs = cert_preflight.inspect(Bundle.cert.encode())
    assert [c["common_name"] for c in certs] == ["shop.example.com", "Example Issuing CA 1"]
    assert cert_preflight.inspect(Bundle.cert) == certs  # str too
    with pytest.raises(cert_preflight.RejectionError) as e:
        cert_preflight.inspect(b"hello")
    assert e.value.error_code == "APIG.2106" and e.value.status == 400
    assert e.value.result.findings[0]["id"] == "pem.not-pem"
    assert str(e.value) == "APIG.2106 Invalid certificate or private key."


def test_upload_body_options():
    body = cert_preflight.upload_body(
        Bundle.cert.encode(), Bundle.key.encode(), name="shop_example", type="instance",
        instance_id="f0fa17893b76433ba7879892951c620e", trusted_root_ca=Bundle.root, at=AT)
    assert list(body) == ["name", "cert_content", "private_key", "type", "instance_id",
                          "trusted_root_ca"]
    assert body["trusted_root_ca"] == Bundle.root
    # Out of order: refused, unless asked to fix the order.
    reversed_chain = Bundle.intermediate + Bundle.leaf
    with pytest.raises(cert_preflight.RejectionError) as e:
        cert_preflight.upload_body(reversed_chain, Bundle.key, name="shop_example", at=AT)
    assert e.value.error_code == "APIG.2101"
    fixed = cert_preflight.upload_body(reversed_chain, Bundle.key, name="shop_example", at=AT,
                                       fix_order=True)
    assert fixed["cert_content"] == Bundle.leaf + Bundle.intermediate
    # DER bytes where PEM text belongs: the gateway's APIG.2106, with how to convert.
    with pytest.raises(cert_preflight.RejectionError) as e:
        cert_preflight.upload_body(b"\x30\x82\x01\x00\x00", Bundle.key, name="shop_example", at=AT)
    assert e.value.error_code == "APIG.2106"


def test_threads_share_the_module():
    """Calls from many threads at once (the GIL is released during each) give the same answers."""
    body = Bundle.body()
    expected = cert_preflight.preflight(body, at=AT).to_report()
    answers, errors = [], []

    def work():
        try:
            for _ in range(20):
                answers.append(cert_preflight.preflight(body, at=AT).to_report())
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and len(answers) == 80
    assert all(a == expected for a in answers)


def _other_thread_progress(work, seconds=2.0):
    """How far another Python thread gets while `work()` runs in a loop in this one, with the
    interpreter's periodic GIL hand-over switched off: the other thread can then run only when
    this one releases the GIL itself."""
    import sys
    import time

    state = {"n": 0, "stop": False}

    def other():
        while not state["stop"]:
            state["n"] += 1
            time.sleep(0)  # gives the GIL back at once, so this thread never starves the other

    old = sys.getswitchinterval()
    t = threading.Thread(target=other)
    t.start()
    time.sleep(0.05)
    sys.setswitchinterval(1000.0)
    # A wait for the GIL that began under the old interval still ends with one hand-over: let
    # those pass before counting.
    time.sleep(0.05)
    try:
        start, deadline = state["n"], time.monotonic() + seconds
        while state["n"] - start < 3 and time.monotonic() < deadline:
            for _ in range(50):
                work()
        progress = state["n"] - start
    finally:
        sys.setswitchinterval(old)
        state["stop"] = True
        t.join(timeout=10)
    return progress


def test_the_gil_is_released_during_the_preflight():
    body = Bundle.body()
    assert _other_thread_progress(lambda: cert_preflight.preflight(body, at=AT)) >= 3


def test_the_gil_check_can_fail():
    """The control: pure Python work that never releases the GIL lets the other thread (almost)
    no step while the check runs, so the test above is not passing by construction."""
    def busy():
        x = 0
        for i in range(2000):
            x += i
        return x

    assert _other_thread_progress(busy, seconds=0.5) < 3
