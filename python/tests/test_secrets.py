"""No key material in any output: whichever field or argument a private key is given in, it
never comes back in a repr, a str, a message, a finding, a report, a response body or an
exception (issue 16's rule). The only output that holds the key is ``upload_body``'s dict, the
body to upload, by design."""

from __future__ import annotations

import json
import re

import pytest

import cert_preflight
from conftest import AT, EXAMPLES, KEY_FORMATS, REPO, Bundle

WINDOW = 10  # 10 base64 characters: 7.5 bytes of key

KEYS = {
    "example_pkcs8_p256": (EXAMPLES / "key.pem").read_text(),
    "rsa2048_pkcs1": (REPO / "tests" / "data" / "keys" / "rsa2048.pem").read_text(),
    "p256_sec1": (KEY_FORMATS / "ecp256.sec1.pem").read_text(),
    "ed25519": (KEY_FORMATS / "ed25519.pem").read_text(),
}


def key_body(pem: str) -> str:
    """The base64 lines of a PEM key, joined."""
    return "".join(l.strip() for l in pem.splitlines() if l.strip() and not l.startswith("-----"))


def fragments(pem: str) -> set[str]:
    """Every WINDOW-character piece of every line of the key's base64."""
    out = set()
    for line in pem.splitlines():
        line = line.strip()
        if line.startswith("-----") or not line:
            continue
        out.update(line[i : i + WINDOW] for i in range(len(line) - WINDOW + 1))
    return out


def texts(obj, seen=None) -> list[str]:
    """Every string an output holds: the object's str and repr, its values, attributes."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    out = [str(obj), repr(obj)]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += texts(k, seen) + texts(v, seen)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            out += texts(v, seen)
    elif isinstance(obj, cert_preflight.Result):
        for attr in ("accepted", "status", "error_code", "error_msg", "detail", "findings",
                     "passed", "fail_on"):
            out += texts(getattr(obj, attr), seen)
        out += texts(obj.to_report(), seen)
    elif isinstance(obj, BaseException):
        out += texts(obj.args, seen)
        for attr in ("error_code", "error_msg", "status", "result"):
            if hasattr(obj, attr):
                out += texts(getattr(obj, attr), seen)
    return out


def assert_no_key(outputs, pem: str) -> None:
    secret = fragments(pem)
    for text in texts(outputs):
        for i in range(len(text) - WINDOW + 1):
            piece = text[i : i + WINDOW]
            assert piece not in secret, f"key material {piece!r} in output: {text[:200]!r}"


def outcome(call):
    """What a call gives back: its result, or the exception it raised."""
    try:
        return call()
    except Exception as e:  # noqa: BLE001 - every exception is an output to check
        return e


def doors(pem: str):
    """Every way the key can be handed to the package, as (label, call)."""
    raw = key_body(pem)
    body = Bundle.body
    bodies = {
        "private_key": body(private_key=pem),
        "private_key_mismatch": body(private_key=pem, cert_content=Bundle.leaf),
        "name": body(name=pem),
        "name_raw_base64": body(name=raw),
        "name_base64_prefix": body(name=raw[:60]),
        "type": body(type=pem),
        "type_raw_base64": body(type=raw[:64]),
        "instance_id": body(type="instance", instance_id=pem[:64]),
        "instance_id_raw": body(type="instance", instance_id=raw[:64]),
        "cert_content": body(cert_content=pem),
        "cert_content_after_chain": body(cert_content=Bundle.cert + pem),
        "trusted_root_ca": body(trusted_root_ca=pem, type="instance", instance_id="i" * 32),
        "both_fields_key": body(cert_content=pem, private_key=pem),
        "unknown_field": {**body(), "secret": pem},
    }
    for label, b in bodies.items():
        yield label, lambda b=b: cert_preflight.preflight(b, at=AT)
        yield label + "_as_str", lambda b=b: cert_preflight.preflight(json.dumps(b), at=AT)
    text = json.dumps(body(private_key=pem))
    yield "bad_json_after_key", lambda: cert_preflight.preflight(text + "x", at=AT)
    yield "bad_json_in_key", lambda: cert_preflight.preflight(text.replace("\\n", "\n"), at=AT)
    yield "truncated_json", lambda: cert_preflight.preflight(text[: len(text) // 2], at=AT)
    yield "not_json_key_itself", lambda: cert_preflight.preflight(pem, at=AT)
    yield "key_as_bytes_body", lambda: cert_preflight.preflight(pem.encode(), at=AT)
    for kw in ("project_id",):
        yield kw, lambda kw=kw: cert_preflight.preflight(Bundle.body(), at=AT, **{kw: pem})
        yield kw + "_raw", lambda kw=kw: cert_preflight.preflight(Bundle.body(), at=AT, **{kw: raw})
    yield "domain", lambda: cert_preflight.preflight(Bundle.body(), at=AT, domains=[pem])
    yield "domain_raw", lambda: cert_preflight.preflight(Bundle.body(), at=AT, domains=[raw])
    yield "at", lambda: cert_preflight.preflight(Bundle.body(), at=pem)
    yield "fail_on", lambda: cert_preflight.preflight(Bundle.body(), at=AT, fail_on=pem)
    yield "warn_days", lambda: cert_preflight.preflight(Bundle.body(), at=AT, warn_days=pem)
    yield "domains_str", lambda: cert_preflight.preflight(Bundle.body(), at=AT, domains=pem)
    yield "inspect_key", lambda: cert_preflight.inspect(pem.encode())
    yield "inspect_key_after_cert", lambda: cert_preflight.inspect((Bundle.leaf + pem).encode())
    yield "inspect_raw", lambda: cert_preflight.inspect(raw.encode())
    up = cert_preflight.upload_body
    yield "upload_key_as_cert", lambda: up(pem, pem, name="shop_example", at=AT)
    yield "upload_key_in_name", lambda: up(Bundle.cert, pem, name=pem, at=AT)
    yield "upload_key_in_type", lambda: up(Bundle.cert, pem, name="shop_example", type=pem, at=AT)
    yield "upload_mismatch", lambda: up(Bundle.cert, pem, name="shop_example", at=AT)
    yield "upload_key_as_root", lambda: up(
        Bundle.cert, Bundle.key, name="shop_example", type="instance", instance_id="i" * 32,
        trusted_root_ca=pem, at=AT)
    yield "upload_key_in_domain", lambda: up(
        Bundle.cert, Bundle.key, name="shop_example", domains=[pem], at=AT)
    # Bytes that are not PEM text (UTF-16): refused as binary, never echoed. (Junk around a PEM
    # block is read as the gateway reads it, so that upload succeeds and its body holds the key.)
    yield "upload_key_bytes_utf16", lambda: up(
        Bundle.cert, pem.encode("utf-16"), name="shop_example", at=AT)


CASES = [(k, label, call) for k, pem in KEYS.items() for label, call in doors(pem)]


@pytest.mark.parametrize("key,label,call", CASES, ids=[f"{k}-{l}" for k, l, _ in CASES])
def test_no_key_material_in_any_output(key, label, call):
    result = outcome(call)
    pem = KEYS[key]
    if label == "upload_mismatch" and key == "example_pkcs8_p256":
        # The one output meant to hold the key: the upload body of a matching bundle.
        assert result["private_key"] == pem
        return
    assert_no_key(result, pem)


def test_the_check_finds_leaks():
    """The check itself is not blind: an output holding a line of the key fails it."""
    pem = KEYS["example_pkcs8_p256"]
    with pytest.raises(AssertionError):
        assert_no_key({"message": "bad name " + key_body(pem)[5:30]}, pem)


def test_redacted_messages_still_say_what_is_wrong():
    pem = KEYS["example_pkcs8_p256"]
    r = cert_preflight.preflight(Bundle.body(name=pem), at=AT)
    assert r.error_code == "APIG.2011"
    [f] = r.findings
    # The library itself never quotes it (looks_like_key_material); the binding's own redaction
    # is the second line of defence.
    assert f["id"] == "request.name-invalid"
    assert "look like key material, not shown" in f["message"] or "[redacted]" in f["message"]
    assert f["message"].startswith("The name ")


def test_key_in_an_ordinary_result_is_not_in_repr():
    r = cert_preflight.preflight(Bundle.body(), at=AT)
    assert re.fullmatch(r"<cert_preflight\.Result accepted=True status=200 findings=0>", repr(r))
    assert_no_key(r, Bundle.key)
