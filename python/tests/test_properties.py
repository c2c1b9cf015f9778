"""Property tests: any text or bytes in any field, any body, any argument value of the right
type gives a result (or, for misuse, TypeError/ValueError), never a crash or another
exception; and every result is internally consistent."""

from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cert_preflight
from conftest import AT, Bundle

FIELDS = ["name", "cert_content", "private_key", "type", "instance_id", "trusted_root_ca"]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text near what the gateway sees: PEM pieces, the example bundle cut anywhere, JSON specials.
pem_text = st.one_of(
    st.text(),
    st.text(alphabet=string.ascii_letters + string.digits + "+/=-\n\r \t"),
    st.sampled_from([Bundle.cert, Bundle.key, Bundle.root, Bundle.leaf, Bundle.other_key]).flatmap(
        lambda s: st.tuples(st.integers(0, len(s)), st.integers(0, len(s))).map(
            lambda ij: s[: min(ij)] + s[max(ij):])
    ),
    st.sampled_from(["global", "instance", "", "\x00", "\ud800", "-----BEGIN CERTIFICATE-----"]),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | pem_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


def check(result: cert_preflight.Result) -> None:
    """What every result must satisfy, whatever the input."""
    assert isinstance(result, cert_preflight.Result)
    report = result.to_report()
    assert report["schema"] == cert_preflight.REPORT_SCHEMA
    assert report["http_status"] == result.status
    assert report["body"] == result.detail
    json.dumps(report)  # a JSON document
    findings = result.findings
    if result.accepted:
        assert result.status == 200 and result.error_code is None and result.error_msg is None
        assert all(f["severity"] != "error" for f in findings)
    else:
        assert result.status == 400 and result.error_code.startswith("APIG.")
        assert result.detail == {"error_code": result.error_code, "error_msg": result.error_msg}
        assert findings and findings[0]["severity"] == "error"
        assert findings[0]["code"] == result.error_code
        assert not result.passed
    assert repr(result).startswith("<cert_preflight.Result ")
    str(result)


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELDS), pem_text))
def test_any_text_in_any_field(fields):
    check(cert_preflight.preflight(fields, at=AT))


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELDS), pem_text), st.sampled_from(FIELDS), json_values)
def test_any_json_value_in_any_field(fields, field, value):
    fields[field] = value
    check(cert_preflight.preflight(fields, at=AT))


@SETTINGS
@given(st.binary(max_size=4096))
def test_any_bytes_as_body(body):
    check(cert_preflight.preflight(body, at=AT))


@SETTINGS
@given(st.text(max_size=4096))
def test_any_text_as_body(body):
    check(cert_preflight.preflight(body, at=AT))


@SETTINGS
@given(st.sampled_from(FIELDS), st.binary(max_size=2048))
def test_any_bytes_in_any_field_of_a_json_body(field, data):
    # Bytes decoded as Latin-1 give every byte value a place in the JSON text.
    body = Bundle.body(**{field: data.decode("latin-1")})
    check(cert_preflight.preflight(json.dumps(body, ensure_ascii=False).encode(), at=AT))


@SETTINGS
@given(
    at=st.one_of(st.none(), st.text(max_size=40), st.datetimes()),
    project_id=st.one_of(st.none(), st.text()),
    domains=st.lists(st.text(max_size=300), max_size=5),
    warn_days=st.integers(0, 2**32 - 1),
    fail_on=st.sampled_from(["error", "warning", "notice"]),
)
def test_any_option_values(at, project_id, domains, warn_days, fail_on):
    try:
        r = cert_preflight.preflight(Bundle.body(), at=at, project_id=project_id, domains=domains,
                                     warn_days=warn_days, fail_on=fail_on)
    except ValueError as e:  # an `at` string that is not RFC 3339
        assert isinstance(at, str) and "RFC 3339" in str(e)
        return
    check(r)
    assert r.fail_on == fail_on


@SETTINGS
@given(st.binary(max_size=4096))
def test_inspect_any_bytes(data):
    try:
        certs = cert_preflight.inspect(data)
    except cert_preflight.RejectionError as e:
        assert e.error_code.startswith("APIG.") and e.result.findings
    else:
        assert isinstance(certs, list)


@SETTINGS
@given(st.sampled_from(["cert", "key", "name", "type", "instance_id"]), pem_text)
def test_upload_body_any_text(which, text):
    args = {"cert": Bundle.cert, "key": Bundle.key, "name": "shop_example"}
    args[which] = text
    cert, key = args.pop("cert"), args.pop("key")
    try:
        body = cert_preflight.upload_body(cert, key, at=AT, **args)
    except cert_preflight.RejectionError as e:
        assert e.status == 400 and not e.result.accepted
    else:
        assert cert_preflight.preflight(body, at=AT).accepted


@SETTINGS
@given(st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=12)), pem_text))
def test_a_dict_reads_as_its_json_dumps(fields):
    """A dict is read exactly as the JSON text `json.dumps` makes of it (the fast path that
    serializes a dict of str in Rust must not change the gateway's reading)."""
    as_dict = cert_preflight.preflight(fields, at=AT).to_report()
    assert as_dict == cert_preflight.preflight(json.dumps(fields), at=AT).to_report()
