"""The gateway's answers for the typical uploads, through the Python package: the verdict, the
exact response body, the findings; and, for each, the same ``report/v1`` document the command
line prints for the same body (``cert-preflight check --request - --format report``)."""

from __future__ import annotations

import json
import subprocess

import pytest

import cert_preflight
from conftest import AT, Bundle

NOT_MATCHED = "The certificate and private key do not match."

# (name, body, preflight keywords, status, error_code, error_msg, finding ids (in order)).
SCENARIOS = [
    ("accepted", Bundle.body(), {}, 200, None, None, []),
    (
        "accepted_instance_with_root",
        Bundle.body(type="instance", instance_id="f0fa17893b76433ba7879892951c620e",
                    trusted_root_ca=Bundle.root),
        {"project_id": "0123456789abcdef0123456789abcdef", "domains": ["www.shop.example.com"]},
        200, None, None, [],
    ),
    ("mismatched_key", Bundle.body(private_key=Bundle.other_key), {}, 400, "APIG.2101",
     NOT_MATCHED, ["key.mismatch"]),
    ("missing_private_key", Bundle.body(private_key=None), {}, 400, "APIG.2001",
     "The request parameters must be specified,parameterName:private_key. Please refer to the support documentation",
     ["request.missing"]),
    ("missing_instance_id", Bundle.body(type="instance"), {}, 400, "APIG.2001",
     "The request parameters must be specified,parameterName:instance_id. Please refer to the support documentation",
     ["request.missing"]),
    ("bad_json", '{"name": x}', {}, 400, "APIG.2000",
     "Parameter error: Serialization error: invalid character 'x' looking for beginning of value",
     ["request.not-json"]),
    ("not_an_object", "[]", {}, 400, "APIG.2000",
     "Parameter error: Serialization error: json: cannot unmarshal array into Go value of type CertificateForm",
     ["request.not-json"]),
    ("expired", Bundle.body(), {"at": "2038-01-01T00:00:00Z"}, 400, "APIG.2102",
     "The certificate has expired.", ["chain.expired", "chain.expired"]),
    ("chain_out_of_order", Bundle.body(cert_content=Bundle.leaf + Bundle.root + Bundle.intermediate),
     {}, 400, "APIG.2104", "The certificate chain is not matched.",
     ["chain.order", "chain.contains-root"]),
    ("chain_reversed", Bundle.body(cert_content=Bundle.intermediate + Bundle.leaf), {}, 400,
     "APIG.2101", NOT_MATCHED, ["key.mismatch", "chain.order"]),
    ("encrypted_key", Bundle.body(private_key=Bundle.encrypted_key), {}, 400, "APIG.2105",
     "Encrypted private keys are not supported.", ["key.encrypted"]),
    ("domain_not_covered", Bundle.body(), {"domains": ["api.example.org"]}, 400, "APIG.2103",
     "The certificate domain name and the custom domain name do not match.", ["domain.not-covered"]),
    ("leaf_without_intermediate", Bundle.body(cert_content=Bundle.leaf), {}, 200, None, None,
     ["chain.missing-intermediate"]),
    ("expiring_soon", Bundle.body(), {"at": "2037-11-01T00:00:00Z"}, 200, None, None,
     ["time.expires-soon", "time.expires-soon"]),
]


def run(body, kw):
    kw = {"at": AT, **kw}
    return cert_preflight.preflight(body, **kw)


@pytest.mark.parametrize("name,body,kw,status,code,msg,ids", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_gateway_answer(name, body, kw, status, code, msg, ids):
    r = run(body, kw)
    assert (r.status, r.error_code, r.error_msg) == (status, code, msg)
    assert r.accepted is (status == 200)
    assert [f["id"] for f in r.findings] == ids
    for f in r.findings:
        assert list(f) == ["id", "severity", "code", "field", "block", "message", "fix", "data"]
        assert f["severity"] == ("error" if f["code"] else "warning")
        assert isinstance(f["message"], str) and f["message"]
    if code:
        assert r.detail == {"error_code": code, "error_msg": msg}
        assert [f["code"] for f in r.findings][0] == code
    else:
        assert r.detail["name"] == body["name"] and r.detail["common_name"] == "shop.example.com"


def test_accepted_detail_is_the_api_response():
    r = run(Bundle.body(), {"project_id": "p1"})
    d = r.detail
    assert list(d) == [
        "id", "name", "type", "instance_id", "project_id", "common_name", "san", "organization",
        "organizational_unit", "locality", "state", "country", "issuer", "serial_number",
        "not_before", "not_after", "signature_algorithm", "version", "is_has_trusted_root_ca",
        "create_time", "update_time",
    ]
    assert d["type"] == "global" and d["instance_id"] == "common" and d["project_id"] == "p1"
    assert d["san"] == ["shop.example.com", "www.shop.example.com"]
    assert d["issuer"] == ["Example Trust"] and d["serial_number"] == "13010"
    assert d["not_after"] == "2037-11-10T01:22:21Z" and d["signature_algorithm"] == "ECDSA-SHA256"
    assert d["create_time"] == d["update_time"] == AT and d["version"] == 3
    assert len(d["id"]) == 32 and d["is_has_trusted_root_ca"] is False


def test_str_bytes_and_dict_bodies_read_alike():
    body = Bundle.body()
    text = json.dumps(body)
    answers = [run(b, {}) for b in (body, text, text.encode(), bytearray(text.encode()))]
    assert len({json.dumps(a.to_report()) for a in answers}) == 1


@pytest.mark.parametrize("name,body,kw,status,code,msg,ids", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_report_equals_the_command_line(cli, name, body, kw, status, code, msg, ids):
    kw = {"at": AT, **kw}
    args = [str(cli), "check", "--request", "-", "--format", "report", "--at", kw["at"]]
    if "project_id" in kw:
        args += ["--project-id", kw["project_id"]]
    for d in kw.get("domains", []):
        args += ["--domain", d]
    text = body if isinstance(body, str) else json.dumps(body)
    out = subprocess.run(args, input=text.encode(), capture_output=True, check=False)
    assert out.returncode == (0 if status == 200 else 1), out.stderr
    report = cert_preflight.preflight(text, **kw).to_report()
    # The report/v1 document is the library's, the same from every front; the command line adds
    # what only it knows (its version, the input files, the time it checked for, findings located
    # in those files, its --fail-on gate).
    cli_report = json.loads(out.stdout)
    assert report == {k: cli_report[k] for k in report}
    assert set(cli_report) - set(report) == {"tool", "inputs", "checked_at", "findings", "gate"}
    assert report["schema"] == cert_preflight.REPORT_SCHEMA
    assert list(report)[:4] == ["schema", "verdict", "http_status", "body"]


def test_upload_body_equals_the_command_line(cli, bundle, tmp_path):
    messy = bundle.cert.replace("\n", "\r\n") + "\n\nsome text after the chain\n"
    (tmp_path / "c.pem").write_text(messy)
    (tmp_path / "k.pem").write_text(bundle.key)
    out = subprocess.run(
        [str(cli), "request", "--cert", str(tmp_path / "c.pem"), "--key", str(tmp_path / "k.pem"),
         "--name", "shop_example", "--at", AT],
        capture_output=True, check=True,
    )
    body = cert_preflight.upload_body(messy, bundle.key, name="shop_example", at=AT)
    assert body == json.loads(out.stdout)
    assert list(body) == ["name", "cert_content", "private_key", "type"]
    assert body["cert_content"] == bundle.cert and "\r" not in body["cert_content"]
