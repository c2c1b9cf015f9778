"""Shared fixtures: the repository's example bundle, the Go corpus, the command-line binary."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
KEY_FORMATS = REPO / "tests" / "data" / "key-formats"
# Inside the example bundle's validity (2026-11-28 to 2037-11-10).
AT = "2027-01-01T00:00:00Z"


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def missing(what: str) -> None:
    """Skips a test whose input is absent, except in CI, where that is a failure."""
    if in_ci():
        pytest.fail(f"{what} (CI is set: a missing input fails rather than skips)")
    pytest.skip(what)


def corpus_dir() -> pathlib.Path | None:
    """$CERT_PREFLIGHT_CORPUS, or ../shared/corpus beside the repository."""
    env = os.environ.get("CERT_PREFLIGHT_CORPUS")
    d = pathlib.Path(env) if env else REPO.parent / "shared" / "corpus"
    return d if (d / "expected" / "certs.jsonl").is_file() else None


def pem_blocks(text: str) -> list[str]:
    return re.findall(r"-----BEGIN [A-Z ]+-----.*?-----END [A-Z ]+-----\n", text, re.S)


class Bundle:
    """The example bundle: leaf + intermediate, the leaf's key, the root."""

    cert = (EXAMPLES / "bundle.pem").read_text()
    key = (EXAMPLES / "key.pem").read_text()
    root = (EXAMPLES / "root-ca.pem").read_text()
    leaf, intermediate = pem_blocks(cert)
    other_key = (KEY_FORMATS / "ecp256.pem").read_text()
    encrypted_key = (KEY_FORMATS / "ecp256.encrypted.pem").read_text()

    @classmethod
    def body(cls, **fields: str) -> dict:
        body = {"name": "shop_example", "cert_content": cls.cert, "private_key": cls.key}
        body.update(fields)
        return {k: v for k, v in body.items() if v is not None}


@pytest.fixture(scope="session")
def bundle() -> type[Bundle]:
    return Bundle


@pytest.fixture(scope="session")
def corpus() -> pathlib.Path:
    d = corpus_dir()
    if d is None:
        missing("no certificate corpus (set CERT_PREFLIGHT_CORPUS or put it at ../shared/corpus)")
    return d


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    """The `cert-preflight` binary of this checkout (built with cargo when absent or stale)."""
    cargo = shutil.which("cargo")
    if cargo is None:
        missing("cargo is not on PATH: cannot build the command line to compare with")
    subprocess.run(
        [cargo, "build", "-q", "-p", "cert-preflight-cli"], cwd=REPO, check=True
    )
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    binary = target / "debug" / "cert-preflight"
    assert binary.is_file(), binary
    return binary
