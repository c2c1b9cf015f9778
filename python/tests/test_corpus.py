"""Conformance with Go 1.19 on real-world certificates, through the Python package: for every
file of the shared corpus, each CERTIFICATE block (read as Go's pem.Decode reads it) given to
``inspect`` must be accepted or refused exactly as ``x509.ParseCertificate`` did (with Go's
error text in the finding) and render every gateway field as Go did. The same comparison as
tests/corpus_certs.rs of the root crate."""

from __future__ import annotations

import json

import cert_preflight
from gopem import certificate_ders

# Gateway field -> Go oracle field.
FIELDS = {
    "common_name": "common_name",
    "san": "san",
    "organization": "organization",
    "organizational_unit": "organizational_unit",
    "locality": "locality",
    "state": "state",
    "country": "country",
    "issuer": "issuer_organization",
    "serial_number": "serial_number",
    "not_before": "not_before",
    "not_after": "not_after",
    "signature_algorithm": "signature_algorithm",
    "version": "version",
}


def compare(der: bytes, want: dict) -> list[str]:
    """The differences between our reading of one certificate and Go's."""
    go_error = want.get("parse_error")
    try:
        [fields] = cert_preflight.inspect(der)
    except cert_preflight.RejectionError as e:
        messages = " ".join(f["message"] for f in e.result.findings)
        if go_error is None:
            return [f"refused ({e}: {messages}), Go accepts"]
        if go_error not in messages:
            return [f"error {messages!r}, Go: {go_error!r}"]
        assert e.error_code == "APIG.2106" and e.status == 400
        return []
    if go_error is not None:
        return [f"accepted, Go refuses: {go_error!r}"]
    return [
        f"{ours}: {fields[ours]!r}, Go: {want[go]!r}"
        for ours, go in FIELDS.items()
        if fields[ours] != want[go]
    ]


def test_every_corpus_certificate_agrees_with_go(corpus):
    lines = (corpus / "expected" / "certs.jsonl").read_text().splitlines()
    files = certs = refused = 0
    disagreements: dict[str, list[str]] = {}
    for line in filter(str.strip, lines):
        expected = json.loads(line)
        files += 1
        data = (corpus / expected["path"]).read_bytes()
        ders = certificate_ders(data) if b"-----BEGIN" in data else [data]
        wanted = ([expected] if expected.get("der_sha256") else []) + expected.get(
            "additional_certs", []
        )
        diffs = []
        if len(ders) != len(wanted):
            diffs.append(f"{len(ders)} CERTIFICATE blocks, Go: {len(wanted)}")
        for i, (der, want) in enumerate(zip(ders, wanted), 1):
            certs += 1
            refused += want.get("parse_error") is not None
            diffs += [f"cert {i}: {d}" for d in compare(der, want)]
        if diffs:
            disagreements[expected["path"]] = diffs
    print(f"certificate corpus: {files - len(disagreements)}/{files} files agree "
          f"({certs} certificates, {refused} refused as Go refuses them)")
    assert files > 1000, "the corpus is smaller than expected"
    assert certs > 1000
    assert not disagreements, json.dumps(disagreements, indent=1)[:5000]


def test_pem_files_read_as_the_gateway_reads_cert_content(corpus):
    """``inspect`` of a whole PEM file (the gateway's reading of ``cert_content``): when every
    block parses, the fields of each are Go's."""
    checked = 0
    for line in (corpus / "expected" / "certs.jsonl").read_text().splitlines():
        expected = json.loads(line)
        data = (corpus / expected["path"]).read_bytes()
        wanted = ([expected] if expected.get("der_sha256") else []) + expected.get(
            "additional_certs", []
        )
        if b"-----BEGIN" not in data or not wanted:
            continue
        if any(w.get("parse_error") for w in wanted):
            continue
        try:
            got = cert_preflight.inspect(data)
        except cert_preflight.RejectionError:
            continue  # binary text around the blocks: APIG.2106 before any certificate
        checked += 1
        assert len(got) == len(wanted), expected["path"]
        for fields, want in zip(got, wanted):
            for ours, go in FIELDS.items():
                assert fields[ours] == want[go], (expected["path"], ours)
    assert checked > 500
